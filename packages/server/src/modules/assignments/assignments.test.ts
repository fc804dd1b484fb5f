import { describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity, reportingCounts, type City } from '../../../test/reporting.fixtures.js';

const t = useTestApp();

type Item = { id: string; regimeId: string; categories: string[]; dueOn: string; assigneeDueOn: string | null; status: string };

async function inboxOf(auth: Auth, regimeId: string): Promise<Item[]> {
  const res = await call(t.app, 'GET', '/api/v1/inbox', { auth });
  expect(res.status).toBe(200);
  return res.json.items.filter((i: Item) => i.regimeId === regimeId);
}

/** A city, an ad hoc request to its wards due Tuesday 8 December, and the first ward's assignment. */
async function issued(): Promise<{ c: City; regimeId: string; wardAuth: Auth; leaderAuth: Auth; assignmentId: string }> {
  t.clock.set('2026-12-01T02:00:00Z');
  const c = await makeCity(t);
  const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c) });
  const wardAuth = await authAs(t, c.specialists[0]!);
  const [item] = await inboxOf(wardAuth, regime.json.id);
  return { c, regimeId: regime.json.id, wardAuth, leaderAuth: await authAs(t, c.leader), assignmentId: item!.id };
}

describe('the inbox', () => {
  it('shows each person what is theirs: specialists and leaders of the ward, not viewers nor other wards', async () => {
    const { c, regimeId, wardAuth, leaderAuth } = await issued();
    expect((await inboxOf(wardAuth, regimeId)).map((i) => i.categories)).toEqual([['to_enter']]);
    expect((await inboxOf(leaderAuth, regimeId)).map((i) => i.categories)).toEqual([['to_enter']]);
    const viewer = await makeUser(t.db, c.communes[0]!, 'viewer');
    expect(await inboxOf(await authAs(t, viewer), regimeId)).toEqual([]);
    expect(await inboxOf(c.designerAuth, regimeId)).toEqual([]);
    const other = await inboxOf(await authAs(t, c.specialists[1]!), regimeId);
    expect(other).toHaveLength(1);
    expect(other[0]!.id).not.toBe((await inboxOf(wardAuth, regimeId))[0]!.id);
  });

  it('keeps overdue work in view, marked overdue', async () => {
    const { c, regimeId } = await issued();
    t.clock.set('2026-12-10T02:00:00Z');
    const [item] = await inboxOf(await authAs(t, c.specialists[0]!), regimeId);
    expect(item).toMatchObject({ categories: ['to_enter', 'overdue'], timeLeft: { days: -2, workingDays: -2, overdue: true } });
  });
});

describe('delegation (R16)', () => {
  it('passes the work to a division with an internal deadline; the ward now aggregates; taking it back returns it', async () => {
    const { c, regimeId, wardAuth, assignmentId } = await issued();
    const detail = await call(t.app, 'GET', `/api/v1/assignments/${assignmentId}`, { auth: wardAuth });
    expect(detail.json).toMatchObject({ canDelegate: true, subordinateUnits: [{ id: c.division.id }], delegations: [], chain: [] });

    const res = await call(t.app, 'POST', `/api/v1/assignments/${assignmentId}/delegations`, { auth: wardAuth, body: { unitIds: [c.division.id], dueOn: '2026-12-04', note: 'Phòng Kinh tế tổng hợp số liệu thu' } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.delegations).toEqual([expect.objectContaining({ unitId: c.division.id, dueOn: '2026-12-04', outerDueOn: '2026-12-08', status: 'open', parentId: assignmentId })]);
    expect(res.json.subordinateUnits).toEqual([]);
    expect((await inboxOf(wardAuth, regimeId)).map((i) => i.categories)).toEqual([['to_aggregate']]);

    const divisionStaff = await makeUser(t.db, c.division, 'specialist');
    const divisionAuth = await authAs(t, divisionStaff);
    const [theirs] = await inboxOf(divisionAuth, regimeId);
    expect(theirs).toMatchObject({ dueOn: '2026-12-04', categories: ['to_enter'] });
    const child = await call(t.app, 'GET', `/api/v1/assignments/${theirs!.id}`, { auth: divisionAuth });
    expect(child.json.chain).toEqual([expect.objectContaining({ id: assignmentId, unitName: 'Phường Hồng Bàng Thử', dueOn: '2026-12-08' })]);

    // The division passing it back up would be a cycle.
    const cycle = await call(t.app, 'POST', `/api/v1/assignments/${theirs!.id}/delegations`, { auth: divisionAuth, body: { unitIds: [c.communes[0]!.id], dueOn: '2026-12-03' } });
    expect([cycle.status, cycle.json.code]).toEqual([400, 'delegation.cycle']);

    const moved = await call(t.app, 'PUT', `/api/v1/assignments/${theirs!.id}/due`, { auth: wardAuth, body: { dueOn: '2026-12-07' } });
    expect(moved.json.delegations[0]).toMatchObject({ dueOn: '2026-12-07' });

    const back = await call(t.app, 'POST', `/api/v1/assignments/${theirs!.id}/withdraw`, { auth: wardAuth, body: { reason: 'Phường tự tổng hợp' } });
    expect(back.status, JSON.stringify(back.json)).toBe(200);
    expect(back.json.delegations[0]).toMatchObject({ status: 'withdrawn' });
    expect(await inboxOf(divisionAuth, regimeId)).toEqual([]);
    expect((await inboxOf(wardAuth, regimeId)).map((i) => i.categories)).toEqual([['to_enter']]);
    const again = await call(t.app, 'POST', `/api/v1/assignments/${theirs!.id}/withdraw`, { auth: wardAuth, body: { reason: 'Lần nữa' } });
    expect([again.status, again.json.code]).toEqual([409, 'delegation.closed']);

    const audit = await t.db.selectFrom('audit_log').select('action').where('target_id', 'in', [assignmentId, theirs!.id]).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['assignment.delegated', 'assignment.rescheduled', 'assignment.withdrawn']);
  });

  it('gives the work to a named person, who sees it with their own deadline; others of the ward no longer do', async () => {
    const { c, regimeId, leaderAuth, assignmentId } = await issued();
    const colleague = await makeUser(t.db, c.communes[0]!, 'specialist');
    const res = await call(t.app, 'PUT', `/api/v1/assignments/${assignmentId}/assignee`, { auth: leaderAuth, body: { userId: c.specialists[0]!.id, dueOn: '2026-12-07' } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ assigneeId: c.specialists[0]!.id, assigneeDueOn: '2026-12-07' });
    const [mine] = await inboxOf(await authAs(t, c.specialists[0]!), regimeId);
    expect(mine).toMatchObject({ dueOn: '2026-12-08', assigneeDueOn: '2026-12-07', timeLeft: { days: 6 } });
    expect(await inboxOf(await authAs(t, colleague), regimeId)).toEqual([]);
    const notices = await call(t.app, 'GET', '/api/v1/notifications', { auth: await authAs(t, c.specialists[0]!) });
    expect(notices.json.find((n: { kind: string }) => n.kind === 'assignment.assigned')).toMatchObject({ title: 'Bạn được giao: Kết quả thu ngân sách' });
    const colleagueNotices = await call(t.app, 'GET', '/api/v1/notifications', { auth: await authAs(t, colleague) });
    expect(colleagueNotices.json.some((n: { kind: string }) => n.kind === 'assignment.assigned')).toBe(false);

    const stranger = await call(t.app, 'PUT', `/api/v1/assignments/${assignmentId}/assignee`, { auth: leaderAuth, body: { userId: c.specialists[1]!.id } });
    expect([stranger.status, stranger.json.code]).toEqual([400, 'assignment.not_candidate']);
    const cleared = await call(t.app, 'PUT', `/api/v1/assignments/${assignmentId}/assignee`, { auth: leaderAuth, body: { userId: null } });
    expect(cleared.json).toMatchObject({ assigneeId: null, assigneeDueOn: null });
    expect(await inboxOf(await authAs(t, colleague), regimeId)).toHaveLength(1);
  });

  it('refuses what R16 does not allow, changing nothing', async () => {
    const { c, wardAuth, assignmentId } = await issued();
    const elsewhere = await makeUnit(t.db, { parent: c.communes[1]!, kind: 'division', name: 'Phòng của phường khác' });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ unitIds: [c.division.id], dueOn: '2026-12-08' }, 400, 'delegation.deadline_after_outer'],
      [{ unitIds: [c.division.id], dueOn: '2026-12-09' }, 400, 'delegation.deadline_after_outer'],
      [{ unitIds: [c.division.id], dueOn: '2026-11-30' }, 400, 'delegation.deadline_past'],
      [{ unitIds: [c.communes[1]!.id], dueOn: '2026-12-04' }, 400, 'delegation.target_not_subordinate'],
      [{ unitIds: [elsewhere.id], dueOn: '2026-12-04' }, 400, 'delegation.target_not_subordinate'],
      [{ unitIds: [c.communes[0]!.id], dueOn: '2026-12-04' }, 400, 'delegation.cycle'],
      [{ unitIds: [c.division.id, c.city.id], dueOn: '2026-12-04' }, 400, 'delegation.cycle'],
      [{ unitIds: [], dueOn: '2026-12-04' }, 400, 'validation'],
    ];
    const before = await reportingCounts(t);
    for (const [body, status, code] of cases) {
      const res = await call(t.app, 'POST', `/api/v1/assignments/${assignmentId}/delegations`, { auth: wardAuth, body });
      expect([res.status, res.json.code], JSON.stringify(body)).toEqual([status, code]);
    }
    // Another ward's people cannot touch it; the requesting department can look but not delegate.
    const other = await call(t.app, 'POST', `/api/v1/assignments/${assignmentId}/delegations`, { auth: await authAs(t, c.specialists[1]!), body: { unitIds: [c.division.id], dueOn: '2026-12-04' } });
    expect(other.status).toBe(404);
    const requester = await call(t.app, 'GET', `/api/v1/assignments/${assignmentId}`, { auth: c.designerAuth });
    expect(requester.json.canDelegate).toBe(false);
    const requesterTry = await call(t.app, 'POST', `/api/v1/assignments/${assignmentId}/delegations`, { auth: c.designerAuth, body: { unitIds: [c.division.id], dueOn: '2026-12-04' } });
    expect(requesterTry.status).toBe(403);
    expect(await reportingCounts(t)).toEqual(before);
  });

  it('two people delegating to the same unit at once: one wins, the other is told', async () => {
    const { c, wardAuth, leaderAuth, assignmentId } = await issued();
    const body = { unitIds: [c.division.id], dueOn: '2026-12-04' };
    const results = await Promise.all([
      call(t.app, 'POST', `/api/v1/assignments/${assignmentId}/delegations`, { auth: wardAuth, body }),
      call(t.app, 'POST', `/api/v1/assignments/${assignmentId}/delegations`, { auth: leaderAuth, body }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.json.code).toBe('delegation.exists');
    const live = await t.db.selectFrom('assignments').select('id').where('parent_id', '=', assignmentId).execute();
    expect(live).toHaveLength(1);
  });

  it('the delegating unit sees what its subordinates sent back, to review', async () => {
    const { c, regimeId, wardAuth, assignmentId } = await issued();
    const res = await call(t.app, 'POST', `/api/v1/assignments/${assignmentId}/delegations`, { auth: wardAuth, body: { unitIds: [c.division.id], dueOn: '2026-12-04' } });
    // The division sends its part (entry and sending come with the next issue).
    await t.db.updateTable('assignments').set({ status: 'sent', sent_at: t.clock.now() }).where('id', '=', res.json.delegations[0].id).execute();
    const items = await inboxOf(wardAuth, regimeId);
    expect(items.map((i) => [i.id === assignmentId ? 'own' : 'division', i.categories])).toEqual(
      expect.arrayContaining([['own', ['to_aggregate']], ['division', ['to_review']]]),
    );
    const progress = await call(t.app, 'GET', `/api/v1/regimes/${regimeId}/rounds/ad-hoc`, { auth: c.designerAuth });
    expect(progress.json.rows.find((r: { unitId: string }) => r.unitId === c.communes[0]!.id)).toMatchObject({ answered: false, delegatedCount: 1 });
  });
});

describe('who answered, live (the requesting unit)', () => {
  it('lists missing units first, the latest at the top, and counts on-time and late answers', async () => {
    const { c, regimeId } = await issued();
    const rows = await t.db.selectFrom('assignments').select(['id', 'unit_id']).where('regime_id', '=', regimeId).execute();
    const of = (i: number) => rows.find((r) => r.unit_id === c.communes[i]!.id)!.id;
    await t.db.updateTable('assignments').set({ status: 'sent', sent_at: new Date('2026-12-07T08:00:00Z') }).where('id', '=', of(0)).execute();
    await t.db.updateTable('assignments').set({ status: 'accepted', sent_at: new Date('2026-12-09T08:00:00Z') }).where('id', '=', of(1)).execute();
    t.clock.set('2026-12-11T02:00:00Z');
    const res = await call(t.app, 'GET', `/api/v1/regimes/${regimeId}/rounds/ad-hoc`, { auth: await authAs(t, c.designer) });
    expect(res.json).toMatchObject({ total: 3, answered: 2, missing: 1, overdue: 1, today: '2026-12-11' });
    expect(res.json.rows.map((r: { unitName: string; answered: boolean; lateDays: number }) => [r.unitName, r.answered, r.lateDays])).toEqual([
      ['Phường Ngô Quyền Thử', false, 3],
      ['Phường Hồng Bàng Thử', true, 0],
      ['Phường Lê Chân Thử', true, 1],
    ]);
  });
});
