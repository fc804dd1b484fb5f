import {
  formatDateVi, roleCan, timeLeft, vietnamDateOf,
  type Assignment, type AssignmentDetail, type AssignmentStatus, type Inbox, type InboxCategory, type InboxItem, type RegimeKind, type TemplateKind, type UnitKind, type WorkingCalendar,
} from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { assertRole, inScope, type Actor } from '../../platform/scope.js';
import { loadWorkingCalendar } from '../calendar/calendar.service.js';
import { findUnit } from '../units/units.queries.js';
import * as q from './assignments.queries.js';
import { notifyUnit } from '../notifications/notifications.service.js';

/** Statuses in which the receiving unit still works on the report and may pass it on. */
export const LIVE_STATUSES: readonly string[] = ['open', 'draft', 'returned'];
/** Roles that enter, aggregate and pass on work; viewers only look. */
export const WORKER_ROLES = ['unit_admin', 'leader', 'specialist'];

const today = (ctx: Ctx) => vietnamDateOf(ctx.clock.now());

/** The due date that binds this person: their own internal one when the work is theirs by name. */
function dueFor(r: q.AssignmentRow, actor: Actor | null): string {
  // An outage's extension (R32) wins over the regular and the internal date alike.
  if (r.extended_due_on) return r.extended_due_on;
  return actor && r.assignee_id === actor.id && r.assignee_due_on ? r.assignee_due_on : r.due_on;
}

export function toAssignment(r: q.AssignmentRow, day: string, calendar: WorkingCalendar, actor: Actor | null = null): Assignment {
  return {
    id: r.id, regimeId: r.regime_id, regimeCode: r.regime_code, regimeName: r.regime_name, regimeKind: r.regime_kind as RegimeKind, legalBasis: r.legal_basis,
    roundKey: r.round_key, roundLabel: r.round_label, cutoffFrom: r.cutoff_from, cutoffTo: r.cutoff_to, dueOn: r.due_on, outerDueOn: r.outer_due_on,
    template: { id: r.template_id, code: r.template_code, name: r.template_name, kind: r.template_kind as TemplateKind, version: r.template_version },
    unitId: r.unit_id, unitName: r.unit_name, unitKind: r.unit_kind as UnitKind, requestingUnitId: r.requesting_unit_id, requestingUnitName: r.requesting_unit_name,
    parentId: r.parent_id, parentUnitName: r.parent_unit_name, assigneeId: r.assignee_id, assigneeName: r.assignee_name, assigneeDueOn: r.assignee_due_on,
    status: r.status as AssignmentStatus, sentAt: r.sent_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
    delegatedCount: Number(r.delegated_count ?? 0),
    timeLeft: timeLeft(dueFor(r, actor), day, calendar),
    extendedDueOn: r.extended_due_on,
    backfilled: r.extended_due_on !== null && r.sent_at !== null && vietnamDateOf(r.sent_at) > r.due_on,
  };
}

/** Why a row is in this person's inbox; empty when it is not theirs. */
export function categoriesFor(r: q.AssignmentRow, actor: Actor, day: string): InboxCategory[] {
  const worker = WORKER_ROLES.includes(actor.role);
  const out: InboxCategory[] = [];
  if ((r.parent_unit_id ?? r.requesting_unit_id) === actor.unitId && (r.status === 'sent' || r.status === 'correction_requested') && worker && r.unit_id !== actor.unitId) out.push('to_review');
  const mine = r.assignee_id === actor.id || (r.unit_id === actor.unitId && r.assignee_id === null && worker);
  if (mine && LIVE_STATUSES.includes(r.status)) {
    out.push(Number(r.delegated_count) > 0 ? 'to_aggregate' : 'to_enter');
    if (r.status === 'returned') out.push('returned');
  }
  if (r.unit_id === actor.unitId && r.status === 'awaiting_signature' && actor.role === 'leader') out.push('to_sign');
  if (out.length > 0 && out[0] !== 'to_review' && dueFor(r, actor) < day) out.push('overdue');
  return out;
}

/** What is the signed-in person's to do, overdue first, then by due date. Anyone signed in. */
export async function getInbox(db: Db, ctx: Ctx): Promise<Inbox> {
  const actor = ctx.actor as Actor;
  const day = today(ctx);
  const [rows, calendar] = await Promise.all([q.inboxRows(db, { userId: actor.id, unitId: actor.unitId }), loadWorkingCalendar(db)]);
  const items: InboxItem[] = rows
    .map((r) => ({ ...toAssignment(r, day, calendar, actor), categories: categoriesFor(r, actor, day) }))
    .filter((i) => i.categories.length > 0)
    .sort((a, b) => Number(b.timeLeft.overdue) - Number(a.timeLeft.overdue) || a.timeLeft.days - b.timeLeft.days || a.template.code.localeCompare(b.template.code));
  const counts = Object.fromEntries(['to_enter', 'to_aggregate', 'to_review', 'to_sign', 'returned', 'overdue'].map((c) => [c, 0])) as Record<InboxCategory, number>;
  for (const i of items) for (const c of i.categories) counts[c]++;
  return { today: day, counts, items };
}

/** Who may see an assignment: its unit's subtree, the unit that delegated it, the requesting unit's subtree, the named person. */
function canSee(actor: Actor, r: q.AssignmentRow): boolean {
  return inScope(actor, r.unit_path) || (r.parent_unit_path !== null && inScope(actor, r.parent_unit_path)) || inScope(actor, r.requesting_unit_path) || r.assignee_id === actor.id;
}

function mayDelegate(actor: Actor, r: q.AssignmentRow): boolean {
  return roleCan(actor.role, 'assignment.delegate') && actor.unitId === r.unit_id && LIVE_STATUSES.includes(r.status);
}

/** The assignment if this person may see it, else 404; `forUpdate`: its row locked in the same statement (findAssignment). */
export async function visible(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<q.AssignmentRow> {
  assertRole(actor, 'assignment.read');
  const row = await q.findAssignment(db, id, opts);
  if (!row || !canSee(actor, row)) notFound('assignment');
  return row;
}

/** The assignment's units from the regime's own down to this one. */
async function chainOf(db: Db, row: q.AssignmentRow): Promise<q.AssignmentRow[]> {
  const chain: q.AssignmentRow[] = [];
  let parentId = row.parent_id;
  while (parentId) {
    const p = await q.findAssignment(db, parentId);
    if (!p) break;
    chain.unshift(p);
    parentId = p.parent_id;
  }
  return chain;
}

/** One assignment with its delegations and what the viewer may do with it. */
export async function getAssignment(db: Db, ctx: Ctx, id: string): Promise<AssignmentDetail> {
  const actor = ctx.actor as Actor;
  const row = await visible(db, actor, id);
  const day = today(ctx);
  const calendar = await loadWorkingCalendar(db);
  const [delegations, chain] = await Promise.all([q.listDelegations(db, id), chainOf(db, row)]);
  const canDelegate = mayDelegate(actor, row);
  const taken = new Set(delegations.filter((d) => d.status !== 'withdrawn').map((d) => d.unit_id));
  const [candidates, subordinates] = canDelegate
    ? await Promise.all([
        db.selectFrom('users as us').innerJoin('units as u', 'u.id', 'us.unit_id')
          .select(['us.id', 'us.full_name', 'us.username', 'u.name as unit_name'])
          .where('us.active', '=', true).where('us.role', 'in', WORKER_ROLES)
          .where((eb) => eb.or([eb('u.id', '=', row.unit_id), eb.and([eb('u.path', 'like', `${row.unit_path}%`), eb('u.kind', '=', 'division')])]))
          .orderBy('us.full_name').execute(),
        db.selectFrom('units').select(['id', 'code', 'name', 'kind']).where('parent_id', '=', row.unit_id).where('active', '=', true).orderBy('name').execute(),
      ])
    : [[], []];
  return {
    ...toAssignment(row, day, calendar, actor),
    delegations: delegations.map((d) => toAssignment(d, day, calendar)),
    chain: chain.map((c) => ({ id: c.id, unitId: c.unit_id, unitName: c.unit_name, dueOn: c.due_on })),
    canDelegate,
    candidates: candidates.map((c) => ({ id: c.id, fullName: c.full_name, username: c.username, unitName: c.unit_name })),
    subordinateUnits: subordinates.filter((u) => !taken.has(u.id)).map((u) => ({ id: u.id, code: u.code, name: u.name, kind: u.kind as UnitKind })),
  };
}

/** Refuses unless the actor works in the assignment's unit with the right to pass work on, and it is still open. */
async function delegable(tx: Db, actor: Actor, id: string): Promise<q.AssignmentRow> {
  await q.lockAssignment(tx, id);
  const row = await visible(tx, actor, id);
  if (!roleCan(actor.role, 'assignment.delegate') || actor.unitId !== row.unit_id) forbidden('Chỉ đơn vị nhận báo cáo mới giao tiếp được');
  if (!LIVE_STATUSES.includes(row.status)) conflict('delegation.closed', 'Báo cáo đã được gửi hoặc đã thu hồi: không giao tiếp được nữa');
  return row;
}

/** An internal deadline: not past, and before the deadline of the work it comes from (R16). */
function checkInternalDeadline(dueOn: string, outer: string, day: string): void {
  if (dueOn < day) badRequest('delegation.deadline_past', `Hạn ${formatDateVi(dueOn)} đã qua`);
  if (dueOn >= outer) badRequest('delegation.deadline_after_outer', `Hạn giao tiếp phải trước hạn báo cáo của đơn vị (${formatDateVi(outer)})`);
}

/**
 * Passes the work on to subordinate units or divisions (R16), each with an internal deadline before the
 * unit's own; their figures roll up into it. A unit already in the chain is a cycle. People of the unit.
 */
export async function delegate(db: Db, ctx: Ctx, id: string, input: { unitIds: string[]; dueOn: string; note: string }): Promise<AssignmentDetail> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    const row = await delegable(tx, actor, id);
    checkInternalDeadline(input.dueOn, row.due_on, today(ctx));
    const chainUnits = new Set([row.unit_id, ...(await chainOf(tx, row)).map((c) => c.unit_id)]);
    const live = new Set((await q.listDelegations(tx, id)).filter((d) => d.status !== 'withdrawn').map((d) => d.unit_id));
    const created: { id: string; unitId: string; name: string }[] = [];
    for (const unitId of [...new Set(input.unitIds)]) {
      const unit = await findUnit(tx, unitId);
      if (!unit) notFound('unit');
      if (chainUnits.has(unit.id) || row.unit_path.startsWith(unit.path)) {
        badRequest('delegation.cycle', `Không thể giao cho "${unit.name}": đơn vị này đã nằm trong chuỗi giao báo cáo (vòng lặp)`);
      }
      if (unit.parent_id !== row.unit_id) badRequest('delegation.target_not_subordinate', `"${unit.name}" không phải đơn vị cấp dưới hoặc phòng, ban trực thuộc`);
      if (!unit.active) conflict('unit.inactive', `"${unit.name}" đã ngừng hoạt động`);
      if (live.has(unit.id)) conflict('delegation.exists', `Đã giao cho "${unit.name}"`);
      const childId = await q.insertDelegation(tx, { parent: row, unitId: unit.id, dueOn: input.dueOn, note: input.note, createdBy: actor.id, now: ctx.clock.now() });
      created.push({ id: childId, unitId: unit.id, name: unit.name });
    }
    for (const c of created) {
      await notifyUnit(tx, {
        unitId: c.unitId, kind: 'assignment.delegated', now: ctx.clock.now(), link: `/viec-cua-toi/${c.id}`,
        title: `Được giao: ${row.template_name}`,
        body: `${row.unit_name} giao báo cáo "${row.template_name}" (${row.round_label}); hạn ${formatDateVi(input.dueOn)}.${input.note ? ` Ghi chú: ${input.note}` : ''}`,
      });
    }
    await recordAudit(tx, ctx, { action: 'assignment.delegated', unitId: row.unit_id, targetType: 'assignment', targetId: id, details: { to: created.map((c) => ({ assignmentId: c.id, unitId: c.unitId, unit: c.name })), dueOn: input.dueOn, note: input.note } });
  });
  return getAssignment(db, ctx, id);
}

/** Gives the work to a named person of the unit or its divisions, or takes it back (`userId` null). People of the unit. */
export async function setAssignee(db: Db, ctx: Ctx, id: string, input: { userId: string | null; dueOn: string | null }): Promise<AssignmentDetail> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    const row = await delegable(tx, actor, id);
    let person: { id: string; full_name: string } | undefined;
    if (input.userId) {
      person = await tx.selectFrom('users as us').innerJoin('units as u', 'u.id', 'us.unit_id').select(['us.id', 'us.full_name'])
        .where('us.id', '=', input.userId).where('us.active', '=', true).where('us.role', 'in', WORKER_ROLES)
        .where((eb) => eb.or([eb('u.id', '=', row.unit_id), eb.and([eb('u.path', 'like', `${row.unit_path}%`), eb('u.kind', '=', 'division')])]))
        .executeTakeFirst();
      if (!person) badRequest('assignment.not_candidate', 'Chỉ giao được cho cán bộ của đơn vị hoặc phòng, ban trực thuộc');
      if (input.dueOn) checkInternalDeadline(input.dueOn, row.due_on, today(ctx));
    } else if (input.dueOn) {
      badRequest('validation', 'Không có người được giao thì không đặt hạn riêng');
    }
    await tx.updateTable('assignments').set({ assignee_id: input.userId, assignee_due_on: input.userId ? input.dueOn : null, updated_at: ctx.clock.now() }).where('id', '=', id).execute();
    if (person) {
      await notifyUnit(tx, {
        unitId: row.unit_id, userId: person.id, kind: 'assignment.assigned', now: ctx.clock.now(), link: `/viec-cua-toi/${id}`,
        title: `Bạn được giao: ${row.template_name}`,
        body: `${actor.fullName} giao cho bạn báo cáo "${row.template_name}" (${row.round_label}); hạn ${formatDateVi(input.dueOn ?? row.due_on)}.`,
      });
    }
    await recordAudit(tx, ctx, {
      action: input.userId ? 'assignment.assignee_set' : 'assignment.assignee_cleared', unitId: row.unit_id, targetType: 'assignment', targetId: id,
      details: { from: row.assignee_id, to: input.userId, dueOn: input.dueOn },
    });
  });
  return getAssignment(db, ctx, id);
}

/** A delegation as its parent unit may change it: refuses anyone but the parent unit's people. */
async function ownDelegation(tx: Db, actor: Actor, childId: string): Promise<{ child: q.AssignmentRow; parent: q.AssignmentRow }> {
  await q.lockAssignment(tx, childId);
  const child = await visible(tx, actor, childId);
  if (!child.parent_id) badRequest('assignment.not_delegated', 'Báo cáo này được giao trực tiếp theo chế độ báo cáo, không phải do đơn vị giao tiếp');
  const parent = await delegable(tx, actor, child.parent_id);
  if (!LIVE_STATUSES.includes(child.status)) conflict('delegation.closed', 'Đơn vị cấp dưới đã gửi báo cáo hoặc đã bị thu hồi');
  return { child, parent };
}

/** Takes a delegation back, with the delegations made from it. The delegating unit's people. */
export async function withdrawDelegation(db: Db, ctx: Ctx, childId: string, reason: string): Promise<AssignmentDetail> {
  const actor = ctx.actor as Actor;
  const parentId = await db.transaction().execute(async (tx) => {
    const { child, parent } = await ownDelegation(tx, actor, childId);
    const below = await q.liveDescendants(tx, childId);
    const now = ctx.clock.now();
    const res = await tx.updateTable('assignments').set({ status: 'withdrawn', withdrawn_at: now, updated_at: now }).where('id', '=', childId).where('status', '=', child.status).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) conflict('delegation.closed', 'Trạng thái vừa thay đổi; hãy tải lại');
    if (below.length) await tx.updateTable('assignments').set({ status: 'withdrawn', withdrawn_at: now, updated_at: now }).where('id', 'in', below.map((b) => b.id)).where('status', 'in', [...LIVE_STATUSES]).execute();
    await notifyUnit(tx, {
      unitId: child.unit_id, kind: 'assignment.withdrawn', now: now, link: null,
      title: `Thu hồi: ${child.template_name}`, body: `${parent.unit_name} đã thu hồi việc giao báo cáo "${child.template_name}" (${child.round_label}). Lý do: ${reason}`,
    });
    await recordAudit(tx, ctx, { action: 'assignment.withdrawn', unitId: parent.unit_id, targetType: 'assignment', targetId: childId, details: { reason, unitId: child.unit_id, alsoWithdrawn: below.map((b) => b.id) } });
    return parent.id;
  });
  return getAssignment(db, ctx, parentId);
}

/** Changes a delegation's internal deadline (still before the outer one and after the ones given below it). */
export async function rescheduleDelegation(db: Db, ctx: Ctx, childId: string, dueOn: string): Promise<AssignmentDetail> {
  const actor = ctx.actor as Actor;
  const parentId = await db.transaction().execute(async (tx) => {
    const { child, parent } = await ownDelegation(tx, actor, childId);
    checkInternalDeadline(dueOn, parent.due_on, today(ctx));
    const later = (await q.liveDescendants(tx, childId)).find((d) => d.due_on >= dueOn);
    if (later) badRequest('delegation.deadline_after_outer', `Đơn vị cấp dưới đã được giao hạn ${formatDateVi(later.due_on)}, không trước hạn mới`);
    await tx.updateTable('assignments').set({ due_on: dueOn, updated_at: ctx.clock.now() }).where('id', '=', childId).execute();
    await notifyUnit(tx, {
      unitId: child.unit_id, kind: 'assignment.rescheduled', now: ctx.clock.now(), link: `/viec-cua-toi/${childId}`,
      title: `Đổi hạn: ${child.template_name}`, body: `${parent.unit_name} đổi hạn báo cáo "${child.template_name}" (${child.round_label}) thành ${formatDateVi(dueOn)}.`,
    });
    await recordAudit(tx, ctx, { action: 'assignment.rescheduled', unitId: parent.unit_id, targetType: 'assignment', targetId: childId, details: { from: child.due_on, to: dueOn } });
    return parent.id;
  });
  return getAssignment(db, ctx, parentId);
}
