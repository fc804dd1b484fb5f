import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export type UnitRow = {
  id: string;
  code: string;
  name: string;
  kind: string;
  parent_id: string | null;
  path: string;
  depth: number;
  active: boolean;
  version: number;
  updated_at: Date;
};

const COLUMNS = ['id', 'code', 'name', 'kind', 'parent_id', 'path', 'depth', 'active', 'version', 'updated_at'] as const;

export function findUnit(db: Db, id: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function findUnitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  return db
    .selectFrom('units')
    .select(COLUMNS)
    .where(sql`lower(code)`, '=', code.toLowerCase())
    .executeTakeFirst();
}

/** Every unit whose path starts with `prefix` ('/' for all), active ones only unless asked. */
export function listUnitsUnder(db: Db, prefix: string, includeInactive: boolean): Promise<UnitRow[]> {
  let q = db.selectFrom('units').select(COLUMNS).where('path', 'like', `${prefix}%`);
  if (!includeInactive) q = q.where('active', '=', true);
  return q.execute();
}

export type TreeRow = Pick<UnitRow, 'id' | 'code' | 'name' | 'kind' | 'parent_id' | 'active'>;

/** Just what the tree shows, for the most-read route. */
export function listTreeRowsUnder(db: Db, prefix: string, includeInactive: boolean): Promise<TreeRow[]> {
  let q = db.selectFrom('units').select(['id', 'code', 'name', 'kind', 'parent_id', 'active']).where('path', 'like', `${prefix}%`);
  if (!includeInactive) q = q.where('active', '=', true);
  return q.execute();
}

/** The unit revision, bumped by a trigger on every change to units. */
/** The name of the system's root unit (the city, or the Government): the first unit made without a parent. */
export async function systemRootName(db: Db): Promise<string | null> {
  const row = await db.selectFrom('units').select('name').where('parent_id', 'is', null).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  return row?.name ?? null;
}

export async function unitRevision(db: Db): Promise<string> {
  const row = await db.selectFrom('unit_revision').select('rev').executeTakeFirstOrThrow();
  return row.rev;
}

export async function countChildren(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('units')
    .select(['parent_id', sql<string>`count(*)`.as('n')])
    .where('parent_id', 'in', ids)
    .groupBy('parent_id')
    .execute();
  return new Map(rows.map((r) => [r.parent_id!, Number(r.n)]));
}

export async function namesOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertUnit(
  db: Db,
  u: { id: string; code: string; name: string; kind: string; parentId: string | null; path: string; depth: number; source?: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto('units')
    .values({
      id: u.id,
      code: u.code,
      name: u.name,
      kind: u.kind,
      parent_id: u.parentId,
      path: u.path,
      depth: u.depth,
      source: u.source ?? null,
      created_at: u.now,
      updated_at: u.now,
    })
    .execute();
}

/** Changes a unit only if nobody changed it since `version` was read; returns the new row or undefined. */
export function updateUnitRow(
  db: Db,
  id: string,
  version: number,
  set: Partial<{ name: string; kind: string; active: boolean; parent_id: string | null; path: string; depth: number }>,
  now: Date,
): Promise<UnitRow | undefined> {
  return db
    .updateTable('units')
    .set({ ...set, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(COLUMNS)
    .executeTakeFirst();
}

/** Re-roots the descendants of a moved unit: their paths swap the old prefix for the new one. */
export async function rewriteDescendantPaths(db: Db, oldPath: string, newPath: string, depthDelta: number): Promise<void> {
  await db
    .updateTable('units')
    .set({
      path: sql`${newPath} || substr(path, ${oldPath.length + 1})`,
      depth: sql`depth + ${depthDelta}`,
    })
    .where('path', 'like', `${oldPath}_%`)
    .execute();
}

export async function insertUnitHistory(db: Db, unit: UnitRow, change: string, changedBy: string | null, at: Date): Promise<void> {
  await db
    .insertInto('unit_history')
    .values({
      unit_id: unit.id,
      version: unit.version,
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      parent_id: unit.parent_id,
      active: unit.active,
      change,
      changed_at: at,
      changed_by: changedBy,
    })
    .execute();
}

export function listUnitHistory(db: Db, unitId: string) {
  return db
    .selectFrom('unit_history as h')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .leftJoin('units as p', 'p.id', 'h.parent_id')
    .select(['h.version', 'h.code', 'h.name', 'h.kind', 'h.parent_id', 'p.name as parent_name', 'h.active', 'h.change', 'h.changed_at', 'u.full_name as changed_by_name'])
    .where('h.unit_id', '=', unitId)
    .orderBy('h.version', 'desc')
    .execute();
}

export async function countActiveUsers(db: Db, unitId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select(sql<string>`count(*)`.as('n'))
    .where('unit_id', '=', unitId)
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countActiveChildren(db: Db, unitId: string): Promise<number> {
  const row = await db
    .selectFrom('units')
    .select(sql<string>`count(*)`.as('n'))
    .where('parent_id', '=', unitId)
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
