import { describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, TEST_PASSWORD, type Auth, type TestUser } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { base32Decode, base32Encode, hotp, matchTotp, totpCode, totpStep } from './totp.js';

describe('TOTP (RFC 6238, HMAC-SHA1)', () => {
  // RFC 6238 Appendix B: the SHA1 key is the ASCII "12345678901234567890", 8 digits.
  const key = Buffer.from('12345678901234567890', 'ascii');
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];

  it.each(vectors)('gives the RFC 6238 test vector at T = %i', (seconds, expected) => {
    const at = new Date(seconds * 1000);
    expect(hotp(key, totpStep(at), 8)).toBe(expected);
    expect(totpCode(base32Encode(key), at, 8)).toBe(expected);
    // Six digits are the last six of the eight (the same truncated value, modulo 10^6).
    expect(totpCode(base32Encode(key), at)).toBe(expected.slice(2));
  });

  it('round-trips base32 (the RFC 4648 encoding of the test key)', () => {
    expect(base32Encode(key)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq')).toEqual(key);
  });

  it('accepts one step either side, not two, and a step only once', () => {
    const secret = base32Encode(key);
    const at = new Date(1111111111 * 1000);
    const step = totpStep(at);
    const codeAt = (s: number) => hotp(key, s);
    expect(matchTotp(secret, codeAt(step - 1), at, null)).toBe(step - 1);
    expect(matchTotp(secret, codeAt(step + 1), at, null)).toBe(step + 1);
    expect(matchTotp(secret, codeAt(step - 2), at, null)).toBeNull();
    expect(matchTotp(secret, codeAt(step), at, step)).toBeNull();
    expect(matchTotp(secret, codeAt(step), at, step - 1)).toBe(step);
  });
});

const t = useTestApp();

async function login(username: string, password = TEST_PASSWORD, ip = '10.8.0.1') {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username, password }) });
  return { status: res.statusCode, json: res.json(), cookie: res.headers['set-cookie'] };
}

async function secondStep(challenge: string, code: string, ip = '10.8.0.1') {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ challenge, code }) });
  return { status: res.statusCode, json: res.json(), cookie: res.headers['set-cookie'] };
}

/** Enrolls `user` at the clock's current time; returns the secret, the recovery codes and the session. */
async function enroll(user: TestUser): Promise<{ secret: string; recoveryCodes: string[]; auth: Auth }> {
  const auth = await authAs(t, user);
  const setup = await call(t.app, 'POST', '/api/v1/auth/totp/setup', { auth, body: {} });
  expect(setup.status).toBe(200);
  const secret = setup.json.secret as string;
  expect(setup.json.uri).toBe(`otpauth://totp/baocao:${user.username}?secret=${secret}&issuer=baocao`);
  const confirm = await call(t.app, 'POST', '/api/v1/auth/totp/confirm', { auth, body: { code: totpCode(secret, t.clock.now()) } });
  expect(confirm.status).toBe(200);
  return { secret, recoveryCodes: confirm.json.recoveryCodes, auth };
}

async function auditOf(userId: string) {
  return (await t.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', userId).orderBy('seq').execute()).map((r) => r.action);
}

describe('TOTP enrollment and sign-in', () => {
  it('enrolls a leader: the secret is stored pending, confirmed by a current code, never shown again; recovery codes hashed', async () => {
    t.clock.set('2026-05-01T01:00:00Z');
    const user = await makeUser(t.db, await makeUnit(t.db), 'leader');
    const auth = await authAs(t, user);
    expect((await call(t.app, 'GET', '/api/v1/auth/totp', { auth })).json).toEqual({ allowed: true, enabled: false, pending: false, recoveryCodesLeft: 0 });
    const setup = await call(t.app, 'POST', '/api/v1/auth/totp/setup', { auth, body: {} });
    expect(setup.json.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((await call(t.app, 'GET', '/api/v1/auth/totp', { auth })).json).toMatchObject({ enabled: false, pending: true });
    const wrong = await call(t.app, 'POST', '/api/v1/auth/totp/confirm', { auth, body: { code: '000000' === totpCode(setup.json.secret, t.clock.now()) ? '111111' : '000000' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.code).toBe('auth.totp_invalid');
    const ok = await call(t.app, 'POST', '/api/v1/auth/totp/confirm', { auth, body: { code: totpCode(setup.json.secret, t.clock.now()) } });
    expect(ok.status).toBe(200);
    expect(ok.json.recoveryCodes).toHaveLength(8);
    expect(new Set(ok.json.recoveryCodes).size).toBe(8);
    const status = await call(t.app, 'GET', '/api/v1/auth/totp', { auth });
    expect(status.json).toEqual({ allowed: true, enabled: true, pending: false, recoveryCodesLeft: 8 });
    expect(JSON.stringify(status.json)).not.toContain(setup.json.secret);
    const row = (await t.db.selectFrom('user_totp').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow());
    expect(row.recovery_code_hashes.every((h) => h.startsWith('$argon2id$'))).toBe(true);
    // A second setup would overwrite the secret of an enabled factor: refused.
    expect((await call(t.app, 'POST', '/api/v1/auth/totp/setup', { auth, body: {} })).json.code).toBe('auth.totp_already_enabled');
    expect(await auditOf(user.id)).toEqual(expect.arrayContaining(['auth.totp_enrollment_started', 'auth.totp_enabled']));
  });

  it('is for leaders and administrators only', async () => {
    const unit = await makeUnit(t.db);
    for (const role of ['specialist', 'viewer'] as const) {
      const auth = await authAs(t, await makeUser(t.db, unit, role));
      expect((await call(t.app, 'GET', '/api/v1/auth/totp', { auth })).json.allowed).toBe(false);
      expect((await call(t.app, 'POST', '/api/v1/auth/totp/setup', { auth, body: {} })).status).toBe(403);
    }
    for (const role of ['unit_admin', 'system_admin'] as const) {
      const auth = await authAs(t, await makeUser(t.db, unit, role));
      expect((await call(t.app, 'POST', '/api/v1/auth/totp/setup', { auth, body: {} })).status).toBe(200);
    }
  });

  it('asks for the code after the password; a code opens the session once, and not again', async () => {
    t.clock.set('2026-05-02T01:00:00Z');
    const user = await makeUser(t.db, await makeUnit(t.db), 'unit_admin');
    const { secret } = await enroll(user);
    t.clock.advance(60_000);
    const first = await login(user.username);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ secondFactor: 'totp', challenge: expect.any(String), expiresAt: '2026-05-02T01:06:00.000Z' });
    expect(first.cookie).toBeUndefined();
    const code = totpCode(secret, t.clock.now());
    const done = await secondStep(first.json.challenge, code);
    expect(done.status).toBe(200);
    expect(done.json.user.username).toBe(user.username);
    const cookie = String(done.cookie).match(/baocao_sid=[^;]+/)![0];
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { headers: { cookie } })).status).toBe(200);
    // The challenge is spent, and the same code on a new challenge is refused (replay).
    expect((await secondStep(first.json.challenge, code)).json.code).toBe('auth.totp_challenge_expired');
    const again = await login(user.username);
    const replay = await secondStep(again.json.challenge, code);
    expect(replay.status).toBe(401);
    expect(replay.json.code).toBe('auth.totp_invalid');
    // Thirty seconds later the next code works on the same challenge.
    t.clock.advance(30_000);
    expect((await secondStep(again.json.challenge, totpCode(secret, t.clock.now()))).status).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', user.id).where('action', 'in', ['auth.login', 'auth.totp_failed', 'auth.password_accepted']).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['auth.password_accepted', 'auth.login', 'auth.password_accepted', 'auth.totp_failed', 'auth.login']);
    expect(audit[1]!.details).toEqual({ secondFactor: 'totp' });
  });

  it('lets a user without TOTP sign in with the password alone', async () => {
    const user = await makeUser(t.db, await makeUnit(t.db), 'leader');
    const res = await login(user.username, TEST_PASSWORD, '10.8.1.1');
    expect(res.status).toBe(200);
    expect(res.json.user.id).toBe(user.id);
  });

  it('expires a challenge after five minutes and after five wrong codes', async () => {
    t.clock.set('2026-05-03T01:00:00Z');
    const user = await makeUser(t.db, await makeUnit(t.db), 'leader');
    const { secret } = await enroll(user);
    t.clock.advance(60_000);
    const late = await login(user.username, TEST_PASSWORD, '10.8.2.1');
    t.clock.advance(5 * 60_000 + 1000);
    expect((await secondStep(late.json.challenge, totpCode(secret, t.clock.now()), '10.8.2.1')).json.code).toBe('auth.totp_challenge_expired');
    const c = (await login(user.username, TEST_PASSWORD, '10.8.2.2')).json.challenge;
    const right = totpCode(secret, t.clock.now());
    const wrongCode = right === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) expect((await secondStep(c, wrongCode, '10.8.2.2')).json.code).toBe('auth.totp_invalid');
    expect((await secondStep(c, right, '10.8.2.2')).json.code).toBe('auth.totp_challenge_expired');
  });

  it('counts wrong codes toward the login rate limit (login_attempts), with 429 and Retry-After', async () => {
    t.clock.set('2026-05-04T01:00:00Z');
    const user = await makeUser(t.db, await makeUnit(t.db), 'leader');
    const { secret } = await enroll(user);
    t.clock.advance(60_000);
    for (let round = 0; round < 2; round++) {
      const c = (await login(user.username, TEST_PASSWORD, `10.8.3.${round}`)).json.challenge;
      for (let i = 0; i < 5; i++) await secondStep(c, totpCode(secret, new Date(t.clock.now().getTime() - 3600_000 * (i + 1))), `10.8.3.${round}`);
    }
    expect(await t.db.selectFrom('login_attempts').select('id').where('key', '=', `user:${user.username}`).execute()).toHaveLength(10);
    const refused = await login(user.username, TEST_PASSWORD, '10.8.3.9');
    expect(refused.status).toBe(429);
  });

  it('signs in with a recovery code once when the phone is lost', async () => {
    t.clock.set('2026-05-05T01:00:00Z');
    const user = await makeUser(t.db, await makeUnit(t.db), 'leader');
    const { recoveryCodes, auth } = await enroll(user);
    const code = recoveryCodes[3]!;
    const c1 = (await login(user.username, TEST_PASSWORD, '10.8.4.1')).json.challenge;
    const ok = await secondStep(c1, code.toUpperCase().replace('-', ''), '10.8.4.1');
    expect(ok.status).toBe(200);
    const c2 = (await login(user.username, TEST_PASSWORD, '10.8.4.1')).json.challenge;
    expect((await secondStep(c2, code, '10.8.4.1')).json.code).toBe('auth.totp_invalid');
    expect((await call(t.app, 'GET', '/api/v1/auth/totp', { auth })).json.recoveryCodesLeft).toBe(7);
  });

  it('is turned off by the user with a current code, and then the password alone signs in', async () => {
    t.clock.set('2026-05-06T01:00:00Z');
    const user = await makeUser(t.db, await makeUnit(t.db), 'leader');
    const { secret, auth } = await enroll(user);
    // The confirming code is spent: it cannot also turn the factor off.
    expect((await call(t.app, 'POST', '/api/v1/auth/totp/disable', { auth, body: { code: totpCode(secret, t.clock.now()) } })).json.code).toBe('auth.totp_invalid');
    t.clock.advance(30_000);
    expect((await call(t.app, 'POST', '/api/v1/auth/totp/disable', { auth, body: { code: totpCode(secret, t.clock.now()) } })).status).toBe(204);
    expect((await login(user.username, TEST_PASSWORD, '10.8.5.1')).json.user.id).toBe(user.id);
    expect(await auditOf(user.id)).toContain('auth.totp_disabled');
  });

  it('is reset by an administrator over the user: audited, the user’s sessions end', async () => {
    t.clock.set('2026-05-07T01:00:00Z');
    const unit = await makeUnit(t.db);
    const admin = await makeUser(t.db, unit, 'unit_admin');
    const other = await makeUser(t.db, await makeUnit(t.db), 'unit_admin');
    const user = await makeUser(t.db, unit, 'leader');
    const { auth } = await enroll(user);
    // Outside the administrator's subtree the user does not exist for them.
    expect((await call(t.app, 'POST', `/api/v1/users/${user.id}/totp/reset`, { auth: await authAs(t, other), body: {} })).status).toBe(404);
    expect((await call(t.app, 'POST', `/api/v1/users/${user.id}/totp/reset`, { auth: await authAs(t, admin), body: {} })).status).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth })).status).toBe(401);
    expect((await login(user.username, TEST_PASSWORD, '10.8.6.1')).json.user.id).toBe(user.id);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('target_id', '=', user.id).where('action', '=', 'user.totp_reset').execute();
    expect(audit).toEqual([{ action: 'user.totp_reset', actor_id: admin.id, details: { sessionsEnded: 1 } }]);
    expect((await call(t.app, 'POST', `/api/v1/users/${user.id}/totp/reset`, { auth: await authAs(t, admin), body: {} })).json.code).toBe('auth.totp_not_enabled');
  });
});
