import type { Evaluator, EvaluationContext } from '../formula/evaluate.js';
import { cellTextProblem } from '../formula/values.js';
import { buildGridModel, type GridModel } from '../templates/grid-model.js';
import type { TemplateGrid } from '../templates/grid.js';

export type CellProblem = { cell: string; message: string };

export type CheckedViolation = {
  key: string;
  constraintId: string;
  severity: 'error' | 'warning';
  message: string;
  cells: string[];
  explanation: string | null;
};

export type FormCheck = {
  computed: Record<string, string | null>;
  violations: CheckedViolation[];
  /** Saved inputs the engine could not read. */
  invalid: CellProblem[];
  /** Errors block submission. */
  errorCount: number;
  /** Keys of warnings without an explanation: these block submission too. */
  unexplained: string[];
};

/** The key an explanation answers: one violation in one place. */
export const violationKey = (v: { constraintId: string; cells: readonly string[] }) => `${v.constraintId}@${v.cells[0] ?? ''}`;

/**
 * The authoritative check of a form (the browser runs the same): computes every formula, lists the
 * violations with the unit's explanations, and says what still blocks submission (R17).
 */
export function checkForm(evaluator: Evaluator, inputs: Record<string, string>, explanations: Record<string, string>, context?: EvaluationContext): FormCheck {
  const { values, violations, diagnostics } = evaluator.evaluate(inputs, context);
  const checked = violations.map((v) => {
    const key = violationKey(v);
    const text = explanations[key]?.trim();
    return { key, constraintId: v.constraintId, severity: v.severity, message: v.message, cells: v.cells, explanation: text ? text : null };
  });
  return {
    computed: values,
    violations: checked,
    invalid: diagnostics.filter((d) => d.code === 'invalid_input' && d.cell && !d.period).map((d) => ({ cell: d.cell!, message: d.message })),
    errorCount: checked.filter((v) => v.severity === 'error').length,
    unexplained: checked.filter((v) => v.severity === 'warning' && !v.explanation).map((v) => v.key),
  };
}

/** A compiled template's cells by upper-case code, built once per evaluator (evaluators are cached per template). */
type CellIndexes = { known: Set<string>; canonicalCell: Map<string, string>; inputs: WeakMap<GridModel, Map<string, { key: string; column: number }>> };
const cellIndexes = new WeakMap<Evaluator, CellIndexes>();
function cellIndex(evaluator: Evaluator): CellIndexes {
  let index = cellIndexes.get(evaluator);
  if (!index) {
    index = {
      known: new Set([...evaluator.inputCells, ...evaluator.computedCells].map((c) => c.toUpperCase())),
      canonicalCell: new Map(evaluator.inputCells.map((c) => [c.toUpperCase(), c])),
      inputs: new WeakMap(),
    };
    cellIndexes.set(evaluator, index);
  }
  return index;
}

/** Every input cell's canonical key and column, by the key exactly as the engine writes it (what clients send). */
function inputColumns(evaluator: Evaluator, model: GridModel, index: CellIndexes): Map<string, { key: string; column: number }> {
  let inputs = index.inputs.get(model);
  if (!inputs) {
    inputs = new Map(evaluator.inputCells.map((key) => [key, { key, column: model.columnIndex.get(key.slice(key.indexOf('!') + 1).toUpperCase())! }]));
    index.inputs.set(model, inputs);
  }
  return inputs;
}

/**
 * Reads a set of cell changes the way the engine will: only input cells of this template, each value
 * parsed for its column's type and scale. Returns the canonical values (null clears) or every problem.
 */
export function readCellChanges(
  grid: TemplateGrid,
  evaluator: Evaluator,
  changes: Record<string, string | null>,
  model: GridModel = buildGridModel(grid),
): { ok: true; values: Record<string, string | null> } | { ok: false; problems: CellProblem[] } {
  const index = cellIndex(evaluator);
  const { known, canonicalCell } = index;
  const inputs = inputColumns(evaluator, model, index);
  const problems: CellProblem[] = [];
  const values: Record<string, string | null> = {};
  for (const cell in changes) {
    const raw = changes[cell]!;
    // A whole form's keys are written as the engine writes them: one look-up each. Others by upper case.
    let input = inputs.get(cell);
    if (!input) {
      const upper = cell.toUpperCase();
      if (!known.has(upper)) {
        problems.push({ cell, message: `Ô ${cell} không có trong biểu mẫu` });
        continue;
      }
      const key = canonicalCell.get(upper);
      if (key === undefined) {
        problems.push({ cell, message: `Ô ${cell} do biểu mẫu tính hoặc bị khóa, không nhập được` });
        continue;
      }
      input = inputs.get(key)!;
    }
    const kind = model.kinds[input.column]!;
    const trimmed = raw === null ? '' : raw.trim();
    const text = trimmed === '' ? null : kind === 'text' ? raw : trimmed;
    const problem = cellTextProblem(text, kind, model.scales[input.column]!);
    if (problem !== null) problems.push({ cell: input.key, message: problem });
    else values[input.key] = text;
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}
