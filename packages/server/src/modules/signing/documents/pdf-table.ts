import { rgb } from 'pdf-lib';
import type { DocTable } from './document.js';
import { addPage, contentWidth, drawLines, ensureRoom, margins, type Flow } from './pdf-flow.js';
import { breakPlain, type Line } from './pdf-text.js';
import { placeCells, rowBlocks, type PlacedCell } from './table-grid.js';

const size = 11;
const lineHeight = 13.2;
const padX = 3;
const padY = 2.5;
const border = { thickness: 0.5, color: rgb(0, 0, 0) };

interface Laid { placed: PlacedCell; lines: Line[]; align: 'left' | 'center' | 'right' }
interface Part { cells: Laid[]; heights: number[]; byRow: Laid[][] }

/**
 * Draws a table: thin borders, merged cells as one box, text wrapped in cells, header rows repeated at the
 * top of every page it continues onto, and no page break inside a row (or rows a merged cell ties together).
 */
export function flowTable(flow: Flow, table: DocTable): void {
  const width = contentWidth(flow);
  const total = table.columns.reduce((s, c) => s + (c.width > 0 ? c.width : 1), 0) || 1;
  const widths = table.columns.map((c) => ((c.width > 0 ? c.width : 1) / total) * width);
  const xs = widths.map((_, i) => margins.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const header = layPart(flow, table.header, true, table, widths);
  const body = layPart(flow, table.body, false, table, widths);
  const headerHeight = header.heights.reduce((s, h) => s + h, 0);
  const blocks = rowBlocks(body.cells.map((c) => c.placed), table.body.length);
  const blockHeight = ([a, b]: [number, number]) => body.heights.slice(a, b + 1).reduce((s, h) => s + h, 0);

  // The header never stands alone at the foot of a page: it goes with the first block of rows.
  ensureRoom(flow, headerHeight + (blocks[0] ? blockHeight(blocks[0]) : 0));
  drawRows(flow, header, 0, header.heights.length - 1, xs, widths);
  for (const block of blocks) {
    const height = blockHeight(block);
    if (flow.y - height < margins.bottom - 0.01) {
      addPage(flow, flow.landscape);
      drawRows(flow, header, 0, header.heights.length - 1, xs, widths);
    }
    drawRows(flow, body, block[0], block[1], xs, widths);
  }
}

function layPart(flow: Flow, rows: DocTable['header'], header: boolean, table: DocTable, widths: number[]): Part {
  const placed = placeCells(rows, table.columns.length);
  const cells = placed.map((p): Laid => {
    const w = widths.slice(p.col, p.col + p.colSpan).reduce((s, x) => s + x, 0);
    const bold = header || !!p.cell.bold;
    const align = header ? 'center' : (p.cell.align ?? table.columns[p.col]?.align ?? 'left');
    return { placed: p, align, lines: breakPlain(p.cell.text, flow.fonts, { text: '', bold }, size, Math.max(4, w - 2 * padX)) };
  });
  const need = (c: Laid) => c.lines.length * lineHeight + 2 * padY;
  const heights = rows.map(() => lineHeight + 2 * padY);
  for (const c of cells) if (c.placed.rowSpan === 1) heights[c.placed.row] = Math.max(heights[c.placed.row]!, need(c));
  for (const c of cells) {
    if (c.placed.rowSpan === 1) continue;
    const { row, rowSpan } = c.placed;
    const have = heights.slice(row, row + rowSpan).reduce((s, h) => s + h, 0);
    if (need(c) > have) heights[row + rowSpan - 1]! += need(c) - have;
  }
  // Cells by the row they start on: drawing a block of rows touches only its own cells.
  const byRow = rows.map((): Laid[] => []);
  for (const c of cells) byRow[c.placed.row]?.push(c);
  return { cells, heights, byRow };
}

function drawRows(flow: Flow, part: Part, first: number, last: number, xs: number[], widths: number[]): void {
  const top = flow.y;
  const rowTop = (r: number) => top - part.heights.slice(first, r).reduce((s, h) => s + h, 0);
  for (const c of part.byRow.slice(first, last + 1).flat()) {
    const { row, col, rowSpan, colSpan } = c.placed;
    const x = xs[col]!;
    const w = widths.slice(col, col + colSpan).reduce((s, v) => s + v, 0);
    const y = rowTop(row);
    const h = part.heights.slice(row, row + rowSpan).reduce((s, v) => s + v, 0);
    flow.page.drawRectangle({ x, y: y - h, width: w, height: h, borderWidth: border.thickness, borderColor: border.color });
    const textHeight = c.lines.length * lineHeight;
    drawLines(flow.page, c.lines, x + padX, y - (h - textHeight) / 2, w - 2 * padX, c.align, size, lineHeight);
  }
  flow.y = rowTop(last + 1);
}
