import type { Dashboard, SeriesResult } from '@baocao/core';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { openDatabase, type Database } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { openReadReplica, type ReadReplica } from '../../db/read-replica.js';
import { fakeClock } from '../../platform/clock.js';
import { loadConfig, type Config } from '../../platform/config.js';
import { setPasswordHashMemory } from '../../platform/passwords.js';
import { authAs, call, makeUser, type Auth } from '../../../test/factories.js';
import type { TestApp } from '../../../test/harness.js';
import { until } from '../../../test/process.js';
import { hasPostgresBinaries, replicaCluster, type ReplicaCluster } from '../../../test/replica-cluster.js';
import { makeCity, monthlyRegime, type City } from '../../../test/reporting.fixtures.js';
import { signAs, testSigning } from '../../../test/signing.fixtures.js';

setPasswordHashMemory(1024);

/**
 * Exploration and the overview read a streaming standby of the test's own primary (DATABASE_READ_URL,
 * docs/read-replica.md); writes keep going to the primary; a standby that stops is replaced by the primary.
 */
describe.skipIf(!hasPostgresBinaries)('exploration on a read replica', () => {
  const signing = testSigning();
  let cluster: ReplicaCluster;
  let primary: Database;
  let replica: ReadReplica;
  let standbyAdmin: pg.Client;
  const t = {} as TestApp;
  let c: City;
  let regimeId = '';
  const auth: Record<string, Auth> = {};

  const question = () => ({
    measure: { kind: 'cell', lineageId: c.lineageId, rowCode: 'R01', columnCode: 'TH' },
    units: { rootUnitId: c.city.id, kind: 'commune' },
    periods: { from: '2026-01-01', to: '2026-12-31', kind: 'month' },
  });
  const series = async () => {
    const res = await call(t.app, 'POST', '/api/v1/analytics/series', { auth: auth.dept!, body: question() });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json as SeriesResult;
  };
  const replayed = async () => (await standbyAdmin.query<{ same: boolean }>('select pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as same')).rows[0]!.same;

  /** A ward's December report, saved, submitted, signed by its leader and accepted by the department: on the primary. */
  async function accepted(unitIndex: number, value: string) {
    const unit = c.communes[unitIndex]!;
    const specialist = await authAs(t, await makeUser(t.db, unit, 'specialist'));
    const leader = await authAs(t, await makeUser(t.db, unit, 'leader'));
    const inbox = await call(t.app, 'GET', '/api/v1/inbox', { auth: specialist });
    const id = inbox.json.items.find((i: { regimeId: string; roundKey: string }) => i.regimeId === regimeId && i.roundKey === '2026-M12').id;
    const saved = await call(t.app, 'PUT', `/api/v1/assignments/${id}/values`, { auth: specialist, body: { baseVersion: 0, changes: { 'R01!KH': '1000', 'R01!TH': value }, explanations: {} } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    const submitted = await call(t.app, 'POST', `/api/v1/assignments/${id}/submit`, { auth: specialist, body: { version: saved.json.version } });
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
    expect((await signAs(t, leader, id)).status).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/assignments/${id}/review`, { auth: auth.dept!, body: { decision: 'accept' } })).status).toBe(200);
  }

  beforeAll(async () => {
    cluster = await replicaCluster();
    primary = await openDatabase({ kind: 'postgres', url: cluster.primaryUrl });
    await migrate(primary.db);
    replica = openReadReplica(cluster.standbyUrl);
    standbyAdmin = new pg.Client({ connectionString: cluster.standbyUrl });
    // The standby is stopped under it in the last test.
    standbyAdmin.on('error', () => undefined);
    await standbyAdmin.connect();
    const clock = fakeClock();
    clock.set('2026-12-01T02:00:00Z');
    const config: Config = {
      ...loadConfig({}), webDist: null, mode: 'demo', strictAudit: true, rateLimitApiPerMinute: 0, metricsToken: null,
      databaseUrl: cluster.primaryUrl, databaseReadUrl: cluster.standbyUrl, ...signing.config,
    };
    // A lag cache of 100 ms instead of 5 s, so the test sees a new lag without waiting.
    const app = await buildApp({ db: primary.db, clock, config, replica, replicaLagCacheMs: 100 });
    await app.ready();
    Object.assign(t, { app, db: primary.db, engine: 'postgres', clock, config });
    c = await makeCity(t);
    await signing.install(c.communes);
    auth.dept = c.designerAuth;
    const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: monthlyRegime(c) });
    expect(regime.status, JSON.stringify(regime.json)).toBe(201);
    regimeId = regime.json.id;
  });
  afterAll(async () => {
    await t.app?.close();
    await standbyAdmin?.end().catch(() => undefined);
    await replica?.close();
    await primary?.close();
    cluster?.stop();
  });

  it('answers from the replica, once the figures accepted on the primary have replicated', async () => {
    await accepted(1, '900.25');
    const r = await until('the accepted figures to reach the replica', async () => {
      const s = await series();
      return s.points.length === 1 && s;
    }, 20_000);
    expect(r.source.replica).toBe(true);
    expect(r.source.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(r.totals).toEqual([{ periodKey: '2026-M12', periodFrom: '2026-12-01', value: '900.25' }]);
    const dashboard = await call(t.app, 'GET', '/api/v1/dashboard', { auth: auth.dept! });
    expect(dashboard.status).toBe(200);
    expect((dashboard.json as Dashboard).source.replica).toBe(true);
    const oversight = await call(t.app, 'GET', `/api/v1/oversight?rootUnitId=${c.city.id}&from=2026-12-01&to=2026-12-31`, { auth: auth.dept! });
    expect(oversight.status, JSON.stringify(oversight.json)).toBe(200);
    expect(oversight.json.source.replica).toBe(true);
    const ready = await call(t.app, 'GET', '/ready');
    expect(ready.json).toEqual({ status: 'ready', replica: { up: true, standby: true, lagSeconds: expect.any(Number) } });
  });

  it('with replay paused: stale figures, a lag that grows, while writes and saved views go on on the primary', async () => {
    await until('replay to catch up', replayed);
    await standbyAdmin.query('select pg_wal_replay_pause()');
    try {
      await accepted(2, '1999.99');
      await until('the new WAL to reach the paused standby', async () => !(await replayed()), 20_000);
      // Saving a view is a write: on the primary, and the overview lists it at once (views are read there too).
      const view = await call(t.app, 'POST', '/api/v1/saved-views', { auth: auth.dept!, body: { name: 'Thu thuế các phường', kind: 'dashboard', query: question() } });
      expect(view.status, JSON.stringify(view.json)).toBe(201);
      await new Promise((r) => setTimeout(r, 150));
      const stale = await series();
      expect(stale.points.map((p) => p.value)).toEqual(['900.25']);
      expect(stale.source.replica).toBe(true);
      expect(stale.source.lagSeconds).toBeGreaterThan(0);
      const dashboard = (await call(t.app, 'GET', '/api/v1/dashboard', { auth: auth.dept! })).json as Dashboard;
      expect(dashboard.indicators.map((i) => [i.view.name, i.trend.map((x) => x.value)])).toEqual([['Thu thuế các phường', ['900.25']]]);
      expect(dashboard.source.lagSeconds).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 1_000));
      const later = await series();
      expect(later.source.lagSeconds!).toBeGreaterThanOrEqual(stale.source.lagSeconds! + 0.9);
      // The export cites the replica and its lag.
      const csv = await call(t.app, 'POST', '/api/v1/analytics/series.csv', { auth: auth.dept!, body: question() });
      expect(csv.body.split('\r\n')[0]).toMatch(/Số liệu đọc từ bản sao cơ sở dữ liệu, trễ khoảng \d+(,\d)? giây so với cơ sở dữ liệu chính\./);
    } finally {
      await standbyAdmin.query('select pg_wal_replay_resume()');
    }
    const fresh = await until('replay to resume', async () => {
      const s = await series();
      return s.points.length === 2 && s.source.lagSeconds === 0 && s;
    }, 20_000);
    expect(fresh.totals.map((x) => x.value)).toEqual(['2900.24']);
  });

  it('never writes to the replica: its sessions are read-only (25006)', async () => {
    const refused = await sql`update saved_views set name = 'x'`.execute(replica.db).catch((e: unknown) => e);
    expect((refused as { code?: string }).code).toBe('25006');
  });

  it('answers from the primary when the replica stops, says so, and counts the fallback', async () => {
    cluster.stopStandby();
    const r = await series();
    expect(r.source).toEqual({ replica: false });
    expect(r.totals.map((x) => x.value)).toEqual(['2900.24']);
    const dashboard = await call(t.app, 'GET', '/api/v1/dashboard', { auth: auth.dept! });
    expect(dashboard.status).toBe(200);
    expect((dashboard.json as Dashboard).source).toEqual({ replica: false });
    // Not ready is for the primary only: the replica's state is reported, not decisive.
    const ready = await call(t.app, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'ready', replica: { up: false } });
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const sample = (name: string) => Number(metrics.split('\n').find((l) => l.startsWith(`${name} `))?.slice(name.length + 1));
    expect(sample('baocao_replica_fallbacks_total')).toBeGreaterThanOrEqual(2);
    expect(sample('baocao_replica_up')).toBe(0);
    // prom-client writes NaN as `Nan` (Prometheus parses either): the replica does not answer, its lag is unknown.
    expect(sample('baocao_replica_lag_seconds')).toBeNaN();
  });
});
