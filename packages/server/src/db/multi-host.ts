/**
 * A libpq-style multi-host connection string for node-postgres, which has none (pg 8.23 reads one host and
 * ignores `target_session_attrs`): `postgres://user:pass@h1:5432,h2:5433/db?target_session_attrs=read-write`,
 * what `pg_autoctl show uri` prints for a pg_auto_failover formation (docs/high-availability.md, decision 0018).
 *
 * One pg Pool per host. Like libpq, hosts are tried in the order listed and every new connection is checked
 * (`show transaction_read_only` for read-write, `select pg_is_in_recovery()` for primary); the host that
 * passed is remembered, so checkouts go straight to it until one of its connections fails in a way that
 * says the host went away or stopped taking writes. Then it is forgotten and the next checkout looks again,
 * which is how the app finds the new primary after a failover without a restart.
 */
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

export type TargetSessionAttrs = 'any' | 'read-write' | 'primary';

export type MultiHostUrl = {
  hosts: { host: string; port: number }[];
  targetSessionAttrs: TargetSessionAttrs;
  /** The same URL for each host alone, `target_session_attrs` removed, every other parameter kept. */
  hostUrls: string[];
};

const URL_SHAPE = /^(postgres(?:ql)?:\/\/)([^/?#]*)([^?#]*)(?:\?([^#]*))?$/i;
const SUPPORTED: readonly string[] = ['any', 'read-write', 'primary'];

/** Splits a multi-host URL into one URL per host. Throws on a malformed host list or an unsupported attribute. */
export function parseMultiHostUrl(url: string): MultiHostUrl {
  const m = URL_SHAPE.exec(url.trim());
  if (!m) throw new Error('DATABASE_URL: expected postgres://[user[:password]@]host[:port][,host[:port]…]/database[?…]');
  const [, scheme, authority, path, query] = m as unknown as [string, string, string, string, string | undefined];
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hostList = authority.slice(at + 1);
  const hosts = hostList.split(',').map(parseHost);
  let targetSessionAttrs: TargetSessionAttrs = 'any';
  // The other parameters are passed on byte for byte: no re-encoding of `options=-c%20…`.
  const rest: string[] = [];
  for (const pair of (query ?? '').split('&').filter(Boolean)) {
    const [key, value = ''] = pair.split('=') as [string, string?];
    if (decodeURIComponent(key) !== 'target_session_attrs') {
      rest.push(pair);
      continue;
    }
    const attrs = decodeURIComponent(value);
    if (!SUPPORTED.includes(attrs)) throw new Error(`DATABASE_URL: target_session_attrs=${attrs} is not supported (any, read-write, primary)`);
    targetSessionAttrs = attrs as TargetSessionAttrs;
  }
  const suffix = `${path}${rest.length ? `?${rest.join('&')}` : ''}`;
  const hostUrls = hosts.map((h) => `${scheme}${userinfo}${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}${suffix}`);
  return { hosts, targetSessionAttrs, hostUrls };
}

function parseHost(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::(\d+))?$/i.exec(text);
  if (!m) throw new Error(`DATABASE_URL: cannot read the host "${text}" (host, host:port or [ipv6]:port)`);
  const port = m[3] ? Number(m[3]) : 5432;
  if (!(port > 0 && port < 65536)) throw new Error(`DATABASE_URL: bad port in "${text}"`);
  return { host: (m[1] ?? m[2])!, port };
}

/** Whether the URL needs this pool: several hosts, or a target_session_attrs to check. */
export function needsMultiHostPool(url: string): boolean {
  const m = URL_SHAPE.exec(url.trim());
  if (!m) return false;
  const hostList = m[2]!.slice(m[2]!.lastIndexOf('@') + 1);
  return hostList.includes(',') || /(^|&)target_session_attrs=/.test(m[4] ?? '');
}

/**
 * A failure that says the host itself went away or stopped taking writes, not a fault of the statement:
 * the connection is lost or refused (SQLSTATE class 08, socket errors, pg's own messages), the server is
 * shutting down or starting (57P01–57P03), or it became read-only under us (25006: demoted, or
 * pg_auto_failover fencing a promotion).
 */
export function isHostFailure(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', '25006', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|not queryable/i.test(message);
}

/**
 * The pool Kysely's PostgresDialect takes, over one pg Pool per host (each made by `newPool` with the
 * app's usual settings). A checkout is an ordinary pooled client behind a thin lease that notices host
 * failures: the host is forgotten and the client destroyed on release, never handed out again.
 */
export class MultiHostPool implements PostgresPool {
  readonly parsed: MultiHostUrl;
  private readonly pools: pg.Pool[];
  /** Connections already found to be on a suitable host: checked once, like libpq at connect time. */
  private readonly checked = new WeakSet<pg.PoolClient>();
  private current: number | null = null;
  private discovery: Promise<number> | null = null;

  constructor(url: string, newPool: (hostUrl: string) => pg.Pool) {
    this.parsed = parseMultiHostUrl(url);
    this.pools = this.parsed.hostUrls.map((hostUrl, index) => {
      const pool = newPool(hostUrl);
      // A connection of this host lost while checked out, or idle: the host may be gone, look again.
      pool.on('connect', (client) => client.on('error', () => this.forget(index)));
      pool.on('error', () => this.forget(index));
      return pool;
    });
  }

  /** The single-host URL of the host in use (the first one listed until one was found): for pg_dump and the like. */
  get currentUrl(): string {
    return this.parsed.hostUrls[this.current ?? 0]!;
  }

  async connect(): Promise<PostgresPoolClient> {
    // A second round only when the remembered host failed the checkout itself: one fresh look, then give up
    // (the request answers 503 and its client retries).
    for (let round = 0; ; round++) {
      const index = this.current ?? (await (this.discovery ??= this.discover().finally(() => (this.discovery = null))));
      let client: pg.PoolClient;
      try {
        client = await this.pools[index]!.connect();
        if (!this.checked.has(client)) {
          const suitable = await this.suits(client).catch((e: unknown) => {
            client.release(e instanceof Error ? e : true);
            throw e;
          });
          if (!suitable) {
            client.release(true);
            throw noHost(this.parsed, [`${this.name(index)} is no longer ${this.parsed.targetSessionAttrs}`]);
          }
          this.checked.add(client);
        }
      } catch (e) {
        this.forget(index);
        if (round === 0) continue;
        throw e;
      }
      return this.lease(client, index);
    }
  }

  async end(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.end()));
  }

  /** One look along the hosts in order (shared by the checkouts waiting meanwhile): the first suitable wins. */
  private async discover(): Promise<number> {
    const failures: string[] = [];
    for (const [index, pool] of this.pools.entries()) {
      let client: pg.PoolClient | undefined;
      try {
        client = await pool.connect();
        const suitable = this.checked.has(client) || (await this.suits(client));
        if (suitable) {
          // Back to its pool checked: the caller's checkout picks this very connection up.
          this.checked.add(client);
          client.release();
          this.current = index;
          return index;
        }
        client.release(true);
        failures.push(`${this.name(index)} is not ${this.parsed.targetSessionAttrs}`);
      } catch (e) {
        client?.release(e instanceof Error ? e : true);
        failures.push(`${this.name(index)}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    throw noHost(this.parsed, failures);
  }

  private async suits(client: pg.PoolClient): Promise<boolean> {
    switch (this.parsed.targetSessionAttrs) {
      case 'any':
        return true;
      case 'read-write':
        return (await client.query<{ transaction_read_only: string }>('show transaction_read_only')).rows[0]?.transaction_read_only === 'off';
      case 'primary':
        return (await client.query<{ standby: boolean }>('select pg_is_in_recovery() as standby')).rows[0]?.standby === false;
    }
  }

  private forget(index: number): void {
    if (this.current === index) this.current = null;
  }

  private name(index: number): string {
    const h = this.parsed.hosts[index]!;
    return `${h.host}:${h.port}`;
  }

  /** What Kysely holds: the client's query, and a release that destroys the connection after a host failure. */
  private lease(client: pg.PoolClient, index: number): PostgresPoolClient {
    let broken: Error | undefined;
    const query = (...args: unknown[]): unknown => {
      const result = (client.query as (...a: unknown[]) => unknown)(...args);
      if (!(result instanceof Promise)) return result; // a cursor: not used by the app (no streaming configured)
      return result.catch((e: unknown) => {
        if (isHostFailure(e)) {
          // Still connected to a demoted host (25006) or half-closed: never back into the pool.
          broken = e instanceof Error ? e : new Error(String(e));
          this.forget(index);
        }
        throw e;
      });
    };
    return {
      query: query as PostgresPoolClient['query'],
      release: (destroy?: boolean) => client.release(broken ?? destroy),
    };
  }
}

function noHost(parsed: MultiHostUrl, failures: string[]): Error {
  const wanted = parsed.targetSessionAttrs === 'any' ? 'reachable' : parsed.targetSessionAttrs === 'primary' ? 'primary' : 'writable';
  // SQLSTATE 08001 (unable to establish a connection): answered 503 db.unavailable like any lost database.
  return Object.assign(new Error(`no ${wanted} host found among ${parsed.hosts.map((h) => `${h.host}:${h.port}`).join(', ')}: ${failures.join('; ')}`), { code: '08001' });
}
