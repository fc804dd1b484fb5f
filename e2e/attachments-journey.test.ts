import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clamdInstalled, EICAR, startClamd, type Clamd } from '../packages/server/test/clamd.js';
import { demoRequestToWards, SHOTS, settle, signInAs, skipBrowser, useJourney } from './support.js';

/** A small but well-formed PDF: the server checks the bytes, not the name. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');

if (!clamdInstalled) console.warn('[e2e] attachments journey SKIPPED: clamd not found (apt-get install clamav-daemon)');

/**
 * R35 and R34 in the browser: the server scans with a real clamd (a test signature database, so the EICAR
 * test file is caught without the internet), configured as an operator would, by CLAMD_SOCKET. Sở Tài chính
 * asks Phường Hồng Bàng for a report; the ward's specialist confirms the files hold no state secret, attaches a
 * clean PDF and sees it listed, then tries a PDF carrying the EICAR test string and sees it refused with the
 * server's reason, nothing added. The department then reads the list, without a remove button, on the versions page.
 */
describe.skipIf(skipBrowser || !clamdInstalled)('attachments journey (Chromium + clamd)', () => {
  // Registered before useJourney: clamd is up and CLAMD_SOCKET set before the server reads its config,
  // and (after-hooks run in reverse) stopped only once the server is closed.
  let clamd: Clamd | null = null;
  const saved = { socket: process.env.CLAMD_SOCKET, host: process.env.CLAMD_HOST };
  beforeAll(async () => {
    clamd = await startClamd();
    process.env.CLAMD_SOCKET = clamd!.socket;
    delete process.env.CLAMD_HOST;
  }, 120_000);
  afterAll(async () => {
    await clamd?.stop();
    if (saved.socket === undefined) delete process.env.CLAMD_SOCKET;
    else process.env.CLAMD_SOCKET = saved.socket;
    if (saved.host !== undefined) process.env.CLAMD_HOST = saved.host;
  });
  const j = useJourney();

  it('a ward specialist attaches a clean PDF and is refused an infected one with the reason', async () => {
    const base = j.server.url;
    const page = j.page;
    const stamp = Date.now().toString(36).toUpperCase();
    const name = `Báo cáo nhanh thu ngân sách kèm thuyết minh ${stamp}`;
    const { assignmentIds } = await demoRequestToWards(base, [['Hồng Bàng', '11311']], {
      code: `E2E-DK-${stamp}`, name, legalBasis: 'Công văn số 3456/STC-NS của Sở Tài chính',
    });
    const id = assignmentIds[0]!;

    await signInAs(j, 'chuyenvien.hongbang', 'Chuyên viên · Phường Hồng Bàng');
    await page.getByRole('row').filter({ hasText: name }).click();
    await page.getByRole('button', { name: 'Nhập số liệu' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/viec-cua-toi/${id}/nhap-lieu`);
    const panel = page.getByTestId('attachments-panel');
    await panel.getByText('Chưa có tệp đính kèm.').waitFor();
    const input = panel.locator('input[type=file]');
    await expect.poll(() => input.isDisabled()).toBe(true); // nothing is taken before the R34 confirmation

    await panel.getByLabel('Tôi xác nhận tệp không chứa thông tin thuộc bí mật nhà nước', { exact: false }).check();
    const clean = 'Phụ lục thuyết minh số liệu.pdf';
    await input.setInputFiles({ name: clean, mimeType: 'application/pdf', buffer: PDF });
    const row = panel.getByRole('row').filter({ hasText: clean });
    await row.getByText('Đã quét, an toàn').waitFor();
    await row.getByText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/).waitFor(); // uploaded at, in Vietnam time
    await page.getByText(`Đã đính kèm tệp "${clean}"`).waitFor();
    // The link downloads the very bytes, with the session of the signed-in user.
    const href = await row.getByRole('link', { name: clean }).getAttribute('href');
    const download = await j.context.request.get(`${base}${href}`);
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body())).toEqual(PDF);

    await panel.scrollIntoViewIfNeeded();
    await page.getByText(`Đã đính kèm tệp "${clean}"`).waitFor({ state: 'detached' });
    await settle(page);
    await panel.screenshot({ path: join(SHOTS, 'attachments-clean.png'), animations: 'disabled' });

    // The EICAR anti-virus test string, put together here and never stored as a file in the repository.
    const infected = 'Bảng kê chi tiết.pdf';
    await input.setInputFiles({ name: infected, mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.from(EICAR)]) });
    const refusal = panel.getByTestId('attachment-refused');
    await refusal.getByText(`Tệp bị từ chối: ${infected}`).waitFor();
    await refusal.getByText(/chứa mã độc \(Baocao-Test-EICAR[^)]*\); tệp không được lưu/).waitFor();
    expect(await panel.locator('tbody tr.ant-table-row').count()).toBe(1);
    await settle(page);
    await panel.screenshot({ path: join(SHOTS, 'attachments-infected.png'), animations: 'disabled' });

    // The requesting department reads the list on the versions page: download only, no remove.
    await signInAs(j, 'chuyenvien.stc', 'Chuyên viên · Sở Tài chính');
    await page.goto(`${base}/viec-cua-toi/${id}/phien-ban`);
    const readOnly = page.getByTestId('attachments-panel');
    await readOnly.getByRole('link', { name: clean }).waitFor();
    expect(await readOnly.getByRole('button', { name: 'Gỡ tệp' }).count()).toBe(0);
    expect(await readOnly.locator('input[type=file]').count()).toBe(0);
    await readOnly.scrollIntoViewIfNeeded();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'attachments-review.png'), animations: 'disabled' });
    expect(j.problems).toEqual([]);
  });
});
