import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/harness.js';
import { listMigrations, migrate, migrationsCurrent } from './migrate.js';

describe('database', () => {
  it('keeps every committed row when transactions overlap, and rolls back only the failed one', async () => {
    const { db, close } = await openTestDatabase();
    try {
      await sql`create table t_overlap (n integer primary key)`.execute(db);
      const work = Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await tx.insertInto('t_overlap' as never).values({ n: i } as never).execute();
          await new Promise((r) => setTimeout(r, (i * 7) % 5));
          if (i === 13) throw new Error('boom');
          await sql`select count(*) from t_overlap`.execute(tx);
        }),
      );
      const results = await Promise.allSettled(work);
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
      const { rows } = await sql<{ n: number }>`select n from t_overlap order by n`.execute(db);
      expect(rows.map((r) => r.n)).toEqual([...Array(20).keys()].filter((i) => i !== 13));
    } finally {
      await close();
    }
  });

  it('returns COUNT and other int8 values as strings on either engine', async () => {
    const { db, close } = await openTestDatabase();
    try {
      const { rows } = await sql<{ n: unknown; big: unknown; dec: unknown }>`select count(*) as n, 9007199254740993::int8 as big, 0.1::numeric + 0.2::numeric as dec`.execute(db);
      expect(rows[0]).toEqual({ n: '1', big: '9007199254740993', dec: '0.3' });
    } finally {
      await close();
    }
  });

  it('prepares parameterised statements by name on PostgreSQL; long parameter lists and several statements at once stay unnamed', async () => {
    const { db, engine, close } = await openTestDatabase();
    try {
      await db.connection().execute(async (conn) => {
        for (let i = 0; i < 7; i++) expect((await sql<{ n: number }>`select ${i}::int + 1 as n`.execute(conn)).rows[0]!.n).toBe(i + 1);
        const many = Array.from({ length: 40 }, (_, i) => sql`${i}::int`);
        expect((await sql<{ n: number }>`select greatest(${sql.join(many)}) as n`.execute(conn)).rows[0]!.n).toBe(39);
        await sql.raw('select 1; select 2').execute(conn);
        const { rows } = await sql<{ statement: string; generic_plans: string }>`select statement, generic_plans::text from pg_prepared_statements`.execute(conn);
        if (engine !== 'postgres') return; // the embedded PGlite runs in process: nothing to save on a round trip
        expect(rows.find((r) => r.statement === 'select $1::int + 1 as n')?.generic_plans).toBe('2'); // planned five times, then reused
        expect(rows.some((r) => r.statement.includes('$40'))).toBe(false);
      });
    } finally {
      await close();
    }
  });

  it('migrates forward once, records each version and refuses an edited migration', async () => {
    const { db, close } = await openTestDatabase();
    try {
      expect(await migrate(db)).toEqual([]);
      expect(await migrationsCurrent(db)).toBe(true);
      const edited = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'x' } : m));
      await expect(migrate(db, edited)).rejects.toThrow(/was changed after it was applied/);
      const extra = [...listMigrations(), { version: '9999', name: 'probe', sql: 'create table t_probe (id int); create table t_probe2 (id int);', checksum: 'p' }];
      expect(await migrate(db, extra)).toEqual(['9999_probe']);
      expect(await migrationsCurrent(db)).toBe(true);
    } finally {
      await close();
    }
  });
});
