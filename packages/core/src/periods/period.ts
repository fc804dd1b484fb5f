import { daysInMonth, makeDate, toDateParts, type CalendarDate } from './dates.js';
import { PERIODICITIES } from '../contracts/common.js';
import { PeriodError } from './errors.js';

/** A periodic reporting period (kỳ báo cáo định kỳ). */
export type Period =
  | { kind: 'month'; year: number; month: number }
  | { kind: 'quarter'; year: number; quarter: number }
  | { kind: 'half_year'; year: number; half: 1 | 2 }
  | { kind: 'nine_months'; year: number }
  | { kind: 'year'; year: number };

export type PeriodKind = Period['kind'];

/** The same names as the `Periodicity` contract, so a regime's periodicity is a period kind. */
export const PERIOD_KINDS: readonly PeriodKind[] = PERIODICITIES;

/** Years the identifiers accept; the lunar formulas stay accurate well beyond this range. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

const ID_PATTERN = /^(\d{4})(?:-(M(\d{2})|Q(\d)|H(\d)|9M))?$/;
const ROMAN = ['I', 'II', 'III', 'IV'] as const;

/** Parses `2025-M03`, `2025-Q1`, `2025-H1`, `2025-9M` or `2025`; throws `period.invalid_id` otherwise. */
export function parsePeriodId(id: string): Period {
  const match = ID_PATTERN.exec(id);
  const fail = (why: string): never => {
    throw new PeriodError('period.invalid_id', `Mã kỳ báo cáo không hợp lệ: "${id}" (${why})`);
  };
  if (!match) return fail('cần dạng 2025-M03, 2025-Q1, 2025-H1, 2025-9M hoặc 2025');
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return fail(`năm phải từ ${MIN_YEAR} đến ${MAX_YEAR}`);
  const [, , suffix, month, quarter, half] = match;
  if (suffix === undefined) return { kind: 'year', year };
  if (suffix === '9M') return { kind: 'nine_months', year };
  if (month !== undefined) {
    const m = Number(month);
    return m >= 1 && m <= 12 ? { kind: 'month', year, month: m } : fail('tháng phải từ 01 đến 12');
  }
  if (quarter !== undefined) {
    const q = Number(quarter);
    return q >= 1 && q <= 4 ? { kind: 'quarter', year, quarter: q } : fail('quý phải từ 1 đến 4');
  }
  return half === '1' || half === '2' ? { kind: 'half_year', year, half: half === '1' ? 1 : 2 } : fail('nửa năm là H1 hoặc H2');
}

/** True when the string is a valid period identifier. */
export function isPeriodId(id: string): boolean {
  try {
    parsePeriodId(id);
    return true;
  } catch (_error) {
    return false;
  }
}

/** The stable identifier of a period, e.g. `2025-M03`. */
export function formatPeriodId(period: Period): string {
  assertPeriod(period);
  switch (period.kind) {
    case 'month':
      return `${period.year}-M${String(period.month).padStart(2, '0')}`;
    case 'quarter':
      return `${period.year}-Q${period.quarter}`;
    case 'half_year':
      return `${period.year}-H${period.half}`;
    case 'nine_months':
      return `${period.year}-9M`;
    case 'year':
      return String(period.year);
  }
}

/** The Vietnamese label, e.g. "Tháng 3/2025", "Quý I/2025", "6 tháng đầu năm 2025". */
export function formatPeriodLabelVi(period: Period): string {
  assertPeriod(period);
  switch (period.kind) {
    case 'month':
      return `Tháng ${period.month}/${period.year}`;
    case 'quarter':
      return `Quý ${ROMAN[period.quarter - 1]}/${period.year}`;
    case 'half_year':
      return `6 tháng ${period.half === 1 ? 'đầu' : 'cuối'} năm ${period.year}`;
    case 'nine_months':
      return `9 tháng năm ${period.year}`;
    case 'year':
      return `Năm ${period.year}`;
  }
}

/** Throws `period.invalid` for a hand-built period value that has no identifier. */
export function assertPeriod(period: Period): void {
  const ok =
    Number.isInteger(period.year) && period.year >= MIN_YEAR && period.year <= MAX_YEAR &&
    (period.kind === 'month' ? Number.isInteger(period.month) && period.month >= 1 && period.month <= 12
      : period.kind === 'quarter' ? Number.isInteger(period.quarter) && period.quarter >= 1 && period.quarter <= 4
      : period.kind === 'half_year' ? period.half === 1 || period.half === 2
      : PERIOD_KINDS.includes(period.kind));
  if (!ok) throw new PeriodError('period.invalid', `Kỳ báo cáo không hợp lệ: ${JSON.stringify(period)}`);
}

/** First and last calendar month (1–12) the period covers. */
export function periodMonths(period: Period): { first: number; last: number } {
  switch (period.kind) {
    case 'month':
      return { first: period.month, last: period.month };
    case 'quarter':
      return { first: period.quarter * 3 - 2, last: period.quarter * 3 };
    case 'half_year':
      return { first: period.half * 6 - 5, last: period.half * 6 };
    case 'nine_months':
      return { first: 1, last: 9 };
    case 'year':
      return { first: 1, last: 12 };
  }
}

/** First calendar day of the period. */
export function periodStart(period: Period): CalendarDate {
  return makeDate(period.year, periodMonths(period).first, 1);
}

/** Last calendar day of the period. */
export function periodEnd(period: Period): CalendarDate {
  const { last } = periodMonths(period);
  return makeDate(period.year, last, daysInMonth(period.year, last));
}

/** The period of the same kind `steps` periods later (earlier when negative); 9M and year step by years. */
export function shiftPeriod(period: Period, steps: number): Period {
  assertPeriod(period);
  const moved = ((): Period => {
    switch (period.kind) {
      case 'month': {
        const index = period.year * 12 + period.month - 1 + steps;
        return { kind: 'month', year: Math.floor(index / 12), month: (index % 12) + 1 };
      }
      case 'quarter': {
        const index = period.year * 4 + period.quarter - 1 + steps;
        return { kind: 'quarter', year: Math.floor(index / 4), quarter: (index % 4) + 1 };
      }
      case 'half_year': {
        const index = period.year * 2 + period.half - 1 + steps;
        return { kind: 'half_year', year: Math.floor(index / 2), half: index % 2 === 0 ? 1 : 2 };
      }
      default:
        return { ...period, year: period.year + steps };
    }
  })();
  assertPeriod(moved);
  return moved;
}

/** The period just before (kỳ trước). */
export function previousPeriod(period: Period): Period {
  return shiftPeriod(period, -1);
}

/** The period just after (kỳ sau). */
export function nextPeriod(period: Period): Period {
  return shiftPeriod(period, 1);
}

/** The same period of the previous year (cùng kỳ năm trước). */
export function samePeriodLastYear(period: Period): Period {
  const moved = { ...period, year: period.year - 1 };
  assertPeriod(moved);
  return moved;
}

/**
 * The periods that make up the year to date (lũy kế từ đầu năm), oldest first: months for a month,
 * quarters for a quarter, halves for a half, and quarters for 9 months (Q1–Q3) and the year (Q1–Q4).
 */
export function yearToDatePeriods(period: Period): Period[] {
  assertPeriod(period);
  const { year } = period;
  switch (period.kind) {
    case 'month':
      return range(period.month).map((month): Period => ({ kind: 'month', year, month }));
    case 'quarter':
      return range(period.quarter).map((quarter): Period => ({ kind: 'quarter', year, quarter }));
    case 'half_year':
      return period.half === 1 ? [period] : [{ kind: 'half_year', year, half: 1 }, period];
    case 'nine_months':
      return range(3).map((quarter): Period => ({ kind: 'quarter', year, quarter }));
    case 'year':
      return range(4).map((quarter): Period => ({ kind: 'quarter', year, quarter }));
  }
}

/** The period of a kind whose calendar days include the date; `undefined` for 9 months in Q4. */
export function periodContaining(date: CalendarDate, kind: PeriodKind): Period | undefined {
  const { year, month } = toDateParts(date);
  switch (kind) {
    case 'month':
      return { kind, year, month };
    case 'quarter':
      return { kind, year, quarter: Math.ceil(month / 3) };
    case 'half_year':
      return { kind, year, half: month <= 6 ? 1 : 2 };
    case 'nine_months':
      return month <= 9 ? { kind, year } : undefined;
    case 'year':
      return { kind, year };
  }
}

/** Orders periods by start day, then by end day (a month sorts before the quarter it opens). */
export function comparePeriods(a: Period, b: Period): number {
  const byStart = periodStart(a).localeCompare(periodStart(b));
  return byStart !== 0 ? byStart : periodEnd(a).localeCompare(periodEnd(b));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
