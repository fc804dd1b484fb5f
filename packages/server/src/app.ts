import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from './db/database.js';
import type { ReadReplica } from './db/read-replica.js';
import { migrationsCurrent } from './db/migrate.js';
import { accountsRoutes } from './modules/accounts/accounts.routes.js';
import { assignmentsRoutes } from './modules/assignments/assignments.routes.js';
import { attachmentsRoutes } from './modules/attachments/attachments.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { regimesRoutes } from './modules/regimes/regimes.routes.js';
import { schedulerRoutes } from './modules/regimes/scheduler.routes.js';
import { submissionsRoutes } from './modules/submissions/submissions.routes.js';
import { templatesRoutes } from './modules/templates/templates.routes.js';
import { unitsRoutes } from './modules/units/units.routes.js';
import type { Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { signingRoutes } from './modules/signing/signing.routes.js';
import { analyticsRoutes } from './modules/analytics/analytics.routes.js';
import { oversightRoutes } from './modules/oversight/oversight.routes.js';
import { exchangeRoutes } from './modules/exchange/exchange.routes.js';
import { dashboardsRoutes } from './modules/dashboards/dashboards.routes.js';
import { operationsRoutes } from './modules/operations/operations.routes.js';
import { backupsRoutes } from './modules/backups/backups.routes.js';
import type { Sender } from './platform/outbox.js';
import { registerAuth } from './platform/http.js';
import { registerMetrics } from './platform/metrics.js';
import { createReads } from './platform/reads.js';
import { registerProblemHandler } from './platform/problem.js';
import { registerApiRateLimit, registerSecurityHeaders } from './platform/security.js';
import type { Api } from './platform/routes.js';

/** `sender` delivers queued e-mail (null: none configured). `replica`: the read replica (DATABASE_READ_URL), if any. */
export type AppDeps = { db: Db; clock: Clock; config: Config; logger?: FastifyBaseLogger; sender?: Sender | null; wakeOutbox?: () => void; replica?: ReadReplica | null; replicaLagCacheMs?: number };

export type RouteEntry = { method: string; url: string; access: string };

export const API_PREFIX = '/api/v1';

/** Builds the HTTP application: every module is registered here, explicitly. */
export async function buildApp({ db, clock, config, logger, sender = null, wakeOutbox, replica = null, replicaLagCacheMs }: AppDeps) {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every route, as registered: the permission test walks this table.
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (r: RouteOptions) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: r.url, access: (r.config as { access?: string } | undefined)?.access ?? 'user' });
    }
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'baocao — Hệ thống thông tin báo cáo', version: '1.0.0', description: 'API của hệ thống thông tin báo cáo. Lỗi trả về dạng application/problem+json với mã `code` ổn định.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'baocao_sid' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: `${API_PREFIX}/docs`, uiConfig: { docExpansion: 'list' } });
  registerSecurityHeaders(app, config);

  // R3 by construction: a successful state change that wrote no audit record is a bug.
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'GET' || !req.url.startsWith('/api/') || reply.statusCode >= 300 || req.ctx?.accounted) return payload;
    req.log.error({ url: req.url }, 'state-changing request wrote no audit record');
    if (!config.strictAudit) return payload;
    reply.code(500).type('application/problem+json');
    return JSON.stringify({ type: 'urn:baocao:problem:internal', title: 'Thiếu bản ghi nhật ký', status: 500, code: 'internal.unaudited' });
  });

  const webDist = config.webDist && existsSync(join(config.webDist, 'index.html')) ? config.webDist : null;
  registerProblemHandler(app, webDist ? (_req, reply) => reply.type('text/html').sendFile('index.html') : undefined);
  registerApiRateLimit(app, { clock, config });
  registerAuth(app, { db, clock, config });
  // Exploration, dashboards and oversight read the replica when there is one (docs/read-replica.md).
  const reads = createReads(db, replica, replicaLagCacheMs === undefined ? {} : { lagCacheMs: replicaLagCacheMs });
  registerMetrics(app, { db, clock, config, reads });

  const api = app as unknown as Api;
  const deps = { db, clock, config, sender, wakeOutbox, reads };
  accountsRoutes(api, deps);
  unitsRoutes(api, deps);
  auditRoutes(api, deps);
  catalogRoutes(api, deps);
  templatesRoutes(api, deps);
  notificationsRoutes(api, deps);
  calendarRoutes(api, deps);
  regimesRoutes(api, deps);
  assignmentsRoutes(api, deps);
  schedulerRoutes(api, deps);
  submissionsRoutes(api, deps);
  attachmentsRoutes(api, deps);
  signingRoutes(api, deps);
  analyticsRoutes(api, deps);
  oversightRoutes(api, deps);
  exchangeRoutes(api, deps);
  dashboardsRoutes(api, deps);
  operationsRoutes(api, deps);
  backupsRoutes(api, deps);

  app.get(`${API_PREFIX}/openapi.json`, { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());
  app.get('/health', { config: { access: 'public' }, schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/ready', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    const ok = await migrationsCurrent(db).catch(() => false);
    // The replica's state is reported, never decisive: without it the primary answers every read.
    const replicaState = await reads.replicaState();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', ...(replicaState ? { replica: replicaState } : {}) });
  });

  if (webDist) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });

  return Object.assign(app, { routeTable: routes });
}

export type App = Awaited<ReturnType<typeof buildApp>>;
