import ExcelJS from 'exceljs';
import { buildGridModel, cellKey, columnScale, headerSpans, parseCellValue, valueKind, type GridColumn, type TemplateGrid } from '@baocao/core';
import { CODES_MARKER, colLetter, decimalFromNumber, FORM_FILE_FORMAT, FORM_FILE_VERSION, META_SHEET, sheetNameOf, viDate, type FormMeta } from './submissions.form-file.js';
import { neutraliseWorkbook } from '../../platform/tabular.js';
import { cellSources, excelFormula } from './submissions.xlsx-formulas.js';

export type { FormMeta } from './submissions.form-file.js';
export { readFormWorkbook } from './submissions.xlsx-read.js';

/**
 * The form of one report as a workbook a unit fills in Excel and uploads back (R32). One sheet
 * named after the template code shows the title block, the merged headers and the grid; only input
 * cells are unlocked. Computed cells hold real Excel formulas equivalent to the engine's (see
 * submissions.xlsx-formulas.ts) so the sheet recalculates as the unit types. A hidden sheet
 * "_baocao" carries the ids the upload is checked against. Positions are never trusted: row codes
 * sit in the hidden column A and column codes in the row under the headers, so the reader finds
 * every cell by its codes.
 */

const FONT = { name: 'Times New Roman', size: 12 } as const;
/** Column A: row codes (hidden); B: STT; C: indicator name; D: unit of measure; data from E. */
const FIRST_DATA_COL = 5;
const TITLE_ROWS = 5;
const GREY = 'FFD9D9D9';
const COMPUTED_FILL = 'FFEFF4FA';
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

type Layout = { headerRow: number; depth: number; codeRow: number; firstDataRow: number };

function layoutOf(grid: TemplateGrid): Layout {
  const depth = Math.max(...grid.columns.map((c) => c.headerPath.length));
  const headerRow = TITLE_ROWS + 1;
  return { headerRow, depth, codeRow: headerRow + depth, firstDataRow: headerRow + depth + 1 };
}

function numberFormat(column: GridColumn): string {
  const kind = valueKind(column.valueType);
  if (kind === 'text') return '@';
  if (kind === 'date') return 'dd/mm/yyyy';
  if (kind === 'boolean') return 'General';
  const scale = columnScale(column) ?? 0;
  return scale > 0 ? `#,##0.${'0'.repeat(scale)}` : '#,##0';
}

/** A canonical value as Excel holds it: numbers as numbers, dates as dates; unreadable text stays text for the user to see. */
function excelValue(text: string | null | undefined, column: GridColumn, scale: number | null): ExcelJS.CellValue {
  if (text === null || text === undefined || text === '') return null;
  const parsed = parseCellValue(text, valueKind(column.valueType), scale);
  if (!parsed.ok || parsed.value === null) return parsed.ok ? null : text;
  if (typeof parsed.value === 'boolean') return parsed.value;
  // Excel keeps 15 significant digits: a longer figure stays text, so nothing is lost on the way back
  if (typeof parsed.value !== 'string') return decimalFromNumber(Number(text)) === parsed.value.toFixed() ? Number(text) : text;
  if (valueKind(column.valueType) === 'date') return new Date(`${text}T00:00:00Z`);
  return text;
}

/** Builds the workbook of a report's form with its current inputs and computed values. */
export async function buildFormWorkbook(meta: FormMeta, grid: TemplateGrid, inputs: Record<string, string>, computed: Record<string, string | null>): Promise<Buffer> {
  const model = buildGridModel(grid);
  const sources = cellSources(grid, model);
  const layout = layoutOf(grid);
  const lastCol = FIRST_DATA_COL + grid.columns.length - 1;
  const at = (r: number, c: number) => `${colLetter(FIRST_DATA_COL + c)}${layout.firstDataRow + r}`;

  const wb = new ExcelJS.Workbook();
  wb.creator = 'baocao';
  wb.calcProperties.fullCalcOnLoad = true;
  const name = sheetNameOf(meta.templateCode);
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: FIRST_DATA_COL - 1, ySplit: layout.codeRow, showGridLines: false }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  ws.properties.defaultRowHeight = 18;

  const title: [string, boolean][] = [
    [meta.templateName.toUpperCase(), true],
    [`Đơn vị báo cáo: ${meta.unitName}`, false],
    [`Kỳ báo cáo: ${meta.roundLabel}`, false],
    [`Hạn nộp: ${viDate(meta.dueOn)}`, false],
  ];
  title.forEach(([text, bold], i) => {
    ws.mergeCells(i + 1, 2, i + 1, Math.max(lastCol, 4));
    const cell = ws.getCell(i + 1, 2);
    cell.value = text;
    cell.font = { ...FONT, bold, size: bold ? 14 : 12, italic: !bold };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  ws.getRow(1).height = 36;
  ws.getCell(1, 1).value = meta.templateCode;

  writeHeaders(ws, grid, layout);

  ws.getCell(layout.codeRow, 1).value = CODES_MARKER;
  grid.columns.forEach((col, c) => {
    const cell = ws.getCell(layout.codeRow, FIRST_DATA_COL + c);
    cell.value = col.code;
    cell.font = { ...FONT, size: 9, italic: true, color: { argb: 'FF808080' } };
    cell.alignment = { horizontal: 'center' };
    cell.border = BORDER;
  });
  for (let c = 2; c < FIRST_DATA_COL; c++) ws.getCell(layout.codeRow, c).border = BORDER;

  /** Computed cells written as values (no Excel formula), per row: column code → what we wrote. */
  const fallbacks = new Map<string, string[]>();
  grid.rows.forEach((row, r) => {
    const n = layout.firstDataRow + r;
    ws.getCell(n, 1).value = row.code;
    const labels: [number, string, ExcelJS.Alignment['horizontal']][] = [
      [2, row.displayNo, 'center'],
      [3, row.name, 'left'],
      [4, row.unitOfMeasure, 'center'],
    ];
    for (const [c, text, horizontal] of labels) {
      const cell = ws.getCell(n, c);
      cell.value = text;
      cell.font = { ...FONT, bold: row.level === 0 && !!row.formula };
      cell.alignment = { horizontal, vertical: 'middle', wrapText: true, indent: c === 3 ? row.level : 0 };
      cell.border = BORDER;
    }
    grid.columns.forEach((col, c) => {
      const key = cellKey(row.code, col.code);
      const source = sources.get(key)!;
      const cell = ws.getCell(n, FIRST_DATA_COL + c);
      const scale = model.scales[c]!;
      cell.numFmt = numberFormat(col);
      cell.font = FONT;
      cell.border = BORDER;
      cell.alignment = { horizontal: valueKind(col.valueType) === 'text' ? 'left' : 'right', vertical: 'middle', wrapText: valueKind(col.valueType) === 'text' };
      if (source.kind === 'input') {
        cell.value = excelValue(inputs[key], col, scale);
        cell.protection = { locked: false };
        return;
      }
      cell.protection = { locked: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: source.kind === 'disabled' ? GREY : COMPUTED_FILL } };
      if (source.kind === 'disabled') return;
      if (source.kind === 'fixed') {
        cell.value = excelValue(source.value, col, scale);
        return;
      }
      const formula = excelFormula(model, r, c, source.formula, source.axis, at);
      const value = computed[key] ?? null;
      if (formula === null) {
        cell.value = excelValue(value, col, scale);
        fallbacks.set(row.code, [...(fallbacks.get(row.code) ?? []), col.code, value ?? '']);
      } else cell.value = { formula, result: value === null ? '' : Number(value) } as ExcelJS.CellFormulaValue;
    });
  });

  ws.getColumn(1).width = 10;
  ws.getColumn(1).hidden = true;
  ws.getColumn(2).width = 7;
  ws.getColumn(3).width = 45;
  ws.getColumn(4).width = 14;
  grid.columns.forEach((col, c) => {
    const longest = Math.max(...col.headerPath.map((h, i) => (i === col.headerPath.length - 1 ? h.length : 0)), col.code.length);
    ws.getColumn(FIRST_DATA_COL + c).width = Math.min(30, Math.max(valueKind(col.valueType) === 'text' ? 24 : 14, longest + 2));
  });
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });

  writeMetaSheet(wb, meta, grid, name, fallbacks);
  // Names, labels and text inputs come from users; the computed cells' { formula } values are ours and stay.
  neutraliseWorkbook(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Multi-level headers: a label spans the columns that share it, and a short path spans down to the bottom. */
function writeHeaders(ws: ExcelJS.Worksheet, grid: TemplateGrid, { headerRow, depth }: Layout) {
  const bottom = headerRow + depth - 1;
  const style = (cell: ExcelJS.Cell, text: string) => {
    cell.value = text;
    cell.font = { ...FONT, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  };
  (
    [
      [2, 'STT'],
      [3, 'Chỉ tiêu'],
      [4, 'Đơn vị tính'],
    ] as const
  ).forEach(([c, text]) => {
    if (depth > 1) ws.mergeCells(headerRow, c, bottom, c);
    style(ws.getCell(headerRow, c), text);
  });
  const { spans } = headerSpans(grid.columns);
  for (const h of spans) {
    const row = headerRow + h.level;
    const [left, right, lastRow] = [FIRST_DATA_COL + h.column, FIRST_DATA_COL + h.column + h.colSpan - 1, row + h.rowSpan - 1];
    if (h.colSpan > 1 || h.rowSpan > 1) ws.mergeCells(row, left, lastRow, right);
    style(ws.getCell(row, left), h.text);
  }
  // Every header position gets its border, merged or not.
  for (let r = headerRow; r <= bottom; r++) for (let c = 0; c < grid.columns.length; c++) ws.getCell(r, FIRST_DATA_COL + c).border = BORDER;
}

function writeMetaSheet(wb: ExcelJS.Workbook, meta: FormMeta, grid: TemplateGrid, sheet: string, fallbacks: Map<string, string[]>) {
  const ws = wb.addWorksheet(META_SHEET, { state: 'hidden' });
  const rows: string[][] = [
    ['format', FORM_FILE_FORMAT],
    ['formatVersion', FORM_FILE_VERSION],
    ['assignmentId', meta.assignmentId],
    ['templateId', meta.templateId],
    ['templateCode', meta.templateCode],
    ['templateVersion', String(meta.templateVersion)],
    ['unitCode', meta.unitCode],
    ['roundKey', meta.roundKey],
    ['sheet', sheet],
    // each row line also carries what we wrote in its computed cells that have no Excel formula
    // (column code, value, …), so the reader notices an overwrite; one line per row keeps the
    // sheet within the row limit an upload is held to
    ...grid.rows.map((r) => ['row', r.code, ...(fallbacks.get(r.code) ?? [])]),
    ...grid.columns.map((c) => ['column', c.code]),
  ];
  for (const r of rows) {
    ws.addRow(r).eachCell((cell) => {
      cell.numFmt = '@';
    });
  }
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 40;
}
