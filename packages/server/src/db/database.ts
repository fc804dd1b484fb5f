import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PARSERS, PGliteDialect } from './pglite-dialect.js';
import type { DB } from './types.js';

export type Db = Kysely<DB>;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; schema?: string }
  | { kind: 'pglite'; dataDir?: string; pglite?: PGlite };

export type Database = { db: Db; engine: 'postgres' | 'pglite'; close(): Promise<void> };

// int8 (COUNT, sequences), date and numeric stay strings on both engines: exact, never a float.
pg.types.setTypeParser(20, (v) => v);
pg.types.setTypeParser(1700, (v) => v);
pg.types.setTypeParser(1082, (v) => v);
const pgliteParsers = PARSERS;

/** Opens the database: PostgreSQL when a URL is configured, otherwise the embedded PGlite. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      // A database that does not answer: fail the request (503) rather than queue it for ever.
      connectionTimeoutMillis: 10_000,
      ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
    });
    // No JIT: it compiles any statement the planner costs above 100,000 — an exploration query over ten
    // million facts — and takes 15–20 ms doing so for statements that then run in 30 (decision 0013).
    pool.on('connect', (client) => {
      // A connection the server ends while it is checked out (a restart between two statements of a
      // transaction) emits 'error' on the client, which the pool listens to only while the client is idle.
      // Unheard, it would end the process; heard, the statement in flight fails and the request answers 503.
      client.on('error', () => undefined);
      void client.query('set jit = off').catch(() => undefined);
    });
    // An idle connection the server drops (a restart, a failover) must not take the process down: the pool
    // replaces it on the next checkout, and requests in flight answer 503 (platform/problem.ts).
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    sources.set(db, { kind: 'postgres', url: target.url, ...(target.schema ? { schema: target.schema } : {}) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  let instance = target.pglite;
  if (!instance) {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    instance = new PGlite({ ...(target.dataDir ? { dataDir: target.dataDir } : {}), parsers: pgliteParsers });
  }
  await instance.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(instance) });
  sources.set(db, { kind: 'pglite', pglite: instance });
  return { db, engine: 'pglite', close: () => db.destroy() };
}

export { pgliteParsers };

export type DatabaseSource = { kind: 'postgres'; url: string; schema?: string } | { kind: 'pglite'; pglite: PGlite };
const sources = new WeakMap<Db, DatabaseSource>();

/** What a database was opened from: backups (modules/backups) dump the server or the PGlite instance behind `db`. */
export function databaseSource(db: Db): DatabaseSource | undefined {
  return sources.get(db);
}
