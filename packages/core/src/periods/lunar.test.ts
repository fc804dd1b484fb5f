import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from './dates.js';
import { fromLunarDate, lunarNewYear, toLunarDate } from './lunar.js';

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it.each([
    [1985, '1985-01-21'],
    [2007, '2007-02-17'],
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ])('puts Tết %i on %s', (year, date) => {
    expect(lunarNewYear(year)).toBe(date);
    expect(toLunarDate(date)).toEqual({ year, month: 1, day: 1, leap: false });
  });

  it('differs from the Chinese reckoning (UTC+8) in 1985 and 2007', () => {
    expect(lunarNewYear(1985, 8)).toBe('1985-02-20');
    expect(lunarNewYear(2007, 8)).toBe('2007-02-18');
  });

  it.each([
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('puts Giỗ Tổ Hùng Vương %i (10/3 lunar) on %s', (year, date) => {
    expect(fromLunarDate({ year, month: 3, day: 10, leap: false })).toBe(date);
  });

  it('knows leap months (2023 had a leap 2nd month, 2025 a leap 6th month)', () => {
    expect(toLunarDate('2023-03-22')).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(fromLunarDate({ year: 2025, month: 6, day: 1, leap: true })).toBe('2025-07-25');
    expect(fromLunarDate({ year: 2024, month: 6, day: 1, leap: true })).toBeUndefined();
  });

  it('puts every Tết from 1900 to 2199 between 21/01 and 20/02, 353–385 days apart', () => {
    let previous = lunarNewYear(1900);
    for (let year = 1901; year <= 2199; year += 1) {
      const tet = lunarNewYear(year);
      expect(tet.slice(5) >= '01-21' && tet.slice(5) <= '02-20').toBe(true);
      const length = daysBetween(previous, tet);
      expect([353, 354, 355, 383, 384, 385]).toContain(length);
      previous = tet;
    }
  });

  it('never gives day 0 where the true new moon falls after the mean one (found by the property test)', () => {
    expect(toLunarDate('2054-05-07')).toEqual({ year: 2054, month: 3, day: 30, leap: false });
    expect(toLunarDate('2054-05-08')).toEqual({ year: 2054, month: 4, day: 1, leap: false });
    expect(toLunarDate('2062-04-09')).toEqual({ year: 2062, month: 2, day: 30, leap: false });
    expect(fromLunarDate({ year: 2054, month: 3, day: 30, leap: false })).toBe('2054-05-07');
  });

  it('walks every day from 1900 to 2199: round trip, and days advance one by one', () => {
    let bad = 0;
    for (let d = '1900-02-01'; d < '2199-12-01'; d = addDays(d, 1)) {
      const lunar = toLunarDate(d);
      const next = toLunarDate(addDays(d, 1));
      const advances = next.day === 1 ? lunar.day === 29 || lunar.day === 30 : next.day === lunar.day + 1 && next.month === lunar.month && next.leap === lunar.leap;
      if (fromLunarDate(lunar) !== d || !advances || lunar.day < 1) bad++;
    }
    expect(bad).toBe(0);
  });

  it('names the last day of the lunar year as the eve of Tết', () => {
    expect(toLunarDate('2025-01-28')).toEqual({ year: 2024, month: 12, day: 29, leap: false });
    expect(toLunarDate('2024-02-09')).toEqual({ year: 2023, month: 12, day: 30, leap: false });
  });
});
