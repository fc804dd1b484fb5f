import { codeKey, type GridModel, type ValueKind } from '../templates/grid-model.js';
import { templateError, type ErrorPlace, type TemplateError, type TemplateErrorCode } from './errors.js';
import type { Fn } from './ops.js';
import type { RefNode, Span } from './parser.js';

/** A value's static type; `blank` is the type of BLANK(), which fits anywhere. */
export type Kind = ValueKind | 'blank';

export const KIND_NAMES: Record<Kind, string> = { number: 'số', text: 'văn bản', date: 'ngày', boolean: 'đúng/sai', blank: 'trống' };

/** A reference to a cell of this period, with the span that made it (for cycle messages). */
export interface Dep {
  slot: number;
  start: number;
  end: number;
}

/**
 * Where a formula is bound. `axis` says what a bare code names: a column of the current row
 * (column formulas, per-row constraints), a row of the current column (row formulas, per-column
 * constraints), either (cell formulas), or nothing (template-wide constraints).
 */
export interface Scope {
  model: GridModel;
  axis: 'column' | 'row' | 'both' | 'none';
  row: number;
  col: number;
  formula: string;
  place: Omit<ErrorPlace, 'formula' | 'offset' | 'length'>;
  errors: TemplateError[];
  deps: Dep[];
  /** Slots read from the previous period / last year's grid. */
  prevSlots: number[];
  lastSlots: number[];
}

export interface Bound {
  fn: Fn;
  kind: Kind;
}

/** Records an error at a span of the scope's formula; returns null so callers can `return fail(...)`. */
export function fail(scope: Scope, code: TemplateErrorCode, span: Span, message: string): null {
  scope.errors.push(templateError(code, { ...scope.place, formula: scope.formula, offset: span.start, length: span.end - span.start }, message));
  return null;
}

/** Checks a bound operand has the wanted type (BLANK() fits any); records a type_mismatch otherwise. */
export function expectKind(scope: Scope, b: Bound, want: Kind, span: Span, what: string): boolean {
  if (b.kind === want || b.kind === 'blank') return true;
  fail(scope, 'type_mismatch', span, `${what} cần giá trị ${KIND_NAMES[want]}, nhưng đây là ${KIND_NAMES[b.kind]}`);
  return false;
}

/** Resolves a reference to a (row, column) position, or records why it cannot. */
export function resolveRef(ref: RefNode, scope: Scope): { r: number; c: number } | null {
  const { model } = scope;
  if (ref.name === undefined) {
    const r = model.rowIndex.get(codeKey(ref.row.code));
    const c = model.columnIndex.get(codeKey(ref.column.code));
    if (r === undefined) fail(scope, 'unknown_row', ref.row, `Không có dòng "${ref.row.code}" trong biểu mẫu`);
    if (c === undefined) fail(scope, 'unknown_column', ref.column, `Không có cột "${ref.column.code}" trong biểu mẫu`);
    return r === undefined || c === undefined ? null : { r, c };
  }
  const code = ref.name.code;
  const r = model.rowIndex.get(codeKey(code));
  const c = model.columnIndex.get(codeKey(code));
  switch (scope.axis) {
    case 'column':
      return c === undefined ? fail(scope, 'unknown_column', ref.name, `Không có cột "${code}" trong biểu mẫu`) : { r: scope.row, c };
    case 'row':
      return r === undefined ? fail(scope, 'unknown_row', ref.name, `Không có dòng "${code}" trong biểu mẫu`) : { r, c: scope.col };
    case 'both':
      if (r !== undefined && c !== undefined) {
        return fail(scope, 'ambiguous_reference', ref.name, `"${code}" vừa là mã dòng vừa là mã cột; hãy viết đủ ô, ví dụ ${code}!${model.columns[scope.col]!.code}`);
      }
      if (c !== undefined) return { r: scope.row, c };
      if (r !== undefined) return { r, c: scope.col };
      return fail(scope, 'unknown_reference', ref.name, `Không có dòng hay cột "${code}" trong biểu mẫu`);
    case 'none':
      return fail(scope, 'cell_reference_required', ref.name, `Ở đây cần tham chiếu ô đầy đủ dạng dòng!cột, ví dụ R01!TH`);
  }
}
