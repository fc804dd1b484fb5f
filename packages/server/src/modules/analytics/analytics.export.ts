import ExcelJS from 'exceljs';
import { changePercent, formatPeriodLabelVi, percentOf, isPeriodId, parsePeriodId, type SeriesResult } from '@baocao/core';
import { neutraliseFormula, neutraliseWorkbook, toCsv } from '../../platform/tabular.js';

/** A period's column title: "Tháng 12/2026" for a period id, else its dates. */
function periodTitle(key: string, from: string): string {
  return isPeriodId(key) ? formatPeriodLabelVi(parsePeriodId(key)) : `${key} (${from})`;
}

/** The citation, and with figures read from a replica, how far behind the primary it was (docs/read-replica.md). */
export function citationLine(result: SeriesResult): string {
  const { source } = result;
  if (!source.replica) return result.citation.text;
  return `${result.citation.text} Số liệu đọc từ bản sao cơ sở dữ liệu, trễ khoảng ${String(source.lagSeconds ?? 0).replace('.', ',')} giây so với cơ sở dữ liệu chính.`;
}

/** The series as a pivot: one row per unit, one column per period, and the total row. */
export function pivot(result: SeriesResult): { header: string[]; rows: (string | null)[][]; total: (string | null)[] } {
  const periods = result.totals.map((t) => ({ key: t.periodKey, title: periodTitle(t.periodKey, t.periodFrom) }));
  const index = new Map(periods.map((p, i) => [p.key, i]));
  const byUnit = new Map<string, { name: string; values: (string | null)[] }>();
  for (const p of result.points) {
    const row = byUnit.get(p.unitId) ?? { name: p.unitName, values: periods.map(() => null) };
    row.values[index.get(p.periodKey)!] = p.value;
    byUnit.set(p.unitId, row);
  }
  return {
    header: ['Đơn vị', ...periods.map((p) => p.title)],
    rows: [...byUnit.values()].map((u) => [u.name, ...u.values]),
    total: ['Tổng cộng', ...result.totals.map((t) => t.value)],
  };
}

/**
 * With comparisons: one row per unit and period (and the totals), the figure, the plan and the share of it
 * done, the same period last year and the change from it, the sum since January. Null without comparisons.
 */
export function comparisonTable(result: SeriesResult): { header: string[]; rows: (string | null)[][] } | null {
  const first = result.totals[0];
  if (!first || (first.plan === undefined && first.previousYear === undefined && first.yearToDate === undefined)) return null;
  const cols = [
    first.plan !== undefined ? (['Kế hoạch', '% kế hoạch'] as const) : null,
    first.previousYear !== undefined ? (['Cùng kỳ năm trước', '% so với cùng kỳ'] as const) : null,
    first.yearToDate !== undefined ? (['Lũy kế từ đầu năm'] as const) : null,
  ];
  type Figures = { value: string; plan?: string | null | undefined; previousYear?: string | null | undefined; yearToDate?: string | null | undefined };
  const line = (name: string, period: string, f: Figures) => [
    name, period, f.value,
    ...(cols[0] ? [f.plan ?? null, percentOf(f.value, f.plan)] : []),
    ...(cols[1] ? [f.previousYear ?? null, changePercent(f.value, f.previousYear)] : []),
    ...(cols[2] ? [f.yearToDate ?? null] : []),
  ];
  const titles = new Map(result.totals.map((t) => [t.periodKey, periodTitle(t.periodKey, t.periodFrom)]));
  return {
    header: ['Đơn vị', 'Kỳ', 'Số liệu', ...cols.flatMap((c) => (c ? [...c] : []))],
    rows: [
      ...result.points.map((p) => line(p.unitName, titles.get(p.periodKey) ?? p.periodKey, p)),
      ...result.totals.map((t) => line('Tổng cộng', titles.get(t.periodKey) ?? t.periodKey, t)),
    ],
  };
}

/** CSV (UTF-8 with BOM): the citation first, then the pivot; figures as exact decimals. */
export function seriesCsv(result: SeriesResult): Buffer {
  const p = pivot(result);
  const c = comparisonTable(result);
  return Buffer.from(toCsv([[citationLine(result)], [], p.header, ...p.rows, p.total, ...(c ? [[], c.header, ...c.rows] : [])]), 'utf8');
}

/** Exact decimal text as Excel keeps it: a number when 15 significant digits hold it, else text (nothing lost). */
function cellValue(v: string | null): string | number | null {
  if (v === null) return null;
  return v.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15 ? Number(v) : v;
}

/** XLSX: the citation on top, the pivot with a bold header and total row, numbers formatted Vietnamese-style by Excel. */
export async function seriesXlsx(result: SeriesResult): Promise<Buffer> {
  const p = pivot(result);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'baocao';
  const ws = wb.addWorksheet('So lieu', { views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }] });
  ws.addRow([neutraliseFormula(citationLine(result))]).font = { italic: true };
  ws.mergeCells(1, 1, 1, Math.max(2, p.header.length));
  ws.getRow(1).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(1).height = 60;
  ws.addRow([]);
  ws.addRow(p.header).font = { bold: true };
  for (const r of p.rows) ws.addRow([neutraliseFormula(r[0] ?? ''), ...r.slice(1).map(cellValue)]);
  ws.addRow([p.total[0], ...p.total.slice(1).map(cellValue)]).font = { bold: true };
  ws.getColumn(1).width = 40;
  for (let c = 2; c <= p.header.length; c++) {
    ws.getColumn(c).width = 16;
    ws.getColumn(c).numFmt = '#,##0.##';
  }
  const c = comparisonTable(result);
  if (c) {
    const cs = wb.addWorksheet('So sanh', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
    cs.addRow(c.header).font = { bold: true };
    for (const r of c.rows) cs.addRow([neutraliseFormula(r[0] ?? ''), r[1], ...r.slice(2).map(cellValue)]).font = { bold: r[0] === 'Tổng cộng' };
    cs.getColumn(1).width = 40;
    cs.getColumn(2).width = 16;
    for (let i = 3; i <= c.header.length; i++) {
      cs.getColumn(i).width = 16;
      cs.getColumn(i).numFmt = '#,##0.##';
    }
  }
  const info = wb.addWorksheet('Nguon');
  for (const [k, v] of [
    ['Hệ thống', result.citation.system], ['Chỉ tiêu', result.citation.measure], ['Biểu mẫu', result.citation.templates.map((t) => `${t.code} ${t.name}`).join('; ')],
    ['Đơn vị', result.citation.units], ['Kỳ', result.citation.periods], ['Truy xuất lúc', result.citation.retrievedAt],
    ...(result.source.replica ? ([['Đọc từ', `Bản sao cơ sở dữ liệu, trễ khoảng ${String(result.source.lagSeconds ?? 0).replace('.', ',')} giây`]] as const) : []),
  ] as const) info.addRow([k, neutraliseFormula(v)]);
  info.getColumn(1).width = 16;
  info.getColumn(2).width = 90;
  neutraliseWorkbook(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
