import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Config } from './config.js';
import type { Actor } from './scope.js';

export const SESSION_COOKIE = 'baocao_sid';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Opens a session; returns the cookie token (only its hash is stored) and the CSRF token. */
export async function createSession(
  tx: Db,
  userId: string,
  now: Date,
  config: Pick<Config, 'sessionMaxHours'>,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; sessionId: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const sessionId = sha256(token);
  await tx
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + config.sessionMaxHours * 3600_000),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
  return { token, sessionId, csrfToken };
}

/** The actor behind a cookie token, or null when the session is unknown, expired, idle too long or the user is disabled. */
export async function findSessionActor(db: Db, token: string, now: Date, idleMinutes: number): Promise<Actor | null> {
  const id = sha256(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select([
      's.id as sessionId',
      's.csrf_token',
      's.expires_at',
      's.last_seen_at',
      'u.id',
      'u.username',
      'u.full_name',
      'u.role',
      'u.unit_id',
      'u.active',
      'u.must_change_password',
      'n.name as unit_name',
      'n.path as unit_path',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row || !row.active) return null;
  if (row.expires_at <= now || row.last_seen_at.getTime() + idleMinutes * 60_000 <= now.getTime()) return null;
  // Touch at most once a minute: the idle timeout needs no finer grain, and reads stay reads.
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role as Actor['role'],
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitPath: row.unit_path,
    mustChangePassword: row.must_change_password,
    sessionId: row.sessionId,
    csrfToken: row.csrf_token,
  };
}

export async function deleteSession(tx: Db, sessionId: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user, but the one given (after a password change or reset); returns how many ended. */
export async function deleteUserSessions(tx: Db, userId: string, keep?: string): Promise<number> {
  let q = tx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id', '!=', keep);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}
