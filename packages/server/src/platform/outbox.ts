import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Clock } from './clock.js';

/**
 * Messages to the outside world, written in the transaction that decides them and delivered after
 * commit, with retries. `dedupeKey` makes a message exist once however often its cause is replayed
 * (the scheduler reruns, two servers run at once), and is the idempotency key a receiver sees.
 */
export type MailMessage = { kind: 'mail'; to: string; subject: string; text: string };
/** A signed report for the document management system (R21); the worker loads the files when it delivers. */
export type DmsMessage = { kind: 'dms'; signatureId: string; assignmentId: string; documentNumber: string };
/** A packet for the Government reporting system (R27, QCVN 125); the worker loads the exported packet when it delivers. */
export type ExchangeMessage = {
  kind: 'exchange';
  exportId: string;
  type: string;
  /** To a registered lower system (exchange_peers) instead of EXCHANGE_URL (federation, docs/federation.md). */
  peerId?: string;
  /** Several exported packets delivered in this order (a request: catalogues, templates, the regime); `exportId` is the last. */
  exportIds?: string[];
};
export type OutboxMessage = MailMessage | DmsMessage | ExchangeMessage;
export type OutboxKind = OutboxMessage['kind'];

/** Queues a message unless one with the same key exists; true when queued now. */
export async function enqueueOutbox(tx: Db, dedupeKey: string, message: OutboxMessage, now: Date): Promise<boolean> {
  const inserted = await tx
    .insertInto('outbox')
    .values({ id: randomUUID(), kind: message.kind, dedupe_key: dedupeKey, payload: JSON.stringify(message), status: 'pending', next_attempt_at: now, created_at: now })
    .onConflict((c) => c.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Sends one mail; `delivery.key`, the outbox row's key, gives a re-sent mail the same Message-ID. */
export type Sender = (message: MailMessage, delivery?: { key: string; attempt: number }) => Promise<void>;
/** Delivers one message; `key` is the message's idempotency key, the same on every attempt. */
export type Deliverer<M extends OutboxMessage = OutboxMessage> = (message: M, meta: { key: string; attempt: number }) => Promise<void>;
/** Who delivers each kind; a kind without a deliverer is marked skipped with `reason`. */
export type Deliverers = { mail?: Sender | null; dms?: Deliverer<DmsMessage> | null; exchange?: Deliverer<ExchangeMessage> | null };

export type DrainOptions = {
  batch?: number;
  /** Only these kinds (the scheduler drains mail; the outbox worker drains everything). */
  kinds?: OutboxKind[];
  /** How long a claimed message is held before another pass may take it again (a crash mid-delivery). */
  leaseSeconds?: number;
  /** First retry delay; doubles with each failure. */
  retryBaseSeconds?: number;
};

const MAX_ATTEMPTS = 8;
const NOT_CONFIGURED: Record<OutboxKind, string> = {
  mail: 'SMTP chưa được cấu hình',
  dms: 'Chưa cấu hình hệ thống quản lý văn bản (DMS_URL)',
  exchange: 'Chưa cấu hình địa chỉ nhận gói tin của Hệ thống thông tin báo cáo Chính phủ (EXCHANGE_URL)',
};

/**
 * Delivers what is due, a batch at a time. Each message is claimed by pushing its next attempt past a
 * lease in a short transaction (`for update skip locked`), so two servers never deliver one at the same
 * time; a server killed mid-delivery leaves the claim to expire and the next pass delivers again with
 * the same key. A failure is retried with exponential backoff, up to 8 attempts. A kind with no
 * deliverer configured is marked skipped, not retried forever.
 */
export async function drainOutbox(
  db: Db,
  clock: Clock,
  deliverers: Deliverers | Sender | null,
  opts: DrainOptions = {},
): Promise<{ sent: number; failed: number; skipped: number }> {
  const by: Deliverers = typeof deliverers === 'function' ? { mail: deliverers } : (deliverers ?? {});
  const { batch = 50, kinds = ['mail', 'dms', 'exchange'], leaseSeconds = 600, retryBaseSeconds = 60 } = opts;
  const result = { sent: 0, failed: 0, skipped: 0 };
  const now = clock.now();
  const claimed = await db.transaction().execute(async (tx) => {
    const rows = await sql<{ id: string; kind: OutboxKind; dedupe_key: string; payload: OutboxMessage; attempts: number }>`
      select id, kind, dedupe_key, payload, attempts from outbox
      where status = 'pending' and next_attempt_at <= ${now} and kind in (${sql.join(kinds)})
      order by next_attempt_at limit ${batch} for update skip locked`.execute(tx);
    if (rows.rows.length > 0) {
      await tx
        .updateTable('outbox')
        .set({ next_attempt_at: new Date(now.getTime() + leaseSeconds * 1000) })
        .where('id', 'in', rows.rows.map((r) => r.id))
        .execute();
    }
    return rows.rows;
  });
  for (const row of claimed) {
    const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as OutboxMessage;
    const deliver = by[payload.kind] as Deliverer | Sender | null | undefined;
    if (!deliver) {
      await db.updateTable('outbox').set({ status: 'skipped', last_error: NOT_CONFIGURED[payload.kind] }).where('id', '=', row.id).execute();
      result.skipped++;
      continue;
    }
    const attempts = row.attempts + 1;
    try {
      await (deliver as Deliverer)(payload, { key: row.dedupe_key, attempt: attempts });
      await db.updateTable('outbox').set({ status: 'sent', sent_at: clock.now(), attempts, last_error: null }).where('id', '=', row.id).execute();
      result.sent++;
    } catch (e) {
      const done = attempts >= MAX_ATTEMPTS;
      await db
        .updateTable('outbox')
        .set({
          status: done ? 'failed' : 'pending',
          attempts,
          last_error: String((e as Error).message ?? e).slice(0, 1000),
          next_attempt_at: new Date(clock.now().getTime() + retryBaseSeconds * 1000 * 2 ** (attempts - 1)),
        })
        .where('id', '=', row.id)
        .execute();
      result.failed++;
    }
  }
  return result;
}

/**
 * Drains the outbox every `intervalMs` and whenever `wake()` is called (a signing just committed), one
 * pass at a time. Safe on several servers at once (see drainOutbox).
 */
export function startOutboxWorker(deps: {
  db: Db;
  clock: Clock;
  deliverers: Deliverers;
  intervalMs: number;
  options?: DrainOptions;
  onError?: (e: unknown) => void;
}): { wake(): void; stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let again = false;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drainOutbox(deps.db, deps.clock, deps.deliverers, deps.options)
      .then((r) => {
        // A full batch may mean more is waiting.
        if (r.sent + r.failed + r.skipped >= (deps.options?.batch ?? 50)) again = true;
      })
      .catch((e) => deps.onError?.(e))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          setImmediate(tick);
        }
      });
  };
  const timer = deps.intervalMs > 0 ? setInterval(tick, deps.intervalMs) : null;
  timer?.unref();
  if (deps.intervalMs > 0) setImmediate(tick);
  return {
    wake: () => {
      if (deps.intervalMs > 0) setImmediate(tick);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
