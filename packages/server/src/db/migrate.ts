import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './database.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Any constant: all servers starting at once take turns migrating. */
const MIGRATION_LOCK = 74200001;
/** Any other constant: all servers starting at once take turns seeding what is missing. */
export const SEED_LOCK = 74200002;

/**
 * Runs `fn` on one connection holding a session-level advisory lock, so that app servers starting at the
 * same moment on one database take turns (the embedded database has one connection: the lock is then free).
 * `fn` must use the connection it is given, not the pool: on a one-connection pool it would wait for ever.
 */
export async function withAdvisoryLock<T>(db: Db, key: number, fn: (conn: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${key})`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(conn);
    }
  });
}

export type Migration = { version: string; name: string; sql: string; checksum: string };

/** The versioned SQL files, in order: `0001_foundation.sql` has version `0001`. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

/** Applies every migration not yet applied, each in its own transaction; refuses edited ones. */
export async function migrate(db: Db, migrations = listMigrations()): Promise<string[]> {
  return withAdvisoryLock(db, MIGRATION_LOCK, async (conn) => {
    await sql`create table if not exists schema_migrations (
      version text primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`.execute(conn);
    const applied = await conn.selectFrom('schema_migrations').select(['version', 'checksum']).execute();
    const done = new Map(applied.map((m) => [m.version, m.checksum]));
    const ran: string[] = [];
    for (const m of migrations) {
      const checksum = done.get(m.version);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) throw new Error(`Migration ${m.version}_${m.name} was changed after it was applied`);
        continue;
      }
      await conn.transaction().execute(async (tx) => {
        await sql.raw(m.sql).execute(tx);
        await tx.insertInto('schema_migrations').values({ version: m.version, name: m.name, checksum: m.checksum }).execute();
      });
      ran.push(`${m.version}_${m.name}`);
    }
    return ran;
  });
}

/** True when every migration file has been applied (for /ready). */
export async function migrationsCurrent(db: Db): Promise<boolean> {
  const applied = await db.selectFrom('schema_migrations').select('version').execute();
  const have = new Set(applied.map((a) => a.version));
  return listMigrations().every((m) => have.has(m.version));
}
