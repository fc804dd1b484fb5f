import type { DocCell } from './document.js';

/**
 * Places a table's cells on its column grid: each cell starts at the first column its row has free (cells
 * of earlier rows spanning down occupy columns), spans clipped to the table. Shared by both renderers.
 */
export interface PlacedCell { cell: DocCell; row: number; col: number; rowSpan: number; colSpan: number }

export function placeCells(rows: DocCell[][], columnCount: number): PlacedCell[] {
  const taken: boolean[][] = rows.map(() => new Array<boolean>(columnCount).fill(false));
  const placed: PlacedCell[] = [];
  rows.forEach((cells, row) => {
    let col = 0;
    for (const cell of cells) {
      while (col < columnCount && taken[row]![col]) col += 1;
      if (col >= columnCount) break;
      const colSpan = Math.max(1, Math.min(cell.colSpan ?? 1, columnCount - col));
      const rowSpan = Math.max(1, Math.min(cell.rowSpan ?? 1, rows.length - row));
      for (let r = row; r < row + rowSpan; r += 1) for (let c = col; c < col + colSpan; c += 1) taken[r]![c] = true;
      placed.push({ cell, row, col, rowSpan, colSpan });
      col += colSpan;
    }
  });
  return placed;
}

/** Groups rows that merged cells tie together ([first, last] inclusive), so no page break falls inside one. */
export function rowBlocks(placed: PlacedCell[], rowCount: number): [number, number][] {
  const reach = new Array<number>(rowCount).fill(0).map((_, i) => i);
  for (const p of placed) reach[p.row] = Math.max(reach[p.row]!, p.row + p.rowSpan - 1);
  const blocks: [number, number][] = [];
  let start = 0;
  while (start < rowCount) {
    let end = reach[start]!;
    for (let r = start; r <= end; r += 1) end = Math.max(end, reach[r]!);
    blocks.push([start, end]);
    start = end + 1;
  }
  return blocks;
}
