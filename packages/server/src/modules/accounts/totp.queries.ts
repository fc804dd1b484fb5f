import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export function findTotp(db: Db, userId: string) {
  return db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Starts (or restarts) a pending enrollment with a new secret; an enabled one is never overwritten. */
export async function upsertPendingTotp(db: Db, userId: string, secret: string, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('user_totp')
    .values({ user_id: userId, secret, created_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret, created_at: now, last_used_step: null, recovery_code_hashes: [] }).where('user_totp.enabled_at', 'is', null))
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Pending → enabled, with the confirming code's step spent and the recovery codes' hashes. */
export async function enableTotp(db: Db, userId: string, step: number, hashes: string[], now: Date): Promise<boolean> {
  const r = await db
    .updateTable('user_totp')
    .set({ enabled_at: now, last_used_step: step, recovery_code_hashes: hashes })
    .where('user_id', '=', userId)
    .where('enabled_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Spends a step: false when an equal or later step was already used (a replayed code, or a race). */
export async function spendTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('user_totp')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where('enabled_at', 'is not', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Spends a recovery code by its stored hash: false when another request spent it first. */
export async function spendRecoveryCode(db: Db, userId: string, hash: string): Promise<boolean> {
  const r = await db
    .updateTable('user_totp')
    .set({ recovery_code_hashes: sql<string[]>`array_remove(recovery_code_hashes, ${hash})` })
    .where('user_id', '=', userId)
    .where(sql<boolean>`${hash} = any(recovery_code_hashes)`)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteTotp(db: Db, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export async function insertLoginChallenge(db: Db, c: { id: string; userId: string; ip: string | null; now: Date; expiresAt: Date }): Promise<void> {
  // Expired challenges of anyone go at the same time; a table of abandoned sign-ins stays small.
  await db.deleteFrom('login_challenges').where('expires_at', '<', c.now).execute();
  await db.insertInto('login_challenges').values({ id: c.id, user_id: c.userId, ip: c.ip, created_at: c.now, expires_at: c.expiresAt }).execute();
}

export function findLoginChallenge(db: Db, id: string) {
  return db.selectFrom('login_challenges').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Counts a wrong code on a challenge and returns the new count. */
export async function incrementChallengeAttempts(db: Db, id: string): Promise<number> {
  const row = await db
    .updateTable('login_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirst();
  return row?.attempts ?? Number.MAX_SAFE_INTEGER;
}

export async function deleteLoginChallenge(db: Db, id: string): Promise<void> {
  await db.deleteFrom('login_challenges').where('id', '=', id).execute();
}

export async function deleteUserLoginChallenges(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('login_challenges').where('user_id', '=', userId).execute();
}
