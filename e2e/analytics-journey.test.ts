import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choose, settle, SHOTS, signInAs, skipBrowser, threeWardsAccepted, useJourney } from './support.js';

/**
 * R25, R26 and R28 through the real server and the built web app in Debian's Chromium. Sở Tài chính
 * asks three wards for the demo budget report (set up through the HTTP API): each ward enters its
 * figures, its leader signs, and the department accepts the three reports. The department's
 * specialist then opens "Khai thác số liệu", asks for "Thu thuế – Thực hiện kỳ báo cáo" over the
 * whole city, sees the three wards and their exact total in the pivot table and the chart, and
 * exports the table to Excel with the citation on top.
 */

describe.skipIf(skipBrowser)('analytics journey (Chromium)', () => {
  const j = useJourney();

  it('a department explores accepted figures of three wards as a chart and a pivot table, and exports them with their source', async () => {
    const base = j.server.url;
    const stamp = Date.now().toString(36).toUpperCase();

    // Set-up: three wards report taxes collected; every report is signed and accepted.
    const { total } = await threeWardsAccepted(base, {
      code: `E2E-KHAITHAC-${stamp}`, name: `Báo cáo nhanh thu ngân sách ${stamp}`, legalBasis: 'Công văn số 4567/STC-NS ngày 01/12/2026 của Sở Tài chính',
    });

    // The department's specialist asks the question from the menu.
    await signInAs(j, 'chuyenvien.stc', 'Chuyên viên · Sở Tài chính');
    const page = j.page;
    await page.getByRole('menuitem', { name: 'Khai thác số liệu' }).click();
    await page.getByText('Khai thác số liệu', { exact: true }).first().waitFor();
    await choose(page, page.getByLabel('Biểu mẫu'), 'DEMO-STC-01');
    await choose(page, page.getByLabel('Chỉ tiêu'), 'Thu thuế');
    await choose(page, page.getByLabel('Cột'), 'Thực hiện kỳ báo cáo');
    // The unit defaults to the city, the user's top visible unit.
    await expect.poll(() => page.locator('.ant-form-item').filter({ hasText: 'Đơn vị' }).first().textContent()).toContain('Thành phố Hải Phòng');
    // An ad hoc request has no period kind: count every kind.
    await page.locator('.ant-segmented-item').filter({ hasText: 'Tất cả' }).click();
    await page.getByRole('button', { name: 'Xem số liệu' }).click();

    const pivot = page.getByTestId('analytics-pivot');
    const rowOf = (name: string) => pivot.getByRole('row').filter({ hasText: name });
    await rowOf('Phường Hồng Bàng').getByText('1.234.567,89').waitFor();
    await rowOf('Phường Ngô Quyền').getByText('2.500.000').waitFor();
    await rowOf('Phường Lê Chân').getByText('987.654,3').waitFor();
    await expect.poll(() => page.getByTestId('analytics-total').textContent()).toBe(`Tổng cộng${total}`);
    // Units in Vietnamese order.
    const names = await pivot.locator('tbody tr.ant-table-row td:first-child').allTextContents();
    expect(names).toEqual(['Phường Hồng Bàng', 'Phường Lê Chân', 'Phường Ngô Quyền']);
    await expect.poll(() => page.getByTestId('analytics-citation').textContent()).toMatch(/^Nguồn: .*DEMO-STC-01/);
    // The question is in the address, so the view can be shared.
    expect(new URL(page.url()).searchParams.get('r')).toBe('R01');
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'analytics-pivot.png'), animations: 'disabled', fullPage: true });

    // The chart, by unit.
    await page.locator('.ant-segmented-item').filter({ hasText: 'Theo đơn vị' }).click();
    await page.getByText(/^Kỳ gần nhất: /).waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'analytics-chart.png'), animations: 'disabled', fullPage: true });

    // Excel export: the citation on top, the three wards and the total row.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(String(sheet.getRow(1).getCell(1).value)).toMatch(/^Nguồn:/);
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const totalRow = rows.find((r) => r[0] === 'Tổng cộng');
    expect(totalRow).toBeDefined();
    expect(Number(totalRow![1])).toBeCloseTo(4722222.19, 2);
    expect(rows.filter((r) => typeof r[0] === 'string' && r[0].startsWith('Phường')).length).toBe(3);

    // The chart picture carries the source.
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải ảnh biểu đồ (PNG)' }).click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    await png.saveAs(join(SHOTS, 'analytics-chart-export.png'));
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');

    // The address keeps the question: reloading shows the same answer.
    await page.reload();
    await expect.poll(() => page.getByTestId('analytics-total').textContent()).toBe(`Tổng cộng${total}`);

    // Compared with the plan column of the same rows: 4 722 222,19 of 7 000 000 planned is 67,5 %.
    await choose(page, page.getByLabel('So sánh với kế hoạch'), 'Kế hoạch năm');
    await page.getByRole('button', { name: 'Xem số liệu' }).click();
    await page.getByTestId('analytics-metric').waitFor();
    expect(new URL(page.url()).searchParams.get('cp')).toBe('KH');
    await page.getByTestId('analytics-metric').getByText('% kế hoạch', { exact: true }).click();
    await expect.poll(() => page.getByTestId('analytics-total').textContent()).toBe('Tổng cộng67,5 %');
    await rowOf('Phường Hồng Bàng').getByText('49,4 %').waitFor();
    await expect.poll(() => page.getByTestId('analytics-citation').textContent()).toContain('So sánh: kế hoạch (cột KH).');
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'analytics-compare.png'), animations: 'disabled', fullPage: true });

    // The same figures asked by the library indicator the template row is linked to ("Thu thuế", DEMO-06.1).
    await page.locator('.ant-segmented-item').filter({ hasText: 'Mã trong danh mục' }).click();
    // The library is long: search it, as a person would.
    await page.getByLabel('Chỉ tiêu').fill('Thu thuế');
    await choose(page, page.getByLabel('Chỉ tiêu'), 'DEMO-06.1');
    await choose(page, page.getByLabel('Cột'), 'Thực hiện kỳ báo cáo');
    await page.getByRole('button', { name: 'Xem số liệu' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('mk')).toBe('indicator');
    await expect.poll(() => page.getByTestId('analytics-total').textContent()).toBe(`Tổng cộng${total}`);
    await expect.poll(() => page.getByTestId('analytics-citation').textContent()).toContain('Chỉ tiêu: DEMO-06.1 Thu thuế (cột TH)');
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'analytics-indicator.png'), animations: 'disabled', fullPage: true });
    await page.locator('.ant-segmented-item').filter({ hasText: 'Ô trong một báo cáo' }).click();
    await choose(page, page.getByLabel('Biểu mẫu'), 'DEMO-STC-01');
    await choose(page, page.getByLabel('Chỉ tiêu'), 'Thu thuế');
    await choose(page, page.getByLabel('Cột'), 'Thực hiện kỳ báo cáo');

    // Monthly periods only: an ad hoc request has none, and the page says so.
    await page.locator('.ant-segmented-item').filter({ hasText: 'Tháng' }).click();
    await page.getByRole('button', { name: 'Xem số liệu' }).click();
    await page.getByText('Chưa có số liệu đã tiếp nhận cho câu hỏi này').waitFor();
    expect(new URL(page.url()).searchParams.get('pk')).toBe('month');

    expect(j.problems).toEqual([]);
  }, 240_000);
});
