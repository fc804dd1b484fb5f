import { createWorkingCalendar, formatDateVi, regimeRounds, vietnamDateOf } from '@baocao/core';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choose, chooseUnit, pickDate, SHOTS, settle, signInAs, skipBrowser, useJourney } from './support.js';

/**
 * Reporting regimes through the real server and the built web app in Debian's Chromium: a specialist
 * of Sở Tài chính issues an ad hoc request to three wards from the regime form, checks the live
 * preview, and lands on its page with nobody having answered yet; each ward's specialist finds it in
 * "Việc của tôi". Then a monthly regime on Decree 09 windows, due 2 working days after the cutoff,
 * whose preview and schedule list the coming months; finally the administrator's working calendar.
 * Screenshots land in test-results/.
 */


describe.skipIf(skipBrowser)('regime journey (Chromium)', () => {
  const j = useJourney();
  const calendar = createWorkingCalendar();
  const today = vietnamDateOf(new Date());
  const stamp = Date.now().toString(36).toUpperCase();
  const adHocName = `Báo cáo nhanh tình hình thu ngân sách cuối năm ${stamp}`;
  const wards: [string, string, string][] = [
    ['chuyenvien.hongbang', 'Phường Hồng Bàng', 'hongbang'],
    ['chuyenvien.ngoquyen', 'Phường Ngô Quyền', 'ngoquyen'],
    ['chuyenvien.lechan', 'Phường Lê Chân', 'lechan'],
  ];

  const signIn = (username: string, who: string) => signInAs(j, username, who);

  /** No message toast left, no spinner, scrolled to the top (the form's preview panel is sticky). */
  async function quiet() {
    await expect.poll(() => j.page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await j.page.evaluate(() => window.scrollTo(0, 0));
    await settle(j.page);
  }

  it('a department specialist issues an ad hoc request to three wards; nobody has answered yet; each ward finds it in its work', async () => {
    const dueOn = calendar.addWorkingDays(today, 4);

    await signIn('chuyenvien.stc', 'Chuyên viên · Sở Tài chính');
    await j.page.getByRole('menuitem', { name: 'Chế độ báo cáo' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/che-do-bao-cao');
    await j.page.getByRole('button', { name: 'Tạo chế độ báo cáo' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/che-do-bao-cao/moi');

    await j.page.getByText('Đột xuất', { exact: true }).click();
    await j.page.getByLabel('Mã chế độ báo cáo').fill(`E2E-DX-${stamp}`);
    await j.page.getByLabel('Tên chế độ báo cáo').fill(adHocName);
    // The requesting unit defaults to the specialist's own.
    await j.page.getByText('Sở Tài chính (DEMO-STC)').waitFor();
    await choose(j.page, j.page.getByLabel('Biểu mẫu', { exact: true }), 'DEMO-STC-01');
    await j.page.keyboard.press('Escape');
    await j.page.getByLabel('Căn cứ pháp lý').fill('Công văn số 1234/STC-NS ngày 01/12/2026 của Sở Tài chính');
    for (const [, ward] of wards) await chooseUnit(j.page, j.page.getByLabel('Đối tượng 1', { exact: true }), ward.replace('Phường ', ''), ward);
    await pickDate(j.page.getByLabel('Hạn gửi báo cáo', { exact: true }), dueOn);

    // The server's preview: one round due on the chosen day, reaching the three wards.
    const preview = j.page.getByTestId('regime-preview');
    await preview.getByText('Đơn vị được giao báo cáo (3)').waitFor();
    for (const [, ward] of wards) await preview.getByRole('cell', { name: ward, exact: true }).waitFor();
    await preview.getByRole('cell', { name: formatDateVi(dueOn), exact: true }).waitFor();
    await quiet();
    await j.page.screenshot({ path: join(SHOTS, 'regime-adhoc-form.png'), fullPage: true, animations: 'disabled' });

    await j.page.getByRole('button', { name: 'Gửi yêu cầu báo cáo' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toMatch(/^\/che-do-bao-cao\/[0-9a-f-]{36}$/);
    await j.page.getByText(`E2E-DX-${stamp} — ${adHocName}`).waitFor();
    // The request's round is open at once, nobody has answered, the three wards are missing.
    await j.page.getByText('0/3 đơn vị đã gửi').waitFor();
    const progress = j.page.getByTestId('round-progress');
    for (const [, ward] of wards) await progress.getByRole('row').filter({ hasText: ward }).getByText('Chưa gửi', { exact: true }).waitFor();
    await quiet();
    await j.page.screenshot({ path: join(SHOTS, 'regime-adhoc-created.png'), fullPage: true, animations: 'disabled' });

    for (const [username, ward, slug] of wards) {
      await signIn(username, `Chuyên viên · ${ward}`);
      await j.page.goto(`${j.server.url}/viec-cua-toi`);
      await j.page.getByText(adHocName).first().waitFor();
      await quiet();
      await j.page.screenshot({ path: join(SHOTS, `inbox-${slug}.png`), animations: 'disabled' });
    }
    expect(j.problems).toEqual([]);
  });

  it('a monthly regime on Decree 09 windows, due 2 working days after the cutoff, lists the coming months', async () => {
    const expected = regimeRounds(
      { kind: 'periodic', periodicity: 'month', cutoffRule: { kind: 'decree_09' }, deadlineRule: { kind: 'working_days_after_cutoff', days: 2 }, startsOn: today, endsOn: null },
      calendar,
      { limit: 6 },
    );
    const name = `Báo cáo tháng tình hình thực hiện dự toán ngân sách ${stamp}`;

    await signIn('chuyenvien.stc', 'Chuyên viên · Sở Tài chính');
    await j.page.goto(`${j.server.url}/che-do-bao-cao/moi`);
    await expect.poll(() => j.page.getByRole('radio', { name: 'Định kỳ' }).isChecked()).toBe(true);
    await j.page.getByLabel('Mã chế độ báo cáo').fill(`E2E-TH-${stamp}`);
    await j.page.getByLabel('Tên chế độ báo cáo').fill(name);
    await choose(j.page, j.page.getByLabel('Biểu mẫu', { exact: true }), 'DEMO-STC-01');
    await j.page.keyboard.press('Escape');
    // Every ward and commune of the city.
    await choose(j.page, j.page.getByLabel('Loại đối tượng 1'), 'Mọi đơn vị thuộc loại');
    await choose(j.page, j.page.getByLabel('Đối tượng 1', { exact: true }), 'Cấp xã');
    // Decree 09 windows, 2 working days after the cutoff and a start today are the form's defaults.
    await expect.poll(() => j.page.getByRole('radio', { name: /Theo Nghị định 09\/2019/ }).isChecked()).toBe(true);
    await expect.poll(() => j.page.getByLabel('Số ngày làm việc sau ngày chốt số liệu').inputValue()).toBe('2');
    await expect.poll(() => j.page.getByLabel('Áp dụng từ ngày').inputValue()).toBe(formatDateVi(today));

    const preview = j.page.getByTestId('regime-preview');
    for (const round of expected) {
      const row = preview.getByRole('row').filter({ hasText: round.label });
      await row.getByText(`${formatDateVi(round.cutoffFrom)} – ${formatDateVi(round.cutoffTo)}`).waitFor();
      await row.getByText(formatDateVi(round.dueOn)).waitFor();
    }
    await preview.getByText(/Đơn vị được giao báo cáo \(\d+\)/).waitFor();
    await quiet();
    await j.page.screenshot({ path: join(SHOTS, 'regime-monthly-form.png'), fullPage: true, animations: 'disabled' });

    await j.page.getByRole('button', { name: 'Tạo chế độ báo cáo' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toMatch(/^\/che-do-bao-cao\/[0-9a-f-]{36}$/);
    await j.page.getByText(`E2E-TH-${stamp} — ${name}`).waitFor();
    await j.page.getByText('Chậm nhất 2 ngày làm việc sau ngày chốt số liệu').waitFor();
    // The schedule: the month open today, then the next ones greyed as upcoming.
    for (const round of expected) await j.page.getByRole('row').filter({ hasText: round.label }).getByText(formatDateVi(round.dueOn)).first().waitFor();
    await quiet();
    await j.page.screenshot({ path: join(SHOTS, 'regime-monthly.png'), fullPage: true, animations: 'disabled' });

    // It is listed among the department's regimes, with its next due date.
    await j.page.getByRole('button', { name: 'Danh sách chế độ báo cáo' }).click();
    const listed = j.page.getByRole('row').filter({ hasText: `E2E-TH-${stamp}` });
    await listed.getByText('Định kỳ · Hằng tháng').waitFor();
    await listed.getByText(formatDateVi(expected[0]!.dueOn)).waitFor();
    expect(j.problems).toEqual([]);
  });

  it('the administrator sees the computed holidays of the year and runs the scheduler', async () => {
    await signIn('quantri', 'Quản trị hệ thống · Thành phố Hải Phòng');
    await j.page.getByRole('menuitem', { name: 'Lịch làm việc' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/lich-lam-viec');
    await j.page.getByRole('cell', { name: 'Tết Nguyên đán' }).first().waitFor();
    await j.page.getByRole('cell', { name: 'Giỗ Tổ Hùng Vương', exact: true }).waitFor();
    await j.page.getByRole('button', { name: 'Chạy lập lịch ngay' }).click();
    await j.page.getByText(`Kết quả chạy ngày ${formatDateVi(today)}`).waitFor();
    await quiet();
    await j.page.screenshot({ path: join(SHOTS, 'working-calendar.png'), fullPage: true, animations: 'disabled' });
    expect(j.problems).toEqual([]);
  });
});
