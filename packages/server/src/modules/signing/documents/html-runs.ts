import type { DocParagraph, DocRun } from './document.js';

/**
 * Turns the narrative's sanitised HTML (p, br, strong/b, em/i, u, ul/ol/li, h1–h6, span, div) into
 * paragraphs of styled runs for the renderers. Tolerant rather than strict: unknown tags are ignored (their
 * text kept), unclosed tags close at the end, whitespace collapses as a browser would. `<br>` starts a new
 * paragraph (a plain one inside a list item, so the marker is not repeated); headings become bold paragraphs.
 */
export function htmlToParagraphs(html: string): DocParagraph[] {
  const paragraphs: DocParagraph[] = [];
  const style = { bold: 0, italic: 0, underline: 0 };
  const lists: { ordered: boolean; count: number }[] = [];
  let current: DocParagraph | null = null;
  let pendingItem: DocParagraph['list'] | undefined;

  const flush = () => {
    if (current) {
      const runs = trimRuns(current.runs);
      if (runs.length > 0) paragraphs.push({ ...current, runs });
    }
    current = null;
  };
  const open = (): DocParagraph => {
    if (!current) {
      current = pendingItem ? { runs: [], list: pendingItem } : { runs: [] };
      pendingItem = undefined;
    }
    return current;
  };

  const tokens = html.matchAll(/<!--[\s\S]*?-->|<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|[^<]+|</g);
  for (const token of tokens) {
    const raw = token[0];
    const tag = token[1]?.toLowerCase();
    if (raw.startsWith('<!--')) continue;
    if (!tag) {
      appendText(open(), decodeEntities(raw === '<' ? '<' : raw), style);
      continue;
    }
    const closing = raw.startsWith('</');
    switch (tag) {
      case 'strong': case 'b': style.bold = Math.max(0, style.bold + (closing ? -1 : 1)); break;
      case 'em': case 'i': style.italic = Math.max(0, style.italic + (closing ? -1 : 1)); break;
      case 'u': style.underline = Math.max(0, style.underline + (closing ? -1 : 1)); break;
      case 'br': flush(); break; // inside a list item the rest continues as a plain paragraph
      case 'p': case 'div': flush(); break;
      case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6':
        flush();
        style.bold = Math.max(0, style.bold + (closing ? -1 : 1));
        break;
      case 'ul': case 'ol':
        flush();
        if (closing) lists.pop();
        else lists.push({ ordered: tag === 'ol', count: 0 });
        break;
      case 'li': {
        flush();
        if (!closing) {
          const list = lists.at(-1) ?? { ordered: false, count: 0 };
          if (lists.length === 0) lists.push(list);
          list.count += 1;
          pendingItem = { ordered: list.ordered, index: list.count, level: Math.max(0, lists.length - 1) };
        }
        break;
      }
      default: break; // span, a, font…: keep the text, drop the tag
    }
  }
  flush();
  return paragraphs;
}

function appendText(paragraph: DocParagraph, text: string, style: { bold: number; italic: number; underline: number }) {
  const collapsed = text.replace(/[ \t\r\n\f]+/g, ' ');
  if (collapsed === '') return;
  const run: DocRun = { text: collapsed };
  if (style.bold > 0) run.bold = true;
  if (style.italic > 0) run.italic = true;
  if (style.underline > 0) run.underline = true;
  const last = paragraph.runs.at(-1);
  // A space after a space collapses even across tags, as in a browser.
  if (last?.text.endsWith(' ') && run.text.startsWith(' ')) run.text = run.text.slice(1);
  if (run.text === '') return;
  if (last && !!last.bold === !!run.bold && !!last.italic === !!run.italic && !!last.underline === !!run.underline) {
    last.text += run.text;
  } else {
    paragraph.runs.push(run);
  }
}

function trimRuns(runs: DocRun[]): DocRun[] {
  const out = runs.map((r) => ({ ...r }));
  while (out.length > 0 && out[0]!.text.trimStart() === '') out.shift();
  while (out.length > 0 && out.at(-1)!.text.trimEnd() === '') out.pop();
  if (out.length > 0) {
    out[0]!.text = out[0]!.text.replace(/^ +/, '');
    out[out.length - 1]!.text = out.at(-1)!.text.replace(/ +$/, '');
  }
  return out;
}

const namedEntities: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…',
  laquo: '«', raquo: '»', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', bull: '•', middot: '·', deg: '°',
  times: '×', divide: '÷', plusmn: '±', le: '≤', ge: '≥', ne: '≠', percnt: '%', copy: '©', reg: '®',
};

/** Decodes named (the common ones), decimal and hexadecimal character references; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : '\ufffd';
    }
    return namedEntities[body] ?? namedEntities[body.toLowerCase()] ?? whole;
  });
}
