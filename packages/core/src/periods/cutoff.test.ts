import { describe, expect, it } from 'vitest';
import { cutoffWindow } from './cutoff.js';
import { assertDeadlineAfterCutoff, periodDeadline, type DeadlineRule } from './deadline.js';
import { parsePeriodId } from './period.js';
import { createWorkingCalendar } from './working-calendar.js';

const window = (id: string, rule?: Parameters<typeof cutoffWindow>[1]) => cutoffWindow(parsePeriodId(id), rule);
const calendar = createWorkingCalendar();
const due = (id: string, rule: DeadlineRule, cutoff?: Parameters<typeof cutoffWindow>[1]) =>
  periodDeadline(parsePeriodId(id), rule, calendar, cutoff);

describe('Decree 09/2019 Art. 12 cutoff windows', () => {
  it.each([
    ['2025-M01', '2024-12-15', '2025-01-14'],
    ['2025-M03', '2025-02-15', '2025-03-14'],
    ['2024-M03', '2024-02-15', '2024-03-14'],
    ['2024-M12', '2024-11-15', '2024-12-14'],
    ['2025-Q1', '2024-12-15', '2025-03-14'],
    ['2025-Q2', '2025-03-15', '2025-06-14'],
    ['2025-Q3', '2025-06-15', '2025-09-14'],
    ['2025-Q4', '2025-09-15', '2025-12-14'],
    ['2025-H1', '2024-12-15', '2025-06-14'],
    ['2025-H2', '2025-06-15', '2025-12-14'],
    ['2025-9M', '2024-12-15', '2025-09-14'],
    ['2025', '2024-12-15', '2025-12-14'],
  ])('%s: %s → %s', (id, from, to) => {
    expect(window(id)).toEqual({ from, to });
  });
});

describe('per-regime cutoff overrides', () => {
  it('uses the calendar period, leap days included', () => {
    expect(window('2024-M02', { kind: 'calendar' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(window('2025-Q1', { kind: 'calendar' })).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(window('2025-9M', { kind: 'calendar' })).toEqual({ from: '2025-01-01', to: '2025-09-30' });
  });

  it('shifts the calendar bounds by custom offsets', () => {
    const rule = { kind: 'custom', startOffsetDays: -5, endOffsetDays: -5 } as const;
    expect(window('2025-M01', rule)).toEqual({ from: '2024-12-27', to: '2025-01-26' });
    expect(window('2024-M03', rule)).toEqual({ from: '2024-02-25', to: '2024-03-26' });
  });

  it('rejects custom offsets that are not whole days or would empty a window', () => {
    expect(() => window('2025-M01', { kind: 'custom', startOffsetDays: 0.5, endOffsetDays: 0 })).toThrow(/chốt số liệu/);
    expect(() => window('2025-M02', { kind: 'custom', startOffsetDays: 30, endOffsetDays: 0 })).toThrow(/chốt số liệu/);
  });
});

describe('deadlines', () => {
  it('counts working days after the cutoff, skipping weekends and Tết', () => {
    // Cutoff ends Friday 14/03/2025; Monday 17 is the first working day after it.
    expect(due('2025-M03', { kind: 'working_days_after_cutoff', days: 2 }).date).toBe('2025-03-18');
    // Cutoff ends Saturday 14/02/2026; Tết Bính Ngọ is 16–20/02, so the first working day is 23/02.
    expect(due('2026-M02', { kind: 'working_days_after_cutoff', days: 1 }).date).toBe('2026-02-23');
    expect(due('2026-M02', { kind: 'working_days_after_cutoff', days: 2 }).date).toBe('2026-02-24');
  });

  it('uses a fixed day of the last month (Art. 13.1: day 25)', () => {
    expect(due('2025-Q1', { kind: 'day_of_month', day: 25 })).toEqual({
      date: '2025-03-25', cutoff: { from: '2024-12-15', to: '2025-03-14' }, clamped: false,
    });
    // 25/05/2025 is a Sunday: "no later than" moves it back to Friday 23/05.
    expect(due('2025-M05', { kind: 'day_of_month', day: 25 }).date).toBe('2025-05-23');
    // Day 31 in February means its last day.
    expect(due('2024-M02', { kind: 'day_of_month', day: 31 }).date).toBe('2024-02-29');
    // With calendar periods, day 25 of the following month.
    expect(due('2025-Q1', { kind: 'day_of_month', day: 25, monthOffset: 1 }, { kind: 'calendar' }).date).toBe('2025-04-25');
  });

  it('clamps a fixed day that leaves less than 1 working day to the first working day after cutoff', () => {
    // 16/02/2026 is Tết eve; the working day before it (13/02) precedes the cutoff end, so clamp to 23/02.
    expect(due('2026-M02', { kind: 'day_of_month', day: 16 })).toMatchObject({ date: '2026-02-23', clamped: true });
  });

  it('rejects rules that cannot leave 1 working day after cutoff (Art. 8.5b)', () => {
    expect(() => due('2025-M03', { kind: 'working_days_after_cutoff', days: 0 })).toThrow(/ít nhất 1 ngày làm việc/);
    expect(() => due('2025-M03', { kind: 'day_of_month', day: 10 })).toThrow(/không sau ngày chốt số liệu/);
    expect(() => due('2025-M03', { kind: 'day_of_month', day: 32 })).toThrow(/không hợp lệ/);
  });

  it('checks an explicit deadline against the cutoff', () => {
    expect(() => assertDeadlineAfterCutoff('2025-03-14', '2025-03-17', calendar)).not.toThrow();
    expect(() => assertDeadlineAfterCutoff('2025-03-14', '2025-03-16', calendar)).toThrow(/ít nhất 1 ngày làm việc/);
    expect(() => assertDeadlineAfterCutoff('2025-03-14', '2025-03-14', calendar)).toThrow(/ít nhất 1 ngày làm việc/);
  });
});
