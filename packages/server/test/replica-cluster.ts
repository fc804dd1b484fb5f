/**
 * A PostgreSQL primary and a streaming standby of the test's own, on free loopback ports (the read replica
 * tests, docs/read-replica.md): initdb as the `postgres` user (when root), pg_basebackup -R for the standby,
 * the server binaries of /usr/lib/postgresql/N/bin. The pattern of reliability/harness.ts `ownCluster`.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './process.js';

/** Whether the PostgreSQL server binaries are installed (the tests skip without them). */
export const hasPostgresBinaries = existsSync('/usr/lib/postgresql');

export type ReplicaCluster = {
  primaryUrl: string;
  standbyUrl: string;
  /** Stops the standby at once (the replica "goes away" under a running app). */
  stopStandby(): void;
  /** Stops both servers and removes their folders. */
  stop(): void;
};

export async function replicaCluster(): Promise<ReplicaCluster> {
  const bin = execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1']).toString().trim();
  const dir = mkdtempSync(join(tmpdir(), 'baocao-replica-'));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const run = (cmd: string, args: string[]) =>
    execFileSync(asPostgres ? 'runuser' : join(bin, cmd), asPostgres ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const ctl = (name: string, port: number, action: string, ...more: string[]) =>
    run('pg_ctl', [
      '-D', join(dir, name), '-l', join(dir, `${name}.log`), '-w', '-t', '60',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100 -c wal_receiver_status_interval=1s`,
      action, ...more,
    ]);
  const running = new Set<string>();
  const stopQuietly = (name: string, port: number) => {
    if (!running.delete(name)) return;
    try {
      ctl(name, port, 'stop', '-m', 'immediate');
    } catch {
      // already stopped
    }
  };
  try {
    // initdb's trust pg_hba.conf lets 127.0.0.1 connect for replication; wal_level is `replica` by default.
    run('initdb', ['-D', join(dir, 'primary'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    ctl('primary', primaryPort, 'start');
    running.add('primary');
    // -R: standby.signal and primary_conninfo, so the copy starts as a streaming hot standby.
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', join(dir, 'standby'), '-R', '-X', 'stream', '--no-sync']);
    ctl('standby', standbyPort, 'start');
    running.add('standby');
  } catch (e) {
    stopQuietly('standby', standbyPort);
    stopQuietly('primary', primaryPort);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    standbyUrl: `postgres://postgres@127.0.0.1:${standbyPort}/postgres`,
    stopStandby: () => stopQuietly('standby', standbyPort),
    stop: () => {
      stopQuietly('standby', standbyPort);
      stopQuietly('primary', primaryPort);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
