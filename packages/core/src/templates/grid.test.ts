import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../formula/compile.js';
import { TemplateGrid, type GridColumn, type GridRow } from './grid.js';
import { findGridProblems } from './grid-checks.js';
import { buildGridModel, headerSpans } from './grid-model.js';

const row = (code: string, level = 0, extra: Partial<GridRow> = {}): GridRow => ({ code, displayNo: code, name: `Dòng ${code}`, unitOfMeasure: 'người', level, ...extra });
const col = (code: string, extra: Partial<GridColumn> = {}): GridColumn => ({ code, headerPath: [code], valueType: 'integer', aggregation: 'sum', ...extra });

/** A form as a department would lay it out: plan, actual, % of plan, year-to-date, same period last year. */
const budget = {
  rows: [
    { code: '01', displayNo: 'I', name: 'Tổng thu ngân sách', unitOfMeasure: 'triệu đồng', level: 0, formula: 'SUM(CHILDREN)' },
    { code: '02', displayNo: '1', name: 'Thu nội địa', unitOfMeasure: 'triệu đồng', level: 1 },
    { code: '03', displayNo: '2', name: 'Thu xuất nhập khẩu', unitOfMeasure: 'triệu đồng', level: 1 },
  ],
  columns: [
    { code: 'KH', headerPath: ['Năm 2025', 'Kế hoạch'], valueType: 'decimal', scale: 0, aggregation: 'sum' },
    { code: 'TH', headerPath: ['Năm 2025', 'Thực hiện'], valueType: 'decimal', scale: 0, aggregation: 'sum' },
    { code: 'PT', headerPath: ['Năm 2025', '% so KH'], valueType: 'percent', scale: 1, aggregation: 'formula', formula: 'TH / KH * 100' },
    { code: 'LK', headerPath: ['Lũy kế'], valueType: 'decimal', scale: 0, aggregation: 'sum', formula: 'TH + PREV(LK)' },
    { code: 'CK', headerPath: ['Cùng kỳ'], valueType: 'decimal', scale: 0, aggregation: 'sum' },
    { code: 'GC', headerPath: ['Ghi chú'], valueType: 'text', aggregation: 'none' },
  ],
  cells: [{ row: '01', column: 'GC', mode: 'disabled' }],
  constraints: [
    { id: 'tong', kind: 'sum_children', severity: 'error', message: 'Dòng {row}: phải bằng tổng các dòng con' },
    { id: 'vuot', kind: 'formula', severity: 'warning', message: 'Dòng {row}: thực hiện vượt kế hoạch, cần giải trình', expression: 'TH <= KH' },
    { id: 'ck', kind: 'same_period', severity: 'warning', message: 'Số cùng kỳ khác báo cáo năm trước', column: 'CK', source: 'TH' },
  ],
};

describe('TemplateGrid', () => {
  it('accepts a template laid out as in Excel', () => {
    expect(TemplateGrid.parse(budget)).toEqual(budget);
  });

  it('refuses unknown fields, bad codes and unknown constraint kinds', () => {
    const issues = (g: unknown) => TemplateGrid.safeParse(g).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ ...budget, colour: 'red' })).toEqual(['']);
    expect(issues({ ...budget, rows: [{ ...budget.rows[0], code: 'Dòng 1' }] })).toEqual(['rows.0.code', 'cells.0.row']);
    expect(issues({ ...budget, constraints: [{ id: 'x', kind: 'unique', severity: 'error', message: 'x' }] })).toEqual(['constraints.0.kind']);
  });

  it('reports cross-field problems as zod issues with their paths', () => {
    const parsed = TemplateGrid.safeParse({ rows: [row('R1'), row('R1')], columns: [col('TRUE'), col('A', { valueType: 'decimal' })] });
    expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['columns.0.code', 'Mã trùng với từ khóa của công thức (TRUE, FALSE, CHILDREN)'],
      ['rows.1.code', 'Mã dòng "R1" bị trùng'],
      ['columns.1.scale', 'Cột "A" kiểu số thập phân cần số chữ số thập phân'],
    ]);
    expect(TemplateGrid.safeParse({ rows: 'R1', columns: [] }).success).toBe(false);
  });
});

describe('a budget form end to end', () => {
  it('computes totals, percentages and year-to-date, and finds what a reviewer would', () => {
    const compiled = compileTemplate(TemplateGrid.parse(budget));
    if (!compiled.ok) throw new Error(compiled.errors[0]!.message);
    const { values, violations, diagnostics } = compiled.evaluator.evaluate(
      { '02!KH': '1000', '02!TH': '1100', '03!KH': '500', '03!TH': '200', '02!CK': '900', '03!CK': '250', '02!GC': 'Thu tiền sử dụng đất tăng' },
      { previous: { '01!LK': '2500', '02!LK': '2000', '03!LK': '500' }, lastYear: { '01!TH': '1160', '02!TH': '900', '03!TH': '260' } },
    );
    expect(values).toEqual({
      '01!KH': '1500', '01!TH': '1300', '01!CK': '1150', '01!PT': '86.7', '02!PT': '110.0', '03!PT': '40.0',
      '01!LK': '3800', '02!LK': '3100', '03!LK': '700',
    });
    expect(violations.map((v) => `${v.constraintId}: ${v.message}`)).toEqual([
      'vuot: Dòng 02: thực hiện vượt kế hoạch, cần giải trình',
      'ck: Số cùng kỳ khác báo cáo năm trước',
      'ck: Số cùng kỳ khác báo cáo năm trước',
    ]);
    expect(violations.slice(1).map((v) => v.cells)).toEqual([['01!CK', '01!TH'], ['03!CK', '03!TH']]);
    expect(diagnostics).toEqual([]);
  });
});

describe('findGridProblems', () => {
  it('refuses a formula constraint that picks places its scope does not use', () => {
    const problems = findGridProblems({
      rows: [row('R1')],
      columns: [col('A')],
      constraints: [{ id: 'k', kind: 'formula', severity: 'error', message: 'x', expression: 'A > 0', columns: ['A'] }],
    });
    expect(problems.map((p) => [p.code, p.path.join('.'), p.message])).toEqual([['invalid_constraint', 'constraints.0.columns', 'Ràng buộc "k" kiểm tra từng dòng nên không chọn cột']]);
  });
});

describe('buildGridModel', () => {
  it('derives parents and children from the order and indent levels', () => {
    const model = buildGridModel({ rows: [row('I'), row('1', 1), row('1.1', 2), row('1.2', 2), row('2', 1), row('II')], columns: [col('A')] });
    expect(model.parent).toEqual([-1, 0, 1, 1, 0, -1]);
    expect(model.children).toEqual([[1, 4], [2, 3], [], [], [], []]);
    expect(model.rowIndex.get('1.1')).toBe(2);
  });
});

describe('headerSpans', () => {
  it('merges shared labels across columns and a short path down to the bottom', () => {
    const col = (code: string, headerPath: string[]) => ({ code, headerPath, valueType: 'decimal' as const, scale: 2, aggregation: 'sum' as const });
    const { depth, spans } = headerSpans([col('KH', ['Năm 2026', 'Kế hoạch']), col('TH', ['Năm 2026', 'Thực hiện']), col('GC', ['Ghi chú'])]);
    expect(depth).toBe(2);
    expect(spans).toEqual([
      { level: 0, column: 0, colSpan: 2, rowSpan: 1, text: 'Năm 2026' },
      { level: 0, column: 2, colSpan: 1, rowSpan: 2, text: 'Ghi chú' },
      { level: 1, column: 0, colSpan: 1, rowSpan: 1, text: 'Kế hoạch' },
      { level: 1, column: 1, colSpan: 1, rowSpan: 1, text: 'Thực hiện' },
    ]);
  });
});
