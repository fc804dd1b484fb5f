import { describe, expect, it } from 'vitest';
import type { GridColumn, GridRow, TemplateGrid } from '../templates/grid.js';
import { compileTemplate } from './compile.js';
import type { Evaluator } from './evaluate.js';

const row = (code: string, level = 0, extra: Partial<GridRow> = {}): GridRow => ({ code, displayNo: code, name: `Dòng ${code}`, unitOfMeasure: 'người', level, ...extra });
const col = (code: string, extra: Partial<GridColumn> = {}): GridColumn => ({ code, headerPath: [code], valueType: 'integer', aggregation: 'sum', ...extra });

function compiled(grid: TemplateGrid): Evaluator {
  const r = compileTemplate(grid);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.evaluator;
}

function errorsOf(grid: TemplateGrid): { code: string; where: object; message: string }[] {
  const r = compileTemplate(grid);
  if (r.ok) throw new Error('compiled');
  return r.errors;
}

describe('the grid itself', () => {
  it('refuses duplicate codes (case-insensitive), skipped levels and inconsistent columns, naming the place', () => {
    const grid: TemplateGrid = {
      rows: [row('R1'), row('r1', 1), row('R3', 3)],
      columns: [
        col('A'),
        col('B', { valueType: 'decimal' }),
        col('C', { valueType: 'text', aggregation: 'sum' }),
        col('D', { aggregation: 'weighted_average', weightColumn: 'C' }),
        col('E', { aggregation: 'formula' }),
      ],
      cells: [{ row: 'R9', column: 'A', mode: 'disabled' }, { row: 'R1', column: 'A', mode: 'fixed', value: '1.5' }],
      constraints: [{ id: 'k', kind: 'sum_children', severity: 'error', message: 'x', rows: ['R3'] }],
    };
    expect(errorsOf(grid).map((e) => [e.code, e.where])).toEqual([
      ['duplicate_code', { row: 'r1', formula: '', offset: 0, length: 0 }],
      ['invalid_level', { row: 'R3', formula: '', offset: 0, length: 0 }],
      ['invalid_column', { column: 'B', formula: '', offset: 0, length: 0 }],
      ['invalid_column', { column: 'C', formula: '', offset: 0, length: 0 }],
      ['invalid_column', { column: 'D', formula: '', offset: 0, length: 0 }],
      ['invalid_column', { column: 'E', formula: '', offset: 0, length: 0 }],
      ['unknown_row', { row: 'R9', formula: '', offset: 0, length: 0 }],
      ['invalid_value', { row: 'R1', column: 'A', formula: '', offset: 0, length: 0 }],
      ['no_children', { constraintId: 'k', row: 'R3', formula: '', offset: 0, length: 0 }],
    ]);
  });
});

describe('compileTemplate', () => {
  it('fills a cell from its override, else its column formula, else its row formula, else input', () => {
    const ev = compiled({
      rows: [row('T', 0, { formula: 'SUM(CHILDREN)', formulaColumns: ['A', 'B', 'C'] }), row('R1', 1), row('R2', 1)],
      columns: [col('A'), col('B', { formula: 'A * 2' }), col('C')],
      cells: [
        { row: 'R2', column: 'B', mode: 'input' },
        { row: 'T', column: 'C', mode: 'computed', formula: 'R1 + 100' },
      ],
    });
    expect(ev.inputCells).toEqual(['R1!A', 'R1!C', 'R2!A', 'R2!B', 'R2!C']);
    const { values } = ev.evaluate({ 'R1!A': '1', 'R2!A': '2', 'R2!B': '7', 'R1!C': '5' });
    expect(values).toEqual({ 'T!A': '3', 'T!B': '6', 'T!C': '105', 'R1!B': '2' });
  });

  it('reads bare codes of a cell formula as a column of its row or a row of its column, and refuses a code that is both', () => {
    const grid: TemplateGrid = {
      rows: [row('R1'), row('B')],
      columns: [col('A'), col('B'), col('C')],
      cells: [{ row: 'R1', column: 'C', mode: 'computed', formula: 'A + B' }],
    };
    expect(errorsOf(grid).map((e) => [e.code, e.where, e.message])).toEqual([
      ['ambiguous_reference', { row: 'R1', column: 'C', formula: 'A + B', offset: 4, length: 1 }, '"B" vừa là mã dòng vừa là mã cột; hãy viết đủ ô, ví dụ B!C (ký tự 5, "B")'],
    ]);
    grid.cells = [{ row: 'R1', column: 'C', mode: 'computed', formula: 'A + R1!B + [b]!A' }];
    expect(compiled(grid).evaluate({ 'R1!A': '1', 'R1!B': '2', 'B!A': '4' }).values['R1!C']).toBe('7');
  });

  it('reports an error of a column formula once, not once per row', () => {
    const grid: TemplateGrid = { rows: Array.from({ length: 50 }, (_, i) => row(`R${i}`)), columns: [col('A'), col('B', { formula: 'A + Q' })] };
    expect(errorsOf(grid)).toHaveLength(1);
  });

  it('orders a long chain of references without overflowing the stack', () => {
    const n = 2000;
    const rows = Array.from({ length: n }, (_, i) => row(`R${i}`, 0, i ? { formula: `R${i - 1} + 1` } : {}));
    const ev = compiled({ rows, columns: [col('A')] });
    expect(ev.evaluate({ 'R0!A': '5' }).values[`R${n - 1}!A`]).toBe(String(n + 4));
  });

  it('reports every distinct cycle with its path', () => {
    const grid: TemplateGrid = {
      rows: [row('R1', 0, { formula: 'R2' }), row('R2', 0, { formula: 'R1' }), row('R3', 0, { formula: 'R3 * 2' })],
      columns: [col('A')],
    };
    expect(errorsOf(grid).map((e) => e.message)).toEqual([
      'Công thức vòng tròn: R1!A → R2!A → R1!A (ký tự 1, "R2")',
      'Công thức vòng tròn: R3!A → R3!A (ký tự 1, "R3")',
    ]);
  });

  it('does not count PREV and LASTYEAR as dependencies of this period', () => {
    const ev = compiled({ rows: [row('R1')], columns: [col('TH'), col('LK', { formula: 'TH + PREV(LK)' })] });
    expect(ev.evaluate({ 'R1!TH': '3' }, { previous: { 'R1!LK': '4' } }).values).toEqual({ 'R1!LK': '7' });
  });

  it('fills message placeholders for each checked place', () => {
    const ev = compiled({
      rows: [row('01', 0), row('02', 1)],
      columns: [col('KH', { headerPath: ['Năm 2025', 'Kế hoạch'] })],
      constraints: [
        { id: 'r', kind: 'required', severity: 'error', message: 'Chưa nhập "{columnName}" của dòng {row} ({rowName})' },
        { id: 'g', kind: 'range', severity: 'warning', message: '{column} ngoài khoảng {min}–{max}', min: '0', max: '10' },
      ],
    });
    const { violations } = ev.evaluate({ '01!KH': '11' });
    expect(violations).toEqual([
      { constraintId: 'r', severity: 'error', message: 'Chưa nhập "Năm 2025 / Kế hoạch" của dòng 02 (Dòng 02)', cells: ['02!KH'] },
      { constraintId: 'g', severity: 'warning', message: 'KH ngoài khoảng 0–10', cells: ['01!KH'] },
    ]);
  });

  it('reports invalid values of the other periods without failing', () => {
    const ev = compiled({ rows: [row('R1')], columns: [col('TH'), col('CK', { formula: 'LASTYEAR(TH)' })] });
    expect(ev.evaluate({}, { lastYear: { 'R1!TH': 'mười' } })).toEqual({
      values: { 'R1!CK': null },
      violations: [],
      diagnostics: [{ code: 'invalid_input', cell: 'R1!TH', period: 'lastYear', message: 'Số liệu cùng kỳ năm trước, ô R1!TH: "mười" không phải số nguyên' }],
    });
  });

  it('evaluates the same compiled template many times with independent results', () => {
    const ev = compiled({ rows: [row('R1')], columns: [col('A'), col('B'), col('C', { valueType: 'percent', formula: 'A / B * 100' })] });
    expect(ev.evaluate({ 'R1!A': '1', 'R1!B': '3' }).values['R1!C']).toBe('33.33');
    expect(ev.evaluate({ 'R1!A': '0', 'R1!B': '3' }).values['R1!C']).toBe('0.00');
    expect(ev.evaluate({}).values['R1!C']).toBeNull();
    // Unchanged input text reuses its parsed value; a bad value is never remembered.
    expect(ev.evaluate({ 'R1!A': '1', 'R1!B': 'ba' }).diagnostics.map((d) => d.cell)).toEqual(['R1!B']);
    expect(ev.evaluate({ 'R1!A': '1', 'R1!B': '4' }).values['R1!C']).toBe('25.00');
    expect(ev.evaluate({ 'R1!A': '1', 'R1!B': 'ba' }).values['R1!C']).toBeNull();
  });
});
