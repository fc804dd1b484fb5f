import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../platform/config.js';
import { startClamd, clamdInstalled, EICAR, type Clamd } from '../../../test/clamd.js';
import { authAs, call, type Auth } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity } from '../../../test/reporting.fixtures.js';
import { blobPath } from './attachments.service.js';

if (!clamdInstalled) console.warn('attachments.test: clamd is not installed (apt-get install clamav-daemon); the scanning tests are skipped');

const dataDir = mkdtempSync(join(tmpdir(), 'baocao-attachments-'));
const overrides: Partial<Config> = { dataDir, attachmentMaxBytes: 256 * 1024 };
let clamd: Clamd | null = null;
beforeAll(async () => {
  clamd = await startClamd();
  if (clamd) overrides.clamd = { socket: clamd.socket };
});
const t = useTestApp(overrides);
afterAll(async () => {
  await clamd?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const storedFiles = () => {
  try {
    return readdirSync(join(dataDir, 'attachments'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).length;
  } catch {
    return 0;
  }
};
const rows = (assignmentId: string) => t.db.selectFrom('attachments').selectAll().where('assignment_id', '=', assignmentId).execute();
const audits = (action: string, targetId: string) => t.db.selectFrom('audit_log').select(['details', 'target_id']).where('action', '=', action).where('target_id', '=', targetId).execute();

async function reports() {
  t.clock.set('2026-12-01T02:00:00Z');
  const c = await makeCity(t);
  const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c) });
  const ward = await authAs(t, c.specialists[0]!);
  const other = await authAs(t, c.specialists[1]!);
  const idOf = async (auth: Auth) => (await call(t.app, 'GET', '/api/v1/inbox', { auth })).json.items.find((i: { regimeId: string }) => i.regimeId === regime.json.id).id as string;
  return { c, ward, other, id: await idOf(ward), otherId: await idOf(other) };
}
const upload = (auth: Auth, id: string, name: string, bytes: Buffer, extra: Record<string, unknown> = {}) =>
  call(t.app, 'POST', `/api/v1/assignments/${id}/attachments`, { auth, body: { name, contentBase64: bytes.toString('base64'), ...extra } });

describe.skipIf(!clamdInstalled)('attachments scanned by clamd (R35)', () => {
  it('refuses the EICAR file with its signature, audits the refusal and stores nothing', async () => {
    const { ward, id } = await reports();
    for (const [name, bytes] of [['eicar.com', Buffer.from(EICAR)], ['bao-cao.pdf', Buffer.concat([PDF, Buffer.from(EICAR)])]] as const) {
      const refused = await upload(ward, id, name, bytes);
      expect([refused.status, refused.json.code]).toEqual([422, 'attachment.infected']);
      expect(refused.json.signature).toMatch(/^Baocao-Test-EICAR/);
      expect(refused.json.title).toContain('mã độc');
    }
    expect(await rows(id)).toEqual([]);
    expect(storedFiles()).toBe(0);
    const audited = await audits('attachment.refused_infected', id);
    expect(audited).toHaveLength(2);
    expect(audited[0]!.details).toMatchObject({ name: 'eicar.com', signature: expect.stringMatching(/^Baocao-Test-EICAR/) });
  });

  it('takes a clean PDF, lists it, serves it to the report\'s readers only, stores the bytes once, and removes it', async () => {
    const { c, ward, other, id, otherId } = await reports();
    const added = await upload(ward, id, 'Phụ lục số liệu.pdf', PDF);
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    expect(added.json).toMatchObject({ name: 'Phụ lục số liệu.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, scanVerdict: 'clean', classification: 'none', version: 0 });
    expect(added.json.scannedAt).not.toBeNull();
    expect(readFileSync(blobPath(dataDir, added.json.sha256))).toEqual(PDF);
    expect(await audits('attachment.added', added.json.id)).toHaveLength(1);

    const list = await call(t.app, 'GET', `/api/v1/assignments/${id}/attachments`, { auth: ward });
    expect(list.json.map((a: { id: string }) => a.id)).toEqual([added.json.id]);
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/assignments/${id}/attachments/${added.json.id}/content`, headers: ward.headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('Phụ lục số liệu.pdf')}`);
    expect(download.rawPayload).toEqual(PDF);
    // The requesting department reads the report, so it reads the attachment too.
    const dept = await t.app.inject({ method: 'GET', url: `/api/v1/assignments/${id}/attachments/${added.json.id}/content`, headers: c.designerAuth.headers });
    expect(dept.statusCode).toBe(200);

    // Another ward sees nothing of it: not the list, not the file, not by its own report's id.
    expect((await call(t.app, 'GET', `/api/v1/assignments/${id}/attachments`, { auth: other })).status).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/assignments/${id}/attachments/${added.json.id}/content`, headers: other.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/assignments/${otherId}/attachments/${added.json.id}/content`, headers: other.headers })).statusCode).toBe(404);
    expect((await call(t.app, 'DELETE', `/api/v1/assignments/${id}/attachments/${added.json.id}`, { auth: other })).status).toBe(404);

    // The same content again on the same report is the same attachment; on another report a new row, one file.
    const filesBefore = storedFiles();
    const again = await upload(ward, id, 'ban-sao.pdf', PDF);
    expect([again.status, again.json.id]).toEqual([200, added.json.id]);
    const elsewhere = await upload(other, otherId, 'phu-luc.pdf', PDF);
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.json.sha256).toBe(added.json.sha256);
    expect(storedFiles()).toBe(filesBefore);

    const removed = await call(t.app, 'DELETE', `/api/v1/assignments/${id}/attachments/${added.json.id}`, { auth: ward });
    expect(removed.status).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/assignments/${id}/attachments`, { auth: ward })).json).toEqual([]);
    expect(await audits('attachment.removed', added.json.id)).toHaveLength(1);
    // Still served on the other report that holds the same bytes.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/assignments/${otherId}/attachments/${elsewhere.json.id}/content`, headers: other.headers })).statusCode).toBe(200);
  });

  it('refuses files over the size limit, of types outside the list or whose bytes are not what the name says', async () => {
    const { ward, id } = await reports();
    const big = Buffer.concat([PDF, Buffer.alloc(256 * 1024)]);
    expect((await upload(ward, id, 'lon.pdf', big)).json.code).toBe('attachment.too_large');
    for (const [name, bytes] of [['chuong-trinh.exe', Buffer.from('MZ\x90\x00 program')], ['gia-mao.pdf', Buffer.from('MZ\x90\x00 program')], ['bang.docx', PDF], ['nen.zip', Buffer.from('PK\x03\x04 archive')]] as const) {
      const refused = await upload(ward, id, name, bytes);
      expect([name, refused.status, refused.json.code]).toEqual([name, 415, 'attachment.type_not_allowed']);
    }
    expect(await rows(id)).toEqual([]);
  });

  it('refuses a file declared a state secret before scanning or storing it (R34)', async () => {
    const { ward, id } = await reports();
    const refused = await upload(ward, id, 'mat.pdf', PDF, { classification: 'secret' });
    expect([refused.status, refused.json.code]).toEqual([400, 'classification.state_secret']);
    expect(refused.json.title).toContain('bí mật nhà nước');
    expect(await rows(id)).toEqual([]);
  });
});

describe('attachments without a scanner', () => {
  it('refuses them with the reason unless unscanned files are allowed (demo)', async () => {
    const { ward, id } = await reports();
    const saved = { clamd: t.config.clamd, allow: t.config.attachmentsAllowUnscanned };
    try {
      t.config.clamd = null;
      t.config.attachmentsAllowUnscanned = false;
      const refused = await upload(ward, id, 'a.pdf', PDF);
      expect([refused.status, refused.json.code]).toEqual([503, 'attachment.scanner_unavailable']);
      expect(await rows(id)).toEqual([]);
      t.config.attachmentsAllowUnscanned = true;
      const taken = await upload(ward, id, 'a.pdf', PDF);
      expect(taken.status).toBe(201);
      expect(taken.json).toMatchObject({ scanVerdict: 'unscanned', scannedAt: null });
    } finally {
      t.config.clamd = saved.clamd;
      t.config.attachmentsAllowUnscanned = saved.allow;
    }
  });
});
