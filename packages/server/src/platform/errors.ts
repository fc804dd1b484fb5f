/** One error type for everything the API refuses: a stable code, a Vietnamese title, an HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly errors?: { path: string; message: string }[],
    /** Extra problem members for the client to act on (e.g. `conflicts` of a save). */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function notFound(what = 'resource'): never {
  throw new AppError('not_found', `Không tìm thấy ${WHAT[what] ?? 'dữ liệu yêu cầu'}`, 404);
}

export function forbidden(message = 'Bạn không có quyền thực hiện thao tác này'): never {
  throw new AppError('forbidden', message, 403);
}

export function conflict(code: string, message: string): never {
  throw new AppError(code, message, 409);
}

export function badRequest(code: string, message: string, errors?: { path: string; message: string }[]): never {
  throw new AppError(code, message, 400, errors);
}

export function unauthenticated(): never {
  throw new AppError('auth.unauthenticated', 'Bạn cần đăng nhập', 401);
}

const WHAT: Record<string, string> = {
  unit: 'đơn vị',
  user: 'người dùng',
  template: 'biểu mẫu',
  resource: 'dữ liệu yêu cầu',
};
