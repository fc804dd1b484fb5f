import { compareVi, formatDateVi, valueKind, type Citation, type IndicatorColumn, type SeriesQuery, type SeriesResult } from '@baocao/core';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { nothingChanged, type Ctx } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Reads } from '../../platform/reads.js';
import { assertRole, inScope, scopePrefix, type Actor } from '../../platform/scope.js';
import { findUnit, systemRootName } from '../units/units.queries.js';
import { vietnamIso } from '../signing/signing.document.js';
import * as q from './analytics.queries.js';

/** Points one answer carries; a bigger question is narrowed (fewer units or periods), never truncated silently. */
export const MAX_POINTS = 200_000;
const UNIT_KIND_VI: Record<string, string> = {
  city: 'thành phố', department: 'sở, ban, ngành', district: 'cấp huyện', commune: 'cấp xã', organisation: 'tổ chức', individual: 'cá nhân', division: 'phòng, ban',
};
const KIND_VI: Record<string, string> = { month: 'tháng', quarter: 'quý', half_year: '6 tháng', nine_months: '9 tháng', year: 'năm' };

type Prepared = { filter: q.SeriesFilter; citation: Omit<Citation, 'templates' | 'text'> };

/**
 * Checks a question and builds its filter: the unit subtree must be the actor's, or one above the actor's
 * unit (a department asking about every commune of the city); inside it, facts are further limited to
 * the actor's scope and the reports the actor's unit asked for (R2).
 */
async function prepare(db: Db, ctx: Ctx, query: SeriesQuery): Promise<Prepared> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'analytics.read');
  const root = await findUnit(db, query.units.rootUnitId);
  if (!root) notFound('unit');
  if (!inScope(actor, root.path) && !actor.unitPath.startsWith(root.path)) {
    throw new AppError('analytics.out_of_scope', `Bạn không có quyền xem số liệu của ${root.name}`, 403);
  }
  let measure: string;
  if (query.measure.kind === 'indicator') {
    const ind = await db.selectFrom('indicators').select(['code', 'name']).where('id', '=', query.measure.indicatorId).executeTakeFirst();
    if (!ind) notFound('indicator');
    measure = `${ind.code} ${ind.name} (cột ${query.measure.columnCode})`;
  } else {
    const m = query.measure;
    const tpl = await db.selectFrom('templates').select(['code', 'name', 'definition']).where('lineage_id', '=', m.lineageId).orderBy('version', 'desc').executeTakeFirst();
    if (!tpl) notFound('template');
    const grid = (typeof tpl.definition === 'string' ? JSON.parse(tpl.definition) : tpl.definition) as { grid?: { rows: { code: string; name: string }[]; columns: { code: string; headerPath: string[] }[] } };
    const row = grid.grid?.rows.find((r) => r.code === m.rowCode);
    const col = grid.grid?.columns.find((c) => c.code === m.columnCode);
    if (!row || !col) throw new AppError('analytics.unknown_cell', `Biểu mẫu ${tpl.code} không có ô ${m.rowCode}!${m.columnCode}`, 400);
    const plan = query.compare?.planColumnCode;
    if (plan && !grid.grid?.columns.some((c) => c.code === plan)) throw new AppError('analytics.unknown_cell', `Biểu mẫu ${tpl.code} không có cột kế hoạch ${plan}`, 400);
    measure = `${tpl.code} — ${row.name} — ${col.headerPath.join(' / ')}`;
  }
  const p = query.periods;
  return {
    filter: {
      measure: query.measure, rootPath: root.path, unitKind: query.units.kind, from: p.from, to: p.to, periodKind: p.kind, scope: scopePrefix(actor),
      planColumnCode: query.compare?.planColumnCode, previousYear: query.compare?.previousYear, yearToDate: query.compare?.yearToDate,
    },
    citation: {
      system: `Hệ thống thông tin báo cáo — ${(await systemRootName(db)) ?? ''}`,
      measure,
      units: `${root.name}${query.units.kind ? ` (các đơn vị ${UNIT_KIND_VI[query.units.kind]})` : ''}`,
      periods: `kỳ ${p.kind ? `${KIND_VI[p.kind]} ` : ''}bắt đầu từ ${formatDateVi(p.from)} đến ${formatDateVi(p.to)}`,
      // Vietnam time, ISO 8601 with its offset, as documents show times.
      retrievedAt: vietnamIso(ctx.clock.now()),
    },
  };
}

/** The comparisons asked, as the citation names them. */
function comparisons(query: SeriesQuery): string {
  const c = query.compare ?? {};
  const parts = [
    c.planColumnCode ? `kế hoạch (cột ${c.planColumnCode})` : null,
    c.previousYear ? 'cùng kỳ năm trước' : null,
    c.yearToDate ? 'lũy kế từ đầu năm' : null,
  ].filter(Boolean);
  return parts.length ? ` So sánh: ${parts.join(', ')}.` : '';
}

/** An answer before it says which database it was read from. */
export type SeriesAnswer = Omit<SeriesResult, 'source'>;

/**
 * A question of the exploration page, read where read-only questions go: the replica when DATABASE_READ_URL
 * names one (the whole question, its scope check included, on one snapshot), else the primary. Anyone who may explore.
 */
export async function readSeries(reads: Reads, log: FastifyBaseLogger, ctx: Ctx, query: SeriesQuery): Promise<SeriesResult> {
  const { value, source } = await reads.read(log, (db) => getSeries(db, ctx, query));
  return { ...value, source };
}

/** Figures of accepted reports for one measure over a subtree and a range of periods, with the totals and the citation (R26, R28). */
export async function getSeries(db: Db, ctx: Ctx, query: SeriesQuery): Promise<SeriesAnswer> {
  const { filter, citation } = await prepare(db, ctx, query);
  // Room for the totals and templates besides the points; a truncated answer is refused like a big one.
  const limit = MAX_POINTS + 20_000;
  const rows = await q.seriesFacts(db, filter, limit);
  const pointRows = rows.filter((r) => r.row === 'point');
  if (pointRows.length > MAX_POINTS || rows.length >= limit) {
    throw new AppError('analytics.too_many', `Câu hỏi khớp hơn ${MAX_POINTS.toLocaleString('vi-VN')} số liệu: thu hẹp đơn vị hoặc kỳ báo cáo`, 400);
  }
  const compare = query.compare ?? {};
  const extra = (plan: string | null | undefined, previousYear: string | null | undefined, yearToDate: string | null | undefined) => ({
    ...(compare.planColumnCode ? { plan: plan ?? null } : {}),
    ...(compare.previousYear ? { previousYear: previousYear ?? null } : {}),
    ...(compare.yearToDate ? { yearToDate: yearToDate ?? null } : {}),
  });
  // The periods in time order, then each point with its period's kind and dates.
  const periods = rows
    .filter((r) => r.row === 'total')
    .sort((a, b) => (a.period_from! < b.period_from! ? -1 : a.period_from! > b.period_from! ? 1 : a.period_key! < b.period_key! ? -1 : 1));
  const totals: SeriesResult['totals'] = periods.map((r) => ({ periodKey: r.period_key!, periodFrom: r.period_from!, value: r.value!, ...extra(r.plan, r.previous_year, r.year_to_date) }));
  const period = new Map(periods.map((r, i) => [r.period_key!, { i, kind: r.period_kind, from: r.period_from!, to: r.period_to! }]));
  // Within a period, units in Vietnamese order: the collator runs on the distinct names only, not on every
  // comparison of every point.
  const rank = new Map([...new Set(pointRows.map((r) => r.unit_name!))].sort(compareVi).map((n, i) => [n, i]));
  const keyed = pointRows.map((r) => {
    const p = period.get(r.period_key!)!;
    const point = { unitId: r.unit_id!, unitName: r.unit_name!, periodKey: r.period_key!, periodKind: p.kind, periodFrom: p.from, periodTo: p.to, value: r.value!, ...extra(r.plan, r.previous_year, r.year_to_date) };
    return { key: p.i * 1_000_000 + rank.get(r.unit_name!)!, point };
  });
  const points = keyed.sort((a, b) => a.key - b.key).map((k) => k.point);
  const templates = rows
    .filter((r) => r.row === 'template')
    .map((r) => ({ code: r.template_code!, name: r.template_name! }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const sources = templates.map((t) => `${t.code} ${t.name}`).join('; ') || 'không có';
  // A question sent as POST (it does not fit a URL) changes nothing.
  nothingChanged(ctx);
  return {
    points,
    totals,
    citation: {
      ...citation,
      templates,
      text: `Nguồn: ${citation.system}. Chỉ tiêu: ${citation.measure}. Biểu mẫu: ${sources}. Đơn vị: ${citation.units}. Kỳ: ${citation.periods}.${comparisons(query)} Số liệu báo cáo đã được tiếp nhận, truy xuất lúc ${citation.retrievedAt}.`,
    },
  };
}

/**
 * The numeric columns of the official templates whose rows carry the indicator: what an indicator
 * question can ask for (the figures done, the plan, …), by column code as the facts keep it.
 */
export async function indicatorColumns(db: Db, actor: Actor, indicatorId: string): Promise<IndicatorColumn[]> {
  assertRole(actor, 'analytics.read');
  const indicator = await db.selectFrom('indicators').select('id').where('id', '=', indicatorId).executeTakeFirst();
  if (!indicator) notFound('indicator');
  const templates = await db
    .selectFrom('templates')
    .select(['code', 'name', 'definition'])
    .where('status', '=', 'official')
    .where(sql<boolean>`definition::text like ${`%${indicatorId}%`}`)
    .orderBy('code')
    .execute();
  const byCode = new Map<string, IndicatorColumn>();
  for (const tpl of templates) {
    const def = (typeof tpl.definition === 'string' ? JSON.parse(tpl.definition) : tpl.definition) as {
      grid?: { rows: { indicatorId?: string | null }[]; columns: { code: string; headerPath: string[]; valueType: string }[] };
    };
    if (!def.grid?.rows.some((r) => r.indicatorId === indicatorId)) continue;
    for (const col of def.grid.columns) {
      if (valueKind(col.valueType as Parameters<typeof valueKind>[0]) !== 'number') continue;
      const entry = byCode.get(col.code) ?? { code: col.code, label: col.headerPath.join(' / '), templates: [] };
      entry.templates.push({ code: tpl.code, name: tpl.name });
      byCode.set(col.code, entry);
    }
  }
  return [...byCode.values()];
}
