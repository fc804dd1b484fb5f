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
