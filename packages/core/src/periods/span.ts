import { toDateParts, type CalendarDate } from './dates.js';
import { PeriodError } from './errors.js';

/** A thematic window (báo cáo chuyên đề): an inclusive span of days set by the issuing body. */
export interface ReportingWindow {
  kind: 'window';
  from: CalendarDate;
  to: CalendarDate;
}

/** An ad hoc request (báo cáo đột xuất): the day it concerns, usually the day it was issued. */
export interface AdHocDate {
  kind: 'ad_hoc';
  date: CalendarDate;
}

/** Builds a thematic window, throwing `window.invalid` unless both are dates and `from` ≤ `to`. */
export function createWindow(from: CalendarDate, to: CalendarDate): ReportingWindow {
  toDateParts(from);
  toDateParts(to);
  if (from > to) throw new PeriodError('window.invalid', `Khoảng thời gian không hợp lệ: ${from} sau ${to}`);
  return { kind: 'window', from, to };
}

/** Builds an ad hoc date, throwing `date.invalid` for a bad date. */
export function createAdHocDate(date: CalendarDate): AdHocDate {
  toDateParts(date);
  return { kind: 'ad_hoc', date };
}

/** True when the date lies inside the window, both ends included. */
export function isWithinWindow(date: CalendarDate, window: { from: CalendarDate; to: CalendarDate }): boolean {
  return window.from <= date && date <= window.to;
}
