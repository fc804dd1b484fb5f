/**
 * Plain text to and from the simple HTML a narrative section is stored as (one paragraph per line),
 * until the rich-text editor writes that HTML itself.
 */
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One `<p>` per line; blank text is an empty section. */
export function textToHtml(text: string): string {
  if (text.trim() === '') return '';
  return text
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}

/** The text of each top-level block on its own line (paragraphs, headings, list items, table rows). */
export function htmlToText(html: string): string {
  if (!html) return '';
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  const lines: string[] = [];
  const walk = (node: Element) => {
    for (const child of Array.from(node.children)) {
      if (['UL', 'OL', 'TABLE', 'TBODY', 'THEAD'].includes(child.tagName)) walk(child);
      else lines.push(child.textContent ?? '');
    }
  };
  walk(body);
  return lines.length ? lines.join('\n') : (body.textContent ?? '');
}
