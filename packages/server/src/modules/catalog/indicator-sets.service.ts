import { randomUUID } from 'node:crypto';
import type { CreateIndicatorSetInput, IndicatorSet, IndicatorSetDetail, IndicatorSetQuery, IndicatorSetStatus, UpdateIndicatorSetInput } from '@baocao/core';
import { foldVi } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { conflict, forbidden } from '../../platform/errors.js';
import { assertCan, assertRole, type Actor } from '../../platform/scope.js';
import { assertDraft, auditUnitOf, missing, parentsFirst, searchTextOf, setForChange, toSet } from './catalog.service.js';
import * as q from './catalog.queries.js';

/** Indicator sets of the city library, not retired unless asked by status; search ignores diacritics. Any role. */
export async function listIndicatorSets(db: Db, actor: Actor, query: IndicatorSetQuery): Promise<IndicatorSet[]> {
  assertRole(actor, 'indicator.read');
  const needle = query.q ? foldVi(query.q) : null;
  const rows = await q.listSets(db, query.status);
  return rows.filter((r) => !needle || foldVi(`${r.code} ${r.name}`).includes(needle)).map(toSet);
}

/** One set version with the list of all versions of its code. Any role. */
export async function getIndicatorSet(db: Db, actor: Actor, id: string): Promise<IndicatorSetDetail> {
  assertRole(actor, 'indicator.read');
  const row = (await q.findSet(db, id)) ?? missing('set');
  const versions = await q.listVersions(db, row.code);
  return {
    ...toSet(row),
    versions: versions.map((v) => ({ id: v.id, version: v.version, status: v.status as IndicatorSetStatus, publishedAt: v.published_at?.toISOString() ?? null })),
  };
}

/** Creates version 1 of a new set, as a draft. Administrators, for a unit in their scope; the shared library (no owner) for system administrators. */
export async function createIndicatorSet(db: Db, ctx: Ctx, input: CreateIndicatorSetInput): Promise<IndicatorSetDetail> {
  const actor = ctx.actor!;
  const id = await db.transaction().execute(async (tx) => {
    if (input.ownerUnitId) {
      const owner = await q.findUnitRef(tx, input.ownerUnitId);
      assertCan(actor, 'indicator.manage', owner?.path, 'unit');
      if (!owner!.active) conflict('catalog.owner_inactive', 'Đơn vị quản lý đã ngừng hoạt động');
    } else {
      assertRole(actor, 'indicator.manage');
      if (actor.role !== 'system_admin') forbidden('Chỉ quản trị hệ thống được tạo bộ chỉ tiêu dùng chung của thành phố');
    }
    return insertIndicatorSet(tx, ctx, { ...input, isDemo: false });
  });
  return getIndicatorSet(db, actor, id);
}

/** Inserts version 1 of a set with its audit record; the caller has checked who may. Also used by the demo seed. */
export async function insertIndicatorSet(tx: Db, ctx: Ctx, input: CreateIndicatorSetInput & { isDemo: boolean }): Promise<string> {
  if ((await q.listVersions(tx, input.code)).length > 0) {
    conflict('catalog.set_code_taken', `Mã bộ chỉ tiêu ${input.code} đã được sử dụng; để thay đổi bộ đó, hãy tạo phiên bản mới`);
  }
  const id = randomUUID();
  const now = ctx.clock.now();
  await q.insertSet(tx, {
    id,
    code: input.code,
    version: 1,
    name: input.name,
    legal_basis: input.legalBasis,
    description: input.description,
    is_demo: input.isDemo,
    owner_unit_id: input.ownerUnitId,
    created_by: ctx.actor?.id ?? null,
    created_at: now,
    updated_at: now,
  });
  await recordAudit(tx, ctx, {
    action: 'indicator_set.created',
    unitId: auditUnitOf({ owner_unit_id: input.ownerUnitId }),
    targetType: 'indicator_set',
    targetId: id,
    details: { code: input.code, version: 1, name: input.name, legalBasis: input.legalBasis, ownerUnitId: input.ownerUnitId, isDemo: input.isDemo },
  });
  return id;
}

/** Changes the name, legal basis or description of a draft. Administrators of the owner unit. */
export async function updateIndicatorSet(db: Db, ctx: Ctx, id: string, input: UpdateIndicatorSetInput): Promise<IndicatorSetDetail> {
  await db.transaction().execute(async (tx) => {
    const set = await setForChange(tx, ctx.actor!, id);
    assertDraft(set);
    const before = { name: set.name, legalBasis: set.legal_basis, description: set.description };
    const after = Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && v !== before[k as keyof typeof before]));
    if (Object.keys(after).length === 0) return nothingChanged(ctx);
    const updated = await q.updateSetRow(tx, id, { name: input.name, legal_basis: input.legalBasis, description: input.description, updated_at: ctx.clock.now() });
    if (!updated) conflict('catalog.set_frozen', 'Bộ chỉ tiêu vừa được ban hành; hãy tải lại');
    await recordAudit(tx, ctx, {
      action: 'indicator_set.updated',
      unitId: auditUnitOf(set),
      targetType: 'indicator_set',
      targetId: id,
      details: { before: Object.fromEntries(Object.keys(after).map((k) => [k, before[k as keyof typeof before]])), after },
    });
  });
  return getIndicatorSet(db, ctx.actor!, id);
}

/**
 * Puts a draft into official use: its indicators are frozen from then on, and the version that
 * was official before is retired (it stays readable). Administrators of the owner unit.
 */
export async function publishIndicatorSet(db: Db, ctx: Ctx, id: string): Promise<IndicatorSetDetail> {
  await db.transaction().execute(async (tx) => {
    const set = await setForChange(tx, ctx.actor!, id);
    if (set.status !== 'draft') conflict('catalog.set_not_draft', `Chỉ ban hành được bản nháp; phiên bản ${set.version} ${set.status === 'official' ? 'đã ban hành' : 'đã ngừng sử dụng'}`);
    if (Number(set.indicator_count) === 0) conflict('catalog.set_empty', 'Bộ chỉ tiêu chưa có chỉ tiêu nào đang sử dụng');
    const now = ctx.clock.now();
    const previous = await q.retireOfficialVersion(tx, set.code, id, now);
    if (!(await q.moveSetStatus(tx, id, ['draft'], 'official', now))) conflict('catalog.set_not_draft', 'Bộ chỉ tiêu vừa được người khác thay đổi; hãy tải lại');
    if (previous) {
      await recordAudit(tx, ctx, { action: 'indicator_set.retired', unitId: auditUnitOf(set), targetType: 'indicator_set', targetId: previous.id, details: { code: set.code, version: previous.version, replacedBy: id } });
    }
    await recordAudit(tx, ctx, {
      action: 'indicator_set.published',
      unitId: auditUnitOf(set),
      targetType: 'indicator_set',
      targetId: id,
      details: { code: set.code, version: set.version, indicators: Number(set.indicator_count), retiredVersion: previous?.version ?? null },
    });
  });
  return getIndicatorSet(db, ctx.actor!, id);
}

/** Takes a draft or official version out of use; it stays readable and is never deleted. Administrators of the owner unit. */
export async function retireIndicatorSet(db: Db, ctx: Ctx, id: string): Promise<IndicatorSetDetail> {
  await db.transaction().execute(async (tx) => {
    const set = await setForChange(tx, ctx.actor!, id);
    if (!(await q.moveSetStatus(tx, id, ['draft', 'official'], 'retired', ctx.clock.now()))) conflict('catalog.set_retired', 'Bộ chỉ tiêu đã ngừng sử dụng');
    await recordAudit(tx, ctx, { action: 'indicator_set.retired', unitId: auditUnitOf(set), targetType: 'indicator_set', targetId: id, details: { code: set.code, version: set.version, from: set.status } });
  });
  return getIndicatorSet(db, ctx.actor!, id);
}

/**
 * Starts the next version of a set as a draft copy of an official or retired version, indicators
 * included (same lineage, new ids); the source version is left untouched. Administrators of the owner unit.
 */
export async function newIndicatorSetVersion(db: Db, ctx: Ctx, id: string): Promise<IndicatorSetDetail> {
  const newId = await db.transaction().execute(async (tx) => {
    const source = await setForChange(tx, ctx.actor!, id);
    if (source.status === 'draft') conflict('catalog.set_is_draft', 'Đây là bản nháp: hãy sửa trực tiếp');
    const draft = (await q.listVersions(tx, source.code)).find((v) => v.status === 'draft');
    if (draft) conflict('catalog.draft_exists', `Bộ chỉ tiêu ${source.code} đang có bản nháp phiên bản ${draft.version}`);
    const version = (await q.maxVersion(tx, source.code)) + 1;
    const newSetId = randomUUID();
    const now = ctx.clock.now();
    await q.insertSet(tx, {
      id: newSetId,
      code: source.code,
      version,
      name: source.name,
      legal_basis: source.legal_basis,
      description: source.description,
      is_demo: source.is_demo,
      owner_unit_id: source.owner_unit_id,
      previous_id: source.id,
      created_by: ctx.actor?.id ?? null,
      created_at: now,
      updated_at: now,
    });
    const rows = await q.listSetIndicators(tx, source.id);
    const ids = new Map(rows.map((r) => [r.id, randomUUID()]));
    await q.insertIndicators(
      tx,
      parentsFirst(rows, (r) => r.id, (r) => r.parent_id).map((r) => ({
        id: ids.get(r.id)!,
        set_id: newSetId,
        lineage_id: r.lineage_id,
        code: r.code,
        name: r.name,
        search_text: searchTextOf(r.code, r.name),
        unit_of_measure_id: r.unit_of_measure_id,
        field_group_id: r.field_group_id,
        concept: r.concept,
        calculation_method: r.calculation_method,
        main_disaggregations: r.main_disaggregations,
        periodicity: r.periodicity,
        data_source: r.data_source,
        responsible_unit: r.responsible_unit,
        responsible_unit_id: r.responsible_unit_id,
        parent_id: r.parent_id ? ids.get(r.parent_id)! : null,
        position: r.position,
        active: r.active,
        created_at: now,
        updated_at: now,
      })),
    );
    await recordAudit(tx, ctx, {
      action: 'indicator_set.versioned',
      unitId: auditUnitOf(source),
      targetType: 'indicator_set',
      targetId: newSetId,
      details: { code: source.code, version, fromId: source.id, fromVersion: source.version, indicators: rows.length },
    });
    return newSetId;
  });
  return getIndicatorSet(db, ctx.actor!, newId);
}
