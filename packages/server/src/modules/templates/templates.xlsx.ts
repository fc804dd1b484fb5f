import ExcelJS from 'exceljs';
import type { TemplateFile } from '@baocao/core';
import { badRequest } from '../../platform/errors.js';
import { neutraliseWorkbook, restoreFormulaText } from '../../platform/tabular.js';

/** Sheets of the template workbook and their columns (Vietnamese headers, machine-readable order). */
const SHEETS = {
  info: 'Thông tin',
  rows: 'Hàng',
  columns: 'Cột',
  constraints: 'Ràng buộc',
} as const;
const ROW_HEADER = ['STT', 'Mã hàng', 'Tên chỉ tiêu', 'Đơn vị tính', 'Cấp', 'Công thức hàng'];
const COLUMN_HEADER = ['Mã cột', 'Tiêu đề (các cấp cách nhau bởi |)', 'Kiểu giá trị', 'Số chữ số thập phân', 'Cách tổng hợp', 'Cột trọng số', 'Công thức cột'];
const CONSTRAINT_HEADER = ['Mã', 'Loại', 'Mức độ', 'Thông báo', 'Biểu thức / cột', 'Hàng (cách nhau bởi ,)', 'Cột (cách nhau bởi ,)', 'Nhỏ nhất', 'Lớn nhất', 'Cột nguồn'];
const INFO_KEYS: [string, string][] = [
  ['code', 'Mã biểu mẫu'],
  ['name', 'Tên biểu mẫu'],
  ['regimeKind', 'Loại chế độ (periodic, thematic, ad_hoc)'],
  ['periodicities', 'Kỳ báo cáo (month, quarter, half_year, nine_months, year)'],
  ['fieldGroup', 'Nhóm lĩnh vực'],
  ['legalBasis', 'Căn cứ pháp lý'],
  ['description', 'Mô tả'],
];
/** More rows than a template may have are refused before anything is read cell by cell. */
const MAX_SHEET_ROWS = 2100;

function sheet(wb: ExcelJS.Workbook, name: string, header: string[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = Math.max(12, (header[i]?.length ?? 10) + 2)));
  return ws;
}

/** The template as a workbook a designer can edit in Excel and import back. */
export function workbookFromTemplate(file: TemplateFile): ExcelJS.Workbook {
  if (file.definition.kind !== 'numeric') throw new Error('numeric templates only');
  const { grid, layout } = file.definition;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'baocao';
  const info = sheet(wb, SHEETS.info, ['Trường', 'Giá trị', 'Khóa']);
  for (const [key, label] of INFO_KEYS) {
    const v = (file.info as Record<string, unknown>)[key];
    info.addRow([label, Array.isArray(v) ? v.join(',') : String(v ?? ''), key]);
  }
  info.addRow(['Bố cục (JSON)', JSON.stringify(layout), 'layout']);
  info.getColumn(2).width = 60;
  const rows = sheet(wb, SHEETS.rows, ROW_HEADER);
  for (const r of grid.rows) rows.addRow([r.displayNo, r.code, r.name, r.unitOfMeasure, r.level, r.formula ?? '']);
  rows.getColumn(3).width = 50;
  const cols = sheet(wb, SHEETS.columns, COLUMN_HEADER);
  for (const c of grid.columns) cols.addRow([c.code, c.headerPath.join(' | '), c.valueType, c.scale ?? '', c.aggregation, c.weightColumn ?? '', c.formula ?? '']);
  const cons = sheet(wb, SHEETS.constraints, CONSTRAINT_HEADER);
  for (const c of grid.constraints ?? []) {
    const k = c as Record<string, unknown>;
    cons.addRow([c.id, c.kind, c.severity, c.message, String(k.expression ?? k.column ?? ''), ((k.rows as string[]) ?? []).join(','), ((k.columns as string[]) ?? []).join(','), String(k.min ?? ''), String(k.max ?? ''), String(k.source ?? '')]);
  }
  if (grid.cells?.length) {
    const cells = sheet(wb, 'Ô', ['Hàng', 'Cột', 'Chế độ', 'Giá trị / công thức']);
    for (const c of grid.cells) cells.addRow([c.row, c.column, c.mode, c.mode === 'fixed' ? c.value : c.mode === 'computed' ? c.formula : '']);
  }
  // Labels and our formula-language text ("-R01") are text here, never Excel formulas; `text` below restores them.
  return neutraliseWorkbook(wb);
}

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return restoreFormulaText(v.richText.map((t) => t.text).join(''));
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  return restoreFormulaText(String(v).trim());
}

function readRows(wb: ExcelJS.Workbook, name: string): string[][] {
  const ws = wb.getWorksheet(name);
  if (!ws) return [];
  if (ws.rowCount > MAX_SHEET_ROWS) badRequest('template.import_too_large', `Trang "${name}" có ${ws.rowCount} dòng, vượt quá ${MAX_SHEET_ROWS - 100} dòng cho phép`);
  const out: string[][] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const cells = Array.from({ length: 10 }, (_, i) => text(row.getCell(i + 1).value));
    if (cells.some((c) => c !== '')) out.push(cells);
  });
  return out;
}

function parseLayout(value: string | undefined): unknown {
  try {
    return JSON.parse(value || '{}');
  } catch {
    return badRequest('template.import_invalid', `Trang "${SHEETS.info}": dòng "Bố cục (JSON)" không phải JSON hợp lệ`);
  }
}

const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
const opt = (s: string | undefined) => (s ? s : undefined);

/** Reads a workbook laid out like `workbookFromTemplate` back into a template file (unchecked: the caller validates). */
export function gridFromWorkbook(wb: ExcelJS.Workbook): unknown {
  if (!wb.getWorksheet(SHEETS.rows) || !wb.getWorksheet(SHEETS.columns)) {
    badRequest('template.import_invalid', `Sổ tính cần các trang "${SHEETS.rows}" và "${SHEETS.columns}" như tệp xuất ra từ hệ thống`);
  }
  const info: Record<string, unknown> = {};
  let layout: unknown = {};
  for (const [, value, key] of readRows(wb, SHEETS.info)) {
    if (key === 'layout') layout = parseLayout(value);
    else if (key === 'periodicities') info[key] = list(value) ?? [];
    else if (key) info[key] = value;
  }
  const rows = readRows(wb, SHEETS.rows).map(([displayNo, code, name, unitOfMeasure, level, formula]) => ({
    displayNo: displayNo ?? '',
    code,
    name,
    unitOfMeasure: unitOfMeasure ?? '',
    level: Number(level || 0),
    ...(formula ? { formula } : {}),
  }));
  const columns = readRows(wb, SHEETS.columns).map(([code, header, valueType, scale, aggregation, weightColumn, formula]) => ({
    code,
    headerPath: (header ?? '').split('|').map((h) => h.trim()).filter(Boolean),
    valueType,
    ...(scale ? { scale: Number(scale) } : {}),
    aggregation,
    ...(weightColumn ? { weightColumn } : {}),
    ...(formula ? { formula } : {}),
  }));
  const constraints = readRows(wb, SHEETS.constraints).map(([id, kind, severity, message, expr, rowsList, colsList, min, max, source]) => {
    const base = { id, kind, severity, message, rows: list(rowsList) };
    if (kind === 'formula') return { ...base, expression: expr, columns: list(colsList) };
    if (kind === 'range') return { ...base, columns: list(colsList), min: opt(min), max: opt(max) };
    if (kind === 'ytd' || kind === 'same_period') return { ...base, column: expr, source };
    return { ...base, columns: list(colsList) };
  });
  const cells = readRows(wb, 'Ô').map(([row, column, mode, value]) => ({ row, column, mode, ...(mode === 'fixed' ? { value } : mode === 'computed' ? { formula: value } : {}) }));
  return {
    format: 'baocao-template',
    formatVersion: 1,
    info,
    definition: { kind: 'numeric', grid: { rows, columns, ...(cells.length ? { cells } : {}), ...(constraints.length ? { constraints } : {}) }, layout },
  };
}
