import { randomUUID } from 'node:crypto';
import {
  compileTemplate,
  createWorkingCalendar,
  vietnamDateOf,
  foldVi,
  type CopyTemplateInput,
  type CreateTemplateInput,
  type Periodicity,
  type RegimeKind,
  type Template,
  type TemplateDefinition,
  type TemplateError,
  type TemplateInfo,
  type TemplateKind,
  type TemplateQuery,
  type TemplateStatus,
  type TemplateSummary,
  type UpdateTemplateInput,
  type WorkingCalendar,
} from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { refuseStateSecret } from '../../platform/classification.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { assertCan, assertRole, inScope, type Actor } from '../../platform/scope.js';
import { loadWorkingCalendar } from '../calendar/calendar.service.js';
import { findUnit } from '../units/units.queries.js';
import * as q from './templates.queries.js';

/** R14: a template is tested for at most 5 working days. */
const TESTING_WORKING_DAYS = 5;
// Only drafts are returned without a loaded calendar, and a draft has no testing deadline.
const statutory = createWorkingCalendar();

/** May the actor read this template: its requesting unit is in scope, or it is in the city library. */
export function canRead(actor: Actor, row: q.TemplateRow): boolean {
  return inScope(actor, row.unit_path) || (row.shared && (row.status === 'official' || row.status === 'retired'));
}

export function toSummary(r: q.SummaryRow, calendar: WorkingCalendar = statutory): TemplateSummary {
  return {
    id: r.id,
    lineageId: r.lineage_id,
    code: r.code,
    name: r.name,
    kind: r.kind as TemplateKind,
    version: r.version,
    status: r.status as TemplateStatus,
    regimeKind: r.regime_kind as RegimeKind,
    periodicities: (r.periodicities ? r.periodicities.split(',') : []) as Periodicity[],
    fieldGroup: r.field_group,
    requestingUnitId: r.requesting_unit_id,
    requestingUnitName: r.unit_name,
    shared: r.shared,
    revision: r.revision,
    updatedAt: r.updated_at.toISOString(),
    publishedAt: r.published_at?.toISOString() ?? null,
    testingUntil: r.status === 'testing' && r.testing_at ? calendar.addWorkingDays(vietnamDateOf(r.testing_at), TESTING_WORKING_DAYS) : null,
  };
}

export function toTemplate(r: q.TemplateRow, calendar: WorkingCalendar = statutory): Template {
  return {
    ...toSummary(r, calendar),
    info: r.info as Template['info'],
    definition: r.definition,
    basedOnId: r.based_on_id,
    createdAt: r.created_at.toISOString(),
    testingAt: r.testing_at?.toISOString() ?? null,
    retiredAt: r.retired_at?.toISOString() ?? null,
  };
}

/** Templates of the actor's units and/or the city library, filtered. Any role. */
export async function listTemplates(db: Db, actor: Actor, query: TemplateQuery): Promise<TemplateSummary[]> {
  assertRole(actor, 'template.read');
  const scope = query.scope;
  const rows = await q.listTemplates(db, {
    prefix: scope === 'library' ? null : actor.role === 'system_admin' ? '/' : actor.unitPath,
    library: scope !== 'mine',
  });
  const needle = query.q ? foldVi(query.q) : null;
  const calendar = await loadWorkingCalendar(db);
  return rows
    .filter((r) => !query.status || r.status === query.status)
    .filter((r) => !query.kind || r.kind === query.kind)
    .filter((r) => !query.regimeKind || r.regime_kind === query.regimeKind)
    .filter((r) => !query.fieldGroup || foldVi(r.field_group) === foldVi(query.fieldGroup))
    .filter((r) => !needle || foldVi(`${r.code} ${r.name} ${r.field_group}`).includes(needle))
    .map((r) => toSummary(r, calendar));
}

/** One template the actor may read. */
export async function getTemplate(db: Db, actor: Actor, id: string): Promise<Template> {
  assertRole(actor, 'template.read');
  const row = await q.findTemplate(db, id);
  if (!row || !canRead(actor, row)) notFound('template');
  return toTemplate(row, await loadWorkingCalendar(db));
}

/** Refuses a definition whose formulas do not compile, naming each place. */
export function assertCompiles(definition: TemplateDefinition): void {
  if (definition.kind !== 'numeric') return;
  const result = compileTemplate(definition.grid);
  if (!result.ok) {
    throw new AppError('template.invalid', 'Biểu mẫu có lỗi; chưa lưu thay đổi nào', 400, result.errors.map((e) => ({ path: placeOf(e), message: e.message })));
  }
}

function placeOf(e: TemplateError): string {
  const w = e.where;
  if (w.constraintId) return `Ràng buộc ${w.constraintId}`;
  if (w.row && w.column) return `Ô ${w.row}!${w.column}`;
  if (w.row) return `Hàng ${w.row}`;
  if (w.column) return `Cột ${w.column}`;
  return 'Biểu mẫu';
}

async function assertRequestingUnit(tx: Db, actor: Actor, unitId: string): Promise<void> {
  const unit = await findUnit(tx, unitId);
  assertCan(actor, 'template.manage', unit?.path, 'unit');
  if (!unit!.active) conflict('unit.inactive', 'Đơn vị đã ngừng hoạt động');
}

async function assertCodeFree(tx: Db, code: string, lineageId?: string): Promise<void> {
  const owner = await q.findLineageByCode(tx, code);
  if (owner && owner.lineage_id !== lineageId) conflict('template.code_taken', `Mã biểu mẫu ${code} đã được sử dụng`);
}

function columnsOf(info: TemplateInfo) {
  return { name: info.name, regimeKind: info.regimeKind, periodicities: info.periodicities, fieldGroup: info.fieldGroup, requestingUnitId: info.requestingUnitId };
}

/** Creates a draft template for a requesting unit in the actor's scope. Designers. */
export async function createTemplate(db: Db, ctx: Ctx, input: CreateTemplateInput, basedOnId: string | null = null): Promise<Template> {
  const actor = ctx.actor!;
  refuseStateSecret(input.info.classification);
  assertCompiles(input.definition);
  return db.transaction().execute(async (tx) => {
    await assertRequestingUnit(tx, actor, input.info.requestingUnitId);
    await assertCodeFree(tx, input.info.code);
    const id = randomUUID();
    await q.insertTemplate(tx, {
      id,
      lineageId: id,
      version: 1,
      code: input.info.code,
      kind: input.definition.kind,
      ...columnsOf(input.info),
      info: input.info,
      definition: input.definition,
      basedOnId,
      createdBy: actor.id,
      now: ctx.clock.now(),
    });
    await recordAudit(tx, ctx, { action: basedOnId ? 'template.copied' : 'template.created', unitId: input.info.requestingUnitId, targetType: 'template', targetId: id, details: { code: input.info.code, name: input.info.name, basedOnId } });
    return toTemplate((await q.findTemplate(tx, id))!);
  });
}

/** Saves a draft whole; the code is fixed for the lineage. Designers of the requesting unit. */
export async function updateTemplate(db: Db, ctx: Ctx, id: string, input: UpdateTemplateInput): Promise<Template> {
  const actor = ctx.actor!;
  refuseStateSecret(input.info.classification);
  assertCompiles(input.definition);
  return db.transaction().execute(async (tx) => {
    const row = await loadForChange(tx, actor, id, 'template.manage');
    if (row.status !== 'draft') conflict('template.not_draft', 'Chỉ sửa được biểu mẫu đang soạn thảo');
    if (input.info.code.toLowerCase() !== row.code.toLowerCase()) conflict('template.code_fixed', 'Không đổi được mã của biểu mẫu đã tạo; hãy sao chép sang mã mới');
    if (input.definition.kind !== row.kind) conflict('template.kind_fixed', 'Không đổi được loại biểu mẫu');
    if (input.info.requestingUnitId !== row.requesting_unit_id) await assertRequestingUnit(tx, actor, input.info.requestingUnitId);
    if (JSON.stringify({ i: row.info, d: row.definition }) === JSON.stringify({ i: { ...input.info, code: row.code }, d: input.definition }) && input.revision === row.revision) {
      nothingChanged(ctx);
      return toTemplate(row);
    }
    const info = { ...input.info, code: row.code };
    const saved = await q.updateDraft(tx, id, input.revision, { ...columnsOf(info), info, definition: input.definition }, ctx.clock.now());
    if (!saved) conflict('template.stale', 'Biểu mẫu vừa được người khác lưu; hãy tải lại trước khi sửa tiếp');
    await recordAudit(tx, ctx, { action: 'template.updated', unitId: info.requestingUnitId, targetType: 'template', targetId: id, details: { revision: input.revision + 1, name: info.name } });
    return toTemplate((await q.findTemplate(tx, id))!);
  });
}

/** Loads a template the actor may change with `action`, or refuses (404 out of scope, 403 role). */
export async function loadForChange(tx: Db, actor: Actor, id: string, action: 'template.manage' | 'template.publish'): Promise<q.TemplateRow> {
  const row = await q.findTemplate(tx, id);
  assertCan(actor, action, row?.unit_path, 'template');
  return row!;
}

/** Copies any readable template into a new draft lineage of the actor's unit. Designers. */
export async function copyTemplate(db: Db, ctx: Ctx, id: string, input: CopyTemplateInput): Promise<Template> {
  const source = await getTemplate(db, ctx.actor!, id);
  const info = { ...source.info, code: input.code, name: input.name ?? `${source.name} (bản sao)`, requestingUnitId: input.requestingUnitId } as TemplateInfo;
  return createTemplate(db, ctx, { info, definition: source.definition as TemplateDefinition }, source.id);
}

/** Shares a template of the actor's units into the city library, or withdraws it. Publishers. */
export async function shareTemplate(db: Db, ctx: Ctx, id: string, shared: boolean): Promise<Template> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const row = await loadForChange(tx, actor, id, 'template.publish');
    if (row.shared === shared) {
      nothingChanged(ctx);
      return toTemplate(row);
    }
    if (shared && row.status !== 'official') conflict('template.not_official', 'Chỉ chia sẻ được biểu mẫu đã ban hành chính thức');
    await q.setShared(tx, id, shared, ctx.clock.now());
    await recordAudit(tx, ctx, { action: shared ? 'template.shared' : 'template.unshared', unitId: row.requesting_unit_id, targetType: 'template', targetId: id });
    return toTemplate((await q.findTemplate(tx, id))!);
  });
}

