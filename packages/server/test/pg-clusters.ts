/**
 * PostgreSQL clusters of a test's own on free loopback ports, for the tests that fail a server over
 * (db/multi-host.test.ts): a primary and a streaming hot standby (initdb, then pg_basebackup -R), each
 * of which can be stopped at once, and the standby promoted. initdb runs as the `postgres` user when the
 * tests run as root; the binaries are those of the newest /usr/lib/postgresql/N/bin. The pattern of
 * reliability/harness.ts `ownCluster`.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './process.js';

/** Whether the PostgreSQL server binaries are installed (the tests skip without them). */
export const hasPostgresServer = existsSync('/usr/lib/postgresql');

/** The newest installed server's binaries folder. */
export function postgresBin(): string {
  return execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1']).toString().trim();
}

/** A folder of the test's own, owned by `postgres` when the test runs as root, and a way to run binaries in it. */
export function clusterFolder(prefix: string): { dir: string; asPostgres: boolean; run: (cmd: string, args: string[]) => Buffer } {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const run = (cmd: string, args: string[]) =>
    execFileSync(asPostgres ? 'runuser' : join(bin, cmd), asPostgres ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return { dir, asPostgres, run };
}

export type PrimaryAndStandby = {
  primary: { port: number; url: string };
  standby: { port: number; url: string };
  /** Stops the primary at once (immediate shutdown: a crash, connections cut). */
  stopPrimary(): void;
  /** `pg_ctl promote` of the standby, waiting until it takes writes. */
  promoteStandby(): void;
  /** Stops whatever still runs and removes the folder. */
  stop(): void;
};

/** A primary and its streaming hot standby, both on 127.0.0.1. */
export async function primaryAndStandby(): Promise<PrimaryAndStandby> {
  const { dir, run } = clusterFolder('baocao-ha-');
  const ports = { primary: await freePort(), standby: await freePort() };
  const ctl = (name: 'primary' | 'standby', action: string, ...more: string[]) =>
    run('pg_ctl', [
      '-D', join(dir, name), '-l', join(dir, `${name}.log`), '-w', '-t', '60',
      '-o', `-p ${ports[name]} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50 -c wal_receiver_status_interval=1s`,
      action, ...more,
    ]);
  const running = new Set<'primary' | 'standby'>();
  const stopQuietly = (name: 'primary' | 'standby') => {
    if (!running.delete(name)) return;
    try {
      ctl(name, 'stop', '-m', 'immediate');
    } catch {
      // already stopped
    }
  };
  const stop = () => {
    stopQuietly('standby');
    stopQuietly('primary');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', join(dir, 'primary'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    ctl('primary', 'start');
    running.add('primary');
    // -R: standby.signal and primary_conninfo, so the copy starts as a streaming hot standby.
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(ports.primary), '-U', 'postgres', '-D', join(dir, 'standby'), '-R', '-X', 'stream', '--no-sync']);
    ctl('standby', 'start');
    running.add('standby');
  } catch (e) {
    stop();
    throw e;
  }
  const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    primary: { port: ports.primary, url: url(ports.primary) },
    standby: { port: ports.standby, url: url(ports.standby) },
    stopPrimary: () => stopQuietly('primary'),
    // -w: pg_ctl waits until the server has left recovery.
    promoteStandby: () => void ctl('standby', 'promote'),
    stop,
  };
}
