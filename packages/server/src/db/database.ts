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
      ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
    });
    // No JIT: it compiles any statement the planner costs above 100,000 — an exploration query over ten
    // million facts — and takes 15–20 ms doing so for statements that then run in 30 (decision 0013).
    pool.on('connect', (client) => void client.query('set jit = off').catch(() => undefined));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  let instance = target.pglite;
  if (!instance) {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    instance = new PGlite({ ...(target.dataDir ? { dataDir: target.dataDir } : {}), parsers: pgliteParsers });
  }
  await instance.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(instance) });
  return { db, engine: 'pglite', close: () => db.destroy() };
}

export { pgliteParsers };
