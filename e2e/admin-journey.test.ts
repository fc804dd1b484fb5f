import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../packages/server/src/server.js';

/**
 * Administrators' main paths through the real server and the built web app, in Debian's Chromium:
 * the system administrator adds a division under a department and finds it again by a search
 * without diacritics, then looks at the users and the audit trail; a unit administrator adds a
 * user, who must change the issued password before using anything. Screenshots land in
 * test-results/ for a human to look at.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'packages/web');
const SHOTS = join(ROOT, 'test-results');
const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'Demo@12345';

const noBrowser = !existsSync(CHROMIUM);
if (noBrowser && !process.env.CI) {
  console.warn(`[e2e] SKIPPED: ${CHROMIUM} not found (apt-get install chromium). In CI this test fails instead.`);
}

/** Builds the web app when its sources are newer than the build, so the journey never tests stale code. */
function ensureWebBuild(): void {
  const built = join(WEB, 'dist/index.html');
  const newest = (path: string): number =>
    statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name)))) : statSync(path).mtimeMs;
  const sources = [join(WEB, 'src'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), join(ROOT, 'packages/core/src')];
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest))) return;
  // Vitest sets NODE_ENV=test, which Vite would pass on, building React and antd in development mode.
  execFileSync('npm', ['run', 'build', '-w', '@baocao/web'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

/** Waits until no spinner is left, so a screenshot shows the data and not a loading veil. */
async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
  await page.mouse.move(0, 0);
}

describe.skipIf(noBrowser && !process.env.CI)('admin journey (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let context: BrowserContext;
  let page: Page;
  const dirs: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (noBrowser) throw new Error(`Chromium is required at ${CHROMIUM} in CI`);
    ensureWebBuild();
    mkdirSync(SHOTS, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'baocao-e2e-data-'));
    const profile = mkdtempSync(join(tmpdir(), 'baocao-e2e-chromium-'));
    dirs.push(dataDir, profile);
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, mode: 'demo', logLevel: 'warn', webDist: join(WEB, 'dist') });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1440, height: 900 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (msg) => {
      // A 401 from GET /auth/session before signing in is expected; Chromium logs every 4xx.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`console: ${msg.text()}`);
    });
  }, 180_000);

  // A failing step leaves a picture of what the browser showed.
  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(async () => {
      await page?.screenshot({ path: join(SHOTS, `failed-${task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => undefined);
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in, adds a unit under a department, finds it in the tree, sees users and the audit trail', async () => {
    const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
    const name = 'Phòng Kiểm thử Tự động';

    // Sign in.
    await page.goto(`${server.url}/`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/dang-nhap');
    await page.getByRole('heading', { name: 'Hệ thống thông tin báo cáo' }).waitFor();
    await page.getByText('THÀNH PHỐ HẢI PHÒNG').waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'login.png'), animations: 'disabled' });
    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Mật khẩu').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng').waitFor();
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();

    // The units page, with the signed-in user in the header.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/don-vi');
    await page.getByText('Quản trị hệ thống · Thành phố Hải Phòng').waitFor();
    const tree = page.getByRole('tree');
    await tree.locator('[data-unit-code="DEMO-STC"]').waitFor();

    // Find the department without diacritics and select it.
    const search = page.getByPlaceholder('Tìm theo tên hoặc mã đơn vị');
    await search.fill('so tai chinh');
    await tree.locator('[data-unit-code="DEMO-STC"]').click();
    await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click();

    // Add a division under it.
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Thêm đơn vị trực thuộc “Sở Tài chính”').waitFor();
    await dialog.getByLabel('Mã đơn vị').fill(code);
    await dialog.getByLabel('Tên đơn vị').fill(name);
    await dialog.locator('.ant-select').filter({ hasText: 'Phòng, ban' }).waitFor();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText(`Đã thêm đơn vị ${name}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    // The new unit is selected and its branch opened in the tree, with its parent and first history entry.
    await tree.locator(`[data-unit-code="${code}"]`).waitFor();
    await expect.poll(() => page.locator('.ant-descriptions').textContent()).toContain(code);
    await expect.poll(() => page.locator('.ant-descriptions').textContent()).toContain('Sở Tài chính');
    await page.getByRole('cell', { name: 'Tạo mới' }).waitFor();

    // Search for it, again without diacritics: the tree narrows to it and marks the match.
    await search.fill('phong kiem thu tu dong');
    const found = tree.locator(`[data-unit-code="${code}"]`);
    await found.waitFor();
    await expect.poll(() => found.locator('mark').textContent()).toBe(name);
    await page.getByText('1 đơn vị phù hợp').waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'units-created.png'), animations: 'disabled' });

    // Users of the city, the department's demo accounts among them.
    await page.getByRole('menuitem', { name: 'Người dùng' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/nguoi-dung');
    await page.getByRole('cell', { name: 'quantri.stc', exact: true }).waitFor();
    await expect.poll(() => page.locator('.ant-table').textContent()).toContain('Quản trị đơn vị');
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'users.png'), animations: 'disabled' });

    // The audit trail records the new unit, with a readable action label.
    await page.getByRole('menuitem', { name: 'Nhật ký' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/nhat-ky');
    await page.getByRole('cell', { name: 'Thêm đơn vị', exact: true }).first().waitFor();
    await expect.poll(() => page.locator('.ant-table').textContent()).toContain('Nguyễn Văn Quản');
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'audit.png'), animations: 'disabled' });

    // Sign out returns to the login page.
    await page.getByRole('button', { name: 'Nguyễn Văn Quản' }).click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/dang-nhap');

    expect(problems).toEqual([]);
  });

  it('a unit administrator adds a user, who must change the issued password before anything else', async () => {
    const username = `chuyenvien.e2e${Date.now() % 1_000_000}`;
    const issued = 'CapMoi2025x';

    await page.goto(`${server.url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('quantri.stc');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Quản trị đơn vị · Sở Tài chính').waitFor();

    // The unit administrator's tree starts at their department.
    const tree = page.getByRole('tree');
    await tree.locator('[data-unit-code="DEMO-STC"]').waitFor();
    expect(await tree.locator('[data-unit-code="31"]').count()).toBe(0);

    await page.getByRole('menuitem', { name: 'Người dùng' }).click();
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên đăng nhập').fill(username);
    await dialog.getByLabel('Họ và tên').fill('Đỗ Thị Kiểm Thử');
    await dialog.getByLabel('Mật khẩu ban đầu').fill('ngan');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Tối thiểu 10 ký tự').waitFor(); // the contract's password rule, checked in the browser
    await dialog.getByLabel('Mật khẩu ban đầu').fill(issued);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText(`Đã thêm người dùng ${username}`).waitFor();
    await page.getByRole('cell', { name: username, exact: true }).waitFor();

    await page.getByRole('button', { name: 'Trần Thị Thu' }).click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(issued);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();

    // Nothing but the password change until it is done.
    await page.getByText('Đổi mật khẩu trước khi sử dụng').waitFor();
    expect(await page.getByRole('menuitem').count()).toBe(0);
    await page.getByLabel('Mật khẩu hiện tại').fill(issued);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('MatKhauMoi2025');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('MatKhauMoi2025');
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'password-change.png'), animations: 'disabled' });
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();

    // Then the application, with only what a specialist may use.
    await page.getByText('Chuyên viên · Sở Tài chính').waitFor();
    await page.getByRole('menuitem', { name: 'Đơn vị' }).waitFor();
    expect(await page.getByRole('menuitem').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
