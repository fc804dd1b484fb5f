import { Dec, type Value } from './values.js';

/**
 * The runtime of compiled formulas. Blanks: adding up treats a missing figure as nothing, so
 * `+`, `-` and SUM count a blank as 0 unless every operand is blank (then the result is blank);
 * multiplying or dividing by a missing figure has no meaningful result, so `*` and `/` with a
 * blank operand are blank. Comparisons count a blank as the zero of its type (0, empty text,
 * FALSE) unless both sides are blank; dates have no zero, so a blank date makes them blank.
 * AVERAGE, MIN and MAX skip blanks, as in Excel.
 */

/** Everything a compiled formula reads while evaluating. */
export interface Env {
  /** This period's cells, by slot (row * columnCount + column). */
  cur: Value[];
  /** The previous period of the same year, and the same period last year, if the caller gave them. */
  prev: Value[] | null;
  last: Value[] | null;
  /** What is being evaluated (a computed cell's slot, or -1 - a constraint check's index), for diagnostics. */
  at: number;
  /** `at` of every division by a real zero. */
  divZero: number[];
}

export type Fn = (e: Env) => Value;
type Num = Dec | null;

export const ZERO = new Dec(0);

/** a + b; a blank operand counts as 0 unless both are blank. */
export function add(a: Num, b: Num): Num {
  if (a === null) return b;
  if (b === null) return a;
  return a.plus(b);
}

/** a - b; a blank operand counts as 0 unless both are blank. */
export function sub(a: Num, b: Num): Num {
  if (b === null) return a;
  if (a === null) return b.neg();
  return a.minus(b);
}

/** a × b; blank if either is blank. */
export function mul(a: Num, b: Num): Num {
  return a === null || b === null ? null : a.times(b);
}

/** Division: blank with a blank operand; blank and a `div_zero` diagnostic when dividing a figure by a real 0. */
export function div(a: Num, b: Num, e: Env): Num {
  if (a === null || b === null) return null;
  if (b.isZero()) {
    e.divZero.push(e.at);
    return null;
  }
  return a.div(b);
}

/** -a; blank stays blank. */
export function neg(a: Num): Num {
  return a === null ? null : a.neg();
}

/** Compares numbers (blank counts as 0 unless both are blank): -1, 0, 1 or null. */
export function cmpNumbers(a: Num, b: Num): number | null {
  if (a === null && b === null) return null;
  return (a ?? ZERO).cmp(b ?? ZERO);
}

/** Compares ISO dates; any blank side makes the comparison blank. */
export function cmpDates(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares text or booleans for (in)equality: blank counts as '' or FALSE unless both are blank. */
export function sameScalar(a: Value, b: Value, zero: string | boolean): boolean | null {
  if (a === null && b === null) return null;
  return (a ?? zero) === (b ?? zero);
}

/** Adds the non-blank values of the given slots and expressions; blank when all are blank. */
export function sumOf(e: Env, slots: Int32Array, fns: Fn[]): Num {
  const cur = e.cur;
  let acc: Num = null;
  for (let i = 0; i < slots.length; i++) {
    const v = cur[slots[i]!] as Num;
    if (v !== null) acc = acc === null ? v : acc.plus(v);
  }
  for (let i = 0; i < fns.length; i++) {
    const v = fns[i]!(e) as Num;
    if (v !== null) acc = acc === null ? v : acc.plus(v);
  }
  return acc;
}

/** The non-blank values of slots and expressions, for AVERAGE, MIN and MAX. */
export function valuesOf(e: Env, slots: Int32Array, fns: Fn[]): Dec[] {
  const out: Dec[] = [];
  for (let i = 0; i < slots.length; i++) {
    const v = e.cur[slots[i]!] as Num;
    if (v !== null) out.push(v);
  }
  for (let i = 0; i < fns.length; i++) {
    const v = fns[i]!(e) as Num;
    if (v !== null) out.push(v);
  }
  return out;
}

/** The mean of non-blank values (exact to 40 digits); blank when there are none. */
export function average(values: Dec[]): Num {
  if (!values.length) return null;
  let acc = values[0]!;
  for (let i = 1; i < values.length; i++) acc = acc.plus(values[i]!);
  return acc.div(values.length);
}

/** The smallest (sign -1) or largest (sign 1) value; blank when there are none. */
export function extreme(values: Dec[], sign: 1 | -1): Num {
  if (!values.length) return null;
  let best = values[0]!;
  for (let i = 1; i < values.length; i++) if (values[i]!.cmp(best) === sign) best = values[i]!;
  return best;
}

/** AND/OR over booleans: blank when all are blank, otherwise a blank counts as FALSE. */
export function logic(e: Env, fns: Fn[], isAnd: boolean): boolean | null {
  let seen = false;
  let result = isAnd;
  for (const f of fns) {
    const v = f(e);
    if (v === null) {
      if (isAnd) result = false;
      continue;
    }
    seen = true;
    if (isAnd && v === false) result = false;
    if (!isAnd && v === true) result = true;
  }
  return seen ? result : null;
}
