import { describe, expect, it } from 'vitest';
import { publicHolidays } from './holidays.js';
import { createWorkingCalendar } from './working-calendar.js';

const offDays = (year: number, options = {}) => publicHolidays(year, options).map((h) => `${h.date} ${h.kind}`);

describe('public holidays (Labour Code 2019 Art. 112) with compensatory days', () => {
  it('lists 2025: Tết 28/01–01/02 with Saturday 01/02 made up on Monday 03/02', () => {
    expect(offDays(2025)).toEqual([
      '2025-01-01 new_year',
      '2025-01-28 lunar_new_year',
      '2025-01-29 lunar_new_year',
      '2025-01-30 lunar_new_year',
      '2025-01-31 lunar_new_year',
      '2025-02-01 lunar_new_year',
      '2025-02-03 substitute',
      '2025-04-07 hung_kings',
      '2025-04-30 reunification',
      '2025-05-01 labour',
      '2025-09-01 national_day',
      '2025-09-02 national_day',
    ]);
  });

  it('reproduces the published 2023 break 29/04–03/05 (Giỗ Tổ and 30/4 on the weekend)', () => {
    const calendar = createWorkingCalendar();
    const days = ['2023-04-28', '2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03', '2023-05-04'];
    expect(days.map(calendar.isWorkingDay)).toEqual([true, false, false, false, false, false, true]);
  });

  it('lets the Quốc khánh extra day be 3/9, for every year or for one', () => {
    expect(offDays(2024, { nationalDayExtra: 'after' })).toContain('2024-09-03 national_day');
    const byYear = { nationalDayExtraByYear: { 2024: 'after' as const } };
    expect(offDays(2024, byYear)).toContain('2024-09-03 national_day');
    expect(offDays(2025, byYear)).toContain('2025-09-01 national_day');
  });

  it('can place more Tết days before lunar 1/1 and turn substitutes off', () => {
    const tet = publicHolidays(2026, { tetDaysBefore: 2, substituteWeekendHolidays: false })
      .filter((h) => h.kind === 'lunar_new_year')
      .map((h) => h.date);
    expect(tet).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19']);
    expect(publicHolidays(2026, { substituteWeekendHolidays: false }).some((h) => h.kind === 'substitute')).toBe(false);
  });

  it('computes the lunar holidays for years far from today', () => {
    expect(offDays(2100).filter((d) => d.endsWith('hung_kings'))).toHaveLength(1);
    expect(publicHolidays(1985).filter((h) => h.kind === 'lunar_new_year')[1]?.date).toBe('1985-01-21');
  });
});

describe('working-day calendar', () => {
  it('skips weekends and holidays', () => {
    const calendar = createWorkingCalendar();
    expect(calendar.isWorkingDay('2025-03-14')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2025-03-15')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-04-07')).toBe(false); // Giỗ Tổ
    expect(calendar.addWorkingDays('2025-04-29', 1)).toBe('2025-05-02');
    expect(calendar.addWorkingDays('2025-05-02', -1)).toBe('2025-04-29');
    expect(calendar.workingDaysBetween('2025-04-29', '2025-05-05')).toBe(2);
    expect(calendar.onOrAfter('2025-04-30')).toBe('2025-05-02');
    expect(calendar.onOrBefore('2025-04-30')).toBe('2025-04-29');
  });

  it("applies the Government's swaps: 2025 off 02/05 and working Saturday 26/04", () => {
    const calendar = createWorkingCalendar({
      overrides: [
        { date: '2025-05-02', kind: 'off', note: 'Hoán đổi ngày làm việc' },
        { date: '2025-04-26', kind: 'working', note: 'Làm bù cho ngày 02/05' },
      ],
    });
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false);
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
    expect(calendar.addWorkingDays('2025-04-29', 1)).toBe('2025-05-05');
    expect(calendar.daysOff(2025).find((d) => d.date === '2025-05-02')).toEqual({
      date: '2025-05-02', kind: 'override', name: 'Hoán đổi ngày làm việc',
    });
  });

  it('reproduces the 2024 Tết break as reported (08/02–14/02) with two overrides', () => {
    const calendar = createWorkingCalendar({
      overrides: [
        { date: '2024-02-08', kind: 'off', note: 'Nghỉ Tết theo thông báo của Chính phủ' },
        { date: '2024-02-15', kind: 'working', note: 'Nghỉ bù đã bố trí vào 08/02' },
      ],
    });
    const days = ['2024-02-07', '2024-02-08', '2024-02-09', '2024-02-12', '2024-02-14', '2024-02-15'];
    expect(days.map(calendar.isWorkingDay)).toEqual([true, false, false, false, false, true]);
  });

  it('rejects contradictory or malformed overrides', () => {
    expect(() =>
      createWorkingCalendar({
        overrides: [
          { date: '2025-05-02', kind: 'off', note: 'a' },
          { date: '2025-05-02', kind: 'working', note: 'b' },
        ],
      }),
    ).toThrow(/vừa là ngày nghỉ vừa là ngày làm việc/);
    expect(() => createWorkingCalendar({ overrides: [{ date: '2025-13-01', kind: 'off', note: '' }] })).toThrow(/Ngày không hợp lệ/);
  });
});
