/**
 * Issue 9 (high availability): the deadline rush on a pg_auto_failover formation of the test's own (a
 * monitor, a primary and its synchronous standby on loopback, reliability/pg-auto-failover.ts), the app
 * connected through the multi-host URI `pg_autoctl show uri` gives (target_session_attrs=read-write).
 * Half-way through, the primary is killed hard — its pg_autoctl with SIGKILL, its PostgreSQL with an
 * immediate shutdown, nothing left to bring it back. The monitor promotes the standby; requests in flight
 * answer 503 (never 500) and the clients retry; the same app process finds the new primary by itself; the
 * database then holds every acknowledged write once. Prints the counts and the failover time.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { expectIntact, ledgerCounts, rushFigures } from './checks.js';
import { databaseSource, openDatabase } from '../packages/server/src/db/database.js';
import { appProcess, newLedger, rushOne, setUpRush, sleep, verifyLedger, type Store } from './harness.js';
import { autoFailoverFormation, formationDatabase, hasPgAutoFailover } from './pg-auto-failover.js';

const CLIENTS = Number(process.env.FAILOVER_CLIENTS ?? 40);
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
});

// Outside CI it skips without the package; in CI a missing package fails the run.
describe.skipIf(!hasPgAutoFailover && !process.env.CI)('PostgreSQL high availability (pg_auto_failover)', () => {
  it('the primary killed during the rush: the standby takes over, the app follows by itself, every acknowledged write is there once', async () => {
    if (!hasPgAutoFailover) throw new Error('pg_auto_failover is required in CI (apt-get install postgresql-15-auto-failover)');
    const began = Date.now();
    const formation = await autoFailoverFormation();
    cleanups.push(() => formation.stop());
    const formed = (Date.now() - began) / 1000;
    const { url } = await formationDatabase(formation);
    expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+,127\.0\.0\.1:\d+\/rush_\w+\?.*target_session_attrs=read-write/);
    const store: Store = { env: { DATABASE_URL: url }, open: () => openDatabase({ kind: 'postgres', url }), drop: async () => undefined };
    const app = await appProcess(store);
    cleanups.push(() => app.kill());
    await app.start();
    const clients = await setUpRush(app.base, { clients: CLIENTS, figures: rushFigures });
    const old = await formation.primary();
    // The premise of "acknowledged means on the standby": the primary commits synchronously.
    const sync = new pg.Client({ connectionString: old.url });
    await sync.connect();
    const { rows } = await sync.query<{ synchronous_standby_names: string; synchronous_commit: string }>('select current_setting($1) as synchronous_standby_names, current_setting($2) as synchronous_commit', ['synchronous_standby_names', 'synchronous_commit']);
    await sync.end();
    expect(rows[0]).toEqual({ synchronous_standby_names: expect.stringMatching(/^ANY 1 \(pgautofailover_standby_\d+\)$/), synchronous_commit: 'on' });

    // When the first write that began after the kill was acknowledged: the outage as a user sees it.
    let killedAt = 0;
    let firstWriteAfter = 0;
    for (const c of clients) {
      const call = c.client.call.bind(c.client);
      c.client.call = async (method, path, body) => {
        const sent = Date.now();
        const reply = await call(method, path, body);
        if (killedAt && !firstWriteAfter && sent >= killedAt && method !== 'GET' && reply.status === 200) firstWriteAfter = Date.now();
        return reply;
      };
    }

    const ledger = newLedger();
    const started = Date.now();
    const rush = Promise.all(clients.map((c) => rushOne(c, ledger, Date.now() + 120_000)));
    while (ledger.saves.length < clients.length / 2) await sleep(10);
    const before = ledger.saves.length;
    killedAt = Date.now();
    formation.kill(old);
    const promoted = await formation.primary(60_000, old);
    const promotedAfter = (Date.now() - killedAt) / 1000;
    const outcomes = await rush;
    const seconds = (Date.now() - started) / 1000;
    expect(outcomes.every((o) => o === 'done')).toBe(true);
    expect(promoted.port).not.toBe(old.port);
    // The same process, never restarted, answers ready: it reconnected to the new primary by itself.
    expect((await fetch(`${app.base}/ready`)).status).toBe(200);
    await app.kill('SIGTERM');

    const database = await store.open();
    try {
      const result = await verifyLedger(database.db, clients, ledger);
      // Checked on the new primary, found through the same multi-host URL.
      expect(databaseSource(database.db)).toMatchObject({ kind: 'postgres', url: expect.stringContaining(`127.0.0.1:${promoted.port}/`) });
      const failover = firstWriteAfter ? ((firstWriteAfter - killedAt) / 1000).toFixed(1) : 'none';
      process.stdout.write(
        `failover: formation up in ${formed.toFixed(1)} s; ${clients.length} clients, ${seconds.toFixed(1)} s; primary ${old.name} killed after ${before} saves; ` +
          `${promoted.name} promoted after ${promotedAfter.toFixed(1)} s; first write acknowledged ${failover} s after the kill; ` +
          `${ledgerCounts(result, ledger)}\n`,
      );
      expectIntact(clients, result, ledger);
      // The clients did meet the outage, as 503 (db.unavailable), and wrote again after it.
      expect(ledger.statuses.get(503) ?? 0).toBeGreaterThan(0);
      expect(firstWriteAfter).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  }, 240_000);
});
