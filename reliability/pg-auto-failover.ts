/**
 * A pg_auto_failover formation of the test's own on loopback (docs/high-availability.md): a monitor and two
 * data nodes, each a cluster managed by its own `pg_autoctl … --run` on a free port in a temporary folder,
 * run as the `postgres` user when the tests run as root. The monitor's health checks are tightened so a
 * failover takes seconds rather than the production defaults' half a minute.
 *
 * Needs Debian's postgresql-N-auto-failover (the pgautofailover extension) and pg-auto-failover-cli
 * (/usr/bin/pg_autoctl). PostgreSQL puts the nodes' Unix sockets in its default /var/run/postgresql.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { clusterFolder, postgresBin } from '../packages/server/test/pg-clusters.js';
import { freePort, until } from './harness.js';

/** Whether pg_autoctl and the monitor's extension are installed (the failover test skips without them). */
export const hasPgAutoFailover =
  existsSync('/usr/bin/pg_autoctl') && existsSync('/usr/lib/postgresql') && existsSync(`/usr/share/postgresql/${postgresBin().split('/').at(-2)}/extension/pgautofailover.control`);

/**
 * The monitor's settings (milliseconds): a node is checked every second, declared unhealthy after two
 * seconds without an answer, and a primary that does not report its demotion is given two seconds. The
 * defaults (5 s checks, 20 s unhealthy, 30 s demote timeout) are for a real network; see the guide.
 */
const FAST_FAILOVER: Record<string, number> = {
  'pgautofailover.health_check_period': 1000,
  'pgautofailover.health_check_timeout': 1000,
  'pgautofailover.health_check_max_retries': 1,
  'pgautofailover.health_check_retry_delay': 500,
  'pgautofailover.node_considered_unhealthy_timeout': 2000,
  'pgautofailover.primary_demote_timeout': 2000,
  'pgautofailover.startup_grace_period': 1000,
};

export type FormationNode = { name: string; port: number; pgdata: string; url: string };
export type NodeState = { name: string; port: number; reported: string; assigned: string };

export type Formation = {
  monitorUrl: string;
  /** `pg_autoctl show uri --formation default`: every data node, target_session_attrs=read-write. */
  uri: string;
  nodes: FormationNode[];
  /** The monitor's view of the nodes. */
  states(): Promise<NodeState[]>;
  /** The node the monitor has as primary (waits until there is one, reported and assigned). */
  primary(timeoutMs?: number, except?: FormationNode): Promise<FormationNode>;
  /** Kills a node hard: its pg_autoctl (keeper and supervisor) and its PostgreSQL with SIGKILL, nothing left to restart it. */
  kill(node: FormationNode): void;
  /** Stops every process and removes every folder and socket. Safe to call twice, and after a failed set-up. */
  stop(): Promise<void>;
};

/** Creates the monitor and two nodes (the first becomes primary, the second its synchronous standby). */
export async function autoFailoverFormation(): Promise<Formation> {
  const { dir, asPostgres } = clusterFolder('baocao-autofailover-');
  const bin = postgresBin();
  const env = {
    // pg_autoctl keeps its configuration and state files under the XDG folders: inside ours, gone with it.
    XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'share'), XDG_RUNTIME_DIR: join(dir, 'run'),
    PATH: `${bin}:/usr/bin:/bin`, LANG: 'C.UTF-8',
  };
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const command = (args: string[]): [string, string[]] =>
    asPostgres ? ['runuser', ['-u', 'postgres', '--', 'env', ...envArgs, 'pg_autoctl', ...args]] : ['env', [...envArgs, 'pg_autoctl', ...args]];
  const services = new Map<string, ChildProcess>();
  const ports: number[] = [];
  /** `pg_autoctl create … --run` in the background, in a process group of its own so that a kill takes it all. */
  const runService = (name: string, args: string[]) => {
    const log = openSync(join(dir, `${name}.log`), 'a');
    const [cmd, cmdArgs] = command([...args, '--run']);
    const child = spawn(cmd, cmdArgs, { detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    child.on('error', () => undefined);
    services.set(name, child);
  };
  /** PostgreSQL stopped at once (immediate shutdown: connections cut, no checkpoint, as in a crash). */
  const stopPostgres = (pgdata: string) => {
    if (!existsSync(join(pgdata, 'postmaster.pid'))) return;
    const ctl = [join(bin, 'pg_ctl'), '-D', pgdata, '-w', '-t', '30', 'stop', '-m', 'immediate'];
    try {
      execFileSync(asPostgres ? 'runuser' : ctl[0]!, asPostgres ? ['-u', 'postgres', '--', ...ctl] : ctl.slice(1), { stdio: 'ignore' });
    } catch {
      // not running
    }
  };
  /**
   * A node or the monitor gone for good: its pg_autoctl processes (supervisor, keeper, the service that
   * would restart PostgreSQL) killed with SIGKILL, then its PostgreSQL stopped immediately — by pg_ctl
   * rather than SIGKILL, so that its shared memory and socket are released.
   */
  const killService = (name: string, pgdata: string) => {
    const child = services.get(name);
    services.delete(name);
    const group = child?.pid ? processGroup(child.pid) : [];
    for (const p of group) if (p.comm !== 'postgres') signal(p.pid, 'SIGKILL');
    stopPostgres(pgdata);
    for (const p of group) if (p.comm === 'postgres') signal(p.pid, 'SIGKILL');
  };
  /** Polls like `until`, but a pg_autoctl that exited (a refused option, a failed initdb) fails at once, with its log. */
  const waitFor = async (what: string, name: string, probe: () => Promise<boolean>, timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (await probe().catch(() => false)) return;
      const child = services.get(name);
      if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`pg_autoctl of ${name} exited while waiting for ${what}:\n${logTail(name)}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${logTail(name)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const logTail = (name: string) => {
    try {
      return readFileSync(join(dir, `${name}.log`), 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '';
    }
  };

  let stopped = false;
  const nodes: FormationNode[] = [];
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const node of nodes) killService(node.name, node.pgdata);
    killService('monitor', join(dir, 'monitor'));
    // Should a server have died some other way, its socket and lock file stay in the shared socket folder.
    for (const port of ports) {
      for (const f of [`.s.PGSQL.${port}`, `.s.PGSQL.${port}.lock`]) {
        try {
          rmSync(join('/var/run/postgresql', f), { force: true });
        } catch {
          // not ours to remove
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const monitorPort = await freePort();
    ports.push(monitorPort);
    const common = ['--auth', 'trust', '--no-ssl', '--hostname', '127.0.0.1', '--pgctl', join(bin, 'pg_ctl')];
    runService('monitor', ['create', 'monitor', '--pgdata', join(dir, 'monitor'), '--pgport', String(monitorPort), ...common]);
    const monitorUrl = `postgres://autoctl_node@127.0.0.1:${monitorPort}/pg_auto_failover?sslmode=disable`;
    const superuser = `postgres://postgres@127.0.0.1:${monitorPort}/pg_auto_failover`;
    await waitFor('the monitor', 'monitor', () => query(monitorUrl, 'select 1').then(() => true), 60_000);
    await query(superuser, [...Object.entries(FAST_FAILOVER).map(([k, v]) => `alter system set ${k} = ${v}`), 'select pg_reload_conf()']);

    const states = async (): Promise<NodeState[]> =>
      (await query<{ name: string; port: number; reported: string; assigned: string }>(monitorUrl,
        'select nodename as name, nodeport as port, reportedstate::text as reported, goalstate::text as assigned from pgautofailover.node order by nodeid'));
    const addNode = async (name: string, ready: string[]) => {
      const port = await freePort();
      ports.push(port);
      const node = { name, port, pgdata: join(dir, name), url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable` };
      runService(name, ['create', 'postgres', '--pgdata', node.pgdata, '--pgport', String(port), '--listen', '127.0.0.1', '--name', name, '--monitor', monitorUrl, ...common]);
      nodes.push(node);
      await waitFor(`${name} to be ${ready.join(' or ')}`, name, async () => (await states()).some((s) => s.name === name && ready.includes(s.reported) && s.reported === s.assigned), 120_000);
      return node;
    };
    // One at a time: the first is initialised as a single node, the second cloned from it (pg_basebackup).
    await addNode('node1', ['single']);
    await addNode('node2', ['secondary']);

    const primary = async (timeoutMs = 60_000, except?: FormationNode) => {
      const found = await until('a primary', async () => {
        const s = (await states()).find((n) => ['primary', 'wait_primary'].includes(n.reported) && n.reported === n.assigned && n.port !== except?.port);
        return s ? nodes.find((n) => n.port === s.port) : undefined;
      }, timeoutMs);
      return found;
    };
    await primary();
    const [cmd, cmdArgs] = command(['show', 'uri', '--formation', 'default', '--pgdata', join(dir, 'monitor')]);
    const shown = execFileSync(cmd, cmdArgs).toString().trim();
    // The nodes run without SSL; node-postgres reads sslmode=prefer as verify-full, so ask for none.
    const uri = shown.replace(/sslmode=prefer/, 'sslmode=disable');
    return {
      monitorUrl,
      uri,
      nodes,
      states,
      primary,
      kill: (node) => killService(node.name, node.pgdata),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The processes of a process group, with their command names (/proc). */
function processGroup(pgid: number): { pid: number; comm: string }[] {
  let pids: number[] = [];
  try {
    pids = execFileSync('pgrep', ['-g', String(pgid)]).toString().split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // none left
  }
  return pids.map((pid) => {
    try {
      return { pid, comm: readFileSync(`/proc/${pid}/comm`, 'utf8').trim() };
    } catch {
      return { pid, comm: '' };
    }
  });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Runs statements on a fresh connection (the monitor or a node), returning the last one's rows. */
async function query<R extends object = Record<string, unknown>>(url: string, statements: string | string[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    let rows: R[] = [];
    for (const s of Array.isArray(statements) ? statements : [statements]) rows = (await client.query<R>(s)).rows;
    return rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The app's own database on the formation: created on the primary, reached through the multi-host URI. */
export async function formationDatabase(formation: Formation): Promise<{ name: string; url: string }> {
  const name = `rush_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const primary = await formation.primary();
  await query(primary.url, `create database ${name}`);
  // The URI names no user (pg_autoctl's own connections are local): the app connects as postgres.
  const url = formation.uri.replace(/^postgres(ql)?:\/\/([^@/]*@)?/, 'postgres://postgres@').replace(/\/[^/?]*(\?|$)/, (_m, q: string) => `/${name}${q}`);
  return { name, url };
}
