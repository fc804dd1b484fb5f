import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { MultiHostPool, needsMultiHostPool } from './multi-host.js';
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
    const schema = target.schema;
    // Several hosts or target_session_attrs (a pg_auto_failover formation): one pool per host, the writable
    // one found and followed across failovers (multi-host.ts, docs/high-availability.md).
    if (needsMultiHostPool(target.url)) {
      const pool = new MultiHostPool(target.url, (url) => newPool(url, schema));
      const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
      // Backups connect to and pg_dump the host in use at the time, through its single-host URL.
      sources.set(db, { kind: 'postgres', get url() { return pool.currentUrl; }, ...(schema ? { schema } : {}) });
      return { db, engine: 'postgres', close: () => db.destroy() };
    }
    const pool = newPool(target.url, schema);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    sources.set(db, { kind: 'postgres', url: target.url, ...(schema ? { schema } : {}) });
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

/** Statements with at most this many parameters are prepared by name on each connection. */
const PREPARED_MAX_PARAMETERS = 32;
/** …and at most this many per connection (PostgreSQL keeps each one's plan in the backend's memory). */
const PREPARED_PER_CONNECTION = 1000;
/** The names given in this process, one per statement text (shared by every connection and pool). */
const statementNames = new Map<string, string>();
const STATEMENT_NAMES_MAX = 5 * PREPARED_PER_CONNECTION;

/**
 * Prepares the app's statements by name on each connection instead of sending each as an unnamed one,
 * which PostgreSQL parses and plans every time. Most of the app's statements are few and fixed, and some
 * join nine tables: the assignment lookup behind every save takes 1.6 ms to plan and 0.3 ms to run
 * (EXPLAIN on PostgreSQL 15 here). A named statement is parsed once per connection and, after five runs,
 * runs a cached generic plan when PostgreSQL finds it as good (plan_cache_mode). Unnamed stay: statements
 * without parameters (transaction control, a migration's several statements), those with long parameter
 * lists (`in (…)` of many ids, multi-row inserts, whose text changes with their length), and everything
 * past the limits.
 */
function prepareStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const prepared = new Set<string>();
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    // Without parameters a statement may be several (a migration's file): those cannot be prepared.
    if (typeof config !== 'string' || !Array.isArray(values) || values.length === 0 || values.length > PREPARED_MAX_PARAMETERS || typeof callback === 'function') return query(config, values, callback);
    let name = statementNames.get(config);
    if (name === undefined) {
      if (statementNames.size >= STATEMENT_NAMES_MAX) return query(config, values);
      name = `baocao_${statementNames.size.toString(36)}`;
      statementNames.set(config, name);
    }
    if (!prepared.has(name)) {
      if (prepared.size >= PREPARED_PER_CONNECTION) return query(config, values);
      prepared.add(name);
    }
    return query({ name, text: config, values });
  };
}

/** The app's pg Pool on one server. */
function newPool(url: string, schema: string | undefined): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A database that does not answer: fail the request (503) rather than queue it for ever.
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // No JIT: it compiles any statement the planner costs above 100,000 — an exploration query over ten
  // million facts — and takes 15–20 ms doing so for statements that then run in 30 (decision 0013).
  pool.on('connect', (client) => {
    // A connection the server ends while it is checked out (a restart between two statements of a
    // transaction) emits 'error' on the client, which the pool listens to only while the client is idle.
    // Unheard, it would end the process; heard, the statement in flight fails and the request answers 503.
    client.on('error', () => undefined);
    void client.query('set jit = off').catch(() => undefined);
    prepareStatements(client);
  });
  // An idle connection the server drops (a restart, a failover) must not take the process down: the pool
  // replaces it on the next checkout, and requests in flight answer 503 (platform/problem.ts).
  pool.on('error', () => undefined);
  return pool;
}
