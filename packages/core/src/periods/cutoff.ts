import { addDays, makeDate, type CalendarDate } from './dates.js';
import { PeriodError } from './errors.js';
import { periodEnd, periodMonths, periodStart, type Period } from './period.js';

/**
 * How a regime sets the data cutoff window (thời gian chốt số liệu):
 * - `decree_09`: Decree 09/2019 Art. 12, day 15 of the month before the period → day 14 of its last month
 *   (the 9-month window 15/12/Y-1 → 14/09/Y follows the same rule, as provinces apply it);
 * - `calendar`: the period's own first → last day (statistical and some sector regimes);
 * - `custom`: the calendar bounds shifted by whole days, e.g. `{ startOffsetDays: -5, endOffsetDays: -5 }`.
 */
export type CutoffRule =
  | { kind: 'decree_09' }
  | { kind: 'calendar' }
  | { kind: 'custom'; startOffsetDays: number; endOffsetDays: number };

/** An inclusive span of days. */
export interface DateWindow {
  from: CalendarDate;
  to: CalendarDate;
}

export const DEFAULT_CUTOFF_RULE: CutoffRule = { kind: 'decree_09' };

/** The day of the month Decree 09 closes a window on; the next window opens the day after. */
const DECREE_09_CLOSING_DAY = 14;
const MAX_OFFSET_DAYS = 366;

/** Throws `cutoff.invalid_rule` for offsets that are not whole days, too large, or would invert a window. */
export function assertCutoffRule(rule: CutoffRule): void {
  if (rule.kind !== 'custom') return;
  const { startOffsetDays: start, endOffsetDays: end } = rule;
  const whole = Number.isInteger(start) && Number.isInteger(end);
  if (!whole || Math.abs(start) > MAX_OFFSET_DAYS || Math.abs(end) > MAX_OFFSET_DAYS || start - end > 27) {
    // 27: a February month is 28 days, so a larger start-end gap could leave a month's window empty.
    throw new PeriodError('cutoff.invalid_rule', `Quy tắc chốt số liệu không hợp lệ: ${JSON.stringify(rule)}`);
  }
}

/** The data cutoff window of a period under a rule (Decree 09 by default). */
export function cutoffWindow(period: Period, rule: CutoffRule = DEFAULT_CUTOFF_RULE): DateWindow {
  switch (rule.kind) {
    case 'decree_09': {
      const { first, last } = periodMonths(period);
      return {
        from: makeDate(period.year, first - 1, DECREE_09_CLOSING_DAY + 1),
        to: makeDate(period.year, last, DECREE_09_CLOSING_DAY),
      };
    }
    case 'calendar':
      return { from: periodStart(period), to: periodEnd(period) };
    case 'custom':
      assertCutoffRule(rule);
      return { from: addDays(periodStart(period), rule.startOffsetDays), to: addDays(periodEnd(period), rule.endOffsetDays) };
  }
}
