import { daysInMonth, formatDateVi, makeDate, toDateParts, type CalendarDate } from './dates.js';
import { PeriodError } from './errors.js';
import { cutoffWindow, DEFAULT_CUTOFF_RULE, type CutoffRule, type DateWindow } from './cutoff.js';
import { periodEnd, type Period } from './period.js';
import type { WorkingCalendar } from './working-calendar.js';

/**
 * When a report is due (thời hạn gửi báo cáo):
 * - `working_days_after_cutoff`: the n-th working day after the cutoff window ends (n ≥ 1);
 * - `day_of_month`: a fixed day of the month the period ends in (`monthOffset` 1 = the month after),
 *   e.g. day 25 of the last month (Decree 09 Art. 13.1); a day past the month's end means its last day.
 */
export type DeadlineRule =
  | { kind: 'working_days_after_cutoff'; days: number }
  | { kind: 'day_of_month'; day: number; monthOffset?: number };

export interface Deadline {
  /** The due date, always a working day at least one working day after `cutoff.to`. */
  date: CalendarDate;
  cutoff: DateWindow;
  /** True when the rule's date fell too close to the cutoff and was moved to the earliest allowed day. */
  clamped: boolean;
}

const MAX_DAYS_AFTER_CUTOFF = 250;

/** Throws `deadline.invalid_rule` for a rule that can never satisfy Decree 09 Art. 8.5b or is malformed. */
export function assertDeadlineRule(rule: DeadlineRule): void {
  const ok = rule.kind === 'working_days_after_cutoff'
    ? Number.isInteger(rule.days) && rule.days >= 1 && rule.days <= MAX_DAYS_AFTER_CUTOFF
    : Number.isInteger(rule.day) && rule.day >= 1 && rule.day <= 31 &&
      [0, 1, 2, 3].includes(rule.monthOffset ?? 0);
  if (!ok) {
    const why = rule.kind === 'working_days_after_cutoff' ? 'cần ít nhất 1 ngày làm việc sau khi chốt số liệu' : 'ngày hoặc tháng không hợp lệ';
    throw new PeriodError('deadline.invalid_rule', `Quy tắc thời hạn báo cáo không hợp lệ (${why}): ${JSON.stringify(rule)}`);
  }
}

/** The deadline of a period under a cutoff rule (Decree 09 by default) and a deadline rule. */
export function periodDeadline(
  period: Period,
  rule: DeadlineRule,
  calendar: WorkingCalendar,
  cutoffRule: CutoffRule = DEFAULT_CUTOFF_RULE,
): Deadline {
  const { year, month } = toDateParts(periodEnd(period));
  return deadlineAfterCutoff(cutoffWindow(period, cutoffRule), rule, calendar, { year, month });
}

/**
 * The deadline after a cutoff window. A fixed day that is not a working day moves back to the working
 * day before it ("no later than"); if that leaves less than 1 working day after the cutoff, the deadline
 * is clamped to the first working day after it. A fixed day on or before the cutoff's end is a
 * misconfigured rule and throws `deadline.before_cutoff` instead.
 */
export function deadlineAfterCutoff(
  cutoff: DateWindow,
  rule: DeadlineRule,
  calendar: WorkingCalendar,
  anchorMonth: { year: number; month: number } = toDateParts(cutoff.to),
): Deadline {
  assertDeadlineRule(rule);
  const earliest = calendar.addWorkingDays(cutoff.to, 1);
  if (rule.kind === 'working_days_after_cutoff') {
    return { date: calendar.addWorkingDays(cutoff.to, rule.days), cutoff, clamped: false };
  }
  const first = makeDate(anchorMonth.year, anchorMonth.month + (rule.monthOffset ?? 0), 1);
  const { year, month } = toDateParts(first);
  const fixed = makeDate(year, month, Math.min(rule.day, daysInMonth(year, month)));
  if (fixed <= cutoff.to) {
    throw new PeriodError('deadline.before_cutoff', `Thời hạn ${formatDateVi(fixed)} không sau ngày chốt số liệu ${formatDateVi(cutoff.to)}`);
  }
  const date = calendar.onOrBefore(fixed);
  return date < earliest ? { date: earliest, cutoff, clamped: true } : { date, cutoff, clamped: false };
}

/** Throws `deadline.before_cutoff` unless the date is a working day at least 1 working day after the cutoff (Art. 8.5b). */
export function assertDeadlineAfterCutoff(cutoffEnd: CalendarDate, deadline: CalendarDate, calendar: WorkingCalendar): void {
  if (calendar.workingDaysBetween(cutoffEnd, deadline) < 1 || !calendar.isWorkingDay(deadline)) {
    throw new PeriodError(
      'deadline.before_cutoff',
      `Thời hạn ${formatDateVi(deadline)} phải là ngày làm việc, cách ngày chốt số liệu ${formatDateVi(cutoffEnd)} ít nhất 1 ngày làm việc`,
    );
  }
}
