import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgresServer, primaryAndStandby, type PrimaryAndStandby } from '../../test/pg-clusters.js';
import { isDatabaseUnavailable } from '../platform/problem.js';
import { databaseSource, openDatabase, type Database } from './database.js';
import { isHostFailure, needsMultiHostPool, parseMultiHostUrl } from './multi-host.js';

describe('a multi-host URL', () => {
  it('splits into one URL per host, target_session_attrs read and removed, every other parameter kept as written', () => {
    const parsed = parseMultiHostUrl('postgres://app:p%40ss@db1.example:5432,db2.example:5433/baocao?sslmode=disable&target_session_attrs=read-write&options=-c%20statement_timeout%3D5000');
    expect(parsed.targetSessionAttrs).toBe('read-write');
    expect(parsed.hosts).toEqual([{ host: 'db1.example', port: 5432 }, { host: 'db2.example', port: 5433 }]);
    expect(parsed.hostUrls).toEqual([
      'postgres://app:p%40ss@db1.example:5432/baocao?sslmode=disable&options=-c%20statement_timeout%3D5000',
      'postgres://app:p%40ss@db2.example:5433/baocao?sslmode=disable&options=-c%20statement_timeout%3D5000',
    ]);
  });

  it('takes default ports, IPv6 addresses, no user, postgresql:// and the primary and any attributes (default any)', () => {
    const parsed = parseMultiHostUrl('postgresql://[::1]:6000,10.0.0.2/db?target_session_attrs=primary');
    expect(parsed.hosts).toEqual([{ host: '::1', port: 6000 }, { host: '10.0.0.2', port: 5432 }]);
    expect(parsed.targetSessionAttrs).toBe('primary');
    expect(parsed.hostUrls).toEqual(['postgresql://[::1]:6000/db', 'postgresql://10.0.0.2:5432/db']);
    expect(parseMultiHostUrl('postgres://u@a,b/db').targetSessionAttrs).toBe('any');
    expect(parseMultiHostUrl('postgres://u@a,b/db?target_session_attrs=any').targetSessionAttrs).toBe('any');
  });

  it('refuses what it cannot honour: standby attributes, malformed hosts and ports', () => {
    expect(() => parseMultiHostUrl('postgres://a,b/db?target_session_attrs=standby')).toThrow(/not supported/);
    expect(() => parseMultiHostUrl('postgres://a,,b/db')).toThrow(/cannot read the host/);
    expect(() => parseMultiHostUrl('postgres://a:99999,b/db')).toThrow(/bad port/);
    expect(() => parseMultiHostUrl('mysql://a,b/db')).toThrow(/expected postgres/);
  });

  it('is used only for several hosts or a target_session_attrs: a single-host URL keeps the plain pool', () => {
    expect(needsMultiHostPool('postgres://u:p@h1:5432,h2:5432/db')).toBe(true);
    expect(needsMultiHostPool('postgres://u@h1/db?sslmode=disable&target_session_attrs=read-write')).toBe(true);
    expect(needsMultiHostPool('postgres://u:p@h1:5432/db?sslmode=disable')).toBe(false);
    expect(needsMultiHostPool('postgres://u:a,b@h1:5432/db')).toBe(false); // a comma in the password
    expect(needsMultiHostPool('postgres:///db?host=/var/run/postgresql')).toBe(false);
  });

  it('counts lost connections, shutdowns and read-only refusals as host failures, not statement errors', () => {
    for (const code of ['08006', '57P01', '57P03', '25006', 'ECONNREFUSED']) expect(isHostFailure({ code })).toBe(true);
    expect(isHostFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    for (const code of ['23505', '40001', '42P01']) expect(isHostFailure({ code })).toBe(false);
  });
});

describe.skipIf(!hasPostgresServer)('the multi-host pool on a primary and a streaming standby', () => {
  let cluster: PrimaryAndStandby;
  const opened: Database[] = [];
  const hosts = (...ports: number[]) => ports.map((p) => `127.0.0.1:${p}`).join(',');
  const open = async (url: string) => {
    const database = await openDatabase({ kind: 'postgres', url });
    opened.push(database);
    return database;
  };
  const serverPort = async (database: Database) => Number((await sql<{ port: number }>`select inet_server_port() as port`.execute(database.db)).rows[0]!.port);
  const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as { code?: string; message?: string });

  beforeAll(async () => {
    cluster = await primaryAndStandby();
  }, 60_000);
  afterAll(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    cluster?.stop();
  });

  it('picks the primary whichever order the hosts are listed in, for read-write and for primary', async () => {
    const { primary, standby } = cluster;
    for (const [attrs, order] of [['read-write', [standby.port, primary.port]], ['read-write', [primary.port, standby.port]], ['primary', [standby.port, primary.port]]] as const) {
      const database = await open(`postgres://postgres@${hosts(...order)}/postgres?sslmode=disable&target_session_attrs=${attrs}`);
      // Several checkouts at once (the discovery is shared), every one on the primary.
      const ports = await Promise.all(Array.from({ length: 8 }, () => serverPort(database)));
      expect(new Set(ports)).toEqual(new Set([primary.port]));
      // Backups dump the host in use, through a single-host URL pg and pg_dump both read.
      expect(databaseSource(database.db)).toMatchObject({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:${primary.port}/postgres?sslmode=disable` });
    }
    // Without target_session_attrs, libpq takes the first host that answers: the standby here.
    const any = await open(`postgres://postgres@${hosts(standby.port, primary.port)}/postgres`);
    expect(await serverPort(any)).toBe(standby.port);
  });

  it('a host turned read-only under a checked-out connection: 25006 (503), the connection destroyed, the host looked for again', async () => {
    const database = await open(`postgres://postgres@${hosts(cluster.primary.port, cluster.standby.port)}/postgres?target_session_attrs=read-write`);
    await sql`create table if not exists fenced (n int)`.execute(database.db);
    await sql`alter system set default_transaction_read_only = on`.execute(database.db);
    await sql`select pg_reload_conf()`.execute(database.db);
    let refused: { code?: string } | null = null;
    let pid = 0;
    for (let i = 0; i < 50 && !refused; i++) {
      refused = await failure(database.db.transaction().execute(async (tx) => {
        pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid;
        await sql`insert into fenced values (1)`.execute(tx);
      }));
      if (!refused) await new Promise((r) => setTimeout(r, 100));
    }
    expect(refused?.code).toBe('25006');
    // Now no host takes writes: the next checkouts say so (08001, answered 503), they do not reuse the connection.
    const none = await failure(sql`select 1`.execute(database.db));
    expect(none?.code).toBe('08001');
    expect(isDatabaseUnavailable(none)).toBe(true);
    // Writable again: found again, no restart of the pool.
    const admin = await open(`postgres://postgres@127.0.0.1:${cluster.primary.port}/postgres`);
    await sql`alter system reset default_transaction_read_only`.execute(admin.db);
    await sql`select pg_reload_conf()`.execute(admin.db);
    await sql`insert into fenced values (2)`.execute(database.db);
    expect(await serverPort(database)).toBe(cluster.primary.port);
    // The connection that met the refusal was closed, not put back in the pool.
    let alive = 1;
    for (let i = 0; i < 50 && alive > 0; i++) {
      alive = Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity where pid = ${pid}`.execute(admin.db)).rows[0]!.n);
      if (alive) await new Promise((r) => setTimeout(r, 50));
    }
    expect(alive).toBe(0);
  });

  it('after the primary stops and the standby is promoted, the next queries go to the new primary', async () => {
    const { primary, standby } = cluster;
    const database = await open(`postgres://postgres@${hosts(primary.port, standby.port)}/postgres?sslmode=disable&target_session_attrs=read-write`);
    await sql`create table ledger (n int primary key)`.execute(database.db);
    await sql`insert into ledger values (1)`.execute(database.db);
    expect(await serverPort(database)).toBe(primary.port);
    // The standby has replayed the row before the primary goes (asynchronous replication here).
    const onStandby = await open(standby.url);
    for (let i = 0; i < 100; i++) {
      const seen = await sql`select 1 from ledger`.execute(onStandby.db).then((r) => r.rows.length > 0, () => false);
      if (seen) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    cluster.stopPrimary();
    // Between the crash and the promotion no host takes writes: a clean, retryable failure, never a hang.
    const during = await failure(sql`insert into ledger values (2)`.execute(database.db));
    expect(isDatabaseUnavailable(during)).toBe(true);
    cluster.promoteStandby();
    await sql`insert into ledger values (2)`.execute(database.db);
    expect(await serverPort(database)).toBe(standby.port);
    expect((await sql<{ n: number }>`select n from ledger order by n`.execute(database.db)).rows.map((r) => r.n)).toEqual([1, 2]);
    expect(databaseSource(database.db)).toMatchObject({ url: `postgres://postgres@127.0.0.1:${standby.port}/postgres?sslmode=disable` });
  });
});
