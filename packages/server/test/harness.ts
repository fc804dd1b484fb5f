/**
 * Test harness: every test file gets its own migrated database (a new in-memory PGlite, or a fresh
 * schema on the PostgreSQL server named by TEST_DATABASE_URL), the
 * real app on it, and a fake clock. Nothing is mocked: requests go through app.inject.
 */
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { openDatabase, pgliteParsers, type Database, type Db } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { fakeClock } from '../src/platform/clock.js';
import { loadConfig, type Config } from '../src/platform/config.js';
import { setPasswordHashMemory } from '../src/platform/passwords.js';

// argon2id stays the algorithm; a small memory cost keeps the suite fast.
setPasswordHashMemory(1024);

/**
 * A new migrated PGlite instance. Each test file runs in a module graph of its own (vitest isolates
 * files), so a template kept for cloning served one file only: cloning it (a dump and a load, ~1.9 s)
 * cost more than migrating a new instance (~0.3 s after the instance's own start).
 */
async function migratedPGlite(): Promise<PGlite> {
  const pglite = new PGlite({ parsers: pgliteParsers });
  const { db } = await openDatabase({ kind: 'pglite', pglite });
  await migrate(db);
  return pglite;
}

export type TestDb = { db: Db; engine: Database['engine']; close(): Promise<void> };

/** A fresh migrated database for one test file. */
export async function openTestDatabase(): Promise<TestDb> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const pglite = await migratedPGlite();
    return openDatabase({ kind: 'pglite', pglite });
  }
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = await openDatabase({ kind: 'postgres', url, schema });
  await migrate(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

export type TestApp = { app: App; db: Db; engine: Database['engine']; clock: ReturnType<typeof fakeClock>; config: Config };

/** Registers hooks that build the real app on a fresh database for this file; read the fields inside tests. */
export function useTestApp(overrides: Partial<Config> = {}): TestApp {
  const ctx = {} as TestApp;
  let database: TestDb;
  beforeAll(async () => {
    database = await openTestDatabase();
    const clock = fakeClock();
    // The in-memory API limit would trip files that send hundreds of requests at one fake minute; security.test.ts turns it on.
    const config: Config = { ...loadConfig({}), webDist: null, mode: 'demo', strictAudit: true, rateLimitApiPerMinute: 0, ...overrides };
    const app = await buildApp({ db: database.db, clock, config });
    await app.ready();
    Object.assign(ctx, { app, db: database.db, engine: database.engine, clock, config });
  });
  afterAll(async () => {
    await ctx.app?.close();
    await database?.close();
  });
  return ctx;
}
