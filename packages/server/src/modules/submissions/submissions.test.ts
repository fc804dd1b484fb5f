import { beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity, type City } from '../../../test/reporting.fixtures.js';
import { signAs, testSigning } from '../../../test/signing.fixtures.js';

const signing = testSigning();
const t = useTestApp(signing.config);
let c: City;
let regimeId: string;
const auth: Record<string, Auth> = {};
const ids: Record<string, string> = {};

async function form(who: string, id: string) {
  const res = await call(t.app, 'GET', `/api/v1/assignments/${id}/form`, { auth: auth[who]! });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
}
async function save(who: string, id: string, changes: Record<string, string | null>, explanations: Record<string, string> = {}, baseVersion?: number) {
  const base = baseVersion ?? (await form(who, id)).version;
  return call(t.app, 'PUT', `/api/v1/assignments/${id}/values`, { auth: auth[who]!, body: { baseVersion: base, changes, explanations } });
}
async function submit(who: string, id: string) {
  return call(t.app, 'POST', `/api/v1/assignments/${id}/submit`, { auth: auth[who]!, body: { version: (await form(who, id)).version } });
}
/** A ward's report leaves the ward signed by its leader (R19–R21). */
async function submitSigned(who: string, id: string) {
  const submitted = await submit(who, id);
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
  expect(submitted.json.status).toBe('awaiting_signature');
  const signed = await signAs(t, auth[`lead:${who}`]!, id);
  expect(signed.status, JSON.stringify(signed.json)).toBe(200);
  expect(signed.json.status).toBe('sent');
  return signed;
}
async function inboxIds(who: string) {
  return (await call(t.app, 'GET', '/api/v1/inbox', { auth: auth[who]! })).json.items.filter((i: { regimeId: string }) => i.regimeId === regimeId).map((i: { id: string }) => i.id) as string[];
}

/** The figures each unit types, kept here to compute the expected totals independently. */
const typed = {
  b: { 'R01!KH': '1000.50', 'R01!TH': '900.25', 'R02!KH': '200', 'R02!TH': '150' },
  c: { 'R01!KH': '700', 'R01!TH': '800', 'R03!KH': '50.05', 'R03!TH': '110' },
  div1: { 'R01!KH': '300', 'R01!TH': '310.10', 'R04!KH': '20', 'R04!TH': '25' },
  div2: { 'R01!KH': '400.40', 'R01!TH': '350', 'R02!KH': '10', 'R02!TH': '9.99' },
};

beforeAll(async () => {
  t.clock.set('2026-12-01T02:00:00Z');
  c = await makeCity(t);
  const division2 = await makeUnit(t.db, { parent: c.communes[0]!, kind: 'division', name: 'Phòng Văn hóa Thử' });
  for (const [key, unit] of [['a', c.communes[0]!], ['b', c.communes[1]!], ['c', c.communes[2]!], ['div1', c.division], ['div2', division2]] as const) {
    auth[key] = await authAs(t, await makeUser(t.db, unit, 'specialist'));
    ids[`unit:${key}`] = unit.id;
    if (unit.kind === 'commune') auth[`lead:${key}`] = await authAs(t, await makeUser(t.db, unit, 'leader'));
  }
  await signing.install(c.communes);
  auth.dept = c.designerAuth;
  const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c) });
  regimeId = regime.json.id;
  for (const key of ['a', 'b', 'c']) ids[key] = (await inboxIds(key))[0]!;
});

describe('data entry (R17)', () => {
  it('saves typed figures, computes the form, and keeps who changed which cell from what to what', async () => {
    const first = await save('b', ids.b!, { 'R01!KH': '1000.50', 'R01!TH': '900' });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json).toMatchObject({ version: 1, status: 'draft', inputs: { 'R01!KH': '1000.50', 'R01!TH': '900' }, editable: true, canSubmit: true, updatedByName: expect.stringMatching(/^Người thử/) });
    // The save answers with what it wrote, not the whole form: the computed values and checks are the form's.
    expect(Object.keys(first.json).sort()).toEqual(['assignmentId', 'canSubmit', 'editable', 'explanations', 'inputs', 'status', 'updatedAt', 'updatedByName', 'version']);
    const computed = (await form('b', ids.b!)).computed;
    expect(computed['R01!TL']).toBe('90.0');
    expect(computed['R00!KH']).toBe('1000.50');
    const second = await save('b', ids.b!, typed.b);
    expect(second.json.version).toBe(2);
    const history = await call(t.app, 'GET', `/api/v1/assignments/${ids.b}/history?cell=R01!TH`, { auth: auth.b! });
    expect(history.json.map((h: Record<string, unknown>) => [h.oldValue, h.newValue, h.version, h.source])).toEqual([['900', '900.25', 2, 'entry'], [null, '900', 1, 'entry']]);
    expect(history.json[0].byName).toMatch(/^Người thử/);
  });

  it('refuses text in a number cell, too many decimals and computed cells, naming each, saving nothing', async () => {
    const before = await form('b', ids.b!);
    const res = await save('b', ids.b!, { 'R01!KH': 'một nghìn', 'R02!TH': '1.234', 'R00!KH': '5', 'R01!TL': '50' });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('form.invalid_cells');
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['R01!KH', 'R02!TH', 'R00!KH', 'R01!TL']);
    expect(res.json.errors[1].message).toContain('quá 2 chữ số thập phân');
    expect((await form('b', ids.b!)).version).toBe(before.version);
  });

  it('merges a save made from an older version cell by cell, and answers 409 with the cells when both changed one', async () => {
    const colleague = await authAs(t, await makeUser(t.db, c.communes[1]!, 'specialist'));
    auth.b2 = colleague;
    const base = (await form('b', ids.b!)).version;
    const mine = await save('b', ids.b!, { 'R04!KH': '5' }, {}, base);
    expect(mine.json.version).toBe(base + 1);
    const merged = await save('b2', ids.b!, { 'R04!TH': '4' }, {}, base);
    expect(merged.status).toBe(200);
    expect(merged.json.inputs).toMatchObject({ 'R04!KH': '5', 'R04!TH': '4' });
    const clash = await save('b2', ids.b!, { 'R04!KH': '6', 'R03!KH': '1' }, {}, base);
    expect(clash.status).toBe(409);
    expect(clash.json).toMatchObject({ code: 'form.conflict', conflicts: [{ cell: 'R04!KH', mine: '6', theirs: '5' }] });
    expect(clash.json.conflicts[0].byName).toMatch(/^Người thử/);
    expect((await form('b', ids.b!)).inputs['R03!KH']).toBeUndefined();
    // Clean up to the figures of the scenario.
    await save('b', ids.b!, { 'R04!KH': null, 'R04!TH': null });
  });

  it('refuses to submit with an unexplained warning, then accepts it explained', async () => {
    await save('c', ids.c!, typed.c);
    const refused = await submit('c', ids.c!);
    expect([refused.status, refused.json.code]).toEqual([400, 'form.unexplained_warnings']);
    expect(refused.json.errors.map((e: { path: string }) => e.path)).toContain('vuot@R03!TH');
    const state = await form('c', ids.c!);
    const explanations = Object.fromEntries(state.violations.filter((v: { severity: string }) => v.severity === 'warning').map((v: { key: string }) => [v.key, 'Thu từ khoản nộp chậm của năm trước']));
    await save('c', ids.c!, {}, explanations);
    const sent = await submit('c', ids.c!);
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json).toMatchObject({ status: 'awaiting_signature', editable: false });
    expect((await signAs(t, auth['lead:c']!, ids.c!)).json.status).toBe('sent');
    const late = await save('c', ids.c!, { 'R01!KH': '1' });
    expect(late.status).toBe(403);
  });
});

describe('aggregation and review (R18, R26)', () => {
  it('a ward aggregates its two divisions with the template\'s rules and submits the consolidated report', async () => {
    const delegated = await call(t.app, 'POST', `/api/v1/assignments/${ids.a}/delegations`, { auth: auth.a!, body: { unitIds: [ids['unit:div1'], ids['unit:div2']], dueOn: '2026-12-04' } });
    expect(delegated.status, JSON.stringify(delegated.json)).toBe(201);
    for (const key of ['div1', 'div2'] as const) {
      const [id] = await inboxIds(key);
      ids[key] = id!;
      expect((await save(key, id!, typed[key])).status).toBe(200);
      const sent = await submit(key, id!);
      expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    }
    const view = await call(t.app, 'GET', `/api/v1/assignments/${ids.a}/aggregate`, { auth: auth.a! });
    expect(view.status, JSON.stringify(view.json)).toBe(200);
    expect(view.json.missing).toEqual([]);
    expect(view.json.inputs).toEqual({ 'R01!KH': '700.40', 'R01!TH': '660.10', 'R02!KH': '10.00', 'R02!TH': '9.99', 'R04!KH': '20.00', 'R04!TH': '25.00' });
    expect(view.json.computed['R01!TL']).toBe('94.2'); // 660.10 / 700.40 × 100 = 94.246…
    expect(view.json.contributions['R01!KH'].map((x: { value: string }) => x.value).sort()).toEqual(['300', '400.40']);
    const applied = await call(t.app, 'POST', `/api/v1/assignments/${ids.a}/aggregate`, { auth: auth.a!, body: { version: (await form('a', ids.a!)).version, note: '' } });
    expect(applied.status, JSON.stringify(applied.json)).toBe(200);
    expect(applied.json.inputs).toEqual(view.json.inputs);
    const history = await call(t.app, 'GET', `/api/v1/assignments/${ids.a}/history?cell=R01!KH`, { auth: auth.a! });
    expect(history.json[0]).toMatchObject({ newValue: '700.40', source: 'aggregate' });
    await submitSigned('a', ids.a!);

    // A division's correction lands after the ward took the aggregate in: the ward sees what changed.
    const ward = await call(t.app, 'POST', `/api/v1/assignments/${ids.div2}/review`, { auth: auth.a!, body: { decision: 'reject', reason: 'Kiểm tra lại số thực hiện' } });
    expect(ward.status, JSON.stringify(ward.json)).toBe(200);
    await save('div2', ids.div2!, { 'R01!TH': '351' });
    expect((await submit('div2', ids.div2!)).status).toBe(200);
    const after = await call(t.app, 'GET', `/api/v1/assignments/${ids.a}/aggregate`, { auth: auth.a! });
    expect(after.json.inputs['R01!TH']).toBe('661.10');
    expect(after.json.changedSinceApplied).toEqual(['R01!TH']);
  });

  it('the department returns one ward with a reason and flagged cells; the resubmission keeps both versions and shows the difference', async () => {
    await submitSigned('b', ids.b!);
    const rejected = await call(t.app, 'POST', `/api/v1/assignments/${ids.b}/review`, { auth: auth.dept!, body: { decision: 'reject', reason: 'Số thu phí quý này thấp bất thường, đề nghị kiểm tra', flaggedCells: ['R02!TH'] } });
    expect(rejected.status, JSON.stringify(rejected.json)).toBe(200);
    const returned = await form('b', ids.b!);
    expect(returned).toMatchObject({ status: 'returned', editable: true, returnReason: 'Số thu phí quý này thấp bất thường, đề nghị kiểm tra', flaggedCells: ['R02!TH'] });
    const inbox = await call(t.app, 'GET', '/api/v1/inbox', { auth: auth.b! });
    expect(inbox.json.items.find((i: { id: string }) => i.id === ids.b).categories).toEqual(['to_enter', 'returned']);

    await save('b', ids.b!, { 'R02!TH': '180' });
    typed.b['R02!TH'] = '180';
    await submitSigned('b', ids.b!);
    const versions = await call(t.app, 'GET', `/api/v1/assignments/${ids.b}/versions`, { auth: auth.dept! });
    expect(versions.json).toHaveLength(2);
    expect(versions.json[0].review).toMatchObject({ decision: 'reject', flaggedCells: ['R02!TH'] });
    expect(versions.json[1]).toMatchObject({ number: 2, changed: { 'R02!TH': ['150', '180'] }, review: null });
    expect((await form('b', ids.b!)).returnReason).toBeNull();

    const noReason = await call(t.app, 'POST', `/api/v1/assignments/${ids.b}/review`, { auth: auth.dept!, body: { decision: 'reject', reason: '' } });
    expect([noReason.status, noReason.json.code]).toEqual([400, 'validation']);
    const byWard = await call(t.app, 'POST', `/api/v1/assignments/${ids.b}/review`, { auth: auth.c!, body: { decision: 'accept' } });
    expect(byWard.status).toBe(404);
    for (const key of ['a', 'b', 'c']) {
      const ok = await call(t.app, 'POST', `/api/v1/assignments/${ids[key]}/review`, { auth: auth.dept!, body: { decision: 'accept' } });
      expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    }
    const twice = await call(t.app, 'POST', `/api/v1/assignments/${ids.a}/review`, { auth: auth.dept!, body: { decision: 'accept' } });
    expect([twice.status, twice.json.code]).toEqual([409, 'review.not_sent']);
  });

  it('the department consolidates its sector across the wards: totals equal the typed figures, percentages recomputed', async () => {
    const res = await call(t.app, 'GET', `/api/v1/regimes/${regimeId}/rounds/ad-hoc/aggregate`, { auth: auth.dept! });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.missing).toEqual([]);
    // Independently, in hundredths: every unit's typed figures, the ward of the divisions through its divisions.
    const hundredths = (v: string) => Math.round(Number(v) * 100);
    const total = (cell: string) => [typed.b, typed.c, typed.div1, typed.div2].reduce((sum, u) => sum + hundredths((u as Record<string, string>)[cell] ?? '0'), 0);
    for (const cell of ['R01!KH', 'R01!TH', 'R02!KH', 'R02!TH', 'R03!KH', 'R03!TH', 'R04!KH', 'R04!TH']) {
      expect(hundredths(res.json.inputs[cell]), cell).toBe(total(cell));
    }
    const kh = ['R01', 'R02', 'R03', 'R04'].reduce((s, r) => s + total(`${r}!KH`), 0);
    const th = ['R01', 'R02', 'R03', 'R04'].reduce((s, r) => s + total(`${r}!TH`), 0);
    expect(hundredths(res.json.computed['R00!KH'])).toBe(kh);
    expect(res.json.computed['R00!TL']).toBe((Math.round((th / kh) * 1000) / 10).toFixed(1));
    expect(res.json.computed['R01!TL']).toBe((Math.round((total('R01!TH') / total('R01!KH')) * 1000) / 10).toFixed(1));
    expect(res.json.sources.every((s: { included: boolean; status: string }) => s.included && s.status === 'accepted')).toBe(true);
  });
});
