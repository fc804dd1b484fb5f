import type { Periodicity } from '@baocao/core';
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Indicators, IndicatorSets } from '../../db/types.js';

// Field groups and units of measure have the same shape: one set of queries serves both.
export type ReferenceTable = 'field_groups' | 'units_of_measure';
export type ReferenceRow = { id: string; code: string; name: string };

export function listReferences(db: Db, table: ReferenceTable): Promise<ReferenceRow[]> {
  return db.selectFrom(table as 'field_groups').select(['id', 'code', 'name']).execute();
}

export function findReference(db: Db, table: ReferenceTable, id: string): Promise<ReferenceRow | undefined> {
  return db.selectFrom(table as 'field_groups').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function insertReference(db: Db, table: ReferenceTable, row: ReferenceRow, now: Date): Promise<void> {
  await db.insertInto(table as 'field_groups').values({ ...row, created_at: now }).execute();
}

export type SetRow = {
  id: string;
  code: string;
  version: number;
  name: string;
  legal_basis: string;
  description: string;
  status: string;
  is_demo: boolean;
  owner_unit_id: string | null;
  owner_unit_name: string | null;
  /** The owner unit's materialised path, for scope checks. */
  owner_path: string | null;
  previous_id: string | null;
  published_at: Date | null;
  retired_at: Date | null;
  updated_at: Date;
  indicator_count: string;
};

function selectSets(db: Db) {
  return db
    .selectFrom('indicator_sets as s')
    .leftJoin('units as o', 'o.id', 's.owner_unit_id')
    .select([
      's.id',
      's.code',
      's.version',
      's.name',
      's.legal_basis',
      's.description',
      's.status',
      's.is_demo',
      's.owner_unit_id',
      'o.name as owner_unit_name',
      'o.path as owner_path',
      's.previous_id',
      's.published_at',
      's.retired_at',
      's.updated_at',
      sql<string>`(select count(*) from indicators i where i.set_id = s.id and i.active)`.as('indicator_count'),
    ]);
}

/** One set; `lock` holds its row until the transaction ends, so edits and publishing take turns. */
export async function findSet(db: Db, id: string, lock = false): Promise<SetRow | undefined> {
  if (lock) await db.selectFrom('indicator_sets').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return selectSets(db).where('s.id', '=', id).executeTakeFirst();
}

/** Sets of one status, or every set that is not retired. */
export function listSets(db: Db, status: string | undefined): Promise<SetRow[]> {
  const q = selectSets(db);
  return (status ? q.where('s.status', '=', status) : q.where('s.status', '<>', 'retired')).orderBy(sql`lower(s.code)`).orderBy('s.version', 'desc').execute();
}

export function listVersions(db: Db, code: string) {
  return db
    .selectFrom('indicator_sets')
    .select(['id', 'version', 'status', 'published_at'])
    .where(sql`lower(code)`, '=', code.toLowerCase())
    .orderBy('version', 'desc')
    .execute();
}

export function insertSet(db: Db, row: Insertable<IndicatorSets>) {
  return db.insertInto('indicator_sets').values(row).execute();
}

export function updateSetRow(db: Db, id: string, set: Updateable<IndicatorSets>) {
  return db.updateTable('indicator_sets').set(set).where('id', '=', id).where('status', '=', 'draft').returning('id').executeTakeFirst();
}

/** Moves a set from one of `from` to `to`; no row back means it was not in `from` any more. */
export function moveSetStatus(db: Db, id: string, from: string[], to: string, now: Date) {
  return db
    .updateTable('indicator_sets')
    .set({ status: to, updated_at: now, ...(to === 'official' ? { published_at: now } : { retired_at: now }) })
    .where('id', '=', id)
    .where('status', 'in', from)
    .returning('id')
    .executeTakeFirst();
}

/** Retires the official version of `code` other than `exceptId`, if there is one. */
export function retireOfficialVersion(db: Db, code: string, exceptId: string, now: Date) {
  return db
    .updateTable('indicator_sets')
    .set({ status: 'retired', retired_at: now, updated_at: now })
    .where(sql`lower(code)`, '=', code.toLowerCase())
    .where('status', '=', 'official')
    .where('id', '<>', exceptId)
    .returning(['id', 'version'])
    .executeTakeFirst();
}

export type IndicatorRow = {
  id: string;
  set_id: string;
  set_code: string;
  set_version: number;
  set_status: string;
  lineage_id: string;
  code: string;
  name: string;
  unit_of_measure_id: string | null;
  unit_of_measure: string | null;
  field_group_id: string | null;
  field_group: string | null;
  concept: string;
  calculation_method: string;
  main_disaggregations: string;
  periodicity: string[];
  data_source: string;
  responsible_unit: string;
  responsible_unit_id: string | null;
  responsible_unit_code: string | null;
  parent_id: string | null;
  parent_code: string | null;
  position: number;
  active: boolean;
  updated_at: Date;
};

function selectIndicators(db: Db) {
  return db
    .selectFrom('indicators as i')
    .innerJoin('indicator_sets as s', 's.id', 'i.set_id')
    .leftJoin('units_of_measure as m', 'm.id', 'i.unit_of_measure_id')
    .leftJoin('field_groups as g', 'g.id', 'i.field_group_id')
    .leftJoin('indicators as p', 'p.id', 'i.parent_id')
    .leftJoin('units as r', 'r.id', 'i.responsible_unit_id')
    .select([
      'i.id',
      'i.set_id',
      's.code as set_code',
      's.version as set_version',
      's.status as set_status',
      'i.lineage_id',
      'i.code',
      'i.name',
      'i.unit_of_measure_id',
      'm.name as unit_of_measure',
      'i.field_group_id',
      'g.name as field_group',
      'i.concept',
      'i.calculation_method',
      'i.main_disaggregations',
      'i.periodicity',
      'i.data_source',
      'i.responsible_unit',
      'i.responsible_unit_id',
      'r.code as responsible_unit_code',
      'i.parent_id',
      'p.code as parent_code',
      'i.position',
      'i.active',
      'i.updated_at',
    ]);
}

export function findIndicator(db: Db, id: string): Promise<IndicatorRow | undefined> {
  return selectIndicators(db).where('i.id', '=', id).executeTakeFirst();
}

/** Every indicator of a set, in its order. */
export function listSetIndicators(db: Db, setId: string): Promise<IndicatorRow[]> {
  return selectIndicators(db).where('i.set_id', '=', setId).orderBy('i.position').execute();
}

export type IndicatorFilter = { setId?: string; fieldGroupId?: string; periodicity?: Periodicity; needle?: string; includeInactive: boolean; limit: number };

/** Indicators matching a filter; without a set, only sets that are not retired. */
export function searchIndicators(db: Db, f: IndicatorFilter): Promise<IndicatorRow[]> {
  let q = selectIndicators(db);
  q = f.setId ? q.where('i.set_id', '=', f.setId) : q.where('s.status', '<>', 'retired');
  if (f.fieldGroupId) q = q.where('i.field_group_id', '=', f.fieldGroupId);
  if (f.periodicity) q = q.where(sql<boolean>`${f.periodicity} = any(i.periodicity)`);
  if (!f.includeInactive) q = q.where('i.active', '=', true);
  if (f.needle) q = q.where('i.search_text', 'like', `%${f.needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return q.orderBy(sql`lower(s.code)`).orderBy('s.version', 'desc').orderBy('i.position').limit(f.limit).execute();
}

/** Inserts indicators in batches (an imported set may hold thousands). */
export async function insertIndicators(db: Db, rows: Insertable<Indicators>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('indicators').values(rows.slice(i, i + 500)).execute();
}

export async function updateIndicatorRow(db: Db, id: string, set: Updateable<Indicators>): Promise<void> {
  await db.updateTable('indicators').set(set).where('id', '=', id).execute();
}

export async function maxPosition(db: Db, setId: string): Promise<number> {
  const row = await db.selectFrom('indicators').select(sql<number>`coalesce(max(position), 0)::int`.as('n')).where('set_id', '=', setId).executeTakeFirstOrThrow();
  return row.n;
}

export async function maxVersion(db: Db, code: string): Promise<number> {
  const row = await db
    .selectFrom('indicator_sets')
    .select(sql<number>`coalesce(max(version), 0)::int`.as('n'))
    .where(sql`lower(code)`, '=', code.toLowerCase())
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Units of the city by code (any case), for the responsible unit of imported rows. */
export async function unitsByCode(db: Db, codes: string[]): Promise<Map<string, { id: string; code: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('units')
    .select(['id', 'code'])
    .where(sql`lower(code)`, 'in', codes.map((c) => c.toLowerCase()))
    .execute();
  return new Map(rows.map((r) => [r.code.toLowerCase(), r]));
}

export function findUnitRef(db: Db, id: string) {
  return db.selectFrom('units').select(['id', 'code', 'path', 'active']).where('id', '=', id).executeTakeFirst();
}

export function findIndicatorByCode(db: Db, setId: string, code: string): Promise<IndicatorRow | undefined> {
  return selectIndicators(db).where('i.set_id', '=', setId).where(sql`lower(i.code)`, '=', code.toLowerCase()).executeTakeFirst();
}

export async function countActiveChildren(db: Db, id: string): Promise<number> {
  const row = await db.selectFrom('indicators').select(sql<string>`count(*)`.as('n')).where('parent_id', '=', id).where('active', '=', true).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function hasAnySet(db: Db): Promise<boolean> {
  return !!(await db.selectFrom('indicator_sets').select('id').limit(1).executeTakeFirst());
}
