import { createWorkingCalendar, formatDateVi, vietnamDateOf } from '@baocao/core';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choose, pickDate, SHOTS, settle, signInAs, skipBrowser, useJourney, apiAs } from './support.js';

/**
 * R16 through the real server and the built web app in Debian's Chromium: Sở Tài chính issues an ad
 * hoc request to Phường Lê Chân (set up through the HTTP API); the ward's leader finds it in "Việc
 * của tôi" under "Cần nhập liệu", gives it to a specialist with an internal deadline before the
 * outer one, delegates it to a division and takes that back with a reason; the specialist then finds
 * it in their own inbox with the internal deadline. Screenshots land in test-results/.
 */

type UnitRow = { id: string; code: string; name: string; kind: string; active: boolean };

describe.skipIf(skipBrowser)('delegation journey (Chromium)', () => {
  const j = useJourney();

  const signIn = (username: string, who: string) => signInAs(j, username, who);

  it('a ward leader gives an ad hoc request to a specialist and to a division, takes the division’s back; the specialist sees it', async () => {
    const base = j.server.url;
    const calendar = createWorkingCalendar();
    const today = vietnamDateOf(new Date());
    const outerDue = calendar.addWorkingDays(today, 8);
    const personDue = calendar.addWorkingDays(today, 5);
    const divisionDue = calendar.addWorkingDays(today, 3);

    // Set-up through the API: Sở Tài chính asks Phường Lê Chân for the demo budget report.
    const stc = await apiAs(base, 'chuyenvien.stc');
    const templates = await stc.call<{ id: string; code: string }[]>('GET', '/templates?status=official');
    const template = templates.find((t) => t.code === 'DEMO-STC-01');
    expect(template, 'demo template DEMO-STC-01').toBeDefined();
    // A department only sees its own subtree: the administrator looks the ward up (code 11383).
    const admin = await apiAs(base, 'quantri');
    const wards = await admin.call<UnitRow[]>('GET', `/units?q=${encodeURIComponent('Lê Chân')}`);
    const ward = wards.find((u) => u.code === '11383');
    expect(ward, 'Phường Lê Chân').toBeDefined();
    const regimeName = `Báo cáo nhanh tình hình thu ngân sách cuối năm ${Date.now().toString(36).toUpperCase()}`;
    await stc.call('POST', '/regimes', {
      kind: 'ad_hoc',
      code: `E2E-DX-${Date.now().toString(36).toUpperCase()}`,
      name: regimeName,
      requestingUnitId: stc.session.user.unitId,
      templateIds: [template!.id],
      targets: [{ type: 'units', unitIds: [ward!.id] }],
      legalBasis: 'Công văn số 1234/STC-NS ngày 01/12/2026 của Sở Tài chính',
      dueOn: outerDue,
    });

    // The ward needs a division to delegate to: the demo data has none, so the administrator adds one.
    const children = (await admin.call<UnitRow[]>('GET', `/units?parentId=${ward!.id}`)).filter((u) => u.active);
    const division =
      children[0] ??
      (await admin.call<UnitRow>('POST', '/units', { code: '11383-VHXH', name: 'Phòng Văn hóa - Xã hội phường Lê Chân', kind: 'division', parentId: ward!.id }));

    // The leader lands on "Việc của tôi" and finds the request under "Cần nhập liệu".
    await signIn('lanhdao.lechan', 'Lãnh đạo · Phường Lê Chân');
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/viec-cua-toi');
    await j.page.getByRole('tab', { name: /Cần nhập liệu/ }).click();
    const row = j.page.getByRole('row').filter({ hasText: regimeName });
    await row.getByText('DEMO-STC-01').waitFor();
    await row.getByText(formatDateVi(outerDue), { exact: true }).waitFor();
    await row.getByText('Còn 8 ngày làm việc').waitFor();
    await row.getByText('Sở Tài chính').waitFor();
    await row.click();
    await expect.poll(() => new URL(j.page.url()).pathname).toMatch(/^\/viec-cua-toi\/[0-9a-f-]{36}$/);
    await j.page.getByText('Báo cáo đột xuất').first().waitFor();
    await j.page.getByText('Công văn số 1234/STC-NS').waitFor();

    // To a specialist, with an internal deadline before the outer one.
    await choose(j.page, j.page.getByLabel('Cán bộ thực hiện'), 'chuyenvien.lechan');
    await pickDate(j.page.getByLabel('Hạn nội bộ (không bắt buộc)'), personDue);
    await j.page.getByRole('button', { name: 'Giao việc cho cán bộ' }).click();
    await j.page.getByText(/^Đã giao việc cho /).waitFor();
    await expect.poll(() => j.page.getByTestId('assignee').textContent()).not.toBe('Chưa phân công');
    const assignee = (await j.page.getByTestId('assignee').textContent()) ?? '';
    await expect.poll(() => j.page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'assignment-delegated.png'), fullPage: true, animations: 'disabled' });

    // To the division, with an earlier internal deadline; then taken back with a reason.
    await choose(j.page, j.page.getByLabel('Đơn vị nhận việc'), division.name);
    await j.page.keyboard.press('Escape');
    await pickDate(j.page.getByLabel('Hạn nội bộ', { exact: true }), divisionDue);
    await j.page.getByLabel('Ghi chú cho đơn vị nhận').fill('Tổng hợp số liệu thu phí, lệ phí trên địa bàn.');
    await j.page.getByRole('button', { name: 'Giao việc cho đơn vị' }).click();
    await j.page.getByText('Đã giao việc cho 1 đơn vị').waitFor();
    const delegation = j.page.getByTestId('delegations').getByRole('row').filter({ hasText: division.name });
    await delegation.getByText(formatDateVi(divisionDue)).waitFor();
    await delegation.getByText('Chưa thực hiện').waitFor();
    await delegation.getByRole('button', { name: 'Thu hồi' }).click();
    const dialog = j.page.getByRole('dialog').filter({ hasText: 'Thu hồi việc đã giao cho' });
    await dialog.getByLabel('Lý do thu hồi').fill('Phường tự tổng hợp, không cần phòng thực hiện.');
    await dialog.getByRole('button', { name: 'Thu hồi' }).click();
    await j.page.getByText('Đã thu hồi việc').first().waitFor();
    await delegation.getByText('Đã thu hồi').waitFor();
    await expect.poll(() => delegation.getByRole('button', { name: 'Thu hồi' }).count()).toBe(0);
    await expect.poll(() => j.page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'delegation-withdrawn.png'), fullPage: true, animations: 'disabled' });

    // The specialist finds it in their own inbox, due on the internal deadline.
    await signIn('chuyenvien.lechan', 'Chuyên viên · Phường Lê Chân');
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/viec-cua-toi');
    const mine = j.page.getByRole('row').filter({ hasText: regimeName });
    await mine.getByText(formatDateVi(personDue), { exact: true }).waitFor();
    await mine.getByText('Còn 5 ngày làm việc').waitFor();
    await mine.getByText(`Hạn của đơn vị: ${formatDateVi(outerDue)}`).waitFor();
    await mine.getByText(assignee).waitFor();
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'inbox-assigned.png'), animations: 'disabled' });

    expect(j.problems).toEqual([]);
  });
});
