import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/database.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { AppError } from './errors.js';
import type { Reads } from './reads.js';

/**
 * When the scheduler last finished a pass in this process (R29: a stalled scheduler means no rounds
 * open and no reminders go out). Process-wide, like the scheduler itself (modules/regimes/scheduler.ts).
 */
let schedulerLastRun: Date | null = null;

/** Called by the scheduler after every pass. */
export function markSchedulerRun(at: Date): void {
  schedulerLastRun = at;
}

let processRegistry: Registry | null = null;

/** CPU, memory, event loop, GC: one set per process (each set installs observers), shared by its apps. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Prometheus metrics (R29) on a registry of this app's own: tests build many apps in one process,
 * and the global registry would refuse the second one's metrics.
 */
export function registerMetrics(app: FastifyInstance, { db, clock, config, reads }: { db: Db; clock: Clock; config: Config; reads?: Reads }): Registry {
  const registry = new Registry();
  if (reads) registerReplicaMetrics(registry, reads);

  const duration = new Histogram({
    name: 'baocao_http_request_duration_seconds',
    help: 'Thời gian xử lý yêu cầu HTTP (giây), theo phương thức, mẫu đường dẫn và mã trạng thái',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'baocao_outbox_lag_seconds',
    help: 'Tuổi (giây) của thư/gói tin đến hạn gửi lâu nhất chưa gửi được trong hàng đợi outbox; 0 khi không có',
    registers: [registry],
    async collect() {
      const now = clock.now();
      const row = await db.selectFrom('outbox').select((eb) => eb.fn.min('created_at').as('oldest')).where('status', '=', 'pending').where('next_attempt_at', '<=', now).executeTakeFirst();
      const oldest = row?.oldest ? new Date(row.oldest as Date | string) : null;
      this.set(oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'baocao_scheduler_last_run_timestamp_seconds',
    help: 'Thời điểm (giây Unix) bộ lập lịch của tiến trình này chạy xong lần gần nhất; 0 khi chưa chạy',
    registers: [registry],
    collect() {
      this.set(schedulerLastRun ? schedulerLastRun.getTime() / 1000 : 0);
    },
  });
  new Gauge({
    name: 'baocao_active_sessions',
    help: 'Số phiên đăng nhập còn hiệu lực',
    registers: [registry],
    async collect() {
      const now = clock.now();
      const idleSince = new Date(now.getTime() - config.sessionIdleMinutes * 60_000);
      const row = await db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).where('expires_at', '>', now).where('last_seen_at', '>', idleSince).executeTakeFirst();
      this.set(Number(row?.n ?? 0));
    },
  });
  new Gauge({
    name: 'baocao_backup_last_success_timestamp_seconds',
    help: 'Thời điểm (giây Unix) bản sao lưu thành công gần nhất kết thúc; 0 khi chưa có',
    registers: [registry],
    async collect() {
      const { rows } = await sql<{ at: Date | string | null }>`select max(finished_at) as at from backups where status = 'succeeded'`.execute(db);
      const at = rows[0]?.at;
      this.set(at ? new Date(at).getTime() / 1000 : 0);
    },
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    checkScraper(req, config.metricsToken);
    const merged = Registry.merge([processMetrics(), registry]);
    return reply.type(registry.contentType).send(await merged.metrics());
  });
  app.addHook('onClose', async () => registry.clear());
  return registry;
}

/**
 * The read replica (docs/read-replica.md): requests the primary answered because the replica did not, and,
 * with a replica configured, whether it answers and its lag (NaN while it does not answer).
 */
function registerReplicaMetrics(registry: Registry, reads: Reads): void {
  let counted = 0;
  new Counter({
    name: 'baocao_replica_fallbacks_total',
    help: 'Số yêu cầu chỉ đọc phải chuyển sang cơ sở dữ liệu chính vì bản sao đọc (DATABASE_READ_URL) không trả lời',
    registers: [registry],
    collect() {
      const n = reads.fallbacks;
      if (n > counted) this.inc(n - counted);
      counted = n;
    },
  });
  if (!reads.hasReplica) return;
  new Gauge({
    name: 'baocao_replica_lag_seconds',
    help: 'Độ trễ (giây) của bản sao đọc so với cơ sở dữ liệu chính; NaN khi bản sao không trả lời; không có khi không cấu hình bản sao',
    registers: [registry],
    async collect() {
      const state = await reads.replicaState();
      this.set(state?.up ? state.lagSeconds : NaN);
    },
  });
  new Gauge({
    name: 'baocao_replica_up',
    help: 'Bản sao đọc trả lời (1) hay không (0); không có khi không cấu hình bản sao',
    registers: [registry],
    async collect() {
      const state = await reads.replicaState();
      this.set(state?.up ? 1 : 0);
    },
  });
}

/**
 * With METRICS_TOKEN set, the scraper sends it as a bearer token; without, only a direct request from
 * this machine (no proxy in between, which would add X-Forwarded-For) may read the metrics.
 */
function checkScraper(req: FastifyRequest, token: string | null): void {
  const header = req.headers.authorization;
  if (token) {
    const given = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (!given) throw new AppError('metrics.unauthenticated', 'Cần mã truy cập (Authorization: Bearer) để đọc số liệu giám sát', 401);
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new AppError('metrics.forbidden', 'Mã truy cập số liệu giám sát không đúng', 403);
    return;
  }
  const address = req.socket.remoteAddress ?? '';
  const loopback = address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
  if (!loopback || req.headers['x-forwarded-for'] !== undefined) {
    throw new AppError('metrics.forbidden', 'Số liệu giám sát chỉ đọc được từ chính máy chủ, hoặc với METRICS_TOKEN', 403);
  }
}
