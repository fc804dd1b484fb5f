import { randomUUID } from 'node:crypto';
import type { CreatePeerInput, ExchangePeer } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { conflict, notFound } from '../../platform/errors.js';
import { assertCan, assertRole, scopePrefix, type Actor } from '../../platform/scope.js';
import { activeUnitToManage } from './api-keys.js';
import * as fq from './federation.queries.js';

/**
 * The lower systems of an upper one (federation, docs/federation.md): for a unit of this system's tree (a
 * province on the Government level), where its system takes packets in and the key it issued us. The key
 * is written once and only ever sent to that address; revoking the peer here stops our deliveries, revoking
 * the key there stops us for good.
 */

/** Registers the lower system of a unit in the administrator's scope; one active per unit. Unit and system administrators. */
export async function createPeer(db: Db, ctx: Ctx, input: CreatePeerInput): Promise<ExchangePeer> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const unit = await activeUnitToManage(tx, actor, input.unitId);
    const id = randomUUID();
    const now = ctx.clock.now();
    if (!(await fq.insertPeer(tx, { id, unit_id: unit.id, name: input.name, url: input.url, token: input.token, created_by: actor.id, created_at: now }))) {
      conflict('exchange.peer_exists', `${unit.name} đã có hệ thống cấp dưới đang kết nối; hãy gỡ kết nối cũ trước`);
    }
    // The key is a secret of the lower system: never in the audit record.
    await recordAudit(tx, ctx, { action: 'exchange_peer.created', unitId: unit.id, targetType: 'exchange_peer', targetId: id, details: { name: input.name, url: input.url } });
    return toPeer((await fq.findPeer(tx, id))!);
  });
}

/** The lower systems of the units in the administrator's scope. Unit and system administrators. */
export async function listPeers(db: Db, actor: Actor): Promise<ExchangePeer[]> {
  assertRole(actor, 'api_key.manage');
  return (await fq.listPeers(db, scopePrefix(actor))).map(toPeer);
}

/** Stops sending to a lower system at once (queued deliveries fail and are not retried past their attempts). Administrators of its unit. */
export async function revokePeer(db: Db, ctx: Ctx, id: string): Promise<ExchangePeer> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const row = (await fq.findPeer(tx, id)) ?? notFound();
    assertCan(actor, 'api_key.manage', row.unit_path);
    if (row.revoked_at || !(await fq.revokePeerRow(tx, id, actor.id, ctx.clock.now()))) conflict('exchange.peer_revoked', 'Kết nối với hệ thống cấp dưới đã được gỡ trước đó');
    await recordAudit(tx, ctx, { action: 'exchange_peer.revoked', unitId: row.unit_id, targetType: 'exchange_peer', targetId: id, details: { name: row.name, url: row.url } });
    return toPeer((await fq.findPeer(tx, id))!);
  });
}

function toPeer(r: fq.PeerRow): ExchangePeer {
  return {
    id: r.id,
    name: r.name,
    unitId: r.unit_id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    url: r.url,
    createdByName: r.created_by_name,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}
