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

/** Password policy (issue 8): 12+ characters with a letter and a digit; see `passwordPolicyIssue` for the rest. */
export const PASSWORD_MIN_LENGTH = 12;
export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Mật khẩu tối thiểu ${PASSWORD_MIN_LENGTH} ký tự`)
  .max(200)
  .regex(/[A-Za-z]/, 'Mật khẩu phải có chữ cái')
  .regex(/[0-9]/, 'Mật khẩu phải có chữ số');

/** Passwords that lead every leaked list, plus the demo's own; compared without case, digits and symbols at the ends. */
const COMMON_PASSWORDS = new Set([
  'password', 'matkhau', 'admin', 'administrator', 'qwerty', 'qwertyuiop', 'abc', 'abcdef', 'iloveyou', 'welcome', 'letmein',
  'baocao', 'haiphong', 'vietnam', 'demo', 'changeme', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'admin@', 'abc@', 'qwerty@',
]);

/**
 * What a new password breaks beyond the schema, as a Vietnamese message, or null: it contains the
 * user name, or is a common password with digits and symbols around it (e.g. "Password@2026").
 */
export function passwordPolicyIssue(password: string, username: string): string | null {
  const lower = password.toLowerCase();
  if (username.length >= 3 && lower.includes(username.toLowerCase())) return 'Mật khẩu không được chứa tên đăng nhập';
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (COMMON_PASSWORDS.has(core) || /^(.)\1+$/.test(lower) || /^(0123456789|1234567890|123456789012)/.test(lower)) return 'Mật khẩu quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác';
  return null;
}

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

/** Roles that may protect their sign-in with a TOTP second factor (issue 8): leaders and administrators. */
export const TOTP_ROLES: readonly Role[] = ['system_admin', 'unit_admin', 'leader'];

/** Login's answer when the password was right but the account has TOTP on: no session yet, a short-lived challenge. */
export const TotpChallenge = z.object({ secondFactor: z.literal('totp'), challenge: z.string(), expiresAt: z.string() });
export type TotpChallenge = z.infer<typeof TotpChallenge>;

/** What `POST /auth/login` answers with 200: a session, or a TOTP challenge to complete with `POST /auth/login/totp`. */
export const LoginResult = z.union([SessionInfo, TotpChallenge]);
export type LoginResult = z.infer<typeof LoginResult>;

/** A code from the authenticator app (6 digits); at sign-in a one-time recovery code (xxxxx-xxxxx) is also accepted. */
export const TotpCode = z.string().trim().regex(/^\d{6}$/, 'Mã xác thực gồm 6 chữ số');
export const TotpOrRecoveryCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\d{6}|[a-z0-9]{5}-?[a-z0-9]{5})$/, 'Nhập mã 6 chữ số hoặc một mã khôi phục');

export const TotpLoginInput = z.object({ challenge: z.string().min(16).max(200), code: TotpOrRecoveryCode }).strict();
export type TotpLoginInput = z.infer<typeof TotpLoginInput>;

export const TotpCodeInput = z.object({ code: TotpCode }).strict();
export type TotpCodeInput = z.infer<typeof TotpCodeInput>;

export const TotpDisableInput = z.object({ code: TotpOrRecoveryCode }).strict();
export type TotpDisableInput = z.infer<typeof TotpDisableInput>;

/** The caller's second factor: whether their role may use it, whether it is on, recovery codes left. */
export const TotpStatus = z.object({ allowed: z.boolean(), enabled: z.boolean(), pending: z.boolean(), recoveryCodesLeft: z.number().int() });
export type TotpStatus = z.infer<typeof TotpStatus>;

/** Enrollment's first step: the secret (base32) and its otpauth:// URI, shown once to put into the app. */
export const TotpSetup = z.object({ secret: z.string(), uri: z.string() });
export type TotpSetup = z.infer<typeof TotpSetup>;

/** Recovery codes, shown once when enrollment is confirmed. */
export const TotpRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type TotpRecoveryCodes = z.infer<typeof TotpRecoveryCodes>;
