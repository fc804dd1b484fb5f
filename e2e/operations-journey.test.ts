import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, settle, signInAs, skipBrowser, useJourney } from './support.js';

/** dd/MM/yyyy HH:mm of an instant in Vietnam time, as the pickers take it. */
function vnText(d: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d).map((x) => [x.type, x.value]),
  );
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/**
 * Operations (R31, R33): the system administrator schedules a maintenance window for tomorrow, with just
 * the 24 hours of notice, so its banner appears on a specialist's pages a minute later; the specialist
 * reports an incident from the account menu and the operator finds it, with its context, in "Vận hành".
 */
describe.skipIf(skipBrowser)('operations journey (Chromium)', () => {
  const j = useJourney();

  it('announces maintenance on every page and brings an incident to the operator', async () => {
    const page = j.page;
    await signInAs(j, 'quantri', 'Quản trị hệ thống · Thành phố Hải Phòng');
    await page.getByRole('menuitem', { name: 'Vận hành' }).click();
    await page.getByRole('tab', { name: 'Thông báo bảo trì, nâng cấp' }).click();

    // Too little notice is refused with the rule in words.
    const range = page.locator('.ant-picker-range').first();
    const fillRange = async (from: Date, to: Date) => {
      const [a, b] = [range.locator('input').nth(0), range.locator('input').nth(1)];
      await a.click();
      await a.fill(vnText(from));
      await a.press('Enter');
      await b.fill(vnText(to));
      await b.press('Enter');
      await expect.poll(() => a.inputValue()).toBe(vnText(from));
    };
    await fillRange(new Date(Date.now() + 2 * 3600_000), new Date(Date.now() + 3 * 3600_000));
    await page.getByLabel('Nội dung thông báo cho người dùng').fill('Hệ thống tạm dừng để nâng cấp phiên bản mới; đề nghị các đơn vị gửi báo cáo trước thời điểm này.');
    await page.getByLabel('Nội dung thay đổi').fill('Nâng cấp phiên bản 2.3: biểu mẫu mới, sửa lỗi ký số');
    await page.getByRole('button', { name: 'Lưu lịch bảo trì' }).click();
    await page.getByText('phải được thông báo trước ít nhất 24 giờ').waitFor();

    // Tomorrow, with just over 24 hours of notice: the banner starts a minute later.
    const start = new Date(Math.ceil((Date.now() + 24 * 3600_000 + 15_000) / 60_000) * 60_000);
    await fillRange(start, new Date(start.getTime() + 2 * 3600_000));
    await page.getByRole('button', { name: 'Lưu lịch bảo trì' }).click();
    await page.getByText('Đã lưu lịch bảo trì').waitFor();
    await page.getByRole('row').filter({ hasText: 'Nâng cấp phiên bản 2.3' }).waitFor();

    await signInAs(j, 'chuyenvien.stc', 'Chuyên viên · Sở Tài chính');
    await expect.poll(async () => {
      await page.reload();
      // the banner appears once the page's notice query has answered, after the load event
      return page.getByTestId('maintenance-banner').waitFor({ timeout: 4_000 }).then(() => 1, () => 0);
    }, { timeout: 120_000, interval: 5_000 }).toBe(1);
    await page.getByTestId('maintenance-banner').getByText('hệ thống sẽ tạm dừng để bảo trì, nâng cấp từ').waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'maintenance-banner.png'), animations: 'disabled' });

    // An incident from the account menu, with the page and the last request id.
    await page.getByRole('button', { name: /Chuyên viên/ }).first().click().catch(async () => page.locator('header button').last().click());
    await page.getByRole('menuitem', { name: 'Báo sự cố / yêu cầu hỗ trợ' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tiêu đề').fill('Không mở được biểu mẫu báo cáo tháng');
    await dialog.getByLabel('Mô tả').fill('Bấm vào "Nhập liệu" thì trang trắng, đã thử tải lại.');
    await dialog.getByText('/viec-cua-toi').waitFor();
    await dialog.getByRole('button', { name: 'Gửi đơn vị vận hành' }).click();
    await page.getByText(/Đã gửi đơn vị vận hành \(số \d+\)/).waitFor();

    await signInAs(j, 'quantri', 'Quản trị hệ thống · Thành phố Hải Phòng');
    await page.getByRole('menuitem', { name: 'Vận hành' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Không mở được biểu mẫu báo cáo tháng' });
    await row.waitFor();
    await row.getByText('Mới').waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByText('Trang: /viec-cua-toi').waitFor();
    await page.getByTestId('maintenance-banner').waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'incidents.png'), animations: 'disabled' });
    await page.getByRole('button', { name: 'Chuyển sang đang xử lý' }).click();
    await row.getByText('Đang xử lý').waitFor();
    expect(j.problems).toEqual([]);
  }, 300_000);
});
