import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Clock } from './clock.js';

/**
 * Messages to the outside world, written in the transaction that decides them and delivered after
 * commit, with retries. `dedupeKey` makes a message exist once however often its cause is replayed
 * (the scheduler reruns, two servers run at once).
 */
export type OutboxMessage = { kind: 'mail'; to: string; subject: string; text: string };

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

export type Sender = (message: OutboxMessage) => Promise<void>;

const MAX_ATTEMPTS = 8;

/**
 * Sends what is due, a batch at a time. Each message is claimed by pushing its next attempt into the
 * future in a short transaction (`for update skip locked`), so two servers never send one twice; a
 * failure is retried with exponential backoff, up to 8 attempts. With no sender (no SMTP configured)
 * mail is marked skipped, not retried forever.
 */
export async function drainOutbox(db: Db, clock: Clock, sender: Sender | null, batch = 50): Promise<{ sent: number; failed: number; skipped: number }> {
  const result = { sent: 0, failed: 0, skipped: 0 };
  const now = clock.now();
  const claimed = await db.transaction().execute(async (tx) => {
    const rows = await sql<{ id: string; payload: OutboxMessage; attempts: number }>`
      select id, payload, attempts from outbox
      where status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at limit ${batch} for update skip locked`.execute(tx);
    if (rows.rows.length > 0) {
      await tx
        .updateTable('outbox')
        .set({ next_attempt_at: new Date(now.getTime() + 10 * 60_000) })
        .where('id', 'in', rows.rows.map((r) => r.id))
        .execute();
    }
    return rows.rows;
  });
  for (const row of claimed) {
    const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as OutboxMessage;
    if (!sender) {
      await db.updateTable('outbox').set({ status: 'skipped', last_error: 'SMTP chưa được cấu hình' }).where('id', '=', row.id).execute();
      result.skipped++;
      continue;
    }
    try {
      await sender(payload);
      await db.updateTable('outbox').set({ status: 'sent', sent_at: clock.now(), attempts: row.attempts + 1, last_error: null }).where('id', '=', row.id).execute();
      result.sent++;
    } catch (e) {
      const attempts = row.attempts + 1;
      const done = attempts >= MAX_ATTEMPTS;
      await db
        .updateTable('outbox')
        .set({
          status: done ? 'failed' : 'pending',
          attempts,
          last_error: String((e as Error).message ?? e).slice(0, 1000),
          next_attempt_at: new Date(clock.now().getTime() + 60_000 * 2 ** attempts),
        })
        .where('id', '=', row.id)
        .execute();
      result.failed++;
    }
  }
  return result;
}
