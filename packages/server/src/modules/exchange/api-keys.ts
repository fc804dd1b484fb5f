import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { roleCan, type Action, type ApiKey, type ApiKeyScope, type CreateApiKeyInput, type CreatedApiKey } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { assertCan, assertRole, scopePrefix, type Actor } from '../../platform/scope.js';
import * as q from './exchange.queries.js';

/**
 * API keys of system-to-system clients (the LGSP): `bck_` and 43 random characters, shown once at
 * creation; the database keeps its SHA-256 and the first 12 characters for display. A key acts for
 * its unit with exactly its scopes; its actions are attributed to the person who issued it (R3),
 * with the key named in every audit record.
 */
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const PREFIX_LENGTH = 12;

/** True when the actor may do `action`: an API key by its scopes, a person by their role. */
export function actorCan(actor: Actor, action: Action): boolean {
  return actor.apiKey ? actor.apiKey.scopes.includes(action) : roleCan(actor.role, action);
}

/** The actor behind a bearer token; refuses an unknown key (401 auth.api_key_invalid) and a revoked one (401 auth.api_key_revoked). */
export async function findApiKeyActor(db: Db, token: string, now: Date): Promise<Actor> {
  const row = token.startsWith('bck_') ? await q.findApiKeyByHash(db, sha256(token)) : undefined;
  if (!row || !row.unit_active) throw new AppError('auth.api_key_invalid', 'Khóa API không hợp lệ', 401);
  if (row.revoked_at) throw new AppError('auth.api_key_revoked', 'Khóa API đã bị thu hồi', 401);
  // Touch at most once a minute: enough to see which keys are still in use.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) await q.touchApiKey(db, row.id, now);
  return {
    id: row.created_by,
    username: `apikey:${row.key_prefix}`,
    fullName: `Khóa API «${row.name}» (cấp bởi ${row.created_by_name})`,
    // The weakest role: a key passes only its scopes' checks, whatever a role would allow.
    role: 'viewer',
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitPath: row.unit_path,
    mustChangePassword: false,
    sessionId: '',
    csrfToken: '',
    apiKey: { id: row.id, name: row.name, scopes: row.scopes },
  };
}

/**
 * The active unit, in the administrator's scope, whose exchange credentials (our API keys, its lower
 * system's key) are being managed; 404 outside the scope, 409 when it has ceased.
 */
export async function activeUnitToManage(tx: Db, actor: Actor, unitId: string) {
  const unit = await q.findUnitRef(tx, unitId);
  assertCan(actor, 'api_key.manage', unit?.path, 'unit');
  if (!unit!.active) conflict('exchange.unit_inactive', 'Đơn vị đã ngừng hoạt động');
  return unit!;
}

/** Issues a key for a unit in the administrator's scope; the secret is in the answer only. Unit and system administrators. */
export async function createApiKey(db: Db, ctx: Ctx, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const unit = await activeUnitToManage(tx, actor, input.unitId);
    const key = `bck_${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    const now = ctx.clock.now();
    await q.insertApiKey(tx, { id, name: input.name, unit_id: unit.id, scopes: input.scopes, key_hash: sha256(key), key_prefix: key.slice(0, PREFIX_LENGTH), created_by: actor.id, created_at: now });
    await recordAudit(tx, ctx, { action: 'api_key.created', unitId: unit.id, targetType: 'api_key', targetId: id, details: { name: input.name, scopes: input.scopes, prefix: key.slice(0, PREFIX_LENGTH) } });
    const row = (await q.findApiKey(tx, id))!;
    return { ...toApiKey(row), key };
  });
}

/** Keys of the units in the administrator's scope (one unit with `unitId`), newest first. Unit and system administrators. */
export async function listApiKeys(db: Db, actor: Actor, unitId?: string): Promise<ApiKey[]> {
  assertRole(actor, 'api_key.manage');
  let prefix = scopePrefix(actor);
  if (unitId) {
    const unit = await q.findUnitRef(db, unitId);
    assertCan(actor, 'api_key.manage', unit?.path, 'unit');
    prefix = unit!.path;
  }
  return (await q.listApiKeys(db, prefix)).map(toApiKey);
}

/** Revokes a key at once: its next call is refused with auth.api_key_revoked. Administrators of its unit. */
export async function revokeApiKey(db: Db, ctx: Ctx, id: string): Promise<ApiKey> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const row = (await q.findApiKey(tx, id)) ?? notFound();
    assertCan(actor, 'api_key.manage', row.unit_path);
    if (row.revoked_at) conflict('exchange.api_key_revoked', 'Khóa API đã bị thu hồi trước đó');
    const now = ctx.clock.now();
    if (!(await q.revokeApiKeyRow(tx, id, actor.id, now))) conflict('exchange.api_key_revoked', 'Khóa API vừa bị thu hồi');
    await recordAudit(tx, ctx, { action: 'api_key.revoked', unitId: row.unit_id, targetType: 'api_key', targetId: id, details: { name: row.name, prefix: row.key_prefix } });
    return toApiKey((await q.findApiKey(tx, id))!);
  });
}

/** Refuses unless the actor may do `action` (an API key: by its scopes). */
export function assertExchange(actor: Actor, action: Action): void {
  if (!actorCan(actor, action)) forbidden();
}

function toApiKey(r: q.ApiKeyRow): ApiKey {
  return {
    id: r.id,
    name: r.name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    scopes: r.scopes as ApiKeyScope[],
    prefix: r.key_prefix,
    createdByName: r.created_by_name,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  };
}
