import { formatDateVi, vietnamDateOf, type FormState } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, type Ctx } from '../../platform/audit.js';
import { AppError, badRequest, forbidden } from '../../platform/errors.js';
import type { Actor } from '../../platform/scope.js';
import { lockAssignment, type AssignmentRow } from '../assignments/assignments.queries.js';
import { visible } from '../assignments/assignments.service.js';
import { buildFormCsv, readFormCsv } from './submissions.csv.js';
import { formState, loadTemplate, mayEnter } from './submissions.form.js';
import type { FormMeta } from './submissions.form-file.js';
import { findForm } from './submissions.queries.js';
import { applyChanges } from './submissions.service.js';
import { buildFormWorkbook, readFormWorkbook } from './submissions.xlsx.js';

function metaOf(a: AssignmentRow): FormMeta {
  return {
    assignmentId: a.id, templateId: a.template_id, templateCode: a.template_code, templateName: a.template_name, templateVersion: a.template_version,
    unitCode: a.unit_code, unitName: a.unit_name, roundKey: a.round_key, roundLabel: a.round_label, dueOn: a.due_on,
  };
}

/** The assigned form as an XLSX or CSV to fill offline (R32), with the figures saved so far. Anyone who may see it. */
export async function exportForm(db: Db, ctx: Ctx, id: string, format: 'xlsx' | 'csv') {
  const a = await visible(db, ctx.actor as Actor, id);
  const tpl = await loadTemplate(db, a.template_id);
  if (!tpl.grid) badRequest('form.not_numeric', 'Báo cáo thuyết minh không có biểu số liệu để tải về');
  const state = await formState(db, ctx.actor as Actor, a);
  const body = format === 'xlsx' ? await buildFormWorkbook(metaOf(a), tpl.grid, state.inputs, state.computed) : buildFormCsv(metaOf(a), tpl.grid, state.inputs);
  const name = `${a.template_code}_${a.unit_code}_${a.round_key}`.replace(/[^A-Za-z0-9._-]+/g, '-');
  return {
    body,
    filename: `${name}.${format}`,
    contentType: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
  };
}

/** Same figure? Excel drops trailing zeros, so "5.50" read back as "5.5" is no change. */
function sameValue(a: string | null | undefined, b: string | null): boolean {
  if ((a ?? null) === b) return true;
  if (a == null || b === null) return false;
  const num = /^-?\d+(\.\d+)?$/;
  const trim = (x: string) => (x.includes('.') ? x.replace(/0+$/, '').replace(/\.$/, '') : x);
  return num.test(a) && num.test(b) && trim(a) === trim(b);
}

/**
 * Takes an offline-filled workbook or CSV into the draft (R32): checked exactly like typed figures,
 * all or nothing, errors named by cell (`Sheet!C12: …`). After the due date a reason is required and
 * recorded (a form filled outside the system during an outage is accepted late, on the record).
 */
export async function uploadForm(db: Db, ctx: Ctx, id: string, input: { format: 'xlsx' | 'csv'; contentBase64: string; version: number; lateReason?: string | undefined }): Promise<FormState> {
  const actor = ctx.actor as Actor;
  const buffer = Buffer.from(input.contentBase64, 'base64');
  await db.transaction().execute(async (tx) => {
    await lockAssignment(tx, id);
    const a = await visible(tx, actor, id);
    if (!mayEnter(actor, a)) forbidden('Báo cáo này không còn nhập được, hoặc không được giao cho bạn');
    const tpl = await loadTemplate(tx, a.template_id);
    if (!tpl.grid) badRequest('form.not_numeric', 'Báo cáo thuyết minh không nhận tệp số liệu');
    const today = vietnamDateOf(ctx.clock.now());
    const late = today > a.due_on;
    if (late && !input.lateReason) badRequest('form.late_reason_required', `Đã quá hạn ${formatDateVi(a.due_on)}: cần ghi lý do nộp muộn (ví dụ hệ thống gián đoạn, đơn vị lập báo cáo ngoài hệ thống)`);
    const read = input.format === 'xlsx' ? await readFormWorkbook(buffer, metaOf(a), tpl.grid) : readFormCsv(buffer, metaOf(a), tpl.grid);
    if (!read.ok) throw new AppError('form.invalid_file', `Tệp có ${read.errors.length} lỗi; chưa nhận số liệu nào`, 400, read.errors);
    const current = (await findForm(tx, id)).inputs;
    const changes = Object.fromEntries(Object.entries(read.inputs).filter(([cell, value]) => !sameValue(current[cell], value)));
    const lateEntry = late ? { reason: input.lateReason!, at: ctx.clock.now().toISOString(), byName: actor.fullName } : undefined;
    const changed = await applyChanges(tx, ctx, a, input.version, { changes, explanations: {} }, 'import', lateEntry ? { lateEntry } : {});
    if (!changed) nothingChanged(ctx);
  });
  return formState(db, actor, await visible(db, actor, id));
}
