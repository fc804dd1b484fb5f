import type { Severity } from '../templates/grid.js';
import type { GridModel } from '../templates/grid-model.js';
import type { Check } from './constraints.js';
import type { FormulaCell } from './graph.js';
import type { Env } from './ops.js';
import { formatValue, parseCellValue, type CellValues, type Value } from './values.js';

/** The other periods a template's cross-period references read. Leave one out when it is unknown. */
export interface EvaluationContext {
  /**
   * The previous period of the same year: its inputs and computed values as saved. Pass `{}` for the
   * first period of a year (PREV reads blank); leave it out when it is unknown, and checks that need
   * it are skipped.
   */
  previous?: CellValues;
  /** The same period of the previous year, with the same convention. */
  lastYear?: CellValues;
}

export interface Violation {
  constraintId: string;
  severity: Severity;
  message: string;
  /** The cells involved, for the form to highlight. */
  cells: string[];
}

/** Not a violation of the template's rules but something the unit should see: a bad input, a division by zero. */
export interface Diagnostic {
  code: 'invalid_input' | 'div_zero';
  message: string;
  cell?: string;
  constraintId?: string;
  /** For an invalid value in a context grid. */
  period?: 'previous' | 'lastYear';
}

export interface Evaluation {
  /** Every computed and fixed cell, as canonical text (numbers at their column's scale), null when blank. */
  values: Record<string, string | null>;
  violations: Violation[];
  diagnostics: Diagnostic[];
}

/** A compiled template: evaluate as often as needed, nothing is parsed again. */
export interface Evaluator {
  evaluate(inputs: CellValues, context?: EvaluationContext): Evaluation;
  /** Cells a unit types into, and cells the template fills (computed or fixed), as `<row>!<column>` keys. */
  readonly inputCells: readonly string[];
  readonly computedCells: readonly string[];
}

export interface Plan {
  model: GridModel;
  keys: string[];
  inputSlots: number[];
  fixed: { slot: number; value: Value }[];
  order: FormulaCell[];
  checks: Check[];
  prevSlots: number[];
  lastSlots: number[];
}

/** Builds the evaluator of a compiled plan. */
export function createEvaluator(plan: Plan): Evaluator {
  const { model, keys, order, checks, fixed } = plan;
  const width = model.columns.length;
  const slotCount = keys.length;
  const inputSlots = Int32Array.from(plan.inputSlots);
  const inputKeys = plan.inputSlots.map((s) => keys[s]!);
  const kinds = plan.inputSlots.map((s) => model.kinds[s % width]!);
  const scales = plan.inputSlots.map((s) => model.scales[s % width]!);
  const outputs = [...fixed.map((f) => ({ slot: f.slot, scale: model.scales[f.slot % width]! })), ...order.map((c) => ({ slot: c.slot, scale: c.scale }))];
  const outputKeys = outputs.map((o) => keys[o.slot]!);
  // While a unit types, each evaluation differs from the last by a cell or two: an input whose text
  // is unchanged reuses its parsed (immutable) Decimal. Evaluation is synchronous, so this is safe.
  const lastText: (string | undefined)[] = new Array<string | undefined>(inputSlots.length);
  const lastValue: Value[] = new Array<Value>(inputSlots.length).fill(null);

  function readContext(grid: CellValues | undefined, slots: number[], period: 'previous' | 'lastYear', diagnostics: Diagnostic[]): Value[] | null {
    if (grid === undefined) return null;
    const values: Value[] = new Array<Value>(slotCount).fill(null);
    for (const slot of slots) {
      const parsed = parseCellValue(grid[keys[slot]!], model.kinds[slot % width]!, model.scales[slot % width]!);
      if (parsed.ok) values[slot] = parsed.value;
      else diagnostics.push({ code: 'invalid_input', cell: keys[slot]!, period, message: `Số liệu ${period === 'previous' ? 'kỳ trước' : 'cùng kỳ năm trước'}, ô ${keys[slot]}: ${parsed.message}` });
    }
    return values;
  }

  function evaluate(inputs: CellValues, context: EvaluationContext = {}): Evaluation {
    const diagnostics: Diagnostic[] = [];
    const cur: Value[] = new Array<Value>(slotCount).fill(null);
    for (let i = 0; i < inputSlots.length; i++) {
      const text = inputs[inputKeys[i]!];
      if (text === undefined || text === null || text === '') continue;
      if (text === lastText[i]) {
        cur[inputSlots[i]!] = lastValue[i]!;
        continue;
      }
      const parsed = parseCellValue(text, kinds[i]!, scales[i]!);
      if (parsed.ok) {
        cur[inputSlots[i]!] = parsed.value;
        lastText[i] = text;
        lastValue[i] = parsed.value;
      } else diagnostics.push({ code: 'invalid_input', cell: inputKeys[i]!, message: `Ô ${inputKeys[i]}: ${parsed.message}` });
    }
    for (const f of fixed) cur[f.slot] = f.value;
    const env: Env = {
      cur,
      prev: readContext(context.previous, plan.prevSlots, 'previous', diagnostics),
      last: readContext(context.lastYear, plan.lastSlots, 'lastYear', diagnostics),
      at: 0,
      divZero: [],
    };

    for (let i = 0; i < order.length; i++) {
      const cell = order[i]!;
      env.at = cell.slot;
      let v = cell.fn(env);
      if (cell.scale !== null && v !== null && typeof v === 'object' && v.decimalPlaces() > cell.scale) v = v.toDecimalPlaces(cell.scale);
      cur[cell.slot] = v;
    }

    const violations: Violation[] = [];
    for (let i = 0; i < checks.length; i++) {
      const check = checks[i]!;
      if ((check.needsPrev && env.prev === null) || (check.needsLast && env.last === null)) continue;
      env.at = -1 - i;
      if (check.fn(env) === false) violations.push({ constraintId: check.constraintId, severity: check.severity, message: check.message, cells: check.cells });
    }

    for (const at of env.divZero) {
      if (at >= 0) diagnostics.push({ code: 'div_zero', cell: keys[at]!, message: `Ô ${keys[at]}: chia cho 0, kết quả để trống` });
      else diagnostics.push({ code: 'div_zero', constraintId: checks[-1 - at]!.constraintId, message: `Ràng buộc "${checks[-1 - at]!.constraintId}": chia cho 0, không kiểm tra được` });
    }

    const values: Record<string, string | null> = {};
    for (let i = 0; i < outputs.length; i++) values[outputKeys[i]!] = formatValue(cur[outputs[i]!.slot]!, outputs[i]!.scale);
    return { values, violations, diagnostics };
  }

  return { evaluate, inputCells: inputKeys, computedCells: outputKeys };
}
