/**
 * Vietnamese number entry and display: "1.234.567,89" (dot thousands, comma decimals) shown and
 * typed in the grid, canonical "1234567.89" stored and computed. What people paste from Excel in
 * either locale is read too, by one rule that never guesses silently:
 *
 * - a comma is always the decimal separator in Vietnamese text, so "1,5" is 1.5 and "1.234,5" is 1234.5;
 * - dots alone are thousands separators when they group digits by three ("1.234.567"), and a decimal
 *   point otherwise ("1.5", "0.25"), as a figure copied from an English-locale sheet reads;
 * - "1,234,567.89" (English thousands) is read as English: commas grouping by three, then one dot;
 * - spaces (also non-breaking) between digit groups, a leading "+", and "%" after a percent are
 *   dropped; anything else is refused with a message.
 */
export type ParsedNumber = { ok: true; canonical: string } | { ok: false; message: string };

const GROUPED_DOTS = /^\d{1,3}(\.\d{3})+$/;
const GROUPED_COMMAS = /^\d{1,3}(,\d{3})+$/;

/** Reads what a person typed or pasted into a number cell; '' is blank (canonical ''). */
export function parseViNumber(input: string): ParsedNumber {
  let s = input.replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return { ok: true, canonical: '' };
  s = s.replace(/%$/, '');
  let sign = '';
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1);
  } else if (/^\(.*\)$/.test(s)) {
    // Accounting negatives: (1.234)
    sign = '-';
    s = s.slice(1, -1);
  }
  let intPart: string;
  let frac = '';
  const commas = (s.match(/,/g) ?? []).length;
  const dots = (s.match(/\./g) ?? []).length;
  if (commas === 0) {
    if (dots <= 1 && !GROUPED_DOTS.test(s)) [intPart, frac = ''] = s.split('.') as [string, string?];
    else if (GROUPED_DOTS.test(s)) intPart = s.replace(/\./g, '');
    else return bad(input);
  } else if (commas === 1 && (dots === 0 || GROUPED_DOTS.test(s.split(',')[0]!))) {
    const [i, f] = s.split(',') as [string, string];
    intPart = i.replace(/\./g, '');
    frac = f;
  } else {
    // English grouping: 1,234,567 or 1,234,567.89
    const [i, f = ''] = s.split('.') as [string, string?];
    if (dots > 1 || !GROUPED_COMMAS.test(i)) return bad(input);
    intPart = i.replace(/,/g, '');
    frac = f;
  }
  if (!/^\d+$/.test(intPart) || (frac !== '' && !/^\d+$/.test(frac))) return bad(input);
  intPart = intPart.replace(/^0+(?=\d)/, '');
  const canonical = `${sign}${intPart}${frac ? `.${frac}` : ''}`;
  return { ok: true, canonical: canonical === '-0' ? '0' : canonical };
}

function bad(input: string): ParsedNumber {
  return { ok: false, message: `"${input.length > 40 ? `${input.slice(0, 40)}…` : input}" không phải số (ví dụ 1.234.567,89)` };
}

/** Shows a canonical number the Vietnamese way: "1234567.89" → "1.234.567,89". Non-numbers come back as they are. */
export function formatViNumber(canonical: string | null | undefined): string {
  if (canonical === null || canonical === undefined || canonical === '') return '';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(canonical);
  if (!m) return canonical;
  const [, sign, int, frac] = m;
  return `${sign}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${frac ? `,${frac}` : ''}`;
}
