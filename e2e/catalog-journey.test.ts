import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASSWORD, SHOTS, settle, skipBrowser, useJourney } from './support.js';

/**
 * The indicator library through the real server and the built web app in Debian's Chromium: the
 * system administrator finds the demo set labelled as demo data, finds an indicator by a search
 * without diacritics and reads its definition; then creates a set, imports a CSV into its draft
 * (first a wrong one, refused with the row and column named), sees the indicator tree and publishes
 * it. Screenshots land in test-results/.
 */

/** One CSV line, quoted as RFC 4180. */
const csvLine = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

describe.skipIf(skipBrowser)('indicator library journey (Chromium)', () => {
  const j = useJourney();

  it('the administrator browses the demo set, finds an indicator without diacritics, imports and publishes a new set', async () => {
    const { page } = j;
    await page.goto(`${j.server.url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Quản trị hệ thống · Thành phố Hải Phòng').waitFor();

    // The sets, with the seeded demo set clearly labelled.
    await page.getByRole('menuitem', { name: 'Chỉ tiêu' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/chi-tieu');
    const demoRow = page.getByRole('row').filter({ hasText: 'Bộ chỉ tiêu mẫu (demo)' });
    await demoRow.getByText('Dữ liệu minh họa').waitFor();
    await demoRow.getByText('Chính thức').waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'catalog-sets.png'), animations: 'disabled' });

    // The file header exactly as the server exports it, taken from the demo set's CSV.
    const demoHref = await demoRow.getByRole('link').first().getAttribute('href');
    const demoId = demoHref?.split('/').pop() ?? '';
    const exported = await page.request.get(`${j.server.url}/api/v1/catalog/sets/${demoId}/export?format=csv`);
    expect(exported.status()).toBe(200);
    const header = (await exported.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
    expect(header).toContain('Mã chỉ tiêu');

    // An indicator found across sets by a search without diacritics; its definition in the drawer.
    await page.getByRole('tab', { name: 'Tra cứu chỉ tiêu' }).click();
    const search = page.getByPlaceholder('Tìm chỉ tiêu theo tên hoặc mã');
    await search.fill('toc do tang');
    await search.press('Enter');
    const found = page.getByRole('row').filter({ hasText: 'DEMO-03' });
    await found.getByText('Dữ liệu minh họa').waitFor();
    await found.getByRole('button', { name: 'Tốc độ tăng tổng sản phẩm trong nước' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: 'Chi tiết chỉ tiêu' });
    await drawer.getByText('Chi tiết chỉ tiêu').waitFor();
    await drawer.getByText('Phương pháp tính').waitFor();
    await drawer.getByText('Cơ quan chịu trách nhiệm thu thập, tổng hợp').waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'catalog-indicator.png'), animations: 'disabled' });
    await page.keyboard.press('Escape');

    // A new set in the city's shared library: version 1, draft.
    const code = `E2E-BCT${Date.now().toString(36).toUpperCase()}`;
    await page.getByRole('tab', { name: 'Bộ chỉ tiêu' }).click();
    await page.getByRole('button', { name: 'Tạo bộ chỉ tiêu' }).click();
    await page.getByLabel('Mã bộ chỉ tiêu').fill(code);
    await page.getByLabel('Tên bộ chỉ tiêu').fill('Chỉ tiêu thống kê ngành giáo dục thành phố');
    await page.getByLabel('Căn cứ pháp lý').fill('Kế hoạch thử nghiệm của thành phố');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã tạo bộ chỉ tiêu').waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/chi-tieu\/[0-9a-f-]{36}$/);
    await page.getByText(`${code} — Chỉ tiêu thống kê ngành giáo dục thành phố`).waitFor();
    await page.getByText('Soạn thảo').first().waitFor();

    // The file: a parent with two children. The first attempt has a wrong periodicity on a child.
    const columns = header.split(',').length;
    const row = (cells: string[]) => csvLine([...cells, ...Array<string>(columns - cells.length).fill('')]);
    const file = (childPeriod: string) =>
      Buffer.from(
        [
          header,
          row(['GD-01', 'Số học sinh phổ thông', '', 'học sinh', 'Giáo dục, đào tạo', 'Năm', 'Số học sinh đang theo học']),
          row(['GD-01.1', 'Tiểu học', 'GD-01', 'học sinh', 'Giáo dục, đào tạo', childPeriod]),
          row(['GD-01.2', 'Trung học cơ sở', 'GD-01', 'học sinh', 'Giáo dục, đào tạo', 'Năm']),
        ].join('\r\n'),
      );
    await page.getByRole('button', { name: 'Nhập từ file' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: 'Nhập chỉ tiêu từ CSV hoặc XLSX' });
    await dialog.locator('input[type=file]').setInputFiles({ name: 'giao-duc.csv', mimeType: 'text/csv', buffer: file('Hằng tuần') });
    await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
    await dialog.getByText('File có lỗi, chưa lưu dòng nào').waitFor();
    await dialog.getByRole('cell', { name: /^Dòng 3, cột Kỳ công bố/ }).waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'catalog-import-errors.png'), animations: 'disabled' });

    // Corrected in the spreadsheet, imported again.
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: 'Đóng' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Nhập từ file' }).click();
    await dialog.locator('input[type=file]').setInputFiles({ name: 'giao-duc.csv', mimeType: 'text/csv', buffer: file('Quý, Năm') });
    await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
    await dialog.getByText('Đã nhập: 3 chỉ tiêu mới, 0 cập nhật, 0 không đổi.').waitFor();
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: 'Đóng' }).click();

    // The tree: the parent with its two children, expanded.
    await page.getByRole('row').filter({ hasText: 'GD-01.2' }).getByText('Trung học cơ sở').waitFor();
    await page.getByRole('row').filter({ hasText: 'GD-01.1' }).getByText('Quý, Năm').waitFor();
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'catalog-import.png'), animations: 'disabled' });

    // Published: frozen, no more import or add.
    await page.getByRole('button', { name: 'Ban hành' }).click();
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Đã ban hành bộ chỉ tiêu').waitFor();
    await page.getByRole('button', { name: 'Tạo phiên bản mới' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Nhập từ file' }).count()).toBe(0);

    // A new version: a draft copy, where an indicator is added by hand; version 1 stays as it was.
    await page.getByRole('button', { name: 'Tạo phiên bản mới' }).click();
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Đã tạo phiên bản mới').waitFor();
    await page.getByText('Phiên bản 2 · Soạn thảo').waitFor();
    await page.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
    const form = page.getByRole('dialog').filter({ hasText: 'Thêm chỉ tiêu' });
    await form.getByLabel('Mã chỉ tiêu').fill('GD-02');
    await form.getByLabel('Tên chỉ tiêu').fill('Số giáo viên phổ thông');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu chỉ tiêu').waitFor();
    await page.getByRole('row').filter({ hasText: 'GD-02' }).getByText('Số giáo viên phổ thông').waitFor();
    await page.getByText('Phiên bản 1 · Chính thức').click();
    await page.getByRole('row').filter({ hasText: 'GD-01.2' }).waitFor();
    // The table switches to version 1 once its query lands: wait for it rather than reading the old rows.
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'GD-02' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Danh sách bộ chỉ tiêu' }).click();
    await page.getByRole('row').filter({ hasText: code }).getByText('Chính thức').waitFor();
    await page.getByRole('row').filter({ hasText: code }).getByText('Soạn thảo').waitFor();

    expect(j.problems).toEqual([]);
  });
});
