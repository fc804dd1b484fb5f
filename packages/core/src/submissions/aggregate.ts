import type { Evaluator } from '../formula/evaluate.js';
import { Dec, formatValue } from '../formula/values.js';
import { buildGridModel, type GridModel } from '../templates/grid-model.js';
import type { TemplateGrid } from '../templates/grid.js';

/** One unit's report as it enters an aggregate: its inputs and the values computed from them. */
export type AggregateSource = { unitId: string; inputs: Record<string, string>; computed: Record<string, string | null> };

export type Aggregated = {
  /** The aggregated input cells. */
  inputs: Record<string, string>;
  /** Every computed cell, recomputed by the template's own formulas from the aggregated inputs. */
  computed: Record<string, string | null>;
  /** Per cell (input and computed), each unit's figure: the drill-down. */
  contributions: Record<string, { unitId: string; value: string | null }[]>;
};

/**
 * Consolidates units' reports with the template's per-column rules (R18, R26): input cells are summed,
 * averaged, weighted by another column, or take the min or max; `none` (and `formula` on an input
 * column) is left blank. Everything the template computes (totals, percent and ratio columns) is then
 * recomputed from the aggregated inputs by the engine, never added up. Exact decimals; results at the
 * column's scale.
 */
export function aggregateForms(
  grid: TemplateGrid,
  evaluator: Evaluator,
  sources: readonly AggregateSource[],
  model: GridModel = buildGridModel(grid),
  options: { contributions?: boolean } = {},
): Aggregated {
  const inputs: Record<string, string> = {};
  const valueOf = (s: AggregateSource, cell: string) => (cell in s.inputs ? s.inputs[cell] : s.computed[cell]) ?? null;
  for (const cell of evaluator.inputCells) {
    const [row, col] = cell.split('!') as [string, string];
    const c = model.columnIndex.get(col.toUpperCase())!;
    const column = grid.columns[c]!;
    if (model.kinds[c] !== 'number') continue;
    const scale = model.scales[c];
    if (scale !== null && scale !== undefined && column.aggregation !== 'weighted_average' && column.aggregation !== 'formula' && column.aggregation !== 'none') {
      // Exact and fast: validated inputs have at most `scale` decimals, so scaled integers are exact.
      const fast = scaledAggregate(sources, cell, scale, column.aggregation);
      if (fast !== undefined) {
        if (fast !== null) inputs[cell] = fast;
        continue;
      }
    }
    const figures = sources.map((s) => valueOf(s, cell)).filter((v): v is string => v !== null && v !== '').map((v) => new Dec(v));
    if (figures.length === 0) continue;
    let result: InstanceType<typeof Dec> | null = null;
    switch (column.aggregation) {
      case 'sum':
        result = figures.reduce((a, b) => a.plus(b), new Dec(0));
        break;
      case 'average':
        result = figures.reduce((a, b) => a.plus(b), new Dec(0)).div(figures.length);
        break;
      case 'min':
        result = Dec.min(...figures);
        break;
      case 'max':
        result = Dec.max(...figures);
        break;
      case 'weighted_average': {
        const weightCell = `${row}!${column.weightColumn}`;
        let num = new Dec(0);
        let den = new Dec(0);
        for (const s of sources) {
          const v = valueOf(s, cell);
          const w = valueOf(s, weightCell);
          if (v === null || v === '' || w === null || w === '') continue;
          num = num.plus(new Dec(v).times(w));
          den = den.plus(w);
        }
        result = den.isZero() ? null : num.div(den);
        break;
      }
      case 'formula':
      case 'none':
        result = null;
    }
    if (result !== null) inputs[cell] = formatValue(result.toDecimalPlaces(model.scales[c] ?? 20, Dec.ROUND_HALF_UP), model.scales[c] ?? null)!;
  }
  const computed = evaluator.evaluate(inputs).values;
  const contributions: Aggregated['contributions'] = {};
  if (options.contributions === false) return { inputs, computed, contributions };
  for (const cell of [...evaluator.inputCells, ...evaluator.computedCells]) {
    contributions[cell] = sources.map((s) => ({ unitId: s.unitId, value: valueOf(s, cell) }));
  }
  return { inputs, computed, contributions };
}

const SCALED = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Sum, average, min or max of a column with a fixed scale in scaled BigInts; undefined when a figure
 * has more decimals than the scale (then the Decimal path decides), null when every figure is blank.
 */
function scaledAggregate(sources: readonly AggregateSource[], cell: string, scale: number, rule: 'sum' | 'average' | 'min' | 'max'): string | null | undefined {
  const unit = 10n ** BigInt(scale);
  let total = 0n;
  let count = 0;
  let best: bigint | null = null;
  for (const s of sources) {
    const text = s.inputs[cell];
    if (text === undefined || text === '') continue;
    const m = SCALED.exec(text);
    if (!m || (m[3]?.length ?? 0) > scale) return undefined;
    const v = (BigInt(m[2]!) * unit + BigInt((m[3] ?? '').padEnd(scale, '0') || '0')) * (m[1] ? -1n : 1n);
    total += v;
    count++;
    if (best === null || (rule === 'min' ? v < best : v > best)) best = v;
  }
  if (count === 0) return null;
  let result = rule === 'sum' ? total : rule === 'average' ? divideHalfUp(total, BigInt(count)) : best!;
  const negative = result < 0n;
  if (negative) result = -result;
  const int = (result / unit).toString();
  const frac = scale > 0 ? `.${(result % unit).toString().padStart(scale, '0')}` : '';
  return `${negative && result !== 0n ? '-' : ''}${int}${frac}`;
}

/** a / b rounded half away from zero (b > 0). */
function divideHalfUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (2n * (r < 0n ? -r : r) >= b) return q + (a < 0n ? -1n : 1n);
  return q;
}

export type OutlierOptions = { k: number; jumpPercent: number; minHistory: number };
export const DEFAULT_OUTLIER_OPTIONS: OutlierOptions = { k: 3, jumpPercent: 50, minHistory: 3 };

/**
 * Figures unusual for this unit (R39): beyond k standard deviations of its own earlier reports (with at
 * least `minHistory` of them), or more than `jumpPercent` away from the previous report.
 */
export function findOutliers(
  inputs: Record<string, string>,
  history: readonly Record<string, string>[],
  options: OutlierOptions = DEFAULT_OUTLIER_OPTIONS,
): { cell: string; message: string }[] {
  const out: { cell: string; message: string }[] = [];
  const previous = history.at(-1);
  for (const [cell, text] of Object.entries(inputs)) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) continue;
    const x = new Dec(text);
    const past = history.map((h) => h[cell]).filter((v): v is string => v !== undefined && /^-?\d+(\.\d+)?$/.test(v)).map((v) => new Dec(v));
    if (past.length >= options.minHistory) {
      const mean = past.reduce((a, b) => a.plus(b), new Dec(0)).div(past.length);
      const sd = past.reduce((a, b) => a.plus(b.minus(mean).pow(2)), new Dec(0)).div(past.length).sqrt();
      if (!sd.isZero() && x.minus(mean).abs().gt(sd.times(options.k))) {
        out.push({ cell, message: `Ô ${cell}: ${text} lệch quá ${options.k} độ lệch chuẩn so với ${past.length} kỳ trước (trung bình ${mean.toDecimalPlaces(2).toFixed()})` });
        continue;
      }
    }
    const prev = previous?.[cell];
    if (prev !== undefined && /^-?\d+(\.\d+)?$/.test(prev) && !new Dec(prev).isZero()) {
      const change = x.minus(prev).div(new Dec(prev).abs()).times(100);
      if (change.abs().gt(options.jumpPercent)) {
        out.push({ cell, message: `Ô ${cell}: ${text} thay đổi ${change.toDecimalPlaces(1).toFixed()}% so với kỳ trước (${prev})` });
      }
    }
  }
  return out;
}
