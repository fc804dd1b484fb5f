/**
 * The deadline rush, shared by the reliability tests (`npm run test:reliability`) and the benchmark
 * (`npm run bench -- rush`): the real server as a child process on its own database, many clients over
 * loopback that each save a form (twice) and submit it, a log of every write the server acknowledged, and
 * a check of the database against that log once the server has stopped.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { createWorkingCalendar, vietnamDateOf } from '@baocao/core';
import { openDatabase, type Database } from '../packages/server/src/db/database.js';
import { freePort, until } from '../packages/server/test/process.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(ROOT, 'packages/server/src/main.ts');
export const PASSWORD = 'Demo@12345';
const RUSH_PASSWORD = 'Cao-Diem-Han-Chot-2026';
/** The one-time password the administrator gives the rush's accounts (the policy asks 12+ characters). */
const INITIAL_PASSWORD = 'Tam-Thoi-Lan-Dau-2026';

export { freePort, until };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where the server keeps its data: a PGlite folder, or a PostgreSQL database made for the run. */
export type Store = { env: Record<string, string>; open: () => Promise<Database>; drop: () => Promise<void> };

/** A PostgreSQL database of its own on the server at `adminUrl` (dropped afterwards). */
export async function postgresStore(adminUrl: string): Promise<Store> {
  const name = `rush_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ kind: 'postgres', url: url.toString() }),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** The embedded database in a folder. */
export function pgliteStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'baocao-rush-'));
  return {
    env: { BAOCAO_DATA_DIR: dir },
    open: () => openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A PostgreSQL cluster of the test's own (initdb as the `postgres` user, on a free port), so that the test
 * may restart it under the running app. Needs the PostgreSQL server binaries (Debian: /usr/lib/postgresql/N/bin).
 */
export async function ownCluster(): Promise<{ url: string; restart: () => void; stop: () => void }> {
  const bin = execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1']).toString().trim();
  const dir = mkdtempSync(join(tmpdir(), 'baocao-pg-'));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const run = (cmd: string, args: string[]) =>
    execFileSync(asPostgres ? 'runuser' : join(bin, cmd), asPostgres ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const port = await freePort();
  run('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const ctl = (action: string, ...more: string[]) =>
    run('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, action, ...more]);
  ctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () => ctl('restart', '-m', 'fast'),
    stop: () => {
      try {
        ctl('stop', '-m', 'immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The server as a child process; `start` again after a kill serves the same store on the same port. */
export async function appProcess(store: Store, extraEnv: Record<string, string> = {}) {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env, NODE_ENV: 'production', BAOCAO_MODE: 'demo', BAOCAO_WEB_DIST: '', HOST: '127.0.0.1', PORT: String(port),
    LOG_LEVEL: 'error', SCHEDULER_INTERVAL_SECONDS: '0', OUTBOX_INTERVAL_MS: '0', ...store.env, ...extraEnv,
  };
  if (!store.env.DATABASE_URL) delete env.DATABASE_URL;
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  return {
    base,
    async start(): Promise<void> {
      // CHILD_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, to profile the server under the rush.
      child = spawn(process.execPath, [...(process.env.CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', MAIN], { env, stdio: ['ignore', 'ignore', 'inherit'], cwd: ROOT });
      await until('the server to be ready', async () => (await fetch(`${base}/ready`)).ok, 180_000);
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill(signal);
      await exited;
    },
  };
}

export type Reply = { status: number; json: unknown; text: string };

/** A signed-in person over HTTP (cookie and CSRF token). A network failure is status 0, never a throw. */
export class Client {
  private cookie = '';
  private csrf = '';
  constructor(private readonly base: string, readonly username: string, private password = PASSWORD) {}

  async login(): Promise<void> {
    const res = await fetch(`${this.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: this.username, password: this.password }) });
    if (res.status !== 200) throw new Error(`login ${this.username}: ${res.status} ${await res.text()}`);
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    this.cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  }

  /** First sign-in of an account an administrator made: its one-time password changed to the rush one. */
  async firstLogin(): Promise<void> {
    await this.login();
    const changed = await this.call('POST', '/auth/password', { currentPassword: this.password, newPassword: RUSH_PASSWORD });
    if (changed.status !== 200 && changed.status !== 204) throw new Error(`password ${this.username}: ${changed.status} ${changed.text}`);
    this.password = RUSH_PASSWORD;
    await this.login();
  }

  async call(method: string, path: string, body?: unknown): Promise<Reply> {
    try {
      const res = await fetch(`${this.base}/api/v1${path}`, {
        method,
        headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      return { status: res.status, json, text };
    } catch {
      return { status: 0, json: null, text: 'network' };
    }
  }

  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.call(method, path, body);
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`);
    return r.json as T;
  }
}

/** One client of the rush: whose session, which report, what it saves. */
export type RushClient = { client: Client; assignmentId: string; first: Record<string, string>; second: Record<string, string> };

/**
 * Sets the rush up through the API: `regimes` ad hoc requests of Sở Tài chính to every commune-level unit
 * with the given template (one assignment per commune and request), and a specialist account per commune
 * and a leader to submit to (made by the system administrator, first password changed). Returns `clients` clients, each on its own
 * report (a commune with two requests has two sessions).
 */
export async function setUpRush(
  base: string,
  opts: {
    clients: number;
    templateId?: string;
    figures: (i: number) => { first: Record<string, string>; second: Record<string, string> };
    /** Due this many working days from today (default 15: no reminder during the rush). */
    dueInWorkingDays?: number;
    /** Give every account an e-mail address, so that reminders go out as mail too. */
    emails?: boolean;
  },
): Promise<RushClient[]> {
  const stc = new Client(base, 'chuyenvien.stc');
  await stc.login();
  const admin = new Client(base, 'quantri');
  await admin.login();
  const session = await stc.ok<{ user: { unitId: string } }>('GET', '/auth/session');
  const templateId = opts.templateId ?? (await stc.ok<{ id: string; code: string }[]>('GET', '/templates?status=official')).find((t) => t.code === 'DEMO-STC-01')!.id;
  const tree = await admin.ok<TreeNode[]>('GET', '/units/tree');
  const communes = flatten(tree).filter((u) => u.kind === 'commune');
  const users = communes.slice(0, Math.min(communes.length, opts.clients));
  const people: Client[] = [];
  for (const [i, unit] of users.entries()) {
    const username = `caodiem.${unit.code}`.toLowerCase();
    const email = (name: string) => (opts.emails ? { email: `${name}@example.test` } : {});
    await admin.ok('POST', '/users', { username, fullName: `Chuyên viên thử tải ${i + 1}`, role: 'specialist', unitId: unit.id, password: INITIAL_PASSWORD, ...email(username) });
    // Submitting goes to the unit's leader for signing: every unit needs one.
    await admin.ok('POST', '/users', { username: `lanhdao.${username}`, fullName: `Lãnh đạo thử tải ${i + 1}`, role: 'leader', unitId: unit.id, password: INITIAL_PASSWORD, ...email(`lanhdao.${username}`) });
    people.push(new Client(base, username, INITIAL_PASSWORD));
  }
  await Promise.all(people.map((p) => p.firstLogin()));
  // The regimes after the people: reminders queued as soon as the regimes exist find their recipients.
  const regimes = Math.ceil(opts.clients / communes.length);
  const due = createWorkingCalendar().addWorkingDays(vietnamDateOf(new Date()), opts.dueInWorkingDays ?? 15);
  const regimeIds: string[] = [];
  for (let i = 0; i < regimes; i++) {
    const stamp = `${Date.now().toString(36)}${i}`.toUpperCase();
    const r = await stc.ok<{ id: string }>('POST', '/regimes', {
      kind: 'ad_hoc', code: `CAO-DIEM-${stamp}`, name: `Báo cáo nhanh giờ cao điểm ${i + 1}`, requestingUnitId: session.user.unitId, templateIds: [templateId],
      targets: [{ type: 'kind', unitKind: 'commune' }], legalBasis: 'Thử tải giờ cao điểm', dueOn: due,
    });
    regimeIds.push(r.id);
  }
  const out: RushClient[] = [];
  for (let k = 0; k < opts.clients; k++) {
    const person = people[k % people.length]!;
    const regimeId = regimeIds[Math.floor(k / people.length)]!;
    // A second session of the same person for the second request: clients are independent.
    const client = k < people.length ? person : new Client(base, person.username, RUSH_PASSWORD);
    if (k >= people.length) await client.login();
    const item = await findInInbox(client, regimeId);
    out.push({ client, assignmentId: item.id, ...opts.figures(k) });
  }
  return out;
}

async function findInInbox(client: Client, regimeId: string): Promise<{ id: string }> {
  const inbox = await client.ok<{ items: { id: string; regimeId: string }[] }>('GET', '/inbox');
  const item = inbox.items.find((x) => x.regimeId === regimeId);
  if (!item) throw new Error(`${client.username}: no assignment of regime ${regimeId} in the inbox`);
  return item;
}

type TreeNode = { id: string; code: string; kind: string; children: TreeNode[] };
function flatten(nodes: TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/** What the server acknowledged: saves (report, version, cells) and submissions. */
export type Ledger = {
  saves: { assignmentId: string; version: number; changes: Record<string, string> }[];
  submits: { assignmentId: string; version: number }[];
  statuses: Map<number, number>;
  latencies: number[];
};

export function newLedger(): Ledger {
  return { saves: [], submits: [], statuses: new Map(), latencies: [] };
}

/**
 * No answer to act on: the server gone (0), the load balancer found no live app server for it (502, 504),
 * the database restarting or failing over (503). The client re-reads and tries again.
 */
export const retryable = (status: number) => status === 0 || status === 502 || status === 503 || status === 504;

/**
 * One client's part of the rush: save the first figures, save the second, submit. A failed request (the
 * server gone, the database restarting, no live app server behind the load balancer: `retryable`) is retried after re-reading the form, until
 * `deadline`; a 409 (someone's save went first: here only the client's own unacknowledged one) re-reads too.
 */
export async function rushOne(c: RushClient, ledger: Ledger, deadline: number): Promise<'done' | 'gave_up'> {
  const record = (status: number, ms: number) => {
    ledger.statuses.set(status, (ledger.statuses.get(status) ?? 0) + 1);
    if (status >= 200 && status < 300) ledger.latencies.push(ms);
  };
  const timed = async (method: string, path: string, body?: unknown) => {
    const started = performance.now();
    const r = await c.client.call(method, path, body);
    record(r.status, performance.now() - started);
    return r;
  };
  let step = 0;
  while (Date.now() < deadline) {
    const form = await c.client.call('GET', `/assignments/${c.assignmentId}/form`);
    if (form.status !== 200) {
      await sleep(300);
      continue;
    }
    const state = form.json as { version: number; status: string };
    if (!['open', 'draft', 'returned'].includes(state.status)) return 'done';
    if (step < 2) {
      const changes = step === 0 ? c.first : c.second;
      const r = await timed('PUT', `/assignments/${c.assignmentId}/values`, { baseVersion: state.version, changes, explanations: {} });
      if (r.status === 200) {
        ledger.saves.push({ assignmentId: c.assignmentId, version: (r.json as { version: number }).version, changes });
        step++;
      } else if (!retryable(r.status) && r.status !== 409) throw new Error(`save ${c.client.username}: ${r.status} ${r.text.slice(0, 300)}`);
      continue;
    }
    const r = await timed('POST', `/assignments/${c.assignmentId}/submit`, { version: state.version });
    if (r.status === 200) {
      ledger.submits.push({ assignmentId: c.assignmentId, version: state.version });
      return 'done';
    }
    if (!retryable(r.status) && r.status !== 409) throw new Error(`submit ${c.client.username}: ${r.status} ${r.text.slice(0, 300)}`);
    await sleep(100);
  }
  return 'gave_up';
}

/** What the database holds, checked against the ledger: every acknowledged write present, nothing twice. */
export async function verifyLedger(db: Database['db'], clients: RushClient[], ledger: Ledger) {
  const ids = clients.map((c) => c.assignmentId);
  const changes = await db.selectFrom('cell_changes').select(['assignment_id', 'cell', 'version', 'new_value']).where('assignment_id', 'in', ids).execute();
  const byVersion = new Map<string, Map<string, string | null>>();
  let duplicated = 0;
  for (const ch of changes) {
    const key = `${ch.assignment_id}@${ch.version}`;
    const cells = byVersion.get(key) ?? new Map<string, string | null>();
    if (cells.has(ch.cell)) duplicated++;
    cells.set(ch.cell, ch.new_value);
    byVersion.set(key, cells);
  }
  let lost = 0;
  for (const s of ledger.saves) {
    const cells = byVersion.get(`${s.assignmentId}@${s.version}`);
    // A save of figures already there (a retry of a save that committed unacknowledged) changes no cell.
    const forms = cells ?? new Map();
    for (const [cell, value] of Object.entries(s.changes)) if (forms.has(cell) && forms.get(cell) !== value) lost++;
    if (!cells && !(await sameAsBefore(db, s))) lost++;
  }
  const versions = await db.selectFrom('submission_versions').select(['assignment_id', 'number']).where('assignment_id', 'in', ids).execute();
  const perAssignment = new Map<string, number>();
  for (const v of versions) perAssignment.set(v.assignment_id, (perAssignment.get(v.assignment_id) ?? 0) + 1);
  const duplicateSubmissions = [...perAssignment.values()].filter((n) => n > 1).length;
  const assignments = await db.selectFrom('assignments').select(['id', 'status']).where('id', 'in', ids).execute();
  const status = new Map(assignments.map((a) => [a.id, a.status]));
  const lostSubmissions = ledger.submits.filter((s) => !perAssignment.has(s.assignmentId) || ['open', 'draft'].includes(status.get(s.assignmentId) ?? 'open')).length;
  // The final figures of every report whose second save was acknowledged are the second figures.
  const forms = await db.selectFrom('report_forms').select(['assignment_id', 'inputs']).where('assignment_id', 'in', ids).execute();
  const inputs = new Map(forms.map((f) => [f.assignment_id, (typeof f.inputs === 'string' ? JSON.parse(f.inputs) : f.inputs) as Record<string, string>]));
  let wrongFinal = 0;
  for (const c of clients) {
    const acknowledged = ledger.saves.filter((s) => s.assignmentId === c.assignmentId);
    if (acknowledged.length < 2) continue;
    const got = inputs.get(c.assignmentId) ?? {};
    for (const [cell, value] of Object.entries(c.second)) if ((got[cell] ?? '') !== value) wrongFinal++;
  }
  const audit = Number((await sql<{ n: string | number }>`select count(*) as n from audit_log`.execute(db).catch(() => ({ rows: [{ n: -1 }] }))).rows[0]!.n);
  return { acknowledgedSaves: ledger.saves.length, acknowledgedSubmits: ledger.submits.length, lostCells: lost, duplicatedCells: duplicated, duplicateSubmissions, lostSubmissions, wrongFinal, auditRows: audit };
}

/** A save acknowledged with no cell change row: its figures must then already have been in the form. */
async function sameAsBefore(db: Database['db'], s: Ledger['saves'][number]): Promise<boolean> {
  const before = await db.selectFrom('cell_changes').select(['cell', 'new_value', 'version']).where('assignment_id', '=', s.assignmentId).where('version', '<', s.version).orderBy('id').execute();
  const latest = new Map<string, string | null>();
  for (const ch of before) latest.set(ch.cell, ch.new_value);
  return Object.entries(s.changes).every(([cell, value]) => latest.get(cell) === value);
}

export function percentile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
