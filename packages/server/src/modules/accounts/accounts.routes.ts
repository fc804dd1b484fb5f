import {
  ChangePasswordInput,
  CreateUserInput,
  LoginInput,
  LoginResult,
  ResetPasswordResult,
  SessionInfo,
  TotpCodeInput,
  TotpDisableInput,
  TotpLoginInput,
  TotpRecoveryCodes,
  TotpSetup,
  TotpStatus,
  UpdateUserInput,
  User,
  UserIdParam,
  UserQuery,
} from '@baocao/core';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { actorOf } from '../../platform/http.js';
import type { Api, Deps } from '../../platform/routes.js';
import { SESSION_COOKIE } from '../../platform/sessions.js';
import * as accounts from './accounts.service.js';
import * as totp from './totp.service.js';
import * as users from './users.service.js';

const Empty = z.object({}).strict();
const LogoutOthersResult = z.object({ ended: z.number().int() });

export function accountsRoutes(app: Api, { db, config }: Deps): void {
  const auth = ['auth'];
  const rateLimited = (reply: { header(k: string, v: string): unknown }) => (e: unknown) => {
    if (e instanceof AppError && e.code === 'auth.rate_limited') reply.header('retry-after', String(e.extensions!.retryAfterSeconds));
    throw e;
  };
  const setSession = (reply: { setCookie(name: string, value: string, opts: object): unknown }, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, maxAge: config.sessionMaxHours * 3600 });
  app.post(
    '/api/v1/auth/login',
    { config: { access: 'public' }, schema: { tags: auth, summary: 'Đăng nhập (tài khoản bật xác thực hai lớp nhận một challenge thay cho phiên)', body: LoginInput, response: { 200: LoginResult } } },
    async (req, reply) => {
      const outcome = await accounts.login(db, req.ctx, config, req.body).catch(rateLimited(reply));
      if ('challenge' in outcome) return outcome.challenge;
      setSession(reply, outcome.token);
      return outcome.session;
    },
  );
  app.post('/api/v1/auth/login/totp', { config: { access: 'public' }, schema: { tags: auth, summary: 'Đăng nhập bước 2: mã xác thực (TOTP) hoặc mã khôi phục', body: TotpLoginInput, response: { 200: SessionInfo } } }, async (req, reply) => {
    const { token, session } = await totp.completeTotpLogin(db, req.ctx, config, req.body).catch(rateLimited(reply));
    setSession(reply, token);
    return session;
  });
  app.get('/api/v1/auth/totp', { schema: { tags: auth, summary: 'Trạng thái xác thực hai lớp của chính mình', response: { 200: TotpStatus } } }, (req) =>
    totp.getTotpStatus(db, actorOf(req)),
  );
  app.post('/api/v1/auth/totp/setup', { schema: { tags: auth, summary: 'Bắt đầu bật xác thực hai lớp (khóa bí mật hiện một lần)', body: Empty, response: { 200: TotpSetup } } }, (req) =>
    totp.startTotpEnrollment(db, req.ctx),
  );
  app.post('/api/v1/auth/totp/confirm', { schema: { tags: auth, summary: 'Xác nhận bằng mã hiện tại; trả về mã khôi phục (hiện một lần)', body: TotpCodeInput, response: { 200: TotpRecoveryCodes } } }, (req) =>
    totp.confirmTotpEnrollment(db, req.ctx, req.body.code),
  );
  app.post('/api/v1/auth/totp/disable', { schema: { tags: auth, summary: 'Tắt xác thực hai lớp (cần mã hiện tại hoặc mã khôi phục)', body: TotpDisableInput } }, async (req, reply) => {
    await totp.disableTotp(db, req.ctx, req.body.code);
    return reply.code(204).send();
  });
  app.get('/api/v1/auth/session', { config: { access: 'session' }, schema: { tags: auth, summary: 'Phiên đăng nhập hiện tại', response: { 200: SessionInfo } } }, (req) =>
    accounts.sessionInfo(actorOf(req), config),
  );
  app.post('/api/v1/auth/logout', { config: { access: 'session' }, schema: { tags: auth, summary: 'Đăng xuất' } }, async (req, reply) => {
    await accounts.logout(db, req.ctx);
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).code(204).send();
  });
  app.post('/api/v1/auth/logout-others', { config: { access: 'session' }, schema: { tags: auth, summary: 'Đăng xuất khỏi mọi thiết bị khác (giữ phiên này)', response: { 200: LogoutOthersResult } } }, (req) =>
    accounts.logoutOthers(db, req.ctx),
  );
  app.post('/api/v1/auth/password', { config: { access: 'session' }, schema: { tags: auth, summary: 'Đổi mật khẩu của chính mình', body: ChangePasswordInput } }, async (req, reply) => {
    await accounts.changePassword(db, req.ctx, req.body);
    return reply.code(204).send();
  });

  const tags = ['users'];
  app.get('/api/v1/users', { schema: { tags, summary: 'Danh sách người dùng trong phạm vi', querystring: UserQuery, response: { 200: z.array(User) } } }, (req) =>
    users.listUsers(db, actorOf(req), req.query),
  );
  app.get('/api/v1/users/:userId', { schema: { tags, summary: 'Chi tiết người dùng', params: UserIdParam, response: { 200: User } } }, (req) =>
    users.getUser(db, actorOf(req), req.params.userId),
  );
  app.post('/api/v1/users', { schema: { tags, summary: 'Tạo tài khoản', body: CreateUserInput, response: { 201: User } } }, async (req, reply) =>
    reply.code(201).send(await users.createUser(db, req.ctx, req.body)),
  );
  app.patch('/api/v1/users/:userId', { schema: { tags, summary: 'Sửa tài khoản', params: UserIdParam, body: UpdateUserInput, response: { 200: User } } }, (req) =>
    users.updateUser(db, req.ctx, req.params.userId, req.body),
  );
  app.post('/api/v1/users/:userId/reset-password', { schema: { tags, summary: 'Đặt lại mật khẩu (mật khẩu tạm hiện một lần)', params: UserIdParam, body: Empty, response: { 200: ResetPasswordResult } } }, (req) =>
    users.resetPassword(db, req.ctx, req.params.userId),
  );
  app.post('/api/v1/users/:userId/unlock', { schema: { tags, summary: 'Mở khóa tài khoản', params: UserIdParam, body: Empty, response: { 200: User } } }, (req) =>
    users.unlockUser(db, req.ctx, req.params.userId),
  );
  app.post('/api/v1/users/:userId/totp/reset', { schema: { tags, summary: 'Tắt xác thực hai lớp của người dùng (mất điện thoại); kết thúc các phiên', params: UserIdParam, body: Empty } }, async (req, reply) => {
    await totp.resetUserTotp(db, req.ctx, req.params.userId);
    return reply.code(204).send();
  });
}
