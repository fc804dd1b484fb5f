import type { CellOverride, Constraint, TemplateGrid } from '../templates/grid.js';
import { compileTemplate } from './compile.js';
import type { EvaluationContext } from './evaluate.js';
import type { CellValues } from './values.js';

/**
 * Runs the shared test vectors (vectors.json). Pure and free of Node APIs, so the same file runs
 * under Vitest in Node today and in a browser test later: import the JSON and this runner, then
 * compare `actual` with `expected` for each case.
 */

export interface VectorFile {
  about: string;
  grids: Record<string, TemplateGrid>;
  cases: VectorCase[];
}

export interface VectorCase {
  name: string;
  /** A grid of `grids`, changed by the fields below before compiling. */
  grid: string;
  columnFormulas?: Record<string, string>;
  rowFormulas?: Record<string, string>;
  cells?: CellOverride[];
  constraints?: Constraint[];
  inputs?: CellValues;
  context?: EvaluationContext;
  expect: Outcome;
}

/**
 * What a case expects. `values`: only the listed cells are compared. `violations`: every
 * violation as `<constraintId>@<first cell>`, sorted. `diagnostics`: `<code>@<cell or constraint>`,
 * sorted. `errors`: compile errors as `<code>@<offset>`, in order; `messages`: text each of them
 * must contain (Vietnamese), in order.
 */
export interface Outcome {
  values?: Record<string, string | null>;
  violations?: string[];
  diagnostics?: string[];
  errors?: string[];
  messages?: string[];
}

/** Compiles and evaluates one case; returns what it expected and what happened, in the same shape. */
export function runVectorCase(file: VectorFile, c: VectorCase): { expected: Outcome; actual: Outcome } {
  const base = file.grids[c.grid];
  if (!base) throw new Error(`Vector "${c.name}": no grid "${c.grid}"`);
  const grid: TemplateGrid = structuredClone(base);
  for (const [code, formula] of Object.entries(c.columnFormulas ?? {})) {
    const column = grid.columns.find((x) => x.code === code);
    if (!column) throw new Error(`Vector "${c.name}": no column "${code}"`);
    column.formula = formula;
  }
  for (const [code, formula] of Object.entries(c.rowFormulas ?? {})) {
    const row = grid.rows.find((x) => x.code === code);
    if (!row) throw new Error(`Vector "${c.name}": no row "${code}"`);
    row.formula = formula;
  }
  if (c.cells) grid.cells = c.cells;
  if (c.constraints) grid.constraints = c.constraints;

  const compiled = compileTemplate(grid);
  const actual: Outcome = {};
  if (!compiled.ok) {
    actual.errors = compiled.errors.map((e) => `${e.code}@${e.where.offset}`);
    if (c.expect.messages) actual.messages = c.expect.messages.map((m, i) => (compiled.errors[i]?.message.includes(m) ? m : (compiled.errors[i]?.message ?? '')));
    return { expected: c.expect, actual };
  }
  if (c.expect.errors) actual.errors = [];
  const result = compiled.evaluator.evaluate(c.inputs ?? {}, c.context);
  if (c.expect.values) actual.values = Object.fromEntries(Object.keys(c.expect.values).map((k) => [k, k in result.values ? result.values[k]! : 'not computed']));
  actual.violations = result.violations.map((v) => `${v.constraintId}@${v.cells[0]}`).sort();
  actual.diagnostics = result.diagnostics.map((d) => `${d.code}@${d.cell ?? d.constraintId}`).sort();
  const expected: Outcome = { ...c.expect, violations: [...(c.expect.violations ?? [])].sort(), diagnostics: [...(c.expect.diagnostics ?? [])].sort() };
  return { expected, actual };
}
