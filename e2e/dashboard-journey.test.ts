import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choose, settle, SHOTS, signInAs, skipBrowser, threeWardsAccepted, useJourney } from './support.js';

/**
 * Issue 7, deliverables 3 and 4, through the real server and the built web app in Debian's Chromium. Three
 * wards answer Sở Tài chính's request on time and the department accepts them. Its head (lanhdao.stc) signs
 * in and lands on "Tổng quan", goes to "Khai thác số liệu", asks how taxes collected went across every
 * commune this year, sees the pivot, exports it to Excel, saves the view pinned to the overview and shared
 * with the department, and finds it on the overview with its latest total. A colleague of the department
 * sees the shared view. Then "Theo dõi, đánh giá": the three wards on time, scored and ranked, the formula
 * shown, and the department's own usage report downloaded as DOCX and XLSX.
 */

describe.skipIf(skipBrowser)('dashboard and oversight journey (Chromium)', () => {
  const j = useJourney();

  it('a department head answers "how did this indicator go across all communes this year", keeps the view on the overview and checks the units\' reporting', async () => {
    const base = j.server.url;
    const page = j.page;
    const stamp = Date.now().toString(36).toUpperCase();
    const { total } = await threeWardsAccepted(base, {
      code: `E2E-TONGQUAN-${stamp}`, name: `Báo cáo nhanh thu ngân sách ${stamp}`, legalBasis: 'Công văn số 4568/STC-NS của Sở Tài chính',
    });

    // The head of the department lands on the overview: the three reports it asked for are accepted.
    const started = Date.now();
    await signInAs(j, 'lanhdao.stc', 'Lãnh đạo · Sở Tài chính', { landing: true });
    await expect.poll(() => new URL(page.url()).pathname).toBe('/tong-quan');
    await page.getByText('Tổng quan — Sở Tài chính').waitFor();
    const requested = page.getByTestId('status-requested');
    await expect.poll(async () => Number((await requested.locator('.ant-card').filter({ hasText: 'Đã tiếp nhận' }).locator('.ant-statistic-content').textContent()) ?? '')).toBeGreaterThanOrEqual(3);
    await page.getByText('Chưa có chỉ tiêu nào được ghim').waitFor();

    // "How did taxes collected go across every commune this year?"
    await page.getByRole('menuitem', { name: 'Khai thác số liệu' }).click();
    const field = (name: string) => page.getByRole('combobox', { name, exact: true });
    await choose(page, field('* Biểu mẫu'), 'DEMO-STC-01');
    await choose(page, field('* Chỉ tiêu'), 'Thu thuế');
    await choose(page, field('* Cột'), 'Thực hiện kỳ báo cáo');
    await expect.poll(() => page.locator('.ant-form-item').filter({ hasText: 'Đơn vị' }).first().textContent()).toContain('Thành phố Hải Phòng');
    await choose(page, page.getByRole('combobox', { name: 'Loại đơn vị' }), 'Xã, phường');
    // The request is ad hoc (no period kind): every kind of period of this year.
    await page.locator('.ant-form-item').filter({ hasText: 'Loại kỳ' }).locator('.ant-segmented-item').filter({ hasText: 'Tất cả' }).click();
    await page.getByRole('button', { name: 'Xem số liệu' }).click();
    const pivot = page.getByTestId('analytics-pivot');
    await pivot.getByRole('row').filter({ hasText: 'Phường Hồng Bàng' }).getByText('1.234.567,89').waitFor();
    await expect.poll(() => page.getByTestId('analytics-total').textContent()).toBe(`Tổng cộng${total}`);
    // The answer, in well under a minute of clicking.
    expect(Date.now() - started).toBeLessThan(60_000);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'dashboard-pivot.png'), animations: 'disabled', fullPage: true });

    // The pivot to Excel, with its source on top.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(String(rows[0]![0])).toMatch(/^Nguồn:/);
    expect(Number(rows.find((r) => r[0] === 'Tổng cộng')![1])).toBeCloseTo(4722222.19, 2);

    // Saved, pinned to the overview and shared with the department.
    const viewName = `Thu thuế các phường ${stamp}`;
    await page.getByRole('button', { name: 'Lưu góc nhìn' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên góc nhìn').fill(viewName);
    await expect.poll(() => dialog.getByLabel('Ghim lên trang Tổng quan (hiển thị xu hướng)').isChecked()).toBe(true);
    await dialog.getByLabel('Chia sẻ với mọi người trong đơn vị').check();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'dashboard-save-view.png'), animations: 'disabled' });
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText(`Đã lưu góc nhìn "${viewName}"`).waitFor();

    // On the overview: the view's latest total and its trend.
    await page.getByRole('menuitem', { name: 'Tổng quan' }).click();
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    const card = page.getByTestId('dashboard-indicator').filter({ hasText: viewName });
    await expect.poll(() => card.getByTestId('indicator-latest').textContent()).toBe(total);
    await card.getByTestId('analytics-chart').waitFor();
    await page.getByTestId('saved-views').getByRole('row').filter({ hasText: viewName }).getByText('Chia sẻ trong đơn vị').waitFor();
    await settle(page);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), animations: 'disabled', fullPage: true });

    // The card reopens the question as it was built.
    await card.getByRole('link', { name: 'Mở' }).click();
    await expect.poll(() => page.getByTestId('analytics-total').textContent()).toBe(`Tổng cộng${total}`);

    // Oversight: the three wards sent on time.
    await page.getByRole('menuitem', { name: 'Theo dõi, đánh giá' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/theo-doi');
    // Communes only, this year (the default).
    await page.locator('.ant-segmented-item').filter({ hasText: 'Xã, phường' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('loai')).toBe('commune');
    const table = page.getByTestId('oversight-table');
    const rowOf = (ward: string) => table.locator('tr.ant-table-row').filter({ hasText: ward });
    for (const ward of ['Phường Hồng Bàng', 'Phường Lê Chân', 'Phường Ngô Quyền']) {
      // Sent on time, nothing returned: full marks and the first rank (shared).
      await expect.poll(() => rowOf(ward).locator('td').nth(1).textContent()).toBe('1');
      await rowOf(ward).getByText('100', { exact: true }).waitFor();
    }
    await expect.poll(() => page.getByTestId('oversight-formula').textContent()).toMatch(/^Điểm = 100 × \(đúng hạn × 1/);
    // One ward's reports, line by line.
    await rowOf('Phường Hồng Bàng').locator('.ant-table-row-expand-icon').click();
    await table.getByText(`E2E-TONGQUAN-${stamp}`).waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'oversight.png'), animations: 'disabled' });
    await page.getByTestId('oversight-formula').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'oversight-formula.png'), animations: 'disabled' });
    // The department's own usage report (R38), both files.
    for (const [name, ext] of [['Tải DOCX', 'docx'], ['Tải XLSX', 'xlsx']] as const) {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
      expect(file.suggestedFilename()).toMatch(new RegExp(`^bao-cao-su-dung-\\d{4}-Y\\.${ext}$`));
      expect(readFileSync((await file.path())!).subarray(0, 2).toString()).toBe('PK');
    }

    // A colleague of the department sees the shared view, without the owner's buttons.
    await signInAs(j, 'chuyenvien.stc', 'Chuyên viên · Sở Tài chính', { landing: true });
    await expect.poll(() => new URL(page.url()).pathname).toBe('/tong-quan');
    await page.getByTestId('dashboard-indicator').filter({ hasText: viewName }).getByText(/^Chia sẻ bởi /).waitFor();
    await expect.poll(() => page.getByTestId('saved-views').getByRole('row').filter({ hasText: viewName }).getByRole('button').count()).toBe(0);

    expect(j.problems).toEqual([]);
  }, 300_000);
});
