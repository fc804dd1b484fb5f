import { parseCellValue, parseViNumber, valueKind, columnScale, type GridColumn } from '@baocao/core';

/** What a downloaded form file says about itself, so an upload lands on the report it was made for. */
export type FormMeta = {
  assignmentId: string;
  templateId: string;
  templateCode: string;
  templateName: string;
  templateVersion: number;
  unitCode: string;
  unitName: string;
  roundKey: string;
  roundLabel: string;
  /** YYYY-MM-DD */
  dueOn: string;
};

export type FileError = { path: string; message: string };
export type ReadResult = { ok: true; inputs: Record<string, string | null> } | { ok: false; errors: FileError[] };

/** The hidden sheet of a form workbook holding the ids an upload is checked against. */
export const META_SHEET = '_baocao';
/** Column A of the form sheet marks the row that holds the column codes. */
export const CODES_MARKER = '#';
/** Marks our files; bump the version when the layout changes incompatibly. */
export const FORM_FILE_FORMAT = 'baocao-form';
export const FORM_FILE_VERSION = '1';
/**
 * The upload route caps base64 at about 14 MB (10.5 MB of file); a form of 2,000 rows × 60
 * columns is a few MB, so anything above this is not a form and is refused before parsing.
 */
export const MAX_FORM_FILE_BYTES = 11 * 1024 * 1024;

/** The identity fields written into a file and checked on upload, with what a mismatch means. */
export const IDENTITY_KEYS = ['assignmentId', 'templateId', 'templateVersion', 'unitCode', 'roundKey'] as const;

/** Checks the identity a file carries against the report it is uploaded to; one message per mismatch. */
export function identityErrors(found: Record<string, string | undefined>, meta: FormMeta, path: (key: string) => string): FileError[] {
  const errors: FileError[] = [];
  const differs = (key: (typeof IDENTITY_KEYS)[number]) => (found[key] ?? '') !== String(meta[key]);
  if (differs('templateId')) {
    errors.push({ path: path('templateId'), message: `Tệp được tạo từ biểu mẫu khác${found.templateCode ? ` (${found.templateCode})` : ''}, không phải biểu mẫu ${meta.templateCode} của báo cáo này` });
  } else if (differs('templateVersion')) {
    errors.push({
      path: path('templateVersion'),
      message: `Tệp được tạo từ phiên bản ${found.templateVersion ?? '?'} của biểu mẫu ${meta.templateCode}, nay biểu mẫu là phiên bản ${meta.templateVersion}; hãy tải mẫu mới và nhập lại`,
    });
  }
  if (differs('unitCode')) errors.push({ path: path('unitCode'), message: `Tệp là của đơn vị ${found.unitCode || '?'}, không phải của đơn vị ${meta.unitCode} - ${meta.unitName}` });
  if (differs('roundKey')) errors.push({ path: path('roundKey'), message: `Tệp là của kỳ báo cáo ${found.roundKey || '?'}, không phải kỳ ${meta.roundLabel} (${meta.roundKey})` });
  if (differs('assignmentId') && !errors.length) {
    errors.push({ path: path('assignmentId'), message: 'Tệp được tải cho một báo cáo khác, không phải báo cáo đang nhập; hãy tải mẫu của chính báo cáo này' });
  }
  return errors;
}

/** "2026-01-31" → "31/01/2026", as Vietnamese forms write dates. */
export function viDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** Refused in any cell we read: a formula typed in a cell the file then hands on as text (CSV, text-formatted cells). */
export function looksLikeFormula(text: string): boolean {
  return /^\s*=/.test(text);
}

export const FORMULA_REFUSED = 'Ô nhập liệu không được chứa công thức; hãy nhập giá trị (hệ thống không tính công thức trong tệp tải lên)';

/**
 * Reads text typed in a cell (CSV, or a text value in a workbook) into the canonical form of its
 * column: Vietnamese or English numbers ("1.234,5", "1234.5"), dates as dd/mm/yyyy or YYYY-MM-DD,
 * booleans as true/false or có/không. Blank is null. Then checked with the engine's own parser,
 * so more decimals than the column keeps is an error, never rounded. `dotDecimals`: a plain
 * "1.234" is the canonical 1.234 (a CSV we wrote), not the Vietnamese 1234.
 */
export function canonicalFromText(text: string, column: GridColumn, dotDecimals = false): { ok: true; value: string | null } | { ok: false; message: string } {
  const kind = valueKind(column.valueType);
  if (looksLikeFormula(text)) return { ok: false, message: FORMULA_REFUSED };
  if (kind === 'text') return { ok: true, value: text.trim() === '' ? null : text };
  const s = text.trim();
  if (s === '') return { ok: true, value: null };
  let canonical = s;
  if (kind === 'number' && dotDecimals && /^-?\d+(\.\d+)?$/.test(s)) {
    canonical = s.replace(/^(-?)0+(?=\d)/, '$1').replace(/^-(?=0(\.0+)?$)/, '');
  } else if (kind === 'number') {
    const n = parseViNumber(s);
    if (!n.ok) return { ok: false, message: `"${clip(s)}" không phải số; cột "${column.headerPath.join(' / ')}" chỉ nhận số` };
    canonical = n.canonical;
  } else if (kind === 'date') {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
    if (m) canonical = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  } else {
    const b = s.toLowerCase();
    canonical = b === 'có' || b === 'true' ? 'true' : b === 'không' || b === 'false' ? 'false' : s;
  }
  return checkCanonical(canonical, column);
}

/** Checks a canonical value with the engine's parser for its column kind and scale. */
export function checkCanonical(canonical: string, column: GridColumn): { ok: true; value: string | null } | { ok: false; message: string } {
  const parsed = parseCellValue(canonical, valueKind(column.valueType), columnScale(column));
  if (!parsed.ok) return { ok: false, message: parsed.message };
  return { ok: true, value: parsed.value === null ? null : canonical };
}

/**
 * A JS number from a workbook as the decimal the user typed. Excel keeps 15 significant digits,
 * so rounding to 15 digits removes binary artefacts (0.30000000000000004 → 0.3) without touching
 * anything typed; `shift` moves the point (2 for a value Excel holds as a percentage, 86.7% = 0.867).
 */
export function decimalFromNumber(n: number, shift = 0): string {
  const [mantissa, exp = '0'] = n.toPrecision(15).split('e');
  const negative = mantissa!.startsWith('-');
  const [int, frac = ''] = mantissa!.replace('-', '').split('.');
  const digits = `${int}${frac}`;
  const point = int!.length + Number(exp) + shift;
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : point > digits.length ? digits + '0'.repeat(point - digits.length) : digits;
  const at = Math.max(point, 1);
  const whole = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(at).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

export function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Excel's column letters: 1 → A, 27 → AA. */
export function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** The form's sheet: named after the template code (sheet names cannot hold []:*?/\ nor exceed 31 characters). */
export function sheetNameOf(code: string): string {
  return code.replace(/[[\]:*?/\\]/g, '_').replace(/^'|'$/g, '_').slice(0, 31) || 'Bieu mau';
}
