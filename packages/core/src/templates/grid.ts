import { z } from 'zod';
import { Id } from '../contracts/common.js';
import { findGridProblems } from './grid-checks.js';

/**
 * The grid of a numeric report template (biểu mẫu báo cáo số liệu): rows, columns, cell overrides
 * and constraints. The formula language that fills and checks it is described in
 * `../formula/README.md`.
 */

/** Words of the formula language that cannot be row or column codes. */
export const RESERVED_CODES = ['TRUE', 'FALSE', 'CHILDREN'] as const;

/** A row, column or constraint code: `01`, `1.1`, `R10`, `TH`. Matched case-insensitively in formulas. */
export const GridCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'Mã chỉ gồm chữ không dấu, số và . _ - (tối đa 32 ký tự), bắt đầu bằng chữ hoặc số')
  .refine((c) => !(RESERVED_CODES as readonly string[]).includes(c.toUpperCase()), 'Mã trùng với từ khóa của công thức (TRUE, FALSE, CHILDREN)');

/** Formula text as typed by the designer; a leading `=` (as in Excel) is allowed. */
export const FormulaText = z.string().trim().min(1).max(2000);

/** A decimal number written as text: `-12`, `0.5`. Never a JS number, so nothing is lost to floats. */
export const DecimalText = z.string().regex(/^-?\d{1,30}(\.\d{1,20})?$/, 'Số không hợp lệ (dùng dấu chấm thập phân, ví dụ 1234.5)');

export const GridRow = z
  .object({
    code: GridCode,
    /** What the form shows in the "STT" column: I, 1, 1.1, a… */
    displayNo: z.string().trim().max(16),
    name: z.string().trim().min(1).max(500),
    unitOfMeasure: z.string().trim().max(64),
    /** Indent level: 0 at the top; a row's parent is the nearest row above with a smaller level. */
    level: z.number().int().min(0).max(9),
    indicatorId: Id.optional(),
    /** A row formula (e.g. `SUM(CHILDREN)`): bare codes are rows of the same column. */
    formula: FormulaText.optional(),
    /** Columns the row formula fills; by default every integer or decimal column without a column formula. */
    formulaColumns: z.array(GridCode).min(1).optional(),
  })
  .strict();
export type GridRow = z.infer<typeof GridRow>;

export const VALUE_TYPES = ['integer', 'decimal', 'percent', 'text', 'date', 'boolean'] as const;
export const ValueType = z.enum(VALUE_TYPES);
export type ValueType = z.infer<typeof ValueType>;

/** How a column rolls up when reports of several units are aggregated (tổng hợp). */
export const AGGREGATIONS = ['sum', 'average', 'weighted_average', 'min', 'max', 'formula', 'none'] as const;
export const Aggregation = z.enum(AGGREGATIONS);
export type Aggregation = z.infer<typeof Aggregation>;

export const GridColumn = z
  .object({
    code: GridCode,
    /** Merged header levels from the top, e.g. ["Năm 2025", "Kế hoạch"]. */
    headerPath: z.array(z.string().trim().min(1).max(200)).min(1).max(4),
    valueType: ValueType,
    /** Digits after the decimal point: required for decimal, 2 by default for percent. */
    scale: z.number().int().min(0).max(10).optional(),
    aggregation: Aggregation,
    /** The weight of a weighted average (bình quân gia quyền). */
    weightColumn: GridCode.optional(),
    /** A column formula (e.g. `TH / KH * 100`): bare codes are columns of the same row. */
    formula: FormulaText.optional(),
  })
  .strict();
export type GridColumn = z.infer<typeof GridColumn>;

const cellOf = { row: GridCode, column: GridCode };
/** One cell that departs from its row and column: typed in, disabled, a fixed value, or its own formula. */
export const CellOverride = z.discriminatedUnion('mode', [
  z.object({ ...cellOf, mode: z.literal('input') }).strict(),
  z.object({ ...cellOf, mode: z.literal('disabled') }).strict(),
  z.object({ ...cellOf, mode: z.literal('fixed'), value: z.string().max(2000) }).strict(),
  z.object({ ...cellOf, mode: z.literal('computed'), formula: FormulaText }).strict(),
]);
export type CellOverride = z.infer<typeof CellOverride>;

export const Severity = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof Severity>;

/** `{row}`, `{rowName}`, `{column}` and `{columnName}` in a message are replaced for each checked place. */
const constraintBase = {
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Mã ràng buộc chỉ gồm chữ không dấu, số và . _ -'),
  severity: Severity,
  message: z.string().trim().min(1).max(500),
};
const someRows = z.array(GridCode).min(1).optional();
const someColumns = z.array(GridCode).min(1).optional();

export const Constraint = z.discriminatedUnion('kind', [
  /** Each listed (default: every parent) row equals the sum of its children, in the listed (default: integer and decimal) columns. */
  z.object({ ...constraintBase, kind: z.literal('sum_children'), rows: someRows, columns: someColumns }).strict(),
  /**
   * A boolean expression. `per: 'row'` (default) checks it on each listed row with bare codes as
   * columns; `per: 'column'` on each listed column with bare codes as rows; `per: 'template'` once,
   * with full cell references only.
   */
  z
    .object({
      ...constraintBase,
      kind: z.literal('formula'),
      expression: FormulaText,
      per: z.enum(['row', 'column', 'template']).optional(),
      rows: someRows,
      columns: someColumns,
    })
    .strict(),
  /** Listed cells (default: every enabled cell) must not be blank. */
  z.object({ ...constraintBase, kind: z.literal('required'), rows: someRows, columns: someColumns }).strict(),
  /** Listed numeric cells, when not blank, lie within [min, max]. */
  z
    .object({ ...constraintBase, kind: z.literal('range'), rows: someRows, columns: someColumns, min: DecimalText.optional(), max: DecimalText.optional() })
    .strict(),
  /** Year-to-date (lũy kế): `column` = `source` + the same `column` cell of the previous period of the year. */
  z.object({ ...constraintBase, kind: z.literal('ytd'), column: GridCode, source: GridCode, rows: someRows }).strict(),
  /** Same period last year (cùng kỳ): `column` = the `source` cell of the same period of the previous year. */
  z.object({ ...constraintBase, kind: z.literal('same_period'), column: GridCode, source: GridCode, rows: someRows }).strict(),
]);
export type Constraint = z.infer<typeof Constraint>;

/** The grid's shape without the cross-field checks (codes unique, references known, levels sound). */
export const TemplateGridShape = z
  .object({
    rows: z.array(GridRow).min(1).max(2000),
    columns: z.array(GridColumn).min(1).max(60),
    cells: z.array(CellOverride).max(20_000).optional(),
    constraints: z.array(Constraint).max(2000).optional(),
  })
  .strict();

/** A template grid, with every cross-field problem reported as a zod issue in Vietnamese. */
export const TemplateGrid = TemplateGridShape.superRefine((grid, ctx) => {
  for (const p of findGridProblems(grid)) ctx.addIssue({ code: 'custom', message: p.message, path: p.path });
});
export type TemplateGrid = z.infer<typeof TemplateGridShape>;

/** The key of a cell in inputs and results: `<row code>!<column code>`, as written in templates. */
export function cellKey(row: string, column: string): string {
  return `${row}!${column}`;
}
