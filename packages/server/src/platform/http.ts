import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import type { Ctx } from './audit.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { AppError, unauthenticated } from './errors.js';
import type { Actor } from './scope.js';
import { findSessionActor, SESSION_COOKIE } from './sessions.js';
import { findApiKeyActor } from '../modules/exchange/api-keys.js';

/**
 * Who may call a route: `public` anyone; `session` any signed-in person (even one who must
 * still change their password); `user` (the default) a signed-in person with a usable password.
 * Role and unit-scope checks happen in the services, on the loaded target.
 */
export type Access = 'public' | 'session' | 'user';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** The API key scope that lets a system call this route with `Authorization: Bearer`; absent: people only. */
    apiKeyScope?: string;
  }
  interface FastifyRequest {
    actor: Actor | null;
    ctx: Ctx;
  }
}

/** The browsable API reference is public, like the OpenAPI document it shows. */
const PUBLIC_PREFIXES = ['/api/v1/docs'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Loads the session, enforces authentication and CSRF, and builds the request's audit context. */
export function registerAuth(app: FastifyInstance, deps: { db: Db; clock: Clock; config: Config }): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access ?? 'user';
    req.ctx = contextOf(req, deps.clock);
    // Public routes and the web app's files never touch the session table.
    if (!req.url.startsWith('/api/') || access === 'public' || PUBLIC_PREFIXES.some((p) => req.url.startsWith(p))) return;
    const bearer = bearerOf(req);
    if (bearer !== null) {
      // A system with an API key: no cookie, so no CSRF; only the routes its scopes name.
      req.actor = await findApiKeyActor(deps.db, bearer, deps.clock.now());
      req.ctx.actor = req.actor;
      const scope = req.routeOptions.config?.apiKeyScope;
      if (!scope || !req.actor.apiKey!.scopes.includes(scope)) throw new AppError('auth.api_key_scope', 'Khóa API không được cấp quyền cho chức năng này', 403);
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    req.actor = token ? await findSessionActor(deps.db, token, deps.clock.now(), deps.config.sessionIdleMinutes) : null;
    req.ctx.actor = req.actor;
    if (!req.actor) unauthenticated();
    if (!SAFE_METHODS.has(req.method) && !sameToken(req.headers['x-csrf-token'], req.actor.csrfToken)) {
      throw new AppError('auth.csrf', 'Phiên làm việc không hợp lệ (thiếu mã chống giả mạo). Hãy tải lại trang.', 403);
    }
    if (access === 'user' && req.actor.mustChangePassword) {
      throw new AppError('auth.password_change_required', 'Bạn cần đổi mật khẩu trước khi tiếp tục', 403);
    }
  });
}

/** The token of an `Authorization: Bearer …` header, or null without one. */
function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string' || !/^bearer\s/i.test(h)) return null;
  return h.slice(7).trim();
}

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function contextOf(req: FastifyRequest, clock: Clock): Ctx {
  const ua = req.headers['user-agent'];
  return { actor: req.actor, ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua : null, requestId: req.id, clock };
}

/** The actor of a route whose access is not public. */
export function actorOf(req: FastifyRequest): Actor {
  return req.actor ?? unauthenticated();
}
