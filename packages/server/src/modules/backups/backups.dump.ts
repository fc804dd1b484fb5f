/**
 * The files of a backup (R30): the engine's own dump (pg_dump custom format, or PGlite's data
 * directory tarball), optionally sealed with AES-256-GCM. No SQL of ours here: only the tools and
 * the file format.
 */
import { execFile } from 'node:child_process';
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { appendFile, open, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pgliteParsers } from '../../db/database.js';
import { AppError } from '../../platform/errors.js';

const run = promisify(execFile);

export type Engine = 'postgres' | 'pglite';

/** `baocao-<engine>-<YYYYMMDD-HHmmss>.<ext>`, the time in Vietnam time (UTC+7) like everything the operator reads. */
export function backupFileName(engine: Engine, at: Date, encrypted: boolean): string {
  const v = new Date(at.getTime() + 7 * 3600_000).toISOString();
  const stamp = `${v.slice(0, 4)}${v.slice(5, 7)}${v.slice(8, 10)}-${v.slice(11, 13)}${v.slice(14, 16)}${v.slice(17, 19)}`;
  return `baocao-${engine}-${stamp}.${engine === 'postgres' ? 'dump' : 'tar.gz'}${encrypted ? '.enc' : ''}`;
}

export const BACKUP_FILE = /^baocao-(postgres|pglite)-\d{8}-\d{6}(-\d+)?\.(dump|tar\.gz)(\.enc)?$/;

// --- PostgreSQL -------------------------------------------------------------------------------

/**
 * The pg_dump/pg_restore whose major version matches the server's: an older pg_dump refuses a newer
 * server, and a newer one writes archives an older pg_restore cannot read. Looks on PATH and in
 * /usr/lib/postgresql/<major>/bin (Debian); PG_BIN_DIR comes first when set.
 */
export async function findPgTool(tool: 'pg_dump' | 'pg_restore', serverMajor: number): Promise<string> {
  const dirs = [process.env.PG_BIN_DIR, `/usr/lib/postgresql/${serverMajor}/bin`, ...(process.env.PATH ?? '').split(delimiter)];
  if (existsSync('/usr/lib/postgresql')) for (const d of readdirSync('/usr/lib/postgresql').sort().reverse()) dirs.push(`/usr/lib/postgresql/${d}/bin`);
  const seen: string[] = [];
  for (const dir of dirs) {
    if (!dir) continue;
    const path = join(dir, tool);
    if (!existsSync(path) || seen.includes(path)) continue;
    seen.push(path);
    const { stdout } = await run(path, ['--version']).catch(() => ({ stdout: '' }));
    const major = Number(/\s(\d+)(\.\d+)?/.exec(stdout)?.[1]);
    if (major === serverMajor) return path;
  }
  throw new AppError('backup.tool_missing', `Không tìm thấy ${tool} phiên bản ${serverMajor} (trùng với máy chủ PostgreSQL). Hãy cài postgresql-client-${serverMajor} hoặc đặt PG_BIN_DIR.`, 500);
}

/** Major version of the server at `url`, e.g. 15. */
export async function serverMajor(query: (sql: string) => Promise<{ rows: { v: string }[] }>): Promise<number> {
  const { rows } = await query("select current_setting('server_version_num') as v");
  return Math.floor(Number(rows[0]!.v) / 10000);
}

/** The URL without its password, which goes in PGPASSWORD: a command line is visible to every local user (ps). */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

/** `pg_dump --format=custom` of the whole database, or of one schema (test databases, hosted setups). */
export async function pgDump(tool: string, url: string, schema: string | undefined, file: string): Promise<void> {
  const { dbname, env } = connection(url);
  const args = ['--format=custom', '--no-password', `--file=${file}`, ...(schema ? [`--schema=${schema}`] : []), `--dbname=${dbname}`];
  await run(tool, args, { env, maxBuffer: 16 * 1024 * 1024 }).catch((e: Error & { stderr?: string }) => {
    throw new Error(`pg_dump failed: ${e.stderr?.trim() || e.message}`);
  });
}

/** `pg_restore --no-owner` into the (empty) database at `url`, all or nothing. */
export async function pgRestore(tool: string, url: string, file: string): Promise<void> {
  const { dbname, env } = connection(url);
  await run(tool, ['--no-owner', '--no-password', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, file], { env, maxBuffer: 16 * 1024 * 1024 }).catch((e: Error & { stderr?: string }) => {
    throw new Error(`pg_restore failed: ${e.stderr?.trim() || e.message}`);
  });
}

// --- PGlite -----------------------------------------------------------------------------------

/** PGlite's own dump: a gzipped tarball of its data directory, taken between queries. */
export async function pgliteDump(pglite: PGlite): Promise<Buffer> {
  const blob = await pglite.dumpDataDir('gzip');
  return Buffer.from(await blob.arrayBuffer());
}

/** A new PGlite from a dump, in memory or in `dataDir` (which must be empty or absent). */
export async function pgliteRestore(tarball: Buffer, dataDir?: string): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const loadDataDir = new Blob([new Uint8Array(tarball)], { type: 'application/x-gzip' });
  const pglite = new PGlite({ ...(dataDir ? { dataDir } : {}), loadDataDir, parsers: pgliteParsers });
  await pglite.waitReady;
  return pglite;
}

/** Which engine wrote a (decrypted) dump, from its first bytes. */
export async function dumpEngine(file: string): Promise<Engine> {
  const head = await readHead(file, 5);
  if (head.toString('latin1') === 'PGDMP') return 'postgres';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  throw new AppError('backup.unknown_format', 'Tệp không phải bản sao lưu của hệ thống (không phải pg_dump hay PGlite)', 400);
}

// --- Encryption -------------------------------------------------------------------------------

/**
 * Sealed file: "BAOCAOENC1" | key kind (0 raw hex key, 1 scrypt passphrase) | 16-byte salt | 12-byte IV |
 * ciphertext | 16-byte GCM tag. The salt is random per file, so one passphrase gives a new key each time.
 */
const MAGIC = Buffer.from('BAOCAOENC1');
const HEADER = MAGIC.length + 1 + 16 + 12;
const TAG = 16;

function keyOf(secret: string, kind: number, salt: Buffer): Buffer {
  return kind === 0 ? Buffer.from(secret, 'hex') : scryptSync(secret, salt, 32);
}

export async function isEncrypted(file: string): Promise<boolean> {
  return (await readHead(file, MAGIC.length)).equals(MAGIC);
}

/** Encrypts `source` into `target` (streamed: PostgreSQL dumps can be large). */
export async function encryptFile(source: string, target: string, secret: string): Promise<void> {
  const kind = /^[0-9a-fA-F]{64}$/.test(secret) ? 0 : 1;
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret, kind, salt), iv);
  await writeFile(target, Buffer.concat([MAGIC, Buffer.from([kind]), salt, iv]));
  await pipeline(createReadStream(source), cipher, createWriteStream(target, { flags: 'a' }));
  await appendFile(target, cipher.getAuthTag());
}

/** Decrypts a sealed file; a wrong key or a changed file fails on the tag, never yields a half-restored database. */
export async function decryptFile(source: string, target: string, secret: string | null): Promise<void> {
  if (!secret) throw new AppError('backup.key_required', 'Tệp sao lưu đã được mã hóa: cần đặt BACKUP_ENCRYPTION_KEY để khôi phục', 400);
  const size = (await stat(source)).size;
  const fh = await open(source, 'r');
  const header = Buffer.alloc(HEADER);
  const tag = Buffer.alloc(TAG);
  try {
    await fh.read(header, 0, HEADER, 0);
    await fh.read(tag, 0, TAG, size - TAG);
  } finally {
    await fh.close();
  }
  const kind = header[MAGIC.length]!;
  const salt = header.subarray(MAGIC.length + 1, MAGIC.length + 17);
  const iv = header.subarray(MAGIC.length + 17);
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret, kind, salt), iv);
    decipher.setAuthTag(tag);
    await pipeline(createReadStream(source, { start: HEADER, end: size - TAG - 1 }), decipher, createWriteStream(target));
  } catch {
    await rm(target, { force: true });
    throw new AppError('backup.wrong_key', 'Không giải mã được tệp sao lưu: khóa BACKUP_ENCRYPTION_KEY không đúng hoặc tệp đã bị thay đổi', 400);
  }
}

// --- Files ------------------------------------------------------------------------------------

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

async function readHead(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
