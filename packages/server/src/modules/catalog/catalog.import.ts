import { randomUUID } from 'node:crypto';
import type { IndicatorImportResult } from '@baocao/core';
import { foldVi } from '@baocao/core';
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Indicators } from '../../db/types.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { columnName, refuseIfAny, type FileRow, type RowError } from './catalog.file-rows.js';
import { auditUnitOf, insertReference, parentsFirst, searchTextOf, type ReferenceKind } from './catalog.service.js';
import { changedValues, type IndicatorValues } from './indicators.service.js';
import * as q from './catalog.queries.js';

type Node = { parentId: string | null; active: boolean; code: string; line?: number };

/**
 * Writes parsed file rows into a draft set inside `tx`: new codes are added at the end, known
 * codes updated, units of measure and field groups the catalogue lacks are added to it. Every
 * reference and the resulting tree are checked first; any error refuses the whole file.
 * The caller has checked who may change the set and that it is a draft.
 */
export async function applyIndicatorRows(tx: Db, ctx: Ctx, set: q.SetRow, rows: FileRow[], source: Record<string, unknown>): Promise<IndicatorImportResult> {
  const existing = await q.listSetIndicators(tx, set.id);
  const byCode = new Map(existing.map((r) => [r.code.toLowerCase(), r]));
  const idOf = new Map(existing.map((r) => [r.code.toLowerCase(), r.id]));
  for (const r of rows) if (!idOf.has(r.code.toLowerCase())) idOf.set(r.code.toLowerCase(), randomUUID());
  const unitCodes = [...new Set(rows.flatMap((r) => (r.responsibleUnitCode ? [r.responsibleUnitCode] : [])))];
  const units = await q.unitsByCode(tx, unitCodes);
  const errors: RowError[] = [];
  const at = (line: number, key: Parameters<typeof columnName>[0]) => `Dòng ${line}, cột ${columnName(key)}`;

  // The set's tree as it will be after the import.
  const final = new Map<string, Node>(existing.map((r) => [r.id, { parentId: r.parent_id, active: r.active, code: r.code }]));
  for (const r of rows) {
    const old = byCode.get(r.code.toLowerCase());
    let parentId = old?.parent_id ?? null;
    if (r.parentCode !== undefined) {
      parentId = r.parentCode ? (idOf.get(r.parentCode.toLowerCase()) ?? null) : null;
      if (r.parentCode && !parentId) errors.push({ path: at(r.line, 'parent_code'), message: `Không có chỉ tiêu mã ${r.parentCode} trong tệp hay trong bộ chỉ tiêu` });
    }
    if (r.responsibleUnitCode && !units.has(r.responsibleUnitCode.toLowerCase())) {
      errors.push({ path: at(r.line, 'responsible_unit_code'), message: `Không có đơn vị mã ${r.responsibleUnitCode}` });
    }
    final.set(idOf.get(r.code.toLowerCase())!, { parentId, active: r.active ?? old?.active ?? true, code: r.code, line: r.line });
  }
  for (const [id, node] of final) {
    const parent = node.parentId ? final.get(node.parentId) : undefined;
    if (node.active && parent && !parent.active) {
      const line = node.line ?? parent.line!;
      errors.push({ path: at(line, 'active'), message: `Chỉ tiêu ${node.code} đang sử dụng nhưng chỉ tiêu cha ${parent.code} thì không` });
    }
    if (node.line === undefined) continue;
    const seen = new Set<string>();
    for (let p = node.parentId; p && !seen.has(p); p = final.get(p)?.parentId ?? null) {
      if (p === id) {
        errors.push({ path: at(node.line, 'parent_code'), message: 'Chỉ tiêu cha tạo thành vòng lặp (chỉ tiêu là cha của chính nó qua các cấp)' });
        break;
      }
      seen.add(p);
    }
  }
  refuseIfAny(errors.sort((a, b) => lineOf(a) - lineOf(b)));

  const refs = await referenceResolver(tx, ctx);
  const now = ctx.clock.now();
  let position = await q.maxPosition(tx, set.id);
  const inserts: Insertable<Indicators>[] = [];
  const updates: { id: string; code: string; name: string; change: Partial<IndicatorValues> }[] = [];
  for (const r of rows) {
    const id = idOf.get(r.code.toLowerCase())!;
    const values: Partial<IndicatorValues> = {
      code: r.code,
      name: r.name,
      unit_of_measure_id: await refs.resolve('unitsOfMeasure', r.unitOfMeasure),
      field_group_id: await refs.resolve('fieldGroups', r.fieldGroup),
      concept: r.concept,
      calculation_method: r.calculationMethod,
      main_disaggregations: r.mainDisaggregations,
      periodicity: r.periodicity,
      data_source: r.dataSource,
      responsible_unit: r.responsibleUnit,
      responsible_unit_id: r.responsibleUnitCode === undefined ? undefined : r.responsibleUnitCode ? units.get(r.responsibleUnitCode.toLowerCase())!.id : null,
      parent_id: r.parentCode === undefined ? undefined : final.get(id)!.parentId,
      active: r.active,
    };
    const old = byCode.get(r.code.toLowerCase());
    if (old) {
      const change = changedValues(old, values);
      if (Object.keys(change).length > 0) updates.push({ id, code: r.code, name: r.name, change });
      continue;
    }
    const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
    inserts.push({ id, set_id: set.id, lineage_id: id, ...defined, code: r.code, name: r.name, periodicity: r.periodicity, search_text: searchTextOf(r.code, r.name), position: ++position, created_at: now, updated_at: now });
  }
  await q.insertIndicators(tx, parentsFirst(inserts, (i) => i.id, (i) => i.parent_id ?? null));
  for (const u of updates) await q.updateIndicatorRow(tx, u.id, { ...u.change, search_text: searchTextOf(u.code, u.name), updated_at: now });

  const result = {
    created: inserts.length,
    updated: updates.length,
    unchanged: rows.length - inserts.length - updates.length,
    newUnitsOfMeasure: refs.added.unitsOfMeasure,
    newFieldGroups: refs.added.fieldGroups,
  };
  await recordAudit(tx, ctx, {
    action: 'indicator_set.imported',
    unitId: auditUnitOf(set),
    targetType: 'indicator_set',
    targetId: set.id,
    details: { ...source, rows: rows.length, ...result, createdCodes: inserts.map((i) => i.code), updatedCodes: updates.map((u) => u.code) },
  });
  return result;
}

function lineOf(e: RowError): number {
  return Number(/^Dòng (\d+)/.exec(e.path)?.[1] ?? 0);
}

/** Finds units of measure and field groups by name (without diacritics) or code, adding the missing ones. */
async function referenceResolver(tx: Db, ctx: Ctx) {
  const tables = { unitsOfMeasure: 'units_of_measure', fieldGroups: 'field_groups' } as const;
  const known = {
    unitsOfMeasure: await q.listReferences(tx, tables.unitsOfMeasure),
    fieldGroups: await q.listReferences(tx, tables.fieldGroups),
  };
  const added = { unitsOfMeasure: [] as string[], fieldGroups: [] as string[] };
  return {
    added,
    async resolve(kind: ReferenceKind, name: string | undefined): Promise<string | null | undefined> {
      if (name === undefined) return undefined;
      if (name === '') return null;
      const list = known[kind];
      const hit = list.find((r) => foldVi(r.name) === foldVi(name)) ?? list.find((r) => r.code.toLowerCase() === name.toLowerCase());
      if (hit) return hit.id;
      const row = await insertReference(tx, ctx, kind, { code: freeCode(kind, name, list), name });
      list.push(row);
      added[kind].push(name);
      return row.id;
    },
  };
}

/** A code for a catalogue entry a file introduced: its name without diacritics ("tỷ đồng" → TY-DONG), made unique. */
function freeCode(kind: ReferenceKind, name: string, taken: { code: string }[]): string {
  const base = foldVi(name).toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32) || (kind === 'unitsOfMeasure' ? 'DVT' : 'NLV');
  const used = new Set(taken.map((t) => t.code.toLowerCase()));
  let code = base;
  for (let n = 2; used.has(code.toLowerCase()); n++) code = `${base}-${n}`;
  return code;
}
