import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../periods/working-calendar.js';
import { PeriodError } from '../periods/errors.js';
import { assertRegimePlan, lateDays, regimeRounds, reminderDates, timeLeft, upcomingRounds, type RegimePlan } from './schedule.js';

const calendar = createWorkingCalendar();
type PeriodicPlan = Extract<RegimePlan, { kind: 'periodic' }>;
const monthly = (startsOn: string, endsOn: string | null = null): PeriodicPlan => ({
  kind: 'periodic', periodicity: 'month', cutoffRule: { kind: 'decree_09' }, deadlineRule: { kind: 'working_days_after_cutoff', days: 2 }, startsOn, endsOn,
});

describe('periodic rounds', () => {
  it('a monthly regime created on 1 December 2026 starts with December (window 15/11 – 14/12) and opens it at once', () => {
    const rounds = regimeRounds(monthly('2026-12-01'), calendar, { limit: 3 });
    expect(rounds.map((r) => [r.key, r.label, r.cutoffFrom, r.cutoffTo, r.opensOn, r.dueOn])).toEqual([
      // 14/12/2026 is a Monday: 2 working days later is Wednesday 16/12
      ['2026-M12', 'Tháng 12/2026', '2026-11-15', '2026-12-14', '2026-12-01', '2026-12-16'],
      // January 2027 opens 15/12/2026, cutoff Thursday 14/01, due Monday 18/01
      ['2027-M01', 'Tháng 1/2027', '2026-12-15', '2027-01-14', '2026-12-15', '2027-01-18'],
      ['2027-M02', 'Tháng 2/2027', '2027-01-15', '2027-02-14', '2027-01-15', '2027-02-16'],
    ]);
  });

  it('opens only what has started by a day, and stops at the end date', () => {
    expect(regimeRounds(monthly('2026-12-01'), calendar, { through: '2026-12-14' }).map((r) => r.key)).toEqual(['2026-M12']);
    expect(regimeRounds(monthly('2026-12-01'), calendar, { through: '2026-12-15' }).map((r) => r.key)).toEqual(['2026-M12', '2027-M01']);
    expect(regimeRounds(monthly('2026-01-01', '2026-03-31'), calendar).map((r) => r.key)).toEqual(['2026-M01', '2026-M02', '2026-M03', '2026-M04']);
  });

  it('catches up: every period opened since the start, across a year boundary', () => {
    const keys = regimeRounds({ ...monthly('2025-11-20'), periodicity: 'quarter' }, calendar, { through: '2026-12-01' }).map((r) => r.key);
    expect(keys).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  });

  it('9 months and years follow Decree 09 windows', () => {
    const nine = regimeRounds({ ...monthly('2026-01-01'), periodicity: 'nine_months' }, calendar, { limit: 1 })[0]!;
    expect([nine.key, nine.cutoffFrom, nine.cutoffTo]).toEqual(['2026-9M', '2025-12-15', '2026-09-14']);
    const year = regimeRounds({ ...monthly('2026-01-01'), periodicity: 'year' }, calendar, { limit: 1 })[0]!;
    expect([year.key, year.cutoffFrom, year.cutoffTo]).toEqual(['2026', '2025-12-15', '2026-12-14']);
  });

  it('calendar cutoffs with a fixed day of the next month', () => {
    const plan: PeriodicPlan = { ...monthly('2026-01-01'), cutoffRule: { kind: 'calendar' }, deadlineRule: { kind: 'day_of_month', day: 5, monthOffset: 1 } };
    const [jan] = regimeRounds(plan, calendar, { limit: 1 });
    expect([jan!.cutoffFrom, jan!.cutoffTo, jan!.dueOn]).toEqual(['2026-01-01', '2026-01-31', '2026-02-05']);
  });

  it('upcoming rounds follow the ones already open', () => {
    expect(upcomingRounds(monthly('2026-12-01'), calendar, '2026-12-01', 2).map((r) => r.key)).toEqual(['2027-M01', '2027-M02']);
  });
});

describe('thematic and ad hoc rounds', () => {
  const thematic: RegimePlan = {
    kind: 'thematic', startsOn: '2026-12-01', endsOn: '2027-06-30',
    rounds: [
      { label: 'Đợt 2', from: '2027-03-01', to: '2027-03-31', dueOn: '2027-04-05' },
      { label: 'Đợt 1', from: '2026-12-01', to: '2026-12-31', dueOn: '2027-01-05' },
    ],
  };
  it('orders the rounds by opening and numbers them as entered', () => {
    expect(regimeRounds(thematic, calendar).map((r) => [r.key, r.label, r.opensOn])).toEqual([
      ['round-2', 'Đợt 1', '2026-12-01'],
      ['round-1', 'Đợt 2', '2027-03-01'],
    ]);
    expect(regimeRounds(thematic, calendar, { through: '2026-12-01' })).toHaveLength(1);
  });
  it('refuses a round outside the window or due too early', () => {
    assertRegimePlan(thematic, calendar);
    const outside = { ...thematic, rounds: [{ label: 'X', from: '2027-06-01', to: '2027-07-10', dueOn: '2027-07-15' }] };
    expect(() => assertRegimePlan(outside, calendar)).toThrow(PeriodError);
    const early = { ...thematic, rounds: [{ label: 'X', from: '2026-12-01', to: '2026-12-31', dueOn: '2026-12-31' }] };
    expect(() => assertRegimePlan(early, calendar)).toThrow(expect.objectContaining({ code: 'deadline.before_cutoff' }));
  });
  it('an ad hoc request is one round, open from the day it is issued', () => {
    const plan: RegimePlan = { kind: 'ad_hoc', issuedOn: '2026-12-01', asOf: '2026-12-01', dueOn: '2026-12-04' };
    assertRegimePlan(plan, calendar);
    expect(regimeRounds(plan, calendar)).toEqual([
      { key: 'ad-hoc', label: 'Báo cáo đột xuất', cutoffFrom: '2026-12-01', cutoffTo: '2026-12-01', opensOn: '2026-12-01', dueOn: '2026-12-04', clamped: false },
    ]);
  });
  it('refuses an ad hoc due date on the cutoff day, before it, or on a day off', () => {
    for (const dueOn of ['2026-12-01', '2026-11-30', '2026-12-05']) {
      expect(() => assertRegimePlan({ kind: 'ad_hoc', issuedOn: '2026-12-01', asOf: '2026-12-01', dueOn }, calendar)).toThrow(
        expect.objectContaining({ code: 'deadline.before_cutoff' }),
      );
    }
  });
});

describe('periodic plan checks', () => {
  it('refuses a fixed day on or before the Decree 09 cutoff, and an end before the start', () => {
    expect(() => assertRegimePlan({ ...monthly('2026-12-01'), deadlineRule: { kind: 'day_of_month', day: 10 } }, calendar)).toThrow(
      expect.objectContaining({ code: 'deadline.before_cutoff' }),
    );
    expect(() => assertRegimePlan({ ...monthly('2026-12-01'), deadlineRule: { kind: 'working_days_after_cutoff', days: 0 } }, calendar)).toThrow(
      expect.objectContaining({ code: 'deadline.invalid_rule' }),
    );
    expect(() => assertRegimePlan(monthly('2026-12-01', '2026-11-01'), calendar)).toThrow(expect.objectContaining({ code: 'window.invalid' }));
    assertRegimePlan({ ...monthly('2026-12-01'), deadlineRule: { kind: 'day_of_month', day: 20 } }, calendar);
  });
  it('an open-ended regime needs a bound to list its rounds', () => {
    expect(() => regimeRounds(monthly('2026-12-01'), calendar)).toThrow(PeriodError);
  });
});

describe('time left', () => {
  it('counts calendar and working days, and lateness', () => {
    // Friday 4/12/2026 → Tuesday 8/12: 4 days, 2 working days
    expect(timeLeft('2026-12-08', '2026-12-04', calendar)).toEqual({ days: 4, workingDays: 2, overdue: false });
    expect(timeLeft('2026-12-08', '2026-12-10', calendar)).toEqual({ days: -2, workingDays: -2, overdue: true });
    expect(lateDays('2026-12-08', '2026-12-08', '2026-12-20')).toBe(0);
    expect(lateDays('2026-12-08', '2026-12-11', '2026-12-20')).toBe(3);
    expect(lateDays('2026-12-08', null, '2026-12-20')).toBe(12);
    expect(reminderDates('2026-12-08', [1, 3, 3])).toEqual([{ daysBefore: 3, date: '2026-12-05' }, { daysBefore: 1, date: '2026-12-07' }]);
  });
});
