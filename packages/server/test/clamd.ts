/**
 * A real ClamAV daemon for tests, with a signature database made here so the EICAR test file is caught
 * without the internet: an MD5 signature of the whole file (.hdb) and a body signature of the EICAR
 * string anywhere in a file (.ndb). `null` when clamd is not installed (CI installs clamav-daemon).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';

/** The standard anti-virus test file (eicar.org): harmless, detected by every scanner. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
export const EICAR_SIGNATURE = 'Baocao-Test-EICAR';

export type Clamd = { socket: string; stop(): Promise<void> };

const CLAMD = ['/usr/sbin/clamd', '/usr/bin/clamd'].find(existsSync) ?? (spawnSync('which', ['clamd']).stdout?.toString().trim() || null);

export const clamdInstalled = CLAMD !== null;
// CI installs clamav-daemon (.ci/run): there a missing clamd is a failure, not a skipped test.
if (!clamdInstalled && process.env.CI) throw new Error('clamd is not installed: apt-get install clamav-daemon (CI must run the scanning tests)');

/** Starts clamd on a unix socket in a temporary folder and waits until it answers PING. */
export async function startClamd(): Promise<Clamd | null> {
  if (!CLAMD) return null;
  const dir = mkdtempSync(join(tmpdir(), 'baocao-clamd-'));
  const db = join(dir, 'db');
  spawnSync('mkdir', ['-p', db]);
  const md5 = createHash('md5').update(EICAR).digest('hex');
  writeFileSync(join(db, 'test.hdb'), `${md5}:${EICAR.length}:${EICAR_SIGNATURE}\n`);
  writeFileSync(join(db, 'test.ndb'), `${EICAR_SIGNATURE}.Body:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
  const socket = join(dir, 'clamd.sock');
  const conf = join(dir, 'clamd.conf');
  writeFileSync(conf, [`LocalSocket ${socket}`, 'Foreground yes', `DatabaseDirectory ${db}`, `PidFile ${join(dir, 'clamd.pid')}`, `TemporaryDirectory ${dir}`, 'StreamMaxLength 64M', 'LogTime no', ''].join('\n'));
  const child: ChildProcess = spawn(CLAMD, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) break;
    if (await ping(socket)) return { socket, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`clamd did not start: ${stderr}`);
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(socket);
    let reply = '';
    s.on('error', () => resolve(false));
    s.on('data', (d) => (reply += d));
    s.on('end', () => resolve(reply.replace(/\0/g, '').trim() === 'PONG'));
    s.on('connect', () => s.end('zPING\0'));
  });
}
