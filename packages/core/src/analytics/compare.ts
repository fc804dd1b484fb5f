import { Decimal as Dec } from 'decimal.js';

/**
 * Ratios for comparing accepted figures (R26), exact to the digit shown: `value` as a percentage of
 * `base` (done against plan) and the change from `base` in percent (against the same period last year).
 * Null when either figure is missing or the base is zero (no meaningful ratio).
 */
export function percentOf(value: string | null | undefined, base: string | null | undefined, places = 1): string | null {
  if (!value || !base || new Dec(base).isZero()) return null;
  return new Dec(value).times(100).dividedBy(base).toDecimalPlaces(places, Dec.ROUND_HALF_UP).toFixed(places);
}

export function changePercent(value: string | null | undefined, base: string | null | undefined, places = 1): string | null {
  if (!value || !base || new Dec(base).isZero()) return null;
  return new Dec(value).minus(base).times(100).dividedBy(new Dec(base).abs()).toDecimalPlaces(places, Dec.ROUND_HALF_UP).toFixed(places);
}

/** The exact sum of decimal texts, skipping blanks; null when there is nothing to add. */
export function sumDecimals(values: readonly (string | null | undefined)[]): string | null {
  let sum: Dec | null = null;
  for (const v of values) if (v) sum = (sum ?? new Dec(0)).plus(v);
  return sum === null ? null : sum.toFixed();
}
