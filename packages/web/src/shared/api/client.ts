import { Problem } from '@baocao/core';

/** An error answer of the API: the problem+json body, or a synthetic one for network failures. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
    this.name = 'ApiError';
  }
  get code(): string {
    return this.problem.code;
  }
  get status(): number {
    return this.problem.status;
  }
}

let csrfToken: string | null = null;
let lastRequestId: string | null = null;

/** The x-request-id of the latest API answer: an incident report quotes it so the operator finds the server's log. */
export function getLastRequestId(): string | null {
  return lastRequestId;
}
let onSessionProblem: ((code: string) => void) | null = null;

/** Answers that mean the session itself changed: it ended, its CSRF token is stale, or it must change its password first. */
const SESSION_CODES = new Set(['auth.unauthenticated', 'auth.csrf', 'auth.password_change_required']);

/** The session's CSRF token, sent with every request that changes something. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when a request finds the session gone or restricted, so the app can show login or the password change. */
export function setSessionProblemHandler(handler: ((code: string) => void) | null) {
  onSessionProblem = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** `/api/v1` + path + the query string of the defined, non-empty parameters. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

type RequestOptions = { query?: Query; body?: unknown; signal?: AbortSignal };

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: method === 'GET' ? undefined : JSON.stringify(options.body ?? {}),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'network' });
  }
  lastRequestId = response.headers.get('x-request-id') ?? lastRequestId;
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (response.ok) return data as T;
  throw toApiError(response, data, path);
}

/** A POST answered by a file (an export): the bytes and the server's file name, or an ApiError. */
async function postForFile(path: string, body: unknown): Promise<{ blob: Blob; fileName: string | null }> {
  const headers: Record<string, string> = { accept: '*/*', 'content-type': 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body ?? {}) });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'network' });
  }
  if (!response.ok) {
    const text = await response.text();
    throw toApiError(response, text ? safeJson(text) : undefined, path);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
  return { blob: await response.blob(), fileName: fileName && decodeURIComponent(fileName) };
}

function toApiError(response: Response, data: unknown, path: string): ApiError {
  // Loose: some problems carry more than the common fields (a save conflict lists the cells).
  const parsed = Problem.loose().safeParse(data);
  const problem: Problem = parsed.success
    ? parsed.data
    : { type: 'about:blank', title: response.statusText || 'Error', status: response.status, code: `http.${response.status}` };
  if (SESSION_CODES.has(problem.code) && path !== '/auth/session') onSessionProblem?.(problem.code);
  return new ApiError(problem);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  postForFile,
};
