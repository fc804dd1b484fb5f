/**
 * A read replica of the PostgreSQL primary (DATABASE_READ_URL, docs/read-replica.md): exploration,
 * dashboards and oversight read it, so their heavy statements over the facts stay off the server that
 * takes the deadline rush's writes. Nothing is ever written through it: every session is read-only.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
// The global type parsers (int8, numeric and date as strings) are set there, for this pool too.
import './database.js';
import type { Db } from './database.js';
import type { DB } from './types.js';

export type ReadReplica = { db: Db; close(): Promise<void> };

/**
 * Opens a small pool on the replica. Every session is read-only (`default_transaction_read_only`), so a
 * write sent here by mistake fails with SQLSTATE 25006 even when the URL names a primary; JIT is off as
 * on the main pool (decision 0013), both set in the start-up packet rather than by a first statement.
 */
export function openReadReplica(url: string, opts: { max?: number; connectionTimeoutMillis?: number } = {}): ReadReplica {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 5,
    // Shorter than the primary's 10 s: a replica that does not answer is replaced by the primary for the
    // request (platform/reads.ts), and the page should not wait long for that.
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 3_000,
    options: '-c default_transaction_read_only=on -c jit=off',
  });
  // As in database.ts: a connection the server drops (the replica restarting, promoted, stopped) must not
  // end the process; the statement in flight fails and the request falls back to the primary.
  pool.on('connect', (client) => client.on('error', () => undefined));
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, close: () => db.destroy() };
}

/** How far the replica is behind. `standby: false`: the URL names a server that is not in recovery (lag 0). */
export type ReplicaLag = { standby: boolean; lagSeconds: number };

/**
 * The replica's replay lag: the age of the last transaction it replayed, unless it has replayed all the
 * WAL it received — an idle primary sends no new transactions, and a caught-up standby must not look
 * hours behind because nothing happened. Archive-only standbys (no receive position) use the age.
 */
export async function replicaLag(readDb: Db): Promise<ReplicaLag> {
  const { rows } = await sql<{ standby: boolean; lag: string | number | null }>`
    select pg_is_in_recovery() as standby,
      case
        when not pg_is_in_recovery() then 0
        when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
        else greatest(0, extract(epoch from now() - pg_last_xact_replay_timestamp()))
      end::float8 as lag`.execute(readDb);
  const row = rows[0]!;
  return { standby: row.standby, lagSeconds: Number(row.lag ?? 0) };
}
