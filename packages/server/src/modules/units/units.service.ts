import { randomUUID } from 'node:crypto';
import type { CreateUnitInput, MoveUnitInput, Unit, UnitHistoryEntry, UnitKind, UnitQuery, UnitTreeNode, UpdateUnitInput } from '@baocao/core';
import { foldVi } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { conflict, forbidden } from '../../platform/errors.js';
import { assertCan, assertRole, inScope, scopePrefix, type Actor } from '../../platform/scope.js';
import * as q from './units.queries.js';
import { buildTree, compareUnits } from './units.tree.js';

export async function toUnit(db: Db, row: q.UnitRow): Promise<Unit> {
  const [names, children] = await Promise.all([
    q.namesOf(db, row.parent_id ? [row.parent_id] : []),
    q.countChildren(db, [row.id]),
  ]);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as UnitKind,
    parentId: row.parent_id,
    parentName: row.parent_id ? (names.get(row.parent_id) ?? null) : null,
    active: row.active,
    depth: row.depth,
    childCount: children.get(row.id) ?? 0,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The unit tree of the actor's scope (the whole city for a system administrator). Any role. */
export async function getUnitTree(db: Db, actor: Actor, includeInactive: boolean): Promise<UnitTreeNode[]> {
  assertRole(actor, 'unit.read');
  const prefix = scopePrefix(actor);
  // The revision is read before the rows: a tree is never cached under a newer revision than its rows.
  const rev = await q.unitRevision(db);
  const cache = treeCaches.get(db) ?? new Map<string, { rev: string; tree: UnitTreeNode[] }>();
  treeCaches.set(db, cache);
  const key = `${includeInactive}:${prefix}`;
  const hit = cache.get(key);
  if (hit?.rev === rev) return hit.tree;
  if (hit) cache.clear();
  const tree = buildTree(await q.listTreeRowsUnder(db, prefix, includeInactive));
  cache.set(key, { rev, tree });
  return tree;
}

/** Built trees per database, per scope: the most-read route costs one tiny query while units are unchanged. */
const treeCaches = new WeakMap<Db, Map<string, { rev: string; tree: UnitTreeNode[] }>>();

/** Units in the actor's scope matching a search (accent-insensitive), a kind or a parent. Any role. */
export async function listUnits(db: Db, actor: Actor, query: UnitQuery): Promise<Unit[]> {
  assertRole(actor, 'unit.read');
  const rows = await q.listUnitsUnder(db, scopePrefix(actor), query.includeInactive === 'true');
  const needle = query.q ? foldVi(query.q) : null;
  const hits = rows
    .filter((r) => !query.kind || r.kind === query.kind)
    .filter((r) => !query.parentId || r.parent_id === query.parentId)
    .filter((r) => !needle || foldVi(r.name).includes(needle) || r.code.toLowerCase().includes(needle))
    .sort(compareUnits)
    .slice(0, 500);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = await q.countChildren(db, hits.map((h) => h.id));
  const parentNames = await q.namesOf(db, hits.flatMap((h) => (h.parent_id && !byId.has(h.parent_id) ? [h.parent_id] : [])));
  return hits.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as UnitKind,
    parentId: r.parent_id,
    parentName: r.parent_id ? (byId.get(r.parent_id)?.name ?? parentNames.get(r.parent_id) ?? null) : null,
    active: r.active,
    depth: r.depth,
    childCount: children.get(r.id) ?? 0,
    updatedAt: r.updated_at.toISOString(),
  }));
}

/** One unit in the actor's scope. Any role. */
export async function getUnit(db: Db, actor: Actor, id: string): Promise<Unit> {
  const row = await q.findUnit(db, id);
  assertCan(actor, 'unit.read', row?.path, 'unit');
  return toUnit(db, row!);
}

/** The versions of a unit, newest first. Any role within scope. */
export async function getUnitHistory(db: Db, actor: Actor, id: string): Promise<UnitHistoryEntry[]> {
  const row = await q.findUnit(db, id);
  assertCan(actor, 'unit.read', row?.path, 'unit');
  const rows = await q.listUnitHistory(db, id);
  return rows.map((h) => ({
    version: h.version,
    code: h.code,
    name: h.name,
    kind: h.kind as UnitKind,
    parentId: h.parent_id,
    parentName: h.parent_name,
    active: h.active,
    changedAt: h.changed_at.toISOString(),
    changedBy: h.changed_by_name,
    change: h.change,
  }));
}

/** Creates a unit under a parent in the actor's scope. Administrators. */
export async function createUnit(db: Db, ctx: Ctx, input: CreateUnitInput): Promise<Unit> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const parent = await q.findUnit(tx, input.parentId);
    assertCan(actor, 'unit.manage', parent?.path, 'unit');
    const row = await insertChildUnit(tx, ctx, parent!, input);
    return toUnit(tx, row);
  });
}

/** Inserts a unit with its first history version and audit record; the caller has checked the parent. */
export async function insertChildUnit(
  tx: Db,
  ctx: Ctx,
  parent: q.UnitRow,
  input: { code: string; name: string; kind: string },
): Promise<q.UnitRow> {
  if (!parent.active) conflict('unit.parent_inactive', 'Đơn vị cấp trên đã ngừng hoạt động');
  if (await q.findUnitByCode(tx, input.code)) conflict('unit.code_taken', `Mã đơn vị ${input.code} đã được sử dụng`);
  const id = randomUUID();
  const now = ctx.clock.now();
  await q.insertUnit(tx, { id, code: input.code, name: input.name, kind: input.kind, parentId: parent.id, path: `${parent.path}${id}/`, depth: parent.depth + 1, now });
  const row = (await q.findUnit(tx, id))!;
  await q.insertUnitHistory(tx, row, 'created', ctx.actor?.id ?? null, now);
  await recordAudit(tx, ctx, { action: 'unit.created', unitId: id, targetType: 'unit', targetId: id, details: { code: input.code, name: input.name, kind: input.kind, parentId: parent.id } });
  return row;
}

/** Renames a unit or changes its kind. Administrators, within scope. */
export async function updateUnit(db: Db, ctx: Ctx, id: string, input: UpdateUnitInput): Promise<Unit> {
  return db.transaction().execute(async (tx) => {
    const unit = await q.findUnit(tx, id);
    assertCan(ctx.actor!, 'unit.manage', unit?.path, 'unit');
    const row = await changeUnit(tx, ctx, unit!, input);
    return toUnit(tx, row);
  });
}

/** Applies name/kind/active changes with history and audit; no-op when nothing differs. */
export async function changeUnit(tx: Db, ctx: Ctx, unit: q.UnitRow, input: { name?: string; kind?: string; active?: boolean }): Promise<q.UnitRow> {
  const set: { name?: string; kind?: string; active?: boolean } = {};
  if (input.name !== undefined && input.name !== unit.name) set.name = input.name;
  if (input.kind !== undefined && input.kind !== unit.kind) set.kind = input.kind;
  if (input.active !== undefined && input.active !== unit.active) set.active = input.active;
  if (Object.keys(set).length === 0) {
    nothingChanged(ctx);
    return unit;
  }
  const now = ctx.clock.now();
  const row = (await q.updateUnitRow(tx, unit.id, unit.version, set, now)) ?? conflict('unit.changed', 'Đơn vị vừa được người khác thay đổi; hãy tải lại');
  const change = set.active === false ? 'deactivated' : set.active === true ? 'activated' : set.name ? 'renamed' : 'updated';
  await q.insertUnitHistory(tx, row, change, ctx.actor?.id ?? null, now);
  await recordAudit(tx, ctx, {
    action: `unit.${change}`,
    unitId: unit.id,
    targetType: 'unit',
    targetId: unit.id,
    details: { before: pick(unit, Object.keys(set)), after: set },
  });
  return row;
}

/** Moves a unit (with its subtree) under another parent in scope; never under itself. Administrators. */
export async function moveUnit(db: Db, ctx: Ctx, id: string, input: MoveUnitInput): Promise<Unit> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const unit = await q.findUnit(tx, id);
    assertCan(actor, 'unit.manage', unit?.path, 'unit');
    assertNotOwnUnit(actor, unit!);
    const parent = await q.findUnit(tx, input.parentId);
    assertCan(actor, 'unit.manage', parent?.path, 'unit');
    const row = await reparentUnit(tx, ctx, unit!, parent!);
    return toUnit(tx, row);
  });
}

export async function reparentUnit(tx: Db, ctx: Ctx, unit: q.UnitRow, parent: q.UnitRow): Promise<q.UnitRow> {
  if (parent.id === unit.parent_id) {
    nothingChanged(ctx);
    return unit;
  }
  if (parent.path.startsWith(unit.path)) conflict('unit.cycle', 'Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó');
  if (!parent.active) conflict('unit.parent_inactive', 'Đơn vị cấp trên đã ngừng hoạt động');
  const now = ctx.clock.now();
  const newPath = `${parent.path}${unit.id}/`;
  const depth = parent.depth + 1;
  const row = (await q.updateUnitRow(tx, unit.id, unit.version, { parent_id: parent.id, path: newPath, depth }, now)) ?? conflict('unit.changed', 'Đơn vị vừa được người khác thay đổi; hãy tải lại');
  await q.rewriteDescendantPaths(tx, unit.path, newPath, depth - unit.depth);
  await q.insertUnitHistory(tx, row, 'moved', ctx.actor?.id ?? null, now);
  await recordAudit(tx, ctx, { action: 'unit.moved', unitId: unit.id, targetType: 'unit', targetId: unit.id, details: { fromParentId: unit.parent_id, toParentId: parent.id } });
  return row;
}

/** Deactivates or reactivates a unit; history is kept and nothing is deleted. Administrators, not on their own unit. */
export async function setUnitActive(db: Db, ctx: Ctx, id: string, active: boolean): Promise<Unit> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const unit = await q.findUnit(tx, id);
    assertCan(actor, 'unit.manage', unit?.path, 'unit');
    assertNotOwnUnit(actor, unit!);
    if (!active) {
      if ((await q.countActiveChildren(tx, id)) > 0) conflict('unit.has_active_children', 'Đơn vị còn đơn vị cấp dưới đang hoạt động');
      if ((await q.countActiveUsers(tx, id)) > 0) conflict('unit.has_active_users', 'Đơn vị còn tài khoản người dùng đang hoạt động');
    } else if (unit!.parent_id) {
      const parent = await q.findUnit(tx, unit!.parent_id);
      if (!parent?.active) conflict('unit.parent_inactive', 'Đơn vị cấp trên đã ngừng hoạt động');
    }
    return toUnit(tx, await changeUnit(tx, ctx, unit!, { active }));
  });
}

/** A unit administrator manages what is under their unit, not the unit itself. */
function assertNotOwnUnit(actor: Actor, unit: q.UnitRow): void {
  if (actor.role !== 'system_admin' && (unit.id === actor.unitId || !inScope(actor, unit.path))) {
    forbidden('Bạn không thể chuyển hoặc ngừng hoạt động chính đơn vị của mình');
  }
}

function pick(row: q.UnitRow, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (row as unknown as Record<string, unknown>)[k]]));
}

