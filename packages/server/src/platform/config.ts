import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type Mode = 'demo' | 'production';
/** This instance's place in the national federation (R27, docs/federation.md): a province (or ministry) system, or the Government level above them. */
export type Level = 'province' | 'government';

export type Config = {
  port: number;
  host: string;
  mode: Mode;
  /** BAOCAO_LEVEL: `province` (default: the city's own system) or `government` (seeds the provinces as its units). */
  level: Level;
  /** PostgreSQL server; absent means the embedded PGlite database in `dataDir`. */
  databaseUrl: string | null;
  /** A read replica of DATABASE_URL (DATABASE_READ_URL) that exploration, dashboards and oversight read; null: they read the primary. */
  databaseReadUrl: string | null;
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
  /** Folder of the units' signing certificates, one PKCS#12 file per unit named `<unit code>.p12`. */
  signingKeysDir: string;
  /** Password of the PKCS#12 files (SIGNING_KEY_PASSWORD); null: signing on the server is off. */
  signingKeyPassword: string | null;
  /** Folder of trusted CA certificates (PEM/DER) and CRLs against which every signature is checked. */
  trustStoreDir: string;
  /** Document management system endpoint that receives signed reports (HTTP POST); null: not connected. */
  dmsUrl: string | null;
  /** Bearer token for the document management system, if it asks for one. */
  dmsToken: string | null;
  /** Where exported QCVN 125 packets are pushed (HTTP POST, through the LGSP); null: not connected, packets can still be pulled. */
  exchangeUrl: string | null;
  /** Bearer token for EXCHANGE_URL, if the receiver asks for one. */
  exchangeToken: string | null;
  /** Place name in documents' date line ("Hải Phòng, ngày …"). */
  documentPlace: string;
  /** Parent agency line of documents issued by the city's units. */
  documentParentAgency: string;
  /** Milliseconds between outbox worker passes (deliveries to the DMS, e-mail); 0 turns the worker off. */
  outboxIntervalMs: number;
  /** Seconds a claimed outbox message is held before another worker may retry it (a crash mid-delivery). */
  outboxLeaseSeconds: number;
  /** First retry delay in seconds; doubles with every failed attempt. */
  outboxRetryBaseSeconds: number;
  /** Weights of the oversight score (R37): OVERSIGHT_WEIGHTS as JSON, e.g. {"onTime":1,"late":0.5,"missing":0,"returnedPenalty":0.1}. */
  oversightWeights: { onTime: number; late: number; missing: number; returnedPenalty: number };
  /** Where incidents and requests for help are e-mailed (R33, OPERATOR_EMAIL); null: the operator's list only. */
  operatorEmail: string | null;
  /** Working days after an outage's last day that deadlines falling in it move to (R32, OUTAGE_GRACE_WORKING_DAYS). */
  outageGraceWorkingDays: number;
  /** The ClamAV daemon that scans attachments (R35): CLAMD_SOCKET (unix path) or CLAMD_HOST/CLAMD_PORT; null: none. */
  clamd: { socket: string } | { host: string; port: number } | null;
  /** Largest attachment in bytes (ATTACHMENT_MAX_BYTES, default 20 MB). */
  attachmentMaxBytes: number;
  /** Demo only: accept attachments unscanned when no clamd is configured (ATTACHMENTS_ALLOW_UNSCANNED=true). */
  attachmentsAllowUnscanned: boolean;
  /** Folder of backup files (BACKUP_DIR, default `<dataDir>/backups`). */
  backupDir: string;
  /** Daily backup time, Vietnam time, `HH:MM` (BACKUP_TIME, default 02:00); null (`off`): no scheduled backup. */
  backupTime: string | null;
  /** Backup files older than this many days are deleted (BACKUP_RETENTION_DAYS, default 30)… */
  backupRetentionDays: number;
  /** …but the newest BACKUP_KEEP_LAST (default 7) are always kept. */
  backupKeepLast: number;
  /** BACKUP_ENCRYPTION_KEY: 64 hex characters (a raw AES-256 key) or a passphrase (scrypt); null: files unencrypted. */
  backupEncryptionKey: string | null;
  /** METRICS_TOKEN: bearer token for `/metrics`; null: `/metrics` answers only direct loopback requests. */
  metricsToken: string | null;
  /** Requests a minute per session, API key or address (RATE_LIMIT_API_PER_MINUTE, default 600; 0: off). Counted in memory, per app server. */
  rateLimitApiPerMinute: number;
  /** Failed logins per user name and per address within LOGIN_WINDOW_MINUTES before 429 (LOGIN_MAX_FAILURES, default 10). Counted in the database. */
  loginMaxFailures: number;
  loginWindowMinutes: number;
  /** Send Strict-Transport-Security even when the request does not look like HTTPS (HSTS=true; behind a proxy prefer TRUST_PROXY). */
  hsts: boolean;
};

/** Reads the configuration from the environment. Demo mode is the default only with the embedded database. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const databaseReadUrl = env.DATABASE_READ_URL?.trim() || null;
  // A replica of the embedded database does not exist: refuse rather than read another server's figures.
  if (databaseReadUrl && !databaseUrl) throw new Error('DATABASE_READ_URL (read replica) needs DATABASE_URL (its primary PostgreSQL server); the embedded database has no replica');
  const mode = (env.BAOCAO_MODE ?? (databaseUrl ? 'production' : 'demo')) as Mode;
  if (mode !== 'demo' && mode !== 'production') throw new Error(`BAOCAO_MODE must be demo or production, not ${mode}`);
  return {
    port: int(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    mode,
    level: levelOf(env),
    databaseUrl,
    databaseReadUrl,
    dataDir: resolve(env.BAOCAO_DATA_DIR ?? 'data'),
    webDist: env.BAOCAO_WEB_DIST === '' ? null : resolve(env.BAOCAO_WEB_DIST ?? 'packages/web/dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : mode === 'production',
    adminPassword: secret(env, 'BAOCAO_ADMIN_PASSWORD'),
    sessionIdleMinutes: int(env.SESSION_IDLE_MINUTES, 120),
    sessionMaxHours: int(env.SESSION_MAX_HOURS, 12),
    trustProxy: env.TRUST_PROXY === 'true',
    strictAudit: false,
    smtpUrl: secret(env, 'SMTP_URL'),
    mailFrom: env.MAIL_FROM ?? 'Hệ thống báo cáo <baocao@localhost>',
    schedulerIntervalSeconds: int(env.SCHEDULER_INTERVAL_SECONDS, 300),
    digestHour: int(env.DIGEST_HOUR, 7),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${int(env.PORT, 3000)}`).replace(/\/$/, ''),
    signingKeysDir: resolve(env.SIGNING_KEYS_DIR ?? join(env.BAOCAO_DATA_DIR ?? 'data', 'pki', 'keys')),
    signingKeyPassword: secret(env, 'SIGNING_KEY_PASSWORD') ?? (mode === 'demo' ? 'Demo@12345' : null),
    trustStoreDir: resolve(env.TRUST_STORE_DIR ?? join(env.BAOCAO_DATA_DIR ?? 'data', 'pki', 'trust')),
    dmsUrl: env.DMS_URL?.trim() || null,
    dmsToken: secret(env, 'DMS_TOKEN'),
    exchangeUrl: env.EXCHANGE_URL?.trim() || null,
    exchangeToken: secret(env, 'EXCHANGE_TOKEN'),
    documentPlace: env.DOCUMENT_PLACE ?? 'Hải Phòng',
    documentParentAgency: env.DOCUMENT_PARENT_AGENCY ?? 'UBND THÀNH PHỐ HẢI PHÒNG',
    outboxIntervalMs: int(env.OUTBOX_INTERVAL_MS, 2000),
    outboxLeaseSeconds: int(env.OUTBOX_LEASE_SECONDS, 60),
    outboxRetryBaseSeconds: int(env.OUTBOX_RETRY_BASE_SECONDS, 30),
    oversightWeights: weights(env.OVERSIGHT_WEIGHTS),
    operatorEmail: env.OPERATOR_EMAIL?.trim() || null,
    outageGraceWorkingDays: int(env.OUTAGE_GRACE_WORKING_DAYS, 2),
    clamd: env.CLAMD_SOCKET?.trim() ? { socket: env.CLAMD_SOCKET.trim() } : env.CLAMD_HOST?.trim() ? { host: env.CLAMD_HOST.trim(), port: int(env.CLAMD_PORT, 3310) } : null,
    attachmentMaxBytes: int(env.ATTACHMENT_MAX_BYTES, 20 * 1024 * 1024),
    attachmentsAllowUnscanned: mode === 'demo' && env.ATTACHMENTS_ALLOW_UNSCANNED === 'true',
    backupDir: resolve(env.BACKUP_DIR?.trim() || join(env.BAOCAO_DATA_DIR ?? 'data', 'backups')),
    backupTime: backupTime(env.BACKUP_TIME),
    backupRetentionDays: int(env.BACKUP_RETENTION_DAYS, 30),
    backupKeepLast: int(env.BACKUP_KEEP_LAST, 7),
    backupEncryptionKey: secret(env, 'BACKUP_ENCRYPTION_KEY'),
    metricsToken: secret(env, 'METRICS_TOKEN'),
    rateLimitApiPerMinute: int(env.RATE_LIMIT_API_PER_MINUTE, 600),
    loginMaxFailures: int(env.LOGIN_MAX_FAILURES, 10),
    loginWindowMinutes: int(env.LOGIN_WINDOW_MINUTES, 15),
    hsts: env.HSTS === 'true',
  };
}

/** BAOCAO_LEVEL, `province` when unset. */
export function levelOf(env: NodeJS.ProcessEnv = process.env): Level {
  const level = env.BAOCAO_LEVEL?.trim() || 'province';
  if (level !== 'province' && level !== 'government') throw new Error(`BAOCAO_LEVEL must be province or government, not ${level}`);
  return level;
}

/**
 * A secret from the environment only: `NAME`, or the file named by `NAME_FILE` (Docker/Kubernetes
 * secrets), never from a file in the repository. The value is never logged.
 */
export function secret(env: NodeJS.ProcessEnv, name: string): string | null {
  const file = env[`${name}_FILE`]?.trim();
  const value = file ? readFileSync(file, 'utf8') : env[name];
  return value?.trim() || null;
}

function backupTime(value: string | undefined): string | null {
  const v = value?.trim() || '02:00';
  if (v === 'off') return null;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(v)) throw new Error(`BACKUP_TIME must be HH:MM (Vietnam time) or off, not ${v}`);
  return v;
}

const DEFAULT_WEIGHTS = { onTime: 1, late: 0.5, missing: 0, returnedPenalty: 0.1 };

function weights(value: string | undefined): Config['oversightWeights'] {
  if (!value) return DEFAULT_WEIGHTS;
  const parsed = { ...DEFAULT_WEIGHTS, ...(JSON.parse(value) as Partial<Config['oversightWeights']>) };
  for (const [k, v] of Object.entries(parsed)) if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`OVERSIGHT_WEIGHTS.${k} must be a number ≥ 0`);
  return parsed;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Not a whole number: ${value}`);
  return n;
}
