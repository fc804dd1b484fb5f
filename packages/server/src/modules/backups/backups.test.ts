import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUser, type Auth } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity } from '../../../test/reporting.fixtures.js';
import { databaseSource, openDatabase } from '../../db/database.js';
import type { Config } from '../../platform/config.js';
import { isEncrypted, sha256File } from './backups.dump.js';
import { summarizeTables } from './backups.queries.js';
import { startScheduler } from '../regimes/scheduler.js';
import { applyRetention, restoreBackup, runScheduledBackup, selectExpired, writeBackupFile } from './backups.service.js';

const dir = mkdtempSync(join(tmpdir(), 'baocao-backups-test-'));
const t = useTestApp({ backupDir: dir, backupTime: '02:00', backupRetentionDays: 30, backupKeepLast: 7, backupEncryptionKey: null });
let admin: Auth;
let unitAdmin: Auth;
let specialist: Auth;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Units, users, and one report filled in and submitted, through the API. */
beforeAll(async () => {
  t.clock.set('2026-12-01T02:00:00Z');
  const c = await makeCity(t);
  const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c) });
  expect(regime.status, JSON.stringify(regime.json)).toBe(201);
  const ward = await authAs(t, c.specialists[0]!);
  const id = (await call(t.app, 'GET', '/api/v1/inbox', { auth: ward })).json.items.find((i: { regimeId: string }) => i.regimeId === regime.json.id).id as string;
  const form = await call(t.app, 'GET', `/api/v1/assignments/${id}/form`, { auth: ward });
  const saved = await call(t.app, 'PUT', `/api/v1/assignments/${id}/values`, { auth: ward, body: { baseVersion: form.json.version, changes: { 'R01!KH': '10', 'R01!TH': '9' }, explanations: {} } });
  expect(saved.status, JSON.stringify(saved.json)).toBe(200);
  const submitted = await call(t.app, 'POST', `/api/v1/assignments/${id}/submit`, { auth: ward, body: { version: saved.json.version } });
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
  admin = await authAs(t, await makeUser(t.db, c.city, 'system_admin'));
  unitAdmin = await authAs(t, await makeUser(t.db, c.department, 'unit_admin'));
  specialist = await authAs(t, c.specialists[1]!);
});

const cfg = (extra: Partial<Config> = {}) => ({ ...t.config, ...extra });

async function waitFinished(id: string) {
  for (let i = 0; i < 300; i++) {
    const item = (await call(t.app, 'GET', '/api/v1/backups', { auth: admin })).json.items.find((b: { id: string }) => b.id === id);
    if (item.status !== 'running') return item;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('backup did not finish');
}

/**
 * Restores `path` into a fresh empty database and compares every table with `before`: a PGlite in
 * memory, or (TEST_DATABASE_URL) a new database on the same PostgreSQL server, where the test schema
 * is created again. A second restore into the now full database is refused.
 */
async function expectRestoresTo(path: string, key: string | null, before: Awaited<ReturnType<typeof summarizeTables>>) {
  if (t.engine === 'pglite') {
    const { pglite } = await restoreBackup(path, { kind: 'pglite' }, key);
    const restored = await openDatabase({ kind: 'pglite', pglite: pglite! });
    try {
      expect(await summarizeTables(restored.db)).toEqual(before);
    } finally {
      await restored.close();
    }
    return;
  }
  const source = databaseSource(t.db);
  if (source?.kind !== 'postgres') throw new Error('expected PostgreSQL');
  const name = `baocao_restore_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const adminClient = new pg.Client({ connectionString: source.url });
  await adminClient.connect();
  await adminClient.query(`create database ${name}`);
  const url = new URL(source.url);
  url.pathname = `/${name}`;
  try {
    await restoreBackup(path, { kind: 'postgres', url: url.toString() }, key);
    const restored = await openDatabase({ kind: 'postgres', url: url.toString(), ...(source.schema ? { schema: source.schema } : {}) });
    try {
      expect(await summarizeTables(restored.db)).toEqual(before);
    } finally {
      await restored.close();
    }
    await expect(restoreBackup(path, { kind: 'postgres', url: url.toString() }, key)).rejects.toMatchObject({ code: 'backup.target_not_empty' });
  } finally {
    await adminClient.query(`drop database if exists ${name} with (force)`);
    await adminClient.end();
  }
}

describe('admin API (R30)', () => {
  it('is for the system administrator only', async () => {
    for (const auth of [unitAdmin, specialist]) {
      expect((await call(t.app, 'GET', '/api/v1/backups', { auth })).status).toBe(403);
      const res = await call(t.app, 'POST', '/api/v1/backups', { auth });
      expect([res.status, res.json.code]).toEqual([403, 'forbidden']);
    }
    expect((await call(t.app, 'GET', '/api/v1/backups')).status).toBe(401);
  });

  it('backs up now: running, then succeeded with the file, its size and SHA-256; audited; the list says where and when', async () => {
    const res = await call(t.app, 'POST', '/api/v1/backups', { auth: admin });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json).toMatchObject({ status: 'running', trigger: 'admin', engine: t.engine, encrypted: false });
    const done = await waitFinished(res.json.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    expect(done.fileName).toMatch(new RegExp(`^baocao-${t.engine}-20261201-090000\\.(dump|tar\\.gz)$`));
    const file = join(dir, done.fileName);
    expect(existsSync(file)).toBe(true);
    expect(done.sha256).toBe(await sha256File(file));
    expect(done.sizeBytes).toBeGreaterThan(1000);
    const list = (await call(t.app, 'GET', '/api/v1/backups', { auth: admin })).json;
    expect(list).toMatchObject({ directory: dir, dailyAt: '02:00', retentionDays: 30, keepLast: 7, encryption: false });
    const audit = await t.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'backup.started').execute();
    expect(audit).toEqual([{ action: 'backup.started', target_id: res.json.id }]);
  });

  it('runs one backup at a time: 409 while another is running', async () => {
    const id = randomUUID();
    await t.db.insertInto('backups').values({ id, trigger: 'cli', engine: t.engine, status: 'running', started_at: t.clock.now(), encrypted: false }).execute();
    const res = await call(t.app, 'POST', '/api/v1/backups', { auth: admin });
    expect([res.status, res.json.code]).toEqual([409, 'backup.running']);
    await t.db.updateTable('backups').set({ status: 'failed', finished_at: t.clock.now() }).where('id', '=', id).execute();
  });
});

describe('restore gives back the same database', () => {
  it('restores into a fresh empty database: every table, same rows and checksums', async () => {
    const before = await summarizeTables(t.db);
    const file = await writeBackupFile(t.db, cfg(), t.engine, new Date('2026-12-01T03:00:00Z'));
    expect(await summarizeTables(t.db)).toEqual(before);
    expect(before.find((s) => s.table === 'units')!.rows).toBeGreaterThanOrEqual(5);
    expect(before.find((s) => s.table === 'users')!.rows).toBeGreaterThanOrEqual(5);
    expect(before.find((s) => s.table === 'assignments')!.rows).toBeGreaterThanOrEqual(3);
    const path = join(dir, file.fileName);
    await expectRestoresTo(path, null, before);
    if (t.engine === 'pglite') {
      // Never over existing data, never across engines.
      const full = mkdtempSync(join(tmpdir(), 'baocao-full-'));
      writeFileSync(join(full, 'PG_VERSION'), '17');
      await expect(restoreBackup(path, { kind: 'pglite', dataDir: full }, null)).rejects.toMatchObject({ code: 'backup.target_not_empty' });
      rmSync(full, { recursive: true });
      await expect(restoreBackup(path, { kind: 'postgres', url: 'postgres://nowhere/x' }, null)).rejects.toMatchObject({ code: 'backup.engine_mismatch' });
    }
  });

  it('encrypts with a raw key or a passphrase; the right key restores, a wrong or missing key fails clearly', async () => {
    for (const key of ['a1'.repeat(32), 'cụm mật khẩu dài của đơn vị vận hành']) {
      const before = await summarizeTables(t.db);
      const file = await writeBackupFile(t.db, cfg({ backupEncryptionKey: key }), t.engine, new Date('2026-12-01T04:00:00Z'));
      const path = join(dir, file.fileName);
      expect(file.fileName).toMatch(/\.enc$/);
      expect(await isEncrypted(path)).toBe(true);
      await expect(restoreBackup(path, { kind: t.engine === 'pglite' ? 'pglite' : 'postgres', url: 'postgres://unused/x' } as never, 'khóa sai')).rejects.toMatchObject({ code: 'backup.wrong_key' });
      await expect(restoreBackup(path, { kind: 'pglite' }, null)).rejects.toMatchObject({ code: 'backup.key_required' });
      await expectRestoresTo(path, key, before);
    }
  });
});

describe('schedule and retention', () => {
  it('takes the daily backup once per Vietnam day, from BACKUP_TIME on', async () => {
    const deps = { db: t.db, clock: t.clock, config: cfg({ backupTime: '02:00' }) };
    t.clock.set('2026-12-02T18:30:00Z'); // 01:30 on the 3rd in Vietnam: not yet
    expect(await runScheduledBackup(deps)).toBeNull();
    t.clock.set('2026-12-02T19:05:00Z'); // 02:05 on the 3rd
    const taken = await runScheduledBackup(deps);
    expect(taken).toMatchObject({ trigger: 'schedule', status: 'succeeded' });
    t.clock.set('2026-12-03T10:00:00Z'); // later the same Vietnam day, or a second server
    expect(await runScheduledBackup(deps)).toBeNull();
    const rows = await t.db.selectFrom('backups').select(['schedule_day', 'status']).where('trigger', '=', 'schedule').execute();
    expect(rows).toEqual([{ schedule_day: '2026-12-03', status: 'succeeded' }]);
    expect(await runScheduledBackup({ ...deps, config: cfg({ backupTime: null }) })).toBeNull();
  });

  it('is taken on the scheduler\'s timer (not on the pass at start)', async () => {
    t.clock.set('2026-12-03T20:00:00Z'); // 03:00 on the 4th in Vietnam
    const atStart = startScheduler({ db: t.db, clock: t.clock, config: cfg({ schedulerIntervalSeconds: 0 }), sender: null });
    await atStart.stop();
    expect(await t.db.selectFrom('backups').select('id').where('schedule_day', '=', '2026-12-04').execute()).toEqual([]);
    const scheduler = startScheduler({ db: t.db, clock: t.clock, config: cfg({ schedulerIntervalSeconds: 1 }), sender: null });
    await expect.poll(async () => (await t.db.selectFrom('backups').select('status').where('schedule_day', '=', '2026-12-04').executeTakeFirst())?.status, { timeout: 30_000, interval: 200 }).toBe('succeeded');
    await scheduler.stop();
    const row = await t.db.selectFrom('backups').select(['status', 'file_name']).where('schedule_day', '=', '2026-12-04').executeTakeFirstOrThrow();
    expect(row.status).toBe('succeeded');
    expect(existsSync(join(dir, row.file_name!))).toBe(true);
  });

  it('deletes files older than the retention period but always keeps the newest few', async () => {
    const now = new Date('2026-12-31T00:00:00Z');
    const files = Array.from({ length: 10 }, (_, i) => ({ name: `baocao-pglite-202612${String(30 - i).padStart(2, '0')}-020000.tar.gz`, mtime: new Date(now.getTime() - i * 10 * 86_400_000) }));
    // Ages 0, 10, … 90 days: older than 30 days are 40…90, but the newest 3 are kept anyway.
    expect(selectExpired(files, now, 30, 3)).toEqual(files.slice(4).map((f) => f.name));
    expect(selectExpired(files, now, 30, 6)).toEqual(files.slice(6).map((f) => f.name));
    expect(selectExpired(files, now, 0, 0)).toEqual(files.slice(1).map((f) => f.name)); // all but the one written this instant

    const folder = mkdtempSync(join(tmpdir(), 'baocao-retention-'));
    mkdirSync(folder, { recursive: true });
    for (const f of files) {
      writeFileSync(join(folder, f.name), 'x');
      utimesSync(join(folder, f.name), f.mtime, f.mtime);
    }
    writeFileSync(join(folder, 'ghi-chu.txt'), 'không phải bản sao lưu');
    utimesSync(join(folder, 'ghi-chu.txt'), new Date(0), new Date(0));
    const deleted = await applyRetention(cfg({ backupDir: folder, backupRetentionDays: 30, backupKeepLast: 3 }), now);
    expect(deleted).toHaveLength(6);
    expect(readdirSync(folder).sort()).toEqual([...files.slice(0, 4).map((f) => f.name), 'ghi-chu.txt'].sort());
    rmSync(folder, { recursive: true });
  });
});

