import type { FormState, SavedForm, WorkflowView } from '@baocao/core';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiAs, demoRequestToWards, SHOTS, settle, signInAs, skipBrowser, useJourney } from './support.js';

/**
 * R21 and R22 through the real server and the built web app in Debian's Chromium. Sở Tài chính asks
 * Phường Lê Chân for the demo budget report; the ward's specialist enters and submits it (set up
 * through the HTTP API), so it waits for the leader's signature. The ward's leader, on a phone-sized
 * screen, finds it under "Cần ký", reads the PDF preview and signs it with the unit's demo
 * certificate: the report gets the number 01/BC-UBND and is sent. The signed PDF passes `pdfsig`.
 * Sở Tài chính then sees the signature checked as valid and accepts the report; the ward asks to
 * correct it and Sở Tài chính agrees, which reopens the report for entry.
 */


describe.skipIf(skipBrowser)('signing journey (Chromium)', () => {
  const j = useJourney();

  it('a ward leader signs a submitted report on a phone; the signed PDF verifies; the department accepts it', async () => {
    const base = j.server.url;
    const stamp = Date.now().toString(36).toUpperCase();

    // Set-up: Sở Tài chính asks Phường Lê Chân (looked up by the administrator) for DEMO-STC-01.
    const regimeName = `Báo cáo nhanh thu ngân sách tháng 11 ${stamp}`;
    const request = await demoRequestToWards(base, [['Lê Chân', '11383']], {
      code: `E2E-KYSO-${stamp}`, name: regimeName, legalBasis: 'Công văn số 3456/STC-NS ngày 01/12/2026 của Sở Tài chính',
    });
    const id = request.assignmentIds[0]!;

    // The ward's specialist enters the figures and submits them to the leader.
    const specialist = await apiAs(base, 'chuyenvien.lechan');
    const form = await specialist.call<FormState>('GET', `/assignments/${id}/form`);
    const figures = { 'R01!KH': '9800', 'R01!TH': '4700', 'R02!KH': '600', 'R02!TH': '300', 'R03!KH': '250', 'R03!TH': '80', 'R10!KH': '7000', 'R10!TH': '3300' };
    const saved = await specialist.call<SavedForm>('PUT', `/assignments/${id}/values`, { baseVersion: form.version, changes: figures, explanations: {} });
    const submitted = await specialist.call<FormState>('POST', `/assignments/${id}/submit`, { version: saved.version });
    expect(submitted.status).toBe('awaiting_signature');

    // The leader, on a phone, finds it under "Cần ký"; the row opens the signing page.
    await signInAs(j, 'lanhdao.lechan', 'Lãnh đạo · Phường Lê Chân');
    // (The tab is picked at desktop width: on a phone antd's tab strip hides part of it under its overflow menu.)
    await j.page.getByRole('tab', { name: /Cần ký/ }).click();
    await expect.poll(() => new URL(j.page.url()).searchParams.get('muc')).toBe('to_sign');
    await j.page.setViewportSize({ width: 390, height: 844 });
    const toSign = j.page.getByRole('row').filter({ hasText: regimeName });
    await toSign.getByText('Chờ ký').waitFor();
    await expect.poll(() => j.page.locator('.ant-table-row').count()).toBe(1);
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'inbox-to-sign.png'), animations: 'disabled' });
    await toSign.getByText('DEMO-STC-01').click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe(`/viec-cua-toi/${id}/ky-so`);
    await j.page.getByText('Chứng thư số của đơn vị').waitFor();
    await j.page.getByTestId('certificate').getByText('Có hiệu lực đến').waitFor();
    await j.page.getByTestId('pdf-preview').waitFor();
    expect(await j.page.getByTestId('pdf-preview').getAttribute('data')).toMatch(/^blob:/);
    await j.page.getByRole('link', { name: 'Mở bản PDF' }).waitFor();
    await settle(j.page);
    await j.page.waitForTimeout(1500); // Chromium's PDF viewer draws the pages after the frame loads
    await j.page.screenshot({ path: join(SHOTS, 'signing-page.png'), fullPage: true, animations: 'disabled' });

    // "Ký số", confirmed: signed with the unit's certificate on the server and sent.
    await j.page.getByRole('button', { name: /Ký số$/ }).click();
    await j.page.getByText('Ký số báo cáo bằng chứng thư của đơn vị?').waitFor();
    await j.page.getByRole('button', { name: 'Ký và gửi' }).click();
    await j.page.getByText('Đã ký số và gửi báo cáo').waitFor();
    await j.page.getByTestId('document-number').getByText('Số văn bản: 01/BC-UBND').waitFor();
    await j.page.getByRole('link', { name: 'Bản PDF đã ký' }).waitFor();
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'signing-done.png'), fullPage: true, animations: 'disabled' });

    // The signed PDF, downloaded with the leader's session, carries a valid signature.
    const workflow = await (await j.context.request.get(`${base}/api/v1/assignments/${id}/workflow`)).json() as WorkflowView;
    expect(workflow.status).toBe('sent');
    const signature = workflow.signatures.find((s) => s.current)!;
    expect([signature.documentNumber, signature.verification.valid]).toEqual(['01/BC-UBND', true]);
    const pdf = await j.context.request.get(`${base}/api/v1/assignments/${id}/signatures/${signature.id}/report.pdf`);
    expect(pdf.status()).toBe(200);
    const pdfPath = join(SHOTS, 'signed-report.pdf');
    writeFileSync(pdfPath, await pdf.body());
    const pdfsig = execFileSync('pdfsig', [pdfPath], { encoding: 'utf8' });
    expect(pdfsig).toContain('Signature is Valid.');
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', pdfPath, join(SHOTS, 'signed-report')]);
    expect(existsSync(join(SHOTS, 'signed-report-1.png'))).toBe(true);

    // Sở Tài chính finds it under "Cần duyệt", sees the signature valid, and accepts it.
    await j.page.setViewportSize({ width: 1440, height: 900 });
    await signInAs(j, 'chuyenvien.stc', 'Chuyên viên · Sở Tài chính');
    await j.page.getByRole('tab', { name: /Cần duyệt/ }).click();
    await j.page.getByRole('row').filter({ hasText: regimeName }).getByText('DEMO-STC-01').click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe(`/viec-cua-toi/${id}`);
    const card = j.page.getByTestId('workflow-card');
    const signed = card.getByTestId('signatures').getByRole('row').filter({ hasText: '01/BC-UBND' });
    await signed.getByText('Hợp lệ', { exact: true }).waitFor();
    await signed.getByRole('link', { name: 'Chữ ký (.p7s)' }).waitFor();
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'signature-valid.png'), fullPage: true, animations: 'disabled' });

    await card.getByRole('button', { name: 'Duyệt' }).click();
    const dialog = j.page.getByRole('dialog').filter({ hasText: 'Duyệt báo cáo của Phường Lê Chân' });
    await dialog.getByTestId('signature-check').getByText('Chữ ký số hợp lệ', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Trả lại lãnh đạo để ký lại' }).waitFor();
    await dialog.locator('[data-cell="R01!TH"]').getByText('4.700').waitFor();
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'review-signature.png'), animations: 'disabled' });
    await dialog.getByRole('button', { name: 'Tiếp nhận' }).click();
    await j.page.getByText('Đã tiếp nhận báo cáo của Phường Lê Chân').waitFor();
    await card.getByText('Đã tiếp nhận').first().waitFor();

    // The ward finds a mistake and asks to correct the accepted report; Sở Tài chính agrees.
    await signInAs(j, 'chuyenvien.lechan', 'Chuyên viên · Phường Lê Chân');
    await j.page.goto(`${base}/viec-cua-toi/${id}`);
    await j.page.getByTestId('workflow-card').getByRole('button', { name: 'Đề nghị đính chính' }).click();
    const ask = j.page.getByRole('dialog').filter({ hasText: 'Đề nghị đính chính báo cáo đã được tiếp nhận' });
    await ask.getByLabel('Lý do đính chính').fill('Số thu khác thực hiện bị nhập thiếu khoản thu từ đấu giá tài sản.');
    await ask.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await j.page.getByText('Đã gửi đề nghị đính chính').waitFor();
    await j.page.getByTestId('workflow-card').getByText('Chờ xem xét').waitFor();

    await signInAs(j, 'chuyenvien.stc', 'Chuyên viên · Sở Tài chính');
    await j.page.getByRole('tab', { name: /Cần duyệt/ }).click();
    await j.page.getByRole('row').filter({ hasText: regimeName }).getByText('Đề nghị đính chính').click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe(`/viec-cua-toi/${id}`);
    await card.getByRole('button', { name: 'Xem xét đề nghị đính chính' }).click();
    const decide = j.page.getByRole('dialog').filter({ hasText: 'Đề nghị đính chính của Phường Lê Chân' });
    await decide.getByText(/đấu giá tài sản/).waitFor();
    await decide.getByRole('button', { name: 'Từ chối' }).click();
    await decide.getByText('Cần nêu lý do từ chối').waitFor();
    await decide.getByRole('button', { name: 'Đồng ý' }).click();
    await j.page.getByText('Đã đồng ý cho đính chính').waitFor();
    await card.getByText('Đã đồng ý', { exact: true }).waitFor();
    await card.getByText('Hợp lệ', { exact: true }).waitFor();
    await settle(j.page);
    await expect.poll(() => j.page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await j.page.screenshot({ path: join(SHOTS, 'correction-approved.png'), fullPage: true, animations: 'disabled' });
    const reopened = await (await j.context.request.get(`${base}/api/v1/assignments/${id}/workflow`)).json() as WorkflowView;
    expect(reopened.status).toBe('draft');

    expect(j.problems).toEqual([]);
  });
});
