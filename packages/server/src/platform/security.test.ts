import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { authAs, call, makeUnit, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { useTestApp } from '../../test/harness.js';
import { secret } from './config.js';
import { createLogger } from './logging.js';
import { CSP } from './security.js';

const t = useTestApp({ rateLimitApiPerMinute: 5 });

describe('security headers', () => {
  it('sends CSP, frame, sniffing, referrer and permissions headers on API answers and errors', async () => {
    for (const res of [await call(t.app, 'GET', '/health'), await call(t.app, 'GET', '/api/v1/auth/session'), await call(t.app, 'GET', '/api/v1/nothing-here')]) {
      expect(res.headers['content-security-policy']).toBe(CSP);
      expect(res.headers['content-security-policy']).toContain("script-src 'self';");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['permissions-policy']).toMatch(/camera=\(\)/);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('lets our own page frame a PDF preview', async () => {
    const res = await call(t.app, 'GET', '/api/v1/assignments/00000000-0000-4000-8000-000000000000/preview.pdf');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('sends HSTS only over HTTPS, and believes X-Forwarded-Proto only behind a trusted proxy', async () => {
    const spoofed = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    const behindProxy = await buildApp({ db: t.db, clock: t.clock, config: { ...t.config, trustProxy: true } });
    try {
      const res = await behindProxy.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await behindProxy.close();
    }
  });
});

describe('API rate limit (in memory, per session / key / address)', () => {
  it('answers 429 with Retry-After past the limit of a minute, per session, and lets the next minute through', async () => {
    t.clock.set(new Date('2026-03-02T03:00:10Z'));
    const user = await makeUser(t.db, await makeUnit(t.db), 'viewer');
    const a = await authAs(t, user);
    const b = await authAs(t, user);
    for (let i = 0; i < 5; i++) expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth: a })).status).toBe(200);
    const over = await call(t.app, 'GET', '/api/v1/auth/session', { auth: a });
    expect(over.status).toBe(429);
    expect(over.json).toMatchObject({ code: 'rate_limited', title: expect.stringMatching(/Quá nhiều yêu cầu/) });
    expect(over.headers['retry-after']).toBe('50');
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth: b })).status).toBe(200);
    t.clock.advance(60_000);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth: a })).status).toBe(200);
  });
});

describe('secrets', () => {
  it('reads a secret from NAME or the file NAME_FILE names', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'baocao-secret-')), 'dms');
    writeFileSync(file, 'tu-tep\n');
    expect(secret({ DMS_TOKEN: 'tu-bien' }, 'DMS_TOKEN')).toBe('tu-bien');
    expect(secret({ DMS_TOKEN_FILE: file }, 'DMS_TOKEN')).toBe('tu-tep');
    expect(secret({}, 'DMS_TOKEN')).toBeNull();
  });
});

describe('the log', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp({ db: t.db, clock: t.clock, config: t.config, logger: createLogger('trace', sink) });
    await app.ready();
  });
  afterAll(async () => app?.close());

  it('never holds the password, the session cookie or the CSRF token of a login', async () => {
    const user = await makeUser(t.db, await makeUnit(t.db), 'viewer');
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: user.username, password: TEST_PASSWORD }) });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']).match(/baocao_sid=([^;]+)/)![1]!;
    const csrf = res.json().csrfToken as string;
    await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `baocao_sid=${cookie}` } });
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: user.username, password: 'Sai-mat-khau-bi-mat-99' }) });
    // Even an object that carries them, logged on purpose, comes out censored.
    app.log.info({ req: { headers: { cookie: `baocao_sid=${cookie}`, authorization: 'Bearer khoa-bi-mat' } }, body: { password: TEST_PASSWORD } }, 'probe');
    const log = lines.join('');
    expect(log).toContain('/api/v1/auth/login');
    expect(log).toContain('[redacted]');
    for (const s of [TEST_PASSWORD, 'Sai-mat-khau-bi-mat-99', cookie, csrf, 'khoa-bi-mat']) expect(log).not.toContain(s);
  });
});
