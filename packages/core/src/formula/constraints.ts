import type { Constraint, Severity } from '../templates/grid.js';
import { codeKey, isSummableColumn, type GridModel } from '../templates/grid-model.js';
import { bindNode } from './bind.js';
import { gridPlace, templateError, type ErrorPlace, type TemplateError } from './errors.js';
import { add, cmpNumbers, sumOf, type Fn } from './ops.js';
import type { Node } from './parser.js';
import { KIND_NAMES, type Scope } from './scope.js';
import { Dec } from './values.js';

/** One compiled check: a closure giving true (holds), false (violated) or null (blank: not checked). */
export interface Check {
  constraintId: string;
  severity: Severity;
  message: string;
  cells: string[];
  fn: Fn;
  needsPrev: boolean;
  needsLast: boolean;
}

/** What the compiler lends the constraint builder. */
export interface CheckContext {
  model: GridModel;
  keys: string[];
  disabled: Uint8Array;
  parse: (text: string, place: Omit<ErrorPlace, 'formula' | 'offset' | 'length'>) => Node | null;
  errors: TemplateError[];
  prevSlots: Set<number>;
  lastSlots: Set<number>;
}

const NO_FNS: Fn[] = [];
type Num = Dec | null;

/** Expands every constraint into checks on concrete cells, binding formula constraints once per row or column. */
export function buildChecks(ctx: CheckContext, constraints: Constraint[]): Check[] {
  const { model, keys } = ctx;
  const width = model.columns.length;
  const allRows = model.rows.map((_, i) => i);
  const allColumns = model.columns.map((_, i) => i);
  const numberColumns = allColumns.filter((c) => model.kinds[c] === 'number');
  const rowsOf = (codes: string[] | undefined, fallback: number[]) => (codes ? codes.map((c) => model.rowIndex.get(codeKey(c))!) : fallback);
  const columnsOf = (codes: string[] | undefined, fallback: number[]) => (codes ? codes.map((c) => model.columnIndex.get(codeKey(c))!) : fallback);
  const checks: Check[] = [];

  for (const k of constraints) {
    const base = { constraintId: k.id, severity: k.severity, needsPrev: false, needsLast: false };
    const message = (r: number, c: number) => fillMessage(k.message, model, r, c, k.kind === 'range' ? k : {});
    const numeric = (cols: number[]) =>
      cols.filter((c) => {
        if (model.kinds[c] === 'number') return true;
        const col = model.columns[c]!;
        ctx.errors.push(templateError('type_mismatch', gridPlace({ constraintId: k.id, column: col.code }), `Ràng buộc "${k.id}" chỉ áp dụng cho cột số, cột "${col.code}" là ${KIND_NAMES[model.kinds[c]!]}`));
        return false;
      });
    switch (k.kind) {
      case 'sum_children': {
        const rows = rowsOf(k.rows, allRows.filter((r) => model.children[r]!.length > 0));
        const cols = numeric(columnsOf(k.columns, allColumns.filter((c) => isSummableColumn(model.columns[c]!))));
        for (const r of rows) {
          for (const c of cols) {
            const total = r * width + c;
            const kids = Int32Array.from(model.children[r]!, (x) => x * width + c);
            const fn: Fn = (e) => equal(cmpNumbers(e.cur[total] as Num, sumOf(e, kids, NO_FNS)));
            checks.push({ ...base, message: message(r, c), cells: [keys[total]!, ...Array.from(kids, (s) => keys[s]!)], fn });
          }
        }
        break;
      }
      case 'formula': {
        const ast = ctx.parse(k.expression, { constraintId: k.id });
        if (!ast) break;
        const per = k.per ?? 'row';
        const places: [number, number][] =
          per === 'row' ? rowsOf(k.rows, allRows).map((r) => [r, -1]) : per === 'column' ? columnsOf(k.columns, numberColumns).map((c) => [-1, c]) : [[-1, -1]];
        for (const [r, c] of places) {
          const scope: Scope = {
            model,
            axis: per === 'row' ? 'column' : per === 'column' ? 'row' : 'none',
            row: r,
            col: c,
            formula: k.expression,
            place: { constraintId: k.id },
            errors: ctx.errors,
            deps: [],
            prevSlots: [],
            lastSlots: [],
          };
          const bound = bindNode(ast, scope);
          if (!bound) continue;
          if (bound.kind !== 'boolean') {
            ctx.errors.push(
              templateError('type_mismatch', { constraintId: k.id, formula: k.expression, offset: 0, length: k.expression.length }, `Ràng buộc phải là biểu thức đúng/sai, ví dụ C <= A; ở đây là giá trị ${KIND_NAMES[bound.kind]}`),
            );
            break;
          }
          scope.prevSlots.forEach((s) => ctx.prevSlots.add(s));
          scope.lastSlots.forEach((s) => ctx.lastSlots.add(s));
          const cells = [...new Set(scope.deps.map((d) => keys[d.slot]!))];
          checks.push({ ...base, needsPrev: scope.prevSlots.length > 0, needsLast: scope.lastSlots.length > 0, message: message(r, c), cells, fn: bound.fn });
        }
        break;
      }
      case 'required':
        for (const r of rowsOf(k.rows, allRows)) {
          for (const c of columnsOf(k.columns, allColumns)) {
            const slot = r * width + c;
            if (!ctx.disabled[slot]) checks.push({ ...base, message: message(r, c), cells: [keys[slot]!], fn: (e) => e.cur[slot] !== null });
          }
        }
        break;
      case 'range': {
        const min = k.min === undefined ? null : new Dec(k.min);
        const max = k.max === undefined ? null : new Dec(k.max);
        const cols = numeric(columnsOf(k.columns, numberColumns));
        for (const r of rowsOf(k.rows, allRows)) {
          for (const c of cols) {
            const slot = r * width + c;
            if (ctx.disabled[slot]) continue;
            const fn: Fn = (e) => {
              const v = e.cur[slot] as Num;
              return v === null ? null : (min === null || v.gte(min)) && (max === null || v.lte(max));
            };
            checks.push({ ...base, message: message(r, c), cells: [keys[slot]!], fn });
          }
        }
        break;
      }
      case 'ytd':
      case 'same_period': {
        const a = model.columnIndex.get(codeKey(k.column))!;
        const b = model.columnIndex.get(codeKey(k.source))!;
        for (const r of rowsOf(k.rows, allRows)) {
          const target = r * width + a;
          const source = r * width + b;
          const cells = [keys[target]!, keys[source]!];
          if (k.kind === 'ytd') {
            ctx.prevSlots.add(target);
            const fn: Fn = (e) => equal(cmpNumbers(e.cur[target] as Num, add(e.cur[source] as Num, e.prev![target] as Num)));
            checks.push({ ...base, needsPrev: true, message: message(r, a), cells, fn });
          } else {
            ctx.lastSlots.add(source);
            const fn: Fn = (e) => equal(cmpNumbers(e.cur[target] as Num, e.last![source] as Num));
            checks.push({ ...base, needsLast: true, message: message(r, a), cells, fn });
          }
        }
        break;
      }
    }
  }
  return checks;
}

function equal(c: number | null): boolean | null {
  return c === null ? null : c === 0;
}

/** Replaces {row}, {rowName}, {column}, {columnName}, {min} and {max} in a constraint's message. */
function fillMessage(message: string, model: GridModel, r: number, c: number, bounds: { min?: string; max?: string }): string {
  const row = r >= 0 ? model.rows[r] : undefined;
  const col = c >= 0 ? model.columns[c] : undefined;
  return message.replace(/\{(row|rowName|column|columnName|min|max)\}/g, (whole, name: string) => {
    switch (name) {
      case 'row':
        return row?.code ?? whole;
      case 'rowName':
        return row?.name ?? whole;
      case 'column':
        return col?.code ?? whole;
      case 'columnName':
        return col?.headerPath.join(' / ') ?? whole;
      case 'min':
        return bounds.min ?? whole;
      default:
        return bounds.max ?? whole;
    }
  });
}
