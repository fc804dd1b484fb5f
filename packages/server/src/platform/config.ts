import { resolve } from 'node:path';

export type Mode = 'demo' | 'production';

export type Config = {
  port: number;
  host: string;
  mode: Mode;
  /** PostgreSQL server; absent means the embedded PGlite database in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Built web app to serve at `/`, or null for API only. */
  webDist: string | null;
  logLevel: string;
  /** Mark the session cookie Secure (behind HTTPS). */
  cookieSecure: boolean;
  /** Initial system administrator password for production's first start. */
  adminPassword: string | null;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  trustProxy: boolean;
  /** Tests: a successful state-changing request that wrote no audit record becomes a 500. */
  strictAudit: boolean;
  /** SMTP server for e-mail (smtp://user:pass@host:port); null keeps notices in the app only. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Seconds between scheduler runs (assignments, reminders, digests, outbox); 0 turns it off. */
  schedulerIntervalSeconds: number;
  /** Hour (Vietnam time) from which the aggregators' daily digest is sent. */
  digestHour: number;
  /** Public address of the web app, for links in e-mails. */
  publicUrl: string;
};

/** Reads the configuration from the environment. Demo mode is the default only with the embedded database. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const mode = (env.BAOCAO_MODE ?? (databaseUrl ? 'production' : 'demo')) as Mode;
  if (mode !== 'demo' && mode !== 'production') throw new Error(`BAOCAO_MODE must be demo or production, not ${mode}`);
  return {
    port: int(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    mode,
    databaseUrl,
    dataDir: resolve(env.BAOCAO_DATA_DIR ?? 'data'),
    webDist: env.BAOCAO_WEB_DIST === '' ? null : resolve(env.BAOCAO_WEB_DIST ?? 'packages/web/dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : mode === 'production',
    adminPassword: env.BAOCAO_ADMIN_PASSWORD || null,
    sessionIdleMinutes: int(env.SESSION_IDLE_MINUTES, 120),
    sessionMaxHours: int(env.SESSION_MAX_HOURS, 12),
    trustProxy: env.TRUST_PROXY === 'true',
    strictAudit: false,
    smtpUrl: env.SMTP_URL?.trim() || null,
    mailFrom: env.MAIL_FROM ?? 'Hệ thống báo cáo <baocao@localhost>',
    schedulerIntervalSeconds: int(env.SCHEDULER_INTERVAL_SECONDS, 300),
    digestHour: int(env.DIGEST_HOUR, 7),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${int(env.PORT, 3000)}`).replace(/\/$/, ''),
  };
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Not a whole number: ${value}`);
  return n;
}
