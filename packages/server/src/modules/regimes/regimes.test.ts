import { beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity, monthlyRegime, officialTemplate, reportingCounts, type City } from '../../../test/reporting.fixtures.js';

const t = useTestApp();
let c: City;

beforeAll(async () => {
  t.clock.set('2026-12-01T02:00:00Z'); // Tuesday 1 December 2026, 09:00 in Hải Phòng
  c = await makeCity(t);
});

describe('a monthly regime created today (R5, R15, R24)', () => {
  it('opens December at once with the Decree 09 window, assigns every target, and shows the next periods', async () => {
    const res = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: monthlyRegime(c) });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ kind: 'periodic', status: 'active', periodicity: 'month', startsOn: '2026-12-01', endsOn: null, cutoffRule: { kind: 'decree_09' }, nextDueOn: '2026-12-16', openRounds: 1 });
    expect(res.json.targetUnits.map((u: { name: string }) => u.name)).toEqual(['Phường Hồng Bàng Thử', 'Phường Lê Chân Thử', 'Phường Ngô Quyền Thử']);

    const schedule = await call(t.app, 'GET', `/api/v1/regimes/${res.json.id}/schedule`, { auth: c.designerAuth });
    expect(schedule.json.today).toBe('2026-12-01');
    expect(schedule.json.entries.slice(0, 4).map((e: Record<string, unknown>) => [e.key, e.label, e.cutoffFrom, e.cutoffTo, e.dueOn, e.state, e.assigned])).toEqual([
      ['2026-M12', 'Tháng 12/2026', '2026-11-15', '2026-12-14', '2026-12-16', 'opened', 3],
      ['2027-M01', 'Tháng 1/2027', '2026-12-15', '2027-01-14', '2027-01-18', 'upcoming', 0],
      ['2027-M02', 'Tháng 2/2027', '2027-01-15', '2027-02-14', '2027-02-16', 'upcoming', 0],
      ['2027-M03', 'Tháng 3/2027', '2027-02-15', '2027-03-14', '2027-03-16', 'upcoming', 0],
    ]);

    // Each ward's specialist finds it in the inbox, with the deadline and time left.
    for (const s of c.specialists) {
      const inbox = await call(t.app, 'GET', '/api/v1/inbox', { auth: await authAs(t, s) });
      const item = inbox.json.items.find((i: { regimeId: string }) => i.regimeId === res.json.id);
      expect(item).toMatchObject({ roundKey: '2026-M12', roundLabel: 'Tháng 12/2026', dueOn: '2026-12-16', status: 'open', categories: ['to_enter'], timeLeft: { days: 15, workingDays: 11, overdue: false } });
    }
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', res.json.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['regime.created', 'regime.round_opened']);
  });

  it('previews a regime without saving anything', async () => {
    const before = await reportingCounts(t);
    const res = await call(t.app, 'POST', '/api/v1/regimes/preview', { auth: c.designerAuth, body: monthlyRegime(c, { periodicity: 'quarter' }) });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.rounds.map((r: { key: string; cutoffFrom: string; cutoffTo: string }) => [r.key, r.cutoffFrom, r.cutoffTo])).toEqual([
      ['2026-Q4', '2026-09-15', '2026-12-14'],
      ['2027-Q1', '2026-12-15', '2027-03-14'],
      ['2027-Q2', '2027-03-15', '2027-06-14'],
      ['2027-Q3', '2027-06-15', '2027-09-14'],
      ['2027-Q4', '2027-09-15', '2027-12-14'],
      ['2028-Q1', '2027-12-15', '2028-03-14'],
    ]);
    expect(res.json.targetUnits).toHaveLength(3);
    expect(await reportingCounts(t)).toEqual(before);
  });
});

describe('ad hoc and thematic regimes', () => {
  it('an ad hoc request is issued at once to every target', async () => {
    const res = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c) });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ kind: 'ad_hoc', asOf: '2026-12-01', dueOn: '2026-12-08', nextDueOn: '2026-12-08' });
    const progress = await call(t.app, 'GET', `/api/v1/regimes/${res.json.id}/rounds/ad-hoc`, { auth: c.designerAuth });
    expect(progress.json).toMatchObject({ roundLabel: 'Báo cáo đột xuất', dueOn: '2026-12-08', total: 3, answered: 0, missing: 3, overdue: 0 });
  });

  it('a thematic regime opens each round when its window starts', async () => {
    const body = {
      kind: 'thematic', code: 'CD-CHUYEN-DE', name: 'Chuyên đề chuyển đổi số', requestingUnitId: c.department.id, templateIds: [c.templateId],
      targets: [{ type: 'kind', unitKind: 'commune' }], startsOn: '2026-12-01', endsOn: '2027-06-30',
      rounds: [
        { label: 'Đợt 1', from: '2026-11-20', to: '2026-12-31', dueOn: '2027-01-06' },
        { label: 'Đợt 2', from: '2027-04-01', to: '2027-04-30', dueOn: '2027-05-07' },
      ],
    };
    const outside = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body });
    expect(outside.status).toBe(400);
    expect(outside.json.code).toBe('window.invalid');
    body.rounds[0]!.from = '2026-12-01';
    const res = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const schedule = await call(t.app, 'GET', `/api/v1/regimes/${res.json.id}/schedule`, { auth: c.designerAuth });
    expect(schedule.json.entries.map((e: Record<string, unknown>) => [e.key, e.label, e.state, e.assigned])).toEqual([
      ['round-1', 'Đợt 1', 'opened', 3],
      ['round-2', 'Đợt 2', 'upcoming', 0],
    ]);
  });
});

describe('targets (R7) and the requesting unit\'s authority', () => {
  it('resolves kinds, levels and groups within the city, never the requester itself', async () => {
    const other = await makeUnit(t.db, { parent: c.city, kind: 'department', name: 'Sở Xây dựng Thử' });
    const byLevel = await call(t.app, 'POST', '/api/v1/regimes/preview', { auth: c.designerAuth, body: adHocRequest(c, { targets: [{ type: 'level', level: 1 }] }) });
    expect(byLevel.json.targetUnits.map((u: { name: string }) => u.name)).toEqual(['Phường Hồng Bàng Thử', 'Phường Lê Chân Thử', 'Phường Ngô Quyền Thử', 'Sở Xây dựng Thử']);
    const byKind = await call(t.app, 'POST', '/api/v1/regimes/preview', { auth: c.designerAuth, body: adHocRequest(c, { targets: [{ type: 'kind', unitKind: 'department' }] }) });
    expect(byKind.json.targetUnits.map((u: { id: string }) => u.id)).toEqual([other.id]);

    const group = await call(t.app, 'POST', '/api/v1/unit-groups', { auth: c.designerAuth, body: { name: 'Các phường trung tâm', ownerUnitId: c.department.id, unitIds: [c.communes[0]!.id, c.communes[2]!.id] } });
    expect(group.status, JSON.stringify(group.json)).toBe(201);
    const created = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { targets: [{ type: 'group', groupId: group.json.id }] }) });
    expect(created.json.targetUnits.map((u: { name: string }) => u.name)).toEqual(['Phường Hồng Bàng Thử', 'Phường Ngô Quyền Thử']);
    const remove = await call(t.app, 'DELETE', `/api/v1/unit-groups/${group.json.id}`, { auth: c.designerAuth });
    expect(remove.status).toBe(409);
    expect(remove.json.code).toBe('unit_group.in_use');
  });

  it('lists the units a requester may ask: a department sees the city\'s wards and other departments, never itself or the city', async () => {
    const res = await call(t.app, 'GET', `/api/v1/regimes/target-units?requestingUnitId=${c.department.id}`, { auth: c.designerAuth });
    expect(res.status).toBe(200);
    const names = (nodes: { name: string; children: unknown[] }[]): string[] => nodes.flatMap((n) => [n.name, ...names(n.children as never)]);
    const all = names(res.json);
    expect(all).toEqual(expect.arrayContaining(['Phường Hồng Bàng Thử', 'Phường Lê Chân Thử', 'Phường Ngô Quyền Thử', 'Phòng Kinh tế Thử']));
    expect(all).not.toContain('Sở Tài chính Thử');
    expect(all).not.toContain('Thành phố Thử');
    const ward = await call(t.app, 'GET', `/api/v1/regimes/target-units?requestingUnitId=${c.communes[0]!.id}`, { auth: await authAs(t, c.leader) });
    expect(names(ward.json)).toEqual(['Phòng Kinh tế Thử']);
    const viewer = await call(t.app, 'GET', `/api/v1/regimes/target-units?requestingUnitId=${c.department.id}`, { auth: await authAs(t, await makeUser(t.db, c.department, 'viewer')) });
    expect(viewer.status).toBe(403);
  });

  it('reaches organisations and individuals outside the hierarchy, registered under the requester', async () => {
    const firm = await makeUnit(t.db, { parent: c.department, kind: 'organisation', name: 'Công ty TNHH Thử' });
    const person = await makeUnit(t.db, { parent: c.department, kind: 'individual', name: 'Hộ kinh doanh Nguyễn Văn Thử' });
    const res = await call(t.app, 'POST', '/api/v1/regimes/preview', { auth: c.designerAuth, body: adHocRequest(c, { targets: [{ type: 'external', unitIds: [firm.id, person.id] }] }) });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.targetUnits.map((u: { kind: string }) => u.kind).sort()).toEqual(['individual', 'organisation']);
    const notExternal = await call(t.app, 'POST', '/api/v1/regimes/preview', { auth: c.designerAuth, body: adHocRequest(c, { targets: [{ type: 'external', unitIds: [c.communes[0]!.id] }] }) });
    expect(notExternal.json.code).toBe('regime.not_external');
  });
});

describe('bad input changes nothing', () => {
  const refusals: [string, (c: City) => Record<string, unknown>, number, string][] = [
    ['a fixed deadline day on or before the Decree 09 cutoff', (c) => monthlyRegime(c, { deadlineRule: { kind: 'day_of_month', day: 10 } }), 400, 'deadline.before_cutoff'],
    ['zero working days after the cutoff', (c) => monthlyRegime(c, { deadlineRule: { kind: 'working_days_after_cutoff', days: 0 } }), 400, 'validation'],
    ['an ad hoc due date on the cutoff day', (c) => adHocRequest(c, { asOf: '2026-12-04', dueOn: '2026-12-04' }), 400, 'deadline.before_cutoff'],
    ['an ad hoc due date before the cutoff', (c) => adHocRequest(c, { asOf: '2026-12-04', dueOn: '2026-12-03' }), 400, 'deadline.before_cutoff'],
    ['an ad hoc due date on a Sunday', (c) => adHocRequest(c, { dueOn: '2026-12-06' }), 400, 'deadline.before_cutoff'],
    ['no targets', (c) => monthlyRegime(c, { targets: [] }), 400, 'validation'],
    ['targets that reach nobody', (c) => adHocRequest(c, { targets: [{ type: 'kind', unitKind: 'district' }] }), 400, 'regime.no_targets'],
    ['an end before the start', (c) => monthlyRegime(c, { endsOn: '2026-11-30' }), 400, 'window.invalid'],
    ['a template made for another periodicity', (c) => monthlyRegime(c, { periodicity: 'year' }), 400, 'regime.template_mismatch'],
    ['a start more than a year back', (c) => monthlyRegime(c, { startsOn: '2025-11-01' }), 400, 'regime.start_too_early'],
    ['a malformed date', (c) => adHocRequest(c, { dueOn: '2026-02-30' }), 400, 'validation'],
  ];
  for (const [what, body, status, code] of refusals) {
    it(`refuses ${what}`, async () => {
      const before = await reportingCounts(t);
      const res = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: body(c) });
      expect(res.status, JSON.stringify(res.json)).toBe(status);
      expect(res.json.code).toBe(code);
      expect(res.json.title).toMatch(/[àáảãạăâđêôơưíìóòúù]/i);
      expect(await reportingCounts(t)).toEqual(before);
    });
  }

  it('refuses a target outside the requester\'s authority: a ward cannot ask its neighbour, a department cannot ask the city', async () => {
    const wardAdmin = await makeUser(t.db, c.communes[1]!, 'unit_admin');
    const auth = await authAs(t, wardAdmin);
    const wardTemplate = await officialTemplate(t, auth, c.communes[1]!.id);
    const before = await reportingCounts(t);
    const neighbour = await call(t.app, 'POST', '/api/v1/regimes', { auth, body: adHocRequest(c, { requestingUnitId: c.communes[1]!.id, templateIds: [wardTemplate.id], targets: [{ type: 'units', unitIds: [c.communes[2]!.id] }] }) });
    expect(neighbour.status).toBe(400);
    expect(neighbour.json.code).toBe('regime.target_out_of_authority');
    expect(neighbour.json.title).toContain('Phường Ngô Quyền Thử');
    const upwards = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { targets: [{ type: 'units', unitIds: [c.city.id, c.department.id] }] }) });
    expect(upwards.json.code).toBe('regime.target_out_of_authority');
    expect(await reportingCounts(t)).toEqual(before);
  });

  it('refuses a draft template, a taken code, and an unknown period identifier', async () => {
    const draft = await call(t.app, 'POST', '/api/v1/templates', { auth: c.designerAuth, body: (await import('../../../test/templates.fixtures.js')).sampleTemplate(c.department.id) });
    const res = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { templateIds: [draft.json.id] }) });
    expect(res.json.code).toBe('regime.template_not_official');
    const first = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { code: 'CD-TRUNG-MA' }) });
    expect(first.status).toBe(201);
    const again = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { code: 'cd-trung-ma' }) });
    expect([again.status, again.json.code]).toEqual([409, 'regime.code_taken']);
    const monthly = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: monthlyRegime(c) });
    const bad = await call(t.app, 'GET', `/api/v1/regimes/${monthly.json.id}/rounds/2026-M13`, { auth: c.designerAuth });
    expect([bad.status, bad.json.code]).toEqual([400, 'period.invalid_id']);
    const notOpen = await call(t.app, 'GET', `/api/v1/regimes/${monthly.json.id}/rounds/2027-M06`, { auth: c.designerAuth });
    expect(notOpen.status).toBe(404);
  });

  it('a viewer cannot set up a regime', async () => {
    const viewer = await makeUser(t.db, c.department, 'viewer');
    const res = await call(t.app, 'POST', '/api/v1/regimes', { auth: await authAs(t, viewer), body: adHocRequest(c) });
    expect(res.status).toBe(403);
  });
});

describe('changing and ending a regime', () => {
  it('a new target joins the running round; a stale save is refused; an ended regime opens nothing more', async () => {
    const created = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: monthlyRegime(c, { targets: [{ type: 'units', unitIds: [c.communes[0]!.id] }] }) });
    const id = created.json.id;
    const change = { name: 'Báo cáo tháng (sửa)', legalBasis: 'Quyết định sửa', targets: [{ type: 'units', unitIds: [c.communes[0]!.id, c.communes[1]!.id] }], reminderDaysBefore: [2], endsOn: '2027-06-30', revision: 1 };
    const updated = await call(t.app, 'PUT', `/api/v1/regimes/${id}`, { auth: c.designerAuth, body: change });
    expect(updated.status, JSON.stringify(updated.json)).toBe(200);
    expect(updated.json).toMatchObject({ name: 'Báo cáo tháng (sửa)', revision: 2, endsOn: '2027-06-30', reminderDaysBefore: [2] });
    const progress = await call(t.app, 'GET', `/api/v1/regimes/${id}/rounds/2026-M12`, { auth: c.designerAuth });
    expect(progress.json.total).toBe(2);
    const stale = await call(t.app, 'PUT', `/api/v1/regimes/${id}`, { auth: c.designerAuth, body: change });
    expect([stale.status, stale.json.code]).toEqual([409, 'regime.stale']);

    const ended = await call(t.app, 'POST', `/api/v1/regimes/${id}/end`, { auth: c.designerAuth, body: { revision: 2, reason: 'Thay bằng chế độ quý' } });
    expect(ended.json).toMatchObject({ status: 'ended', endedReason: 'Thay bằng chế độ quý' });
    const schedule = await call(t.app, 'GET', `/api/v1/regimes/${id}/schedule`, { auth: c.designerAuth });
    expect(schedule.json.entries.map((e: { key: string }) => e.key)).toEqual(['2026-M12']);
    const listed = await call(t.app, 'GET', '/api/v1/regimes?status=ended', { auth: c.designerAuth });
    expect(listed.json.map((r: { id: string }) => r.id)).toContain(id);
  });
});
