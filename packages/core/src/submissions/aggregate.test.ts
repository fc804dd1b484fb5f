import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../formula/values.js';
import { compileTemplate } from '../formula/compile.js';
import type { TemplateGrid } from '../templates/grid.js';
import { aggregateForms, findOutliers } from './aggregate.js';
import { checkForm, readCellChanges } from './form-check.js';

const grid: TemplateGrid = {
  rows: [
    { code: 'R00', displayNo: 'I', name: 'Tổng', unitOfMeasure: 'triệu đồng', level: 0, formula: 'SUM(CHILDREN)' },
    { code: 'R01', displayNo: '1', name: 'Thu thuế', unitOfMeasure: 'triệu đồng', level: 1 },
    { code: 'R02', displayNo: '2', name: 'Thu phí', unitOfMeasure: 'triệu đồng', level: 1 },
  ],
  columns: [
    { code: 'KH', headerPath: ['Kế hoạch'], valueType: 'decimal', scale: 2, aggregation: 'sum' },
    { code: 'TH', headerPath: ['Thực hiện'], valueType: 'decimal', scale: 2, aggregation: 'sum' },
    { code: 'TL', headerPath: ['% so KH'], valueType: 'percent', scale: 1, aggregation: 'formula', formula: 'TH / KH * 100' },
    { code: 'SL', headerPath: ['Số đơn vị'], valueType: 'integer', aggregation: 'average' },
    { code: 'GIA', headerPath: ['Giá bình quân'], valueType: 'decimal', scale: 2, aggregation: 'weighted_average', weightColumn: 'SL' },
    { code: 'GC', headerPath: ['Ghi chú'], valueType: 'text', aggregation: 'none' },
  ],
  constraints: [{ id: 'vuot', kind: 'formula', severity: 'warning', message: 'Thực hiện vượt 2 lần kế hoạch', expression: 'TH <= KH * 2' }],
};
const compiled = compileTemplate(grid);
if (!compiled.ok) throw new Error('grid does not compile');
const evaluator = compiled.evaluator;

function unit(unitId: string, rows: Record<'R01' | 'R02', [string, string, string, string]>) {
  const inputs: Record<string, string> = {};
  for (const [row, [kh, th, sl, gia]] of Object.entries(rows)) Object.assign(inputs, { [`${row}!KH`]: kh, [`${row}!TH`]: th, [`${row}!SL`]: sl, [`${row}!GIA`]: gia, [`${row}!GC`]: 'ghi chú' });
  return { unitId, inputs, computed: evaluator.evaluate(inputs).values };
}

describe('aggregation (R18, R26)', () => {
  const a = unit('a', { R01: ['100.10', '90.05', '2', '10.00'], R02: ['50', '60', '1', '20'] });
  const b = unit('b', { R01: ['200.20', '230.30', '4', '13.00'], R02: ['0.1', '0.2', '3', '30'] });
  const c = unit('c', { R01: ['300', '150', '3', '11.11'], R02: ['49.9', '9.8', '5', '40'] });

  it('sums, averages and weights input columns, and recomputes totals and percentages from them', () => {
    const result = aggregateForms(grid, evaluator, [a, b, c]);
    // Independently: R01 KH 100.10 + 200.20 + 300 = 600.30; TH 90.05 + 230.30 + 150 = 470.35.
    expect(result.inputs['R01!KH']).toBe('600.30');
    expect(result.inputs['R01!TH']).toBe('470.35');
    expect(result.inputs['R02!KH']).toBe('100.00'); // 50 + 0.1 + 49.9, exact
    expect(result.inputs['R02!TH']).toBe('70.00');
    // Average of 2, 4, 3 = 3; of 1, 3, 5 = 3.
    expect(result.inputs['R01!SL']).toBe('3');
    // Weighted: (10×2 + 13×4 + 11.11×3) / 9 = 105.33 / 9 = 11.7033… → 11.70
    expect(result.inputs['R01!GIA']).toBe('11.70');
    // (20×1 + 30×3 + 40×5) / 9 = 310 / 9 = 34.44…
    expect(result.inputs['R02!GIA']).toBe('34.44');
    expect(result.inputs['R01!GC']).toBeUndefined();
    // Totals by the row formula: 600.30 + 100.00 = 700.30; 470.35 + 70.00 = 540.35.
    expect(result.computed['R00!KH']).toBe('700.30');
    expect(result.computed['R00!TH']).toBe('540.35');
    // Percent recomputed: 470.35 / 600.30 × 100 = 78.35… → 78.4; never the sum of the units' percentages.
    expect(result.computed['R01!TL']).toBe('78.4');
    const summed = ['a', 'b', 'c'].map((_, i) => Number([a, b, c][i]!.computed['R01!TL'])).reduce((x, y) => x + y, 0);
    expect(Number(result.computed['R01!TL'])).not.toBeCloseTo(summed);
    expect(result.computed['R00!TL']).toBe('77.2'); // 540.35 / 700.30 × 100 = 77.16…
    expect(result.contributions['R01!KH']).toEqual([{ unitId: 'a', value: '100.10' }, { unitId: 'b', value: '200.20' }, { unitId: 'c', value: '300' }]);
    expect(result.contributions['R00!TH']!.map((x) => x.value)).toEqual([a.computed['R00!TH'], b.computed['R00!TH'], c.computed['R00!TH']]);
  });

  it('leaves blank what no unit filled, and aggregates what some did', () => {
    const partial = unit('d', { R01: ['10', '', '', ''], R02: ['', '', '', ''] });
    const result = aggregateForms(grid, evaluator, [partial]);
    expect(result.inputs).toEqual({ 'R01!KH': '10.00' });
    expect(result.computed['R01!TL']).toBeNull();
    expect(aggregateForms(grid, evaluator, []).inputs).toEqual({});
  });
});

describe('exact sums and averages', () => {
  it('equal the Decimal arithmetic for any figures at the column scale', () => {
    const figure = fc.tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.nat({ max: 99 })).map(([i, f]) => `${i < 0n && f > 0 ? '-' : ''}${(i < 0n ? -i : i).toString()}${f > 0 ? `.${String(f).padStart(2, '0')}` : ''}`);
    fc.assert(
      fc.property(fc.array(figure, { minLength: 1, maxLength: 20 }), (figures) => {
        const sources = figures.map((v, i) => ({ unitId: String(i), inputs: { 'R01!KH': v, 'R01!SL': String(i) }, computed: {} }));
        const result = aggregateForms(grid, evaluator, sources, undefined, { contributions: false });
        const sum = figures.reduce((a, v) => a.plus(v), new Dec(0));
        expect(result.inputs['R01!KH']).toBe(sum.toFixed(2));
        const avg = new Dec(figures.length - 1).div(2).toDecimalPlaces(0, Dec.ROUND_HALF_UP);
        expect(result.inputs['R01!SL']).toBe(avg.toFixed(0));
      }),
    );
  });
});

describe('form checks (R17)', () => {
  it('reads changes for input cells only, by each column\'s type and scale', () => {
    expect(readCellChanges(grid, evaluator, { 'R01!KH': ' 12.5 ', 'R01!GC': '  có ghi chú ', 'R02!TH': null })).toEqual({ ok: true, values: { 'R01!KH': '12.5', 'R01!GC': '  có ghi chú ', 'R02!TH': null } });
    const bad = readCellChanges(grid, evaluator, { 'R01!KH': 'mười', 'R01!TH': '1.234', 'R01!SL': '1.5', 'R00!KH': '5', 'R01!TL': '5', 'R09!KH': '1' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems.map((p) => p.cell)).toEqual(['R01!KH', 'R01!TH', 'R01!SL', 'R00!KH', 'R01!TL', 'R09!KH']);
      expect(bad.problems[1]!.message).toContain('quá 2 chữ số thập phân');
    }
  });

  it('lists violations with their explanations and what blocks submission', () => {
    const inputs = { 'R01!KH': '10', 'R01!TH': '25' };
    const unexplained = checkForm(evaluator, inputs, {});
    // The total row exceeds its plan too.
    expect(unexplained.violations.map((v) => [v.key, v.severity, v.explanation])).toEqual([['vuot@R00!TH', 'warning', null], ['vuot@R01!TH', 'warning', null]]);
    expect(unexplained.unexplained).toEqual(['vuot@R00!TH', 'vuot@R01!TH']);
    const explained = checkForm(evaluator, inputs, { 'vuot@R01!TH': 'Thu đột biến từ một dự án' });
    expect(explained.unexplained).toEqual(['vuot@R00!TH']);
    expect(explained.violations[1]!.explanation).toBe('Thu đột biến từ một dự án');
    expect(explained.computed['R01!TL']).toBe('250.0');
  });
});

describe('outliers (R39)', () => {
  it('flags figures far from the unit\'s own history or jumping from the previous period', () => {
    const history = [{ X: '100' }, { X: '102' }, { X: '98' }, { X: '101' }];
    expect(findOutliers({ X: '103' }, history)).toEqual([]);
    expect(findOutliers({ X: '200' }, history)[0]!.message).toContain('độ lệch chuẩn');
    expect(findOutliers({ X: '160' }, [{ X: '100' }])[0]!.message).toContain('thay đổi 60% so với kỳ trước');
  });
});
