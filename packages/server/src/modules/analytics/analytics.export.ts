import ExcelJS from 'exceljs';
import { formatPeriodLabelVi, isPeriodId, parsePeriodId, type SeriesResult } from '@baocao/core';
import { neutraliseFormula, toCsv } from '../../platform/tabular.js';

/** A period's column title: "Tháng 12/2026" for a period id, else its dates. */
function periodTitle(key: string, from: string): string {
  return isPeriodId(key) ? formatPeriodLabelVi(parsePeriodId(key)) : `${key} (${from})`;
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

/** CSV (UTF-8 with BOM): the citation first, then the pivot; figures as exact decimals. */
export function seriesCsv(result: SeriesResult): Buffer {
  const p = pivot(result);
  return Buffer.from(toCsv([[result.citation.text], [], p.header, ...p.rows, p.total]), 'utf8');
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
  ws.addRow([neutraliseFormula(result.citation.text)]).font = { italic: true };
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
  const info = wb.addWorksheet('Nguon');
  for (const [k, v] of [
    ['Hệ thống', result.citation.system], ['Chỉ tiêu', result.citation.measure], ['Biểu mẫu', result.citation.templates.map((t) => `${t.code} ${t.name}`).join('; ')],
    ['Đơn vị', result.citation.units], ['Kỳ', result.citation.periods], ['Truy xuất lúc', result.citation.retrievedAt],
  ] as const) info.addRow([k, neutraliseFormula(v)]);
  info.getColumn(1).width = 16;
  info.getColumn(2).width = 90;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
