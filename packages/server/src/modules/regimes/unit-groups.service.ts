import { randomUUID } from 'node:crypto';
import { compareVi, type UnitGroup, type UnitGroupInput, type UnitKind, type UpdateUnitGroupInput } from '@baocao/core';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { badRequest, conflict } from '../../platform/errors.js';
import { assertCan, assertRole, scopePrefix, type Actor } from '../../platform/scope.js';
import { findUnit } from '../units/units.queries.js';
import { authorityOf, regimesUsingGroup } from './regimes.targets.js';

type GroupRow = { id: string; name: string; owner_unit_id: string; owner_name: string; owner_path: string; revision: number; updated_at: Date };

function groupQuery(db: Db) {
  return db
    .selectFrom('unit_groups as g')
    .innerJoin('units as o', 'o.id', 'g.owner_unit_id')
    .select(['g.id', 'g.name', 'g.owner_unit_id', 'o.name as owner_name', 'o.path as owner_path', 'g.revision', 'g.updated_at']);
}

async function toGroups(db: Db, rows: GroupRow[]): Promise<UnitGroup[]> {
  const members = rows.length
    ? await db
        .selectFrom('unit_group_members as m')
        .innerJoin('units as u', 'u.id', 'm.unit_id')
        .select(['m.group_id', 'u.id', 'u.code', 'u.name', 'u.kind'])
        .where('m.group_id', 'in', rows.map((r) => r.id))
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id, name: r.name, ownerUnitId: r.owner_unit_id, ownerUnitName: r.owner_name, revision: r.revision, updatedAt: r.updated_at.toISOString(),
    members: members.filter((m) => m.group_id === r.id).map((m) => ({ id: m.id, code: m.code, name: m.name, kind: m.kind as UnitKind })).sort((a, b) => compareVi(a.name, b.name)),
  }));
}

/** Groups owned by units in the actor's scope, and by the units above it (usable as its targets). Any role. */
export async function listUnitGroups(db: Db, ctx: Ctx): Promise<UnitGroup[]> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'regime.read');
  const prefix = scopePrefix(actor);
  const rows = await groupQuery(db)
    .where((eb) => eb.or([eb('o.path', 'like', `${prefix}%`), eb(sql.val(actor.unitPath), 'like', sql<string>`o.path || '%'`)]))
    .execute();
  return toGroups(db, rows.sort((a, b) => compareVi(a.name, b.name)));
}

/** Members must exist and lie within the owner's authority (the same rule as regime targets). */
async function checkMembers(db: Db, ownerId: string, unitIds: string[]): Promise<void> {
  const owner = (await findUnit(db, ownerId))!;
  const authority = await authorityOf(db, owner);
  const rows = await db.selectFrom('units').select(['id', 'name', 'path']).where('id', 'in', unitIds).execute();
  if (rows.length !== new Set(unitIds).size) badRequest('regime.unknown_target', 'Có đơn vị không tồn tại trong danh sách');
  const outside = rows.filter((u) => !u.path.startsWith(authority.rootPath) || authority.excluded.has(u.id)).map((u) => u.name);
  if (outside.length) badRequest('regime.target_out_of_authority', `Ngoài phạm vi đơn vị yêu cầu báo cáo được giao: ${outside.slice(0, 10).join(', ')}`);
}

async function saveMembers(db: Db, groupId: string, unitIds: string[]): Promise<void> {
  await db.deleteFrom('unit_group_members').where('group_id', '=', groupId).execute();
  await db.insertInto('unit_group_members').values([...new Set(unitIds)].map((unit_id) => ({ group_id: groupId, unit_id }))).execute();
}

async function nameFree(db: Db, ownerId: string, name: string, except?: string): Promise<void> {
  const taken = await db.selectFrom('unit_groups').select('id').where('owner_unit_id', '=', ownerId).where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
  if (taken && taken.id !== except) conflict('unit_group.name_taken', `Đơn vị đã có nhóm tên "${name}"`);
}

/** Creates a unit group owned by a unit in scope. unit_group.manage. */
export async function createUnitGroup(db: Db, ctx: Ctx, input: UnitGroupInput): Promise<UnitGroup> {
  const actor = ctx.actor as Actor;
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    const owner = await findUnit(tx, input.ownerUnitId);
    assertCan(actor, 'unit_group.manage', owner?.path, 'unit');
    await nameFree(tx, input.ownerUnitId, input.name);
    await checkMembers(tx, input.ownerUnitId, input.unitIds);
    const now = ctx.clock.now();
    await tx.insertInto('unit_groups').values({ id, owner_unit_id: input.ownerUnitId, name: input.name, created_by: actor.id, created_at: now, updated_at: now }).execute();
    await saveMembers(tx, id, input.unitIds);
    await recordAudit(tx, ctx, { action: 'unit_group.created', unitId: input.ownerUnitId, targetType: 'unit_group', targetId: id, details: { name: input.name, unitIds: input.unitIds } });
  });
  return (await toGroups(db, await groupQuery(db).where('g.id', '=', id).execute()))[0]!;
}

async function ownedGroup(db: Db, actor: Actor, id: string): Promise<GroupRow> {
  const row = await groupQuery(db).where('g.id', '=', id).executeTakeFirst();
  assertCan(actor, 'unit_group.manage', row?.owner_path, 'unit_group');
  return row!;
}

/** Renames a group or changes its members (revision-checked). unit_group.manage. */
export async function updateUnitGroup(db: Db, ctx: Ctx, id: string, input: UpdateUnitGroupInput): Promise<UnitGroup> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    const row = await ownedGroup(tx, actor, id);
    await nameFree(tx, row.owner_unit_id, input.name, id);
    await checkMembers(tx, row.owner_unit_id, input.unitIds);
    const res = await tx.updateTable('unit_groups').set({ name: input.name, revision: sql`revision + 1`, updated_at: ctx.clock.now() }).where('id', '=', id).where('revision', '=', input.revision).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) conflict('unit_group.stale', 'Nhóm vừa được người khác thay đổi; hãy tải lại');
    await saveMembers(tx, id, input.unitIds);
    await recordAudit(tx, ctx, { action: 'unit_group.updated', unitId: row.owner_unit_id, targetType: 'unit_group', targetId: id, details: { name: input.name, unitIds: input.unitIds } });
  });
  return (await toGroups(db, await groupQuery(db).where('g.id', '=', id).execute()))[0]!;
}

/** Deletes a group no active regime uses. unit_group.manage. */
export async function deleteUnitGroup(db: Db, ctx: Ctx, id: string): Promise<void> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    const row = await ownedGroup(tx, actor, id);
    if ((await regimesUsingGroup(tx, id)) > 0) conflict('unit_group.in_use', 'Nhóm đang được dùng trong chế độ báo cáo còn hiệu lực');
    await tx.deleteFrom('unit_groups').where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'unit_group.deleted', unitId: row.owner_unit_id, targetType: 'unit_group', targetId: id, details: { name: row.name } });
  });
}
