import { Decimal } from 'decimal.js';
import type { ValueKind } from '../templates/grid-model.js';

/**
 * The engine's own Decimal: 40 significant digits, half away from zero (as Excel's ROUND).
 * Isolated with clone() so nobody else's Decimal settings leak in or out.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -50, toExpPos: 50 });
export type Dec = Decimal;

/** A cell's value while evaluating: a Decimal, text or ISO date string, boolean, or null for blank. */
export type Value = Decimal | string | boolean | null;

/** Cell values as callers hold them: `<row>!<column>` → canonical text, null or '' for blank. */
export type CellValues = Record<string, string | null | undefined>;

const INTEGER = /^-?\d{1,30}$/;
const DECIMAL = /^-?\d{1,30}(\.\d{1,20})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type ParsedValue = { ok: true; value: Value } | { ok: false; message: string };

/**
 * Parses a cell's canonical text for a column: integers `-12`, decimals `1234.5` (dot, no thousands
 * separators, at most `scale` decimals), ISO dates `2025-06-30`, booleans `true`/`false`.
 * Blank (null, '' or spaces) is null. Localised display and entry formats are the UI's business.
 */
export function parseCellValue(text: string | null | undefined, kind: ValueKind, scale: number | null): ParsedValue {
  const problem = cellTextProblem(text, kind, scale);
  if (problem !== null) return { ok: false, message: problem };
  if (text === null || text === undefined) return { ok: true, value: null };
  if (kind === 'text') return { ok: true, value: text === '' ? null : text };
  const s = text.trim();
  if (s === '') return { ok: true, value: null };
  switch (kind) {
    case 'number':
      return { ok: true, value: new Dec(s) };
    case 'date':
      return { ok: true, value: s };
    case 'boolean':
      return { ok: true, value: s === 'true' };
  }
}

/**
 * What is wrong with a cell's text for a column (the Vietnamese message), or null when `parseCellValue`
 * would take it. Checks without building the value: a save of a whole form checks 1,750 cells.
 */
export function cellTextProblem(text: string | null | undefined, kind: ValueKind, scale: number | null): string | null {
  if (text === null || text === undefined || kind === 'text') return null;
  const s = text.trim();
  if (s === '') return null;
  switch (kind) {
    case 'number': {
      if (scale === 0 ? !INTEGER.test(s) : !DECIMAL.test(s)) {
        return scale === 0 ? `"${clip(s)}" không phải số nguyên` : `"${clip(s)}" không phải số (dùng dấu chấm thập phân)`;
      }
      const dot = s.indexOf('.');
      if (scale !== null && dot >= 0 && s.length - dot - 1 > scale) return `"${clip(s)}" có quá ${scale} chữ số thập phân`;
      return null;
    }
    case 'date':
      return isIsoDate(s) ? null : `"${clip(s)}" không phải ngày dạng YYYY-MM-DD`;
    case 'boolean':
      return s === 'true' || s === 'false' ? null : `"${clip(s)}" không phải giá trị có/không (true/false)`;
  }
}

/** Writes a value back as canonical text: numbers with exactly `scale` decimals, blank as null. */
export function formatValue(value: Value, scale: number | null): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return scale === null ? value.toFixed() : value.toFixed(scale);
}

function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
