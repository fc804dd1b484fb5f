import type { Db } from '../../db/database.js';

const USER_COLUMNS = [
  'u.id',
  'u.username',
  'u.full_name',
  'u.email',
  'u.role',
  'u.unit_id',
  'u.active',
  'u.locked_until',
  'u.failed_logins',
  'u.must_change_password',
  'u.password_hash',
  'u.previous_password_hash',
  'u.created_at',
  'n.name as unit_name',
  'n.path as unit_path',
] as const;

function users(db: Db) {
  return db.selectFrom('users as u').innerJoin('units as n', 'n.id', 'u.unit_id').select(USER_COLUMNS);
}

export type UserRow = Awaited<ReturnType<typeof findUserById>> & {};

export function findUserById(db: Db, id: string) {
  return users(db).where('u.id', '=', id).executeTakeFirst();
}

export function findUserByUsername(db: Db, username: string) {
  return users(db).where('u.username', '=', username).executeTakeFirst();
}

/** Users whose unit lies under `prefix`; optionally of one unit only. */
export function listUsersUnder(db: Db, prefix: string, unitId?: string) {
  let q = users(db).where('n.path', 'like', `${prefix}%`);
  if (unitId) q = q.where('u.unit_id', '=', unitId);
  return q.execute();
}

export async function insertUser(
  db: Db,
  u: { id: string; username: string; fullName: string; email: string | null; role: string; unitId: string; passwordHash: string; mustChangePassword: boolean; now: Date },
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: u.id,
      username: u.username,
      full_name: u.fullName,
      email: u.email,
      role: u.role,
      unit_id: u.unitId,
      password_hash: u.passwordHash,
      must_change_password: u.mustChangePassword,
      password_changed_at: u.now,
      created_at: u.now,
      updated_at: u.now,
    })
    .execute();
}

export async function updateUserRow(
  db: Db,
  id: string,
  set: Partial<{
    full_name: string;
    email: string | null;
    role: string;
    unit_id: string;
    active: boolean;
    password_hash: string;
    previous_password_hash: string | null;
    must_change_password: boolean;
    password_changed_at: Date;
    failed_logins: number;
    locked_until: Date | null;
  }>,
  now: Date,
): Promise<void> {
  await db.updateTable('users').set({ ...set, updated_at: now }).where('id', '=', id).execute();
}

/** Counts a failed login atomically and returns the new count. */
export async function incrementFailedLogins(db: Db, id: string): Promise<number> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', id)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return row.failed_logins;
}

/** Failed logins under each key since `since`: how many, and when the oldest of them was. */
export async function countLoginFailures(db: Db, keys: string[], since: Date) {
  if (keys.length === 0) return [];
  return db
    .selectFrom('login_attempts')
    .select((eb) => ['key', eb.fn.countAll<string>().as('count'), eb.fn.min('attempted_at').as('oldest')])
    .where('key', 'in', keys)
    .where('attempted_at', '>', since)
    .groupBy('key')
    .execute();
}

/** Records one failed login under each key, and forgets those keys' failures older than `before`. */
export async function insertLoginFailures(db: Db, keys: string[], now: Date, before: Date): Promise<void> {
  if (keys.length === 0) return;
  await db.deleteFrom('login_attempts').where('key', 'in', keys).where('attempted_at', '<=', before).execute();
  await db.insertInto('login_attempts').values(keys.map((key) => ({ key, attempted_at: now }))).execute();
}

export async function deleteLoginFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}
