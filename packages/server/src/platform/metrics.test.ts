import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app.js';
import { authAs, call, makeUnit, makeUser } from '../../test/factories.js';
import { useTestApp } from '../../test/harness.js';
import { createLogger } from './logging.js';
import { markSchedulerRun } from './metrics.js';

const t = useTestApp({ metricsToken: null });
let withToken: App;

beforeAll(async () => {
  t.clock.set('2026-12-01T02:00:00Z');
  withToken = await buildApp({ db: t.db, clock: t.clock, config: { ...t.config, metricsToken: 'bi-mat-giam-sat' } });
  await withToken.ready();
});
afterAll(() => withToken?.close());

/** The value of one sample line, e.g. `baocao_active_sessions 2`. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name}`);
  return Number(line.slice(name.length + 1));
}

describe('GET /metrics (R29)', () => {
  it('counts requests by route pattern and reports outbox lag, scheduler, sessions and process metrics', async () => {
    const unit = await makeUnit(t.db);
    const user = await makeUser(t.db, unit, 'specialist');
    const auth = await authAs(t, user);
    expect((await call(t.app, 'GET', '/health')).status).toBe(200);
    expect((await call(t.app, 'GET', `/api/v1/units/${unit.id}`, { auth })).status).toBe(200);
    await t.db.insertInto('outbox').values({
      id: randomUUID(), kind: 'mail', dedupe_key: `metrics-${randomUUID()}`, payload: JSON.stringify({}), status: 'pending', attempts: 0,
      next_attempt_at: new Date('2026-12-01T01:59:00Z'), created_at: new Date('2026-12-01T01:58:00Z'),
    }).execute();
    markSchedulerRun(new Date('2026-12-01T01:55:00Z'));

    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toContain('baocao_http_request_duration_seconds_count{method="GET",route="/health",status="200"} 1');
    // The pattern, not the address: one series however many units there are.
    expect(text).toContain('baocao_http_request_duration_seconds_count{method="GET",route="/api/v1/units/:unitId",status="200"} 1');
    expect(text).not.toContain(unit.id);
    expect(sample(text, 'baocao_outbox_lag_seconds')).toBe(120);
    expect(sample(text, 'baocao_scheduler_last_run_timestamp_seconds')).toBe(Date.parse('2026-12-01T01:55:00Z') / 1000);
    expect(sample(text, 'baocao_active_sessions')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('baocao_backup_last_success_timestamp_seconds 0');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('without METRICS_TOKEN answers only direct requests from this machine', async () => {
    const remote = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(403);
    expect(remote.headers['content-type']).toContain('application/problem+json');
    expect(remote.json().code).toBe('metrics.forbidden');
    // Through a proxy on the same machine: the client is somebody else.
    const proxied = await t.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
  });

  it('with METRICS_TOKEN needs the bearer token, from anywhere', async () => {
    const none = await withToken.inject({ method: 'GET', url: '/metrics' });
    expect([none.statusCode, none.json().code]).toEqual([401, 'metrics.unauthenticated']);
    const wrong = await withToken.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer sai' } });
    expect([wrong.statusCode, wrong.json().code]).toEqual([403, 'metrics.forbidden']);
    const right = await withToken.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: 'Bearer bi-mat-giam-sat', 'x-forwarded-for': '203.0.113.9' } });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('baocao_active_sessions');
  });

  it('is not in the OpenAPI document', async () => {
    const doc = (await call(t.app, 'GET', '/api/v1/openapi.json')).json;
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
    expect(t.app.routeTable).toContainEqual({ method: 'GET', url: '/metrics', access: 'public' });
  });
});

describe('logs', () => {
  it('tie every line of a request to its request id', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const app = await buildApp({ db: t.db, clock: t.clock, config: t.config, logger: createLogger('info', sink) });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/units' });
      expect(res.statusCode).toBe(401);
      const requestLines = lines.filter((l) => l.req || l.res || l.responseTime !== undefined);
      expect(requestLines.length).toBeGreaterThanOrEqual(2);
      for (const l of requestLines) expect(l.reqId).toEqual(expect.any(String));
      expect(new Set(requestLines.map((l) => l.reqId)).size).toBe(1);
    } finally {
      await app.close();
    }
  });
});
