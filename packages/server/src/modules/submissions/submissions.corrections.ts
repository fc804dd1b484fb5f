import { randomUUID } from 'node:crypto';
import type { CorrectionRequest } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { conflict, forbidden } from '../../platform/errors.js';
import type { Actor } from '../../platform/scope.js';
import { lockAssignment } from '../assignments/assignments.queries.js';
import { visible, WORKER_ROLES } from '../assignments/assignments.service.js';
import { moveAssignment } from '../assignments/assignments.workflow.js';
import { notifyUnit } from '../notifications/notifications.service.js';

/** Every correction request of a report with its decision, oldest first. */
export async function listCorrections(db: Db, assignmentId: string): Promise<CorrectionRequest[]> {
  const rows = await db
    .selectFrom('correction_requests as c')
    .innerJoin('users as r', 'r.id', 'c.requested_by')
    .leftJoin('users as d', 'd.id', 'c.decided_by')
    .select(['c.id', 'c.version_number', 'c.reason', 'r.full_name as requested_by_name', 'c.requested_at', 'c.decision', 'c.decision_reason', 'd.full_name as decided_by_name', 'c.decided_at'])
    .where('c.assignment_id', '=', assignmentId)
    .orderBy('c.requested_at')
    .execute();
  return rows.map((r) => ({
    id: r.id, versionNumber: r.version_number, reason: r.reason, requestedByName: r.requested_by_name, requestedAt: r.requested_at.toISOString(),
    decision: r.decision as CorrectionRequest['decision'], decisionReason: r.decision_reason, decidedByName: r.decided_by_name, decidedAt: r.decided_at?.toISOString() ?? null,
  }));
}

/**
 * The reporting unit asks to correct an accepted report, with the reason (R23). Only an accepted report,
 * by the people who enter its figures; nothing changes until the receiving unit approves.
 */
export async function requestCorrection(db: Db, ctx: Ctx, id: string, reason: string): Promise<CorrectionRequest[]> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    await lockAssignment(tx, id);
    const a = await visible(tx, actor, id);
    const reporter = WORKER_ROLES.includes(actor.role) && (a.assignee_id ? a.assignee_id === actor.id || (actor.unitId === a.unit_id && actor.role === 'leader') : actor.unitId === a.unit_id);
    if (!reporter) forbidden('Chỉ đơn vị báo cáo mới đề nghị đính chính được');
    if (a.status !== 'accepted') conflict('correction.not_accepted', 'Chỉ đề nghị đính chính được báo cáo đã được tiếp nhận');
    const now = ctx.clock.now();
    await moveAssignment(tx, a, 'request_correction', now);
    const latest = await tx.selectFrom('submission_versions').select((eb) => eb.fn.max('number').as('n')).where('assignment_id', '=', id).executeTakeFirstOrThrow();
    const requestId = randomUUID();
    await tx.insertInto('correction_requests').values({ id: requestId, assignment_id: id, version_number: Number(latest.n), reason, requested_by: actor.id, requested_at: now }).execute();
    await notifyUnit(tx, {
      unitId: a.parent_unit_id ?? a.requesting_unit_id, kind: 'correction.requested', now, link: `/viec-cua-toi/${id}`,
      title: `Đề nghị đính chính: ${a.unit_name}`, body: `${a.unit_name} đề nghị đính chính báo cáo "${a.template_name}" (${a.round_label}). Lý do: ${reason}`,
    });
    await recordAudit(tx, ctx, { action: 'correction.requested', unitId: a.unit_id, targetType: 'assignment', targetId: id, details: { requestId, reason, version: Number(latest.n) } });
  });
  return listCorrections(db, id);
}

/**
 * The receiving unit approves or refuses a correction request (R23). Approval reopens the report for
 * entry; the corrected version goes through signing again and earlier signed versions stay as they
 * were. Refusal keeps the accepted report, with the reason.
 */
export async function decideCorrection(db: Db, ctx: Ctx, id: string, input: { decision: 'approve' | 'refuse'; reason: string }): Promise<CorrectionRequest[]> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    await lockAssignment(tx, id);
    const a = await visible(tx, actor, id);
    const receiver = a.parent_unit_id ?? a.requesting_unit_id;
    if (actor.unitId !== receiver || !WORKER_ROLES.includes(actor.role)) forbidden('Chỉ đơn vị nhận báo cáo mới duyệt đề nghị đính chính');
    const open = await tx.selectFrom('correction_requests').select(['id']).where('assignment_id', '=', id).where('decision', 'is', null).executeTakeFirst();
    if (!open || a.status !== 'correction_requested') conflict('correction.none_open', 'Không có đề nghị đính chính đang chờ duyệt');
    const now = ctx.clock.now();
    const approve = input.decision === 'approve';
    await moveAssignment(tx, a, approve ? 'approve_correction' : 'refuse_correction', now);
    const updated = await tx
      .updateTable('correction_requests')
      .set({ decision: approve ? 'approved' : 'refused', decision_reason: input.reason || null, decided_by: actor.id, decided_at: now })
      .where('id', '=', open.id)
      .where('decision', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) conflict('workflow.stale', 'Đề nghị vừa được duyệt bởi người khác');
    await notifyUnit(tx, {
      unitId: a.unit_id, kind: approve ? 'correction.approved' : 'correction.refused', now, link: `/viec-cua-toi/${id}`,
      title: approve ? `Đồng ý đính chính: ${a.template_name}` : `Từ chối đính chính: ${a.template_name}`,
      body: approve
        ? `${actor.unitName} đồng ý cho đính chính báo cáo (${a.round_label}): sửa số liệu, trình lãnh đạo ký lại và gửi lại.`
        : `${actor.unitName} từ chối đề nghị đính chính (${a.round_label}). Lý do: ${input.reason}`,
    });
    await recordAudit(tx, ctx, { action: approve ? 'correction.approved' : 'correction.refused', unitId: receiver, targetType: 'assignment', targetId: id, details: { requestId: open.id, reason: input.reason } });
  });
  return listCorrections(db, id);
}
