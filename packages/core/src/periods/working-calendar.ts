import { addDays, dayOfWeek, toDateParts, type CalendarDate } from './dates.js';
import { PeriodError } from './errors.js';
import { DEFAULT_WEEKEND_DAYS, publicHolidays, type Holiday, type HolidayOptions } from './holidays.js';

/** An operator's entry from the Government's yearly decision: an extra day off, or a make-up working day. */
export interface CalendarOverride {
  date: CalendarDate;
  kind: 'off' | 'working';
  note: string;
}

export interface WorkingCalendarOptions extends HolidayOptions {
  /** Swapped and make-up days; they win over weekends and computed holidays. */
  overrides?: readonly CalendarOverride[];
}

/** Answers which days are working days (ngày làm việc) in Vietnam's state agencies. */
export interface WorkingCalendar {
  /** True for a working day, after weekends, holidays and overrides. */
  isWorkingDay(date: CalendarDate): boolean;
  /** The days off of a solar year other than plain weekends: holidays, substitutes and 'off' overrides. */
  daysOff(year: number): Holiday[];
  /** The n-th working day after the date (before it when n < 0); the date itself when n = 0. */
  addWorkingDays(date: CalendarDate, n: number): CalendarDate;
  /** Working days in (from, to]; negative when `to` is before `from`. */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): number;
  /** The date itself when it is a working day, otherwise the next one. */
  onOrAfter(date: CalendarDate): CalendarDate;
  /** The date itself when it is a working day, otherwise the previous one. */
  onOrBefore(date: CalendarDate): CalendarDate;
}

/** Builds a working-day calendar with the statutory holidays and the operator's overrides. */
export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const weekend = options.weekendDays ?? DEFAULT_WEEKEND_DAYS;
  const overrides = indexOverrides(options.overrides ?? []);
  const holidaysByYear = new Map<number, Map<CalendarDate, Holiday>>();

  const holidaysOf = (year: number): Map<CalendarDate, Holiday> => {
    let found = holidaysByYear.get(year);
    if (!found) {
      found = new Map(publicHolidays(year, options).map((h) => [h.date, h]));
      holidaysByYear.set(year, found);
    }
    return found;
  };

  const isWorkingDay = (date: CalendarDate): boolean => {
    const override = overrides.get(date);
    if (override) return override.kind === 'working';
    if (weekend.includes(dayOfWeek(date))) return false;
    return !holidaysOf(toDateParts(date).year).has(date);
  };

  const step = (date: CalendarDate, direction: 1 | -1): CalendarDate => {
    let d = addDays(date, direction);
    // A year has at most a dozen holidays, so this loop ends within a few weeks; the bound guards bad options.
    for (let guard = 0; !isWorkingDay(d); guard += 1) {
      if (guard > 366) throw new PeriodError('calendar.invalid_override', 'Không có ngày làm việc nào trong một năm');
      d = addDays(d, direction);
    }
    return d;
  };

  const addWorkingDays = (date: CalendarDate, n: number): CalendarDate => {
    let d = date;
    for (let i = 0; i < Math.abs(n); i += 1) d = step(d, n > 0 ? 1 : -1);
    return d;
  };

  const workingDaysBetween = (from: CalendarDate, to: CalendarDate): number => {
    if (to < from) return -workingDaysBetween(to, from);
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count += 1;
    return count;
  };

  const daysOff = (year: number): Holiday[] => {
    const days = new Map(holidaysOf(year));
    for (const o of overrides.values()) {
      if (toDateParts(o.date).year !== year) continue;
      if (o.kind === 'working') days.delete(o.date);
      else days.set(o.date, { date: o.date, kind: 'override', name: o.note });
    }
    return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
  };

  return {
    isWorkingDay,
    daysOff,
    addWorkingDays,
    workingDaysBetween,
    onOrAfter: (date) => (isWorkingDay(date) ? date : step(date, 1)),
    onOrBefore: (date) => (isWorkingDay(date) ? date : step(date, -1)),
  };
}

function indexOverrides(list: readonly CalendarOverride[]): Map<CalendarDate, CalendarOverride> {
  const byDate = new Map<CalendarDate, CalendarOverride>();
  for (const o of list) {
    toDateParts(o.date);
    if (o.kind !== 'off' && o.kind !== 'working') {
      throw new PeriodError('calendar.invalid_override', `Loại ngày điều chỉnh không hợp lệ: ${String(o.kind)}`);
    }
    const earlier = byDate.get(o.date);
    if (earlier && earlier.kind !== o.kind) {
      throw new PeriodError('calendar.invalid_override', `Ngày ${o.date} vừa là ngày nghỉ vừa là ngày làm việc`);
    }
    byDate.set(o.date, o);
  }
  return byDate;
}
