import { describe, expect, it } from 'vitest';
import { vietnamDateOf } from './dates.js';
import { PeriodError } from './errors.js';
import {
  formatPeriodId, formatPeriodLabelVi, nextPeriod, parsePeriodId, periodContaining, periodEnd, periodStart,
  previousPeriod, samePeriodLastYear, yearToDatePeriods,
} from './period.js';
import { createAdHocDate, createWindow, isWithinWindow } from './span.js';

const ids = (list: ReturnType<typeof yearToDatePeriods>) => list.map(formatPeriodId);

describe('period identifiers', () => {
  it.each([
    ['2025-M03', { kind: 'month', year: 2025, month: 3 }, 'Tháng 3/2025', '2025-03-01', '2025-03-31'],
    ['2024-M02', { kind: 'month', year: 2024, month: 2 }, 'Tháng 2/2024', '2024-02-01', '2024-02-29'],
    ['2025-Q1', { kind: 'quarter', year: 2025, quarter: 1 }, 'Quý I/2025', '2025-01-01', '2025-03-31'],
    ['2025-Q4', { kind: 'quarter', year: 2025, quarter: 4 }, 'Quý IV/2025', '2025-10-01', '2025-12-31'],
    ['2025-H1', { kind: 'half_year', year: 2025, half: 1 }, '6 tháng đầu năm 2025', '2025-01-01', '2025-06-30'],
    ['2025-H2', { kind: 'half_year', year: 2025, half: 2 }, '6 tháng cuối năm 2025', '2025-07-01', '2025-12-31'],
    ['2025-9M', { kind: 'nine_months', year: 2025 }, '9 tháng năm 2025', '2025-01-01', '2025-09-30'],
    ['2025', { kind: 'year', year: 2025 }, 'Năm 2025', '2025-01-01', '2025-12-31'],
  ])('%s parses, formats, labels and spans its days', (id, period, label, first, last) => {
    const parsed = parsePeriodId(id);
    expect(parsed).toEqual(period);
    expect(formatPeriodId(parsed)).toBe(id);
    expect(formatPeriodLabelVi(parsed)).toBe(label);
    expect([periodStart(parsed), periodEnd(parsed)]).toEqual([first, last]);
  });

  it.each(['2025-M13', '2025-M00', '2025-M3', '2025-Q5', '2025-H3', '2025-9m', '25-M03', '2025-', 'abc', '1899', '2025-Y'])(
    'rejects %s with a clear error',
    (id) => {
      expect(() => parsePeriodId(id)).toThrow(PeriodError);
      expect(() => parsePeriodId(id)).toThrow(/Mã kỳ báo cáo không hợp lệ/);
      try {
        parsePeriodId(id);
      } catch (error) {
        expect((error as PeriodError).code).toBe('period.invalid_id');
      }
    },
  );
});

describe('period arithmetic', () => {
  it('steps to the previous and next period across year boundaries', () => {
    const step = (id: string, f: typeof nextPeriod) => formatPeriodId(f(parsePeriodId(id)));
    expect(step('2025-M01', previousPeriod)).toBe('2024-M12');
    expect(step('2024-M12', nextPeriod)).toBe('2025-M01');
    expect(step('2025-Q1', previousPeriod)).toBe('2024-Q4');
    expect(step('2025-H1', previousPeriod)).toBe('2024-H2');
    expect(step('2025-H1', nextPeriod)).toBe('2025-H2');
    expect(step('2025-9M', previousPeriod)).toBe('2024-9M');
    expect(step('2025', nextPeriod)).toBe('2026');
  });

  it('finds the same period last year', () => {
    expect(formatPeriodId(samePeriodLastYear(parsePeriodId('2025-M03')))).toBe('2024-M03');
    expect(formatPeriodId(samePeriodLastYear(parsePeriodId('2025-9M')))).toBe('2024-9M');
  });

  it('lists the periods of the year to date', () => {
    expect(ids(yearToDatePeriods(parsePeriodId('2025-M03')))).toEqual(['2025-M01', '2025-M02', '2025-M03']);
    expect(ids(yearToDatePeriods(parsePeriodId('2025-Q2')))).toEqual(['2025-Q1', '2025-Q2']);
    expect(ids(yearToDatePeriods(parsePeriodId('2025-H2')))).toEqual(['2025-H1', '2025-H2']);
    expect(ids(yearToDatePeriods(parsePeriodId('2025-9M')))).toEqual(['2025-Q1', '2025-Q2', '2025-Q3']);
    expect(ids(yearToDatePeriods(parsePeriodId('2025')))).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
  });

  it('finds the period containing a date', () => {
    const at = (date: string, kind: Parameters<typeof periodContaining>[1]) => {
      const p = periodContaining(date, kind);
      return p && formatPeriodId(p);
    };
    expect(at('2024-02-29', 'month')).toBe('2024-M02');
    expect(at('2025-07-01', 'quarter')).toBe('2025-Q3');
    expect(at('2025-06-30', 'half_year')).toBe('2025-H1');
    expect(at('2025-09-30', 'nine_months')).toBe('2025-9M');
    expect(at('2025-10-01', 'nine_months')).toBeUndefined();
    expect(at('2025-12-31', 'year')).toBe('2025');
  });

  it('reads the civil date in Vietnam whatever the machine zone', () => {
    expect(vietnamDateOf(new Date('2024-12-31T16:59:59Z'))).toBe('2024-12-31');
    expect(vietnamDateOf(new Date('2024-12-31T17:00:00Z'))).toBe('2025-01-01');
  });
});

describe('thematic windows and ad hoc dates', () => {
  it('builds validated value types', () => {
    const w = createWindow('2025-03-01', '2025-05-15');
    expect(w).toEqual({ kind: 'window', from: '2025-03-01', to: '2025-05-15' });
    expect(isWithinWindow('2025-05-15', w)).toBe(true);
    expect(isWithinWindow('2025-05-16', w)).toBe(false);
    expect(createAdHocDate('2025-02-28')).toEqual({ kind: 'ad_hoc', date: '2025-02-28' });
    expect(() => createWindow('2025-05-15', '2025-03-01')).toThrow(/Khoảng thời gian không hợp lệ/);
    expect(() => createAdHocDate('2025-02-29')).toThrow(/Ngày không hợp lệ/);
  });
});
