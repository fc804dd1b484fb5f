import { join } from 'node:path';
import pino from 'pino';
import { buildApp, type App } from './app.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate, SEED_LOCK, withAdvisoryLock } from './db/migrate.js';
import { openReadReplica } from './db/read-replica.js';
import { seedDemoIndicators } from './modules/catalog/catalog.seed.js';
import type { Ctx } from './platform/audit.js';
import { systemClock, type Clock } from './platform/clock.js';
import { loadConfig, type Config } from './platform/config.js';
import { createLogger } from './platform/logging.js';
import { ensureFirstAdmin, seedDemoAccounts } from './seed/accounts.seed.js';
import { seedDemoRegime } from './seed/regimes.seed.js';
import { seedDemoTemplates } from './seed/templates.seed.js';
import { seedUnits } from './seed/units.seed.js';
import { seedDemoSigning } from './seed/signing.seed.js';
import { startScheduler } from './modules/regimes/scheduler.js';
import { createMailSender } from './platform/mailer.js';
import { startOutboxWorker } from './platform/outbox.js';
import { createDmsDeliverer } from './modules/signing/dms.js';
import { createExchangeDeliverer } from './modules/exchange/deliverer.js';

export type StartOptions = Partial<Config> & {
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
};

export type Running = { url: string; app: App; database: Database; config: Config; close(): Promise<void> };

/** Opens the database, migrates it forward, seeds what is missing, and serves the API and the web app. */
export async function startServer(opts: StartOptions = {}): Promise<Running> {
  const { clock = systemClock, env = process.env, ...overrides } = opts;
  const base = loadConfig(env);
  // The certificates, trust store and backups live under the data folder unless configured elsewhere.
  const pki = overrides.dataDir && !env.SIGNING_KEYS_DIR ? { signingKeysDir: join(overrides.dataDir, 'pki', 'keys') } : {};
  const trust = overrides.dataDir && !env.TRUST_STORE_DIR ? { trustStoreDir: join(overrides.dataDir, 'pki', 'trust') } : {};
  const backups = overrides.dataDir && !env.BACKUP_DIR ? { backupDir: join(overrides.dataDir, 'backups') } : {};
  const config: Config = { ...base, ...pki, ...trust, ...backups, ...overrides };
  if (config.databaseReadUrl && !config.databaseUrl) throw new Error('DATABASE_READ_URL (read replica) needs DATABASE_URL');
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(config.dataDir, 'pglite') });
  try {
    const ran = await migrate(database.db);
    if (ran.length) log.info({ migrations: ran }, 'database migrated');
    // App servers starting together on one empty database seed it once: the others wait for the lock,
    // then find the units, accounts and templates there (docs/deployment.md).
    await withAdvisoryLock(database.db, SEED_LOCK, (conn) => prepareData({ ...database, db: conn }, config, clock, log));
  } catch (e) {
    await database.close();
    throw e;
  }
  const sender = createMailSender(config);
  // Deliveries to the document management system and e-mail, after commit, with retries (platform/outbox.ts).
  const outbox = startOutboxWorker({
    db: database.db, clock, intervalMs: config.outboxIntervalMs,
    deliverers: { mail: sender, dms: createDmsDeliverer(database.db, config), exchange: createExchangeDeliverer(database.db, config) },
    options: { leaseSeconds: config.outboxLeaseSeconds, retryBaseSeconds: config.outboxRetryBaseSeconds },
    onError: (e) => log.error({ err: e }, 'outbox pass failed'),
  });
  // Exploration, dashboards and oversight read the replica; a replica down at start is no reason not to start.
  const replica = config.databaseReadUrl ? openReadReplica(config.databaseReadUrl) : null;
  const app = await buildApp({ db: database.db, clock, config, logger: log, sender, wakeOutbox: outbox.wake, replica });
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  log.info({ url, mode: config.mode, engine: database.engine, readReplica: replica ? 'DATABASE_READ_URL' : 'none', mail: sender ? 'smtp' : 'in-app only', dms: config.dmsUrl ?? 'not connected' }, 'baocao is listening');
  // Opens due rounds at once (catching up after downtime), then every SCHEDULER_INTERVAL_SECONDS.
  const scheduler = startScheduler({ db: database.db, clock, config, sender, log });
  return {
    url,
    app,
    database,
    config,
    close: async () => {
      await scheduler.stop();
      await outbox.stop();
      await app.close();
      await replica?.close();
      await database.close();
    },
  };
}

export async function prepareData(database: Database, config: Config, clock: Clock, log: pino.Logger): Promise<void> {
  const ctx: Ctx = { actor: null, ip: null, userAgent: 'baocao-seed', requestId: null, clock };
  if (await seedUnits(database.db, ctx, config.level)) log.info('seeded the city, its sample departments and its commune-level units');
  if (await seedDemoIndicators(database.db, ctx)) log.info('loaded the demo indicator set (labelled demo) into the empty indicator library');
  if (config.mode === 'demo') {
    if (await seedDemoAccounts(database.db, ctx)) log.info('demo mode: created the demo accounts listed in the README');
    if (await seedDemoTemplates(database.db, ctx)) log.info('demo mode: created the demo templates DEMO-STC-01 and DEMO-STC-02');
    if (await seedDemoRegime(database.db, ctx)) log.info('demo mode: created the demo monthly regime DEMO-CD-THANG');
    try {
      const certified = await seedDemoSigning(database.db, config);
      if (certified.length) log.info({ units: certified, keys: config.signingKeysDir }, 'demo mode: issued demo signing certificates (demo CA, no legal value)');
    } catch (e) {
      // Without openssl the demo still runs; leaders sign with a token (upload) instead.
      log.warn({ err: e }, 'demo mode: could not create demo signing certificates (is openssl installed?)');
    }
    return;
  }
  const admin = await ensureFirstAdmin(database.db, ctx, config.adminPassword);
  if (admin?.oneTimePassword) {
    // Printed once, to the console only, never to the log file or the database.
    process.stdout.write(
      `\n=== baocao: tài khoản quản trị hệ thống đầu tiên ===\nTên đăng nhập: ${admin.username}\nMật khẩu dùng một lần: ${admin.oneTimePassword}\n(Đổi mật khẩu ngay khi đăng nhập; mật khẩu này không hiển thị lại.)\n\n`,
    );
  } else if (admin) log.info('created the first system administrator from BAOCAO_ADMIN_PASSWORD');
}
