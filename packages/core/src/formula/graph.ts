import { templateError, type ErrorPlace, type TemplateError } from './errors.js';
import type { Fn } from './ops.js';
import type { Dep } from './scope.js';

/** A computed cell ready to run: its slot, closure, the cells it reads, and where its formula came from. */
export interface FormulaCell {
  slot: number;
  fn: Fn;
  deps: Dep[];
  formula: string;
  place: Omit<ErrorPlace, 'formula' | 'offset' | 'length'>;
  /** Digits kept after the decimal point (null: not a number column). */
  scale: number | null;
}

const MAX_CYCLE_ERRORS = 20;

/**
 * Orders computed cells so each runs after the cells it reads (depth-first post-order, iterative
 * so that long chains cannot overflow the stack). Every cycle found is an error whose message is
 * the path, e.g. `R10!TH → R11!TH → R10!TH`, pointing at the reference that closes the first step.
 */
export function orderCells(cells: FormulaCell[], slotCount: number, keys: string[]): { order: FormulaCell[]; errors: TemplateError[] } {
  const indexOfSlot = new Int32Array(slotCount).fill(-1);
  cells.forEach((c, i) => (indexOfSlot[c.slot] = i));
  const state = new Uint8Array(cells.length); // 0 unvisited, 1 on the stack, 2 done
  const order: FormulaCell[] = [];
  const errors: TemplateError[] = [];
  const seenCycles = new Set<string>();
  const stack: { i: number; d: number }[] = [];

  for (let start = 0; start < cells.length; start++) {
    if (state[start] !== 0) continue;
    state[start] = 1;
    stack.push({ i: start, d: 0 });
    while (stack.length) {
      const frame = stack[stack.length - 1]!;
      const cell = cells[frame.i]!;
      if (frame.d < cell.deps.length) {
        const j = indexOfSlot[cell.deps[frame.d++]!.slot]!;
        if (j < 0 || state[j] === 2) continue;
        if (state[j] === 0) {
          state[j] = 1;
          stack.push({ i: j, d: 0 });
        } else if (errors.length < MAX_CYCLE_ERRORS) {
          const error = cycleError(stack, j, cells, keys);
          if (!seenCycles.has(error.key)) {
            seenCycles.add(error.key);
            errors.push(error.error);
          }
        }
        continue;
      }
      state[frame.i] = 2;
      order.push(cell);
      stack.pop();
    }
  }
  return { order, errors };
}

function cycleError(stack: { i: number; d: number }[], j: number, cells: FormulaCell[], keys: string[]): { key: string; error: TemplateError } {
  const from = stack.findIndex((f) => f.i === j);
  const path = stack.slice(from).map((f) => f.i);
  const first = cells[j]!;
  const dep = first.deps[stack[from]!.d - 1]!;
  const names = [...path, j].map((i) => keys[cells[i]!.slot]!);
  const key = [...path].sort((a, b) => a - b).join(',');
  const place = { ...first.place, formula: first.formula, offset: dep.start, length: dep.end - dep.start };
  return { key, error: templateError('cycle', place, `Công thức vòng tròn: ${names.join(' → ')}`) };
}
