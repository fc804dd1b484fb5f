/**
 * The generated city-wide numeric template the CPU benchmarks share (300 rows × 8 columns, 600
 * formulas) and seeded figures for it.
 */
import { compileTemplate } from '../packages/core/src/formula/compile.js';
import type { Evaluator } from '../packages/core/src/formula/evaluate.js';
import type { GridColumn, GridRow, TemplateGrid } from '../packages/core/src/templates/grid.js';
import { codeKey, type GridModel } from '../packages/core/src/templates/grid-model.js';

const GROUPS = 49; // 1 total row + 49 commune rows + 250 village rows = 300 rows

export function compileOrThrow(grid: TemplateGrid): Evaluator {
  const compiled = compileTemplate(grid);
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join('\n'));
  return compiled.evaluator;
}

/** A city-wide template: total row, 49 communes, 250 villages; plan, actual, % of plan, and five more figures. */
export function generateTemplate(): TemplateGrid {
  const row = (code: string, displayNo: string, name: string, level: number, total: boolean): GridRow => ({
    code,
    displayNo,
    name,
    unitOfMeasure: 'đồng',
    level,
    ...(total ? { formula: 'SUM(CHILDREN)' } : {}),
  });
  const rows: GridRow[] = [row('T', '', 'Tổng cộng', 0, true)];
  for (let g = 1; g <= GROUPS; g++) {
    rows.push(row(`X${g}`, String(g), `Xã ${g}`, 1, true));
    const villages = g <= 250 - GROUPS * 5 ? 6 : 5;
    for (let v = 1; v <= villages; v++) rows.push(row(`X${g}.${v}`, `${g}.${v}`, `Thôn ${v}, xã ${g}`, 2, false));
  }
  const column = (code: string, header: string, valueType: GridColumn['valueType'], extra: Partial<GridColumn> = {}): GridColumn => ({
    code,
    headerPath: ['Năm 2025', header],
    valueType,
    aggregation: valueType === 'text' ? 'none' : 'sum',
    ...extra,
  });
  const columns = [
    column('KH', 'Kế hoạch', 'decimal', { scale: 2 }),
    column('TH', 'Thực hiện', 'decimal', { scale: 2 }),
    column('PT', '% so kế hoạch', 'percent', { aggregation: 'formula', formula: 'TH / KH * 100' }),
    column('HO', 'Số hộ', 'integer'),
    column('LD', 'Số lao động', 'integer'),
    column('VON', 'Vốn đầu tư', 'decimal', { scale: 2 }),
    column('NS', 'Ngân sách', 'decimal', { scale: 2 }),
    column('GC', 'Ghi chú', 'text'),
  ];
  return { rows, columns };
}

export type Dataset = { inputs: Record<string, string>; cells: { r: number; c: number; value: number | string }[] };

/** Figures for every input cell (village rows; the % and total cells are formulas), from a seeded generator. */
export function generateData(model: GridModel, seed: number): Dataset {
  const random = mulberry32(seed);
  const money = (min: number, max: number) => (Math.round((min + random() * (max - min)) * 100) / 100).toFixed(2);
  const inputs: Record<string, string> = {};
  const cells: Dataset['cells'] = [];
  model.rows.forEach((row, r) => {
    if (row.formula) return;
    const plan = money(1e6, 5e11);
    const values: Record<string, string> = {
      KH: plan,
      TH: (Number(plan) * (0.5 + random())).toFixed(2),
      HO: String(Math.floor(random() * 5000)),
      LD: String(Math.floor(random() * 20000)),
      VON: money(0, 1e12),
      NS: money(-1e9, 1e10),
      GC: random() < 0.3 ? `Ghi chú thôn ${row.code}` : '',
    };
    for (const [code, value] of Object.entries(values)) {
      const c = model.columnIndex.get(codeKey(code))!;
      inputs[`${row.code}!${code}`] = value;
      cells.push({ r, c, value: code === 'GC' ? value : Number(value) });
    }
  });
  return { inputs, cells };
}

/** A small seeded generator, so every run measures the same figures. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
