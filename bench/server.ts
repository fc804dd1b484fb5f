/**
 * What the HTTP benchmarks share: the real server in demo mode on a fresh embedded database (or in a
 * throw-away schema of BENCH_DATABASE_URL), a signed-in session, and a bare Fastify route that serves
 * exactly the bytes the real route answered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { startServer } from '../packages/server/src/server.js';

export type BenchServer = { url: string; closers: (() => Promise<unknown>)[] };

/** Runs `fn` against a fresh demo server; everything it started is closed and deleted afterwards. */
export async function withDemoServer<T>(databaseUrl: string | null, fn: (server: BenchServer) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'baocao-bench-'));
  const closers: (() => Promise<unknown>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  try {
    let schemaUrl: string | null = null;
    if (databaseUrl) {
      const schema = `bench_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      closers.push(async () => {
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      });
      schemaUrl = `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    }
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: schemaUrl, mode: 'demo', logLevel: 'warn', webDist: null, schedulerIntervalSeconds: 0 });
    closers.unshift(() => server.close());
    return await fn({ url: server.url, closers });
  } finally {
    for (const close of closers) await close();
  }
}

/**
 * Runs a measurement on the embedded PGlite database always, and on PostgreSQL too when
 * BENCH_DATABASE_URL is set (in a throw-away schema), since that is the production engine.
 */
export async function onEachEngine<T>(measure: (label: string, databaseUrl: string | null) => Promise<T[]>): Promise<T[]> {
  const results = await measure('', null);
  const url = process.env.BENCH_DATABASE_URL;
  if (url) results.push(...(await measure(' (PostgreSQL)', url)));
  return results;
}

/** Signs in and returns the session cookie and CSRF token. */
export async function logIn(url: string, username: string, password = 'Demo@12345'): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`Login as ${username} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const sid = res.headers.getSetCookie().find((c) => c.startsWith('baocao_sid='));
  if (!sid) throw new Error('Login set no baocao_sid cookie');
  return { cookie: sid.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** GETs the real route, then serves the same bytes from a bare Fastify route; returns its URL and the parsed body. */
export async function bareTwin(server: BenchServer, path: string, cookie: string): Promise<{ bareUrl: string; body: unknown }> {
  const res = await fetch(server.url + path, { headers: { cookie } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  const body: unknown = JSON.parse(text);
  const bare = Fastify();
  bare.get(path, async () => body);
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  server.closers.unshift(() => bare.close());
  const bareText = await (await fetch(bareUrl + path)).text();
  if (bareText !== text) throw new Error(`The bare route does not serve the same bytes as ${path}`);
  return { bareUrl: bareUrl + path, body };
}
