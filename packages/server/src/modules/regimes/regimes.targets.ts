import { compareVi, type RegimeTarget } from '@baocao/core';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { badRequest } from '../../platform/errors.js';
import type { UnitRow } from '../units/units.queries.js';

export type TargetUnit = { id: string; code: string; name: string; kind: string; path: string; depth: number };

/**
 * The units a requesting unit may ask for reports (docs/decisions/0009): a department (sở, ban,
 * ngành) acts for the city, so its authority is the city's whole tree; any other unit asks only its
 * own subordinates. Never itself nor a unit above it.
 */
export async function authorityOf(db: Db, requester: UnitRow): Promise<{ rootPath: string; rootDepth: number; excluded: Set<string> }> {
  const ancestorIds = requester.path.split('/').filter(Boolean);
  let rootPath = requester.path;
  let rootDepth = requester.depth;
  if (requester.kind === 'department' && requester.parent_id) {
    const parent = await db.selectFrom('units').select(['path', 'depth']).where('id', '=', requester.parent_id).executeTakeFirstOrThrow();
    rootPath = parent.path;
    rootDepth = parent.depth;
  }
  return { rootPath, rootDepth, excluded: new Set(ancestorIds) };
}

const EXTERNAL_KINDS = new Set(['organisation', 'individual']);
const COLUMNS = ['id', 'code', 'name', 'kind', 'path', 'depth'] as const;

/**
 * Resolves a regime's targets to today's active units, in Vietnamese order. Refuses a target outside
 * the requester's authority (`regime.target_out_of_authority`), an unknown group or unit, an
 * 'external' entry that is not an organisation or individual, and a list that reaches nobody
 * (`regime.no_targets`). `lenient` (the scheduler) skips units gone or moved out of reach instead.
 */
export async function resolveTargets(db: Db, requester: UnitRow, targets: readonly RegimeTarget[], opts: { lenient?: boolean } = {}): Promise<TargetUnit[]> {
  const authority = await authorityOf(db, requester);
  const within = (u: TargetUnit) => u.path.startsWith(authority.rootPath) && !authority.excluded.has(u.id);
  const found = new Map<string, TargetUnit>();
  const outside: string[] = [];

  const explicit = async (ids: readonly string[], external: boolean) => {
    const rows = ids.length ? await db.selectFrom('units').select([...COLUMNS, 'active']).where('id', 'in', [...ids]).execute() : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const u = byId.get(id);
      if (!u) {
        if (opts.lenient) continue;
        badRequest('regime.unknown_target', `Không tìm thấy đơn vị ${id}`);
      }
      if (external && !EXTERNAL_KINDS.has(u.kind)) {
        badRequest('regime.not_external', `"${u.name}" không phải tổ chức hoặc cá nhân ngoài hệ thống hành chính`);
      }
      if (!within(u)) outside.push(u.name);
      else if (u.active) found.set(u.id, u);
    }
  };

  for (const t of targets) {
    if (t.type === 'units') await explicit(t.unitIds, false);
    else if (t.type === 'external') await explicit(t.unitIds, true);
    else if (t.type === 'group') {
      const group = await db.selectFrom('unit_groups as g').innerJoin('units as o', 'o.id', 'g.owner_unit_id').select(['g.id', 'g.name', 'o.path']).where('g.id', '=', t.groupId).executeTakeFirst();
      // A group is usable by its owner and by the units above the owner.
      if (!group && opts.lenient) continue;
      if (!group || !group.path.startsWith(requester.path) && !requester.path.startsWith(group.path)) badRequest('regime.unknown_target', `Không tìm thấy nhóm đơn vị ${t.groupId}`);
      const members = await db.selectFrom('unit_group_members').select('unit_id').where('group_id', '=', t.groupId).execute();
      await explicit(members.map((m) => m.unit_id), false);
    } else {
      let q = db.selectFrom('units').select(COLUMNS).where('active', '=', true).where('path', 'like', `${authority.rootPath}%`);
      q = t.type === 'kind' ? q.where('kind', '=', t.unitKind) : q.where('depth', '=', authority.rootDepth + t.level);
      for (const u of await q.execute()) if (within(u)) found.set(u.id, u);
    }
  }
  if (outside.length && !opts.lenient) {
    badRequest('regime.target_out_of_authority', `Ngoài phạm vi đơn vị yêu cầu báo cáo được giao: ${[...new Set(outside)].slice(0, 10).join(', ')}`);
  }
  if (found.size === 0) badRequest('regime.no_targets', 'Chế độ báo cáo không có đơn vị nào phải báo cáo (đối tượng trống hoặc đã ngừng hoạt động)');
  return [...found.values()].sort((a, b) => compareVi(a.name, b.name));
}

/** Groups that refer to a unit group, for refusing to delete one in use. */
export async function regimesUsingGroup(db: Db, groupId: string): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`
    select count(*) as n from regimes where status = 'active' and targets @> ${JSON.stringify([{ type: 'group', groupId }])}::jsonb`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
