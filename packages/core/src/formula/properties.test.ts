import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GridColumn, GridRow, TemplateGrid } from '../templates/grid.js';
import { compileTemplate } from './compile.js';
import type { Evaluator } from './evaluate.js';

/** Exact reference arithmetic: a decimal is a BigInt count of 10^-scale. */
function text(units: bigint, scale: number): string {
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  return scale ? `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}` : `${sign}${digits}`;
}

const row = (code: string, level: number, extra: Partial<GridRow> = {}): GridRow => ({ code, displayNo: '', name: code, unitOfMeasure: 'đồng', level, ...extra });
const decimal = (code: string, scale: number, formula?: string): GridColumn => ({ code, headerPath: [code], valueType: 'decimal', scale, aggregation: 'sum', ...(formula ? { formula } : {}) });

function compiled(grid: TemplateGrid): Evaluator {
  const r = compileTemplate(grid);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.evaluator;
}

/** VND amounts up to ±10^15 with up to 4 decimals, as BigInt units of 10^-4. */
const amount = fc.bigInt({ min: -(10n ** 19n), max: 10n ** 19n });

describe('exact decimal arithmetic (properties)', () => {
  const columns = [decimal('A', 4), decimal('B', 4), decimal('C', 4)];
  const formulas = { sum: 'A + B', difference: 'A - B', product: 'A * B', assocLeft: '(A + B) + C', assocRight: 'A + (B + C)', commuted: 'B + A' };
  const ev = compiled({
    rows: [row('R', 0)],
    columns: [...columns, ...Object.entries(formulas).map(([code, f]) => decimal(code, 8, f))],
  });
  const run = (a: bigint, b: bigint, c: bigint) => ev.evaluate({ 'R!A': text(a, 4), 'R!B': text(b, 4), 'R!C': text(c, 4) }).values;

  it('adds, subtracts and multiplies exactly, with no float drift', () => {
    fc.assert(
      fc.property(amount, amount, amount, (a, b, c) => {
        const v = run(a, b, c);
        expect(v['R!sum']).toBe(text((a + b) * 10n ** 4n, 8));
        expect(v['R!difference']).toBe(text((a - b) * 10n ** 4n, 8));
        expect(v['R!product']).toBe(text(a * b, 8));
      }),
    );
  });

  it('is commutative and associative', () => {
    fc.assert(
      fc.property(amount, amount, amount, (a, b, c) => {
        const v = run(a, b, c);
        expect(v['R!commuted']).toBe(v['R!sum']);
        expect(v['R!assocLeft']).toBe(v['R!assocRight']);
      }),
    );
  });

  it('gives the same SUM in any order of its arguments', () => {
    fc.assert(
      fc.property(fc.array(amount, { minLength: 1, maxLength: 12 }).chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs.map((_, i) => i), { minLength: xs.length }))), ([xs, order]) => {
        const cols = xs.map((_, i) => decimal(`V${i}`, 4));
        const names = cols.map((c) => c.code);
        const grid = { rows: [row('R', 0)], columns: [...cols, decimal('S1', 4, `SUM(${names.join(', ')})`), decimal('S2', 4, order.map((i) => names[i]).join(' + '))] };
        const v = compiled(grid).evaluate(Object.fromEntries(xs.map((x, i) => [`R!V${i}`, text(x, 4)]))).values;
        expect(v['R!S1']).toBe(text(xs.reduce((s, x) => s + x, 0n), 4));
        expect(v['R!S2']).toBe(v['R!S1']);
      }),
    );
  });

  it('adds 0.1 n times to exactly n / 10', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (n) => {
        const rows = [row('T', 0, { formula: 'SUM(CHILDREN)' }), ...Array.from({ length: n }, (_, i) => row(`C${i}`, 1))];
        const v = compiled({ rows, columns: [decimal('A', 1)] }).evaluate(Object.fromEntries(rows.slice(1).map((r) => [`${r.code}!A`, '0.1']))).values;
        expect(v['T!A']).toBe(text(BigInt(n), 1));
      }),
      { numRuns: 30 },
    );
  });
});

/** A random outline: each row's level is at most one deeper than the row above. */
const tree = fc
  .array(fc.tuple(fc.nat(3), amount), { minLength: 1, maxLength: 40 })
  .map((items) => {
    const levels: number[] = [];
    for (const [step] of items) levels.push(levels.length ? Math.min(step, levels[levels.length - 1]! + 1) : 0);
    return { levels, values: items.map(([, v]) => v) };
  });

/** Parent of each row from the levels, and exact totals of each row's subtree (parents = sum of children). */
function exactTotals(levels: number[], values: bigint[]): { parent: number[]; totals: bigint[]; hasChildren: boolean[] } {
  const parent = levels.map((level, i) => {
    for (let j = i - 1; j >= 0; j--) if (levels[j]! < level) return j;
    return -1;
  });
  const hasChildren = levels.map((_, i) => parent.includes(i));
  const totals = values.slice();
  for (let i = levels.length - 1; i >= 0; i--) {
    if (hasChildren[i]) totals[i] = parent.reduce((s, p, j) => (p === i ? s + totals[j]! : s), 0n);
  }
  return { parent, totals, hasChildren };
}

describe('sum of children (properties)', () => {
  const sumChildren = { id: 'tong', kind: 'sum_children', severity: 'error', message: 'Dòng {row} khác tổng các dòng con' } as const;

  it('computes every total row exactly with SUM(CHILDREN)', () => {
    fc.assert(
      fc.property(tree, ({ levels, values }) => {
        const { totals, hasChildren } = exactTotals(levels, values);
        const rows = levels.map((l, i) => row(`R${i}`, l, hasChildren[i] ? { formula: 'SUM(CHILDREN)' } : {}));
        const ev = compiled({ rows, columns: [decimal('V', 4)], constraints: [sumChildren] });
        const result = ev.evaluate(Object.fromEntries(values.map((v, i) => [`R${i}!V`, text(v, 4)])));
        levels.forEach((_, i) => {
          if (hasChildren[i]) expect(result.values[`R${i}!V`]).toBe(text(totals[i]!, 4));
        });
        expect(result.violations).toEqual([]);
      }),
    );
  });

  it('finds a violation exactly where a figure was perturbed', () => {
    fc.assert(
      fc.property(
        tree.chain((t) => fc.tuple(fc.constant(t), fc.nat(t.levels.length - 1), amount.filter((d) => d !== 0n))),
        ([{ levels, values }, changed, delta]) => {
          const { parent, totals, hasChildren } = exactTotals(levels, values);
          const rows = levels.map((l, i) => row(`R${i}`, l));
          const ev = compiled({ rows, columns: [decimal('V', 4)], constraints: [sumChildren] });
          const inputs = Object.fromEntries(totals.map((v, i) => [`R${i}!V`, text(v, 4)]));
          expect(ev.evaluate(inputs).violations).toEqual([]);

          inputs[`R${changed}!V`] = text(totals[changed]! + delta, 4);
          const expected = [parent[changed]!, hasChildren[changed] ? changed : -1].filter((i) => i >= 0).sort((a, b) => a - b);
          expect(ev.evaluate(inputs).violations.map((v) => v.cells[0])).toEqual(expected.map((i) => `R${i}!V`));
        },
      ),
    );
  });
});
