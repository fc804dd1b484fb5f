import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth, type TestUser } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity, type City } from '../../../test/reporting.fixtures.js';
import { signAs, testSigning } from '../../../test/signing.fixtures.js';
import { readXlsxRows } from '../../platform/tabular.js';
import { scoreFormula, scoreOf } from './oversight.service.js';

const run = promisify(execFile);

const signing = testSigning();
const t = useTestApp(signing.config);
let c: City;
const auth: Record<string, Auth> = {};
const users: Record<string, TestUser> = {};
const ids: Record<string, string> = {};

/** Sessions end after hours idle: signed in again after the clock moves days on. */
async function relogin() {
  for (const [key, user] of Object.entries(users)) auth[key] = await authAs(t, user);
}

async function sendSigned(key: string) {
  const form = await call(t.app, 'GET', `/api/v1/assignments/${ids[key]}/form`, { auth: auth[key]! });
  const saved = await call(t.app, 'PUT', `/api/v1/assignments/${ids[key]}/values`, { auth: auth[key]!, body: { baseVersion: form.json.version, changes: { 'R01!KH': '10', 'R01!TH': String(9 + Math.random()).slice(0, 4) }, explanations: {} } });
  expect(saved.status, JSON.stringify(saved.json)).toBe(200);
  expect((await call(t.app, 'POST', `/api/v1/assignments/${ids[key]}/submit`, { auth: auth[key]!, body: { version: saved.json.version } })).status).toBe(200);
  expect((await signAs(t, auth[`lead:${key}`]!, ids[key]!)).json.status).toBe('sent');
}

/**
 * A request due Tuesday 8 December 2026 to three wards: Hồng Bàng sends on the 3rd, is returned once and
 * sends again; Lê Chân sends on Thursday the 10th, two days late; Ngô Quyền never sends.
 */
beforeAll(async () => {
  t.clock.set('2026-12-01T02:00:00Z');
  c = await makeCity(t);
  await signing.install(c.communes);
  users.dept = c.designer;
  const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c) });
  expect(regime.status, JSON.stringify(regime.json)).toBe(201);
  for (const [key, unit] of [['a', c.communes[0]!], ['b', c.communes[1]!], ['c', c.communes[2]!]] as const) {
    users[key] = await makeUser(t.db, unit, 'specialist');
    users[`lead:${key}`] = await makeUser(t.db, unit, 'leader');
    await relogin();
    ids[key] = (await call(t.app, 'GET', '/api/v1/inbox', { auth: auth[key]! })).json.items.find((i: { regimeId: string }) => i.regimeId === regime.json.id).id;
  }
  t.clock.set('2026-12-03T03:00:00Z');
  await relogin();
  await sendSigned('a');
  expect((await call(t.app, 'POST', `/api/v1/assignments/${ids.a}/review`, { auth: auth.dept!, body: { decision: 'reject', reason: 'Kiểm tra lại số thu' } })).status).toBe(200);
  t.clock.set('2026-12-04T03:00:00Z');
  await relogin();
  await sendSigned('a');
  t.clock.set('2026-12-10T03:00:00Z');
  await relogin();
  await sendSigned('b');
});

const ask = (who: Auth, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams({ rootUnitId: c.city.id, from: '2026-12-01', to: '2026-12-31', ...extra });
  return call(t.app, 'GET', `/api/v1/oversight?${params}`, { auth: who });
};

describe('oversight of the units (R37)', () => {
  it('counts on time, late by how much, missing and returned, scores and ranks the units', async () => {
    const res = await ask(auth.dept!);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.today).toBe('2026-12-10');
    const [a, b, cc] = c.communes.map((u) => u.id);
    expect(res.json.rows.map((r: Record<string, unknown>) => [r.unitId, r.due, r.onTime, r.late, r.daysLate, r.missing, r.returned, r.score, r.rank])).toEqual([
      [a, 1, 1, 0, 0, 0, 1, 90, 1],
      [b, 1, 0, 1, 2, 0, 0, 50, 2],
      [cc, 1, 0, 0, 2, 1, 0, 0, 3],
    ]);
    expect(res.json.items.map((i: Record<string, unknown>) => [i.unitId, i.dueOn, i.sentOn, i.timeliness, i.daysLate])).toEqual(expect.arrayContaining([
      [a, '2026-12-08', '2026-12-03', 'on_time', 0],
      [b, '2026-12-08', '2026-12-10', 'late', 2],
      [cc, '2026-12-08', null, 'missing', 2],
    ]));
    expect(res.json.formula.text).toMatch(/^Điểm = 100 × \(đúng hạn × 1 \+ trễ hạn × 0,5/);
  });

  it('counts nothing due before the due date: a report not yet due is pending', async () => {
    const early = await ask(auth.dept!, { from: '2026-12-09' });
    expect(early.json.rows).toEqual([]);
  });

  it('keeps each person to their scope', async () => {
    const ward = await ask(auth.b!);
    expect(ward.json.rows.map((r: { unitId: string }) => r.unitId)).toEqual([c.communes[1]!.id]);
    const stranger = await authAs(t, await makeUser(t.db, await makeUnit(t.db, { name: 'Thành phố khác' }), 'leader'));
    const refused = await ask(stranger);
    expect([refused.status, refused.json.code]).toEqual([403, 'oversight.out_of_scope']);
    const viewer = await authAs(t, await makeUser(t.db, c.department, 'viewer'));
    expect((await ask(viewer)).status).toBe(403);
  });

  it('writes a unit\'s yearly usage report (R38) as DOCX, which LibreOffice opens, and XLSX', async () => {
    const docx = await call(t.app, 'GET', `/api/v1/oversight/usage-report.docx?unitId=${c.communes[1]!.id}&year=2026&part=Y`, { auth: auth.b! });
    expect(docx.status).toBe(200);
    const dir = await mkdtemp(join(tmpdir(), 'usage-'));
    await writeFile(join(dir, 'r.docx'), docx.raw.rawPayload);
    await run('soffice', ['--headless', `-env:UserInstallation=file://${dir}/lo`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'r.docx')], { timeout: 120_000 });
    const text = (await run('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Tình hình sử dụng Hệ thống thông tin báo cáo năm 2026');
    expect(text).toContain('có 1 báo cáo đến hạn: 0 báo cáo gửi đúng hạn, 1 báo cáo gửi trễ hạn (tổng cộng 2 ngày)');
    expect(text).toContain('Trễ hạn');
    const xlsx = await call(t.app, 'GET', `/api/v1/oversight/usage-report.xlsx?unitId=${c.communes[1]!.id}&year=2026&part=H2`, { auth: auth.b! });
    const rows = await readXlsxRows(xlsx.raw.rawPayload);
    expect(rows).toEqual(expect.arrayContaining([['Trễ hạn', '1'], ['Tổng số ngày trễ', '2'], ['Điểm (0–100)', '50']]));
  }, 150_000);

  it('takes its weights from configuration', () => {
    const counts = { due: 4, onTime: 2, late: 1, missing: 1, returned: 1 };
    expect(scoreOf(counts, { onTime: 1, late: 0.5, missing: 0, returnedPenalty: 0.1 })).toBe(60); // (2 + 0.5) / 4 × 100 − 10 / 4
    expect(scoreOf(counts, { onTime: 1, late: 0.8, missing: 0, returnedPenalty: 0 })).toBe(70);
    expect(scoreOf({ due: 0, onTime: 0, late: 0, missing: 0, returned: 0 }, { onTime: 1, late: 0.5, missing: 0, returnedPenalty: 0.1 })).toBeNull();
    expect(scoreFormula({ onTime: 1, late: 0.8, missing: 0, returnedPenalty: 0 }).text).toContain('trễ hạn × 0,8');
  });
});
