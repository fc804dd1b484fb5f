/**
 * `GET /api/v1/units/tree` for the system administrator (the whole city: 114 commune-level units and
 * the sample departments) on the real server over HTTP, against a bare Fastify route serving the
 * very same JSON. The ratio is the share of a do-nothing route's throughput that the real one keeps
 * after session lookup, scope checks, the database query, tree building and response validation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { startServer } from '../packages/server/src/server.js';
import { compareHttp, result, type Bench } from './measure.js';

const PATH = '/api/v1/units/tree';

/**
 * On the embedded PGlite database always; on PostgreSQL too when BENCH_DATABASE_URL is set (in a
 * throw-away schema), since that is the production engine.
 */
const unitsTree: Bench = async (opts) => {
  const results = await measureOn('', null, opts);
  const url = process.env.BENCH_DATABASE_URL;
  if (url) results.push(...(await measureOn(' (PostgreSQL)', url, opts)));
  return results;
};

async function measureOn(label: string, databaseUrl: string | null, opts: Parameters<Bench>[0]) {
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
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: schemaUrl, mode: 'demo', logLevel: 'warn', webDist: null });
    closers.unshift(() => server.close());
    const cookie = await logIn(server.url, 'quantri', 'Demo@12345');

    const res = await fetch(server.url + PATH, { headers: { cookie } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${PATH} answered ${res.status}: ${text.slice(0, 300)}`);
    const tree: unknown = JSON.parse(text);
    const communes = countKind(tree, 'commune');
    if (communes !== 114) throw new Error(`Expected the 114 commune-level units of Hải Phòng in the tree, found ${communes}`);

    const bare = Fastify();
    bare.get(PATH, async () => tree);
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
    closers.unshift(() => bare.close());
    const bareText = await (await fetch(bareUrl + PATH)).text();
    if (bareText !== text) throw new Error('The bare route does not serve the same bytes as the real one');

    const m = await compareHttp({ url: server.url + PATH, headers: { cookie } }, { url: bareUrl + PATH }, opts);
    return [
      result(`units-tree requests/s${label}`, 'req/s', m.target.requestsPerSecond, m.baseline.requestsPerSecond),
      result(`units-tree latency p99${label}`, 'ms', m.target.latencyP99, m.baseline.latencyP99),
    ];
  } finally {
    for (const close of closers) await close();
  }
}

export default unitsTree;

async function logIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`Login as ${username} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const sid = res.headers.getSetCookie().find((c) => c.startsWith('baocao_sid='));
  if (!sid) throw new Error('Login set no baocao_sid cookie');
  return sid.split(';')[0]!;
}

function countKind(nodes: unknown, kind: string): number {
  if (!Array.isArray(nodes)) return 0;
  return nodes.reduce((n: number, node: { kind?: string; children?: unknown }) => n + (node.kind === kind ? 1 : 0) + countKind(node.children, kind), 0);
}
