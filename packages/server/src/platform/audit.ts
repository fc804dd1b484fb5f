import { createHash } from 'node:crypto';
import { canonicalJson } from '@baocao/core';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Clock } from './clock.js';
import type { Actor } from './scope.js';

/** Who is acting and from where: passed from the route into every service call. */
export type Ctx = {
  actor: Actor | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  clock: Clock;
  /** Set once the request's change is audited (or found to change nothing): see app.ts. */
  accounted?: boolean;
};

export type AuditEntry = {
  action: string;
  /** The unit the change belongs to, for filtering; defaults to the actor's unit. */
  unitId?: string | null;
  targetType?: string;
  targetId?: string;
  /** What changed (never secrets). Its SHA-256 is the record's digest. */
  details?: Record<string, unknown>;
  /** For events without a signed-in actor (failed login): who it concerns. */
  actorOverride?: { id: string; name: string } | null;
};

export const GENESIS_HASH = '0'.repeat(64);
/** Any constant: audited transactions take turns appending, so the chain never forks. */
const AUDIT_LOCK = 74200002;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const canonical = canonicalJson;

type Hashable = {
  seq: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  unitId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  digest: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
};

/** A record's hash covers the previous record's hash and every field of its own. */
export function auditHash(prevHash: string, r: Hashable): string {
  return sha256(`${prevHash}\n${canonical(r)}`);
}

/** Appends one audit record inside the caller's transaction `tx` (R3). */
export async function recordAudit(tx: Db, ctx: Ctx, entry: AuditEntry): Promise<void> {
  ctx.accounted = true;
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
  // After the lock, in a statement of its own (so that it sees the chain's head as last committed): the
  // head's hash and the next number, in one round trip (the limit is a parameter so that the statement is
  // prepared once per connection: db/database.ts).
  const { rows } = await sql<{ seq: string; hash: string | null }>`select nextval(pg_get_serial_sequence('audit_log', 'seq'))::text as seq, (select hash from audit_log order by seq desc limit ${1}) as hash`.execute(tx);
  const last = rows[0]!.hash !== null ? { hash: rows[0]!.hash } : undefined;
  const details = entry.details ?? {};
  const actor = entry.actorOverride !== undefined ? entry.actorOverride : ctx.actor ? { id: ctx.actor.id, name: ctx.actor.fullName } : null;
  const record: Hashable = {
    seq: rows[0]!.seq,
    at: ctx.clock.now().toISOString(),
    actorId: actor?.id ?? null,
    actorName: actor?.name ?? null,
    unitId: entry.unitId !== undefined ? entry.unitId : (ctx.actor?.unitId ?? null),
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    digest: sha256(canonical(details)),
    ip: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 500) ?? null,
    requestId: ctx.requestId,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx
    .insertInto('audit_log')
    .values({
      seq: record.seq,
      at: record.at,
      actor_id: record.actorId,
      actor_name: record.actorName,
      unit_id: record.unitId,
      action: record.action,
      target_type: record.targetType,
      target_id: record.targetId,
      details: JSON.stringify(details),
      digest: record.digest,
      ip: record.ip,
      user_agent: record.userAgent,
      request_id: record.requestId,
      prev_hash: prevHash,
      hash: auditHash(prevHash, record),
    })
    .execute();
}

/** A state-changing request that turned out to change nothing has nothing to audit. */
export function nothingChanged(ctx: Ctx): void {
  ctx.accounted = true;
}

export type ChainReport = { ok: true; records: number } | { ok: false; records: number; brokenAt: string; reason: string };

/** Walks the whole chain in order and reports the first record that does not fit (`npm run audit:verify`). */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let after = '0';
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .select(sql<string>`seq::text`.as('seq_text'))
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) return { ok: true, records: count };
    for (const r of rows) {
      const at = new Date(r.at).toISOString();
      const fail = (reason: string): ChainReport => ({ ok: false, records: count, brokenAt: r.seq_text, reason });
      if (r.prev_hash !== prev) return fail('prev_hash does not match the previous record (a record was removed or inserted)');
      if (sha256(canonical(r.details)) !== r.digest) return fail('details do not match their digest');
      const expected = auditHash(prev, {
        seq: r.seq_text,
        at,
        actorId: r.actor_id,
        actorName: r.actor_name,
        unitId: r.unit_id,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        digest: r.digest,
        ip: r.ip,
        userAgent: r.user_agent,
        requestId: r.request_id,
      });
      if (expected !== r.hash) return fail('the record was altered after it was written');
      prev = r.hash;
      after = r.seq_text;
      count++;
    }
  }
}
