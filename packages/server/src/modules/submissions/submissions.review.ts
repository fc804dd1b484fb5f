import {
  aggregateForms, ANSWERED_STATUSES, checkForm, compareVi, findOutliers,
  type AggregateView, type AssignmentDetail, type AssignmentStatus, type FormState,
} from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { assertCan, type Actor } from '../../platform/scope.js';
import { findRegime } from '../regimes/regimes.queries.js';
import { listDelegations, lockAssignment, roundAssignments, type AssignmentRow } from '../assignments/assignments.queries.js';
import { getAssignment, visible, WORKER_ROLES } from '../assignments/assignments.service.js';
import { formState, loadTemplate, mayEnter } from './submissions.form.js';
import { moveAssignment, needsSignature } from '../assignments/assignments.workflow.js';
import { currentSignatureCheck } from '../signing/signing.service.js';
import { recordFacts } from '../analytics/facts.js';
import { answerOnAcceptance } from '../exchange/answers.js';
import type { Config } from '../../platform/config.js';
import { applyChanges } from './submissions.service.js';
import * as q from './submissions.queries.js';
import { notifyUnit } from '../notifications/notifications.service.js';

/**
 * Accepts or returns a submission (R18), by the unit it was sent to: the unit that delegated it, or the
 * requesting unit for a regime's own assignment. A return carries the reason and the flagged cells.
 */
export async function reviewSubmission(db: Db, config: Config, ctx: Ctx, id: string, input: { decision: 'accept' | 'reject' | 'return_to_leader'; reason: string; flaggedCells: string[] }): Promise<AssignmentDetail> {
  const actor = ctx.actor as Actor;
  const a = await db.transaction().execute(async (tx) => {
    await lockAssignment(tx, id);
    const a = await visible(tx, actor, id);
    const reviewer = a.parent_unit_id ?? a.requesting_unit_id;
    if (actor.unitId !== reviewer || !WORKER_ROLES.includes(actor.role)) forbidden('Chỉ đơn vị nhận báo cáo mới duyệt được');
    if (a.status !== 'sent') conflict('review.not_sent', 'Báo cáo chưa được gửi hoặc đã được duyệt');
    const signed = needsSignature(a);
    if (input.decision === 'return_to_leader' && !signed) badRequest('review.not_signed_kind', 'Báo cáo nội bộ không cần ký số');
    const now = ctx.clock.now();
    if (input.decision === 'accept' && signed) {
      // R22 and Decree 30 Art. 21.2: the receiver checks authenticity and integrity before accepting.
      const verdict = await currentSignatureCheck(tx, config, a, now);
      if (!verdict) conflict('review.unsigned', 'Báo cáo chưa được lãnh đạo ký số: trả lại lãnh đạo để ký');
      if (!verdict.valid) conflict('review.signature_invalid', `Chữ ký số không hợp lệ (${verdict.message}): trả lại lãnh đạo để ký lại`);
    }
    const tpl = await loadTemplate(tx, a.template_id);
    if (tpl.evaluator) {
      const known = new Set([...tpl.evaluator.inputCells, ...tpl.evaluator.computedCells]);
      const unknown = input.flaggedCells.filter((c) => !known.has(c));
      if (unknown.length) badRequest('review.unknown_cells', `Ô không có trong biểu mẫu: ${unknown.join(', ')}`);
    }
    const to = await moveAssignment(tx, a, input.decision, now);
    const accepted = input.decision === 'accept';
    await q.reviewLatestVersion(tx, id, { decision: input.decision, reason: input.reason, flaggedCells: input.flaggedCells, by: actor.id, at: now });
    // The accepted figures become facts for analysis (R25); a correction's acceptance supersedes them.
    const facts = accepted ? await recordFacts(tx, a, now) : 0;
    // A report answering a request from above goes up to the upper system (federation, exchange/answers.ts).
    if (accepted && !a.parent_id) await answerOnAcceptance(tx, ctx, config, id);
    await q.setReview(tx, id, accepted ? null : input.reason, input.decision === 'reject' ? input.flaggedCells : [], now);
    const title = accepted ? `Báo cáo được tiếp nhận: ${a.template_name}` : input.decision === 'reject' ? `Báo cáo bị trả lại: ${a.template_name}` : `Trả lại để ký số: ${a.template_name}`;
    await notifyUnit(tx, {
      unitId: a.unit_id, kind: `form.${to}`, now: now, link: `/viec-cua-toi/${id}`, title,
      body: accepted ? `${actor.unitName} đã tiếp nhận báo cáo (${a.round_label}).` : `${actor.unitName} trả lại báo cáo (${a.round_label}). Lý do: ${input.reason}`,
    });
    const action = accepted ? 'form.accepted' : input.decision === 'reject' ? 'form.returned' : 'report.returned_to_leader';
    await recordAudit(tx, ctx, { action, unitId: reviewer, targetType: 'assignment', targetId: id, details: { reason: input.reason, flaggedCells: input.flaggedCells, ...(accepted ? { facts } : {}) } });
    return a;
  });
  return getAssignment(db, ctx, a.parent_id ?? a.id);
}

/**
 * The consolidated report of a unit's subordinates (R18, R26): the template's per-column rules, each
 * cell's contributions, missing units, and data-quality warnings (R39): incomplete forms, constraint
 * failures, outliers against each unit's own earlier reports. Anyone who may see the assignment.
 */
export async function getAggregate(db: Db, ctx: Ctx, id: string, opts: { warnings?: boolean } = {}): Promise<AggregateView> {
  const a = await visible(db, ctx.actor as Actor, id);
  const children = (await listDelegations(db, a.id)).filter((c) => c.status !== 'withdrawn');
  const view = await aggregateOf(db, a.template_id, children, opts.warnings ?? true);
  // Once the unit took the aggregate in, a subordinate's later correction shows as changed cells.
  const applied = await db.selectFrom('cell_changes').select('id').where('assignment_id', '=', a.id).where('source', '=', 'aggregate').limit(1).executeTakeFirst();
  let changedSinceApplied: string[] = [];
  if (applied) {
    const own = (await q.findForm(db, a.id)).inputs;
    changedSinceApplied = [...new Set([...Object.keys(own), ...Object.keys(view.inputs)])].filter((cell) => (own[cell] ?? null) !== (view.inputs[cell] ?? null)).sort();
  }
  return { assignmentId: a.id, ...view, changedSinceApplied };
}

/**
 * A requesting unit's consolidation of one round across every unit asked (a department's sector over
 * all commune-level units), for one template. Anyone in the requesting unit's subtree.
 */
export async function getRoundAggregate(db: Db, ctx: Ctx, regimeId: string, roundKey: string, templateId?: string): Promise<AggregateView> {
  const actor = ctx.actor as Actor;
  const regime = await findRegime(db, regimeId);
  assertCan(actor, 'regime.read', regime?.unit_path, 'regime');
  const rows = await roundAssignments(db, regimeId, roundKey);
  if (rows.length === 0) notFound('round');
  // Any version of the template names its lineage: the round may have been assigned an earlier one.
  const lineage = templateId
    ? (await db.selectFrom('templates').select('lineage_id').where('id', '=', templateId).executeTakeFirst())?.lineage_id
    : rows[0]!.lineage_id;
  if (!lineage) notFound('template');
  const mine = rows.filter((r) => r.lineage_id === lineage);
  return { assignmentId: null, ...(await aggregateOf(db, mine[0]!.template_id, mine)), changedSinceApplied: [] };
}

async function aggregateOf(db: Db, templateId: string, units: AssignmentRow[], withWarnings = true): Promise<Omit<AggregateView, 'assignmentId' | 'changedSinceApplied'>> {
  const tpl = await loadTemplate(db, templateId);
  if (!tpl.evaluator || !tpl.grid) badRequest('form.not_numeric', 'Báo cáo thuyết minh không tổng hợp số liệu');
  const children = [...units].sort((x, y) => compareVi(x.unit_name, y.unit_name));
  const corrections = await q.correctionStates(db, children.map((c) => c.id));
  // A report under correction still counts with its accepted figures until the corrected one is sent.
  const reworking = children.filter((c) => !ANSWERED_STATUSES.includes(c.status as AssignmentStatus) && corrections.get(c.id) === 'pending');
  const answered = children.filter((c) => ANSWERED_STATUSES.includes(c.status as AssignmentStatus) || reworking.includes(c));
  const versions = new Map([
    ...(await q.latestVersions(db, answered.filter((c) => !reworking.includes(c)).map((c) => c.id))),
    ...(await q.acceptedVersions(db, reworking.map((c) => c.id))),
  ]);
  const included = answered.filter((c) => versions.has(c.id));
  const sources = included.map((c) => ({ unitId: c.unit_id, ...versions.get(c.id)! }));
  const result = aggregateForms(tpl.grid, tpl.evaluator, sources, tpl.model!);
  const warnings: AggregateView['warnings'] = [];
  for (const c of withWarnings ? included : []) {
    const v = versions.get(c.id)!;
    const check = checkForm(tpl.evaluator, v.inputs, {});
    for (const viol of check.violations) {
      const required = tpl.grid.constraints?.find((k) => k.id === viol.constraintId)?.kind === 'required';
      warnings.push({ kind: required ? 'incomplete' : 'constraint', unitId: c.unit_id, unitName: c.unit_name, cell: viol.cells[0] ?? null, message: viol.message });
    }
    for (const o of findOutliers(v.inputs, await historyOf(db, c))) warnings.push({ kind: 'outlier', unitId: c.unit_id, unitName: c.unit_name, cell: o.cell, message: o.message });
  }
  const includedIds = new Set(included.map((c) => c.id));
  return {
    sources: children.map((c) => ({ assignmentId: c.id, unitId: c.unit_id, unitName: c.unit_name, status: c.status as AssignmentStatus, sentAt: c.sent_at?.toISOString() ?? null, included: includedIds.has(c.id), correction: corrections.get(c.id) ?? null })),
    inputs: result.inputs,
    computed: result.computed,
    contributions: result.contributions,
    missing: children.filter((c) => !includedIds.has(c.id)).map((c) => ({ unitId: c.unit_id, unitName: c.unit_name })),
    warnings,
  };
}

/** The unit's accepted or sent reports of the same regime and template in earlier rounds, oldest first. */
async function historyOf(db: Db, c: AssignmentRow): Promise<Record<string, string>[]> {
  const earlier = await db
    .selectFrom('assignments as x')
    .innerJoin('regime_rounds as rr', (j) => j.onRef('rr.regime_id', '=', 'x.regime_id').onRef('rr.key', '=', 'x.round_key'))
    .select(['x.id', 'rr.opens_on'])
    .where('x.unit_id', '=', c.unit_id)
    .where('x.lineage_id', '=', c.lineage_id)
    .where('x.regime_id', '=', c.regime_id)
    .where('x.id', '<>', c.id)
    .where('x.status', 'in', ['sent', 'accepted'])
    .orderBy('rr.opens_on')
    .limit(24)
    .execute();
  const versions = await q.latestVersions(db, earlier.map((e) => e.id));
  return earlier.flatMap((e) => (versions.has(e.id) ? [versions.get(e.id)!.inputs] : []));
}

/**
 * Takes the aggregate into the unit's own report as its draft figures; with units still missing, a
 * note saying so is required (aggregate with a note, or wait). People who may enter figures here.
 */
export async function applyAggregate(db: Db, ctx: Ctx, id: string, input: { version: number; note: string }): Promise<FormState> {
  const actor = ctx.actor as Actor;
  // Data-quality warnings are for reading; taking the figures in does not need them.
  const view = await getAggregate(db, ctx, id, { warnings: false });
  if (view.missing.length && !input.note) {
    badRequest('aggregate.note_required', `Còn ${view.missing.length} đơn vị chưa gửi (${view.missing.map((m) => m.unitName).join(', ')}): ghi chú lý do tổng hợp khi chưa đủ, hoặc chờ`);
  }
  if (view.sources.length === 0) badRequest('aggregate.no_sources', 'Chưa giao cho đơn vị cấp dưới nào: không có gì để tổng hợp');
  await db.transaction().execute(async (tx) => {
    await lockAssignment(tx, id);
    const a = await visible(tx, actor, id);
    if (!mayEnter(actor, a)) forbidden('Báo cáo này không còn nhập được, hoặc không được giao cho bạn');
    const form = await q.findForm(tx, id);
    const changes: Record<string, string | null> = Object.fromEntries(Object.keys(form.inputs).map((cell) => [cell, null]));
    Object.assign(changes, view.inputs);
    const note = view.missing.length ? `${input.note} (chưa có số liệu của: ${view.missing.map((m) => m.unitName).join(', ')})` : input.note || null;
    await applyChanges(tx, ctx, a, input.version, { changes, explanations: {} }, 'aggregate', { aggregateNote: note });
  });
  return formState(db, actor, await visible(db, actor, id));
}
