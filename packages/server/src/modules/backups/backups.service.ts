import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vietnamDateOf, type Backup, type BackupList } from '@baocao/core';
import { sql } from 'kysely';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { databaseSource, openDatabase, type Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import { AppError, conflict } from '../../platform/errors.js';
import { assertRole, type Actor } from '../../platform/scope.js';
import * as dump from './backups.dump.js';
import * as q from './backups.queries.js';

type BackupConfig = Pick<Config, 'backupDir' | 'backupTime' | 'backupRetentionDays' | 'backupKeepLast' | 'backupEncryptionKey'>;

/** A run still `running` after this long was left by a process that died. */
const STALE_HOURS = 6;

function toBackup(r: q.BackupRow): Backup {
  return {
    id: r.id, trigger: r.trigger as Backup['trigger'], engine: r.engine as Backup['engine'], status: r.status as Backup['status'],
    startedAt: new Date(r.started_at).toISOString(), finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null, fileName: r.file_name,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes), sha256: r.sha256, encrypted: r.encrypted, error: r.error, startedBy: r.started_by,
  };
}

/** The runs, newest first, with where the files are and the schedule. The system administrator. */
export async function listBackups(db: Db, ctx: Ctx, config: BackupConfig): Promise<BackupList> {
  assertRole(ctx.actor as Actor, 'backup.manage');
  return {
    items: (await q.listBackups(db)).map(toBackup), directory: config.backupDir, dailyAt: config.backupTime,
    retentionDays: config.backupRetentionDays, keepLast: config.backupKeepLast, encryption: !!config.backupEncryptionKey,
  };
}

/**
 * Starts a backup now and returns it `running`; the dump goes on after the answer (the list shows
 * when it ends). One at a time: 409 while another runs. The system administrator; audited.
 */
export async function startBackup(db: Db, ctx: Ctx, config: BackupConfig): Promise<{ backup: Backup; done: Promise<Backup> }> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'backup.manage');
  const engine = engineOf(db);
  const id = randomUUID();
  const now = ctx.clock.now();
  await q.failStale(db, new Date(now.getTime() - STALE_HOURS * 3600_000), now);
  await db.transaction().execute(async (tx) => {
    const started = await q.insertRunning(tx, { id, trigger: 'admin', scheduleDay: null, engine, encrypted: !!config.backupEncryptionKey, startedBy: actor.id, now });
    if (!started) conflict('backup.running', 'Đang có một bản sao lưu chạy; hãy chờ bản đó xong rồi thử lại');
    await recordAudit(tx, ctx, { action: 'backup.started', targetType: 'backup', targetId: id, details: { engine, encrypted: !!config.backupEncryptionKey } });
  });
  const backup = toBackup((await q.findBackup(db, id))!);
  const done = completeBackup(db, ctx.clock, config, id, engine);
  return { backup, done };
}

/**
 * The daily backup (R30): from BACKUP_TIME (Vietnam time) on, the first scheduler pass of the day on
 * any server inserts the day's row (unique `schedule_day`) and takes the backup; the others see the
 * row and skip. Returns the run, or null when there was none to take.
 */
export async function runScheduledBackup(deps: { db: Db; clock: Clock; config: BackupConfig }): Promise<Backup | null> {
  const { db, clock, config } = deps;
  if (!config.backupTime) return null;
  const now = clock.now();
  const day = vietnamDateOf(now);
  const vietnam = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(11, 16);
  if (vietnam < config.backupTime) return null;
  if (await q.hasScheduleDay(db, day)) return null;
  const engine = engineOf(db, false);
  if (!engine) return null;
  await q.failStale(db, new Date(now.getTime() - STALE_HOURS * 3600_000), now);
  const id = randomUUID();
  // Taken by another server, or an administrator's backup is running: the next pass tries again.
  if (!(await q.insertRunning(db, { id, trigger: 'schedule', scheduleDay: day, engine, encrypted: !!config.backupEncryptionKey, startedBy: null, now }))) return null;
  return completeBackup(db, clock, config, id, engine);
}

/** A backup from the command line (`npm run backup`); records the run when the database has the table. */
export async function runCliBackup(db: Db, clock: Clock, config: BackupConfig): Promise<Backup | { fileName: string; sizeBytes: number; sha256: string }> {
  const engine = engineOf(db);
  const now = clock.now();
  if (!(await q.tableExists(db, 'backups'))) return writeBackupFile(db, config, engine, now);
  await q.failStale(db, new Date(now.getTime() - STALE_HOURS * 3600_000), now);
  const id = randomUUID();
  if (!(await q.insertRunning(db, { id, trigger: 'cli', scheduleDay: null, engine, encrypted: !!config.backupEncryptionKey, startedBy: null, now }))) {
    conflict('backup.running', 'Đang có một bản sao lưu chạy; hãy chờ bản đó xong rồi thử lại');
  }
  const result = await completeBackup(db, clock, config, id, engine);
  if (result.status === 'failed') throw new Error(result.error ?? 'backup failed');
  return result;
}

/** Takes the dump of a started run, records how it ended, then applies retention. Never throws. */
async function completeBackup(db: Db, clock: Clock, config: BackupConfig, id: string, engine: dump.Engine): Promise<Backup> {
  try {
    const file = await writeBackupFile(db, config, engine, clock.now());
    await q.finishBackup(db, id, { status: 'succeeded', now: clock.now(), ...file });
    await applyRetention(config, clock.now()).catch(() => undefined);
  } catch (e) {
    await q.finishBackup(db, id, { status: 'failed', now: clock.now(), error: e instanceof Error ? e.message.slice(0, 2000) : String(e) }).catch(() => undefined);
  }
  return toBackup((await q.findBackup(db, id))!);
}

/** Dumps the database behind `db` into BACKUP_DIR, sealed when a key is set; written aside, then renamed. */
export async function writeBackupFile(db: Db, config: BackupConfig, engine: dump.Engine, at: Date): Promise<{ fileName: string; sizeBytes: number; sha256: string }> {
  const source = databaseSource(db);
  if (!source) throw new Error('the database was not opened through openDatabase');
  await mkdir(config.backupDir, { recursive: true });
  let fileName = dump.backupFileName(engine, at, !!config.backupEncryptionKey);
  for (let n = 2; existsSync(join(config.backupDir, fileName)); n++) fileName = fileName.replace(/^(baocao-\w+-\d{8}-\d{6})(-\d+)?/, `$1-${n}`);
  const work = await mkdtemp(join(tmpdir(), 'baocao-backup-'));
  try {
    const plain = join(work, 'dump');
    if (source.kind === 'postgres') {
      const client = new pg.Client({ connectionString: source.url });
      await client.connect();
      const major = await dump.serverMajor((s) => client.query(s)).finally(() => client.end());
      await dump.pgDump(await dump.findPgTool('pg_dump', major), source.url, source.schema, plain);
    } else {
      await writeFile(plain, await dump.pgliteDump(source.pglite));
    }
    const part = join(config.backupDir, `${fileName}.part`);
    if (config.backupEncryptionKey) await dump.encryptFile(plain, part, config.backupEncryptionKey);
    // A rename across file systems (the temporary folder elsewhere) fails: copy instead.
    else await rename(plain, part).catch(() => copyFile(plain, part));
    const sha256 = await dump.sha256File(part);
    const sizeBytes = (await stat(part)).size;
    await rename(part, join(config.backupDir, fileName));
    return { fileName, sizeBytes, sha256 };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Deletes backup files older than BACKUP_RETENTION_DAYS, always keeping the newest BACKUP_KEEP_LAST
 * whatever their age. Only files named like ours are touched. Returns the names deleted.
 */
export async function applyRetention(config: BackupConfig, now: Date): Promise<string[]> {
  if (!existsSync(config.backupDir)) return [];
  const files = [];
  for (const name of await readdir(config.backupDir)) {
    if (!dump.BACKUP_FILE.test(name)) continue;
    files.push({ name, mtime: (await stat(join(config.backupDir, name))).mtime });
  }
  const expired = selectExpired(files, now, config.backupRetentionDays, config.backupKeepLast);
  for (const name of expired) await unlink(join(config.backupDir, name));
  return expired;
}

/** The rule of applyRetention, on names and times only. */
export function selectExpired(files: { name: string; mtime: Date }[], now: Date, retentionDays: number, keepLast: number): string[] {
  const cutoff = now.getTime() - retentionDays * 86_400_000;
  return [...files]
    .sort((a, b) => b.mtime.getTime() - a.mtime.getTime() || b.name.localeCompare(a.name))
    .slice(keepLast)
    .filter((f) => f.mtime.getTime() < cutoff)
    .map((f) => f.name);
}

function engineOf(db: Db, required?: true): dump.Engine;
function engineOf(db: Db, required: false): dump.Engine | null;
function engineOf(db: Db, required = true): dump.Engine | null {
  const source = databaseSource(db);
  if (!source) {
    if (!required) return null;
    throw new AppError('backup.unsupported', 'Không xác định được cơ sở dữ liệu để sao lưu', 500);
  }
  return source.kind;
}

export type RestoreTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir?: string };

/**
 * Restores a backup file into an empty database: PostgreSQL through pg_restore (the URL's database
 * must hold no table), PGlite into an empty or absent data folder (or in memory). Decrypts first when
 * the file is sealed. Never merges into existing data. Returns the new PGlite instance, if any.
 */
export async function restoreBackup(file: string, target: RestoreTarget, key: string | null): Promise<{ engine: dump.Engine; pglite?: PGlite }> {
  if (!existsSync(file)) throw new AppError('backup.file_missing', `Không tìm thấy tệp sao lưu ${file}`, 400);
  const work = await mkdtemp(join(tmpdir(), 'baocao-restore-'));
  try {
    let plain = file;
    if (await dump.isEncrypted(file)) {
      plain = join(work, 'dump');
      await dump.decryptFile(file, plain, key);
    }
    const engine = await dump.dumpEngine(plain);
    if (engine !== target.kind) {
      throw new AppError('backup.engine_mismatch', `Tệp là bản sao lưu ${engine === 'postgres' ? 'PostgreSQL' : 'PGlite (nhúng)'}; không khôi phục sang ${target.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (nhúng)'} được`, 400);
    }
    if (target.kind === 'pglite') {
      if (target.dataDir && existsSync(target.dataDir) && (await readdir(target.dataDir)).length > 0) {
        throw new AppError('backup.target_not_empty', `Thư mục dữ liệu ${target.dataDir} không rỗng: chỉ khôi phục vào thư mục rỗng hoặc chưa có`, 400);
      }
      return { engine, pglite: await dump.pgliteRestore(await readFile(plain), target.dataDir) };
    }
    const database = await openDatabase({ kind: 'postgres', url: target.url });
    try {
      const tables = await q.userTables(database.db);
      if (tables.length > 0) throw new AppError('backup.target_not_empty', `Cơ sở dữ liệu đích đã có ${tables.length} bảng: chỉ khôi phục vào cơ sở dữ liệu rỗng`, 400);
      const major = await dump.serverMajor(async (s) => ({ rows: (await sql.raw<{ v: string }>(s).execute(database.db)).rows }));
      await dump.pgRestore(await dump.findPgTool('pg_restore', major), target.url, plain);
    } finally {
      await database.close();
    }
    return { engine };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
