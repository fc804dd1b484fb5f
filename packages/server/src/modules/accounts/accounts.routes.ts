import { ChangePasswordInput, CreateUserInput, LoginInput, ResetPasswordResult, SessionInfo, UpdateUserInput, User, UserIdParam, UserQuery } from '@baocao/core';
import { z } from 'zod';
import { actorOf } from '../../platform/http.js';
import type { Api, Deps } from '../../platform/routes.js';
import { SESSION_COOKIE } from '../../platform/sessions.js';
import * as accounts from './accounts.service.js';
import * as users from './users.service.js';

const Empty = z.object({}).strict();

export function accountsRoutes(app: Api, { db, config }: Deps): void {
  const auth = ['auth'];
  app.post('/api/v1/auth/login', { config: { access: 'public' }, schema: { tags: auth, summary: 'Đăng nhập', body: LoginInput, response: { 200: SessionInfo } } }, async (req, reply) => {
    const { token, session } = await accounts.login(db, req.ctx, config, req.body);
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, maxAge: config.sessionMaxHours * 3600 });
    return session;
  });
  app.get('/api/v1/auth/session', { config: { access: 'session' }, schema: { tags: auth, summary: 'Phiên đăng nhập hiện tại', response: { 200: SessionInfo } } }, (req) =>
    accounts.sessionInfo(actorOf(req), config),
  );
  app.post('/api/v1/auth/logout', { config: { access: 'session' }, schema: { tags: auth, summary: 'Đăng xuất' } }, async (req, reply) => {
    await accounts.logout(db, req.ctx);
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).code(204).send();
  });
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
}
