import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, settle, signInAs, skipBrowser, useJourney } from './support.js';

/**
 * R27: the administrator of Sở Tài chính issues an API key for the LGSP on "Kết nối liên thông", copies it
 * from the one-time dialog, the LGSP pulls the indicator catalogue with it, and the administrator revokes
 * it: the next call is refused. Screenshots: test-results/exchange-keys*.png.
 */
describe.skipIf(skipBrowser)('exchange journey (Chromium)', () => {
  const j = useJourney();

  it('issues a key shown once, a system pulls a packet with it, revoking it stops it', async () => {
    await signInAs(j, 'quantri.stc', 'Trần Thị Thu');
    await j.page.getByRole('menuitem', { name: 'Kết nối liên thông' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/ket-noi');
    await j.page.getByRole('button', { name: 'Cấp khóa API' }).click();
    const dialog = j.page.getByRole('dialog', { name: 'Cấp khóa API' });
    await dialog.getByLabel('Tên hệ thống / mục đích').fill('LGSP Hải Phòng');
    // The unit is filled in once the unit list has loaded (slow on a busy machine): save only then.
    await expect.poll(() => dialog.textContent()).toContain('Sở Tài chính (DEMO-STC)');
    await dialog.getByRole('button', { name: 'Lưu' }).click();

    const shown = j.page.getByRole('dialog', { name: 'Khóa API mới' });
    const key = (await shown.locator('code').textContent())!.trim();
    expect(key).toMatch(/^bck_/);
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'exchange-keys-new.png'), animations: 'disabled' });
    await shown.getByRole('button', { name: 'Đóng' }).last().click();

    // The LGSP, with the key: the demo indicator set's catalogue.
    const bearer = { authorization: `Bearer ${key}` };
    const sets = await fetch(`${j.server.url}/api/v1/exchange/packets/kpiSet`, { headers: bearer });
    expect(sets.status).toBe(200);
    const packet = (await sets.json()) as { format: string; type: string; sender: { unitCode: string }; payload: { sets: { code: string }[] } };
    expect(packet).toMatchObject({ format: 'baocao.qcvn125', type: 'kpiSet', sender: { unitCode: 'DEMO-STC' } });
    expect(packet.payload.sets.map((s) => s.code)).toContain('DEMO-KTXH');
    expect((await fetch(`${j.server.url}/api/v1/units`, { headers: bearer })).status).toBe(403);

    const row = j.page.getByRole('row').filter({ hasText: 'LGSP Hải Phòng' });
    await row.getByText(key.slice(0, 12)).waitFor();
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await j.page.getByRole('button', { name: 'Xác nhận' }).click();
    await row.getByText(/Đã thu hồi/).waitFor();
    const refused = await fetch(`${j.server.url}/api/v1/exchange/packets/kpiSet`, { headers: bearer });
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([401, 'auth.api_key_revoked']);
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'exchange-keys.png'), animations: 'disabled' });
    expect(j.problems).toEqual([]);
  });
});
