import { join, resolve } from 'node:path';

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
    signingKeysDir: resolve(env.SIGNING_KEYS_DIR ?? join(env.BAOCAO_DATA_DIR ?? 'data', 'pki', 'keys')),
    signingKeyPassword: env.SIGNING_KEY_PASSWORD ?? (mode === 'demo' ? 'Demo@12345' : null),
    trustStoreDir: resolve(env.TRUST_STORE_DIR ?? join(env.BAOCAO_DATA_DIR ?? 'data', 'pki', 'trust')),
    dmsUrl: env.DMS_URL?.trim() || null,
    dmsToken: env.DMS_TOKEN?.trim() || null,
    exchangeUrl: env.EXCHANGE_URL?.trim() || null,
    exchangeToken: env.EXCHANGE_TOKEN?.trim() || null,
    documentPlace: env.DOCUMENT_PLACE ?? 'Hải Phòng',
    documentParentAgency: env.DOCUMENT_PARENT_AGENCY ?? 'UBND THÀNH PHỐ HẢI PHÒNG',
    outboxIntervalMs: int(env.OUTBOX_INTERVAL_MS, 2000),
    outboxLeaseSeconds: int(env.OUTBOX_LEASE_SECONDS, 60),
    outboxRetryBaseSeconds: int(env.OUTBOX_RETRY_BASE_SECONDS, 30),
    oversightWeights: weights(env.OVERSIGHT_WEIGHTS),
  };
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
