import { beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth, type TestUser } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity, type City } from '../../../test/reporting.fixtures.js';
import { signAs, testSigning } from '../../../test/signing.fixtures.js';

const signing = testSigning();
const t = useTestApp({ ...signing.config, operatorEmail: 'vanhanh@haiphong.gov.vn', outageGraceWorkingDays: 2 });
let admin: Auth;
let specialist: Auth;
let specialistUser: TestUser;
let adminUser: TestUser;
/** Sessions end after hours idle: tests that move the clock on sign in again. */
const asAdmin = () => authAs(t, adminUser);

const audits = (action: string) => t.db.selectFrom('audit_log').select(['action', 'target_id', 'details']).where('action', '=', action).execute();

beforeAll(async () => {
  t.clock.set('2026-12-01T02:00:00Z');
  const city = await makeUnit(t.db, { name: 'Thành phố Vận hành' });
  const ward = await makeUnit(t.db, { parent: city, kind: 'commune', name: 'Phường Vận hành' });
  adminUser = await makeUser(t.db, city, 'system_admin');
  admin = await asAdmin();
  specialistUser = await makeUser(t.db, ward, 'specialist');
  specialist = await authAs(t, specialistUser);
});

describe('maintenance notices (R31)', () => {
  const window = (startsAt: string, endsAt: string, extra: Record<string, unknown> = {}) => ({
    startsAt, endsAt, changes: 'Nâng cấp phiên bản 2.3', message: 'Hệ thống tạm dừng để nâng cấp từ 20 giờ đến 22 giờ ngày 02/12/2026.', ...extra,
  });

  it('refuses less than 24 hours of notice with a stable code, changing nothing', async () => {
    const res = await call(t.app, 'POST', '/api/v1/maintenance', { auth: admin, body: window('2026-12-02T01:00:00Z', '2026-12-02T03:00:00Z') });
    expect([res.status, res.json.code]).toEqual([400, 'maintenance.too_soon']);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json.title).toContain('ít nhất 24 giờ');
    expect((await call(t.app, 'GET', '/api/v1/maintenance', { auth: admin })).json).toEqual([]);
    const noReason = await call(t.app, 'POST', '/api/v1/maintenance', { auth: admin, body: window('2026-12-02T01:00:00Z', '2026-12-02T03:00:00Z', { emergency: true }) });
    expect([noReason.status, noReason.json.code, noReason.json.errors[0].message]).toEqual([400, 'validation', 'Bảo trì khẩn cấp phải nêu lý do']);
    const backwards = await call(t.app, 'POST', '/api/v1/maintenance', { auth: admin, body: window('2026-12-05T03:00:00Z', '2026-12-05T01:00:00Z') });
    expect([backwards.status, backwards.json.code]).toEqual([400, 'validation']);
  });

  it('is for the system administrator only', async () => {
    const res = await call(t.app, 'POST', '/api/v1/maintenance', { auth: specialist, body: window('2026-12-05T01:00:00Z', '2026-12-05T03:00:00Z') });
    expect([res.status, res.json.code]).toEqual([403, 'forbidden']);
  });

  it('shows the banner from 24 hours before until the end, to everyone, even before signing in; edits and cancels are audited', async () => {
    const res = await call(t.app, 'POST', '/api/v1/maintenance', { auth: admin, body: window('2026-12-02T13:00:00Z', '2026-12-02T15:00:00Z') });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.status).toBe('scheduled');
    const id = res.json.id as string;
    expect((await call(t.app, 'GET', '/api/v1/maintenance/current')).json).toEqual([]);
    t.clock.set('2026-12-01T13:00:00Z');
    const shown = await call(t.app, 'GET', '/api/v1/maintenance/current');
    expect(shown.json).toEqual([expect.objectContaining({ id, inProgress: false, message: expect.stringContaining('20 giờ') })]);
    expect(shown.json[0]).not.toHaveProperty('changes');
    t.clock.set('2026-12-02T14:00:00Z');
    expect((await call(t.app, 'GET', '/api/v1/maintenance/current', { auth: specialist })).json[0].inProgress).toBe(true);
    const moved = await call(t.app, 'PUT', `/api/v1/maintenance/${id}`, { auth: await asAdmin(), body: window('2026-12-02T13:00:00Z', '2026-12-02T16:00:00Z') });
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    expect((await audits('maintenance.updated'))[0]!.details).toMatchObject({ changes: { endsAt: ['2026-12-02T15:00:00.000Z', '2026-12-02T16:00:00.000Z'] } });
    t.clock.set('2026-12-02T16:00:00Z');
    expect((await call(t.app, 'GET', '/api/v1/maintenance/current')).json).toEqual([]);
    expect((await audits('maintenance.scheduled')).map((a) => a.target_id)).toEqual([id]);
  });

  it('records an emergency with its reason; cancelling removes the banner', async () => {
    t.clock.set('2026-12-03T02:00:00Z');
    const admin2 = await asAdmin();
    const res = await call(t.app, 'POST', '/api/v1/maintenance', { auth: admin2, body: window('2026-12-03T05:00:00Z', '2026-12-03T06:00:00Z', { emergency: true, emergencyReason: 'Vá lỗ hổng bảo mật nghiêm trọng' }) });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect((await audits('maintenance.scheduled_emergency'))[0]!.details).toMatchObject({ emergency: true, emergencyReason: 'Vá lỗ hổng bảo mật nghiêm trọng', hoursOfNotice: 3 });
    expect((await call(t.app, 'GET', '/api/v1/maintenance/current')).json).toHaveLength(1);
    expect((await call(t.app, 'POST', `/api/v1/maintenance/${res.json.id}/cancel`, { auth: admin2, body: {} })).json.status).toBe('cancelled');
    expect((await call(t.app, 'GET', '/api/v1/maintenance/current')).json).toEqual([]);
    const again = await call(t.app, 'POST', `/api/v1/maintenance/${res.json.id}/cancel`, { auth: admin2, body: {} });
    expect([again.status, again.json.code]).toEqual([409, 'maintenance.closed']);
    expect(await audits('maintenance.cancelled')).toHaveLength(1);
  });
});

describe('incidents and requests for help (R33)', () => {
  it('reaches the operator with its context, by the list and by e-mail; status and notes are audited', async () => {
    const sess = await authAs(t, specialistUser);
    const res = await call(t.app, 'POST', '/api/v1/incidents', {
      auth: sess, headers: { 'user-agent': 'Chromium thử' },
      body: { kind: 'incident', subject: 'Không ký số được', description: 'Bấm Ký số thì báo lỗi hệ thống', pageUrl: '/viec-cua-toi/abc/ky-so', requestId: 'req-123' },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const admin2 = await asAdmin();
    const list = await call(t.app, 'GET', '/api/v1/incidents', { auth: admin2 });
    expect(list.json[0]).toMatchObject({ id: res.json.id, status: 'new', pageUrl: '/viec-cua-toi/abc/ky-so', requestId: 'req-123', unitName: 'Phường Vận hành', reporterUsername: specialistUser.username });
    const mail = await t.db.selectFrom('outbox').select(['payload']).where('dedupe_key', '=', `incident:${res.json.id}`).executeTakeFirstOrThrow();
    const payload = (typeof mail.payload === 'string' ? JSON.parse(mail.payload) : mail.payload) as { to: string; text: string };
    expect(payload.to).toBe('vanhanh@haiphong.gov.vn');
    expect(payload.text).toContain('Mã yêu cầu gần nhất: req-123');
    expect((await call(t.app, 'GET', '/api/v1/incidents', { auth: sess })).status).toBe(403);

    const bad = await call(t.app, 'POST', `/api/v1/incidents/${res.json.id}/notes`, { auth: admin2, body: { status: 'closed', note: 'x' } });
    expect([bad.status, bad.json.code]).toEqual([400, 'validation']);
    const moved = await call(t.app, 'POST', `/api/v1/incidents/${res.json.id}/notes`, { auth: admin2, body: { status: 'in_progress', note: 'Đang kiểm tra chứng thư số' } });
    expect(moved.json).toMatchObject({ status: 'in_progress', notes: [{ status: 'in_progress', text: 'Đang kiểm tra chứng thư số' }] });
    expect((await audits('incident.status_changed'))[0]!.details).toMatchObject({ from: 'new', to: 'in_progress' });
    expect(await audits('incident.reported')).toHaveLength(1);
    expect((await call(t.app, 'GET', '/api/v1/incidents?status=new', { auth: admin2 })).json).toEqual([]);
  });
});

describe('outages (R32): deadlines in the outage move to its end + 2 working days', () => {
  let c: City;
  const users: Record<string, TestUser> = {};
  const auth: Record<string, Auth> = {};
  const ids: Record<string, string> = {};
  let admin3: Auth;
  const relogin = async () => {
    for (const [k, u] of Object.entries(users)) auth[k] = await authAs(t, u);
    admin3 = await asAdmin();
  };
  async function sendSigned(key: string) {
    const form = await call(t.app, 'GET', `/api/v1/assignments/${ids[key]}/form`, { auth: auth[key]! });
    const saved = await call(t.app, 'PUT', `/api/v1/assignments/${ids[key]}/values`, { auth: auth[key]!, body: { baseVersion: form.json.version, changes: { 'R01!KH': '10', 'R01!TH': '9' }, explanations: {} } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/assignments/${ids[key]}/submit`, { auth: auth[key]!, body: { version: saved.json.version } })).status).toBe(200);
    expect((await signAs(t, auth[`lead:${key}`]!, ids[key]!)).json.status).toBe('sent');
  }

  /** Due Tuesday 8 December 2026; the system is down that day for ward A only; both wards send on Thursday the 10th. */
  beforeAll(async () => {
    t.clock.set('2026-12-01T02:00:00Z');
    c = await makeCity(t);
    await signing.install(c.communes);
    users.dept = c.designer;
    const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c) });
    expect(regime.status, JSON.stringify(regime.json)).toBe(201);
    for (const [key, unit] of [['a', c.communes[0]!], ['b', c.communes[1]!]] as const) {
      users[key] = await makeUser(t.db, unit, 'specialist');
      users[`lead:${key}`] = await makeUser(t.db, unit, 'leader');
      await relogin();
      ids[key] = (await call(t.app, 'GET', '/api/v1/inbox', { auth: auth[key]! })).json.items.find((i: { regimeId: string }) => i.regimeId === regime.json.id).id;
    }
  });

  it('refuses an outage of 3 hours or less and a bad window, changing nothing', async () => {
    const short = await call(t.app, 'POST', '/api/v1/outages', { auth: admin3, body: { startsAt: '2026-12-08T01:00:00Z', endsAt: '2026-12-08T03:00:00Z', reason: 'Mất điện' } });
    expect([short.status, short.json.code]).toEqual([400, 'outage.too_short']);
    expect(short.json.title).toContain('trên 3 giờ');
    const bad = await call(t.app, 'POST', '/api/v1/outages', { auth: admin3, body: { startsAt: 'hôm qua', endsAt: '2026-12-08T03:00:00Z', reason: 'Mất điện' } });
    expect([bad.status, bad.json.code]).toEqual([400, 'validation']);
    expect((await call(t.app, 'GET', '/api/v1/outages', { auth: admin3 })).json).toEqual([]);
  });

  it('extends the units in scope only: the inbox, then oversight counts A on time and backfilled, B late', async () => {
    t.clock.set('2026-12-08T09:00:00Z');
    await relogin();
    const declared = await call(t.app, 'POST', '/api/v1/outages', {
      auth: admin3, body: { startsAt: '2026-12-08T01:00:00Z', endsAt: '2026-12-08T08:00:00Z', reason: 'Mất kết nối mạng diện rộng tại phường A', unitIds: [c.communes[0]!.id] },
    });
    expect(declared.status, JSON.stringify(declared.json)).toBe(201);
    expect(declared.json).toMatchObject({ firstDay: '2026-12-08', lastDay: '2026-12-08', graceWorkingDays: 2, extendsTo: '2026-12-10', units: [{ id: c.communes[0]!.id }] });
    expect((await audits('outage.declared'))[0]!.details).toMatchObject({ extendsTo: '2026-12-10', unitIds: [c.communes[0]!.id] });

    t.clock.set('2026-12-09T03:00:00Z');
    await relogin();
    const inboxA = (await call(t.app, 'GET', '/api/v1/inbox', { auth: auth.a! })).json.items.find((i: { id: string }) => i.id === ids.a);
    expect(inboxA).toMatchObject({ dueOn: '2026-12-08', extendedDueOn: '2026-12-10', timeLeft: { overdue: false } });
    expect(inboxA.categories).not.toContain('overdue');
    const inboxB = (await call(t.app, 'GET', '/api/v1/inbox', { auth: auth.b! })).json.items.find((i: { id: string }) => i.id === ids.b);
    expect(inboxB).toMatchObject({ extendedDueOn: null, timeLeft: { overdue: true } });

    t.clock.set('2026-12-10T03:00:00Z');
    await relogin();
    await sendSigned('a');
    await sendSigned('b');
    const detail = await call(t.app, 'GET', `/api/v1/assignments/${ids.a}`, { auth: auth.a! });
    expect(detail.json).toMatchObject({ backfilled: true, extendedDueOn: '2026-12-10' });

    const params = new URLSearchParams({ rootUnitId: c.city.id, from: '2026-12-01', to: '2026-12-31' });
    const view = await call(t.app, 'GET', `/api/v1/oversight?${params}`, { auth: auth.dept! });
    expect(view.status, JSON.stringify(view.json)).toBe(200);
    const item = (unitId: string) => view.json.items.find((i: { unitId: string }) => i.unitId === unitId);
    expect(item(c.communes[0]!.id)).toMatchObject({ dueOn: '2026-12-08', extendedDueOn: '2026-12-10', sentOn: '2026-12-10', timeliness: 'on_time', daysLate: 0, backfilled: true });
    expect(item(c.communes[1]!.id)).toMatchObject({ extendedDueOn: null, timeliness: 'late', daysLate: 2, backfilled: false });
  }, 120_000);

  it('cancelling the outage ends its extension', async () => {
    const [o] = (await call(t.app, 'GET', '/api/v1/outages', { auth: admin3 })).json;
    expect((await call(t.app, 'POST', `/api/v1/outages/${o.id}/cancel`, { auth: admin3, body: {} })).json.cancelledAt).not.toBeNull();
    const params = new URLSearchParams({ rootUnitId: c.city.id, from: '2026-12-01', to: '2026-12-31' });
    const view = await call(t.app, 'GET', `/api/v1/oversight?${params}`, { auth: auth.dept! });
    expect(view.json.items.find((i: { unitId: string }) => i.unitId === c.communes[0]!.id)).toMatchObject({ timeliness: 'late', backfilled: false });
    expect(await audits('outage.cancelled')).toHaveLength(1);
  });
});
