import { readFileSync } from 'node:fs';
import { ExchangePacket, PACKET_TYPES, PAYLOADS, type PacketType } from '@baocao/core';
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth } from '../../../test/factories.js';
import { useTestApp, type TestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity, monthlyRegime, type City } from '../../../test/reporting.fixtures.js';
import { signAs, testSigning } from '../../../test/signing.fixtures.js';
import { sampleTemplate } from '../../../test/templates.fixtures.js';
import { startDmsReceiver } from '../../../test/dms-receiver.js';
import { drainOutbox } from '../../platform/outbox.js';
import { createExchangeDeliverer } from './deliverer.js';

/**
 * R27: packets of the 13 QCVN 125 types. App `a` is a city with reports; app `b` is another
 * system, fresh, that takes in what `a` sends (the catalogues and requests from above).
 */
const signing = testSigning();
const a = useTestApp(signing.config);
const b = useTestApp();
let c: City;
const auth: Record<string, Auth> = {};
const ids: Record<string, string> = {};

async function publish(t: TestApp, designer: Auth, publisher: Auth, body: unknown): Promise<string> {
  const created = await call(t.app, 'POST', '/api/v1/templates', { auth: designer, body });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  await call(t.app, 'POST', `/api/v1/templates/${created.json.id}/transition`, { auth: designer, body: { to: 'testing', revision: 1 } });
  const official = await call(t.app, 'POST', `/api/v1/templates/${created.json.id}/transition`, { auth: publisher, body: { to: 'official', revision: 2 } });
  expect(official.json.status).toBe('official');
  return created.json.id;
}

beforeAll(async () => {
  a.clock.set('2026-12-01T02:00:00Z');
  b.clock.set('2026-12-01T02:00:00Z');
  c = await makeCity(a);
  await signing.install(c.communes);
  auth.admin = await authAs(a, await makeUser(a.db, c.city, 'system_admin'));
  auth.dept = c.designerAuth;
  const publisher = await authAs(a, await makeUser(a.db, c.department, 'leader'));

  // The indicator library: a set of the city with a unit of measure, a field group and a sub-indicator.
  const uom = await call(a.app, 'POST', '/api/v1/catalog/units-of-measure', { auth: auth.admin, body: { code: 'XK-TRD', name: 'Triệu đồng XK' } });
  const group = await call(a.app, 'POST', '/api/v1/catalog/field-groups', { auth: auth.admin, body: { code: 'XK-TC', name: 'Tài chính XK' } });
  const set = await call(a.app, 'POST', '/api/v1/catalog/sets', { auth: auth.admin, body: { code: 'XK-KTXH', name: 'Bộ chỉ tiêu thử trao đổi', legalBasis: 'Quyết định thử', ownerUnitId: null } });
  expect(set.status, JSON.stringify(set.json)).toBe(201);
  const parent = await call(a.app, 'POST', '/api/v1/catalog/indicators', {
    auth: auth.admin,
    body: { setId: set.json.id, code: 'XK-01', name: 'Thu ngân sách trên địa bàn', periodicity: ['month', 'year'], unitOfMeasureId: uom.json.id, fieldGroupId: group.json.id, concept: 'Tổng thu' },
  });
  expect(parent.status, JSON.stringify(parent.json)).toBe(201);
  await call(a.app, 'POST', '/api/v1/catalog/indicators', { auth: auth.admin, body: { setId: set.json.id, code: 'XK-01.1', name: 'Thu thuế', periodicity: ['month'], parentId: parent.json.id } });
  expect((await call(a.app, 'POST', `/api/v1/catalog/sets/${set.json.id}/publish`, { auth: auth.admin, body: {} })).status).toBe(200);
  ids.set = set.json.id;

  // A monthly template whose row R01 is the indicator XK-01; two wards report December and are accepted.
  const tpl = sampleTemplate(c.department.id);
  tpl.info.periodicities = ['month'] as never;
  (tpl.definition.grid.rows[1] as { indicatorId?: string }).indicatorId = parent.json.id;
  ids.template = await publish(a, auth.dept, publisher, tpl);
  const regime = await call(a.app, 'POST', '/api/v1/regimes', { auth: auth.dept, body: monthlyRegime(c, { templateIds: [ids.template] }) });
  expect(regime.status, JSON.stringify(regime.json)).toBe(201);
  ids.regime = regime.json.id;
  const figures = [{ 'R01!KH': '1000.50', 'R01!TH': '900.25' }, { 'R01!KH': '2000', 'R01!TH': '1999.99' }];
  for (const [n, unit] of [c.communes[1]!, c.communes[2]!].entries()) {
    const ward = await authAs(a, await makeUser(a.db, unit, 'specialist'));
    const leader = await authAs(a, await makeUser(a.db, unit, 'leader'));
    const inbox = await call(a.app, 'GET', '/api/v1/inbox', { auth: ward });
    const id = inbox.json.items.find((i: { regimeId: string }) => i.regimeId === ids.regime).id as string;
    const saved = await call(a.app, 'PUT', `/api/v1/assignments/${id}/values`, { auth: ward, body: { baseVersion: 0, changes: figures[n], explanations: {} } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect((await call(a.app, 'POST', `/api/v1/assignments/${id}/submit`, { auth: ward, body: { version: saved.json.version } })).status).toBe(200);
    expect((await signAs(a, leader, id)).status).toBe(200);
    expect((await call(a.app, 'POST', `/api/v1/assignments/${id}/review`, { auth: auth.dept, body: { decision: 'accept' } })).status).toBe(200);
    ids[`report${n}`] = id;
  }

  // A narrative outline asked ad hoc of the first ward, written and submitted.
  ids.outline = await publish(a, auth.dept, publisher, {
    info: { code: 'XK-DC', name: 'Báo cáo thuyết minh trao đổi', regimeKind: 'ad_hoc', periodicities: [], fieldGroup: 'Tài chính', requestingUnitId: c.department.id, legalBasis: '', description: '' },
    definition: { kind: 'narrative', outline: [{ number: 'I', title: 'Kết quả', guidance: 'Nêu kết quả', children: [{ number: '1', title: 'Thu' }] }, { number: 'II', title: 'Kiến nghị' }], layout: {} },
  });
  const adHoc = await call(a.app, 'POST', '/api/v1/regimes', { auth: auth.dept, body: adHocRequest(c, { templateIds: [ids.outline], targets: [{ type: 'units', unitIds: [c.communes[0]!.id] }] }) });
  expect(adHoc.status, JSON.stringify(adHoc.json)).toBe(201);
  const ward = await authAs(a, c.specialists[0]!);
  const item = (await call(a.app, 'GET', '/api/v1/inbox', { auth: ward })).json.items.find((i: { regimeId: string }) => i.regimeId === adHoc.json.id);
  const saved = await call(a.app, 'PUT', `/api/v1/assignments/${item.id}/narrative`, { auth: ward, body: { baseVersion: 0, sections: { I: '<p>Đạt <strong>kế hoạch</strong></p>', II: '<p>Không</p>' } } });
  expect(saved.status, JSON.stringify(saved.json)).toBe(200);
  expect((await call(a.app, 'POST', `/api/v1/assignments/${item.id}/submit`, { auth: ward, body: { version: saved.json.version } })).status).toBe(200);
  ids.narrative = item.id;

  // The receiving system: its own city and administrator.
  auth.b = await authAs(b, await makeUser(b.db, await makeUnit(b.db, { name: 'Thành phố nhận' }), 'system_admin'));
});

const pull = async (type: PacketType, query: Record<string, string> = {}, who: Auth = auth.admin!) => {
  const res = await call(a.app, 'GET', `/api/v1/exchange/packets/${type}?${new URLSearchParams(query)}`, { auth: who });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  // What a receiver does first: parse with the published schema.
  return ExchangePacket.parse(res.json);
};
const send = (t: TestApp, packet: unknown, who: Auth) => call(t.app, 'POST', '/api/v1/exchange/imports', { auth: who, body: packet });
const count = async (t: TestApp, table: 'exchange_imports' | 'indicator_sets' | 'field_groups' | 'kpi_disaggregations' | 'audit_log') =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('packets sent only by this system: export, parse with the schema, compare with the database', () => {
  it('report data (4) and list report data (5): the submitted figures of each ward, with the linked indicator', async () => {
    const p = await pull('reportData', { id: ids.report0! });
    if (p.type !== 'reportData') throw new Error(p.type);
    expect(p).toMatchObject({ format: 'baocao.qcvn125', version: 1, sender: { system: 'baocao' } });
    expect(p.payload).toMatchObject({ reportId: ids.report0, periodKey: '2026-M12', periodFrom: '2026-12-01', periodTo: '2026-12-31', unit: { code: c.communes[1]!.code }, versionNumber: 1, reviewDecision: 'accept' });
    const stored = await a.db.selectFrom('submission_versions').select(['inputs']).where('assignment_id', '=', ids.report0!).executeTakeFirstOrThrow();
    const byCell = Object.fromEntries(p.payload.cells.map((x) => [`${x.rowCode}!${x.columnCode}`, x.value]));
    for (const [cell, value] of Object.entries(stored.inputs as Record<string, string>)) expect(Number(byCell[cell])).toBe(Number(value));
    expect(p.payload.cells.find((x) => x.rowCode === 'R01')!.indicator).toEqual({ setCode: 'XK-KTXH', setVersion: 1, code: 'XK-01' });
    expect(p.payload.cells.find((x) => x.rowCode === 'R02')?.indicator ?? null).toBeNull();

    const list = await pull('listReportData', { id: ids.regime!, periodKey: '2026-M12' });
    if (list.type !== 'listReportData') throw new Error(list.type);
    expect(list.payload.reports.map((r) => [r.unit.code, r.cells.find((x) => x.rowCode === 'R01' && x.columnCode === 'TH')!.value])).toEqual([
      [c.communes[1]!.code, '900.25'],
      [c.communes[2]!.code, '1999.99'],
    ].sort((x, y) => x[0]!.localeCompare(y[0]!)));
  });

  it('outline submission (6), report status (7), KPI set (10), KPI data (13)', async () => {
    const o = await pull('outlineSubmission', { id: ids.narrative! });
    if (o.type !== 'outlineSubmission') throw new Error(o.type);
    expect(o.payload.sections).toEqual([{ key: 'I', html: '<p>Đạt <strong>kế hoạch</strong></p>' }, { key: 'II', html: '<p>Không</p>' }]);
    expect(o.payload).toMatchObject({ periodKey: 'ad-hoc', unit: { code: c.communes[0]!.code }, versionNumber: 1 });

    const s = await pull('reportStatus', { id: ids.regime!, periodKey: '2026-M12' });
    if (s.type !== 'reportStatus') throw new Error(s.type);
    const rows = await a.db.selectFrom('assignments').select(['id', 'status']).where('regime_id', '=', ids.regime!).where('parent_id', 'is', null).execute();
    expect(Object.fromEntries(s.payload.reports.map((r) => [r.reportId, r.status]))).toEqual(Object.fromEntries(rows.map((r) => [r.id, r.status])));
    expect(s.payload.reports.filter((r) => r.status === 'accepted')).toHaveLength(2);

    const k = await pull('kpiSet', { id: ids.set! });
    if (k.type !== 'kpiSet') throw new Error(k.type);
    expect(k.payload.sets).toEqual([expect.objectContaining({ code: 'XK-KTXH', version: 1, status: 'official', indicatorCodes: ['XK-01', 'XK-01.1'] })]);

    const d = await pull('kpiData', { periodKey: '2026-M12' });
    if (d.type !== 'kpiData') throw new Error(d.type);
    const facts = await a.db.selectFrom('facts').select(['unit_id', 'column_code', 'value']).where('superseded_at', 'is', null).where('indicator_id', 'is not', null).execute();
    expect(d.payload.values).toHaveLength(facts.length);
    expect(d.payload.values.filter((v) => v.source.columnCode === 'TH').map((v) => Number(v.value)).sort((x, y) => x - y)).toEqual([900.25, 1999.99]);
    expect(d.payload.values[0]).toMatchObject({ indicator: { setCode: 'XK-KTXH', setVersion: 1, code: 'XK-01' }, periodFrom: '2026-12-01', periodTo: '2026-12-31' });
    // The department that asked sees both wards; a ward sees its own figures only.
    const deptAdmin = await authAs(a, await makeUser(a.db, c.department, 'unit_admin'));
    expect((await pull('kpiData', { periodKey: '2026-M12' }, deptAdmin)).payload).toEqual(d.payload);
    const wardAdmin = await authAs(a, await makeUser(a.db, c.communes[1]!, 'unit_admin'));
    const own = await pull('kpiData', { periodKey: '2026-M12' }, wardAdmin);
    expect(new Set((own.payload as { values: { unit: { code: string } }[] }).values.map((v) => v.unit.code))).toEqual(new Set([c.communes[1]!.code]));
  });
});

describe('packets taken in: export from one system, import into a fresh one, compare', () => {
  it('indicator catalogue (9) and KPI group catalogue (11) go into the library of the other system', async () => {
    const groups = await pull('kpiGroupCatalogue');
    const imported = await send(b, groups, auth.b!);
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    expect(imported.json.created).toBeGreaterThan(0);
    const bGroups = await b.db.selectFrom('field_groups').select(['code', 'name']).orderBy('code').execute();
    expect(bGroups).toEqual(expect.arrayContaining((groups.payload as { groups: unknown[] }).groups));

    const catalogue = await pull('indicatorCatalogue', { id: ids.set! });
    const res = await send(b, catalogue, auth.b!);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ type: 'indicatorCatalogue', created: 2, updated: 0, replayed: false });
    const set = await call(b.app, 'GET', `/api/v1/catalog/sets/${res.json.targetId}`, { auth: auth.b! });
    expect(set.json).toMatchObject({ code: 'XK-KTXH', status: 'draft', ownerUnitId: null, legalBasis: 'Quyết định thử' });
    // Exported again from the receiving system, the payload is what was sent.
    const back = await call(b.app, 'GET', `/api/v1/exchange/packets/indicatorCatalogue?id=${res.json.targetId}`, { auth: auth.b! });
    expect(back.json.payload).toEqual(catalogue.payload);
    expect(await b.db.selectFrom('audit_log').select('action').where('action', 'in', ['exchange.imported', 'indicator_set.imported']).execute()).toHaveLength(3);

    // The same packet again changes nothing and answers with the first result.
    const again = await send(b, catalogue, auth.b!);
    expect(again.json).toMatchObject({ replayed: true, created: 2 });
  });

  it('KPI disaggregation catalogue (12) and period catalogue (8)', async () => {
    const dis = { format: 'baocao.qcvn125', version: 1, type: 'kpiDisaggregationCatalogue', id: crypto.randomUUID(), createdAt: '2026-12-01T02:00:00Z', sender: { unitCode: 'TW', system: 'thu-nghiem' }, payload: { disaggregations: [{ code: 'GT', name: 'Giới tính', values: [{ code: '1', name: 'Nam' }, { code: '2', name: 'Nữ' }] }] } };
    expect((await send(a, dis, auth.admin!)).json).toMatchObject({ created: 1 });
    const exported = await pull('kpiDisaggregationCatalogue');
    expect((await send(b, exported, auth.b!)).json).toMatchObject({ created: 1, updated: 0 });
    const back = await call(b.app, 'GET', '/api/v1/exchange/packets/kpiDisaggregationCatalogue', { auth: auth.b! });
    expect(back.json.payload).toEqual(exported.payload);

    const periods = await pull('periodCatalogue', { year: '2026' });
    if (periods.type !== 'periodCatalogue') throw new Error(periods.type);
    expect(periods.payload.periods).toHaveLength(12 + 4 + 2 + 1 + 1);
    expect(periods.payload.periods[0]).toEqual({ key: '2026-M01', kind: 'month', label: expect.any(String), from: '2026-01-01', to: '2026-01-31' });
    expect((await send(b, periods, auth.b!)).json).toMatchObject({ unchanged: 20 });
    const stored = await b.db.selectFrom('exchange_imports').select('packet').where('packet_id', '=', periods.id).executeTakeFirstOrThrow();
    expect(stored.packet).toEqual(periods);
  });

  it('regime (1), template (2) and outline template (3) arrive as requests from above, kept as sent', async () => {
    for (const [type, id] of [['template', ids.template], ['outlineTemplate', ids.outline], ['regime', ids.regime]] as const) {
      const p = await pull(type, { id: id! });
      const res = await send(b, p, auth.b!);
      expect(res.status, `${type}: ${JSON.stringify(res.json)}`).toBe(200);
      const stored = await b.db.selectFrom('exchange_imports').select(['packet', 'type']).where('packet_id', '=', p.id).executeTakeFirstOrThrow();
      expect(stored.packet).toEqual(p);
    }
    const template = await pull('template', { id: ids.template! });
    if (template.type !== 'template') throw new Error(template.type);
    expect(template.payload.rows[1]).toMatchObject({ code: 'R01', indicator: { setCode: 'XK-KTXH', setVersion: 1, code: 'XK-01' } });
    const regime = await pull('regime', { id: ids.regime! });
    if (regime.type !== 'regime') throw new Error(regime.type);
    expect(regime.payload.rounds.find((r) => r.key === '2026-M12')).toMatchObject({ periodFrom: '2026-12-01', periodTo: '2026-12-31' });
    const outline = await pull('outlineTemplate', { id: ids.outline! });
    expect((outline.payload as { sections: unknown[] }).sections[0]).toEqual({ number: 'I', title: 'Kết quả', guidance: 'Nêu kết quả', children: [{ number: '1', title: 'Thu', guidance: '', children: [] }] });
    const list = await call(b.app, 'GET', '/api/v1/exchange/imports', { auth: auth.b! });
    expect(list.json.map((i: { type: string }) => i.type)).toEqual(expect.arrayContaining(['regime', 'template', 'outlineTemplate']));
  });

  it('covers all 13 packet types, each with its JSON Schema in the OpenAPI document', async () => {
    expect(PACKET_TYPES).toHaveLength(13);
    const doc = await call(a.app, 'GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    const body = JSON.stringify(doc.json.paths['/api/v1/exchange/imports'].post.requestBody);
    for (const type of PACKET_TYPES) expect(body).toContain(`"${type}"`);
    expect(body).toContain('baocao.qcvn125');
  });
});

describe('bad packets are refused whole, with a stable code and a Vietnamese message', () => {
  const base = (type: string, payload: unknown) => ({ format: 'baocao.qcvn125', version: 1, type, id: crypto.randomUUID(), createdAt: '2026-12-01T02:00:00Z', sender: { unitCode: 'TW', system: 'thu-nghiem' }, payload });

  it('a packet that fails its schema', async () => {
    const res = await send(b, base('kpiGroupCatalogue', { groups: [{ code: 'X' }] }), auth.b!);
    expect([res.status, res.json.code]).toEqual([400, 'exchange.invalid_packet']);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json.title).toMatch(/Gói tin không đúng cấu trúc/);
    expect(res.json.errors[0].path).toMatch(/payload\.groups\.0/);
    const wrongFormat = await send(b, { ...base('kpiGroupCatalogue', { groups: [{ code: 'X', name: 'Y' }] }), format: 'khac' }, auth.b!);
    expect(wrongFormat.json.code).toBe('exchange.invalid_packet');
  });

  it('an unknown indicator or period, and nothing of the packet stays', async () => {
    const before = { imports: await count(b, 'exchange_imports'), sets: await count(b, 'indicator_sets'), audit: await count(b, 'audit_log') };
    const template = await pull('template', { id: ids.template! });
    const fresh = await makeUnit(b.db, { name: 'Hệ thống nhận thứ hai' });
    const other = await authAs(b, await makeUser(b.db, fresh, 'system_admin'));
    const badRow = structuredClone(template) as { id: string; payload: { rows: { indicator: unknown }[] } };
    badRow.id = crypto.randomUUID();
    badRow.payload.rows[1]!.indicator = { setCode: 'XK-KTXH', setVersion: 1, code: 'KHONG-CO' };
    const unknownIndicator = await send(b, badRow, other);
    expect([unknownIndicator.status, unknownIndicator.json.code]).toEqual([400, 'exchange.unknown_indicator']);
    expect(unknownIndicator.json.errors[0].message).toMatch(/KHONG-CO/);

    const period = await send(b, base('periodCatalogue', { year: 2026, periods: [{ key: '2026-M13', kind: 'month', label: 'Tháng 13', from: '2026-12-01', to: '2026-12-31' }] }), other);
    expect([period.status, period.json.code]).toEqual([400, 'exchange.unknown_period']);
    const wrongDates = await send(b, base('periodCatalogue', { year: 2026, periods: [{ key: '2026-Q1', kind: 'quarter', label: 'Quý I', from: '2026-01-01', to: '2026-03-30' }] }), other);
    expect([wrongDates.status, wrongDates.json.code]).toEqual([400, 'exchange.unknown_period']);

    // A catalogue whose last indicator names a parent that is nowhere: the new set is not created either.
    const orphan = base('indicatorCatalogue', {
      code: 'XK-MOI', version: 1, name: 'Bộ mới', legalBasis: '', description: '',
      indicators: [
        { code: 'A', name: 'Chỉ tiêu A', parentCode: null, unitOfMeasure: '', group: '', periodicity: ['year'], concept: '', calculationMethod: '', mainDisaggregations: '', dataSource: '', responsibleUnit: '', active: true },
        { code: 'B', name: 'Chỉ tiêu B', parentCode: 'KHONG-CO', unitOfMeasure: '', group: '', periodicity: ['year'], concept: '', calculationMethod: '', mainDisaggregations: '', dataSource: '', responsibleUnit: '', active: true },
      ],
    });
    const res = await send(b, orphan, other);
    expect([res.status, res.json.code]).toEqual([400, 'exchange.unknown_indicator']);
    expect(await b.db.selectFrom('indicator_sets').select('id').where('code', '=', 'XK-MOI').execute()).toEqual([]);

    const exportOnly = await send(b, await pull('kpiData', { periodKey: '2026-M12' }), other);
    expect([exportOnly.status, exportOnly.json.code]).toEqual([400, 'exchange.import_not_supported']);
    expect({ imports: await count(b, 'exchange_imports'), sets: await count(b, 'indicator_sets'), audit: await count(b, 'audit_log') }).toEqual(before);
  });

  it('a conflicting group and an unpublished-over catalogue are refused', async () => {
    const clash = await send(b, base('kpiGroupCatalogue', { groups: [{ code: 'XK-TC', name: 'Tên khác hẳn' }] }), auth.b!);
    expect([clash.status, clash.json.code]).toEqual([400, 'exchange.conflicting_entry']);
    const official = await pull('indicatorCatalogue', { id: ids.set! });
    const frozen = await send(a, { ...official, id: crypto.randomUUID() }, auth.admin!);
    expect([frozen.status, frozen.json.code]).toEqual([409, 'exchange.set_frozen']);
  });

  it('an export needs its filter, and a person without the right is refused', async () => {
    const res = await call(a.app, 'GET', '/api/v1/exchange/packets/regime', { auth: auth.admin! });
    expect([res.status, res.json.code]).toEqual([400, 'exchange.filter_required']);
    const specialist = await authAs(a, c.specialists[0]!);
    expect((await call(a.app, 'GET', '/api/v1/exchange/packets/kpiSet', { auth: specialist })).status).toBe(403);
    expect((await send(a, await pull('kpiGroupCatalogue'), await authAs(a, await makeUser(a.db, c.department, 'leader')))).status).toBe(403);
  });
});

describe('API keys for the LGSP: scoped, shown once, revocable', () => {
  it('a key pulls and imports within its scopes only, and stops working once revoked', async () => {
    const admin = await authAs(a, await makeUser(a.db, c.department, 'unit_admin'));
    const created = await call(a.app, 'POST', '/api/v1/exchange/api-keys', { auth: admin, body: { name: 'LGSP thử', unitId: c.department.id, scopes: ['exchange.export'] } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const key = created.json.key as string;
    expect(key).toMatch(/^bck_/);
    expect(created.json.prefix).toBe(key.slice(0, 12));
    const stored = await a.db.selectFrom('api_keys').selectAll().where('id', '=', created.json.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key);
    const listed = await call(a.app, 'GET', '/api/v1/exchange/api-keys', { auth: admin });
    expect(listed.json.map((k: { id: string }) => k.id)).toContain(created.json.id);
    expect(listed.body).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    const pulled = await call(a.app, 'GET', `/api/v1/exchange/packets/regime?id=${ids.regime}`, { headers: bearer });
    expect(pulled.status, JSON.stringify(pulled.json)).toBe(200);
    expect(pulled.json.sender.unitCode).toBe(c.department.code);
    const pushed = await call(a.app, 'POST', '/api/v1/exchange/exports', { headers: bearer, body: { type: 'kpiSet', filters: { id: ids.set } } });
    expect(pushed.status, JSON.stringify(pushed.json)).toBe(201);
    const audit = await a.db.selectFrom('audit_log').select(['actor_id', 'actor_name', 'details']).where('target_id', '=', pushed.json.packetId).executeTakeFirstOrThrow();
    expect(audit.actor_name).toMatch(/Khóa API «LGSP thử»/);
    expect((audit.details as { apiKeyId: string }).apiKeyId).toBe(created.json.id);

    // Outside its scopes: another domain's route, and import.
    const units = await call(a.app, 'GET', '/api/v1/units', { headers: bearer });
    expect([units.status, units.json.code]).toEqual([403, 'auth.api_key_scope']);
    const imp = await send(a, await pull('kpiGroupCatalogue'), { headers: bearer, csrf: '' });
    expect([imp.status, imp.json.code]).toEqual([403, 'auth.api_key_scope']);
    const keys = await call(a.app, 'GET', '/api/v1/exchange/api-keys', { headers: bearer });
    expect(keys.status).toBe(403);
    // Another unit's regime stays out of reach.
    const stranger = await makeUnit(a.db, { name: 'Nơi khác' });
    const strangerAdmin = await authAs(a, await makeUser(a.db, stranger, 'unit_admin'));
    const otherKey = (await call(a.app, 'POST', '/api/v1/exchange/api-keys', { auth: strangerAdmin, body: { name: 'Khác', unitId: stranger.id, scopes: ['exchange.export', 'exchange.import'] } })).json.key;
    expect((await call(a.app, 'GET', `/api/v1/exchange/packets/regime?id=${ids.regime}`, { headers: { authorization: `Bearer ${otherKey}` } })).status).toBe(404);
    expect((await call(a.app, 'POST', '/api/v1/exchange/api-keys', { auth: strangerAdmin, body: { name: 'Cài vào', unitId: c.department.id, scopes: ['exchange.export'] } })).status).toBe(404);

    const unknown = await call(a.app, 'GET', '/api/v1/exchange/packets/kpiSet', { headers: { authorization: 'Bearer bck_khong-co-that' } });
    expect([unknown.status, unknown.json.code]).toEqual([401, 'auth.api_key_invalid']);
    expect(unknown.json.title).toBe('Khóa API không hợp lệ');

    const revoked = await call(a.app, 'POST', `/api/v1/exchange/api-keys/${created.json.id}/revoke`, { auth: admin, body: {} });
    expect(revoked.status, JSON.stringify(revoked.json)).toBe(200);
    expect(revoked.json.revokedAt).not.toBeNull();
    const after = await call(a.app, 'GET', '/api/v1/exchange/packets/kpiSet', { headers: bearer });
    expect([after.status, after.json.code]).toEqual([401, 'auth.api_key_revoked']);
    const actions = await a.db.selectFrom('audit_log').select('action').where('target_id', '=', created.json.id).orderBy('seq').execute();
    expect(actions.map((x) => x.action)).toEqual(['api_key.created', 'api_key.revoked']);
    const specialist = await authAs(a, await makeUser(a.db, c.department, 'specialist'));
    expect((await call(a.app, 'POST', '/api/v1/exchange/api-keys', { auth: specialist, body: { name: 'Không được', unitId: c.department.id, scopes: ['exchange.export'] } })).status).toBe(403);
  });
});

describe('push: an export goes out through the outbox', () => {
  it('is kept and queued in one transaction, delivered as built with an Idempotency-Key, retried after a failure, sent once', async () => {
    const notConfigured = await call(a.app, 'POST', '/api/v1/exchange/exports', { auth: auth.admin!, body: { type: 'kpiGroupCatalogue' } });
    expect([notConfigured.status, notConfigured.json.delivery]).toEqual([201, 'not_configured']);
    expect(await a.db.selectFrom('outbox').select('id').where('dedupe_key', '=', `exchange:${notConfigured.json.packetId}`).execute()).toEqual([]);

    const receiver = await startDmsReceiver();
    try {
      a.config.exchangeUrl = receiver.url;
      const res = await call(a.app, 'POST', '/api/v1/exchange/exports', { auth: auth.admin!, body: { type: 'regime', filters: { id: ids.regime } } });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      expect(res.json.delivery).toBe('queued');
      const deliverers = { exchange: createExchangeDeliverer(a.db, a.config) };
      receiver.mode = 'fail';
      expect(await drainOutbox(a.db, a.clock, deliverers, { kinds: ['exchange'] })).toMatchObject({ sent: 0, failed: 1 });
      receiver.mode = 'ok';
      a.clock.advance(3600_000);
      expect(await drainOutbox(a.db, a.clock, deliverers, { kinds: ['exchange'] })).toMatchObject({ sent: 1 });
      expect(await drainOutbox(a.db, a.clock, deliverers, { kinds: ['exchange'] })).toMatchObject({ sent: 0, failed: 0 });
      const key = `exchange:${res.json.packetId}`;
      expect(receiver.requests.map((r) => [r.key, r.attempt])).toEqual([[key, 1], [key, 2]]);
      expect(receiver.filed.get(key)!.body).toEqual(res.json.packet);
      expect(ExchangePacket.parse(receiver.filed.get(key)!.body).type).toBe('regime');
    } finally {
      a.config.exchangeUrl = null;
      await receiver.close();
    }
  });
});

describe('docs/exchange.md', () => {
  /** Field paths of a JSON Schema: `rows`, `rows[].code`, … (recursive sections stop at their reference). */
  const pathsOf = (schema: Record<string, any>, prefix = '', out: string[] = []): string[] => {
    if (schema.type === 'object') {
      for (const [k, v] of Object.entries(schema.properties ?? {})) {
        out.push(`${prefix}${k}`);
        pathsOf(v as Record<string, any>, `${prefix}${k}.`, out);
      }
    } else if (schema.type === 'array' && schema.items) pathsOf(schema.items, `${prefix.replace(/\.$/, '')}[].`, out);
    else for (const x of schema.anyOf ?? []) pathsOf(x, prefix, out);
    return out;
  };

  it('maps every field of every packet type, each marked to be checked against the annex', () => {
    const doc = readFileSync(new URL('../../../../../docs/exchange.md', import.meta.url), 'utf8');
    expect(doc).toMatch(/must be checked against the official annex/);
    for (const type of PACKET_TYPES) {
      const section = doc.split(`### \`${type}\` —`)[1]?.split('\n### ')[0];
      expect(section, type).toBeDefined();
      for (const path of new Set(pathsOf(z.toJSONSchema(PAYLOADS[type], { unrepresentable: 'any', cycles: 'ref' }) as Record<string, any>))) {
        expect(section, `${type}: ${path}`).toContain(`| \`${path}\` |`);
      }
    }
  });
});
