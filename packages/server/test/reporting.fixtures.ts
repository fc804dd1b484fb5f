import type { Periodicity } from '@baocao/core';
import { expect } from 'vitest';
import type { UnitRow } from '../src/modules/units/units.queries.js';
import { authAs, call, makeUnit, makeUser, type Auth, type TestUser } from './factories.js';
import type { TestApp } from './harness.js';
import { sampleTemplate } from './templates.fixtures.js';

export type City = {
  city: UnitRow;
  department: UnitRow;
  communes: UnitRow[];
  division: UnitRow;
  designer: TestUser;
  designerAuth: Auth;
  specialists: TestUser[];
  leader: TestUser;
  templateId: string;
  lineageId: string;
};

/** An official template of `unitId`, designed and published through the API. */
export async function officialTemplate(t: TestApp, auth: Auth, unitId: string, periodicities: Periodicity[] = ['month', 'quarter'], publisher: Auth = auth): Promise<{ id: string; lineageId: string }> {
  const tpl = sampleTemplate(unitId);
  tpl.info.periodicities = periodicities as never;
  const created = await call(t.app, 'POST', '/api/v1/templates', { auth, body: tpl });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  await call(t.app, 'POST', `/api/v1/templates/${created.json.id}/transition`, { auth, body: { to: 'testing', revision: 1 } });
  const official = await call(t.app, 'POST', `/api/v1/templates/${created.json.id}/transition`, { auth: publisher, body: { to: 'official', revision: 2 } });
  expect(official.json.status).toBe('official');
  return { id: created.json.id, lineageId: created.json.lineageId };
}

/**
 * A city of its own: a department that asks for reports, three wards with a specialist each (the
 * first also with a leader and a division), and an official monthly/quarterly template.
 */
export async function makeCity(t: TestApp): Promise<City> {
  const city = await makeUnit(t.db, { kind: 'city', name: 'Thành phố Thử' });
  const department = await makeUnit(t.db, { parent: city, kind: 'department', name: 'Sở Tài chính Thử' });
  const communes = [
    await makeUnit(t.db, { parent: city, kind: 'commune', name: 'Phường Hồng Bàng Thử' }),
    await makeUnit(t.db, { parent: city, kind: 'commune', name: 'Phường Lê Chân Thử' }),
    await makeUnit(t.db, { parent: city, kind: 'commune', name: 'Phường Ngô Quyền Thử' }),
  ];
  const division = await makeUnit(t.db, { parent: communes[0], kind: 'division', name: 'Phòng Kinh tế Thử' });
  const designer = await makeUser(t.db, department, 'specialist');
  const designerAuth = await authAs(t, designer);
  const specialists = [];
  for (const c of communes) specialists.push(await makeUser(t.db, c, 'specialist'));
  const leader = await makeUser(t.db, communes[0]!, 'leader');
  const publisher = await authAs(t, await makeUser(t.db, department, 'leader'));
  const template = await officialTemplate(t, designerAuth, department.id, ['month', 'quarter'], publisher);
  return { city, department, communes, division, designer, designerAuth, specialists, leader, templateId: template.id, lineageId: template.lineageId };
}

let n = 0;
export const regimeCode = () => `CD-${Date.now().toString(36)}-${(n++).toString(36)}`.toUpperCase();

export function monthlyRegime(c: City, extra: Record<string, unknown> = {}) {
  return {
    kind: 'periodic', code: regimeCode(), name: 'Báo cáo tháng thu ngân sách', requestingUnitId: c.department.id, templateIds: [c.templateId],
    targets: [{ type: 'units', unitIds: c.communes.map((u) => u.id) }], periodicity: 'month', cutoffRule: { kind: 'decree_09' },
    deadlineRule: { kind: 'working_days_after_cutoff', days: 2 }, startsOn: '2026-12-01', legalBasis: 'Quyết định thử nghiệm', ...extra,
  };
}

export function adHocRequest(c: City, extra: Record<string, unknown> = {}) {
  return {
    kind: 'ad_hoc', code: regimeCode(), name: 'Báo cáo đột xuất tình hình mưa lũ', requestingUnitId: c.department.id, templateIds: [c.templateId],
    targets: [{ type: 'units', unitIds: c.communes.map((u) => u.id) }], dueOn: '2026-12-08', ...extra,
  };
}

/** Counts of the tables a refused request must leave alone. */
export async function reportingCounts(t: TestApp) {
  const count = async (table: 'regimes' | 'assignments' | 'regime_rounds' | 'audit_log' | 'unit_groups' | 'notifications') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { regimes: await count('regimes'), assignments: await count('assignments'), rounds: await count('regime_rounds'), audit: await count('audit_log'), groups: await count('unit_groups'), notifications: await count('notifications') };
}
