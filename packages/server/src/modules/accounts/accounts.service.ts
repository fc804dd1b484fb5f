import { createHash, randomBytes } from 'node:crypto';
import { passwordPolicyIssue, type ChangePasswordInput, type LoginInput, type SessionInfo, type TotpChallenge } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import type { Config } from '../../platform/config.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { dummyHash, hashPassword, verifyPassword } from '../../platform/passwords.js';
import type { Actor } from '../../platform/scope.js';
import { createSession, deleteSession, deleteUserSessions } from '../../platform/sessions.js';
import * as q from './accounts.queries.js';
import * as tq from './totp.queries.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export const INVALID = () => new AppError('auth.invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng', 401);

/**
 * Checks a user name and password and opens a session. Anyone. Five failures in a row lock the
 * account for 15 minutes; every attempt on an existing account is audited. An account with TOTP on
 * gets a short-lived challenge instead of a session, completed by `completeTotpLogin`.
 */
export async function login(db: Db, ctx: Ctx, config: Config, input: LoginInput): Promise<LoginOutcome> {
  const now = ctx.clock.now();
  const limits = loginLimitKeys(input.username, ctx.ip);
  const windowStart = new Date(now.getTime() - config.loginWindowMinutes * 60_000);
  await assertLoginAllowed(db, config, limits, now, windowStart);
  const user = await q.findUserByUsername(db, input.username);
  // The hash is checked outside the transaction: argon2 is slow and needs no lock.
  const passwordOk = user ? await verifyPassword(user.password_hash, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
  if (!user || !user.active) {
    await q.insertLoginFailures(db, limits, now, windowStart);
    throw INVALID();
  }
  return db.transaction().execute(async (tx) => {
    const fresh = (await q.findUserById(tx, user.id))!;
    const as = { id: fresh.id, name: fresh.full_name };
    if (fresh.locked_until && fresh.locked_until > now) {
      await recordAudit(tx, ctx, { action: 'auth.login_refused_locked', unitId: fresh.unit_id, targetType: 'user', targetId: fresh.id, actorOverride: as });
      return { failed: 'locked' as const, until: fresh.locked_until };
    }
    if (!passwordOk) {
      await q.insertLoginFailures(tx, limits, now, windowStart);
      const failures = await q.incrementFailedLogins(tx, fresh.id);
      const lock = failures >= MAX_FAILED_LOGINS;
      if (lock) await q.updateUserRow(tx, fresh.id, { failed_logins: 0, locked_until: new Date(now.getTime() + LOCK_MINUTES * 60_000) }, now);
      await recordAudit(tx, ctx, { action: lock ? 'auth.locked' : 'auth.login_failed', unitId: fresh.unit_id, targetType: 'user', targetId: fresh.id, actorOverride: as, details: { failures } });
      return { failed: lock ? ('locked' as const) : ('invalid' as const), until: new Date(now.getTime() + LOCK_MINUTES * 60_000) };
    }
    await q.updateUserRow(tx, fresh.id, { failed_logins: 0, locked_until: null }, now);
    const totp = await tq.findTotp(tx, fresh.id);
    if (totp?.enabled_at) {
      // The user name's failure count stays until the code is right too: guessed codes count toward the limit.
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + TOTP_CHALLENGE_MINUTES * 60_000);
      await tq.insertLoginChallenge(tx, { id: sha256(token), userId: fresh.id, ip: ctx.ip, now, expiresAt });
      await recordAudit(tx, ctx, { action: 'auth.password_accepted', unitId: fresh.unit_id, targetType: 'user', targetId: fresh.id, actorOverride: as, details: { secondFactor: 'totp' } });
      return { challenge: { secondFactor: 'totp' as const, challenge: token, expiresAt: expiresAt.toISOString() } };
    }
    // A success clears the user name's count; the address's stays, so one valid account cannot launder guesses at others.
    await q.deleteLoginFailures(tx, limits[0]!);
    return openSession(tx, ctx, config, fresh, now, {});
  }).then((r) => {
    // The failure is committed (count, lock, audit) before it is reported.
    if ('failed' in r) throw r.failed === 'locked' ? lockedError(r.until) : INVALID();
    return r;
  });
}

export type LoginOutcome = { token: string; session: SessionInfo } | { challenge: TotpChallenge };

/** Minutes a TOTP challenge stays open after the password was accepted. */
export const TOTP_CHALLENGE_MINUTES = 5;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Opens a session for a user whose credentials are all checked, audited as `auth.login`. */
export async function openSession(tx: Db, ctx: Ctx, config: Config, user: q.UserRow, now: Date, details: Record<string, unknown>): Promise<{ token: string; session: SessionInfo }> {
  const s = await createSession(tx, user.id, now, config, { ip: ctx.ip, userAgent: ctx.userAgent });
  await recordAudit(tx, ctx, { action: 'auth.login', unitId: user.unit_id, targetType: 'user', targetId: user.id, actorOverride: { id: user.id, name: user.full_name }, details });
  return {
    token: s.token,
    session: {
      user: { id: user.id, username: user.username, fullName: user.full_name, role: user.role as SessionInfo['user']['role'], unitId: user.unit_id, unitName: user.unit_name, mustChangePassword: user.must_change_password },
      csrfToken: s.csrfToken,
      mode: config.mode,
    },
  };
}

/** The login attempt counters a request falls under: its user name, and its address when known. */
export function loginLimitKeys(username: string, ip: string | null): string[] {
  return [`user:${username}`, ...(ip ? [`ip:${ip}`] : [])];
}

/** Refuses with 429 (and the seconds to wait) once a user name or an address has too many recent failures. */
export async function assertLoginAllowed(db: Db, config: Config, keys: string[], now: Date, windowStart: Date): Promise<void> {
  if (config.loginMaxFailures <= 0) return;
  const counts = await q.countLoginFailures(db, keys, windowStart);
  const over = counts.filter((c) => Number(c.count) >= config.loginMaxFailures);
  if (over.length === 0) return;
  const freeAt = Math.max(...over.map((c) => new Date(c.oldest as Date | string).getTime() + config.loginWindowMinutes * 60_000));
  const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  throw new AppError('auth.rate_limited', `Đăng nhập sai quá nhiều lần trong thời gian ngắn; vui lòng thử lại sau ${minutes} phút`, 429, undefined, { retryAfterSeconds });
}

export function lockedError(until: Date): AppError {
  const time = until.toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' });
  return new AppError('auth.locked', `Tài khoản tạm khóa do nhập sai mật khẩu ${MAX_FAILED_LOGINS} lần; thử lại sau ${time}`, 423);
}

/** The signed-in person's session as the web app needs it. */
export function sessionInfo(actor: Actor, config: Config): SessionInfo {
  return {
    user: { id: actor.id, username: actor.username, fullName: actor.fullName, role: actor.role, unitId: actor.unitId, unitName: actor.unitName, mustChangePassword: actor.mustChangePassword },
    csrfToken: actor.csrfToken,
    mode: config.mode,
  };
}

/** Ends the caller's session. */
export async function logout(db: Db, ctx: Ctx): Promise<void> {
  const actor = ctx.actor!;
  await db.transaction().execute(async (tx) => {
    await deleteSession(tx, actor.sessionId);
    await recordAudit(tx, ctx, { action: 'auth.logout', targetType: 'user', targetId: actor.id });
  });
}

/**
 * Ends every other session of the caller ("sign out on all other devices"), e.g. after a lost phone;
 * this one stays, and "Đăng xuất" ends it. Any signed-in person, for themselves.
 */
export async function logoutOthers(db: Db, ctx: Ctx): Promise<{ ended: number }> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const ended = await deleteUserSessions(tx, actor.id, actor.sessionId);
    await recordAudit(tx, ctx, { action: 'auth.logout_others', targetType: 'user', targetId: actor.id, details: { ended } });
    return { ended };
  });
}

/**
 * The password policy on a password being set (never at login, so seeded demo passwords keep
 * working): the schema's length and characters, then no user name, no common password, no reuse
 * of the current or the previous one.
 */
export async function assertPasswordAcceptable(password: string, user: { username: string; password_hash: string | null; previous_password_hash: string | null }): Promise<void> {
  const issue = passwordPolicyIssue(password, user.username);
  if (issue) badRequest('auth.password_weak', issue, [{ path: 'newPassword', message: issue }]);
  for (const old of [user.password_hash, user.previous_password_hash]) {
    if (old && (await verifyPassword(old, password))) badRequest('auth.password_reused', 'Mật khẩu mới phải khác mật khẩu hiện tại và mật khẩu trước đó');
  }
}

/** Changes the caller's own password after checking the current one; other sessions end. */
export async function changePassword(db: Db, ctx: Ctx, input: ChangePasswordInput): Promise<void> {
  const actor = ctx.actor!;
  const user = (await q.findUserById(db, actor.id))!;
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) badRequest('auth.wrong_password', 'Mật khẩu hiện tại không đúng');
  await assertPasswordAcceptable(input.newPassword, user);
  const hash = await hashPassword(input.newPassword);
  const now = ctx.clock.now();
  await db.transaction().execute(async (tx) => {
    await q.updateUserRow(tx, actor.id, { password_hash: hash, previous_password_hash: user.password_hash, must_change_password: false, password_changed_at: now }, now);
    await deleteUserSessions(tx, actor.id, actor.sessionId);
    await recordAudit(tx, ctx, { action: 'user.password_changed', targetType: 'user', targetId: actor.id });
  });
}
