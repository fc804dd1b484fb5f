import { randomUUID } from 'node:crypto';
import type { Notification } from '@baocao/core';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Actor } from '../../platform/scope.js';

/** Addresses a notice to everyone in a unit's subtree, or to one person of it (`userId`), inside the caller's transaction. */
export async function notifyUnit(tx: Db, n: { unitId: string; userId?: string; kind: string; title: string; body: string; link?: string | null; now: Date }): Promise<void> {
  await tx
    .insertInto('notifications')
    .values({ id: randomUUID(), unit_id: n.unitId, user_id: n.userId ?? null, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null, created_at: n.now })
    .execute();
}

/** The latest notices addressed to the actor's unit or any unit above it, and to the actor by name. Any signed-in person. */
export async function listNotifications(db: Db, actor: Actor): Promise<Notification[]> {
  const rows = await db
    .selectFrom('notifications as n')
    .innerJoin('units as u', 'u.id', 'n.unit_id')
    .select(['n.id', 'n.kind', 'n.title', 'n.body', 'n.link', 'n.created_at'])
    .where((eb) => eb.or([eb('n.user_id', '=', actor.id), eb.and([eb('n.user_id', 'is', null), sql<boolean>`${actor.unitPath} like u.path || '%'`])]))
    .orderBy('n.created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.created_at.toISOString() }));
}
