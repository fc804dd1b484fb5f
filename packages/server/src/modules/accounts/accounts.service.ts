import type { ChangePasswordInput, LoginInput, SessionInfo } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import type { Config } from '../../platform/config.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { dummyHash, hashPassword, verifyPassword } from '../../platform/passwords.js';
import type { Actor } from '../../platform/scope.js';
import { createSession, deleteSession, deleteUserSessions } from '../../platform/sessions.js';
import * as q from './accounts.queries.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

const INVALID = () => new AppError('auth.invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng', 401);

/**
 * Checks a user name and password and opens a session. Anyone. Five failures in a row lock the
 * account for 15 minutes; every attempt on an existing account is audited.
 */
export async function login(db: Db, ctx: Ctx, config: Config, input: LoginInput): Promise<{ token: string; session: SessionInfo }> {
  const user = await q.findUserByUsername(db, input.username);
  // The hash is checked outside the transaction: argon2 is slow and needs no lock.
  const passwordOk = user ? await verifyPassword(user.password_hash, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
  if (!user || !user.active) throw INVALID();
  const now = ctx.clock.now();
  return db.transaction().execute(async (tx) => {
    const fresh = (await q.findUserById(tx, user.id))!;
    const as = { id: fresh.id, name: fresh.full_name };
    if (fresh.locked_until && fresh.locked_until > now) {
      await recordAudit(tx, ctx, { action: 'auth.login_refused_locked', unitId: fresh.unit_id, targetType: 'user', targetId: fresh.id, actorOverride: as });
      return { failed: 'locked' as const, until: fresh.locked_until };
    }
    if (!passwordOk) {
      const failures = await q.incrementFailedLogins(tx, fresh.id);
      const lock = failures >= MAX_FAILED_LOGINS;
      if (lock) await q.updateUserRow(tx, fresh.id, { failed_logins: 0, locked_until: new Date(now.getTime() + LOCK_MINUTES * 60_000) }, now);
      await recordAudit(tx, ctx, { action: lock ? 'auth.locked' : 'auth.login_failed', unitId: fresh.unit_id, targetType: 'user', targetId: fresh.id, actorOverride: as, details: { failures } });
      return { failed: lock ? ('locked' as const) : ('invalid' as const), until: new Date(now.getTime() + LOCK_MINUTES * 60_000) };
    }
    await q.updateUserRow(tx, fresh.id, { failed_logins: 0, locked_until: null }, now);
    const s = await createSession(tx, fresh.id, now, config, { ip: ctx.ip, userAgent: ctx.userAgent });
    await recordAudit(tx, ctx, { action: 'auth.login', unitId: fresh.unit_id, targetType: 'user', targetId: fresh.id, actorOverride: as });
    return {
      token: s.token,
      session: {
        user: { id: fresh.id, username: fresh.username, fullName: fresh.full_name, role: fresh.role as SessionInfo['user']['role'], unitId: fresh.unit_id, unitName: fresh.unit_name, mustChangePassword: fresh.must_change_password },
        csrfToken: s.csrfToken,
        mode: config.mode,
      },
    };
  }).then((r) => {
    // The failure is committed (count, lock, audit) before it is reported.
    if ('failed' in r) throw r.failed === 'locked' ? lockedError(r.until) : INVALID();
    return r;
  });
}

function lockedError(until: Date): AppError {
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

/** Changes the caller's own password after checking the current one; other sessions end. */
export async function changePassword(db: Db, ctx: Ctx, input: ChangePasswordInput): Promise<void> {
  const actor = ctx.actor!;
  const user = (await q.findUserById(db, actor.id))!;
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) badRequest('auth.wrong_password', 'Mật khẩu hiện tại không đúng');
  if (input.currentPassword === input.newPassword) badRequest('auth.password_reused', 'Mật khẩu mới phải khác mật khẩu hiện tại');
  const hash = await hashPassword(input.newPassword);
  const now = ctx.clock.now();
  await db.transaction().execute(async (tx) => {
    await q.updateUserRow(tx, actor.id, { password_hash: hash, must_change_password: false, password_changed_at: now }, now);
    await deleteUserSessions(tx, actor.id, actor.sessionId);
    await recordAudit(tx, ctx, { action: 'user.password_changed', targetType: 'user', targetId: actor.id });
  });
}
