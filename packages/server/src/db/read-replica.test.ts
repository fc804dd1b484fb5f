import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../test/process.js';
import { hasPostgresBinaries, replicaCluster, type ReplicaCluster } from '../../test/replica-cluster.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase, type Database } from './database.js';
import { openReadReplica, replicaLag, type ReadReplica } from './read-replica.js';

describe('DATABASE_READ_URL configuration', () => {
  it('is off by default, and refused at start-up without DATABASE_URL (the embedded database has no replica)', () => {
    expect(loadConfig({}).databaseReadUrl).toBeNull();
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://replica.example/baocao' })).toThrow(/DATABASE_READ_URL \(read replica\) needs DATABASE_URL/);
    expect(loadConfig({ DATABASE_URL: 'postgres://primary.example/baocao', DATABASE_READ_URL: ' postgres://replica.example/baocao ' }).databaseReadUrl).toBe('postgres://replica.example/baocao');
  });
});

/** A primary and a streaming standby of this file's own (test/replica-cluster.ts). */
describe.skipIf(!hasPostgresBinaries)('read replica (DATABASE_READ_URL)', () => {
  let cluster: ReplicaCluster;
  let primary: Database;
  let replica: ReadReplica;
  let standbyAdmin: pg.Client;

  const rowsOnReplica = async () => (await sql<{ n: string }>`select count(*) as n from replica_probe`.execute(replica.db)).rows[0]!.n;
  const positions = async () =>
    (await standbyAdmin.query<{ received: string; replayed: string; same: boolean }>('select pg_last_wal_receive_lsn()::text as received, pg_last_wal_replay_lsn()::text as replayed, pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as same')).rows[0]!;

  beforeAll(async () => {
    cluster = await replicaCluster();
    primary = await openDatabase({ kind: 'postgres', url: cluster.primaryUrl });
    replica = openReadReplica(cluster.standbyUrl);
    standbyAdmin = new pg.Client({ connectionString: cluster.standbyUrl });
    await standbyAdmin.connect();
    await sql`create table replica_probe (id int primary key)`.execute(primary.db);
    await sql`insert into replica_probe values (1)`.execute(primary.db);
    await until('the table to reach the standby', async () => (await rowsOnReplica().catch(() => '0')) === '1', 20_000);
  });
  afterAll(async () => {
    await standbyAdmin?.end().catch(() => undefined);
    await replica?.close();
    await primary?.close();
    cluster?.stop();
  });

  it('reads with the same session settings as the main pool: exact int8, no JIT, read-only', async () => {
    const { rows } = await sql<{ big: unknown; jit: string; ro: string }>`select 9007199254740993::int8 as big, current_setting('jit') as jit, current_setting('default_transaction_read_only') as ro`.execute(replica.db);
    expect(rows[0]).toEqual({ big: '9007199254740993', jit: 'off', ro: 'on' });
  });

  it('reports a caught-up standby as 0 s behind, even when the primary has been idle for a while', async () => {
    await until('replay to catch up', async () => (await positions()).same);
    // No write on the primary for 1.5 s: the last replayed transaction ages, the lag must not.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await replicaLag(replica.db)).toEqual({ standby: true, lagSeconds: 0 });
  });

  it('with replay paused, answers stale figures and a lag that grows until replay resumes', async () => {
    await standbyAdmin.query('select pg_wal_replay_pause()');
    try {
      await sql`insert into replica_probe values (2)`.execute(primary.db);
      await until('the new WAL to reach the paused standby', async () => !(await positions()).same, 20_000);
      const first = await replicaLag(replica.db);
      expect(first.standby).toBe(true);
      expect(first.lagSeconds).toBeGreaterThan(0);
      expect(await rowsOnReplica()).toBe('1');
      await new Promise((r) => setTimeout(r, 1_000));
      const later = await replicaLag(replica.db);
      expect(later.lagSeconds).toBeGreaterThanOrEqual(first.lagSeconds + 0.9);
    } finally {
      await standbyAdmin.query('select pg_wal_replay_resume()');
    }
    await until('the row to be replayed', async () => (await rowsOnReplica()) === '2', 20_000);
    await until('the lag to return to 0', async () => (await replicaLag(replica.db)).lagSeconds === 0, 20_000);
  });

  it('never writes: a write through the read pool is refused with 25006, on the standby and on a primary', async () => {
    const onStandby = await sql`insert into replica_probe values (3)`.execute(replica.db).catch((e: unknown) => e);
    expect((onStandby as { code?: string }).code).toBe('25006');
    // Pointed at the primary by mistake, the session itself is read-only.
    const misconfigured = openReadReplica(cluster.primaryUrl);
    try {
      const onPrimary = await sql`insert into replica_probe values (3)`.execute(misconfigured.db).catch((e: unknown) => e);
      expect((onPrimary as { code?: string; message?: string }).code).toBe('25006');
      const inTransaction = await misconfigured.db.transaction().execute((tx) => sql`delete from replica_probe`.execute(tx)).catch((e: unknown) => e);
      expect((inTransaction as { code?: string }).code).toBe('25006');
      // Not a standby: lag 0, and it says so.
      expect(await replicaLag(misconfigured.db)).toEqual({ standby: false, lagSeconds: 0 });
    } finally {
      await misconfigured.close();
    }
    expect((await sql<{ n: string }>`select count(*) as n from replica_probe`.execute(primary.db)).rows[0]!.n).toBe('2');
  });
});
