import { checkForm, readCellChanges, type CellHistoryEntry, type FormState, type SavedForm, type SaveConflict, type SubmissionVersion } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { AppError, badRequest, conflict, forbidden } from '../../platform/errors.js';
import type { Actor } from '../../platform/scope.js';
import { lockAssignment, type AssignmentRow } from '../assignments/assignments.queries.js';
import { moveAssignment, needsSignature } from '../assignments/assignments.workflow.js';
import { visible } from '../assignments/assignments.service.js';
import { contextOf, formState, loadTemplate, mayEnter } from './submissions.form.js';
import { narrativeOf } from './submissions.narrative.js';
import * as q from './submissions.queries.js';
import { notifyUnit } from '../notifications/notifications.service.js';

/** The assignment's form with its figures, computed values and checks. Anyone who may see the assignment. */
export async function getForm(db: Db, ctx: Ctx, id: string): Promise<FormState> {
  const actor = ctx.actor as Actor;
  return formState(db, actor, await visible(db, actor, id));
}

/** A 409 carrying the cells that collided (`conflicts`), for the editor to resolve. */
function formConflict(conflicts: SaveConflict[]): never {
  throw new AppError('form.conflict', `${conflicts.length} ô vừa được người khác sửa; chọn giữ giá trị nào`, 409, undefined, { conflicts });
}

export type Changes = { changes: Record<string, string | null>; explanations: Record<string, string> };

/**
 * Applies cell changes made from `baseVersion` (R17, concurrency): cells others changed meanwhile are
 * merged when they do not collide; a cell both changed to different values is a 409 listing them.
 * Every changed cell is recorded with its old and new value. Returns whether anything changed.
 */
export async function applyChanges(
  tx: Db,
  ctx: Ctx,
  a: AssignmentRow,
  baseVersion: number,
  input: Changes,
  source: 'entry' | 'import' | 'aggregate',
  extra: { aggregateNote?: string | null; lateEntry?: unknown } = {},
): Promise<q.FormRow | null> {
  const actor = ctx.actor as Actor;
  const tpl = await loadTemplate(tx, a.template_id);
  if (!tpl.evaluator || !tpl.grid) badRequest('form.not_numeric', 'Báo cáo thuyết minh không có ô số liệu');
  const read = readCellChanges(tpl.grid, tpl.evaluator, input.changes, tpl.model!);
  if (!read.ok) throw new AppError('form.invalid_cells', 'Có ô nhập sai; chưa lưu gì', 400, read.problems.map((p) => ({ path: p.cell, message: p.message })));
  const form = await q.findForm(tx, a.id);
  if (baseVersion > form.version) conflict('form.stale', 'Phiên bản không hợp lệ; hãy tải lại biểu mẫu');
  if (baseVersion < form.version) {
    const touched = await q.changesSince(tx, a.id, baseVersion);
    const conflicts = Object.entries(read.values)
      .filter(([cell, mine]) => touched.has(cell) && (form.inputs[cell] ?? null) !== mine)
      .map(([cell, mine]) => ({ cell, mine, theirs: form.inputs[cell] ?? null, byName: touched.get(cell) ?? null }));
    if (conflicts.length) formConflict(conflicts);
  }
  const inputs = { ...form.inputs };
  const changed: { cell: string; old: string | null; new: string | null }[] = [];
  for (const [cell, value] of Object.entries(read.values)) {
    const old = inputs[cell] ?? null;
    if (old === value) continue;
    if (value === null) delete inputs[cell];
    else inputs[cell] = value;
    changed.push({ cell, old, new: value });
  }
  const explanations = { ...form.explanations };
  let explained = false;
  for (const [key, text] of Object.entries(input.explanations)) {
    if ((explanations[key] ?? '') === text) continue;
    explained = true;
    if (text === '') delete explanations[key];
    else explanations[key] = text;
  }
  if (changed.length === 0 && !explained && extra.aggregateNote === undefined && extra.lateEntry === undefined) return null;
  const version = form.version + 1;
  const now = ctx.clock.now();
  await q.saveForm(tx, a.id, { version, inputs, explanations, updatedBy: actor.id, now, ...extra });
  await q.insertCellChanges(tx, a.id, changed, { version, source, by: actor.id, at: now });
  if (a.status === 'open') await tx.updateTable('assignments').set({ status: 'draft', updated_at: now }).where('id', '=', a.id).where('status', '=', 'open').execute();
  await recordAudit(tx, ctx, {
    action: source === 'entry' ? 'form.saved' : source === 'import' ? 'form.imported' : 'form.aggregated',
    unitId: a.unit_id, targetType: 'assignment', targetId: a.id,
    // The cells themselves, with old and new values, are in the cell history (cell_changes); a whole form's
    // 1,750 codes would only swell the chain's hashing and the log, so the record names them up to 100.
    details: { version, cellCount: changed.length, ...(changed.length <= 100 ? { cells: changed.map((c) => c.cell) } : {}), explanations: explained, ...extra },
  });
  return {
    ...form, version, inputs, explanations, updated_at: now, updated_by_name: actor.fullName,
    ...(extra.aggregateNote !== undefined ? { aggregate_note: extra.aggregateNote } : {}),
    ...(extra.lateEntry !== undefined ? { late_entry: extra.lateEntry as q.FormRow['late_entry'] } : {}),
  };
}

/** Saves a draft's changed cells and explanations (R17). People who may enter figures here. */
export async function saveValues(db: Db, ctx: Ctx, id: string, input: { baseVersion: number; changes: Record<string, string | null>; explanations: Record<string, string> }): Promise<SavedForm> {
  const actor = ctx.actor as Actor;
  return db.transaction().execute(async (tx) => {
    const a = await visible(tx, actor, id, { forUpdate: true });
    if (!mayEnter(actor, a)) forbidden('Báo cáo này không còn nhập được, hoặc không được giao cho bạn');
    const saved = await applyChanges(tx, ctx, a, input.baseVersion, input, 'entry');
    if (!saved) nothingChanged(ctx);
    // The answer is what this transaction wrote (or found, when nothing changed): not read back, not re-checked
    // (the editor checks as the user types; GET …/form and submitting run the server's check).
    const f = saved ?? (await q.findForm(tx, a.id));
    const status = saved && a.status === 'open' ? 'draft' : a.status;
    const editable = mayEnter(actor, { ...a, status });
    return {
      assignmentId: a.id, status: status as SavedForm['status'], version: f.version, inputs: f.inputs, explanations: f.explanations,
      editable, canSubmit: editable, updatedAt: f.updated_at?.toISOString() ?? null, updatedByName: f.updated_by_name,
    };
  });
}

/**
 * Submits the finished report (R17–R19): to the unit's leader for signing when it leaves the unit,
 * straight back to the delegating unit for internal work. Refused while an error remains or a warning
 * is unexplained, or when `version` is not the latest. Every submission is kept as a version.
 */
export async function submitForm(db: Db, ctx: Ctx, id: string, version: number): Promise<FormState> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    await lockAssignment(tx, id);
    const a = await visible(tx, actor, id);
    if (!mayEnter(actor, a)) forbidden('Báo cáo này không còn gửi được, hoặc không được giao cho bạn');
    const tpl = await loadTemplate(tx, a.template_id);
    const form = await q.findForm(tx, a.id);
    if (version !== form.version) conflict('form.stale', 'Biểu mẫu vừa được sửa; hãy xem lại rồi gửi');
    const narrative = tpl.evaluator ? {} : await narrativeOf(tx, a.id);
    if (!tpl.evaluator && !Object.values(narrative).some((html) => html.replace(/<[^>]*>/g, '').trim())) badRequest('form.empty', 'Báo cáo chưa có nội dung');
    const check = tpl.evaluator ? checkForm(tpl.evaluator, form.inputs, form.explanations, await contextOf(tx, a)) : { invalid: [], violations: [], unexplained: [], computed: {}, errorCount: 0 };
    const errors = [...check.invalid.map((p) => ({ path: p.cell, message: p.message })), ...check.violations.filter((v) => v.severity === 'error').map((v) => ({ path: v.cells[0] ?? v.constraintId, message: v.message }))];
    if (errors.length) throw new AppError('form.has_errors', `Còn ${errors.length} lỗi phải sửa trước khi gửi`, 400, errors);
    if (check.unexplained.length) {
      throw new AppError('form.unexplained_warnings', `Còn ${check.unexplained.length} cảnh báo chưa giải trình`, 400, check.violations.filter((v) => !v.explanation && v.severity === 'warning').map((v) => ({ path: v.key, message: v.message })));
    }
    const now = ctx.clock.now();
    const signed = needsSignature(a);
    const leaders = signed ? await q.unitLeaders(tx, a.unit_id) : [];
    if (signed && leaders.length === 0) badRequest('workflow.no_leader', `${a.unit_name} chưa có tài khoản lãnh đạo để ký số; liên hệ quản trị đơn vị`);
    await moveAssignment(tx, a, signed ? 'submit_to_leader' : 'submit_unsigned', now, signed ? {} : { sent_at: now });
    await q.setReview(tx, id, null, [], now);
    const correctionId = await q.openCorrection(tx, id);
    const number = await q.insertVersion(tx, { assignmentId: id, inputs: form.inputs, computed: check.computed, explanations: form.explanations, narrative, by: actor.id, at: now, correctionId });
    if (signed) {
      for (const leader of leaders) {
        await notifyUnit(tx, {
          unitId: a.unit_id, userId: leader.id, kind: 'form.awaiting_signature', now, link: `/viec-cua-toi/${id}/ky-so`,
          title: `Trình ký: ${a.template_name}`, body: `${actor.fullName} trình ký báo cáo "${a.template_name}" (${a.round_label})${correctionId ? ' (đính chính)' : ''}.`,
        });
      }
    } else {
      const receiver = a.parent_unit_id ?? a.requesting_unit_id;
      await notifyUnit(tx, {
        unitId: receiver, kind: 'form.submitted', now: now, link: `/viec-cua-toi/${id}`,
        title: `Đã nhận báo cáo: ${a.unit_name}`, body: `${a.unit_name} đã gửi "${a.template_name}" (${a.round_label}), lần ${number}.`,
      });
    }
    await recordAudit(tx, ctx, {
      action: signed ? 'form.submitted_to_leader' : 'form.submitted', unitId: a.unit_id, targetType: 'assignment', targetId: id,
      details: { version: form.version, submission: number, warningsExplained: check.violations.length, correctionId },
    });
  });
  return getForm(db, ctx, id);
}

/** Who changed which cell from what to what, when (R17). Anyone who may see the assignment. */
export async function getCellHistory(db: Db, ctx: Ctx, id: string, cell?: string): Promise<CellHistoryEntry[]> {
  await visible(db, ctx.actor as Actor, id);
  const rows = await q.cellHistory(db, id, cell);
  return rows.map((r) => ({ cell: r.cell, oldValue: r.old_value, newValue: r.new_value, version: r.version, byName: r.full_name, at: r.changed_at.toISOString(), source: r.source as CellHistoryEntry['source'] }));
}

/** Every submitted version with what changed from the one before and its review (R18). */
export async function getVersions(db: Db, ctx: Ctx, id: string): Promise<SubmissionVersion[]> {
  await visible(db, ctx.actor as Actor, id);
  const rows = await q.listVersions(db, id);
  return rows.map((v, i) => {
    const before = i > 0 ? rows[i - 1]!.inputs : {};
    const changed: SubmissionVersion['changed'] = {};
    if (i > 0) {
      for (const cell of new Set([...Object.keys(before), ...Object.keys(v.inputs)])) {
        if ((before[cell] ?? null) !== (v.inputs[cell] ?? null)) changed[cell] = [before[cell] ?? null, v.inputs[cell] ?? null];
      }
    }
    return {
      number: v.number, submittedAt: v.submitted_at.toISOString(), submittedByName: v.submitted_by_name, inputs: v.inputs, changed,
      review: v.review_decision
        ? { decision: v.review_decision as 'accept' | 'reject', reason: v.review_reason ?? '', flaggedCells: v.flagged_cells ?? [], byName: v.reviewed_by_name, at: v.reviewed_at!.toISOString() }
        : null,
    };
  });
}
