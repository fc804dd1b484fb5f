import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export type BackupRow = {
  id: string; trigger: string; schedule_day: string | null; engine: string; status: string; started_at: Date; finished_at: Date | null;
  file_name: string | null; size_bytes: string | number | null; sha256: string | null; encrypted: boolean; error: string | null; started_by: string | null;
};

export function listBackups(db: Db, limit = 100): Promise<BackupRow[]> {
  return db.selectFrom('backups').selectAll().orderBy('started_at', 'desc').limit(limit).execute() as Promise<BackupRow[]>;
}

export function findBackup(db: Db, id: string): Promise<BackupRow | undefined> {
  return db.selectFrom('backups').selectAll().where('id', '=', id).executeTakeFirst() as Promise<BackupRow | undefined>;
}

export type NewBackup = { id: string; trigger: 'schedule' | 'admin' | 'cli'; scheduleDay: string | null; engine: string; encrypted: boolean; startedBy: string | null; now: Date };

/**
 * Starts a run, or returns false: another run is in progress (`backups_one_running`) or, for a
 * scheduled run, the day's row exists already (another server took it).
 */
export async function insertRunning(db: Db, b: NewBackup): Promise<boolean> {
  const res = await db
    .insertInto('backups')
    .values({ id: b.id, trigger: b.trigger, schedule_day: b.scheduleDay, engine: b.engine, status: 'running', started_at: b.now, encrypted: b.encrypted, started_by: b.startedBy })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function hasScheduleDay(db: Db, day: string): Promise<boolean> {
  return !!(await db.selectFrom('backups').select('id').where('schedule_day', '=', day).executeTakeFirst());
}

export async function finishBackup(db: Db, id: string, v: { status: 'succeeded' | 'failed'; now: Date; fileName?: string; sizeBytes?: number; sha256?: string; error?: string }): Promise<void> {
  await db
    .updateTable('backups')
    .set({ status: v.status, finished_at: v.now, file_name: v.fileName ?? null, size_bytes: v.sizeBytes ?? null, sha256: v.sha256 ?? null, error: v.error ?? null })
    .where('id', '=', id).where('status', '=', 'running')
    .execute();
}

/** A run left `running` by a process that died: failed, so the next one may start. */
export async function failStale(db: Db, olderThan: Date, now: Date): Promise<void> {
  await db
    .updateTable('backups')
    .set({ status: 'failed', finished_at: now, error: 'Bị gián đoạn (tiến trình sao lưu đã dừng)' })
    .where('status', '=', 'running').where('started_at', '<', olderThan)
    .execute();
}

/**
 * After a restore: the run that took the dump was still `running` inside it. Closed as failed with a
 * note (the restored file itself is the proof it succeeded), so that the next backup may start.
 */
export async function closeRunningAfterRestore(db: Db, now: Date): Promise<number> {
  if (!(await tableExists(db, 'backups'))) return 0;
  const res = await db
    .updateTable('backups')
    .set({ status: 'failed', finished_at: now, error: 'Đang chạy khi bản sao lưu được chụp (cơ sở dữ liệu này được khôi phục từ bản đó)' })
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function tableExists(db: Db, name: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`select to_regclass(${name}) is not null as ok`.execute(db);
  return !!rows[0]?.ok;
}

/** Ordinary tables in the given schemas, or in every schema but the system ones. */
export async function userTables(db: Db, schema?: string): Promise<{ schema: string; name: string }[]> {
  const { rows } = await sql<{ schema: string; name: string }>`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg_toast%'
      and (${schema ?? null}::text is null or table_schema = ${schema ?? null})
    order by 1, 2`.execute(db);
  return rows;
}

export type TableSummary = { table: string; rows: number; checksum: string };

/**
 * Row count and an MD5 over every row's text, rows ordered by that text (deterministic whatever the
 * physical order), for each table of `schema` (default: the current one). A restore is faithful
 * when the two lists are equal.
 */
export async function summarizeTables(db: Db, schema?: string): Promise<TableSummary[]> {
  const target = schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
  const out: TableSummary[] = [];
  for (const t of await userTables(db, target)) {
    const { rows } = await sql<{ n: string; md5: string }>`
      select count(*)::text as n, md5(coalesce(string_agg(r.x, E'\\n' order by r.x), '')) as md5
      from (select t::text as x from ${sql.table(`${t.schema}.${t.name}`)} t) r`.execute(db);
    out.push({ table: t.name, rows: Number(rows[0]!.n), checksum: rows[0]!.md5 });
  }
  return out;
}
