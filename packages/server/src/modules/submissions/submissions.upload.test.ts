import { describe, expect, it } from 'vitest';
import { authAs, call } from '../../../test/factories.js';
import { addressOf, editSheet } from '../../../test/form-workbook.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity } from '../../../test/reporting.fixtures.js';

const t = useTestApp();

describe('Excel round trip through the API (R32)', () => {
  it('downloads the form, takes back what was filled offline, refuses another unit\'s file, and records a late upload', async () => {
    t.clock.set('2026-12-01T02:00:00Z');
    const c = await makeCity(t);
    const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c) });
    const ward = await authAs(t, c.specialists[0]!);
    const other = await authAs(t, c.specialists[1]!);
    const idOf = async (auth: typeof ward) => (await call(t.app, 'GET', '/api/v1/inbox', { auth })).json.items.find((i: { regimeId: string }) => i.regimeId === regime.json.id).id as string;
    const id = await idOf(ward);
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/assignments/${id}/form.xlsx`, headers: ward.headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/attachment; filename=".+\.xlsx"/);
    const state = (await call(t.app, 'GET', `/api/v1/assignments/${id}/form`, { auth: ward })).json;
    const sheet = state.template.code;

    const filled = await editSheet(sheet, download.rawPayload, (ws) => {
      ws.getCell(addressOf(ws, 'R01!KH')).value = 1234567.89;
      ws.getCell(addressOf(ws, 'R01!TH')).value = 0.1;
    });
    const upload = (auth: typeof ward, assignmentId: string, buffer: Buffer, extra: Record<string, unknown> = {}) =>
      call(t.app, 'POST', `/api/v1/assignments/${assignmentId}/upload`, { auth, body: { format: 'xlsx', contentBase64: buffer.toString('base64'), version: 0, ...extra } });
    const ok = await upload(ward, id, filled);
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json.inputs).toMatchObject({ 'R01!KH': '1234567.89', 'R01!TH': '0.1' });
    const history = await call(t.app, 'GET', `/api/v1/assignments/${id}/history?cell=R01!KH`, { auth: ward });
    expect(history.json[0]).toMatchObject({ newValue: '1234567.89', source: 'import' });

    // The same file uploaded for another ward's report is refused, naming why; nothing is saved.
    const otherId = await idOf(other);
    const wrong = await upload(other, otherId, filled);
    expect(wrong.status).toBe(400);
    expect(wrong.json.code).toBe('form.invalid_file');
    expect((await call(t.app, 'GET', `/api/v1/assignments/${otherId}/form`, { auth: other })).json.version).toBe(0);

    // Text in a number cell: the cell is named.
    const bad = await editSheet(sheet, download.rawPayload, (ws) => {
      ws.getCell(addressOf(ws, 'R02!KH')).value = 'hai trăm';
    });
    const refused = await upload(ward, id, bad, { version: 1 });
    expect(refused.json.errors[0].path).toMatch(new RegExp(`^${sheet}![A-Z]+\\d+$`));

    // After the due date: only with the reason, which is recorded.
    t.clock.set('2026-12-10T02:00:00Z');
    const wardLater = await authAs(t, c.specialists[0]!);
    const late = await editSheet(sheet, download.rawPayload, (ws) => {
      ws.getCell(addressOf(ws, 'R01!KH')).value = 500;
    });
    const noReason = await upload(wardLater, id, late, { version: 1 });
    expect([noReason.status, noReason.json.code]).toEqual([400, 'form.late_reason_required']);
    const accepted = await upload(wardLater, id, late, { version: 1, lateReason: 'Mất điện 3 ngày, đơn vị lập báo cáo trên Excel' });
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    expect(accepted.json.lateEntry).toMatchObject({ reason: 'Mất điện 3 ngày, đơn vị lập báo cáo trên Excel' });
  });
});
