import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutoffWindow, type CutoffRule } from './cutoff.js';
import { addDays, fromDayNumber, toDayNumber } from './dates.js';
import { assertDeadlineAfterCutoff, periodDeadline, type DeadlineRule } from './deadline.js';
import { fromLunarDate, toLunarDate } from './lunar.js';
import {
  formatPeriodId, nextPeriod, parsePeriodId, periodContaining, periodEnd, periodStart, previousPeriod,
  yearToDatePeriods, type Period, type PeriodKind,
} from './period.js';
import { createWorkingCalendar, type CalendarOverride } from './working-calendar.js';

const year = fc.integer({ min: 1901, max: 2198 });
const periodIn = (year: fc.Arbitrary<number>): fc.Arbitrary<Period> => fc.oneof(
  fc.record({ kind: fc.constant('month' as const), year, month: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('quarter' as const), year, quarter: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('half_year' as const), year, half: fc.constantFrom(1 as const, 2 as const) }),
  fc.record({ kind: fc.constant('nine_months' as const), year }),
  fc.record({ kind: fc.constant('year' as const), year }),
);
const period = periodIn(year);
const kind = fc.constantFrom<PeriodKind>('month', 'quarter', 'half_year', 'nine_months', 'year');
const date = fc.integer({ min: toDayNumber('1950-01-01'), max: toDayNumber('2150-12-31') }).map(fromDayNumber);
const cutoffRule: fc.Arbitrary<CutoffRule> = fc.oneof(
  fc.constant({ kind: 'decree_09' } as const),
  fc.constant({ kind: 'calendar' } as const),
  fc.integer({ min: -20, max: 20 }).map((offset) => ({ kind: 'custom', startOffsetDays: offset, endOffsetDays: offset }) as const),
);
const deadlineRule: fc.Arbitrary<DeadlineRule> = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map((days) => ({ kind: 'working_days_after_cutoff', days }) as const),
  fc.record({ kind: fc.constant('day_of_month' as const), day: fc.integer({ min: 1, max: 31 }), monthOffset: fc.integer({ min: 0, max: 1 }) }),
);
const overrides: fc.Arbitrary<CalendarOverride[]> = fc
  .uniqueArray(fc.integer({ min: toDayNumber('2024-01-01'), max: toDayNumber('2026-12-31') }), { maxLength: 20 })
  .chain((days) =>
    fc.tuple(...days.map((d) => fc.constantFrom('off' as const, 'working' as const).map((k) => ({ date: fromDayNumber(d), kind: k, note: 'test' })))),
  );
const calendar = createWorkingCalendar();

describe('period properties', () => {
  it('parse(format(p)) = p', () => {
    fc.assert(
      fc.property(period, (p) => {
        expect(parsePeriodId(formatPeriodId(p))).toEqual(p);
      }),
    );
  });

  it('previous and next undo each other', () => {
    fc.assert(
      fc.property(period, (p) => {
        expect(previousPeriod(nextPeriod(p))).toEqual(p);
        expect(nextPeriod(previousPeriod(p))).toEqual(p);
      }),
    );
  });

  it('year-to-date periods are contiguous, start on 1/1 and end with the period', () => {
    fc.assert(
      fc.property(period, (p) => {
        const parts = yearToDatePeriods(p);
        expect(periodStart(parts[0] as Period)).toBe(`${p.year}-01-01`);
        expect(periodEnd(parts[parts.length - 1] as Period)).toBe(periodEnd(p));
        parts.slice(1).forEach((part, i) => expect(periodStart(part)).toBe(addDays(periodEnd(parts[i] as Period), 1)));
      }),
    );
  });

  it('the period containing a date contains it', () => {
    fc.assert(
      fc.property(date, kind, (d, k) => {
        const p = periodContaining(d, k);
        if (p) expect(periodStart(p) <= d && d <= periodEnd(p)).toBe(true);
        else expect(k === 'nine_months' && d.slice(5) >= '10-01').toBe(true);
      }),
    );
  });
});

describe('cutoff window properties', () => {
  it('the 12 months, 4 quarters and 2 halves tile the year window with no gap or overlap', () => {
    fc.assert(
      fc.property(year, cutoffRule, (y, rule) => {
        const yearWindow = cutoffWindow({ kind: 'year', year: y }, rule);
        const tilings: Period[][] = [
          Array.from({ length: 12 }, (_, i) => ({ kind: 'month', year: y, month: i + 1 })),
          Array.from({ length: 4 }, (_, i) => ({ kind: 'quarter', year: y, quarter: i + 1 })),
          [{ kind: 'half_year', year: y, half: 1 }, { kind: 'half_year', year: y, half: 2 }],
        ];
        for (const periods of tilings) {
          const windows = periods.map((p) => cutoffWindow(p, rule));
          expect(windows[0]?.from).toBe(yearWindow.from);
          expect(windows[windows.length - 1]?.to).toBe(yearWindow.to);
          windows.forEach((w, i) => {
            expect(w.from <= w.to).toBe(true);
            if (i > 0) expect(w.from).toBe(addDays(windows[i - 1]?.to as string, 1));
          });
        }
      }),
    );
  });

  it('each window ends a year apart from the same period last year (9 months included)', () => {
    fc.assert(
      fc.property(period, (p) => {
        const w = cutoffWindow(p);
        expect(cutoffWindow({ ...p, year: p.year - 1 }).to).toBe(`${p.year - 1}${w.to.slice(4)}`);
      }),
    );
  });
});

describe('working days and deadlines', () => {
  it('a deadline is a working day at least 1 working day after the cutoff end', () => {
    fc.assert(
      fc.property(periodIn(fc.integer({ min: 2024, max: 2026 })), deadlineRule, cutoffRule, overrides, (p, rule, cutoff, list) => {
        const cal = createWorkingCalendar({ overrides: list });
        try {
          const deadline = periodDeadline(p, rule, cal, cutoff);
          expect(cal.isWorkingDay(deadline.date)).toBe(true);
          expect(() => assertDeadlineAfterCutoff(deadline.cutoff.to, deadline.date, cal)).not.toThrow();
        } catch (error) {
          // Only a fixed day on or before the cutoff end is refused, never a working-day count.
          expect((error as { code?: string }).code).toBe('deadline.before_cutoff');
          expect(rule.kind).toBe('day_of_month');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('adding n working days then counting back returns to the same working day', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 60 }), (d, n) => {
        const start = calendar.onOrAfter(d);
        const end = calendar.addWorkingDays(start, n);
        expect(calendar.addWorkingDays(end, -n)).toBe(start);
        expect(calendar.workingDaysBetween(start, end)).toBe(n);
        expect(calendar.isWorkingDay(end)).toBe(true);
      }),
    );
  });
});

describe('lunar calendar properties', () => {
  it('converts to lunar and back, and lunar days advance one by one', () => {
    fc.assert(
      fc.property(date, (d) => {
        const lunar = toLunarDate(d);
        expect(fromLunarDate(lunar)).toBe(d);
        const next = toLunarDate(addDays(d, 1));
        if (next.day === 1) expect(lunar.day === 29 || lunar.day === 30).toBe(true);
        else expect(next).toEqual({ ...lunar, day: lunar.day + 1 });
      }),
      { numRuns: 1000 },
    );
  });
});
