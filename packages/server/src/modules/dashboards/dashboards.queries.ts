import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export type ViewRow = {
  id: string;
  unit_id: string;
  owner_id: string;
  owner_name: string;
  name: string;
  kind: string;
  query: unknown;
  page_query: string;
  shared_with_unit: boolean;
  created_at: Date;
  updated_at: Date;
};

function viewQuery(db: Db) {
  return db
    .selectFrom('saved_views as v')
    .innerJoin('users as o', 'o.id', 'v.owner_id')
    .select(['v.id', 'v.unit_id', 'v.owner_id', 'o.full_name as owner_name', 'v.name', 'v.kind', 'v.query', 'v.page_query', 'v.shared_with_unit', 'v.created_at', 'v.updated_at']);
}

const parse = (r: ViewRow): ViewRow => ({ ...r, query: typeof r.query === 'string' ? JSON.parse(r.query) : r.query });

/** The person's own views and the views shared within their unit, newest first; optionally one kind. */
export async function listVisibleViews(db: Db, who: { userId: string; unitId: string }, kind?: string): Promise<ViewRow[]> {
  let q = viewQuery(db).where((eb) => eb.or([eb('v.owner_id', '=', who.userId), eb.and([eb('v.unit_id', '=', who.unitId), eb('v.shared_with_unit', '=', true)])]));
  if (kind) q = q.where('v.kind', '=', kind);
  return (await q.orderBy('v.updated_at', 'desc').orderBy('v.id').execute()).map(parse);
}

export async function findView(db: Db, id: string): Promise<ViewRow | undefined> {
  const row = await viewQuery(db).where('v.id', '=', id).executeTakeFirst();
  return row && parse(row);
}

export async function countOwnViews(db: Db, ownerId: string): Promise<number> {
  const r = await db.selectFrom('saved_views').select((eb) => eb.fn.countAll().as('n')).where('owner_id', '=', ownerId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function ownNameTaken(db: Db, ownerId: string, name: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('saved_views').select('id').where('owner_id', '=', ownerId).where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export type NewView = { id: string; unitId: string; ownerId: string; name: string; kind: string; query: unknown; pageQuery: string; sharedWithUnit: boolean; now: Date };

export async function insertView(db: Db, v: NewView): Promise<void> {
  await db
    .insertInto('saved_views')
    .values({ id: v.id, unit_id: v.unitId, owner_id: v.ownerId, name: v.name, kind: v.kind, query: JSON.stringify(v.query), page_query: v.pageQuery, shared_with_unit: v.sharedWithUnit, created_at: v.now, updated_at: v.now })
    .execute();
}

/** Changes the owner's own view; no row back means it is not (or no longer) theirs. */
export async function updateOwnView(db: Db, id: string, ownerId: string, set: { name?: string; kind?: string; sharedWithUnit?: boolean }, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('saved_views')
    .set({ ...(set.name !== undefined ? { name: set.name } : {}), ...(set.kind !== undefined ? { kind: set.kind } : {}), ...(set.sharedWithUnit !== undefined ? { shared_with_unit: set.sharedWithUnit } : {}), updated_at: now })
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteOwnView(db: Db, id: string, ownerId: string): Promise<boolean> {
  const r = await db.deleteFrom('saved_views').where('id', '=', id).where('owner_id', '=', ownerId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export type StatusRow = { side: 'to_send' | 'requested'; bucket: string; n: number };

/**
 * Counts of the regimes' own assignments (not delegations, not withdrawn) due in [from, to], plus the
 * ones still overdue whatever their due date: those the unit subtree must send, and those the unit asked for.
 */
export async function statusCounts(db: Db, f: { unitId: string; unitPath: string; from: string; to: string; today: string }): Promise<StatusRow[]> {
  const { rows } = await sql<{ side: 'to_send' | 'requested'; bucket: string; n: string | number }>`
    with current as (
      select a.status, a.due_on, u.path as unit_path, r.requesting_unit_id,
        case
          when a.status = 'accepted' then 'accepted'
          when a.status = 'sent' then 'sent'
          when a.due_on < ${f.today} then 'late'
          when a.status in ('awaiting_signature', 'signed') then 'awaiting_signature'
          else 'to_do'
        end as bucket
      from assignments a
      join units u on u.id = a.unit_id
      join regimes r on r.id = a.regime_id
      where a.parent_id is null and a.status <> 'withdrawn'
        and (a.due_on between ${f.from} and ${f.to} or (a.due_on < ${f.today} and a.status not in ('sent', 'accepted')))
    )
    select 'to_send' as side, bucket, count(*) as n from current where unit_path like ${`${f.unitPath}%`} group by bucket
    union all
    select 'requested' as side, bucket, count(*) as n from current where requesting_unit_id = ${f.unitId} group by bucket`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
