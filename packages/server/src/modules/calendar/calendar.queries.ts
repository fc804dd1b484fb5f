import type { Db } from '../../db/database.js';

export type OverrideRow = { date: string; kind: string; note: string; created_at: Date; created_by_name: string | null };

/** Every operator entry, or those of one year. */
export function listOverrides(db: Db, year?: number): Promise<OverrideRow[]> {
  let q = db
    .selectFrom('calendar_overrides as c')
    .leftJoin('users as u', 'u.id', 'c.created_by')
    .select(['c.date', 'c.kind', 'c.note', 'c.created_at', 'u.full_name as created_by_name'])
    .orderBy('c.date');
  if (year !== undefined) q = q.where('c.date', '>=', `${year}-01-01`).where('c.date', '<=', `${year}-12-31`);
  return q.execute();
}

export async function upsertOverride(db: Db, o: { date: string; kind: string; note: string; createdBy: string; now: Date }): Promise<void> {
  await db
    .insertInto('calendar_overrides')
    .values({ date: o.date, kind: o.kind, note: o.note, created_by: o.createdBy, created_at: o.now })
    .onConflict((c) => c.column('date').doUpdateSet({ kind: o.kind, note: o.note, created_by: o.createdBy, created_at: o.now }))
    .execute();
}

export async function deleteOverride(db: Db, date: string): Promise<OverrideRow | undefined> {
  const found = (await listOverrides(db)).find((r) => r.date === date);
  if (found) await db.deleteFrom('calendar_overrides').where('date', '=', date).execute();
  return found;
}
