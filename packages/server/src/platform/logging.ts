import pino from 'pino';

/**
 * What never reaches the log: credentials in headers (session cookie, API keys, CSRF token) and
 * any password or token member of a logged object. Fastify logs neither bodies nor headers by
 * default; this holds when someone logs a request or an error carrying them.
 */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.temporaryPassword',
  '*.token',
  '*.csrfToken',
  '*.secret',
];

/** The application's logger (JSON lines on stdout unless a destination is given). */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return pino({ level, redact: { paths: LOG_REDACT, censor: '[redacted]' } }, destination);
}
