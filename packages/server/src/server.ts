import { join } from 'node:path';
import pino from 'pino';
import { buildApp, type App } from './app.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { seedDemoIndicators } from './modules/catalog/catalog.seed.js';
import type { Ctx } from './platform/audit.js';
import { systemClock, type Clock } from './platform/clock.js';
import { loadConfig, type Config } from './platform/config.js';
import { ensureFirstAdmin, seedDemoAccounts } from './seed/accounts.seed.js';
import { seedDemoRegime } from './seed/regimes.seed.js';
import { seedDemoTemplates } from './seed/templates.seed.js';
import { seedUnits } from './seed/units.seed.js';
import { startScheduler } from './modules/regimes/scheduler.js';
import { createMailSender } from './platform/mailer.js';

export type StartOptions = Partial<Pick<Config, 'port' | 'host' | 'mode' | 'dataDir' | 'databaseUrl' | 'logLevel' | 'webDist' | 'adminPassword' | 'schedulerIntervalSeconds' | 'smtpUrl'>> & {
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
};

export type Running = { url: string; app: App; database: Database; config: Config; close(): Promise<void> };

/** Opens the database, migrates it forward, seeds what is missing, and serves the API and the web app. */
export async function startServer(opts: StartOptions = {}): Promise<Running> {
  const { clock = systemClock, env = process.env, ...overrides } = opts;
  const config: Config = { ...loadConfig(env), ...overrides };
  const log = pino({ level: config.logLevel });
  const database = await openDatabase(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(config.dataDir, 'pglite') });
  try {
    const ran = await migrate(database.db);
    if (ran.length) log.info({ migrations: ran }, 'database migrated');
    await prepareData(database, config, clock, log);
  } catch (e) {
    await database.close();
    throw e;
  }
  const sender = createMailSender(config);
  const app = await buildApp({ db: database.db, clock, config, logger: log, sender });
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  log.info({ url, mode: config.mode, engine: database.engine, mail: sender ? 'smtp' : 'in-app only' }, 'baocao is listening');
  // Opens due rounds at once (catching up after downtime), then every SCHEDULER_INTERVAL_SECONDS.
  const scheduler = startScheduler({ db: database.db, clock, config, sender, log });
  return {
    url,
    app,
    database,
    config,
    close: async () => {
      await scheduler.stop();
      await app.close();
      await database.close();
    },
  };
}

async function prepareData(database: Database, config: Config, clock: Clock, log: pino.Logger): Promise<void> {
  const ctx: Ctx = { actor: null, ip: null, userAgent: 'baocao-seed', requestId: null, clock };
  if (await seedUnits(database.db, ctx)) log.info('seeded the city, its sample departments and its commune-level units');
  if (await seedDemoIndicators(database.db, ctx)) log.info('loaded the demo indicator set (labelled demo) into the empty indicator library');
  if (config.mode === 'demo') {
    if (await seedDemoAccounts(database.db, ctx)) log.info('demo mode: created the demo accounts listed in the README');
    if (await seedDemoTemplates(database.db, ctx)) log.info('demo mode: created the demo templates DEMO-STC-01 and DEMO-STC-02');
    if (await seedDemoRegime(database.db, ctx)) log.info('demo mode: created the demo monthly regime DEMO-CD-THANG');
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
