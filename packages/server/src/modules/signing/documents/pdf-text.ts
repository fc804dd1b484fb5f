import { rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

/**
 * Rich-text line breaking and drawing for the PDF renderer: runs of mixed bold/italic/underline wrap as one
 * stream of words (a word may change font midway, e.g. "<b>10</b>%"), and justified lines spread the spare
 * width over the spaces between words, as Word does.
 */
export interface FontSet { regular: PDFFont; bold: PDFFont; italic: PDFFont; boldItalic: PDFFont }
export interface StyledRun { text: string; bold?: boolean | undefined; italic?: boolean | undefined; underline?: boolean | undefined }
export type Align = 'left' | 'center' | 'right' | 'justify';

interface Fragment { text: string; font: PDFFont; width: number; underline: boolean }
interface Word { fragments: Fragment[]; width: number; spaceBefore: boolean }
export interface Line { words: Word[]; width: number; spaceWidth: number }

export const black = rgb(0, 0, 0);

const widthCache = new WeakMap<PDFFont, Map<string, number>>();

/** Width of `text` in `font` at `size` points (measured once per font and string at 1 pt). */
export function measure(font: PDFFont, text: string, size: number): number {
  let byText = widthCache.get(font);
  if (!byText) widthCache.set(font, (byText = new Map()));
  let unit = byText.get(text);
  if (unit === undefined) {
    unit = font.widthOfTextAtSize(text, 1);
    byText.set(text, unit);
  }
  return unit * size;
}

export function fontFor(fonts: FontSet, run: { bold?: boolean | undefined; italic?: boolean | undefined }): PDFFont {
  if (run.bold) return run.italic ? fonts.boldItalic : fonts.bold;
  return run.italic ? fonts.italic : fonts.regular;
}

/**
 * Breaks runs into lines: `widthOf(i)` is the room on line i (the first line is shorter when indented).
 * A word longer than a whole line is cut between characters rather than overflowing (long numbers in
 * narrow table columns).
 */
export function breakLines(runs: StyledRun[], fonts: FontSet, size: number, widthOf: (line: number) => number): Line[] {
  const spaceWidth = measure(fonts.regular, ' ', size);
  const words = toWords(runs, fonts, size);
  const lines: Line[] = [];
  let line: Line = { words: [], width: 0, spaceWidth };
  const queue = [...words];
  while (queue.length > 0) {
    const word = queue.shift()!;
    const room = widthOf(lines.length);
    const gap = line.words.length > 0 && word.spaceBefore ? spaceWidth : 0;
    if (line.width + gap + word.width <= room + 0.01) {
      line.words.push(word);
      line.width += gap + word.width;
      continue;
    }
    if (line.words.length > 0) {
      lines.push(line);
      line = { words: [], width: 0, spaceWidth };
      queue.unshift({ ...word, spaceBefore: false });
      continue;
    }
    const [head, tail] = splitWord(word, room, size);
    line.words.push(head);
    line.width = head.width;
    if (tail) {
      lines.push(line);
      line = { words: [], width: 0, spaceWidth };
      queue.unshift(tail);
    }
  }
  if (line.words.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

function toWords(runs: StyledRun[], fonts: FontSet, size: number): Word[] {
  const words: Word[] = [];
  let word: Word | null = null;
  let spaceBefore = false;
  for (const run of runs) {
    const font = fontFor(fonts, run);
    // Tabs and line breaks inside a run count as spaces; a no-break space stays inside its word.
    for (const piece of run.text.split(/([ \t\r\n\f]+)/)) {
      if (piece === '') continue;
      if (/^[ \t\r\n\f]/.test(piece)) {
        if (word) words.push(word);
        word = null;
        spaceBefore = true;
        continue;
      }
      const fragment: Fragment = { text: piece, font, width: measure(font, piece, size), underline: !!run.underline };
      if (!word) {
        word = { fragments: [], width: 0, spaceBefore };
        spaceBefore = false;
      }
      word.fragments.push(fragment);
      word.width += fragment.width;
    }
  }
  if (word) words.push(word);
  return words;
}

/** Cuts a word so that its head fits `room` (at least one character, so layout always progresses). */
function splitWord(word: Word, room: number, size: number): [Word, Word | null] {
  const head: Word = { fragments: [], width: 0, spaceBefore: false };
  const rest: Fragment[] = [];
  let full = false;
  for (const fragment of word.fragments) {
    if (full) {
      rest.push(fragment);
      continue;
    }
    const chars = Array.from(fragment.text);
    let taken = '';
    let i = 0;
    for (; i < chars.length; i += 1) {
      const next = taken + chars[i];
      if (head.width + measure(fragment.font, next, size) > room && (head.width > 0 || taken !== '')) break;
      taken = next;
    }
    if (taken !== '') {
      const w = measure(fragment.font, taken, size);
      head.fragments.push({ ...fragment, text: taken, width: w });
      head.width += w;
    }
    if (i < chars.length) {
      full = true;
      const text = chars.slice(i).join('');
      rest.push({ ...fragment, text, width: measure(fragment.font, text, size) });
    }
  }
  if (rest.length === 0) return [head, null];
  return [head, { fragments: rest, width: rest.reduce((s, f) => s + f.width, 0), spaceBefore: false }];
}

/** Draws one line with its baseline at `y` inside [x, x + width]; `justify` on the last line is left. */
export function drawLine(page: PDFPage, line: Line, x: number, y: number, width: number, align: Align, size: number, color: RGB = black): void {
  const gaps = line.words.filter((w, i) => i > 0 && w.spaceBefore).length;
  const spare = Math.max(0, width - line.width);
  let cursor = x;
  let stretch = 0;
  if (align === 'center') cursor += spare / 2;
  else if (align === 'right') cursor += spare;
  else if (align === 'justify' && gaps > 0) stretch = spare / gaps;
  line.words.forEach((word, i) => {
    if (i > 0 && word.spaceBefore) cursor += line.spaceWidth + stretch;
    for (const fragment of word.fragments) {
      page.drawText(fragment.text, { x: cursor, y, size, font: fragment.font, color });
      if (fragment.underline) {
        page.drawLine({ start: { x: cursor, y: y - size * 0.12 }, end: { x: cursor + fragment.width, y: y - size * 0.12 }, thickness: size * 0.05, color });
      }
      cursor += fragment.width;
    }
  });
}

/** Lines of one plain string, for headers and table cells. */
export function breakPlain(text: string, fonts: FontSet, style: StyledRun, size: number, width: number): Line[] {
  return text.split('\n').flatMap((part) => breakLines([{ ...style, text: part }], fonts, size, () => width));
}
