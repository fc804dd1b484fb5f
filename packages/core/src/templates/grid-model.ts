import type { GridColumn, GridRow, TemplateGrid, ValueType } from './grid.js';

/** What a formula sees of a column's values. */
export type ValueKind = 'number' | 'text' | 'date' | 'boolean';

/** The grid with its indexes: codes to positions (case-insensitive) and the row tree from levels. */
export interface GridModel {
  rows: GridRow[];
  columns: GridColumn[];
  rowIndex: Map<string, number>;
  columnIndex: Map<string, number>;
  /** Index of each row's parent, -1 at the top. */
  parent: number[];
  children: number[][];
  kinds: ValueKind[];
  /** Digits kept after the decimal point in each column (null for non-numeric columns). */
  scales: (number | null)[];
}

/** Maps a column value type to the kind of value formulas see. */
export function valueKind(type: ValueType): ValueKind {
  if (type === 'integer' || type === 'decimal' || type === 'percent') return 'number';
  return type;
}

/** Digits after the decimal point a numeric column keeps: 0 for integers, 2 by default for percent. */
export function columnScale(column: GridColumn): number | null {
  if (column.valueType === 'integer') return 0;
  if (column.valueType === 'decimal') return column.scale ?? 0;
  if (column.valueType === 'percent') return column.scale ?? 2;
  return null;
}

/** Normalises a code for lookups: references are case-insensitive. */
export function codeKey(code: string): string {
  return code.toUpperCase();
}

/** Indexes a grid; duplicate codes keep their first occurrence (findGridProblems reports them). */
export function buildGridModel(grid: TemplateGrid): GridModel {
  const rowIndex = new Map<string, number>();
  grid.rows.forEach((r, i) => {
    if (!rowIndex.has(codeKey(r.code))) rowIndex.set(codeKey(r.code), i);
  });
  const columnIndex = new Map<string, number>();
  grid.columns.forEach((c, i) => {
    if (!columnIndex.has(codeKey(c.code))) columnIndex.set(codeKey(c.code), i);
  });
  const parent: number[] = [];
  const children: number[][] = grid.rows.map(() => []);
  const stack: number[] = [];
  grid.rows.forEach((row, i) => {
    while (stack.length && grid.rows[stack[stack.length - 1]!]!.level >= row.level) stack.pop();
    const p = stack.length ? stack[stack.length - 1]! : -1;
    parent.push(p);
    if (p >= 0) children[p]!.push(i);
    stack.push(i);
  });
  return {
    rows: grid.rows,
    columns: grid.columns,
    rowIndex,
    columnIndex,
    parent,
    children,
    kinds: grid.columns.map((c) => valueKind(c.valueType)),
    scales: grid.columns.map(columnScale),
  };
}

/** Columns a row formula fills by default, and sum_children checks by default: integer and decimal ones without a column formula. */
export function isSummableColumn(column: GridColumn): boolean {
  return (column.valueType === 'integer' || column.valueType === 'decimal') && column.formula === undefined;
}

/** One cell of a template's merged column headers: `level` from the top, spanning columns and levels. */
export interface HeaderSpan { level: number; column: number; colSpan: number; rowSpan: number; text: string }

/**
 * The merged column headers of a grid, as every renderer lays them out (workbook, PDF, DOCX): a label
 * spans the adjacent columns that share its path so far, and a short path's last label spans down to the
 * bottom level. `depth` is the number of header levels.
 */
export function headerSpans(columns: readonly GridColumn[]): { depth: number; spans: HeaderSpan[] } {
  const depth = Math.max(...columns.map((c) => c.headerPath.length));
  const paths = columns.map((c) => c.headerPath);
  const spans: HeaderSpan[] = [];
  for (let level = 0; level < depth; level++) {
    for (let c = 0; c < paths.length; ) {
      const path = paths[c]!;
      let end = c;
      if (level < path.length) {
        const prefix = path.slice(0, level + 1).join('\u0000');
        while (end + 1 < paths.length && paths[end + 1]!.length > level && paths[end + 1]!.slice(0, level + 1).join('\u0000') === prefix) end++;
        const down = end === c && level === path.length - 1 ? depth - level : 1;
        spans.push({ level, column: c, colSpan: end - c + 1, rowSpan: down, text: path[level]! });
      }
      c = end + 1;
    }
  }
  return { depth, spans };
}
