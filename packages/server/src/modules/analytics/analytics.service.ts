import { compareVi, formatDateVi, type Citation, type SeriesQuery, type SeriesResult } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, type Ctx } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { assertRole, inScope, scopePrefix, type Actor } from '../../platform/scope.js';
import { findUnit } from '../units/units.queries.js';
import { vietnamIso } from '../signing/signing.document.js';
import * as q from './analytics.queries.js';

/** Points one answer carries; a bigger question is narrowed (fewer units or periods), never truncated silently. */
export const MAX_POINTS = 200_000;
const SYSTEM = 'Hệ thống thông tin báo cáo — Thành phố Hải Phòng';
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
    measure = `${tpl.code} — ${row.name} — ${col.headerPath.join(' / ')}`;
  }
  const p = query.periods;
  return {
    filter: { measure: query.measure, rootPath: root.path, unitKind: query.units.kind, from: p.from, to: p.to, periodKind: p.kind, scope: scopePrefix(actor) },
    citation: {
      system: SYSTEM,
      measure,
      units: `${root.name}${query.units.kind ? ` (các đơn vị ${UNIT_KIND_VI[query.units.kind]})` : ''}`,
      periods: `kỳ ${p.kind ? `${KIND_VI[p.kind]} ` : ''}bắt đầu từ ${formatDateVi(p.from)} đến ${formatDateVi(p.to)}`,
      // Vietnam time, ISO 8601 with its offset, as documents show times.
      retrievedAt: vietnamIso(ctx.clock.now()),
    },
  };
}

/** Figures of accepted reports for one measure over a subtree and a range of periods, with the totals and the citation (R26, R28). */
export async function getSeries(db: Db, ctx: Ctx, query: SeriesQuery): Promise<SeriesResult> {
  const { filter, citation } = await prepare(db, ctx, query);
  const rows = await q.seriesFacts(db, filter, MAX_POINTS + 1);
  if (rows.length > MAX_POINTS) {
    throw new AppError('analytics.too_many', `Câu hỏi khớp hơn ${MAX_POINTS.toLocaleString('vi-VN')} số liệu: thu hẹp đơn vị hoặc kỳ báo cáo`, 400);
  }
  const totals = await q.seriesTotals(db, filter);
  const templateIds = [...new Set(rows.map((r) => r.template_id))];
  const templates = templateIds.length ? await db.selectFrom('templates').select(['code', 'name']).where('id', 'in', templateIds).orderBy('code').execute() : [];
  const points = rows
    .map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, periodKey: r.period_key, periodKind: r.period_kind, periodFrom: r.period_from, periodTo: r.period_to, value: r.value }))
    .sort((a, b) => a.periodFrom.localeCompare(b.periodFrom) || compareVi(a.unitName, b.unitName));
  const sources = templates.map((t) => `${t.code} ${t.name}`).join('; ') || 'không có';
  // A question sent as POST (it does not fit a URL) changes nothing.
  nothingChanged(ctx);
  return {
    points,
    totals: totals.map((t) => ({ periodKey: t.period_key, periodFrom: t.period_from, value: t.value })),
    citation: {
      ...citation,
      templates,
      text: `Nguồn: ${citation.system}. Chỉ tiêu: ${citation.measure}. Biểu mẫu: ${sources}. Đơn vị: ${citation.units}. Kỳ: ${citation.periods}. Số liệu báo cáo đã được tiếp nhận, truy xuất lúc ${citation.retrievedAt}.`,
    },
  };
}
