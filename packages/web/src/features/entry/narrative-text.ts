/**
 * The HTML a narrative section is stored as, and as the editor shows it. Placeholders are stored as
 * empty `<span data-placeholder="key">` (the server keeps only the key); on screen they are filled
 * with the figure resolved from the unit's figures, and emptied again before saving.
 */

/** How a placeholder reads on screen: its resolved figure, or that there is none yet. */
export type PlaceholderText = (key: string) => { text: string; missing: boolean };

const BLOCKS = new Set(['P', 'UL', 'OL', 'BLOCKQUOTE', 'H3', 'H4', 'TABLE']);
const PLACEHOLDER = 'span[data-placeholder]';

/** Shows each placeholder of `root` with its text, not editable inside, styled as a tag. */
export function fillPlaceholders(root: ParentNode, textOf: PlaceholderText): void {
  for (const span of Array.from(root.querySelectorAll<HTMLElement>(PLACEHOLDER))) fillPlaceholder(span, textOf);
}

/** Shows one placeholder span with its text. */
export function fillPlaceholder(span: HTMLElement, textOf: PlaceholderText): void {
  const { text, missing } = textOf(span.dataset.placeholder ?? '');
  span.textContent = text;
  span.contentEditable = 'false';
  span.className = missing ? 'narrative-ph narrative-ph-missing' : 'narrative-ph';
}

/** Stored HTML with its placeholders filled, for reading. */
export function filledHtml(html: string, textOf: PlaceholderText): string {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  fillPlaceholders(body, textOf);
  return body.innerHTML;
}

/**
 * The editor's content as it is stored: placeholders emptied, loose text and `<div>` lines (what the
 * browser writes on Enter) as paragraphs; blank content is an empty section.
 */
export function editorHtml(root: HTMLElement): string {
  const copy = root.cloneNode(true) as HTMLElement;
  for (const span of Array.from(copy.querySelectorAll<HTMLElement>(PLACEHOLDER))) {
    const key = span.dataset.placeholder ?? '';
    const empty = document.createElement('span');
    empty.setAttribute('data-placeholder', key);
    span.replaceWith(empty);
  }
  for (const div of Array.from(copy.querySelectorAll('div'))) {
    const p = document.createElement('p');
    p.append(...Array.from(div.childNodes));
    div.replaceWith(p);
  }
  const out = document.createElement('div');
  let loose: HTMLParagraphElement | null = null;
  for (const node of Array.from(copy.childNodes)) {
    if (node instanceof HTMLElement && BLOCKS.has(node.tagName)) {
      loose = null;
      out.append(node);
    } else {
      loose ??= out.appendChild(document.createElement('p'));
      loose.append(node);
    }
  }
  // Paragraphs with nothing but a line break are the empty lines the browser keeps for the caret.
  for (const p of Array.from(out.querySelectorAll('p'))) {
    if (!p.querySelector(PLACEHOLDER) && (p.textContent ?? '').trim() === '') p.remove();
  }
  return out.textContent?.trim() || out.querySelector(PLACEHOLDER) ? out.innerHTML : '';
}
