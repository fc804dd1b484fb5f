import { columnScale, formatDateVi, formatViNumber, parseViNumber, valueKind, type GridColumn } from '@baocao/core';
import { i18n } from '../../shared/i18n';

/** What a person typed or pasted, read for one column: canonical text, null for blank, or why not. */
export type ParsedEntry = { ok: true; value: string | null } | { ok: false; message: string };

const TRUE_WORDS = new Set(['có', 'co', 'x', 'true', '1', 'yes', 'đúng', 'đ']);
const FALSE_WORDS = new Set(['không', 'khong', 'false', '0', 'no', 'sai']);
const DAY_VI = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const DAY_ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reads an entry the way a civil servant types it: Vietnamese or English numbers, dd/mm/yyyy dates, Có/Không. */
export function parseEntry(column: GridColumn, input: string | null | undefined): ParsedEntry {
  const text = (input ?? '').trim();
  if (text === '') return { ok: true, value: null };
  switch (valueKind(column.valueType)) {
    case 'text':
      return { ok: true, value: text };
    case 'boolean': {
      const word = text.toLocaleLowerCase('vi');
      if (TRUE_WORDS.has(word)) return { ok: true, value: 'true' };
      if (FALSE_WORDS.has(word)) return { ok: true, value: 'false' };
      return { ok: false, message: i18n.t('entry.invalid.boolean', { text }) };
    }
    case 'date':
      return parseDay(text);
    case 'number':
      return parseNumber(column, text);
  }
}

function parseNumber(column: GridColumn, text: string): ParsedEntry {
  const parsed = parseViNumber(text);
  if (!parsed.ok) return { ok: false, message: i18n.t('entry.invalid.number', { text }) };
  // "1.500,00" and "1500" are the same figure: trailing zeros after the decimal point say nothing.
  const canonical = parsed.canonical.includes('.') ? parsed.canonical.replace(/0+$/, '').replace(/\.$/, '') : parsed.canonical;
  const decimals = canonical.includes('.') ? canonical.length - canonical.indexOf('.') - 1 : 0;
  const scale = columnScale(column) ?? 0;
  if (decimals > scale) return { ok: false, message: scale === 0 ? i18n.t('entry.invalid.integer') : i18n.t('entry.invalid.scale', { scale }) };
  return { ok: true, value: canonical === '-0' ? '0' : canonical };
}

function parseDay(text: string): ParsedEntry {
  const vi = DAY_VI.exec(text);
  const iso = vi ? `${vi[3]}-${vi[2]!.padStart(2, '0')}-${vi[1]!.padStart(2, '0')}` : text;
  const m = DAY_ISO.exec(iso);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.getUTCDate() !== Number(m[3]) || date.getUTCMonth() !== Number(m[2]) - 1) {
    return { ok: false, message: i18n.t('entry.invalid.date', { text }) };
  }
  return { ok: true, value: iso };
}

/** Shows a canonical value: numbers the Vietnamese way at the column's scale (1.234,50), dates dd/mm/yyyy, Có/Không. */
export function displayValue(column: GridColumn, canonical: string | null | undefined): string {
  if (canonical === null || canonical === undefined || canonical === '') return '';
  switch (valueKind(column.valueType)) {
    case 'number': {
      const m = /^(-?\d+)(?:\.(\d+))?$/.exec(canonical);
      if (!m) return canonical;
      const scale = columnScale(column) ?? 0;
      const frac = (m[2] ?? '').padEnd(scale, '0');
      return formatViNumber(frac ? `${m[1]}.${frac}` : m[1]!);
    }
    case 'date':
      return DAY_ISO.test(canonical) ? formatDateVi(canonical) : canonical;
    case 'boolean':
      return canonical === 'true' ? i18n.t('entry.boolean.true') : canonical === 'false' ? i18n.t('entry.boolean.false') : canonical;
    case 'text':
      return canonical;
  }
}
