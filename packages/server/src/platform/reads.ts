import type { ReadSource } from '@baocao/core';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import { replicaLag, type ReadReplica, type ReplicaLag } from '../db/read-replica.js';
import { isDatabaseUnavailable } from './problem.js';

/**
 * The replica as /ready and /metrics report it; null from `replicaState()` when none is configured. No error
 * text: /ready is public, and the replica's address stays out of it (the fallback's warning logs the error).
 */
export type ReplicaState = { up: true; standby: boolean; lagSeconds: number } | { up: false };

/**
 * Where read-only questions go (docs/read-replica.md): the replica when DATABASE_READ_URL names one, else
 * the primary. Modules call `read` with the whole question, so one question reads one snapshot.
 */
export type Reads = {
  /**
   * Runs `question` on the replica, or on the primary without one. A replica that does not answer (refused,
   * dropped, timed out, or a statement cancelled by a recovery conflict) is replaced by the primary for the
   * request — logged, counted in `fallbacks` — and not tried again for `retryMs`: the page never fails for it.
   */
  read<T>(log: FastifyBaseLogger, question: (db: Db) => Promise<T>): Promise<{ value: T; source: ReadSource }>;
  replicaState(): Promise<ReplicaState | null>;
  /** Whether DATABASE_READ_URL named a replica. */
  readonly hasReplica: boolean;
  /** Requests the primary answered because the replica did not (baocao_replica_fallbacks_total). */
  readonly fallbacks: number;
};

/**
 * `lagCacheMs`: how long a measured lag (or a failure to reach the replica) is reused, so the lag is not
 * queried per request and a replica that is down costs one connection attempt per period, not per request.
 */
export function createReads(primary: Db, replica: ReadReplica | null, opts: { lagCacheMs?: number } = {}): Reads {
  const cacheMs = opts.lagCacheMs ?? 5_000;
  let fallbacks = 0;
  let cached: { at: number; lag: Promise<ReplicaLag> } | null = null;
  let warnedNotStandby = false;

  const remember = (lag: Promise<ReplicaLag>) => {
    lag.catch(() => undefined);
    cached = { at: performance.now(), lag };
    return lag;
  };
  const measure = (db: Db) => (cached && performance.now() - cached.at < cacheMs ? cached.lag : remember(replicaLag(db)));

  const fallBack = async <T>(log: FastifyBaseLogger, question: (db: Db) => Promise<T>, error: unknown) => {
    fallbacks++;
    log.warn({ err: error }, 'read replica unavailable: answering from the primary');
    return { value: await question(primary), source: { replica: false } satisfies ReadSource };
  };

  return {
    hasReplica: replica !== null,
    get fallbacks() {
      return fallbacks;
    },
    async read(log, question) {
      if (!replica) return { value: await question(primary), source: { replica: false } };
      let lag: ReplicaLag;
      try {
        lag = await measure(replica.db);
      } catch (e) {
        return fallBack(log, question, e);
      }
      if (!lag.standby && !warnedNotStandby) {
        warnedNotStandby = true;
        log.warn('DATABASE_READ_URL is not a standby (pg_is_in_recovery() is false): its lag is reported as 0');
      }
      try {
        return { value: await question(replica.db), source: { replica: true, lagSeconds: Math.round(lag.lagSeconds * 10) / 10 } };
      } catch (e) {
        if (!replicaFailed(e)) throw e;
        remember(Promise.reject(e as Error));
        return fallBack(log, question, e);
      }
    },
    async replicaState() {
      if (!replica) return null;
      try {
        const lag = await measure(replica.db);
        return { up: true, standby: lag.standby, lagSeconds: Math.round(lag.lagSeconds * 10) / 10 };
      } catch {
        return { up: false };
      }
    },
  };
}

/**
 * The replica, not the question, failed: it went away, or a standby cancelled the statement because
 * replaying the primary's changes conflicted with it (SQLSTATE 40001 or 40P01, "conflict with recovery").
 */
function replicaFailed(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  const e = error as { code?: unknown; message?: unknown } | null;
  return (e?.code === '40001' || e?.code === '40P01') && typeof e.message === 'string' && /recovery/i.test(e.message);
}
