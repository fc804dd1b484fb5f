import { assignableRoles, TOTP_ROLES, type Role, type SessionInfo, type TotpLoginInput, type TotpRecoveryCodes, type TotpSetup, type TotpStatus } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import type { Config } from '../../platform/config.js';
import { AppError, badRequest, conflict, forbidden } from '../../platform/errors.js';
import { hashPassword, verifyPassword } from '../../platform/passwords.js';
import { assertCan, type Actor } from '../../platform/scope.js';
import { deleteUserSessions } from '../../platform/sessions.js';
import { assertLoginAllowed, loginLimitKeys, lockedError, openSession, sha256 } from './accounts.service.js';
import * as q from './accounts.queries.js';
import { generateRecoveryCodes, generateTotpSecret, matchTotp, normaliseRecoveryCode, totpUri } from './totp.js';
import * as tq from './totp.queries.js';

/** Wrong codes a challenge takes before the password must be given again. */
export const MAX_CHALLENGE_ATTEMPTS = 5;

const CHALLENGE_EXPIRED = () => new AppError('auth.totp_challenge_expired', 'Phiên xác thực đã hết hạn; vui lòng đăng nhập lại', 401);
const WRONG_CODE = () => new AppError('auth.totp_invalid', 'Mã xác thực không đúng hoặc đã được dùng', 401);

type TotpRow = NonNullable<Awaited<ReturnType<typeof tq.findTotp>>>;
type CodeMatch = { kind: 'totp'; step: number } | { kind: 'recovery_code'; hash: string } | null;

/** Which of the user's factors `code` is: a fresh TOTP step, or an unused recovery code (argon2, so outside any transaction). */
async function matchCode(row: TotpRow, code: string, now: Date): Promise<CodeMatch> {
  if (/^\d{6}$/.test(code)) {
    const step = matchTotp(row.secret, code, now, row.last_used_step);
    return step === null ? null : { kind: 'totp', step };
  }
  const typed = normaliseRecoveryCode(code);
  for (const hash of row.recovery_code_hashes) if (await verifyPassword(hash, typed)) return { kind: 'recovery_code', hash };
  return null;
}

/** Spends a matched code inside `tx`; false when a concurrent request spent it first. */
function spend(tx: Db, userId: string, m: NonNullable<CodeMatch>): Promise<boolean> {
  return m.kind === 'totp' ? tq.spendTotpStep(tx, userId, m.step) : tq.spendRecoveryCode(tx, userId, m.hash);
}

/**
 * Completes a sign-in whose password was accepted: a current TOTP code (once) or a recovery code
 * opens the session. Anyone holding the challenge. A wrong code counts toward the login rate limit
 * and the challenge's own five attempts, and is audited.
 */
export async function completeTotpLogin(db: Db, ctx: Ctx, config: Config, input: TotpLoginInput): Promise<{ token: string; session: SessionInfo }> {
  const now = ctx.clock.now();
  const challengeId = sha256(input.challenge);
  const challenge = await tq.findLoginChallenge(db, challengeId);
  if (!challenge || challenge.expires_at <= now) throw CHALLENGE_EXPIRED();
  const user = (await q.findUserById(db, challenge.user_id))!;
  const limits = loginLimitKeys(user.username, ctx.ip);
  const windowStart = new Date(now.getTime() - config.loginWindowMinutes * 60_000);
  await assertLoginAllowed(db, config, limits, now, windowStart);
  const row = await tq.findTotp(db, user.id);
  const match = row?.enabled_at ? await matchCode(row, input.code, now) : null;
  const r = await db.transaction().execute(async (tx) => {
    const fresh = (await q.findUserById(tx, user.id))!;
    const as = { id: fresh.id, name: fresh.full_name };
    if (!(await tq.findLoginChallenge(tx, challengeId))) return { failed: 'expired' as const };
    if (!fresh.active) {
      await tq.deleteLoginChallenge(tx, challengeId);
      return { failed: 'expired' as const };
    }
    if (fresh.locked_until && fresh.locked_until > now) {
      await recordAudit(tx, ctx, { action: 'auth.login_refused_locked', unitId: fresh.unit_id, targetType: 'user', targetId: fresh.id, actorOverride: as });
      return { failed: 'locked' as const, until: fresh.locked_until };
    }
    if (!match || !(await spend(tx, fresh.id, match))) {
      await q.insertLoginFailures(tx, limits, now, windowStart);
      const attempts = await tq.incrementChallengeAttempts(tx, challengeId);
      if (attempts >= MAX_CHALLENGE_ATTEMPTS) await tq.deleteLoginChallenge(tx, challengeId);
      await recordAudit(tx, ctx, { action: 'auth.totp_failed', unitId: fresh.unit_id, targetType: 'user', targetId: fresh.id, actorOverride: as, details: { attempts } });
      return { failed: 'invalid' as const };
    }
    await tq.deleteLoginChallenge(tx, challengeId);
    await q.deleteLoginFailures(tx, limits[0]!);
    return openSession(tx, ctx, config, fresh, now, { secondFactor: match.kind });
  });
  if ('failed' in r) throw r.failed === 'locked' ? lockedError(r.until) : r.failed === 'expired' ? CHALLENGE_EXPIRED() : WRONG_CODE();
  return r;
}

function assertMayUseTotp(actor: Actor): void {
  if (!TOTP_ROLES.includes(actor.role)) forbidden('Xác thực hai lớp dành cho lãnh đạo và quản trị viên');
}

/** The caller's second factor: allowed for their role, on, pending, recovery codes left. Any signed-in person. */
export async function getTotpStatus(db: Db, actor: Actor): Promise<TotpStatus> {
  const row = await tq.findTotp(db, actor.id);
  return { allowed: TOTP_ROLES.includes(actor.role), enabled: !!row?.enabled_at, pending: !!row && !row.enabled_at, recoveryCodesLeft: row?.enabled_at ? row.recovery_code_hashes.length : 0 };
}

/**
 * Starts TOTP enrollment for the caller: a new secret, pending until a code confirms it; returns the
 * secret and its otpauth:// URI, the only time they leave the server. Leaders and administrators.
 */
export async function startTotpEnrollment(db: Db, ctx: Ctx): Promise<TotpSetup> {
  const actor = ctx.actor!;
  assertMayUseTotp(actor);
  const secret = generateTotpSecret();
  return db.transaction().execute(async (tx) => {
    if (!(await tq.upsertPendingTotp(tx, actor.id, secret, ctx.clock.now()))) conflict('auth.totp_already_enabled', 'Xác thực hai lớp đã được bật; hãy tắt trước khi đăng ký lại');
    await recordAudit(tx, ctx, { action: 'auth.totp_enrollment_started', targetType: 'user', targetId: actor.id });
    return { secret, uri: totpUri(actor.username, secret) };
  });
}

/** Confirms the caller's pending enrollment with a current code: TOTP is on; returns recovery codes, shown once. */
export async function confirmTotpEnrollment(db: Db, ctx: Ctx, code: string): Promise<TotpRecoveryCodes> {
  const actor = ctx.actor!;
  assertMayUseTotp(actor);
  const now = ctx.clock.now();
  const row = await tq.findTotp(db, actor.id);
  if (!row || row.enabled_at) conflict('auth.totp_not_pending', 'Chưa bắt đầu đăng ký xác thực hai lớp');
  const step = matchTotp(row!.secret, code, now, null);
  if (step === null) badRequest('auth.totp_invalid', 'Mã xác thực không đúng; kiểm tra giờ trên điện thoại và thử lại', [{ path: 'code', message: 'Mã xác thực không đúng' }]);
  const recoveryCodes = generateRecoveryCodes();
  const hashes = await Promise.all(recoveryCodes.map((c) => hashPassword(c)));
  await db.transaction().execute(async (tx) => {
    if (!(await tq.enableTotp(tx, actor.id, step!, hashes, now))) conflict('auth.totp_not_pending', 'Chưa bắt đầu đăng ký xác thực hai lớp');
    await recordAudit(tx, ctx, { action: 'auth.totp_enabled', targetType: 'user', targetId: actor.id, details: { recoveryCodes: recoveryCodes.length } });
  });
  return { recoveryCodes };
}

/** Turns the caller's TOTP off after a current code or a recovery code (a pending enrollment is simply dropped). Any signed-in person. */
export async function disableTotp(db: Db, ctx: Ctx, code: string): Promise<void> {
  const actor = ctx.actor!;
  const now = ctx.clock.now();
  const row = await tq.findTotp(db, actor.id);
  if (!row) conflict('auth.totp_not_enabled', 'Xác thực hai lớp chưa được bật');
  const match = row!.enabled_at ? await matchCode(row!, code, now) : null;
  await db.transaction().execute(async (tx) => {
    if (row!.enabled_at && (!match || !(await spend(tx, actor.id, match)))) badRequest('auth.totp_invalid', 'Mã xác thực không đúng hoặc đã được dùng', [{ path: 'code', message: 'Mã xác thực không đúng' }]);
    await tq.deleteTotp(tx, actor.id);
    await tq.deleteUserLoginChallenges(tx, actor.id);
    await recordAudit(tx, ctx, { action: 'auth.totp_disabled', targetType: 'user', targetId: actor.id, details: { with: match?.kind ?? 'pending' } });
  });
}

/**
 * Turns a user's TOTP off for them (a lost phone and no recovery code) and ends their sessions, so
 * whoever held the phone is out too. Administrators over the user's unit.
 */
export async function resetUserTotp(db: Db, ctx: Ctx, userId: string): Promise<void> {
  const actor = ctx.actor!;
  await db.transaction().execute(async (tx) => {
    const user = await q.findUserById(tx, userId);
    assertCan(actor, 'user.manage', user?.unit_path, 'user');
    if (!assignableRoles(actor.role).includes(user!.role as Role)) forbidden('Bạn không được quản lý tài khoản có vai trò này');
    if (!(await tq.deleteTotp(tx, userId))) conflict('auth.totp_not_enabled', 'Người dùng chưa bật xác thực hai lớp');
    await tq.deleteUserLoginChallenges(tx, userId);
    const ended = await deleteUserSessions(tx, userId);
    await recordAudit(tx, ctx, { action: 'user.totp_reset', unitId: user!.unit_id, targetType: 'user', targetId: userId, details: { sessionsEnded: ended } });
  });
}
