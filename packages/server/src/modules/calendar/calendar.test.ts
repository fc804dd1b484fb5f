import { beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity, type City } from '../../../test/reporting.fixtures.js';

const t = useTestApp();
let admin: Auth;
let c: City;

beforeAll(async () => {
  t.clock.set('2026-12-01T02:00:00Z');
  const root = await makeUnit(t.db, { kind: 'city' });
  admin = await authAs(t, await makeUser(t.db, root, 'system_admin'));
  c = await makeCity(t);
});

describe('the working calendar', () => {
  it('lists a year\'s statutory days off, the lunar ones computed', async () => {
    const res = await call(t.app, 'GET', '/api/v1/calendar/2027', { auth: c.designerAuth });
    expect(res.status).toBe(200);
    const names = Object.fromEntries(res.json.daysOff.map((d: { date: string; name: string }) => [d.date, d.name]));
    // Tết 2027 is 6 February; Giỗ Tổ (lunar 10/3) is 16 April 2027.
    expect(names['2027-02-06']).toMatch(/Tết Nguyên đán/);
    expect(names['2027-04-16']).toMatch(/Giỗ Tổ Hùng Vương/);
    expect(res.json.overrides).toEqual([]);
    expect(res.json.workingDays).toBeGreaterThan(240);
  });

  it('takes the operator\'s swapped days, which then move deadlines', async () => {
    // Friday 4 December 2026 declared a day off, Saturday 12 December a make-up working day (made-up example).
    const off = await call(t.app, 'PUT', '/api/v1/calendar/overrides/2026-12-04', { auth: admin, body: { kind: 'off', note: 'Nghỉ hoán đổi (ví dụ)' } });
    expect(off.status, JSON.stringify(off.json)).toBe(200);
    const on = await call(t.app, 'PUT', '/api/v1/calendar/overrides/2026-12-12', { auth: admin, body: { kind: 'working', note: 'Làm bù (ví dụ)' } });
    expect(on.json.overrides.map((o: { date: string; kind: string }) => [o.date, o.kind])).toEqual([['2026-12-04', 'off'], ['2026-12-12', 'working']]);

    const onDayOff = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { dueOn: '2026-12-04' }) });
    expect([onDayOff.status, onDayOff.json.code]).toEqual([400, 'deadline.before_cutoff']);
    const onSaturday = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { dueOn: '2026-12-12' }) });
    expect(onSaturday.status, JSON.stringify(onSaturday.json)).toBe(201);
    // A monthly regime's December deadline: 2 working days after Monday 14/12 is still 16/12; the preview uses the same calendar.
    const inbox = await call(t.app, 'GET', '/api/v1/inbox', { auth: await authAs(t, c.specialists[0]!) });
    expect(inbox.json.items[0].timeLeft).toEqual({ days: 11, workingDays: 8, overdue: false });

    const removed = await call(t.app, 'DELETE', '/api/v1/calendar/overrides/2026-12-04', { auth: admin });
    expect(removed.status).toBe(204);
    const audit = await t.db.selectFrom('audit_log').select('action').where('target_type', '=', 'calendar').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['calendar.override_set', 'calendar.override_set', 'calendar.override_removed']);
  });

  it('is changed by the system administrator only, with valid dates', async () => {
    const res = await call(t.app, 'PUT', '/api/v1/calendar/overrides/2026-12-21', { auth: c.designerAuth, body: { kind: 'off', note: 'Không được' } });
    expect(res.status).toBe(403);
    const bad = await call(t.app, 'PUT', '/api/v1/calendar/overrides/2026-13-01', { auth: admin, body: { kind: 'off', note: '' } });
    expect([bad.status, bad.json.code]).toEqual([400, 'validation']);
    const kind = await call(t.app, 'PUT', '/api/v1/calendar/overrides/2026-12-21', { auth: admin, body: { kind: 'holiday', note: '' } });
    expect([kind.status, kind.json.code]).toEqual([400, 'validation']);
    const year = await call(t.app, 'GET', '/api/v1/calendar/1800', { auth: admin });
    expect(year.status).toBe(400);
    const nothing = await call(t.app, 'DELETE', '/api/v1/calendar/overrides/2026-12-22', { auth: admin });
    expect(nothing.status).toBe(204);
  });
});
