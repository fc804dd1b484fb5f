import { z } from 'zod';
import { Id, Text } from './common.js';

/** Roles of R1: administrators manage, users provide, aggregate and exploit data. */
export const ROLES = ['system_admin', 'unit_admin', 'leader', 'specialist', 'viewer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, 'Tên đăng nhập chỉ gồm chữ không dấu, số và . _ -');

/** Minimum password policy: 10+ characters with a letter and a digit. */
export const Password = z
  .string()
  .min(10, 'Mật khẩu tối thiểu 10 ký tự')
  .max(200)
  .regex(/[A-Za-z]/, 'Mật khẩu phải có chữ cái')
  .regex(/[0-9]/, 'Mật khẩu phải có chữ số');

export const LoginInput = z.object({ username: z.string().trim().toLowerCase().min(1).max(64), password: z.string().min(1).max(200) }).strict();
export type LoginInput = z.infer<typeof LoginInput>;

export const SessionUser = z.object({
  id: Id,
  username: z.string(),
  fullName: z.string(),
  role: Role,
  unitId: Id,
  unitName: z.string(),
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionInfo = z.object({
  user: SessionUser,
  csrfToken: z.string(),
  mode: z.enum(['demo', 'production']),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const ChangePasswordInput = z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password }).strict();
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

export const User = z.object({
  id: Id,
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  role: Role,
  unitId: Id,
  unitName: z.string(),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

const Email = z.email().max(254);

export const CreateUserInput = z
  .object({ username: Username, fullName: Text(200), email: Email.nullable().optional(), role: Role, unitId: Id, password: Password })
  .strict();
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const UpdateUserInput = z
  .object({ fullName: Text(200).optional(), email: Email.nullable().optional(), role: Role.optional(), unitId: Id.optional(), active: z.boolean().optional() })
  .strict();
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

export const UserQuery = z
  .object({ unitId: Id.optional(), q: z.string().trim().max(100).optional(), includeSubunits: z.enum(['true', 'false']).optional() })
  .strict();
export type UserQuery = z.infer<typeof UserQuery>;

export const UserIdParam = z.object({ userId: Id }).strict();

export const ResetPasswordResult = z.object({ temporaryPassword: z.string() });
export type ResetPasswordResult = z.infer<typeof ResetPasswordResult>;
