import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './errors.js';

type ProblemBody = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
};

/** `extensions`: extra members the client acts on (RFC 9457 allows them), never overriding the standard ones. */
function send(reply: FastifyReply, req: FastifyRequest, p: Omit<ProblemBody, 'type' | 'requestId'> & { extensions?: Record<string, unknown> }) {
  const { extensions, ...std } = p;
  const body = { ...(extensions ?? {}), type: `urn:baocao:problem:${p.code}`, ...std, requestId: req.id };
  return reply.code(p.status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(body);
}

/** Framework errors that are the client's fault, with their stable code and Vietnamese title. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; title: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body.too_large', title: 'Dữ liệu gửi lên quá lớn' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'body.malformed_json', title: 'Dữ liệu JSON không hợp lệ' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'body.malformed_json', title: 'Thiếu dữ liệu JSON' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'body.unsupported_media_type', title: 'Kiểu dữ liệu gửi lên không được hỗ trợ; hãy gửi JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'body.invalid_length', title: 'Độ dài dữ liệu không khớp' },
  FST_ERR_BAD_URL: { status: 400, code: 'request.bad_url', title: 'Đường dẫn không hợp lệ' },
};

/** One error handler: every refusal leaves as application/problem+json with a stable code (GUIDE: Errors). */
export function registerProblemHandler(app: FastifyInstance, spaFallback?: (req: FastifyRequest, reply: FastifyReply) => unknown): void {
  // PostgreSQL cannot store U+0000 in text: refuse it in any parameter, query or JSON body before validation.
  // A JSON text can only carry it escaped (`\u0000`; a raw control character is not valid JSON), so a body
  // whose text has no `u0000` is not walked: a whole form's 1,750 cells need not be visited on every save.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const cleanJson = new WeakSet<FastifyRequest>();
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (!(body as string).includes('u0000')) cleanJson.add(req);
    parseJson(req, body as string, done);
  });
  app.addHook('preValidation', async (req, reply) => {
    if (hasNul(req.params) || hasNul(req.query) || (!cleanJson.has(req) && hasNul(req.body))) return send(reply, req, NUL_PROBLEM);
  });
  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (error instanceof AppError) {
      return send(reply, req, { status: error.status, code: error.code, title: error.message, ...(error.errors ? { errors: error.errors } : {}), ...(error.extensions ? { extensions: error.extensions } : {}) });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => ({
        path: `${error.validationContext ?? ''}${v.instancePath.replace(/\//g, '.')}`.replace(/\.$/, ''),
        message: translateIssue({ ...(v.params as ZodIssueLike), code: v.keyword, message: v.message }, v.message),
      }));
      return send(reply, req, { status: 400, code: 'validation', title: 'Dữ liệu không hợp lệ', errors });
    }
    const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
    if (error.code === '23505') return send(reply, req, { status: 409, code: 'conflict.duplicate', title: 'Dữ liệu trùng với bản ghi đã có' });
    // A NUL character or a broken escape the hook below did not see (PostgreSQL refuses both in text).
    if (error.code === '22021' || error.code === '22P05') return send(reply, req, NUL_PROBLEM);
    if (known) return send(reply, req, known);
    if (error instanceof SyntaxError || error.statusCode === 400) {
      return send(reply, req, { status: 400, code: 'request.invalid', title: 'Yêu cầu không hợp lệ' });
    }
    if (error.statusCode === 413) return send(reply, req, FASTIFY_ERRORS.FST_ERR_CTP_BODY_TOO_LARGE!);
    // 25006 on the primary pool: the server turned read-only under the request, a primary being demoted in a
    // failover (db/multi-host.ts forgets that host); kept out of isDatabaseUnavailable, where the replica's reads use it.
    if (isDatabaseUnavailable(error) || error.code === '25006') {
      // The transaction did not commit (PostgreSQL rolls back what a lost connection held): retrying is safe.
      req.log.warn({ err: error }, 'database unavailable');
      return send(reply.header('retry-after', '5'), req, { status: 503, code: 'db.unavailable', title: 'Cơ sở dữ liệu tạm thời không truy cập được. Dữ liệu chưa được lưu; vui lòng thử lại sau ít phút.' });
    }
    if (error.statusCode === 415) return send(reply, req, FASTIFY_ERRORS.FST_ERR_CTP_INVALID_MEDIA_TYPE!);
    if (isResponseSerializationError(error)) req.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    else req.log.error({ err: error }, 'unhandled error');
    return send(reply, req, { status: 500, code: 'internal', title: 'Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị với mã yêu cầu.' });
  });
  app.setNotFoundHandler((req, reply) => {
    // Page routes of the web app get index.html; a missing file (an old /assets/x.js) stays a 404.
    const path = req.url.split('?')[0]!;
    if (spaFallback && req.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) return spaFallback(req, reply);
    return send(reply, req, { status: 404, code: 'not_found', title: 'Không tìm thấy đường dẫn yêu cầu' });
  });
}

export type ZodIssueLike = { code?: string; origin?: string; maximum?: number; minimum?: number; keys?: string[]; expected?: string; message?: string; format?: string };

/** Vietnamese messages for the zod issues a user can cause; custom messages in the schemas are already Vietnamese. */
export function translateIssue(issue: ZodIssueLike | undefined, fallback: string): string {
  // zod's own messages are English (ASCII); the schemas' custom ones are Vietnamese: keep those.
  if (issue?.message && /[^\p{ASCII}]/u.test(issue.message)) return issue.message;
  switch (issue?.code) {
    case 'too_big':
      return issue.origin === 'string' ? `Tối đa ${issue.maximum} ký tự` : `Giá trị tối đa ${issue.maximum}`;
    case 'too_small':
      return issue.origin === 'string' ? (issue.minimum === 1 ? 'Không được để trống' : `Tối thiểu ${issue.minimum} ký tự`) : `Giá trị tối thiểu ${issue.minimum}`;
    case 'unrecognized_keys':
      return `Trường không được phép: ${(issue.keys ?? []).join(', ')}`;
    case 'invalid_type':
      return issue.expected ? `Sai kiểu dữ liệu (cần ${issue.expected})` : 'Sai kiểu dữ liệu';
    case 'invalid_value':
      return 'Giá trị không thuộc danh sách cho phép';
    case 'invalid_format':
      return issue.format === 'uuid' ? 'Mã định danh không hợp lệ' : issue.format === 'regex' ? (issue.message ?? fallback) : 'Sai định dạng';
    default:
      return issue?.message ?? fallback;
  }
}

/**
 * The database went away under a request: refused or dropped connections, a server shutting down or
 * starting up (SQLSTATE classes 08 and 57P), a pool that could not connect in time, no writable host among
 * those of a multi-host URL (08001, db/multi-host.ts).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i.test(message);
}

const NUL_PROBLEM = { status: 400, code: 'request.nul_character', title: 'Dữ liệu chứa ký tự điều khiển NUL (U+0000), không lưu được; hãy xoá ký tự này rồi gửi lại' };

/** Whether a decoded request part holds U+0000 anywhere (strings, keys, nested values). */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (!value || typeof value !== 'object' || depth > 64) return false;
  if (Buffer.isBuffer(value)) return false;
  for (const [k, v] of Object.entries(value)) if (k.includes('\u0000') || hasNul(v, depth + 1)) return true;
  return false;
}
