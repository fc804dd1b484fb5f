import { vietnamDateOf, type SchedulerReport } from '@baocao/core';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Ctx } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import { markSchedulerRun } from '../../platform/metrics.js';
import { drainOutbox, type Sender } from '../../platform/outbox.js';
import { runScheduledBackup } from '../backups/backups.service.js';
import { queueDigests, queueReminders } from '../assignments/reminders.js';
import { loadWorkingCalendar } from '../calendar/calendar.service.js';
import { listActiveRegimes } from './regimes.queries.js';
import { openRounds } from './regimes.rounds.js';

export type SchedulerDeps = { db: Db; clock: Clock; config: Config; sender: Sender | null; log?: FastifyBaseLogger | undefined };

/** Vietnam's hour of the day (UTC+7, no daylight saving). */
const vietnamHour = (d: Date) => (d.getUTCHours() + 7) % 24;

/**
 * One pass of the scheduler: opens due rounds of every active regime (catching up on any missed),
 * queues reminders and, after the digest hour, the daily digests, then sends queued mail. Safe to run
 * at the same time on several servers: every write is keyed (see openRounds, queueReminders).
 */
export async function runScheduler(deps: SchedulerDeps, ctx?: Ctx): Promise<SchedulerReport> {
  const { db, clock, config, sender, log } = deps;
  const runCtx: Ctx = ctx ?? { actor: null, ip: null, userAgent: 'baocao-scheduler', requestId: null, clock };
  const now = clock.now();
  const day = vietnamDateOf(now);
  const calendar = await loadWorkingCalendar(db);
  const report: SchedulerReport = { today: day, roundsOpened: 0, assignmentsCreated: 0, skippedRetired: 0, remindersQueued: 0, digestsQueued: 0, mailsSent: 0 };
  for (const regime of await listActiveRegimes(db)) {
    try {
      const r = await openRounds(db, runCtx, regime, day, calendar);
      report.roundsOpened += r.roundsOpened;
      report.assignmentsCreated += r.assignmentsCreated;
      report.skippedRetired += r.skippedRetired;
    } catch (e) {
      // One broken regime must not stop the others; it is retried on the next pass.
      log?.error({ err: e, regimeId: regime.id }, 'scheduler: opening rounds failed');
    }
  }
  report.remindersQueued = await queueReminders(db, clock, config, day);
  if (vietnamHour(now) >= config.digestHour) report.digestsQueued = await queueDigests(db, clock, config, day);
  report.mailsSent = (await drainOutbox(db, clock, sender, { kinds: ['mail'], leaseSeconds: config.outboxLeaseSeconds, retryBaseSeconds: config.outboxRetryBaseSeconds })).sent;
  markSchedulerRun(clock.now());
  return report;
}

/** Runs the scheduler now and then every `schedulerIntervalSeconds`, one pass at a time. */
export function startScheduler(deps: SchedulerDeps): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let backup: Promise<unknown> | null = null;
  const tick = (withBackup: boolean) => {
    if (running) return;
    running = runScheduler(deps)
      .then((r) => {
        if (r.roundsOpened || r.assignmentsCreated || r.remindersQueued || r.digestsQueued || r.mailsSent) deps.log?.info({ scheduler: r }, 'scheduler pass');
      })
      .catch((e) => deps.log?.error({ err: e }, 'scheduler pass failed'))
      .finally(() => {
        running = null;
      });
    // The daily backup (R30), at most once per Vietnam day across all servers (modules/backups); beside
    // the passes, so that a long dump does not hold up rounds and reminders. Not on the pass at start:
    // a server just started (tests, benchmarks, a restart) catches up one interval later, if still running.
    if (!withBackup || backup) return;
    backup = runScheduledBackup(deps)
      .then((b) => {
        if (b?.status === 'failed') deps.log?.error({ backup: { id: b.id, error: b.error } }, 'scheduled backup failed');
        else if (b) deps.log?.info({ backup: { id: b.id, file: b.fileName, sizeBytes: b.sizeBytes } }, 'scheduled backup');
      })
      .catch((e) => deps.log?.error({ err: e }, 'scheduled backup failed'))
      .finally(() => {
        backup = null;
      });
  };
  tick(false);
  const timer = deps.config.schedulerIntervalSeconds > 0 ? setInterval(() => tick(true), deps.config.schedulerIntervalSeconds * 1000) : null;
  timer?.unref();
  return {
    stop: async () => {
      if (timer) clearInterval(timer);
      await running;
      await backup;
    },
  };
}
