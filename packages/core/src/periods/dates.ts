import { PeriodError } from './errors.js';

/**
 * A civil date in Vietnam as `YYYY-MM-DD`. Plain strings compare and sort correctly, serialise as
 * themselves and never pass through the machine's time zone.
 */
export type CalendarDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Splits a `YYYY-MM-DD` string, throwing `date.invalid` for anything that is not a real date. */
export function toDateParts(date: CalendarDate): DateParts {
  const match = DATE_PATTERN.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new PeriodError('date.invalid', `Ngày không hợp lệ: "${date}" (cần dạng YYYY-MM-DD)`);
  }
  return { year, month, day };
}

/** True when the value is a real `YYYY-MM-DD` date. */
export function isCalendarDate(value: string): boolean {
  try {
    toDateParts(value);
    return true;
  } catch (_error) {
    return false;
  }
}

/** Builds a `YYYY-MM-DD` string; month and day may overflow and are normalised (day 0 = last of previous month). */
export function makeDate(year: number, month: number, day: number): CalendarDate {
  return fromDayNumber(Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY));
}

/** Days since 1970-01-01 (a day number, independent of any time zone). */
export function toDayNumber(date: CalendarDate): number {
  const { year, month, day } = toDateParts(date);
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Inverse of `toDayNumber`. */
export function fromDayNumber(dayNumber: number): CalendarDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new PeriodError('date.invalid', `Năm ngoài phạm vi: ${year}`);
  return `${String(year).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** The date `days` days later (earlier when negative). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** The civil date in Vietnam (UTC+7, no daylight saving) at an instant, whatever the machine's zone. */
export function vietnamDateOf(instant: Date): CalendarDate {
  return fromDayNumber(Math.floor((instant.getTime() + VIETNAM_OFFSET_MS) / MS_PER_DAY));
}

/** Formats as the Vietnamese `dd/mm/yyyy`. */
export function formatDateVi(date: CalendarDate): string {
  const { year, month, day } = toDateParts(date);
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
