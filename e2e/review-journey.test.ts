import { createWorkingCalendar, vietnamDateOf, type AggregateView, type FormState, type SavedForm, type SubmissionVersion } from '@baocao/core';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoRequestToWards, SHOTS, settle, signInAs, skipBrowser, useJourney, apiAs, type UnitRow } from './support.js';

/**
 * R18, R26, R39 through the real server and the built web app in Debian's Chromium. Sở Tài chính asks
 * three wards for the demo budget report (set up through the HTTP API, as are the wards' figures).
 * In the browser the department returns Phường Ngô Quyền's report with a reason and a flagged cell;
 * the ward resubmits a corrected figure and the department sees both versions with the difference.
 * Phường Lê Chân, returned too, passes the work to two of its divisions; one sends, and the ward
 * opens "Tổng hợp", looks at one cell's contributions and takes the aggregate into its own report
 * with a note about the division still missing. Screenshots land in test-results/.
 */

type Client = Awaited<ReturnType<typeof apiAs>>;

/**
 * Saves figures on top of the form as it is, then sends it: what a ward's specialist does in the entry
 * grid. A ward's report goes to its leader, who signs it (the signing journey shows that page); a
 * division's goes straight back to its ward.
 */
async function enterAndSubmit(client: Client, assignmentId: string, changes: Record<string, string | null>, leader?: Client): Promise<FormState> {
  const form = await client.call<FormState>('GET', `/assignments/${assignmentId}/form`);
  const saved = await client.call<SavedForm>('PUT', `/assignments/${assignmentId}/values`, { baseVersion: form.version, changes, explanations: {} });
  // A save answers with what it wrote; the server's check is the form's.
  const checked = await client.call<FormState>('GET', `/assignments/${assignmentId}/form`);
  expect(checked.violations.filter((v) => v.severity === 'error')).toEqual([]);
  const sent = await client.call<FormState>('POST', `/assignments/${assignmentId}/submit`, { version: saved.version });
  if (!leader) {
    expect(sent.status).toBe('sent');
    return sent;
  }
  expect(sent.status).toBe('awaiting_signature');
  const { latestVersion } = await leader.call<{ latestVersion: number }>('GET', `/assignments/${assignmentId}/workflow`);
  expect((await leader.call<{ status: string }>('POST', `/assignments/${assignmentId}/sign`, { versionNumber: latestVersion })).status).toBe('sent');
  return client.call<FormState>('GET', `/assignments/${assignmentId}/form`);
}

/** The same four figures a year (KH) and a period (TH) for taxes, fees, other revenue and spending. */
const figures = (kh: [string, string, string, string], th: [string, string, string, string]) =>
  Object.fromEntries(['R01', 'R02', 'R03', 'R10'].flatMap((row, i) => [[`${row}!KH`, kh[i]!], [`${row}!TH`, th[i]!]]));

describe.skipIf(skipBrowser)('review and aggregation journey (Chromium)', () => {
  const j = useJourney();

  it('a department returns a ward’s report and sees the resubmitted difference; a ward aggregates its divisions', async () => {
    const base = j.server.url;
    const calendar = createWorkingCalendar();
    const today = vietnamDateOf(new Date());
    const stamp = Date.now().toString(36).toUpperCase();

    // Set-up: Sở Tài chính asks three wards (looked up by the administrator) for DEMO-STC-01.
    const regimeName = `Báo cáo nhanh thu, chi ngân sách tháng 11 ${stamp}`;
    const request = await demoRequestToWards(base, [['Hồng Bàng', '11311'], ['Ngô Quyền', '11329'], ['Lê Chân', '11383']], {
      code: `E2E-DUYET-${stamp}`, name: regimeName, legalBasis: 'Công văn số 2345/STC-NS ngày 01/12/2026 của Sở Tài chính',
    });
    const { stc, roundKey } = request;
    const regime = { id: request.regimeId };
    const leChan = request.units[2]!;
    const admin = await apiAs(base, 'quantri');
    const [hbId, nqId, lcId] = request.assignmentIds as [string, string, string];

    // Each ward's specialist enters and sends its figures.
    const ngoQuyenLeader = await apiAs(base, 'lanhdao.ngoquyen');
    await enterAndSubmit(await apiAs(base, 'chuyenvien.hongbang'), hbId, figures(['12500.5', '800', '300', '9000'], ['6100.25', '420', '95.5', '4300']), await apiAs(base, 'lanhdao.hongbang'));
    const ngoQuyenClient = await apiAs(base, 'chuyenvien.ngoquyen');
    await enterAndSubmit(ngoQuyenClient, nqId, figures(['15000', '950', '400', '11000'], ['7200', '5100', '130', '5200']), ngoQuyenLeader);
    const leChanClient = await apiAs(base, 'chuyenvien.lechan');
    await enterAndSubmit(leChanClient, lcId, figures(['9800', '600', '250', '7000'], ['4700', '300', '80', '3300']), await apiAs(base, 'lanhdao.lechan'));

    // The department opens the round's progress and returns Ngô Quyền's report: fees look ten times too high.
    await signInAs(j, 'chuyenvien.stc', 'Chuyên viên · Sở Tài chính');
    await j.page.goto(`${base}/che-do-bao-cao/${regime.id}`);
    const panel = j.page.getByTestId('round-progress');
    const rowOf = (name: string) => panel.getByRole('row').filter({ hasText: name });
    await rowOf('Phường Ngô Quyền').getByRole('button', { name: 'Duyệt' }).click();
    const dialog = j.page.getByRole('dialog').filter({ hasText: 'Duyệt báo cáo của Phường Ngô Quyền' });
    await dialog.locator('[data-cell="R02!TH"]').getByText('5.100').waitFor();
    await dialog.locator('[data-cell="R01!TH"]').getByText('7.200').waitFor();
    await dialog.locator('[data-cell="R02!TH"]').click();
    await expect.poll(() => dialog.locator('[data-cell="R02!TH"]').getAttribute('data-mark')).toBe('flagged');
    await dialog.getByText('2. Thu phí, lệ phí · Thực hiện kỳ báo cáo').first().waitFor();
    await dialog.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await dialog.getByText('Cần nêu lý do trả lại').waitFor();
    await dialog.getByLabel('Lý do / nhận xét').fill('Số thu phí, lệ phí thực hiện (5.100 triệu đồng) vượt kế hoạch năm; đề nghị kiểm tra lại.');
    await dialog.getByText('Cần nêu lý do trả lại').waitFor({ state: 'hidden' });
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'review-reject.png'), animations: 'disabled' });
    await dialog.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await j.page.getByText('Đã trả lại báo cáo cho Phường Ngô Quyền').waitFor();
    await rowOf('Phường Ngô Quyền').getByText('Bị trả lại').waitFor();

    // Hồng Bàng's report is accepted as it is.
    await rowOf('Phường Hồng Bàng').getByRole('button', { name: 'Duyệt' }).click();
    await j.page.getByRole('dialog').filter({ hasText: 'Duyệt báo cáo của Phường Hồng Bàng' }).getByRole('button', { name: 'Tiếp nhận' }).click();
    await j.page.getByText('Đã tiếp nhận báo cáo của Phường Hồng Bàng').waitFor();
    await rowOf('Phường Hồng Bàng').getByText('Đã tiếp nhận').waitFor();

    // Lê Chân is asked (through the API) to build its figures from its divisions.
    await stc.call('POST', `/assignments/${lcId}/review`, { decision: 'reject', reason: 'Đề nghị tổng hợp số liệu từ các phòng chuyên môn.', flaggedCells: [] });

    // Ngô Quyền sees the reason and the flagged cell, corrects it and sends again.
    const returned = await ngoQuyenClient.call<FormState>('GET', `/assignments/${nqId}/form`);
    expect([returned.status, returned.returnReason, returned.flaggedCells]).toEqual(['returned', expect.stringContaining('vượt kế hoạch'), ['R02!TH']]);
    await enterAndSubmit(ngoQuyenClient, nqId, { 'R02!TH': '510', 'R03!TH': '135' }, ngoQuyenLeader);
    const versions = await stc.call<SubmissionVersion[]>('GET', `/assignments/${nqId}/versions`);
    expect(versions.map((v) => [v.number, v.review?.decision ?? null])).toEqual([
      [1, 'reject'],
      [2, null],
    ]);

    // The department opens the versions from the round's progress: both kept, the difference shown.
    await j.page.reload();
    await rowOf('Phường Ngô Quyền').getByText('Đã gửi').first().waitFor();
    await rowOf('Phường Ngô Quyền').getByRole('link', { name: 'Các phiên bản' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe(`/viec-cua-toi/${nqId}/phien-ban`);
    const latest = j.page.getByTestId('version-2');
    await latest.getByText('2 ô thay đổi so với phiên bản 1').waitFor();
    await latest.getByRole('row').filter({ hasText: 'Thu phí, lệ phí · Thực hiện kỳ báo cáo' }).getByText('5.100').waitFor();
    await latest.getByRole('row').filter({ hasText: 'Thu phí, lệ phí · Thực hiện kỳ báo cáo' }).getByText('510').first().waitFor();
    await expect.poll(() => latest.locator('[data-cell="R02!TH"]').getAttribute('data-mark')).toBe('changed');
    await j.page.getByTestId('version-1').getByText(/Bị trả lại/).waitFor();
    await j.page.getByTestId('version-1').getByText('Lý do: Số thu phí, lệ phí thực hiện', { exact: false }).waitFor();
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'versions-diff.png'), fullPage: true, animations: 'disabled' });

    // The department consolidates the round over the three wards: Lê Chân, returned, is still missing.
    await j.page.goto(`${base}/che-do-bao-cao/${regime.id}`);
    await panel.getByRole('button', { name: 'Tổng hợp kỳ này' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe(`/che-do-bao-cao/${regime.id}/ky/${encodeURIComponent(roundKey)}/tong-hop`);
    await j.page.getByText('Còn 1 đơn vị chưa gửi: Phường Lê Chân').first().waitFor();
    const roundSources = j.page.getByTestId('aggregate-sources');
    await roundSources.getByText('Đơn vị được giao (3)').waitFor();
    await roundSources.getByRole('row').filter({ hasText: 'Phường Hồng Bàng' }).getByText('Đã đưa vào tổng hợp').waitFor();
    await roundSources.getByRole('row').filter({ hasText: 'Phường Lê Chân' }).getByText('Chưa có số liệu').waitFor();
    const roundGrid = j.page.getByTestId('aggregate-form');
    await roundGrid.locator('[data-cell="R01!TH"]').getByText('13.300,25').waitFor();
    await roundGrid.locator('[data-cell="R00!TH"]').getByText('14.460,75').waitFor();
    await roundGrid.locator('[data-cell="R01!TH"]').click();
    const roundDetails = j.page.getByTestId('contribution-details');
    await roundDetails.getByRole('row').filter({ hasText: 'Phường Hồng Bàng' }).getByText('6.100,25').waitFor();
    await roundDetails.getByRole('row').filter({ hasText: 'Phường Lê Chân' }).getByText('Chưa gửi').waitFor();
    await expect(j.page.getByRole('button', { name: 'Đưa số liệu tổng hợp vào báo cáo của đơn vị' }).count()).resolves.toBe(0);
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'round-aggregate.png'), fullPage: true, animations: 'disabled' });

    // Lê Chân gets two divisions (the administrator adds them and a specialist of one), and delegates to both.
    const division = (code: string, name: string) => admin.call<UnitRow>('POST', '/units', { code, name, kind: 'division', parentId: leChan.id });
    const finance = await division(`11383-TCKH-${stamp}`, 'Phòng Tài chính - Kế hoạch phường Lê Chân');
    const economy = await division(`11383-KT-${stamp}`, 'Phòng Kinh tế phường Lê Chân');
    const username = `chuyenvien.tckh.${stamp.toLowerCase()}`;
    await admin.call('POST', '/users', { username, fullName: 'Trịnh Văn Khoa', role: 'specialist', unitId: finance.id, password: 'Tamthoi@2026x' });
    const first = await apiAs(base, username, 'Tamthoi@2026x');
    await first.call('POST', '/auth/password', { currentPassword: 'Tamthoi@2026x', newPassword: 'Khoa-TCKH-2026x' }, 204);
    const lanhdao = await apiAs(base, 'lanhdao.lechan');
    const parent = await lanhdao.call<{ delegations: { id: string; unitId: string }[] }>('POST', `/assignments/${lcId}/delegations`, {
      unitIds: [finance.id, economy.id],
      dueOn: calendar.addWorkingDays(today, 4),
      note: 'Tổng hợp số liệu thu, chi ngân sách của phòng.',
    }, 201);
    const financeTask = parent.delegations.find((d) => d.unitId === finance.id)!.id;
    const financeClient = await apiAs(base, username, 'Khoa-TCKH-2026x');
    await enterAndSubmit(financeClient, financeTask, figures(['9800', '610', '250', '7000'], ['4700.75', '310', '80', '3300']));

    // The ward opens its assignment, then "Tổng hợp": the finance division's figures, the economy division missing.
    await signInAs(j, 'chuyenvien.lechan', 'Chuyên viên · Phường Lê Chân');
    await j.page.goto(`${base}/viec-cua-toi/${lcId}`);
    const delegations = j.page.getByTestId('delegations');
    await delegations.getByRole('row').filter({ hasText: finance.name }).getByText('Đã gửi').waitFor();
    await delegations.getByRole('button', { name: 'Tổng hợp' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe(`/viec-cua-toi/${lcId}/tong-hop`);
    await j.page.getByText(`Còn 1 đơn vị chưa gửi: ${economy.name}`).first().waitFor();
    const sources = j.page.getByTestId('aggregate-sources');
    await sources.getByRole('row').filter({ hasText: finance.name }).getByText('Đã đưa vào tổng hợp').waitFor();
    await sources.getByRole('row').filter({ hasText: economy.name }).getByText('Chưa có số liệu').waitFor();
    const grid = j.page.getByTestId('aggregate-form');
    await grid.locator('[data-cell="R01!TH"]').getByText('4.700,75').waitFor();
    await grid.locator('[data-cell="R00!TH"]').getByText('5.090,75').waitFor();
    await grid.locator('[data-cell="R01!TH"]').click();
    const drawer = j.page.getByTestId('contribution-details');
    await j.page.getByText('Chi tiết đóng góp').waitFor();
    await drawer.getByRole('row').filter({ hasText: finance.name }).getByText('4.700,75').waitFor();
    await drawer.getByRole('row').filter({ hasText: economy.name }).getByText('Chưa gửi').waitFor();
    await drawer.getByTestId('contribution-total').getByText('4.700,75').waitFor();
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'aggregate.png'), fullPage: true, animations: 'disabled' });
    await j.page.locator('.ant-popover').getByRole('button', { name: 'Đóng' }).click();
    await drawer.waitFor({ state: 'hidden' });

    // Taking it into the ward's report needs a note while a division is missing.
    await j.page.getByRole('button', { name: 'Đưa số liệu tổng hợp vào báo cáo của đơn vị' }).click();
    const apply = j.page.getByRole('dialog').filter({ hasText: 'Chờ các đơn vị gửi đủ' });
    await apply.getByRole('button', { name: 'Đưa vào báo cáo' }).click();
    await apply.getByText('Cần ghi chú vì còn đơn vị chưa gửi báo cáo').waitFor();
    await apply.getByLabel('Ghi chú về các đơn vị chưa gửi').fill('Phòng Kinh tế chưa phát sinh số liệu thu trong kỳ.');
    await apply.getByRole('button', { name: 'Đưa vào báo cáo' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe(`/viec-cua-toi/${lcId}/nhap-lieu`);
    const draft = await leChanClient.call<FormState>('GET', `/assignments/${lcId}/form`);
    expect([draft.status, draft.inputs['R01!TH'], draft.inputs['R02!KH'], draft.computed['R00!TH']]).toEqual(['returned', '4700.75', '610.00', '5090.75']);
    const view = await leChanClient.call<AggregateView>('GET', `/assignments/${lcId}/aggregate`);
    expect(view.missing.map((m) => m.unitName)).toEqual([economy.name]);

    // The ward returns the finance division's report from its assignment page; the division corrects a figure.
    await j.page.goto(`${base}/viec-cua-toi/${lcId}`);
    const financeRow = delegations.getByRole('row').filter({ hasText: finance.name });
    await financeRow.getByRole('button', { name: 'Duyệt' }).click();
    const review = j.page.getByRole('dialog').filter({ hasText: `Duyệt báo cáo của ${finance.name}` });
    await review.locator('[data-cell="R02!TH"]').getByText('310,00').waitFor();
    const reason = review.getByLabel('Lý do / nhận xét');
    await reason.fill('Thu phí, lệ phí chưa gồm lệ phí trước bạ; đề nghị bổ sung.');
    // On a loaded machine the form may not have taken the text yet: wait for it, then send.
    await expect.poll(() => reason.inputValue()).toContain('lệ phí trước bạ');
    await settle(j.page);
    await review.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await j.page.getByText(`Đã trả lại báo cáo cho ${finance.name}`).waitFor({ timeout: 30_000 });
    await financeRow.getByText('Bị trả lại').waitFor();
    await enterAndSubmit(financeClient, financeTask, { 'R02!TH': '355' });

    // "Tổng hợp" again: the cells that moved since the ward took the aggregate in are pointed out.
    await j.page.reload();
    await financeRow.getByText('Đã gửi').waitFor();
    await delegations.getByRole('button', { name: 'Tổng hợp' }).click();
    await j.page.getByText(/Số liệu tổng hợp đã thay đổi ở \d+ ô/).waitFor();
    await j.page.getByText(/2\. Thu phí, lệ phí · Thực hiện kỳ báo cáo/).waitFor();
    await grid.locator('[data-cell="R02!TH"]').getByText('355,00').waitFor();
    await expect.poll(() => grid.locator('[data-cell="R02!TH"]').getAttribute('data-mark')).toBe('changed');
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'aggregate-changed.png'), fullPage: true, animations: 'disabled' });

    expect(j.problems).toEqual([]);
  });
});
