import { randomUUID } from 'node:crypto';
import { PERIODICITIES, type CreateReferenceInput, type FieldGroup, type Indicator, type IndicatorSet, type IndicatorSetStatus, type Periodicity } from '@baocao/core';
import { compareVi, foldVi } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { AppError, conflict, forbidden } from '../../platform/errors.js';
import { assertRole, inScope, type Actor } from '../../platform/scope.js';
import * as q from './catalog.queries.js';

const WHAT = { set: 'bộ chỉ tiêu', indicator: 'chỉ tiêu' } as const;

export function missing(what: keyof typeof WHAT): never {
  throw new AppError('not_found', `Không tìm thấy ${WHAT[what]}`, 404);
}

export function toSet(r: q.SetRow): IndicatorSet {
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    name: r.name,
    legalBasis: r.legal_basis,
    description: r.description,
    status: r.status as IndicatorSetStatus,
    isDemo: r.is_demo,
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: r.owner_unit_name,
    previousId: r.previous_id,
    indicatorCount: Number(r.indicator_count),
    publishedAt: r.published_at?.toISOString() ?? null,
    retiredAt: r.retired_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
  };
}

export function toIndicator(r: q.IndicatorRow): Indicator {
  return {
    id: r.id,
    setId: r.set_id,
    setCode: r.set_code,
    setVersion: r.set_version,
    setStatus: r.set_status as IndicatorSetStatus,
    lineageId: r.lineage_id,
    code: r.code,
    name: r.name,
    unitOfMeasureId: r.unit_of_measure_id,
    unitOfMeasure: r.unit_of_measure,
    fieldGroupId: r.field_group_id,
    fieldGroup: r.field_group,
    concept: r.concept,
    calculationMethod: r.calculation_method,
    mainDisaggregations: r.main_disaggregations,
    periodicity: sortPeriodicity(r.periodicity as Periodicity[]),
    dataSource: r.data_source,
    responsibleUnit: r.responsible_unit,
    responsibleUnitId: r.responsible_unit_id,
    responsibleUnitCode: r.responsible_unit_code,
    parentId: r.parent_id,
    parentCode: r.parent_code,
    position: r.position,
    active: r.active,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Periods in calendar order, each once: how they are stored and shown. */
export function sortPeriodicity(p: readonly Periodicity[]): Periodicity[] {
  return PERIODICITIES.filter((x) => p.includes(x));
}

/** Items ordered so that each comes after its parent (parents outside the list count as present). */
export function parentsFirst<T>(items: T[], idOf: (t: T) => string, parentOf: (t: T) => string | null): T[] {
  const byId = new Map(items.map((t) => [idOf(t), t]));
  const done = new Set<string>();
  const out: T[] = [];
  const visit = (t: T, depth: number) => {
    const id = idOf(t);
    if (done.has(id)) return;
    done.add(id);
    const parent = parentOf(t);
    // A cycle cannot be stored (checked on every change), so depth only guards against a bug.
    if (parent && byId.has(parent) && depth < 1000) visit(byId.get(parent)!, depth + 1);
    out.push(t);
  };
  for (const t of items) visit(t, 0);
  return out;
}

/** What the accent-insensitive search looks at. */
export function searchTextOf(code: string, name: string): string {
  return foldVi(`${code} ${name}`);
}

/**
 * Refuses unless the actor may change the set: an administrator whose scope covers the owner
 * unit, or, for the city's shared library (no owner), a system administrator. The library is
 * readable by everyone, so a refusal is a 403, not a 404.
 */
export function assertCanManageSet(actor: Actor, set: q.SetRow): void {
  assertRole(actor, 'indicator.manage');
  if (set.owner_path === null && actor.role !== 'system_admin') forbidden('Chỉ quản trị hệ thống được thay đổi bộ chỉ tiêu dùng chung của thành phố');
  if (set.owner_path !== null && !inScope(actor, set.owner_path)) forbidden('Bộ chỉ tiêu thuộc đơn vị ngoài phạm vi quản lý của bạn');
}

/** An official or retired version is frozen: changing it means a new version. */
export function assertDraft(set: q.SetRow): void {
  if (set.status === 'draft') return;
  const state = set.status === 'official' ? 'đã ban hành' : 'đã ngừng sử dụng';
  conflict('catalog.set_frozen', `Bộ chỉ tiêu ${set.code} phiên bản ${set.version} ${state}, không sửa được; hãy tạo phiên bản mới`);
}

/** Loads a set for a change inside `tx`, locked, after checking who may change it. */
export async function setForChange(tx: Db, actor: Actor, id: string): Promise<q.SetRow> {
  const set = (await q.findSet(tx, id, true)) ?? missing('set');
  assertCanManageSet(actor, set);
  return set;
}

/** The audit record's unit: the set's owner, or the actor's unit for the shared library. */
export function auditUnitOf(set: { owner_unit_id: string | null }): string | undefined {
  return set.owner_unit_id ?? undefined;
}

const TABLES = {
  fieldGroups: { table: 'field_groups', label: 'nhóm lĩnh vực', audit: 'field_group' },
  unitsOfMeasure: { table: 'units_of_measure', label: 'đơn vị tính', audit: 'unit_of_measure' },
} as const;
export type ReferenceKind = keyof typeof TABLES;

/** Field groups or units of measure, by name the Vietnamese way. Any signed-in role. */
export async function listReferences(db: Db, actor: Actor, kind: ReferenceKind): Promise<FieldGroup[]> {
  assertRole(actor, 'indicator.read');
  const rows = await q.listReferences(db, TABLES[kind].table);
  return rows.sort((a, b) => compareVi(a.name, b.name));
}

/** Adds a field group or unit of measure to the city-wide catalogue. Administrators. */
export async function createReference(db: Db, ctx: Ctx, kind: ReferenceKind, input: CreateReferenceInput): Promise<FieldGroup> {
  assertRole(ctx.actor!, 'indicator.manage');
  return db.transaction().execute((tx) => insertReference(tx, ctx, kind, input));
}

/** Inserts one catalogue entry with its audit record; refuses a code or name already used (names compared without diacritics). */
export async function insertReference(tx: Db, ctx: Ctx, kind: ReferenceKind, input: CreateReferenceInput): Promise<FieldGroup> {
  const { table, label, audit } = TABLES[kind];
  const existing = await q.listReferences(tx, table);
  if (existing.some((r) => r.code.toLowerCase() === input.code.toLowerCase())) conflict('catalog.code_taken', `Mã ${label} ${input.code} đã được sử dụng`);
  const same = existing.find((r) => foldVi(r.name) === foldVi(input.name));
  if (same) conflict('catalog.name_taken', `Đã có ${label} "${same.name}"`);
  const row = { id: randomUUID(), code: input.code, name: input.name };
  await q.insertReference(tx, table, row, ctx.clock.now());
  await recordAudit(tx, ctx, { action: `${audit}.created`, targetType: audit, targetId: row.id, details: { code: row.code, name: row.name } });
  return row;
}
