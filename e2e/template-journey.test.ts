import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choose, SHOTS, settle, signInAs, skipBrowser, useJourney } from './support.js';

/**
 * A template's way from design to official use, through the real server and the built web app in
 * Debian's Chromium: a specialist of Sở Tài chính designs a 5-row, 4-column form with a total row
 * and a percent column, sees the engine's error under a formula with an unknown reference, fixes
 * it, saves and sends it to testing; the department's leader makes it official and shares it, and
 * finds it in the city library. Screenshots land in test-results/.
 */

describe.skipIf(skipBrowser)('template journey (Chromium)', () => {
  const j = useJourney();

  const signIn = (username: string, who: string) => signInAs(j, username, who);

  it('a specialist designs a form with a total row and a percent column; the leader makes it official; it is in the library', async () => {
    const code = `E2E-TC${Date.now().toString(36).toUpperCase()}`;
    const name = 'Báo cáo kết quả thu ngân sách nhà nước';

    await signIn('chuyenvien.stc', 'Chuyên viên · Sở Tài chính');
    await j.page.getByRole('menuitem', { name: 'Biểu mẫu' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/bieu-mau');
    await j.page.getByRole('button', { name: 'Biểu mẫu số liệu mới' }).click();

    // Step 1: general information; the requesting unit defaults to the specialist's own.
    await j.page.getByLabel('Mã biểu mẫu').fill(code);
    await j.page.getByLabel('Tên biểu mẫu').fill(name);
    await j.page.getByLabel('Lĩnh vực').fill('Tài chính');
    await j.page.getByLabel('Căn cứ pháp lý').fill('Luật Ngân sách nhà nước số 83/2015/QH13');
    await j.page.getByText('Sở Tài chính (DEMO-STC)').waitFor();
    await j.page.getByRole('button', { name: 'Tiếp theo' }).click();

    // Step 2, columns: plan, actual, % of plan under one merged "Năm 2026" header, and a notes column.
    const columns: [string, string][] = [['KH', 'Năm 2026|Kế hoạch'], ['TH', 'Năm 2026|Thực hiện'], ['TL', 'Năm 2026|% so KH'], ['GC', 'Ghi chú']];
    for (const [i, [colCode, header]] of columns.entries()) {
      if (i > 0) await j.page.getByRole('button', { name: 'Thêm cột' }).click();
      await j.page.getByLabel(`Mã cột ${i + 1}`).fill(colCode);
      await j.page.getByLabel(`Tiêu đề (cấp trên | cấp dưới) ${i + 1}`).fill(header);
    }
    await choose(j.page, j.page.getByLabel('Kiểu giá trị 3'), 'Tỷ lệ %');
    await choose(j.page, j.page.getByLabel('Cách tổng hợp 3'), 'Tính lại theo công thức');
    await choose(j.page, j.page.getByLabel('Kiểu giá trị 4'), 'Văn bản');
    await choose(j.page, j.page.getByLabel('Cách tổng hợp 4'), 'Không tổng hợp');

    // Rows: a total and four children.
    const rows: [string, string, string][] = [
      ['A', 'R01', 'Tổng thu ngân sách nhà nước trên địa bàn'],
      ['1', 'R02', 'Thu nội địa'],
      ['2', 'R03', 'Thu từ hoạt động xuất nhập khẩu'],
      ['3', 'R04', 'Thu viện trợ'],
      ['4', 'R05', 'Thu khác'],
    ];
    for (const [i, [no, rowCode, rowName]] of rows.entries()) {
      if (i > 0) await j.page.getByRole('button', { name: /Thêm dòng$/ }).click();
      if (i === 1) await j.page.getByRole('button', { name: 'Thụt lề (thành dòng con) 2' }).click();
      await j.page.getByLabel(`STT ${i + 1}`).fill(no);
      await j.page.getByLabel(`Mã dòng ${i + 1}`).fill(rowCode);
      await j.page.getByLabel(`Tên chỉ tiêu ${i + 1}`).fill(rowName);
      await j.page.getByLabel(`Đơn vị tính ${i + 1}`).fill('Triệu đồng');
    }
    await j.page.getByLabel('Công thức dòng 1').fill('SUM(CHILDREN)');

    // The percent column's formula with a typo: the engine's message appears under it and in the bar.
    const percent = j.page.getByLabel('Công thức cột 3');
    await percent.click();
    await percent.fill('TH / KHX * 100');
    const error = j.page.getByRole('alert').filter({ hasText: 'KHX' }).first();
    await error.waitFor();
    await expect.poll(() => j.page.getByLabel('Thanh công thức').inputValue()).toBe('TH / KHX * 100');
    await j.page.getByText('Lỗi cần sửa (1)').waitFor();
    await j.page.keyboard.press('Escape');
    await settle(j.page);
    // Tall enough for the whole designer without scrolling, so the sticky formula bar stays on top.
    await j.page.setViewportSize({ width: 1440, height: 1500 });
    await j.page.evaluate(() => window.scrollTo(0, 0));
    await j.page.screenshot({ path: join(SHOTS, 'template-designer-error.png'), animations: 'disabled' });
    await j.page.setViewportSize({ width: 1440, height: 900 });

    // Fixed in the formula bar, with the column code picked from the completion list.
    const bar = j.page.getByLabel('Thanh công thức');
    // On a loaded machine the list may re-render under the click: pick again until the bar has it.
    for (let attempt = 0; attempt < 5 && (await bar.inputValue()) !== 'TH / KH'; attempt++) {
      await bar.fill('TH / K');
      const option = j.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'KH' }).first();
      await option.waitFor();
      await option.click();
      await expect.poll(() => bar.inputValue(), { timeout: 3000 }).toBe('TH / KH').catch(() => undefined);
    }
    await expect.poll(() => bar.inputValue()).toBe('TH / KH');
    await bar.press('End');
    await bar.pressSequentially(' * 100');
    await expect.poll(() => percent.inputValue()).toBe('TH / KH * 100');
    await j.page.getByText('Công thức và cấu trúc biểu hợp lệ').waitFor();
    await j.page.keyboard.press('Escape');

    // A special cell: foreign aid has no plan figure, so R04!KH is not filled.
    await j.page.getByRole('button', { name: 'Thêm ô đặc biệt' }).click();
    await choose(j.page, j.page.getByLabel('Dòng của ô 1'), 'R04 — Thu viện trợ');
    await choose(j.page, j.page.getByLabel('Cột của ô 1'), 'KH — Năm 2026 / Kế hoạch');
    await choose(j.page, j.page.getByLabel('Loại ô 1'), 'Không nhập (khóa)');
    await j.page.getByText('Công thức và cấu trúc biểu hợp lệ').waitFor();
    // And a cell with its own formula, typed in the formula bar: a wrong reference is caught there too.
    await j.page.getByRole('button', { name: 'Thêm ô đặc biệt' }).click();
    await choose(j.page, j.page.getByLabel('Dòng của ô 2'), 'R05 — Thu khác');
    await choose(j.page, j.page.getByLabel('Cột của ô 2'), 'GC — Ghi chú');
    await choose(j.page, j.page.getByLabel('Loại ô 2'), 'Giá trị cố định');
    await j.page.getByLabel('Giá trị cố định của ô 2').fill('Gồm thu từ xổ số');
    await j.page.getByRole('button', { name: 'Thêm ô đặc biệt' }).click();
    await choose(j.page, j.page.getByLabel('Dòng của ô 3'), 'R02 — Thu nội địa');
    await choose(j.page, j.page.getByLabel('Cột của ô 3'), 'TL — Năm 2026 / % so KH');
    await choose(j.page, j.page.getByLabel('Loại ô 3'), 'Tính theo công thức');
    await j.page.getByLabel('Công thức của ô 3').click();
    await bar.fill('TH / KHX * 100');
    await j.page.getByTestId('cells-editor').getByRole('alert').filter({ hasText: 'KHX' }).waitFor();
    await bar.fill('TH / KH * 100');
    await expect.poll(() => j.page.getByLabel('Công thức của ô 3').inputValue()).toBe('TH / KH * 100');
    await j.page.getByText('Công thức và cấu trúc biểu hợp lệ').waitFor();
    await j.page.keyboard.press('Escape');
    await settle(j.page);
    await j.page.getByTestId('cells-editor').screenshot({ path: join(SHOTS, 'template-cells.png'), animations: 'disabled' });

    // Step 3: the preview shows the merged header and shades computed cells.
    await j.page.getByRole('button', { name: 'Tiếp theo' }).click();
    await j.page.getByLabel('Tiêu đề phụ').fill('Kỳ báo cáo: Tháng ... năm 2026');
    await j.page.getByLabel('Độ rộng cột GC').fill('30');
    const preview = j.page.getByTestId('template-preview');
    await preview.getByRole('columnheader', { name: 'Năm 2026' }).waitFor();
    await preview.getByRole('columnheader', { name: '% so KH' }).waitFor();
    await preview.getByText('Thu từ hoạt động xuất nhập khẩu').waitFor();
    await preview.locator('[data-cell="R04!KH"][data-mode="disabled"]').waitFor();
    await preview.locator('[data-cell="R01!KH"][data-mode="computed"]').waitFor();
    await preview.locator('[data-cell="R05!GC"][data-mode="fixed"]').getByText('Gồm thu từ xổ số').waitFor();
    await settle(j.page);
    await preview.screenshot({ path: join(SHOTS, 'template-preview.png'), animations: 'disabled' });

    // Save, then send to testing.
    await j.page.getByRole('button', { name: 'Lưu' }).click();
    await j.page.getByText('Đã tạo biểu mẫu').waitFor();
    await expect.poll(() => new URL(j.page.url()).pathname).toMatch(/^\/bieu-mau\/[0-9a-f-]{36}$/);
    const templatePath = new URL(j.page.url()).pathname;
    await j.page.getByText(`${code} — ${name}`).waitFor();
    await j.page.getByRole('button', { name: 'Chuyển thử nghiệm' }).click();
    await j.page.getByRole('button', { name: 'Xác nhận' }).click();
    await j.page.getByText('Biểu mẫu đã chuyển sang "Thử nghiệm"').waitFor();
    // A specialist may not publish.
    await expect.poll(() => j.page.getByRole('button', { name: 'Ban hành chính thức' }).count()).toBe(0);

    await j.page.getByRole('button', { name: 'Phạm Thị Hương' }).click();
    await j.page.getByRole('menuitem', { name: /Đăng xuất$/ }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/dang-nhap');

    // The leader finds it among the unit's templates, in testing, and makes it official.
    await signIn('lanhdao.stc', 'Lãnh đạo · Sở Tài chính');
    await j.page.getByRole('menuitem', { name: 'Biểu mẫu' }).click();
    const mine = j.page.getByRole('row').filter({ hasText: code });
    await mine.getByText('Thử nghiệm').waitFor();
    await mine.getByRole('link', { name }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe(templatePath);
    await j.page.getByRole('button', { name: 'Ban hành chính thức' }).click();
    await j.page.getByRole('button', { name: 'Xác nhận' }).click();
    await j.page.getByText('Biểu mẫu đã chuyển sang "Chính thức"').waitFor();
    await expect.poll(() => j.page.getByLabel('Công thức cột 3').isDisabled()).toBe(true); // an official template is read-only
    await expect.poll(() => j.page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await j.page.evaluate(() => window.scrollTo(0, 0));
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'template-official.png'), animations: 'disabled' });
    await j.page.getByRole('button', { name: 'Chia sẻ vào kho thành phố' }).click();
    await j.page.getByText('Đã cập nhật chia sẻ').waitFor();

    // The unit is told through the bell.
    await j.page.getByRole('button', { name: 'Thông báo' }).click();
    await j.page.getByText(`Biểu mẫu ${code} đã được ban hành chính thức`).waitFor();
    await j.page.keyboard.press('Escape');

    // In the city library, found by a search without diacritics.
    await j.page.getByRole('button', { name: 'Danh sách biểu mẫu' }).click();
    await j.page.getByRole('tab', { name: 'Kho biểu mẫu thành phố' }).click();
    await j.page.getByPlaceholder('Tìm theo tên hoặc mã biểu mẫu').fill('thu ngan sach');
    await j.page.getByPlaceholder('Tìm theo tên hoặc mã biểu mẫu').press('Enter');
    const listed = j.page.getByRole('row').filter({ hasText: code });
    await listed.getByText('Chính thức').waitFor();
    await listed.getByText('Đã chia sẻ vào kho').waitFor();
    await expect.poll(() => j.page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'template-library.png'), animations: 'disabled' });

    expect(j.problems).toEqual([]);
  });

  it('a specialist outlines a narrative report with data placeholders and previews it as an administrative document', async () => {
    await j.context.clearCookies();
    await signIn('chuyenvien.stc', 'Chuyên viên · Sở Tài chính');
    await j.page.getByRole('menuitem', { name: 'Biểu mẫu' }).click();
    await j.page.getByRole('button', { name: 'Biểu mẫu đề cương mới' }).click();
    await j.page.getByLabel('Mã biểu mẫu').fill(`E2E-DC${Date.now().toString(36).toUpperCase()}`);
    await j.page.getByLabel('Tên biểu mẫu').fill('Báo cáo tình hình thực hiện dự toán ngân sách nhà nước');
    await j.page.getByLabel('Lĩnh vực').fill('Tài chính');
    await j.page.getByRole('button', { name: 'Tiếp theo' }).click();

    await j.page.getByLabel('Trích yếu').fill('Tình hình thực hiện dự toán thu, chi ngân sách nhà nước tháng 10 năm 2026');
    await j.page.getByPlaceholder('Hướng dẫn viết').first().fill('Đánh giá kết quả thu ngân sách so với dự toán và cùng kỳ năm trước; nêu nguyên nhân tăng, giảm.');
    const placeholders: [string, string][] = [['Tổng thu ngân sách', 'TH'], ['Tỷ lệ so với dự toán', 'TL']];
    for (const [i, [label, column]] of placeholders.entries()) {
      await j.page.getByRole('button', { name: 'Thêm dữ liệu 1' }).click();
      await j.page.getByLabel(`Tên dữ liệu 1.${i + 1}`).fill(label);
      await j.page.getByLabel(`Mã biểu mẫu 1.${i + 1}`).fill('E2E-TC');
      await j.page.getByLabel(`Mã dòng 1.${i + 1}`).fill('R01');
      await j.page.getByLabel(`Mã cột 1.${i + 1}`).fill(column);
    }
    await expect.poll(() => j.page.getByLabel('Khóa 1.1').inputValue()).toBe('tong_thu_ngan_sach');
    await j.page.getByPlaceholder('Hướng dẫn viết').nth(1).fill('Nêu nhiệm vụ, giải pháp trọng tâm những tháng cuối năm.');
    // A placeholder bound to a library indicator, found by the picker's search; its name becomes the label.
    await j.page.getByRole('button', { name: 'Thêm dữ liệu 2' }).click();
    await choose(j.page, j.page.getByLabel('Nguồn dữ liệu 2.1'), 'Chỉ tiêu trong kho');
    await j.page.getByLabel('Chỉ tiêu 2.1').click();
    await j.page.getByLabel('Chỉ tiêu 2.1').fill('GDP');
    await j.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'DEMO-01' }).first().click();
    await expect.poll(() => j.page.getByLabel('Tên dữ liệu 2.1').inputValue()).toBe('Tổng sản phẩm trong nước (GDP)');
    await j.page.keyboard.press('Escape');
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'narrative-outline.png'), fullPage: true, animations: 'disabled' });

    await j.page.getByRole('button', { name: 'Tiếp theo' }).click();
    const preview = j.page.getByTestId('narrative-preview');
    await preview.getByText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM').waitFor();
    await preview.getByText('SỞ TÀI CHÍNH', { exact: true }).waitFor();
    await preview.getByText('«Tổng thu ngân sách»').waitFor();
    await preview.getByText('«Tổng sản phẩm trong nước (GDP)»').waitFor();
    await preview.getByText('Nơi nhận:').waitFor();
    await settle(j.page);
    await preview.screenshot({ path: join(SHOTS, 'narrative-preview.png'), animations: 'disabled' });

    // The server takes the outline with its placeholders.
    await j.page.getByRole('button', { name: 'Lưu' }).click();
    await j.page.getByText('Đã tạo biểu mẫu').waitFor();
    expect(j.problems).toEqual([]);
  });
});
