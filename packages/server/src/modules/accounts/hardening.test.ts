import { describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, TEST_PASSWORD } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';

const t = useTestApp();

async function login(username: string, password: string, ip = '10.0.0.1') {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username, password }) });
  return { status: res.statusCode, json: res.json(), headers: res.headers };
}

describe('login rate limit (in the database, per user name and per address)', () => {
  it('refuses the 11th attempt on an unknown user name within 15 minutes with 429, Retry-After and a Vietnamese message', async () => {
    t.clock.set('2026-04-01T01:00:00Z');
    for (let i = 0; i < 10; i++) {
      expect((await login('ke-do-mat-khau', `Thu-lan-${i}-xyz`, `10.1.0.${i}`)).status).toBe(401);
      t.clock.advance(30_000);
    }
    const refused = await login('ke-do-mat-khau', 'Thu-lan-cuoi-xyz', '10.1.0.99');
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ code: 'auth.rate_limited', title: expect.stringMatching(/^Đăng nhập sai quá nhiều lần.*thử lại sau 10 phút$/) });
    // The oldest failure (at 01:00:00) leaves the window at 01:15:00; it is now 01:05:00.
    expect(refused.headers['retry-after']).toBe('600');
    t.clock.advance(600_000);
    expect((await login('ke-do-mat-khau', 'Thu-lan-sau-xyz', '10.1.0.99')).status).toBe(401);
    expect(await t.db.selectFrom('login_attempts').select('id').where('key', '=', 'user:ke-do-mat-khau').execute()).toHaveLength(10);
  });

  it('limits one address guessing many user names, even when the right password then comes', async () => {
    t.clock.set('2026-04-02T01:00:00Z');
    const user = await makeUser(t.db, await makeUnit(t.db), 'viewer');
    for (let i = 0; i < 10; i++) expect((await login(`ten-doan-${i}`, 'Mat-khau-doan-1', '10.2.0.1')).status).toBe(401);
    expect((await login(user.username, TEST_PASSWORD, '10.2.0.1')).status).toBe(429);
    expect((await login(user.username, TEST_PASSWORD, '10.2.0.2')).status).toBe(200);
  });

  it('forgets a user name’s failures after a successful login', async () => {
    t.clock.set('2026-04-03T01:00:00Z');
    const user = await makeUser(t.db, await makeUnit(t.db), 'viewer');
    for (let i = 0; i < 4; i++) expect((await login(user.username, 'Sai-mat-khau-1', `10.3.0.${i}`)).status).toBe(401);
    expect((await login(user.username, TEST_PASSWORD, '10.3.1.1')).status).toBe(200);
    expect(await t.db.selectFrom('login_attempts').select('id').where('key', '=', `user:${user.username}`).execute()).toHaveLength(0);
  });
});

describe('sessions', () => {
  it('ends a session at its absolute lifetime (SESSION_MAX_HOURS) even when it is used all the time', async () => {
    t.clock.set('2026-04-04T01:00:00Z');
    const user = await makeUser(t.db, await makeUnit(t.db), 'viewer');
    const res = await login(user.username, TEST_PASSWORD, '10.4.0.1');
    const cookie = String(res.headers['set-cookie']).match(/baocao_sid=[^;]+/)![0];
    for (let h = 0; h < t.config.sessionMaxHours; h++) {
      expect((await call(t.app, 'GET', '/api/v1/auth/session', { headers: { cookie } })).status).toBe(200);
      t.clock.advance(3600_000);
    }
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { headers: { cookie } })).status).toBe(401);
  });

  it('signs out on all other devices: the user’s other sessions end, this one and others’ stay', async () => {
    const unit = await makeUnit(t.db);
    const user = await makeUser(t.db, unit, 'leader');
    const colleague = await makeUser(t.db, unit, 'viewer');
    const [here, phone, tablet, theirs] = [await authAs(t, user), await authAs(t, user), await authAs(t, user), await authAs(t, colleague)];
    const res = await call(t.app, 'POST', '/api/v1/auth/logout-others', { auth: here });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ended: 2 });
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth: here })).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth: phone })).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth: tablet })).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth: theirs })).status).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', user.id).execute();
    expect(audit).toContainEqual({ action: 'auth.logout_others', details: { ended: 2 } });
  });

  it('ends the sessions of a user an administrator deactivates or resets', async () => {
    const unit = await makeUnit(t.db);
    const admin = await makeUser(t.db, unit, 'unit_admin');
    const [a, b] = [await makeUser(t.db, unit, 'specialist'), await makeUser(t.db, unit, 'specialist')];
    const [sa, sb] = [await authAs(t, a), await authAs(t, b)];
    const auth = await authAs(t, admin);
    expect((await call(t.app, 'PATCH', `/api/v1/users/${a.id}`, { auth, body: { active: false } })).status).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/users/${b.id}/reset-password`, { auth, body: {} })).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth: sa })).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/auth/session', { auth: sb })).status).toBe(401);
  });
});

describe('password policy (when a password is set, never at login)', () => {
  async function change(auth: Awaited<ReturnType<typeof authAs>>, currentPassword: string, newPassword: string) {
    return call(t.app, 'POST', '/api/v1/auth/password', { auth, body: { currentPassword, newPassword } });
  }

  it('refuses short, user-name-bearing, common and reused passwords with Vietnamese messages', async () => {
    const user = await makeUser(t.db, await makeUnit(t.db), 'specialist');
    const auth = await authAs(t, user);
    const cases: [string, string, string][] = [
      ['Ngan-qua-1', 'validation', 'Mật khẩu tối thiểu 12 ký tự'],
      [`X1-${user.username}-2026`, 'auth.password_weak', 'Mật khẩu không được chứa tên đăng nhập'],
      ['Password@2026', 'auth.password_weak', 'Mật khẩu quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác'],
      ['123456789012abc', 'auth.password_weak', 'Mật khẩu quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác'],
      [TEST_PASSWORD, 'auth.password_reused', 'Mật khẩu mới phải khác mật khẩu hiện tại và mật khẩu trước đó'],
    ];
    for (const [pw, code, message] of cases) {
      const res = await change(auth, TEST_PASSWORD, pw);
      expect(res.status, pw).toBe(400);
      expect(res.json.code, pw).toBe(code);
      expect(res.json.errors?.[0]?.message ?? res.json.title, pw).toBe(message);
    }
  });

  it('refuses going back to the previous password, also after an administrator’s reset', async () => {
    const unit = await makeUnit(t.db);
    const admin = await makeUser(t.db, unit, 'unit_admin');
    const user = await makeUser(t.db, unit, 'specialist');
    let auth = await authAs(t, user);
    expect((await change(auth, TEST_PASSWORD, 'Hoa-sen-tim-2026')).status).toBe(204);
    expect((await change(auth, 'Hoa-sen-tim-2026', TEST_PASSWORD)).json.code).toBe('auth.password_reused');
    const temp = (await call(t.app, 'POST', `/api/v1/users/${user.id}/reset-password`, { auth: await authAs(t, admin), body: {} })).json.temporaryPassword as string;
    auth = await authAs(t, user);
    expect((await change(auth, temp, 'Hoa-sen-tim-2026')).json.code).toBe('auth.password_reused');
    expect((await change(auth, temp, 'Cay-bang-do-2027')).status).toBe(204);
  });

  it('applies to the initial password an administrator gives; a seeded short password still signs in', async () => {
    const unit = await makeUnit(t.db);
    const admin = await makeUser(t.db, unit, 'unit_admin');
    const res = await call(t.app, 'POST', '/api/v1/users', { auth: await authAs(t, admin), body: { username: 'nguyen.van.an', fullName: 'Nguyễn Văn An', role: 'viewer', unitId: unit.id, password: 'Nguyen.van.an-2026' } });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('auth.password_weak');
    const demo = await makeUser(t.db, unit, 'viewer', { password: 'Demo@12345' });
    expect((await login(demo.username, 'Demo@12345', '10.5.0.1')).status).toBe(200);
  });
});
