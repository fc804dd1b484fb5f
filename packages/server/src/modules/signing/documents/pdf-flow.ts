import { degrees, rgb, type PDFDocument, type PDFPage } from 'pdf-lib';
import { draftMark } from './document-text.js';
import { breakLines, drawLine, measure, type Align, type FontSet, type Line, type StyledRun } from './pdf-text.js';

/**
 * The PDF page flow: a cursor moving down A4 pages (portrait, or landscape for wide tables) inside the
 * Decree 30 margins, adding a page when the next piece does not fit.
 */
export const mm = (value: number) => (value * 72) / 25.4;
export const a4 = { width: 595.28, height: 841.89 };
export const margins = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };

export interface Flow {
  pdf: PDFDocument;
  fonts: FontSet;
  draft: boolean;
  page: PDFPage;
  landscape: boolean;
  /** Top of the free space on the current page, in PDF points from the bottom. */
  y: number;
}

export function createFlow(pdf: PDFDocument, fonts: FontSet, draft: boolean): Flow {
  const flow = { pdf, fonts, draft, landscape: false, y: 0 } as Omit<Flow, 'page'> as Flow;
  addPage(flow, false);
  return flow;
}

export function addPage(flow: Flow, landscape: boolean): void {
  const size: [number, number] = landscape ? [a4.height, a4.width] : [a4.width, a4.height];
  flow.page = flow.pdf.addPage(size);
  flow.landscape = landscape;
  flow.y = size[1] - margins.top;
  if (flow.draft) drawDraftMark(flow);
}

export const contentWidth = (flow: Flow) => flow.page.getWidth() - margins.left - margins.right;

/** Moves to a new page (same orientation) unless `height` points still fit above the bottom margin. */
export function ensureRoom(flow: Flow, height: number): void {
  if (flow.y - height < margins.bottom - 0.01) addPage(flow, flow.landscape);
}

/** Leaves a page of the wrong orientation for a fresh one, unless nothing has been placed on it yet. */
export function useOrientation(flow: Flow, landscape: boolean): void {
  if (flow.landscape === landscape) return;
  const empty = flow.y >= flow.page.getHeight() - margins.top - 0.01;
  if (empty) {
    flow.page.setSize(landscape ? a4.height : a4.width, landscape ? a4.width : a4.height);
    flow.landscape = landscape;
    flow.y = flow.page.getHeight() - margins.top;
    return;
  }
  addPage(flow, landscape);
}

export interface ParagraphStyle {
  size: number;
  align: Align;
  lineHeight: number;
  firstIndent?: number;
  indent?: number;
  before?: number;
  after?: number;
  /** Left edge and width of the box (defaults to the page's content area). */
  x?: number;
  width?: number;
}

/** Flows a paragraph down the page, line by line, breaking pages between lines. */
export function flowParagraph(flow: Flow, runs: StyledRun[], style: ParagraphStyle): void {
  const x = (style.x ?? margins.left) + (style.indent ?? 0);
  const width = (style.width ?? contentWidth(flow)) - (style.indent ?? 0);
  const first = style.firstIndent ?? 0;
  const lines = breakLines(runs, flow.fonts, style.size, (i) => (i === 0 ? width - first : width));
  flow.y -= style.before ?? 0;
  lines.forEach((line, i) => {
    ensureRoom(flow, style.lineHeight);
    const indent = i === 0 ? first : 0;
    const align = style.align === 'justify' && i === lines.length - 1 ? 'left' : style.align;
    drawLine(flow.page, line, x + indent, baselineIn(flow.y, style.lineHeight, style.size), width - indent, align, style.size);
    flow.y -= style.lineHeight;
  });
  flow.y -= style.after ?? 0;
}

/** Baseline of text at `size` centred in a line box of `lineHeight` whose top is `top` (Liberation Serif metrics). */
export function baselineIn(top: number, lineHeight: number, size: number): number {
  const ascent = 0.891 * size;
  const descent = 0.216 * size;
  return top - (lineHeight - ascent - descent) / 2 - ascent;
}

/** Draws already broken lines from `top` down, each `lineHeight` tall; returns the y below the last one. */
export function drawLines(page: PDFPage, lines: Line[], x: number, top: number, width: number, align: Align, size: number, lineHeight: number, color = rgb(0, 0, 0)): number {
  let y = top;
  for (const line of lines) {
    drawLine(page, line, x, baselineIn(y, lineHeight, size), width, align, size, color);
    y -= lineHeight;
  }
  return y;
}

function drawDraftMark(flow: Flow): void {
  const { page } = flow;
  const size = 64;
  const font = flow.fonts.bold;
  const width = measure(font, draftMark, size);
  const angle = Math.atan2(page.getHeight(), page.getWidth());
  const capHalf = 0.33 * size;
  const cx = page.getWidth() / 2;
  const cy = page.getHeight() / 2;
  page.drawText(draftMark, {
    x: cx - (width / 2) * Math.cos(angle) + capHalf * Math.sin(angle),
    y: cy - (width / 2) * Math.sin(angle) - capHalf * Math.cos(angle),
    size,
    font,
    color: rgb(0.85, 0.85, 0.85),
    rotate: degrees((angle * 180) / Math.PI),
  });
}
