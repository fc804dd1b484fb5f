/**
 * What every browser journey needs: the built web app, the real server on a fresh embedded
 * database, Debian's Chromium with a fresh profile, console errors collected, and a screenshot
 * when a step fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkingCalendar, formatDateVi, vietnamDateOf, type FormState, type SavedForm } from '@baocao/core';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startServer } from '../packages/server/src/server.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB = join(ROOT, 'packages/web');
export const SHOTS = join(ROOT, 'test-results');
export const CHROMIUM = '/usr/bin/chromium';
export const PASSWORD = 'Demo@12345';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** No Chromium outside CI: skip with a message. In CI a missing Chromium fails the run. */
export const skipBrowser = !existsSync(CHROMIUM) && !process.env.CI;
if (skipBrowser) console.warn(`[e2e] SKIPPED: ${CHROMIUM} not found (apt-get install chromium). In CI this test fails instead.`);

/** Builds the web app when its sources are newer than the build, so a journey never tests stale code. */
export function ensureWebBuild(): void {
  const built = join(WEB, 'dist/index.html');
  const newest = (path: string): number =>
    statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name)))) : statSync(path).mtimeMs;
  const sources = [join(WEB, 'src'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), join(ROOT, 'packages/core/src')];
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest))) return;
  // Vitest sets NODE_ENV=test, which Vite would pass on, building React and antd in development mode.
  execFileSync('npm', ['run', 'build', '-w', '@baocao/web'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

/** Waits until no spinner is left, so a screenshot shows the data and not a loading veil. */
export async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
  await page.mouse.move(0, 0);
}

export type Journey = { server: Awaited<ReturnType<typeof startServer>>; context: BrowserContext; page: Page; problems: string[] };

/** Registers the hooks of a journey; read the fields inside the tests. */
export function useJourney(): Journey {
  const j = { problems: [] as string[] } as Journey;
  const dirs: string[] = [];
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is required at ${CHROMIUM} in CI`);
    ensureWebBuild();
    mkdirSync(SHOTS, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'baocao-e2e-data-'));
    const profile = mkdtempSync(join(tmpdir(), 'baocao-e2e-chromium-'));
    dirs.push(dataDir, profile);
    // The demo's signing certificates are made once for all journeys (openssl, a few seconds), not per server.
    const pki = join(tmpdir(), 'baocao-e2e-pki');
    j.server = await startServer({
      port: 0, host: '127.0.0.1', dataDir, mode: 'demo', logLevel: 'warn', webDist: join(WEB, 'dist'),
      signingKeysDir: join(pki, 'keys'), trustStoreDir: join(pki, 'trust'),
    });
    j.context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1440, height: 900 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    j.page = j.context.pages()[0] ?? (await j.context.newPage());
    j.page.setDefaultTimeout(15_000);
    j.page.on('pageerror', (error) => j.problems.push(`page error: ${error.message}`));
    j.page.on('console', (msg) => {
      // A 401 from GET /auth/session before signing in is expected; Chromium logs every 4xx.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) j.problems.push(`console: ${msg.text()}`);
    });
  }, 180_000);

  // A failing step leaves a picture of what the browser showed.
  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(async () => {
      await j.page?.screenshot({ path: join(SHOTS, `failed-${task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => undefined);
    });
  });

  afterAll(async () => {
    await j.context?.close();
    await j.server?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return j;
}

/**
 * Signs in through the login page (after dropping any session), waits for the header to name the user and
 * opens "Việc của tôi", where most journeys start (leaders and specialists land on "Tổng quan"); `{ landing: true }`
 * stays on the page the user lands on.
 */
export async function signInAs(j: Journey, username: string, who: string, opts: { landing?: boolean } = {}): Promise<void> {
  await j.context.clearCookies();
  await j.page.goto(`${j.server.url}/dang-nhap`);
  await j.page.getByLabel('Tên đăng nhập').fill(username);
  await j.page.getByLabel('Mật khẩu').fill(PASSWORD);
  await j.page.getByRole('button', { name: 'Đăng nhập' }).click();
  await j.page.getByText(who).waitFor();
  await expect.poll(() => new URL(j.page.url()).pathname).not.toMatch(/^\/(dang-nhap)?$/);
  if (!opts.landing && new URL(j.page.url()).pathname !== '/viec-cua-toi') await j.page.getByRole('menuitem', { name: 'Việc của tôi' }).click();
}

/** Picks an option of an antd Select by its visible text. */
export async function choose(page: Page, select: Locator, option: string): Promise<void> {
  // On a loaded machine the dropdown may still be sliding in when clicked: retry until the select shows the choice.
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click();
    const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
    await item.waitFor({ state: 'visible' });
    await page.waitForTimeout(150);
    await item.click({ timeout: 5_000 }).catch(() => undefined);
    // The labelled element is the select's inner input: read what the whole select shows.
    const shown = await select.locator('xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]').textContent();
    if (shown?.includes(option)) return;
    await page.keyboard.press('Escape');
  }
  throw new Error(`could not choose "${option}"`);
}

/** Types a date into an antd DatePicker as dd/mm/yyyy and leaves the field (Enter would submit the form). */
export async function pickDate(picker: Locator, date: string): Promise<void> {
  await picker.click();
  await picker.fill(formatDateVi(date));
  await picker.press('Tab');
  await expect.poll(() => picker.inputValue()).toBe(formatDateVi(date));
}

/**
 * A signed-in API client for set-up: the session cookie and the CSRF token, as the web app sends them.
 * `call` expects a 2xx unless told which status to expect.
 */
export async function apiAs(base: string, username: string, password = PASSWORD) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(login.status, `login ${username}`).toBe(200);
  const session = (await login.json()) as { csrfToken: string; user: { unitId: string } };
  const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const call = async <T>(method: string, path: string, body?: unknown, expected?: number): Promise<T> => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': session.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (expected === undefined) expect(response.ok, `${method} ${path}: ${response.status} ${text}`).toBe(true);
    else expect(response.status, `${method} ${path}: ${text}`).toBe(expected);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return { session, call };
}

export type UnitRow = { id: string; code: string; name: string; kind: string; active: boolean };

/**
 * Sở Tài chính (`chuyenvien.stc`) asks some wards, looked up by the administrator as [search, official
 * code], for the demo template DEMO-STC-01 in an ad hoc request due in 8 working days. Returns the
 * department's client, the regime, the wards and each ward's assignment id.
 */
export async function demoRequestToWards(base: string, wards: [string, string][], request: { code: string; name: string; legalBasis: string }) {
  const stc = await apiAs(base, 'chuyenvien.stc');
  const admin = await apiAs(base, 'quantri');
  const template = (await stc.call<{ id: string; code: string }[]>('GET', '/templates?status=official')).find((t) => t.code === 'DEMO-STC-01');
  expect(template, 'demo template DEMO-STC-01').toBeDefined();
  const units: UnitRow[] = [];
  for (const [q, code] of wards) {
    const found = (await admin.call<UnitRow[]>('GET', `/units?q=${encodeURIComponent(q)}`)).find((u) => u.code === code);
    expect(found, q).toBeDefined();
    units.push(found!);
  }
  const regime = await stc.call<{ id: string }>('POST', '/regimes', {
    kind: 'ad_hoc', code: request.code, name: request.name, requestingUnitId: stc.session.user.unitId, templateIds: [template!.id],
    targets: [{ type: 'units', unitIds: units.map((u) => u.id) }], legalBasis: request.legalBasis,
    dueOn: createWorkingCalendar().addWorkingDays(vietnamDateOf(new Date()), 8),
  });
  const schedule = await stc.call<{ entries: { key: string; state: string }[] }>('GET', `/regimes/${regime.id}/schedule`);
  const roundKey = schedule.entries.find((e) => e.state === 'opened')!.key;
  const progress = await stc.call<{ rows: { unitId: string; assignmentId: string }[] }>('GET', `/regimes/${regime.id}/rounds/${encodeURIComponent(roundKey)}`);
  const assignmentOf = (unitId: string) => progress.rows.find((r) => r.unitId === unitId)!.assignmentId;
  return { stc, regimeId: regime.id, roundKey, units, assignmentIds: units.map((u) => assignmentOf(u.id)) };
}

type Client = Awaited<ReturnType<typeof apiAs>>;

/** The ward's specialist enters and submits, its leader signs, the department accepts. */
export async function enterSignAccept(base: string, stc: Client, assignmentId: string, ward: string, changes: Record<string, string>) {
  const specialist = await apiAs(base, `chuyenvien.${ward}`);
  const form = await specialist.call<FormState>('GET', `/assignments/${assignmentId}/form`);
  const saved = await specialist.call<SavedForm>('PUT', `/assignments/${assignmentId}/values`, { baseVersion: form.version, changes, explanations: {} });
  // A save answers with what it wrote; the server's check is the form's.
  const checked = await specialist.call<FormState>('GET', `/assignments/${assignmentId}/form`);
  expect(checked.violations.filter((v) => v.severity === 'error')).toEqual([]);
  const sent = await specialist.call<FormState>('POST', `/assignments/${assignmentId}/submit`, { version: saved.version });
  expect(sent.status).toBe('awaiting_signature');
  const leader = await apiAs(base, `lanhdao.${ward}`);
  const { latestVersion } = await leader.call<{ latestVersion: number }>('GET', `/assignments/${assignmentId}/workflow`);
  expect((await leader.call<{ status: string }>('POST', `/assignments/${assignmentId}/sign`, { versionNumber: latestVersion })).status).toBe('sent');
  await stc.call('POST', `/assignments/${assignmentId}/review`, { decision: 'accept' });
}

/** Plan (KH) and actual (TH) for taxes, fees, other revenue and spending. */
export const figures = (kh: [string, string, string, string], th: [string, string, string, string]) =>
  Object.fromEntries(['R01', 'R02', 'R03', 'R10'].flatMap((row, i) => [[`${row}!KH`, kh[i]!], [`${row}!TH`, th[i]!]]));

/**
 * Hồng Bàng, Ngô Quyền and Lê Chân answer a budget request of Sở Tài chính (set up through the HTTP API):
 * each ward enters its plan and actual figures, its leader signs, the department accepts. Taxes collected
 * (R01!TH) total 1 234 567,89 + 2 500 000 + 987 654,3 = 4 722 222,19 (plan 7 000 000).
 */
export async function threeWardsAccepted(base: string, request: { code: string; name: string; legalBasis: string }) {
  const made = await demoRequestToWards(base, [['Hồng Bàng', '11311'], ['Ngô Quyền', '11329'], ['Lê Chân', '11383']], request);
  const [hbId, nqId, lcId] = made.assignmentIds as [string, string, string];
  await enterSignAccept(base, made.stc, hbId, 'hongbang', figures(['2500000', '800', '300', '9000'], ['1234567.89', '420', '95.5', '4300']));
  await enterSignAccept(base, made.stc, nqId, 'ngoquyen', figures(['3000000', '950', '400', '11000'], ['2500000', '510', '130', '5200']));
  await enterSignAccept(base, made.stc, lcId, 'lechan', figures(['1500000', '600', '250', '7000'], ['987654.3', '300', '80', '3300']));
  return { ...made, total: '4.722.222,19' };
}

/** Picks a unit of an antd TreeSelect by typing part of its name and clicking the matching node. */
export async function chooseUnit(page: Page, select: Locator, search: string, name: string): Promise<void> {
  const whole = select.locator('xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click();
    await select.fill(search);
    const node = page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper').filter({ hasText: name }).first();
    await node.waitFor({ state: 'visible' });
    await page.waitForTimeout(150);
    await node.click({ timeout: 5_000 }).catch(() => undefined);
    await page.keyboard.press('Escape');
    if ((await whole.textContent())?.includes(name)) return;
  }
  throw new Error(`could not choose unit "${name}"`);
}
