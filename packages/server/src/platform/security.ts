import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { AppError } from './errors.js';
import { SESSION_COOKIE } from './sessions.js';

/**
 * The built Vite app loads only its own scripts; Ant Design writes its CSS-in-JS into <style>
 * elements at run time, hence 'unsafe-inline' for styles only. PDF previews are blob: URLs shown
 * in an <object>; the favicon is a data: URL.
 */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'self' blob:",
  "frame-src 'self' blob:",
  "worker-src 'self' blob:",
  "base-uri 'self'",
  "form-action 'self'",
];
export const CSP = [...CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');
/** Files our own pages may show inside themselves (the PDF preview of the signing page). */
export const CSP_FRAMEABLE = [...CSP_DIRECTIVES, "frame-ancestors 'self'"].join('; ');

const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), interest-cohort=()';

/** Routes whose response our own page may frame: the unsigned preview and the signed PDF. */
const FRAMEABLE = /^\/api\/v1\/.*\.pdf(\?|$)|^\/api\/v1\/.*\/files\/pdf(\?|$)/;

/** Security headers on every response, API and web app alike (HSTS only over HTTPS). */
export function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'hsts'>): void {
  app.addHook('onSend', async (req, reply) => {
    const frameable = FRAMEABLE.test(req.url);
    reply.header('x-request-id', req.id);
    reply.header('content-security-policy', frameable ? CSP_FRAMEABLE : CSP);
    reply.header('x-frame-options', frameable ? 'SAMEORIGIN' : 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    reply.header('cross-origin-opener-policy', 'same-origin');
    // req.protocol honours X-Forwarded-Proto only with TRUST_PROXY: a client cannot switch HSTS on.
    if (config.hsts || req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}

/**
 * A generous per-minute ceiling on the API for each session, API key or (without either) address.
 * Counted in memory: each app server counts its own share, which is enough to stop a runaway
 * script; the login limit, which must hold across servers, lives in the database instead.
 */
export function registerApiRateLimit(app: FastifyInstance, deps: { clock: Clock; config: Pick<Config, 'rateLimitApiPerMinute'> }): void {
  const limit = deps.config.rateLimitApiPerMinute;
  if (limit <= 0) return;
  const windows = new Map<string, { minute: number; count: number }>();
  let lastSweep = 0;
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const now = deps.clock.now().getTime();
    const minute = Math.floor(now / 60_000);
    if (minute !== lastSweep) {
      // Forget the windows of earlier minutes, so the map holds at most one minute's callers.
      for (const [k, w] of windows) if (w.minute !== minute) windows.delete(k);
      lastSweep = minute;
    }
    const key = callerKey(req);
    const w = windows.get(key);
    if (!w || w.minute !== minute) {
      windows.set(key, { minute, count: 1 });
      return;
    }
    w.count++;
    if (w.count > limit) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000))));
      throw new AppError('rate_limited', 'Quá nhiều yêu cầu trong thời gian ngắn; vui lòng thử lại sau ít giây', 429);
    }
  });
}

function callerKey(req: FastifyRequest): string {
  const h = req.headers.authorization;
  if (typeof h === 'string' && /^bearer\s/i.test(h)) return `key:${digest(h.slice(7).trim())}`;
  const sid = req.cookies?.[SESSION_COOKIE];
  if (sid) return `sid:${digest(sid)}`;
  return `ip:${req.ip}`;
}

const digest = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);
