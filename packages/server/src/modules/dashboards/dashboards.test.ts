import { beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { makeCity, monthlyRegime, type City } from '../../../test/reporting.fixtures.js';
import { signAs, testSigning } from '../../../test/signing.fixtures.js';

const signing = testSigning();
const t = useTestApp(signing.config);
let c: City;
const auth: Record<string, Auth> = {};

/** Two wards report December 2026 and Sở Tài chính accepts both; the third ward has not answered. */
beforeAll(async () => {
  t.clock.set('2026-12-01T02:00:00Z');
  c = await makeCity(t);
  await signing.install(c.communes);
  auth.owner = c.designerAuth;
  auth.colleague = await authAs(t, await makeUser(t.db, c.department, 'leader'));
  const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: monthlyRegime(c) });
  expect(regime.status, JSON.stringify(regime.json)).toBe(201);
  for (const [key, unit, value] of [['b', c.communes[1]!, '900.25'], ['c', c.communes[2]!, '1999.99']] as const) {
    auth[key] = await authAs(t, await makeUser(t.db, unit, 'specialist'));
    const leader = await authAs(t, await makeUser(t.db, unit, 'leader'));
    const inbox = await call(t.app, 'GET', '/api/v1/inbox', { auth: auth[key]! });
    const id = inbox.json.items.find((i: { regimeId: string; roundKey: string }) => i.regimeId === regime.json.id && i.roundKey === '2026-M12').id;
    const saved = await call(t.app, 'PUT', `/api/v1/assignments/${id}/values`, { auth: auth[key]!, body: { baseVersion: 0, changes: { 'R01!KH': '5000', 'R01!TH': value }, explanations: {} } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/assignments/${id}/submit`, { auth: auth[key]!, body: { version: saved.json.version } })).status).toBe(200);
    expect((await signAs(t, leader, id)).status).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/assignments/${id}/review`, { auth: c.designerAuth, body: { decision: 'accept' } })).status).toBe(200);
  }
});

/** "How did this indicator go across all communes this year", as the exploration page asks it. */
const question = () => ({
  measure: { kind: 'cell', lineageId: c.lineageId, rowCode: 'R01', columnCode: 'TH' },
  units: { rootUnitId: c.city.id, kind: 'commune' },
  periods: { from: '2026-01-01', to: '2026-12-31', kind: 'month' },
});
const view = (extra: Record<string, unknown> = {}) => ({ name: 'Thu thuế các phường năm 2026', kind: 'dashboard', query: question(), pageQuery: 'l=x&r=R01&c=TH', ...extra });

const counts = async () => ({
  views: Number((await t.db.selectFrom('saved_views').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  audit: Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
});
const auditOf = (id: string) => t.db.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('target_id', '=', id).orderBy('seq').execute();
const names = async (who: Auth) => (await call(t.app, 'GET', '/api/v1/saved-views', { auth: who })).json.map((v: { name: string }) => v.name);

describe('saved views (issue 7)', () => {
  it('keeps a view to its owner until shared, then shows it to the unit only; every change is audited', async () => {
    const created = await call(t.app, 'POST', '/api/v1/saved-views', { auth: auth.owner!, body: view() });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({ name: 'Thu thuế các phường năm 2026', kind: 'dashboard', sharedWithUnit: false, mine: true, unitId: c.department.id, query: question() });
    const id = created.json.id as string;
    expect(await names(auth.owner!)).toEqual(['Thu thuế các phường năm 2026']);
    expect(await names(auth.colleague!)).toEqual([]);

    const shared = await call(t.app, 'PATCH', `/api/v1/saved-views/${id}`, { auth: auth.owner!, body: { sharedWithUnit: true } });
    expect([shared.status, shared.json.sharedWithUnit]).toEqual([200, true]);
    const seen = await call(t.app, 'GET', '/api/v1/saved-views', { auth: auth.colleague! });
    expect(seen.json.map((v: { name: string; mine: boolean }) => [v.name, v.mine])).toEqual([['Thu thuế các phường năm 2026', false]]);
    // Another unit, even the wards the question is about, never sees it.
    expect(await names(auth.b!)).toEqual([]);

    const renamed = await call(t.app, 'PATCH', `/api/v1/saved-views/${id}`, { auth: auth.owner!, body: { name: 'Thu thuế theo phường' } });
    expect(renamed.json.name).toBe('Thu thuế theo phường');
    expect((await auditOf(id)).map((a) => [a.action, (a.details as { changes?: unknown }).changes ?? null])).toEqual([
      ['saved_view.created', null],
      ['saved_view.updated', { sharedWithUnit: [false, true] }],
      ['saved_view.updated', { name: ['Thu thuế các phường năm 2026', 'Thu thuế theo phường'] }],
    ]);
  });

  it('lets only the owner rename, share or delete: a colleague gets 403, another unit 404, and nothing changes', async () => {
    const id = (await call(t.app, 'POST', '/api/v1/saved-views', { auth: auth.owner!, body: view({ name: 'Chỉ tôi sửa', sharedWithUnit: true }) })).json.id as string;
    const before = await counts();
    const colleague = await call(t.app, 'PATCH', `/api/v1/saved-views/${id}`, { auth: auth.colleague!, body: { name: 'Đổi trộm' } });
    expect([colleague.status, colleague.json.code, colleague.json.title]).toEqual([403, 'forbidden', 'Chỉ người tạo góc nhìn mới được sửa hoặc xóa góc nhìn này']);
    expect((await call(t.app, 'DELETE', `/api/v1/saved-views/${id}`, { auth: auth.colleague! })).status).toBe(403);
    const ward = await call(t.app, 'PATCH', `/api/v1/saved-views/${id}`, { auth: auth.b!, body: { sharedWithUnit: false } });
    expect([ward.status, ward.json.code]).toEqual([404, 'not_found']);
    expect((await call(t.app, 'DELETE', `/api/v1/saved-views/${id}`, { auth: auth.b! })).status).toBe(404);
    expect(await counts()).toEqual(before);

    const gone = await call(t.app, 'DELETE', `/api/v1/saved-views/${id}`, { auth: auth.owner! });
    expect(gone.status).toBe(204);
    expect(await names(auth.colleague!)).not.toContain('Chỉ tôi sửa');
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['saved_view.created', 'saved_view.deleted']);
  });

  it('refuses bad input with a stable code and a Vietnamese message, changing nothing', async () => {
    const before = await counts();
    const blank = await call(t.app, 'POST', '/api/v1/saved-views', { auth: auth.owner!, body: view({ name: '   ' }) });
    expect([blank.status, blank.json.code, blank.json.title]).toEqual([400, 'validation', 'Dữ liệu không hợp lệ']);
    expect(blank.json.errors).toEqual([expect.objectContaining({ path: 'body.name', message: 'Nhập tên góc nhìn' })]);
    const unknownKind = await call(t.app, 'POST', '/api/v1/saved-views', { auth: auth.owner!, body: view({ kind: 'wall' }) });
    expect([unknownKind.status, unknownKind.json.code]).toEqual([400, 'validation']);
    const noChange = await call(t.app, 'PATCH', `/api/v1/saved-views/${c.city.id}`, { auth: auth.owner!, body: {} });
    expect([noChange.status, noChange.json.code]).toEqual([400, 'validation']);
    const taken = await call(t.app, 'POST', '/api/v1/saved-views', { auth: auth.owner!, body: view({ name: 'THU THUẾ THEO PHƯỜNG' }) });
    expect([taken.status, taken.json.code, taken.json.title]).toEqual([409, 'saved_view.name_taken', 'Bạn đã có góc nhìn tên "THU THUẾ THEO PHƯỜNG"']);
    const elsewhere = await makeUnit(t.db, { name: 'Thành phố khác' });
    const outside = await call(t.app, 'POST', '/api/v1/saved-views', { auth: auth.owner!, body: view({ name: 'Ngoài phạm vi', query: { ...question(), units: { rootUnitId: elsewhere.id } } }) });
    expect([outside.status, outside.json.code, outside.json.title]).toEqual([403, 'saved_view.out_of_scope', 'Bạn không có quyền xem số liệu của Thành phố khác']);
    expect(await counts()).toEqual(before);
  });
});

describe('the overview page (Tổng quan)', () => {
  it('shows the pinned views with their trend and where the current period\'s reports stand', async () => {
    const dept = await call(t.app, 'GET', '/api/v1/dashboard', { auth: auth.colleague! });
    expect(dept.status, JSON.stringify(dept.json)).toBe(200);
    expect(dept.json).toMatchObject({ today: '2026-12-01', unitId: c.department.id, unitName: 'Sở Tài chính Thử' });
    expect(dept.json.indicators.map((i: { view: { name: string }; trend: unknown; error: unknown }) => [i.view.name, i.trend, i.error])).toEqual([
      ['Thu thuế theo phường', [{ periodKey: '2026-M12', periodFrom: '2026-12-01', value: '2900.24' }], null],
    ]);
    expect(dept.json.indicators[0].measure).toMatch(/Thu thuế/);
    // The department asked three wards for December: two accepted, one still to do; it sends nothing itself.
    expect(dept.json.status.requested).toEqual({ to_do: 1, awaiting_signature: 0, sent: 0, accepted: 2, late: 0 });
    expect(dept.json.status.toSend).toEqual({ to_do: 0, awaiting_signature: 0, sent: 0, accepted: 0, late: 0 });

    const ward = await call(t.app, 'GET', '/api/v1/dashboard', { auth: auth.b! });
    expect(ward.json.indicators).toEqual([]);
    expect(ward.json.status.toSend).toMatchObject({ accepted: 1 });

    // Unpinned, the view stays in the list but leaves the overview.
    const [v] = (await call(t.app, 'GET', '/api/v1/saved-views', { auth: auth.owner! })).json as { id: string }[];
    expect((await call(t.app, 'PATCH', `/api/v1/saved-views/${v!.id}`, { auth: auth.owner!, body: { kind: 'analytics' } })).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/dashboard', { auth: auth.colleague! })).json.indicators).toEqual([]);
  });

  it('keeps a report not sent by its due date as late, while answered ones leave with their period', async () => {
    // December's reports were due mid-December (Decree 09 cut-off): by 20 January only the missing one is left.
    t.clock.set('2027-01-20T02:00:00Z');
    const dept = await call(t.app, 'GET', '/api/v1/dashboard', { auth: await authAs(t, c.designer) });
    expect(dept.json.status).toMatchObject({ from: '2026-12-21', to: '2027-02-19' });
    expect(dept.json.status.requested).toEqual({ to_do: 0, awaiting_signature: 0, sent: 0, accepted: 0, late: 1 });
  });
});

describe('the API document', () => {
  it('describes the overview and saved views routes', async () => {
    const doc = await call(t.app, 'GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/api/v1/dashboard', '/api/v1/saved-views', '/api/v1/saved-views/{viewId}']));
    expect(Object.keys(doc.json.paths['/api/v1/saved-views/{viewId}'])).toEqual(expect.arrayContaining(['patch', 'delete']));
  });
});
