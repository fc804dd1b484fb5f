import { describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';

const t = useTestApp();

async function login(username: string, password: string) {
  return call(t.app, 'POST', '/api/v1/auth/login', { body: { username, password } });
}

describe('login', () => {
  it('opens a server-side session behind an httpOnly SameSite cookie and returns a CSRF token', async () => {
    const unit = await makeUnit(t.db);
    const user = await makeUser(t.db, unit, 'specialist');
    const res = await login(user.username.toUpperCase(), TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ id: user.id, role: 'specialist', unitId: unit.id });
    expect(res.json.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/baocao_sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const token = cookie.match(/baocao_sid=([^;]+)/)![1]!;
    const session = await call(t.app, 'GET', '/api/v1/auth/session', { headers: { cookie: `baocao_sid=${token}` } });
    expect(session.json.user.username).toBe(user.username);
    const stored = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toBe(token);
  });

  it('refuses a wrong password and an unknown user alike, with a Vietnamese problem', async () => {
    const user = await makeUser(t.db, await makeUnit(t.db), 'viewer');
    for (const res of [await login(user.username, 'sai-mat-khau-1'), await login('khong-ton-tai', 'x')]) {
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json).toMatchObject({ code: 'auth.invalid_credentials', title: 'Tên đăng nhập hoặc mật khẩu không đúng' });
    }
  });

  it('locks the account for 15 minutes after 5 failed logins, then lets the right password in', async () => {
    const user = await makeUser(t.db, await makeUnit(t.db), 'leader');
    for (let i = 0; i < 4; i++) expect((await login(user.username, 'sai-mat-khau-1')).status).toBe(401);
    const fifth = await login(user.username, 'sai-mat-khau-1');
    expect(fifth.status).toBe(423);
    expect(fifth.json.code).toBe('auth.locked');
    expect((await login(user.username, TEST_PASSWORD)).status).toBe(423);
    t.clock.advance(14 * 60_000);
    expect((await login(user.username, TEST_PASSWORD)).status).toBe(423);
    t.clock.advance(61_000);
    expect((await login(user.username, TEST_PASSWORD)).status).toBe(200);
    const actions = await t.db.selectFrom('audit_log').select('action').where('target_id', '=', user.id).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual([
      'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.locked',
      'auth.login_refused_locked', 'auth.login_refused_locked', 'auth.login',
    ]);
  });

  it('lets an administrator unlock a locked account', async () => {
    const unit = await makeUnit(t.db);
    const admin = await makeUser(t.db, unit, 'unit_admin');
    const user = await makeUser(t.db, await makeUnit(t.db, { parent: unit }), 'specialist');
    for (let i = 0; i < 5; i++) await login(user.username, 'sai-mat-khau-1');
    expect((await login(user.username, TEST_PASSWORD)).status).toBe(423);
    const res = await call(t.app, 'POST', `/api/v1/users/${user.id}/unlock`, { auth: await authAs(t, admin), body: {} });
    expect(res.status).toBe(200);
    expect(res.json.lockedUntil).toBeNull();
    expect((await login(user.username, TEST_PASSWORD)).status).toBe(200);
  });
});

describe('session, CSRF and logout', () => {
  it('answers 401 without a session and 403 for a state change without the CSRF token', async () => {
    expect((await call(t.app, 'GET', '/api/v1/auth/session')).status).toBe(401);
    const unit = await makeUnit(t.db);
    const admin = await makeUser(t.db, unit, 'system_admin');
    const auth = await authAs(t, admin);
    const noCsrf = await call(t.app, 'POST', '/api/v1/units', { headers: { cookie: auth.headers.cookie! }, body: { code: 'X1', name: 'X', kind: 'department', parentId: unit.id } });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.code).toBe('auth.csrf');
    const wrongCsrf = await call(t.app, 'POST', '/api/v1/units', { headers: { cookie: auth.headers.cookie!, 'x-csrf-token': 'x'.repeat(32) }, body: { code: 'X1', name: 'X', kind: 'department', parentId: unit.id } });
    expect(wrongCsrf.status).toBe(403);
    expect(await t.db.selectFrom('units').select('id').where('code', '=', 'X1').executeTakeFirst()).toBeUndefined();
  });

  it('logs out: the cookie no longer opens anything', async () => {
    const user = await makeUser(t.db, await makeUnit(t.db), 'viewer');
    const auth = await authAs(t, user);
    expect((await call(t.app, 'POST', '/api/v1/auth/logout', { auth })).status).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth })).status).toBe(401);
  });

  it('expires a session left idle for longer than the idle timeout', async () => {
    const user = await makeUser(t.db, await makeUnit(t.db), 'viewer');
    const auth = await authAs(t, user);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth })).status).toBe(200);
    t.clock.advance((t.config.sessionIdleMinutes + 1) * 60_000);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth })).status).toBe(401);
  });
});

describe('passwords', () => {
  it('changes the own password after checking the current one, ending other sessions', async () => {
    const user = await makeUser(t.db, await makeUnit(t.db), 'specialist');
    const other = await authAs(t, user);
    const auth = await authAs(t, user);
    const wrong = await call(t.app, 'POST', '/api/v1/auth/password', { auth, body: { currentPassword: 'khong-dung-1', newPassword: 'MatKhauMoi-2026' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.code).toBe('auth.wrong_password');
    const weak = await call(t.app, 'POST', '/api/v1/auth/password', { auth, body: { currentPassword: TEST_PASSWORD, newPassword: 'ngan' } });
    expect(weak.status).toBe(400);
    expect(weak.json.errors[0].message).toBe('Mật khẩu tối thiểu 12 ký tự');
    expect((await call(t.app, 'POST', '/api/v1/auth/password', { auth, body: { currentPassword: TEST_PASSWORD, newPassword: 'MatKhauMoi-2026' } })).status).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth })).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth: other })).status).toBe(401);
    expect((await login(user.username, 'MatKhauMoi-2026')).status).toBe(200);
  });

  it('resets a password to a one-time one that must be changed before anything else', async () => {
    const unit = await makeUnit(t.db);
    const admin = await makeUser(t.db, unit, 'unit_admin');
    const user = await makeUser(t.db, unit, 'specialist');
    const reset = await call(t.app, 'POST', `/api/v1/users/${user.id}/reset-password`, { auth: await authAs(t, admin), body: {} });
    expect(reset.status).toBe(200);
    const temp = reset.json.temporaryPassword as string;
    expect(temp).toHaveLength(14);
    expect((await login(user.username, TEST_PASSWORD)).status).toBe(401);
    const res = await login(user.username, temp);
    expect(res.json.user.mustChangePassword).toBe(true);
    const cookie = String(res.headers['set-cookie']).match(/baocao_sid=[^;]+/)![0];
    const auth = { headers: { cookie, 'x-csrf-token': res.json.csrfToken }, csrf: res.json.csrfToken };
    const blocked = await call(t.app, 'GET', '/api/v1/units/tree', { auth });
    expect(blocked.status).toBe(403);
    expect(blocked.json.code).toBe('auth.password_change_required');
    expect((await call(t.app, 'POST', '/api/v1/auth/password', { auth, body: { currentPassword: temp, newPassword: 'DaDoiMatKhau-1' } })).status).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/units/tree', { auth })).status).toBe(200);
  });
});
