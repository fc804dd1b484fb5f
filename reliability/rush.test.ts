/**
 * Issue 8 (R3 under load, R29): the deadline rush against the real server as a child process.
 * (a) many clients save and submit at once: every acknowledged write is in the database, nothing twice;
 * (b) the server is killed with SIGKILL in the middle and restarted: the same holds;
 * (c) the database server is restarted in the middle (a PostgreSQL cluster of the test's own): requests in
 *     flight fail cleanly (503, never 500), the app reconnects by itself, the same holds.
 * On PostgreSQL when TEST_DATABASE_URL is set (CI), else on the embedded database; (c) always on its own
 * cluster. Each prints its counts.
 */
import { existsSync } from 'node:fs';
import { expectIntact, ledgerCounts, rushFigures, type LedgerCheck } from './checks.js';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appProcess, newLedger, ownCluster, pgliteStore, postgresStore, rushOne, setUpRush, sleep, verifyLedger,
  type Ledger, type RushClient, type Store,
} from './harness.js';

// 150: a specialist in every one of the 114 commune-level units, and a second report for 36 of them.
const CLIENTS = Number(process.env.RUSH_CLIENTS ?? 150);
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
});

async function store(): Promise<Store> {
  const s = process.env.TEST_DATABASE_URL ? await postgresStore(process.env.TEST_DATABASE_URL) : pgliteStore();
  cleanups.push(() => s.drop());
  return s;
}

function report(name: string, clients: RushClient[], ledger: Ledger, result: LedgerCheck, seconds: number) {
  process.stdout.write(`${name}: ${clients.length} clients, ${seconds.toFixed(1)} s; ${ledgerCounts(result, ledger)}\n`);
}

type App = Awaited<ReturnType<typeof appProcess>>;

/**
 * Starts `app`, sets the rush up, runs it; `midway` (a kill, a restart) runs once half the first saves are
 * acknowledged, `afterRush` before the server stops. Then the database is checked against the ledger.
 */
async function rushAndVerify(s: Store, app: App, opts: { name: (before: number) => string; midway?: () => Promise<void> | void; afterRush?: () => Promise<void> }) {
  await app.start();
  const clients = await setUpRush(app.base, { clients: CLIENTS, figures: rushFigures });
  const ledger = newLedger();
  const started = Date.now();
  const rush = Promise.all(clients.map((c) => rushOne(c, ledger, Date.now() + 300_000)));
  let before = 0;
  if (opts.midway) {
    while (ledger.saves.length < clients.length / 2) await sleep(20);
    before = ledger.saves.length;
    await opts.midway();
  }
  const outcomes = await rush;
  const seconds = (Date.now() - started) / 1000;
  expect(outcomes.every((o) => o === 'done')).toBe(true);
  await opts.afterRush?.();
  await app.kill('SIGTERM');
  const db = await s.open();
  try {
    const result = await verifyLedger(db.db, clients, ledger);
    report(opts.name(before), clients, ledger, result, seconds);
    expectIntact(clients, result, ledger);
    return { clients, ledger, result };
  } finally {
    await db.close();
  }
}

describe('the deadline rush', () => {
  it('(a) every client saves twice and submits at once: every acknowledged write is there, nothing twice', async () => {
    const s = await store();
    const app = await appProcess(s);
    cleanups.push(() => app.kill());
    const { clients, result } = await rushAndVerify(s, app, { name: () => 'rush' });
    expect(result.acknowledgedSaves).toBe(clients.length * 2);
  }, 600_000);

  it('(b) the server killed with SIGKILL in the middle and restarted: the same holds', async () => {
    const s = await store();
    const app = await appProcess(s);
    cleanups.push(() => app.kill());
    const { ledger } = await rushAndVerify(s, app, {
      name: (before) => `rush with SIGKILL after ${before} saves`,
      midway: async () => {
        await app.kill('SIGKILL');
        await sleep(500);
        await app.start();
      },
    });
    // Clients did see the server go away.
    expect(ledger.statuses.get(0) ?? 0).toBeGreaterThan(0);
  }, 600_000);

  const serverBinaries = existsSync('/usr/lib/postgresql');
  it.skipIf(!serverBinaries)('(c) the database restarted in the middle: in-flight requests fail cleanly (503), the app reconnects, the same holds', async () => {
    const cluster = await ownCluster();
    cleanups.push(() => cluster.stop());
    const s = await postgresStore(cluster.url);
    const app = await appProcess(s);
    cleanups.push(() => app.kill());
    await rushAndVerify(s, app, {
      name: (before) => `rush with the database restarted after ${before} saves`,
      midway: () => cluster.restart(),
      // The same process is still serving: it reconnected by itself.
      afterRush: async () => expect((await fetch(`${app.base}/ready`)).status).toBe(200),
    });
  }, 600_000);
});
