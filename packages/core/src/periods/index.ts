export { PeriodError, type PeriodErrorCode } from './errors.js';
export {
  addDays, dayOfWeek, daysBetween, daysInMonth, formatDateVi, fromDayNumber, isCalendarDate, makeDate,
  toDateParts, toDayNumber, vietnamDateOf, type CalendarDate, type DateParts,
} from './dates.js';
export { fromLunarDate, lunarNewYear, toLunarDate, VIETNAM_TIME_ZONE, type LunarDate } from './lunar.js';
export {
  assertPeriod, comparePeriods, formatPeriodId, formatPeriodLabelVi, isPeriodId, MAX_YEAR, MIN_YEAR, nextPeriod,
  parsePeriodId, PERIOD_KINDS, periodContaining, periodEnd, periodMonths, periodStart, previousPeriod,
  samePeriodLastYear, shiftPeriod, yearToDatePeriods, type Period, type PeriodKind,
} from './period.js';
export { createAdHocDate, createWindow, isWithinWindow, type AdHocDate, type ReportingWindow } from './span.js';
export { assertCutoffRule, cutoffWindow, DEFAULT_CUTOFF_RULE, type CutoffRule, type DateWindow } from './cutoff.js';
export { publicHolidays, DEFAULT_WEEKEND_DAYS, type Holiday, type HolidayKind, type HolidayOptions } from './holidays.js';
export {
  createWorkingCalendar, type CalendarOverride, type WorkingCalendar, type WorkingCalendarOptions,
} from './working-calendar.js';
export {
  assertDeadlineAfterCutoff, assertDeadlineRule, deadlineAfterCutoff, periodDeadline, type Deadline, type DeadlineRule,
} from './deadline.js';
export { CalendarDateSchema, CalendarOverrideSchema, CutoffRuleSchema, DeadlineRuleSchema, PeriodIdSchema } from './schemas.js';
