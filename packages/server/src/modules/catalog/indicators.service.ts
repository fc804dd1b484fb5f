import { randomUUID } from 'node:crypto';
import type { CreateIndicatorInput, Indicator, IndicatorQuery, UpdateIndicatorInput } from '@baocao/core';
import { foldVi } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { badRequest, conflict } from '../../platform/errors.js';
import { assertRole, type Actor } from '../../platform/scope.js';
import { assertDraft, auditUnitOf, missing, searchTextOf, setForChange, sortPeriodicity, toIndicator } from './catalog.service.js';
import * as q from './catalog.queries.js';

/** Indicators matching a search (accent-insensitive, on code and name), a set, a field group or a period; at most 500. Any role. */
export async function searchIndicators(db: Db, actor: Actor, query: IndicatorQuery): Promise<Indicator[]> {
  assertRole(actor, 'indicator.read');
  const needle = query.q ? foldVi(query.q) : undefined;
  const rows = await q.searchIndicators(db, { ...query, needle, includeInactive: query.includeInactive === 'true', limit: 500 });
  return rows.map(toIndicator);
}

/** One indicator with its set version. Any role. */
export async function getIndicator(db: Db, actor: Actor, id: string): Promise<Indicator> {
  assertRole(actor, 'indicator.read');
  return toIndicator((await q.findIndicator(db, id)) ?? missing('indicator'));
}

/** What an indicator row holds that a user can change, by column. */
export type IndicatorValues = {
  code: string;
  name: string;
  unit_of_measure_id: string | null;
  field_group_id: string | null;
  concept: string;
  calculation_method: string;
  main_disaggregations: string;
  periodicity: string[];
  data_source: string;
  responsible_unit: string;
  responsible_unit_id: string | null;
  parent_id: string | null;
  active: boolean;
};

/** The values of `next` that differ from `row` (periods compared as sets). */
export function changedValues(row: q.IndicatorRow, next: Partial<IndicatorValues>): Partial<IndicatorValues> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if (v === undefined) continue;
    const was = row[k as keyof IndicatorValues];
    const same = Array.isArray(v) ? [...v].sort().join() === [...(was as string[])].sort().join() : v === was;
    if (!same) out[k] = v;
  }
  return out as Partial<IndicatorValues>;
}

/** Adds an indicator at the end of a draft set. Administrators of the set's owner unit. */
export async function createIndicator(db: Db, ctx: Ctx, input: CreateIndicatorInput): Promise<Indicator> {
  return db.transaction().execute(async (tx) => {
    const set = await setForChange(tx, ctx.actor!, input.setId);
    assertDraft(set);
    if (await q.findIndicatorByCode(tx, set.id, input.code)) conflict('catalog.indicator_code_taken', `Mã chỉ tiêu ${input.code} đã có trong bộ chỉ tiêu này`);
    await checkReferences(tx, input);
    if (input.parentId) await checkParent(tx, set.id, null, input.parentId, true);
    const id = randomUUID();
    const now = ctx.clock.now();
    await q.insertIndicators(tx, [
      {
        id,
        set_id: set.id,
        lineage_id: id,
        code: input.code,
        name: input.name,
        search_text: searchTextOf(input.code, input.name),
        unit_of_measure_id: input.unitOfMeasureId,
        field_group_id: input.fieldGroupId,
        concept: input.concept,
        calculation_method: input.calculationMethod,
        main_disaggregations: input.mainDisaggregations,
        periodicity: sortPeriodicity(input.periodicity),
        data_source: input.dataSource,
        responsible_unit: input.responsibleUnit,
        responsible_unit_id: input.responsibleUnitId,
        parent_id: input.parentId,
        position: (await q.maxPosition(tx, set.id)) + 1,
        created_at: now,
        updated_at: now,
      },
    ]);
    await recordAudit(tx, ctx, { action: 'indicator.created', unitId: auditUnitOf(set), targetType: 'indicator', targetId: id, details: { setId: set.id, code: input.code, name: input.name } });
    return toIndicator((await q.findIndicator(tx, id))!);
  });
}

/** Changes an indicator of a draft set; `active: false` takes it out of the set without deleting it. Administrators of the set's owner unit. */
export async function updateIndicator(db: Db, ctx: Ctx, id: string, input: UpdateIndicatorInput): Promise<Indicator> {
  return db.transaction().execute(async (tx) => {
    const found = (await q.findIndicator(tx, id)) ?? missing('indicator');
    const set = await setForChange(tx, ctx.actor!, found.set_id);
    assertDraft(set);
    const row = (await q.findIndicator(tx, id))!;
    const change = changedValues(row, {
      code: input.code,
      name: input.name,
      unit_of_measure_id: input.unitOfMeasureId,
      field_group_id: input.fieldGroupId,
      concept: input.concept,
      calculation_method: input.calculationMethod,
      main_disaggregations: input.mainDisaggregations,
      periodicity: input.periodicity ? sortPeriodicity(input.periodicity) : undefined,
      data_source: input.dataSource,
      responsible_unit: input.responsibleUnit,
      responsible_unit_id: input.responsibleUnitId,
      parent_id: input.parentId,
      active: input.active,
    });
    if (Object.keys(change).length === 0) {
      nothingChanged(ctx);
      return toIndicator(row);
    }
    const sameCode = change.code ? await q.findIndicatorByCode(tx, set.id, change.code) : undefined;
    if (sameCode && sameCode.id !== id) conflict('catalog.indicator_code_taken', `Mã chỉ tiêu ${change.code} đã có trong bộ chỉ tiêu này`);
    await checkReferences(tx, { unitOfMeasureId: change.unit_of_measure_id, fieldGroupId: change.field_group_id, responsibleUnitId: change.responsible_unit_id });
    const active = change.active ?? row.active;
    const parentId = change.parent_id !== undefined ? change.parent_id : row.parent_id;
    if (parentId && (change.parent_id !== undefined || change.active === true)) await checkParent(tx, set.id, id, parentId, active);
    if (change.active === false && (await q.countActiveChildren(tx, id)) > 0) {
      conflict('catalog.indicator_has_active_children', 'Chỉ tiêu còn chỉ tiêu con đang sử dụng');
    }
    const code = change.code ?? row.code;
    const name = change.name ?? row.name;
    await q.updateIndicatorRow(tx, id, { ...change, search_text: searchTextOf(code, name), updated_at: ctx.clock.now() });
    const before = Object.fromEntries(Object.keys(change).map((k) => [k, row[k as keyof IndicatorValues]]));
    await recordAudit(tx, ctx, {
      action: change.active === false ? 'indicator.deactivated' : change.active === true ? 'indicator.activated' : 'indicator.updated',
      unitId: auditUnitOf(set),
      targetType: 'indicator',
      targetId: id,
      details: { setId: set.id, code, before, after: change },
    });
    return toIndicator((await q.findIndicator(tx, id))!);
  });
}

/** Referenced units of measure, field groups and units must exist: otherwise a 400 naming the field. */
async function checkReferences(tx: Db, refs: { unitOfMeasureId?: string | null; fieldGroupId?: string | null; responsibleUnitId?: string | null }): Promise<void> {
  const errors: { path: string; message: string }[] = [];
  if (refs.unitOfMeasureId && !(await q.findReference(tx, 'units_of_measure', refs.unitOfMeasureId))) errors.push({ path: 'body.unitOfMeasureId', message: 'Không có đơn vị tính này trong danh mục' });
  if (refs.fieldGroupId && !(await q.findReference(tx, 'field_groups', refs.fieldGroupId))) errors.push({ path: 'body.fieldGroupId', message: 'Không có nhóm lĩnh vực này trong danh mục' });
  if (refs.responsibleUnitId && !(await q.findUnitRef(tx, refs.responsibleUnitId))) errors.push({ path: 'body.responsibleUnitId', message: 'Không có đơn vị này' });
  if (errors.length > 0) badRequest('catalog.invalid_reference', 'Dữ liệu tham chiếu không hợp lệ', errors);
}

/** The parent must be in the same set, active when the child is, and never the child itself or one of its descendants. */
async function checkParent(tx: Db, setId: string, childId: string | null, parentId: string, childActive: boolean): Promise<void> {
  const bad = (message: string) => badRequest('catalog.invalid_parent', message, [{ path: 'body.parentId', message }]);
  const parent = await q.findIndicator(tx, parentId);
  if (!parent || parent.set_id !== setId) bad('Chỉ tiêu cha phải thuộc cùng bộ chỉ tiêu');
  if (childActive && !parent!.active) bad('Chỉ tiêu cha đã ngừng sử dụng');
  for (let p: q.IndicatorRow | undefined = parent, depth = 0; p && depth < 1000; depth++) {
    if (p.id === childId) bad('Chỉ tiêu cha không được là chính nó hoặc chỉ tiêu con của nó');
    p = p.parent_id ? await q.findIndicator(tx, p.parent_id) : undefined;
  }
}
