import ExcelJS from 'exceljs';
import {
  formatPeriodLabelVi, formatViNumber, isPeriodId, parsePeriodId, percentOf, sumDecimals, vietnamDateOf,
  type FrameworkReportQuery,
} from '@baocao/core';
import type { Db } from '../../db/database.js';
import type { Ctx } from '../../platform/audit.js';
import type { Config } from '../../platform/config.js';
import { notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/scope.js';
import { neutraliseFormula, neutraliseWorkbook } from '../../platform/tabular.js';
import type { DocCell, ReportDocument } from '../signing/documents/document.js';
import { renderDocx } from '../signing/documents/docx.js';
import { agencyName, signerTitles } from '../signing/signing.document.js';
import { findUnit } from '../units/units.queries.js';
import { getSeries, type SeriesAnswer } from './analytics.service.js';

const KIND_VI = { month: 'tháng', quarter: 'quý', year: 'năm' } as const;

/** One indicator's line of the report: the year's plan, the last period, the year so far, and the periods. */
type Line = {
  code: string;
  name: string;
  unitOfMeasure: string | null;
  planYear: string | null;
  lastPeriod: string | null;
  actualPeriod: string | null;
  actualToDate: string | null;
  previousToDate: string | null;
  periods: { title: string; plan: string | null; actual: string; previousYear: string | null }[];
};

type Framework = { title: string; unitName: string; asOf: string; lines: Line[]; citation: string; agency: { name: string; kind: string } };

/**
 * Plan against actual for each indicator (R40), from the accepted figures (facts) of the unit subtree:
 * the year's plan is the sum of the plan column over the year's periods of the kind chosen (the year's own
 * figure for `year`); the actual figures run up to `upToMonth`; the year so far is compared with the plan and
 * with the same periods a year before. Each indicator is one exploration question, within the actor's scope.
 */
async function build(db: Db, ctx: Ctx, query: FrameworkReportQuery): Promise<Framework> {
  const root = await findUnit(db, query.rootUnitId);
  if (!root) notFound('unit');
  const own = await findUnit(db, (ctx.actor as Actor).unitId);
  const upTo = `${query.year}-${String(query.upToMonth ?? 12).padStart(2, '0')}-31`;
  const indicators = await db.selectFrom('indicators as i').leftJoin('units_of_measure as m', 'm.id', 'i.unit_of_measure_id').select(['i.id', 'i.code', 'i.name', 'm.name as uom']).where('i.id', 'in', query.indicatorIds).execute();
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const lines: Line[] = [];
  let citation = '';
  for (const id of query.indicatorIds) {
    const ind = byId.get(id);
    if (!ind) notFound('indicator');
    const series: SeriesAnswer = await getSeries(db, ctx, {
      measure: { kind: 'indicator', indicatorId: id, columnCode: query.actualColumnCode },
      units: { rootUnitId: query.rootUnitId },
      periods: { from: `${query.year}-01-01`, to: `${query.year}-12-31`, kind: query.periodKind },
      compare: { planColumnCode: query.planColumnCode, previousYear: true, yearToDate: true },
    });
    citation ||= series.citation.text.replace(/Chỉ tiêu: [^.]*\. /, '');
    const done = series.totals.filter((t) => t.periodFrom <= upTo);
    const last = done.at(-1);
    lines.push({
      code: ind.code,
      name: ind.name,
      unitOfMeasure: ind.uom,
      planYear: sumDecimals(series.totals.map((t) => t.plan)),
      lastPeriod: last ? periodTitle(last.periodKey, last.periodFrom) : null,
      actualPeriod: last?.value ?? null,
      actualToDate: last?.yearToDate ?? null,
      previousToDate: sumDecimals(done.map((t) => t.previousYear)),
      periods: done.map((t) => ({ title: periodTitle(t.periodKey, t.periodFrom), plan: t.plan ?? null, actual: t.value, previousYear: t.previousYear ?? null })),
    });
  }
  const asOf = query.upToMonth && query.upToMonth < 12 ? `${query.upToMonth} tháng năm ${query.year}` : `năm ${query.year}`;
  return {
    title: `Kết quả thực hiện các chỉ tiêu kế hoạch phát triển kinh tế - xã hội ${asOf}`,
    unitName: root.name,
    asOf,
    lines,
    citation: citation || `Nguồn: số liệu báo cáo đã được tiếp nhận của ${root.name}.`,
    agency: own ?? root,
  };
}

function periodTitle(key: string, from: string): string {
  return isPeriodId(key) ? formatPeriodLabelVi(parsePeriodId(key)) : from;
}

const num = (v: string | null) => (v === null ? '—' : formatViNumber(v));
const pct = (v: string | null) => (v === null ? '—' : formatViNumber(v));

/** The summary rows: one per indicator. */
function summaryRows(f: Framework): string[][] {
  return f.lines.map((l, i) => [
    String(i + 1), `${l.name} (${l.code})`, l.unitOfMeasure ?? '', num(l.planYear), l.lastPeriod ?? '—', num(l.actualPeriod), num(l.actualToDate),
    pct(percentOf(l.actualToDate, l.planYear)), pct(percentOf(l.actualToDate, l.previousToDate)),
  ]);
}

const SUMMARY_HEADER = ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Kỳ gần nhất', 'Thực hiện kỳ', 'Lũy kế từ đầu năm', 'So với kế hoạch năm (%)', 'So với cùng kỳ năm trước (%)'];
const DETAIL_HEADER = ['Kỳ', 'Kế hoạch', 'Thực hiện', 'Đạt so với kế hoạch (%)', 'Cùng kỳ năm trước', 'So với cùng kỳ (%)'];

/** The framework report as a DOCX in the Decree 30 layout, for the unit to complete, number and sign. */
export async function frameworkReportDocx(db: Db, config: Config, ctx: Ctx, query: FrameworkReportQuery): Promise<Buffer> {
  const f = await build(db, ctx, query);
  const head = (texts: string[]): DocCell[][] => [texts.map((text) => ({ text, bold: true, align: 'center' as const }))];
  const doc: ReportDocument = {
    parentAgency: config.documentParentAgency,
    agency: agencyName(f.agency),
    number: null,
    place: config.documentPlace,
    date: vietnamDateOf(ctx.clock.now()),
    title: 'BÁO CÁO',
    summary: f.title,
    sections: [
      {
        kind: 'text',
        heading: null,
        paragraphs: [{ runs: [{ text: `Số liệu của ${f.unitName}, ${f.asOf}, theo kỳ ${KIND_VI[query.periodKind]}, tổng hợp từ các báo cáo đã được tiếp nhận trên Hệ thống thông tin báo cáo (cột thực hiện ${query.actualColumnCode}, cột kế hoạch ${query.planColumnCode}).` }] }],
      },
      {
        kind: 'table',
        heading: 'I. Tổng hợp các chỉ tiêu',
        table: {
          columns: [0.4, 2.2, 0.8, 1, 0.9, 1, 1, 0.9, 0.9].map((width, i) => ({ width, align: i === 1 ? 'left' : i <= 2 || i === 4 ? 'center' : 'right' }) as const),
          header: head(SUMMARY_HEADER),
          body: summaryRows(f).map((r) => r.map((text) => ({ text }))),
          note: null,
        },
      },
      ...f.lines.map((l, i) => ({
        kind: 'table' as const,
        heading: `${i === 0 ? 'II. Chi tiết theo kỳ — ' : ''}${i + 1}. ${l.name}${l.unitOfMeasure ? ` (${l.unitOfMeasure})` : ''}`,
        table: {
          columns: [1.2, 1, 1, 0.9, 1, 0.9].map((width, c) => ({ width, align: c === 0 ? 'left' : 'right' }) as const),
          header: head(DETAIL_HEADER),
          body: l.periods.length
            ? l.periods.map((p) => [p.title, num(p.plan), num(p.actual), pct(percentOf(p.actual, p.plan)), num(p.previousYear), pct(percentOf(p.actual, p.previousYear))].map((text) => ({ text })))
            : [[{ text: 'Chưa có số liệu đã tiếp nhận', colSpan: 6, align: 'center' as const }]],
          note: null,
        },
      })),
      { kind: 'text', heading: 'III. Đánh giá và kiến nghị', paragraphs: [{ runs: [{ text: '(Đơn vị bổ sung nội dung.)', italic: true }] }, { runs: [{ text: f.citation, italic: true }] }] },
    ],
    signer: { titleLines: signerTitles(f.agency), name: '' },
    recipients: ['Ủy ban nhân dân thành phố', 'Lưu: VT'],
    stamp: null,
    draft: false,
    meta: { author: f.agency.name, subject: f.title, keywords: ['baocao', 'R40', String(query.year)] },
  };
  return Buffer.from(await renderDocx(doc));
}

/** Exact decimal text as Excel keeps it: a number when 15 significant digits hold it, else text. */
function cell(v: string | null): string | number | null {
  if (v === null) return null;
  return v.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15 ? Number(v) : v;
}

/** The same report as a workbook: the summary, then every indicator's periods, the source cited. */
export async function frameworkReportXlsx(db: Db, ctx: Ctx, query: FrameworkReportQuery): Promise<Buffer> {
  const f = await build(db, ctx, query);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'baocao';
  const sum = wb.addWorksheet('Tong hop', { views: [{ state: 'frozen', ySplit: 4 }] });
  sum.addRow([neutraliseFormula(`${f.title} — ${f.unitName}`)]).font = { bold: true, size: 13 };
  sum.addRow([neutraliseFormula(f.citation)]).font = { italic: true };
  sum.addRow([]);
  sum.addRow(SUMMARY_HEADER).font = { bold: true };
  f.lines.forEach((l, i) =>
    sum.addRow([
      i + 1, neutraliseFormula(`${l.name} (${l.code})`), neutraliseFormula(l.unitOfMeasure ?? ''), cell(l.planYear), l.lastPeriod ?? '', cell(l.actualPeriod), cell(l.actualToDate),
      cell(percentOf(l.actualToDate, l.planYear)), cell(percentOf(l.actualToDate, l.previousToDate)),
    ]),
  );
  [6, 48, 14, 16, 16, 16, 18, 16, 18].forEach((w, i) => (sum.getColumn(i + 1).width = w));
  for (const c of [4, 6, 7, 8, 9]) sum.getColumn(c).numFmt = '#,##0.##';
  const detail = wb.addWorksheet('Chi tiet', { views: [{ state: 'frozen', ySplit: 1 }] });
  detail.addRow(['Chỉ tiêu', ...DETAIL_HEADER]).font = { bold: true };
  for (const l of f.lines) {
    for (const p of l.periods) {
      detail.addRow([neutraliseFormula(`${l.name} (${l.code})`), p.title, cell(p.plan), cell(p.actual), cell(percentOf(p.actual, p.plan)), cell(p.previousYear), cell(percentOf(p.actual, p.previousYear))]);
    }
  }
  [48, 16, 16, 16, 18, 18, 18].forEach((w, i) => (detail.getColumn(i + 1).width = w));
  for (const c of [3, 4, 5, 6, 7]) detail.getColumn(c).numFmt = '#,##0.##';
  neutraliseWorkbook(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
