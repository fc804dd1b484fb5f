/**
 * R21 through a crash: the real server runs as a child process on its own database; a leader signs,
 * the outbox starts delivering to the document management system (a local HTTP receiver that files the
 * report but does not answer yet), and the server is killed with SIGKILL between commit and the end of
 * delivery. Restarted, it delivers again with the same idempotency key: the receiver files it once.
 * Runs on PGlite (a data folder) and, with TEST_DATABASE_URL, on a fresh PostgreSQL database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startDmsReceiver } from '../../../test/dms-receiver.js';
import { freePort, until } from '../../../test/process.js';

const SERVER = resolve(dirname(fileURLToPath(import.meta.url)), '../../main.ts');

async function client(base: string, username: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Demo@12345' }) });
  expect(login.status, `login ${username}`).toBe(200);
  const session = (await login.json()) as { csrfToken: string; user: { unitId: string } };
  const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  return {
    session,
    call: async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': session.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      expect(res.ok, `${method} ${path}: ${res.status} ${text}`).toBe(true);
      return JSON.parse(text) as T;
    },
  };
}

describe('delivery to the document management system survives a crash (R21)', () => {
  const children: ChildProcess[] = [];
  let dropDatabase: (() => Promise<void>) | null = null;
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await dropDatabase?.();
  });

  it('a server killed mid-delivery delivers on restart, exactly once as the receiver sees it', async () => {
    const dms = await startDmsReceiver();
    const dataDir = mkdtempSync(join(tmpdir(), 'baocao-restart-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env, NODE_ENV: 'production', BAOCAO_MODE: 'demo', BAOCAO_DATA_DIR: dataDir, BAOCAO_WEB_DIST: '', HOST: '127.0.0.1', PORT: String(await freePort()),
      LOG_LEVEL: 'warn', DMS_URL: dms.url, OUTBOX_INTERVAL_MS: '200', OUTBOX_LEASE_SECONDS: '3', OUTBOX_RETRY_BASE_SECONDS: '1', SCHEDULER_INTERVAL_SECONDS: '0',
    };
    delete env.DATABASE_URL;
    if (process.env.TEST_DATABASE_URL) {
      const name = `restart_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(process.env.TEST_DATABASE_URL);
      url.pathname = `/${name}`;
      env.DATABASE_URL = url.toString();
      dropDatabase = async () => {
        const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      };
    }
    const base = `http://127.0.0.1:${env.PORT}`;
    const start = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', SERVER], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      await until('the server to be ready', async () => (await fetch(`${base}/ready`)).ok);
      return child;
    };

    const first = await start();
    const stc = await client(base, 'chuyenvien.stc');
    const ward = await client(base, 'chuyenvien.lechan');
    const leader = await client(base, 'lanhdao.lechan');
    const templates = await stc.call<{ id: string; code: string }[]>('GET', '/templates?status=official');
    const admin = await client(base, 'quantri');
    const leChan = (await admin.call<{ id: string; code: string }[]>('GET', `/units?q=${encodeURIComponent('Lê Chân')}`)).find((u) => u.code === '11383')!;
    const due = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const regime = await stc.call<{ id: string }>('POST', '/regimes', {
      kind: 'ad_hoc', code: `KHOI-DONG-${Date.now().toString(36)}`.toUpperCase(), name: 'Báo cáo nhanh thu ngân sách (thử khởi động lại)', requestingUnitId: stc.session.user.unitId,
      templateIds: [templates.find((t) => t.code === 'DEMO-STC-01')!.id], targets: [{ type: 'units', unitIds: [leChan.id] }], legalBasis: 'Thử nghiệm', dueOn: due,
    });
    const inbox = await ward.call<{ items: { id: string; regimeId: string }[] }>('GET', '/inbox');
    const id = inbox.items.find((i) => i.regimeId === regime.id)!.id;
    const form = await ward.call<{ version: number }>('GET', `/assignments/${id}/form`);
    const saved = await ward.call<{ version: number }>('PUT', `/assignments/${id}/values`, { baseVersion: form.version, changes: { 'R01!KH': '100', 'R01!TH': '90' }, explanations: {} });
    await ward.call('POST', `/assignments/${id}/submit`, { version: saved.version });

    // The DMS files what it receives but does not answer: the delivery is in flight when the server dies.
    dms.mode = 'hang';
    const signed = await leader.call<{ status: string; signatures: { id: string; documentNumber: string }[] }>('POST', `/assignments/${id}/sign`, { versionNumber: 1 });
    expect(signed.status).toBe('sent');
    const key = `dms:${signed.signatures[0]!.id}`;
    await until('the first delivery attempt', async () => dms.requests.length >= 1);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(dms.requests.map((r) => r.key)).toEqual([key]);

    dms.mode = 'ok';
    const second = await start();
    await until('the delivery after restart', async () => dms.requests.length >= 2, 60_000);
    // Give a duplicate every chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1500));
    expect(new Set(dms.requests.map((r) => r.key))).toEqual(new Set([key]));
    expect(dms.requests.length).toBe(2);
    expect(dms.filed.size).toBe(1);
    expect(dms.filed.get(key)!.body.documentNumber).toBe(signed.signatures[0]!.documentNumber);
    // The report itself survived the crash: signed, sent, its signature still valid.
    const wf = await leader.call<{ status: string; signatures: { verification: { valid: boolean } }[] }>('GET', `/assignments/${id}/workflow`);
    expect([wf.status, wf.signatures[0]!.verification.valid]).toEqual(['sent', true]);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    await dms.close();
  }, 240_000);
});
