import ExcelJS from 'exceljs';
import { buildGridModel, cellKey, formatValue, parseCellValue, valueKind, type GridColumn, type GridModel, type TemplateGrid } from '@baocao/core';
import { AppError } from '../../platform/errors.js';
import { restoreFormulaText } from '../../platform/tabular.js';
import { assertWorkbookWithin } from '../../platform/workbook.js';
import {
  canonicalFromText,
  checkCanonical,
  CODES_MARKER,
  colLetter,
  decimalFromNumber,
  FORM_FILE_FORMAT,
  FORM_FILE_VERSION,
  FORMULA_REFUSED,
  identityErrors,
  MAX_FORM_FILE_BYTES,
  META_SHEET,
  viDate,
  type FileError,
  type FormMeta,
  type ReadResult,
} from './submissions.form-file.js';
import { cellSources, excelFormula, sameFormula, type CellSource } from './submissions.xlsx-formulas.js';

/**
 * Reads a form workbook made by buildFormWorkbook (submissions.xlsx.ts) after a unit filled it in.
 * Nothing in the file is trusted: the ids in "_baocao" must name this very report, cells are found
 * by their row and column codes, formulas in input cells are refused (never evaluated), numbers
 * come back as the decimals the user typed, and locked cells must still hold what we wrote.
 */

type Meta = { values: Map<string, string>; lineOf: Map<string, number>; rows: string[]; columns: string[]; written: Map<string, string> };

function readMetaSheet(ws: ExcelJS.Worksheet): Meta {
  const meta: Meta = { values: new Map(), lineOf: new Map(), rows: [], columns: [], written: new Map() };
  ws.eachRow((row, n) => {
    const [key, a] = [1, 2].map((c) => cellText(row.getCell(c).value));
    if (key === 'row') {
      meta.rows.push(a!);
      for (let c = 3; c <= row.cellCount; c += 2) meta.written.set(cellKey(a!, cellText(row.getCell(c).value)), cellText(row.getCell(c + 1).value));
    } else if (key === 'column') meta.columns.push(a!);
    else if (key) {
      meta.values.set(key, a!);
      meta.lineOf.set(key, n);
    }
  });
  return meta;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return restoreFormulaText(v.richText.map((t) => t.text).join(''));
  if (typeof v === 'number') return decimalFromNumber(v);
  return typeof v === 'object' ? '' : restoreFormulaText(String(v).trim());
}

const NOT_OURS = 'Tệp không phải mẫu nhập liệu tải từ hệ thống (thiếu hoặc hỏng trang ẩn "_baocao"); hãy tải mẫu Excel của báo cáo này, nhập số liệu rồi tải lên';

/** Reads a filled-in form workbook back into inputs; all or nothing: any problem refuses the whole file. */
export async function readFormWorkbook(buffer: Buffer, meta: FormMeta, grid: TemplateGrid): Promise<ReadResult> {
  const fail = (path: string, message: string): ReadResult => ({ ok: false, errors: [{ path, message }] });
  if (buffer.length > MAX_FORM_FILE_BYTES) {
    return fail('', `Tệp nặng ${(buffer.length / 1024 / 1024).toFixed(1)} MB, vượt giới hạn ${MAX_FORM_FILE_BYTES / 1024 / 1024} MB của mẫu nhập liệu; hãy dùng đúng tệp tải về từ hệ thống`);
  }
  const wb = new ExcelJS.Workbook();
  try {
    // A form has one row per template row plus the title, headers and the hidden sheet's lines.
    await assertWorkbookWithin(buffer, 2 * grid.rows.length + grid.columns.length + 200);
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (e) {
    return fail('', e instanceof AppError ? e.message : 'Không đọc được tệp Excel (XLSX); tệp có thể bị hỏng');
  }
  const metaSheet = wb.getWorksheet(META_SHEET);
  if (!metaSheet) return fail(META_SHEET, NOT_OURS);
  const found = readMetaSheet(metaSheet);
  if (found.values.get('format') !== FORM_FILE_FORMAT || found.values.get('formatVersion') !== FORM_FILE_VERSION) return fail(META_SHEET, NOT_OURS);
  const identity = identityErrors(Object.fromEntries(found.values), meta, (key) => `${META_SHEET}!B${found.lineOf.get(key) ?? 1}`);
  if (identity.length) return { ok: false, errors: identity };
  const sameCodes = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!sameCodes(found.rows, grid.rows.map((r) => r.code)) || !sameCodes(found.columns, grid.columns.map((c) => c.code))) return fail(META_SHEET, NOT_OURS);

  const sheetName = found.values.get('sheet') ?? '';
  const ws = wb.getWorksheet(sheetName);
  if (!ws) return fail(sheetName, `Không tìm thấy trang "${sheetName}" trong tệp; đừng đổi tên hay xóa trang của biểu mẫu`);
  const model = buildGridModel(grid);
  const located = locate(ws, grid);
  if (!located.ok) return { ok: false, errors: located.errors.map((message) => ({ path: sheetName, message })) };
  const { rowAt, colAt } = located;
  const at = (r: number, c: number) => `${colLetter(colAt[c]!)}${rowAt[r]}`;
  return readCells(ws, sheetName, grid, model, at, found.written);
}

/** Finds each row by its code in column A and each column by its code in the codes row. */
function locate(ws: ExcelJS.Worksheet, grid: TemplateGrid): { ok: true; rowAt: number[]; colAt: number[] } | { ok: false; errors: string[] } {
  const rowByCode = new Map<string, number>();
  let codeRow = 0;
  ws.getColumn(1).eachCell((cell, n) => {
    const text = cellText(cell.value);
    if (text === CODES_MARKER && !codeRow) codeRow = n;
    else if (n > codeRow && codeRow && !rowByCode.has(text)) rowByCode.set(text, n);
  });
  const colByCode = new Map<string, number>();
  if (codeRow) ws.getRow(codeRow).eachCell((cell, n) => n > 1 && colByCode.set(cellText(cell.value), n));
  const errors: string[] = [];
  const rowAt = grid.rows.map((r) => rowByCode.get(r.code) ?? (errors.push(`Không tìm thấy dòng "${r.code}" (${r.name}); đừng xóa hay sửa các dòng của biểu mẫu`), 0));
  const colAt = grid.columns.map((c) => colByCode.get(c.code) ?? (errors.push(`Không tìm thấy cột "${c.code}" (${c.headerPath.join(' / ')}); đừng xóa hay sửa dòng mã cột dưới tiêu đề`), 0));
  return errors.length ? { ok: false, errors } : { ok: true, rowAt, colAt };
}

function readCells(ws: ExcelJS.Worksheet, sheetName: string, grid: TemplateGrid, model: GridModel, at: (r: number, c: number) => string, written: Map<string, string>): ReadResult {
  const sources = cellSources(grid, model);
  const errors: FileError[] = [];
  const inputs: Record<string, string | null> = {};
  grid.rows.forEach((row, r) => {
    grid.columns.forEach((col, c) => {
      const key = cellKey(row.code, col.code);
      const address = at(r, c);
      const cell = ws.getCell(address);
      const source = sources.get(key)!;
      const error = (message: string) => errors.push({ path: `${sheetName}!${address}`, message });
      const read = readValue(cell, col);
      if (source.kind === 'input') {
        if (read.ok) inputs[key] = read.value;
        else error(read.message);
        return;
      }
      const expected = () => (source.kind === 'computed' ? excelFormula(model, r, c, source.formula, source.axis, at) : null);
      const problem = lockedCellProblem(source, cell, read, col, model.scales[c]!, expected, written.get(key));
      if (problem) error(problem);
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, inputs };
}

/** A computed, fixed or disabled cell must still hold what we wrote; its cached value is ignored. */
function lockedCellProblem(
  source: Exclude<CellSource, { kind: 'input' }>,
  cell: ExcelJS.Cell,
  read: ReturnType<typeof readValue>,
  col: GridColumn,
  scale: number | null,
  expectedFormula: () => string | null,
  written: string | undefined,
): string | null {
  const formula = isFormula(cell.value) && booleanConstant(cell) === null ? cell.formula : null;
  const same = (expected: string | null | undefined) => {
    if (!read.ok) return false;
    const norm = (v: string | null | undefined) => {
      const p = parseCellValue(v ?? null, valueKind(col.valueType), scale);
      return p.ok ? formatValue(p.value, scale) : v;
    };
    return norm(read.value) === norm(expected);
  };
  if (source.kind === 'disabled') return formula || !same(null) ? 'Ô này bị khóa (không dùng trong biểu mẫu) và phải để trống' : null;
  if (source.kind === 'fixed') return formula || !same(source.value) ? 'Ô này có giá trị cố định của biểu mẫu và không được sửa' : null;
  const expected = expectedFormula();
  if (expected !== null) return formula !== null && sameFormula(formula, expected) ? null : 'Ô này do hệ thống tự tính; công thức của nó đã bị sửa hoặc ghi đè, hãy trả lại như tệp tải về';
  return formula === null && same(written) ? null : 'Ô này do hệ thống tự tính và không được sửa; hãy trả lại như tệp tải về';
}

function isFormula(v: ExcelJS.CellValue): boolean {
  return typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v);
}

/** LibreOffice saves a typed TRUE/FALSE as the formula TRUE()/FALSE(): a constant, not a formula. */
function booleanConstant(cell: ExcelJS.Cell): 'true' | 'false' | null {
  const m = /^\s*=?\s*(TRUE|FALSE)\s*(\(\s*\))?\s*$/i.exec(cell.formula ?? '');
  return m ? (m[1]!.toLowerCase() as 'true' | 'false') : null;
}

/** Text as typed; a text value our export neutralised ("'=…", see tabular.ts) is the user's own text back, not a formula. */
function textValue(text: string, col: GridColumn): { ok: true; value: string | null } | { ok: false; message: string } {
  const restored = restoreFormulaText(text);
  if (restored !== text && valueKind(col.valueType) === 'text') return { ok: true, value: restored };
  return canonicalFromText(text, col);
}

/** A cell's content as the canonical value of its column, checked like typed text; formulas are refused, never evaluated. */
function readValue(cell: ExcelJS.Cell, col: GridColumn): { ok: true; value: string | null } | { ok: false; message: string } {
  const v = cell.value;
  const kind = valueKind(col.valueType);
  if (v === null || v === undefined) return { ok: true, value: null };
  if (isFormula(v)) {
    const constant = booleanConstant(cell);
    if (constant === null) return { ok: false, message: FORMULA_REFUSED };
    return kind === 'boolean' ? { ok: true, value: constant } : canonicalFromText(constant.toUpperCase(), col);
  }
  if (typeof v === 'number') {
    if (kind === 'number') {
      // a value typed as "86,7%" is held by Excel as 0.867 with a percent format
      const percent = /%/.test((cell.numFmt ?? '').replace(/"[^"]*"/g, ''));
      return checkCanonical(decimalFromNumber(v, percent ? 2 : 0), col);
    }
    if (kind === 'text') return { ok: true, value: decimalFromNumber(v) };
    return { ok: false, message: kind === 'date' ? `${decimalFromNumber(v)} không phải ngày; hãy nhập ngày dạng dd/mm/yyyy` : `${decimalFromNumber(v)} không phải giá trị có/không` };
  }
  if (typeof v === 'boolean') return kind === 'boolean' ? { ok: true, value: String(v) } : canonicalFromText(v ? 'TRUE' : 'FALSE', col);
  if (v instanceof Date) {
    const iso = v.toISOString().slice(0, 10);
    return kind === 'date' || kind === 'text' ? { ok: true, value: iso } : { ok: false, message: `Ngày ${viDate(iso)} không phải số` };
  }
  if (typeof v === 'string') return textValue(v, col);
  if (typeof v === 'object' && 'richText' in v) return textValue(v.richText.map((t) => t.text).join(''), col);
  if (typeof v === 'object' && 'hyperlink' in v) return canonicalFromText(String(v.text), col);
  if (typeof v === 'object' && 'error' in v) return { ok: false, message: `Ô có lỗi ${v.error}; hãy nhập giá trị` };
  return { ok: false, message: 'Không đọc được giá trị của ô' };
}
