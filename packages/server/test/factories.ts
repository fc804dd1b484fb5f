import { randomUUID } from 'node:crypto';
import type { Role, UnitKind } from '@baocao/core';
import type { App } from '../src/app.js';
import type { Db } from '../src/db/database.js';
import { insertUser } from '../src/modules/accounts/accounts.queries.js';
import { findUnit, insertUnit, insertUnitHistory, type UnitRow } from '../src/modules/units/units.queries.js';
import { hashPassword } from '../src/platform/passwords.js';
import { createSession, SESSION_COOKIE } from '../src/platform/sessions.js';

let n = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(n++).toString(36)}${randomUUID().slice(0, 4)}`;

/** A unit (a new root when no parent is given), with its first history row. */
export async function makeUnit(db: Db, opts: { parent?: UnitRow; kind?: UnitKind; name?: string; code?: string } = {}): Promise<UnitRow> {
  const id = randomUUID();
  const parent = opts.parent;
  await insertUnit(db, {
    id,
    code: opts.code ?? unique('U'),
    name: opts.name ?? `Đơn vị thử ${n}`,
    kind: opts.kind ?? (parent ? 'department' : 'city'),
    parentId: parent?.id ?? null,
    path: `${parent?.path ?? '/'}${id}/`,
    depth: parent ? parent.depth + 1 : 0,
    now: new Date(),
  });
  const row = (await findUnit(db, id))!;
  await insertUnitHistory(db, row, 'created', null, new Date());
  return row;
}

export type TestUser = { id: string; username: string; password: string; role: Role; unitId: string };

export const TEST_PASSWORD = 'Thu-nghiem-2026';

export async function makeUser(db: Db, unit: { id: string }, role: Role, opts: { mustChangePassword?: boolean; password?: string } = {}): Promise<TestUser> {
  const id = randomUUID();
  const username = unique('u').toLowerCase();
  const password = opts.password ?? TEST_PASSWORD;
  await insertUser(db, { id, username, fullName: `Người thử ${username}`, email: null, role, unitId: unit.id, passwordHash: await hashPassword(password), mustChangePassword: opts.mustChangePassword ?? false, now: new Date() });
  return { id, username, password, role, unitId: unit.id };
}

export type Auth = { headers: Record<string, string>; csrf: string };

/** A signed-in session for `user`, as the cookie and CSRF header a browser would send. */
export async function authAs(t: { db: Db; clock: { now(): Date } }, user: TestUser): Promise<Auth> {
  const s = await createSession(t.db, user.id, t.clock.now(), { sessionMaxHours: 12 }, { ip: '127.0.0.1', userAgent: 'vitest' });
  return { headers: { cookie: `${SESSION_COOKIE}=${s.token}`, 'x-csrf-token': s.csrfToken }, csrf: s.csrfToken };
}

/** app.inject with JSON in and out. */
export async function call(app: App, method: string, url: string, opts: { auth?: Auth; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: { ...(opts.auth?.headers ?? {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.headers ?? {}) },
    ...(opts.body !== undefined ? { payload: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  let json: any = undefined;
  try {
    json = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, json, headers: res.headers, body: res.body, raw: res };
}
