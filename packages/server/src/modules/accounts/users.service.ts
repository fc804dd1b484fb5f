import { randomUUID } from 'node:crypto';
import { assignableRoles, compareVi, foldVi, type CreateUserInput, type Role, type UpdateUserInput, type User, type UserQuery } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { conflict, forbidden } from '../../platform/errors.js';
import { generatePassword, hashPassword } from '../../platform/passwords.js';
import { assertCan, assertRole, scopePrefix, type Actor } from '../../platform/scope.js';
import { deleteUserSessions } from '../../platform/sessions.js';
import { findUnit } from '../units/units.queries.js';
import { assertPasswordAcceptable } from './accounts.service.js';
import * as q from './accounts.queries.js';

type Row = NonNullable<Awaited<ReturnType<typeof q.findUserById>>>;

function toUser(r: Row): User {
  return {
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    email: r.email,
    role: r.role as Role,
    unitId: r.unit_id,
    unitName: r.unit_name,
    active: r.active,
    lockedUntil: r.locked_until ? r.locked_until.toISOString() : null,
    mustChangePassword: r.must_change_password,
    createdAt: r.created_at.toISOString(),
  };
}

/** Users of the actor's subtree, optionally of one unit and matching a search. Administrators. */
export async function listUsers(db: Db, actor: Actor, query: UserQuery): Promise<User[]> {
  assertRole(actor, 'user.read');
  let prefix = scopePrefix(actor);
  if (query.unitId) {
    const unit = await findUnit(db, query.unitId);
    assertCan(actor, 'user.read', unit?.path, 'unit');
    prefix = unit!.path;
  }
  const rows = await q.listUsersUnder(db, prefix, query.includeSubunits === 'false' ? query.unitId : undefined);
  const needle = query.q ? foldVi(query.q) : null;
  return rows
    .filter((r) => !needle || foldVi(`${r.full_name} ${r.username} ${r.email ?? ''}`).includes(needle))
    .sort((a, b) => compareVi(a.full_name, b.full_name))
    .map(toUser);
}

/** One user in the actor's subtree. Administrators. */
export async function getUser(db: Db, actor: Actor, id: string): Promise<User> {
  const row = await q.findUserById(db, id);
  assertCan(actor, 'user.read', row?.unit_path, 'user');
  return toUser(row!);
}

function assertMayGrant(actor: Actor, role: Role): void {
  if (!assignableRoles(actor.role).includes(role)) forbidden('Bạn không được cấp vai trò này');
}

/** Creates an account in a unit of the actor's subtree; the user changes the password at first login. Administrators. */
export async function createUser(db: Db, ctx: Ctx, input: CreateUserInput): Promise<User> {
  const actor = ctx.actor!;
  await assertPasswordAcceptable(input.password, { username: input.username, password_hash: null, previous_password_hash: null });
  const hash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const unit = await findUnit(tx, input.unitId);
    assertCan(actor, 'user.manage', unit?.path, 'unit');
    assertMayGrant(actor, input.role);
    if (!unit!.active) conflict('unit.inactive', 'Đơn vị đã ngừng hoạt động');
    if (await q.findUserByUsername(tx, input.username)) conflict('user.username_taken', `Tên đăng nhập ${input.username} đã được sử dụng`);
    const id = randomUUID();
    const now = ctx.clock.now();
    await q.insertUser(tx, { id, username: input.username, fullName: input.fullName, email: input.email ?? null, role: input.role, unitId: input.unitId, passwordHash: hash, mustChangePassword: true, now });
    await recordAudit(tx, ctx, { action: 'user.created', unitId: input.unitId, targetType: 'user', targetId: id, details: { username: input.username, fullName: input.fullName, role: input.role, unitId: input.unitId } });
    return toUser((await q.findUserById(tx, id))!);
  });
}

/** Changes a user's name, e-mail, role, unit or status; disabling ends their sessions. Administrators, not on themselves. */
export async function updateUser(db: Db, ctx: Ctx, id: string, input: UpdateUserInput): Promise<User> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const user = await q.findUserById(tx, id);
    assertCan(actor, 'user.manage', user?.unit_path, 'user');
    assertMayGrant(actor, user!.role as Role);
    if (id === actor.id && (input.role !== undefined || input.active !== undefined || input.unitId !== undefined)) {
      forbidden('Bạn không thể tự đổi vai trò, đơn vị hay trạng thái của chính mình');
    }
    if (input.role) assertMayGrant(actor, input.role);
    if (input.unitId && input.unitId !== user!.unit_id) {
      const unit = await findUnit(tx, input.unitId);
      assertCan(actor, 'user.manage', unit?.path, 'unit');
      if (!unit!.active) conflict('unit.inactive', 'Đơn vị đã ngừng hoạt động');
    }
    const set = {
      ...(input.fullName !== undefined ? { full_name: input.fullName } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    };
    const before = { full_name: user!.full_name, email: user!.email, role: user!.role, unit_id: user!.unit_id, active: user!.active };
    const changed = Object.fromEntries(Object.entries(set).filter(([k, v]) => before[k as keyof typeof before] !== v));
    if (Object.keys(changed).length === 0) {
      nothingChanged(ctx);
      return toUser(user!);
    }
    const now = ctx.clock.now();
    await q.updateUserRow(tx, id, changed, now);
    // A person moved, demoted or disabled keeps no session with the old rights.
    if (changed.role !== undefined || changed.unit_id !== undefined || changed.active === false) await deleteUserSessions(tx, id);
    await recordAudit(tx, ctx, {
      action: changed.active === false ? 'user.deactivated' : changed.active === true ? 'user.activated' : 'user.updated',
      unitId: (changed.unit_id as string | undefined) ?? user!.unit_id,
      targetType: 'user',
      targetId: id,
      details: { before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof typeof before]])), after: changed },
    });
    return toUser((await q.findUserById(tx, id))!);
  });
}

/** Sets a one-time password, shown once to the administrator; the user must change it. Administrators. */
export async function resetPassword(db: Db, ctx: Ctx, id: string): Promise<{ temporaryPassword: string }> {
  const actor = ctx.actor!;
  const temporaryPassword = generatePassword();
  const hash = await hashPassword(temporaryPassword);
  await db.transaction().execute(async (tx) => {
    const user = await q.findUserById(tx, id);
    assertCan(actor, 'user.manage', user?.unit_path, 'user');
    assertMayGrant(actor, user!.role as Role);
    const now = ctx.clock.now();
    await q.updateUserRow(tx, id, { password_hash: hash, previous_password_hash: user!.password_hash, must_change_password: true, password_changed_at: now, failed_logins: 0, locked_until: null }, now);
    await deleteUserSessions(tx, id);
    await recordAudit(tx, ctx, { action: 'user.password_reset', unitId: user!.unit_id, targetType: 'user', targetId: id });
  });
  return { temporaryPassword };
}

/** Lifts a lock from failed logins. Administrators. */
export async function unlockUser(db: Db, ctx: Ctx, id: string): Promise<User> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const user = await q.findUserById(tx, id);
    assertCan(actor, 'user.manage', user?.unit_path, 'user');
    assertMayGrant(actor, user!.role as Role);
    const now = ctx.clock.now();
    await q.updateUserRow(tx, id, { failed_logins: 0, locked_until: null }, now);
    await recordAudit(tx, ctx, { action: 'user.unlocked', unitId: user!.unit_id, targetType: 'user', targetId: id });
    return toUser((await q.findUserById(tx, id))!);
  });
}
