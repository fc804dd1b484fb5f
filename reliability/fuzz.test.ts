/**
 * Issue 8 (d): a fuzz pass of malformed input over every route of the app. The routes come from the app's
 * own route table and their schemas from its OpenAPI document, so a new route is fuzzed by construction.
 * Each route gets malformed path parameters, query strings and bodies (wrong types, wrong shapes, huge,
 * deep, hostile text, wrong content types), as the system administrator, as a commune's specialist and
 * without a session. Expected: never a 5xx, and a refused change (4xx) changes no table.
 *
 * The database is the seeded demo (the city, its communes, demo accounts, templates, a monthly regime with
 * its first round opened), in memory (PGlite), or on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authAs, type Auth, type TestUser } from '../packages/server/test/factories.js';
import { useTestApp } from '../packages/server/test/harness.js';
import { prepareData } from '../packages/server/src/server.js';
import { runScheduler } from '../packages/server/src/modules/regimes/scheduler.js';
import type { Db } from '../packages/server/src/db/database.js';

const scratch = mkdtempSync(join(tmpdir(), 'baocao-fuzz-'));
const t = useTestApp({
  signingKeysDir: join(scratch, 'keys'),
  trustStoreDir: join(scratch, 'trust'),
  backupDir: join(scratch, 'backups'),
  dataDir: scratch,
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  minimum?: number;
  pattern?: string;
};
type Operation = {
  parameters?: { in: 'path' | 'query' | 'header'; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};
type OpenApi = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, JsonSchema> } };

/** Hostile values: wrong types, extremes, injections, control characters, astral planes. */
const HOSTILE: unknown[] = [
  null, '', 'x', -1, 0, 1e308, '1e309', 'NaN', true, {}, [], [null],
  'x'.repeat(20_000), '<script>alert(1)</script>', "'; drop table users; --", 'a\u0000b', '𝟘🙂‍↔️', '=HYPERLINK("http://x")',
  '2026-02-30', '9999-99-99', '-0', '1.0000000000000000000000000000001', { __proto__: { polluted: true } }, randomUUID(),
];
const PARAM_VALUES = ['x', randomUUID(), '00000000-0000-0000-0000-000000000000', "1' or '1'='1", '%00', '..%2F..%2Fetc%2Fpasswd', 'ạ'.repeat(300), '-1', '1e309'];
const QUERY_VALUES = ['', 'x', '-1', '9'.repeat(400), '2026-13-45', '[]', '{"a":1}', '%ZZ', 'null', "' or 1=1 --"];

/** Over every route's body limit (the largest, attachments, is about 27 MB). */
let HUGE: string | undefined;
let spec: OpenApi;
let ids: Record<string, string[]> = {};
let actors: { name: string; auth: Auth | null }[] = [];
/**
 * Tables a refused request may legitimately touch: the session's last use, login counters, the audit of
 * refusals; and backups, since a backup an earlier request started finishes in the background.
 */
const VOLATILE_TABLES = new Set(['sessions', 'login_attempts', 'login_challenges', 'audit_log', 'schema_migrations', 'backups']);
const VOLATILE_COLUMNS = ['failed_logins', 'locked_until', 'last_seen_at'];

beforeAll(async () => {
  const config = { ...t.config, mode: 'demo' as const };
  await prepareData({ db: t.db, engine: t.engine, close: async () => undefined }, config, t.clock, pino({ level: 'silent' }));
  await runScheduler({ db: t.db, clock: t.clock, config, sender: null });
  spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' }).then((r) => r.json())) as OpenApi;
  ids = await knownIds(t.db);
  const user = async (username: string): Promise<TestUser> => {
    const u = await t.db.selectFrom('users').select(['id', 'username', 'role', 'unit_id']).where('username', '=', username).executeTakeFirstOrThrow();
    return { id: u.id, username: u.username, password: '', role: u.role as TestUser['role'], unitId: u.unit_id };
  };
  actors = [
    { name: 'quản trị hệ thống', auth: await authAs(t, await user('quantri')) },
    { name: 'chuyên viên phường', auth: await authAs(t, await user('chuyenvien.hongbang')) },
    { name: 'không đăng nhập', auth: null },
  ];
}, 300_000);

/** Existing ids per table, so that malformed bodies reach past "not found" into the rules. */
async function knownIds(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ['units', 'users', 'templates', 'regimes', 'assignments', 'indicators', 'indicator_sets', 'unit_groups', 'saved_views', 'incidents', 'maintenance_windows', 'outages', 'attachments', 'report_signatures', 'correction_requests', 'api_keys', 'backups', 'notifications']) {
    const rows = await sql<{ id: string }>`select id::text as id from ${sql.table(table)} order by id limit 3`.execute(db).catch(() => ({ rows: [] as { id: string }[] }));
    out[table] = rows.rows.map((r) => r.id);
  }
  return out;
}

/** The table a path parameter most likely names: the path segment before it (`/templates/:id` → templates). */
function realIdFor(path: string, param: string): string {
  const segments = path.split('/');
  const at = segments.indexOf(`{${param}}`);
  const before = (segments[at - 1] ?? '').replace(/-/g, '_');
  const table = Object.keys(ids).find((k) => k === before || k.replace(/_/g, '') === before.replace(/_/g, '') || `${k}`.startsWith(before.replace(/s$/, '')));
  return (table && ids[table]?.[0]) ?? randomUUID();
}

function resolve(s: JsonSchema | undefined): JsonSchema {
  if (!s) return {};
  if (s.$ref) return resolve(spec.components?.schemas?.[s.$ref.split('/').pop()!]);
  return s;
}

/** A plausible value of a schema: the shape right, the content ordinary. */
function plausible(s0: JsonSchema | undefined, depth = 0): unknown {
  const s = resolve(s0);
  if (depth > 4) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return plausible(alt.find((a) => resolve(a).type !== 'null') ?? alt[0], depth + 1);
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((a) => plausible(a, depth + 1)));
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) o[k] = plausible(v, depth + 1);
      return o;
    }
    case 'array':
      return [plausible(s.items, depth + 1)];
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return true;
    case 'string':
      if (s.format === 'uuid') return ids.units?.[0] ?? randomUUID();
      if (s.format === 'date') return '2026-03-02';
      if (s.format === 'date-time') return '2026-03-02T02:00:00Z';
      return 'Thử nghiệm';
    default:
      return null;
  }
}

type Variant = { label: string; payload?: string; contentType?: string; params?: Record<string, string>; query?: string };

/** The malformed requests of one operation. */
function variants(path: string, op: Operation, method: string): Variant[] {
  const out: Variant[] = [];
  const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  const realParams = Object.fromEntries(pathParams.map((p) => [p, realIdFor(path, p)]));
  // Path parameters: each one malformed while the others are real.
  for (const p of pathParams) for (const v of PARAM_VALUES) out.push({ label: `:${p}=${v.slice(0, 20)}`, params: { ...realParams, [p]: v } });
  // Query strings: each parameter given garbage, repeated, or percent-encoding broken.
  for (const q of queryParams) {
    for (const v of QUERY_VALUES) out.push({ label: `?${q.name}=${v.slice(0, 20)}`, params: realParams, query: v === '%ZZ' ? `${q.name}=%ZZ` : `${q.name}=${encodeURIComponent(v)}` });
    out.push({ label: `?${q.name} twice`, params: realParams, query: `${q.name}=a&${q.name}=b` });
  }
  if (method === 'GET' || method === 'DELETE') {
    out.push({ label: 'unknown query', params: realParams, query: 'zz=1&__proto__[x]=1' });
    if (method === 'DELETE') out.push({ label: 'DELETE with a body', params: realParams, payload: '{"x":', contentType: 'application/json' });
    return out;
  }
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const base = plausible(bodySchema);
  const json = (label: string, value: unknown) => out.push({ label, params: realParams, payload: JSON.stringify(value), contentType: 'application/json' });
  out.push({ label: 'empty json body', params: realParams, payload: '', contentType: 'application/json' });
  out.push({ label: 'broken json', params: realParams, payload: '{"a": [1, 2', contentType: 'application/json' });
  out.push({ label: 'json with a BOM and trailing junk', params: realParams, payload: '\uFEFF{} {}', contentType: 'application/json' });
  for (const v of [null, [], 'x', 42, true]) json(`body ${JSON.stringify(v)}`, v);
  json('body {} with prototype pollution', JSON.parse('{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"isAdmin": true}}}'));
  json('deeply nested', JSON.parse('['.repeat(3000) + ']'.repeat(3000)));
  out.push({ label: 'over the body limit', params: realParams, payload: (HUGE ??= JSON.stringify({ x: 'x'.repeat(40 * 1024 * 1024) })), contentType: 'application/json' });
  out.push({ label: 'text/plain', params: realParams, payload: 'xin chào', contentType: 'text/plain' });
  out.push({ label: 'form encoded', params: realParams, payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' });
  out.push({ label: 'multipart garbage', params: realParams, payload: '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK\u0003\u0004junk\r\n--zz--', contentType: 'multipart/form-data; boundary=zz' });
  if (base && typeof base === 'object' && !Array.isArray(base)) {
    json('plausible body', base);
    json('plausible body with an unknown field', { ...base, zzUnknown: 1 });
    // Each field in turn gets several hostile values; the rest stay plausible.
    const fields = Object.keys(base);
    fields.forEach((field, i) => {
      for (let k = 0; k < 6; k++) json(`.${field} hostile #${k}`, { ...base, [field]: HOSTILE[(i * 6 + k) % HOSTILE.length] });
      const { [field]: _omit, ...rest } = base as Record<string, unknown>;
      json(`.${field} missing`, rest);
    });
  }
  return out;
}

/** Row counts and a checksum of every table a refused request must not touch. */
async function snapshot(db: Db): Promise<Map<string, string>> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
  const parts = tables.rows.filter((r) => !VOLATILE_TABLES.has(r.name)).map((r) => sql`select ${r.name} as name, count(*)::text || ':' || coalesce(md5(string_agg((to_jsonb(x) - ${sql.lit(`{${VOLATILE_COLUMNS.join(',')}}`)}::text[])::text, '|' order by (to_jsonb(x) - ${sql.lit(`{${VOLATILE_COLUMNS.join(',')}}`)}::text[])::text)), '') as sum from ${sql.table(r.name)} x`);
  const rows = await sql<{ name: string; sum: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return new Map(rows.rows.map((r) => [r.name, r.sum]));
}

/** The next transaction id PostgreSQL will hand out: unchanged means no transaction wrote anything (or tried to). */
async function nextXid(db: Db): Promise<string> {
  return (await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(db)).rows[0]!.x;
}

function changed(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
}

describe('(d) fuzz: malformed input over every route', () => {
  it('answers every malformed request without a 5xx, and a refused change writes nothing', async () => {
    const routes = t.app.routeTable
      .filter((r) => (r.url.startsWith('/api/') && !r.url.startsWith('/api/v1/docs')) || ['/health', '/ready', '/metrics'].includes(r.url))
      // FUZZ_ROUTES=<regex> narrows the pass while debugging one route
      .filter((r) => !process.env.FUZZ_ROUTES || new RegExp(process.env.FUZZ_ROUTES).test(`${r.method} ${r.url}`))
      // sign-outs last: they end the session the rest uses
      .sort((a, b) => Number(/logout/.test(a.url)) - Number(/logout/.test(b.url)) || a.url.localeCompare(b.url));
    const counts: Record<string, number> = {};
    const failures: string[] = [];
    let requests = 0;
    let mutatingRefused = 0;
    let checksummed = 0;
    let current = await snapshot(t.db);
    let lastXid = await nextXid(t.db);
    for (const route of routes) {
      const openApiPath = route.url.replace(/:(\w+)/g, '{$1}');
      const op = spec.paths[openApiPath]?.[route.method.toLowerCase()] ?? { parameters: [...route.url.matchAll(/:(\w+)/g)].map((m) => ({ in: 'path' as const, name: m[1]! })) };
      const list = variants(openApiPath, op, route.method);
      for (const actor of actors) {
        // Without a session only the first few matter: every one is 401 before validation.
        for (const v of actor.auth ? list : list.slice(0, 3)) {
          const url = openApiPath.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(v.params?.[p] ?? randomUUID()).replace(/%25/g, '%')) + (v.query ? `?${v.query}` : '');
          const headers: Record<string, string> = { ...(actor.auth?.headers ?? {}) };
          if (v.contentType) headers['content-type'] = v.contentType;
          const res = await t.app.inject({ method: route.method as 'GET', url, headers, ...(v.payload !== undefined ? { payload: v.payload } : {}) });
          requests++;
          const klass = `${String(res.statusCode)[0]}xx`;
          counts[klass] = (counts[klass] ?? 0) + 1;
          const where = `${route.method} ${route.url} [${actor.name}] ${v.label} → ${res.statusCode}`;
          if (res.statusCode >= 500) failures.push(`${where} ${res.body.slice(0, 200)}`);
          else if (res.statusCode >= 400 && !String(res.headers['content-type'] ?? '').includes('json')) failures.push(`${where}: not problem+json`);
          if (route.method !== 'GET') {
            // No transaction id handed out since the last look: nothing was written, no need to checksum.
            const xid = await nextXid(t.db);
            if (xid === lastXid) {
              if (res.statusCode >= 400) mutatingRefused++;
              continue;
            }
            lastXid = xid;
            checksummed++;
            const after = await snapshot(t.db);
            if (res.statusCode >= 400) {
              mutatingRefused++;
              const diff = changed(current, after);
              if (diff.length) failures.push(`${where}: a refused change wrote to ${diff.join(', ')}`);
            }
            current = after;
          }
        }
      }
    }
    console.log(`fuzz: ${routes.length} routes, ${requests} requests (${Object.entries(counts).sort().map(([k, n]) => `${k} ${n}`).join(', ')}), ${mutatingRefused} refused changes checked (${checksummed} times a transaction ran: every table checksummed), ${failures.length} failures`);
    expect(failures, failures.slice(0, 40).join('\n')).toEqual([]);
    expect(counts['5xx'] ?? 0).toBe(0);
  });
});
