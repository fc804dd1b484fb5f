import { ANSWERED_STATUSES, compareVi, isPeriodId, lateDays, vietnamDateOf, type AssignmentStatus, type RoundProgress, type UnitKind } from '@baocao/core';
import type { Db } from '../../db/database.js';
import type { Ctx } from '../../platform/audit.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { assertCan, type Actor } from '../../platform/scope.js';
import { findRegime } from '../regimes/regimes.queries.js';
import { roundAssignments } from './assignments.queries.js';

/**
 * Who has answered a round and who is missing, live from the assignments (the requesting unit's view):
 * missing units first, the most overdue at the top. Anyone in the requesting unit's subtree.
 */
export async function getRoundProgress(db: Db, ctx: Ctx, regimeId: string, roundKey: string): Promise<RoundProgress> {
  const actor = ctx.actor as Actor;
  const regime = await findRegime(db, regimeId);
  assertCan(actor, 'regime.read', regime?.unit_path, 'regime');
  if (regime!.kind === 'periodic' && !isPeriodId(roundKey)) {
    badRequest('period.invalid_id', `Mã kỳ báo cáo không hợp lệ: "${roundKey}" (ví dụ: 2026-M03, 2026-Q1, 2026-H1, 2026-9M, 2026)`);
  }
  const round = await db.selectFrom('regime_rounds').selectAll().where('regime_id', '=', regimeId).where('key', '=', roundKey).executeTakeFirst();
  if (!round) notFound('round');
  const day = vietnamDateOf(ctx.clock.now());
  const rows = (await roundAssignments(db, regimeId, roundKey)).map((r) => {
    const answered = ANSWERED_STATUSES.includes(r.status as AssignmentStatus);
    return {
      assignmentId: r.id, unitId: r.unit_id, unitCode: r.unit_code, unitName: r.unit_name, unitKind: r.unit_kind as UnitKind,
      templateCode: r.template_code, templateName: r.template_name, status: r.status as AssignmentStatus, answered,
      sentAt: r.sent_at?.toISOString() ?? null,
      lateDays: lateDays(r.due_on, answered && r.sent_at ? vietnamDateOf(r.sent_at) : null, day),
      delegatedCount: Number(r.delegated_count ?? 0),
      assigneeName: r.assignee_name,
    };
  });
  rows.sort((a, b) => Number(a.answered) - Number(b.answered) || (a.answered ? 0 : b.lateDays - a.lateDays) || compareVi(a.unitName, b.unitName) || a.templateCode.localeCompare(b.templateCode));
  const answered = rows.filter((r) => r.answered).length;
  return {
    regimeId, roundKey, roundLabel: round.label, cutoffFrom: round.cutoff_from, cutoffTo: round.cutoff_to, dueOn: round.due_on, today: day,
    total: rows.length, answered, missing: rows.length - answered, overdue: rows.filter((r) => !r.answered && r.lateDays > 0).length, rows,
  };
}
