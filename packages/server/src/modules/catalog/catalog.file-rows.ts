import { CatalogCode, INDICATOR_FILE_COLUMNS, PERIODICITIES, PERIODICITY_LABELS, type IndicatorFileKey, type Periodicity } from '@baocao/core';
import { foldVi } from '@baocao/core';
import { z } from 'zod';
import { badRequest } from '../../platform/errors.js';
import { translateIssue, type ZodIssueLike } from '../../platform/problem.js';

/**
 * The indicator set file (see README.md): a header row naming the columns, in Vietnamese or by
 * key, in any order, then one indicator per row. A column left out of the file leaves that field
 * unchanged on indicators already in the set.
 */

export type RowError = { path: string; message: string };

/** One data row. `undefined`: the column is not in the file; '' (or null for the parent): empty. */
export type FileRow = {
  line: number;
  code: string;
  name: string;
  parentCode?: string | null;
  unitOfMeasure?: string;
  fieldGroup?: string;
  periodicity: Periodicity[];
  concept?: string;
  calculationMethod?: string;
  mainDisaggregations?: string;
  dataSource?: string;
  responsibleUnit?: string;
  responsibleUnitCode?: string;
  active?: boolean;
};

const REQUIRED: IndicatorFileKey[] = ['code', 'name', 'periodicity'];
/** Columns some official tables carry that the library derives itself. */
const IGNORED = new Set(['stt', 'tt', 'so thu tu']);

const PERIOD_WORDS: Record<string, Periodicity> = {
  ...Object.fromEntries(PERIODICITIES.map((p) => [p, p])),
  ...Object.fromEntries(Object.entries(PERIODICITY_LABELS).map(([k, v]) => [foldVi(v), k as Periodicity])),
  'hang thang': 'month',
  'hang quy': 'quarter',
  '6 thang dau nam': 'half_year',
  'nua nam': 'half_year',
  'sau thang': 'half_year',
  'chin thang': 'nine_months',
  'hang nam': 'year',
};

/** ['quarter', 'year'] → "Quý, Năm", as the file writes it (the reader also takes the keys and a few synonyms). */
export function formatPeriodicity(p: readonly Periodicity[]): string {
  return PERIODICITIES.filter((x) => p.includes(x)).map((x) => PERIODICITY_LABELS[x]).join(', ');
}

const text = (max: number) => z.string().trim().max(max);

const Row = z.object({
  code: CatalogCode,
  name: z.string().trim().min(1, 'Thiếu tên chỉ tiêu').max(500),
  parent_code: z.string().trim().max(40).optional(),
  unit_of_measure: text(200).optional(),
  field_group: text(200).optional(),
  periodicity: z.string().transform((v, c) => {
    const words = v.split(/[,;/]/).map((w) => foldVi(w).trim().replace(/\s+/g, ' ')).filter(Boolean);
    const unknown = words.filter((w) => !PERIOD_WORDS[w]);
    if (words.length === 0 || unknown.length > 0) {
      c.addIssue({ code: 'custom', message: words.length === 0 ? 'Thiếu kỳ công bố' : `Kỳ công bố không hợp lệ; dùng: ${Object.values(PERIODICITY_LABELS).join(', ')}` });
      return z.NEVER;
    }
    return PERIODICITIES.filter((p) => words.some((w) => PERIOD_WORDS[w] === p));
  }),
  concept: text(5000).optional(),
  calculation_method: text(5000).optional(),
  main_disaggregations: text(2000).optional(),
  data_source: text(1000).optional(),
  responsible_unit: text(500).optional(),
  responsible_unit_code: text(32).optional(),
  active: z
    .string()
    .transform((v, c) => {
      const w = foldVi(v).trim();
      if (['', 'co', 'x', 'true', '1'].includes(w)) return true;
      if (['khong', 'false', '0'].includes(w)) return false;
      c.addIssue({ code: 'custom', message: 'Ghi "Có" hoặc "Không"' });
      return z.NEVER;
    })
    .optional(),
});

const HEADER_OF = Object.fromEntries(INDICATOR_FILE_COLUMNS.map((c) => [c.key, c.header])) as Record<IndicatorFileKey, string>;

/** The column's name in error messages: its Vietnamese header. */
export function columnName(key: IndicatorFileKey): string {
  return HEADER_OF[key];
}

/** Reads the header and every data row; any mistake refuses the file with all of them listed. */
export function parseIndicatorRows(cells: string[][]): FileRow[] {
  const [header = [], ...body] = cells.map((r) => r.map((c) => c.normalize('NFC')));
  const errors: RowError[] = [];
  const index = new Map<IndicatorFileKey, number>();
  header.forEach((h, i) => {
    const folded = foldVi(h).trim().replace(/\s+/g, ' ');
    if (!folded || IGNORED.has(folded)) return;
    const col = INDICATOR_FILE_COLUMNS.find((c) => c.key === folded || foldVi(c.header) === folded);
    if (!col) errors.push({ path: 'Dòng 1', message: `Cột "${h.trim()}" không thuộc mẫu tệp` });
    else if (index.has(col.key)) errors.push({ path: 'Dòng 1', message: `Cột "${col.header}" xuất hiện hai lần` });
    else index.set(col.key, i);
  });
  const absent = REQUIRED.filter((k) => !index.has(k));
  if (absent.length > 0) errors.push({ path: 'Dòng 1', message: `Thiếu cột bắt buộc: ${absent.map(columnName).join(', ')}` });
  if (errors.length > 0) badRequest('catalog.import_invalid', 'Dòng tiêu đề của tệp không đúng mẫu', errors);
  if (body.length === 0) badRequest('catalog.import_invalid', 'Tệp không có dòng dữ liệu nào');

  const rows: FileRow[] = [];
  const seen = new Map<string, number>();
  body.forEach((cellsOfRow, i) => {
    const line = i + 2;
    const record = Object.fromEntries([...index].map(([key, at]) => [key, cellsOfRow[at] ?? '']));
    const parsed = Row.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as IndicatorFileKey;
        errors.push({ path: `Dòng ${line}, cột ${columnName(key)}`, message: translateIssue(issue as ZodIssueLike, issue.message) });
      }
      return;
    }
    const r = parsed.data;
    const key = r.code.toLowerCase();
    const at = `Dòng ${line}, cột ${columnName('code')}`;
    if (seen.has(key)) errors.push({ path: at, message: `Mã ${r.code} lặp lại (đã có ở dòng ${seen.get(key)})` });
    else seen.set(key, line);
    if (r.parent_code && r.parent_code.toLowerCase() === key) errors.push({ path: `Dòng ${line}, cột ${columnName('parent_code')}`, message: 'Chỉ tiêu không thể là cha của chính nó' });
    rows.push({
      line,
      code: r.code,
      name: r.name,
      parentCode: r.parent_code === undefined ? undefined : r.parent_code || null,
      unitOfMeasure: r.unit_of_measure,
      fieldGroup: r.field_group,
      periodicity: r.periodicity,
      concept: r.concept,
      calculationMethod: r.calculation_method,
      mainDisaggregations: r.main_disaggregations,
      dataSource: r.data_source,
      responsibleUnit: r.responsible_unit,
      responsibleUnitCode: r.responsible_unit_code,
      active: r.active,
    });
  });
  refuseIfAny(errors);
  return rows;
}

/** Refuses the file with its errors, listing at most 200 of them. */
export function refuseIfAny(errors: RowError[]): void {
  if (errors.length === 0) return;
  const shown = errors.slice(0, 200);
  if (errors.length > shown.length) shown.push({ path: '…', message: `Còn ${errors.length - shown.length} lỗi khác` });
  badRequest('catalog.import_invalid', 'Tệp có lỗi; không chỉ tiêu nào được thay đổi', shown);
}
