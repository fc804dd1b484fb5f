import type { AuditPage, AuditQuery } from '@baocao/core';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { assertCan, assertRole, scopePrefix, type Actor } from '../../platform/scope.js';
import { findUnit } from '../units/units.queries.js';

/**
 * Audit records newest first, filtered by unit (with its subtree), person, action and time.
 * System administrators see everything; unit administrators their subtree.
 */
export async function searchAudit(db: Db, actor: Actor, query: AuditQuery): Promise<AuditPage> {
  assertRole(actor, 'audit.read');
  let prefix = scopePrefix(actor);
  if (query.unitId) {
    const unit = await findUnit(db, query.unitId);
    assertCan(actor, 'audit.read', unit?.path, 'unit');
    prefix = unit!.path;
  }
  const limit = query.limit ?? 50;
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('units as n', 'n.id', 'a.unit_id')
    .select([
      sql<string>`a.seq::text`.as('seq'),
      'a.at',
      'a.actor_id',
      'a.actor_name',
      'a.unit_id',
      'n.name as unit_name',
      'a.action',
      'a.target_type',
      'a.target_id',
      'a.digest',
      'a.ip',
      'a.user_agent',
      'a.hash',
    ]);
  // Records without a unit (system events) are for the city-wide administrator only.
  if (prefix !== '/') q = q.where('n.path', 'like', `${prefix}%`);
  if (query.actorId) q = q.where('a.actor_id', '=', query.actorId);
  if (query.action) q = q.where('a.action', '=', query.action);
  if (query.from) q = q.where('a.at', '>=', new Date(query.from));
  if (query.to) q = q.where('a.at', '<=', new Date(query.to));
  if (query.before) q = q.where('a.seq', '<', query.before);
  const rows = await q.orderBy('a.seq', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const names = await targetNames(db, page);
  return {
    items: page.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      unitId: r.unit_id,
      unitName: r.unit_name,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      targetName: (r.target_id && names.get(`${r.target_type}:${r.target_id}`)) ?? null,
      digest: r.digest,
      ip: r.ip,
      userAgent: r.user_agent,
      hash: r.hash,
    })),
    nextBefore: rows.length > limit ? page[page.length - 1]!.seq : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Current names of the units and users a page of records points at, keyed `type:id`. */
async function targetNames(db: Db, rows: { target_type: string | null; target_id: string | null }[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.target_type === type && r.target_id && UUID.test(r.target_id)).map((r) => r.target_id!))];
  const [units, users] = [ids('unit'), ids('user')];
  const names = new Map<string, string>();
  if (units.length) for (const u of await db.selectFrom('units').select(['id', 'name']).where('id', 'in', units).execute()) names.set(`unit:${u.id}`, u.name);
  if (users.length) for (const u of await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', users).execute()) names.set(`user:${u.id}`, u.full_name);
  return names;
}

/** The distinct action names recorded so far, for the filter. Administrators. */
export async function listAuditActions(db: Db, actor: Actor): Promise<string[]> {
  assertRole(actor, 'audit.read');
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
