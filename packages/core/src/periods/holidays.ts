import { addDays, dayOfWeek, makeDate, type CalendarDate } from './dates.js';
import { fromLunarDate, lunarNewYear } from './lunar.js';

export type HolidayKind =
  | 'new_year'
  | 'lunar_new_year'
  | 'hung_kings'
  | 'reunification'
  | 'labour'
  | 'national_day'
  | 'substitute'
  | 'override';

/** A statutory day off (ngày nghỉ lễ, tết), a compensatory day for one on a weekend, or an operator's day off. */
export interface Holiday {
  date: CalendarDate;
  kind: HolidayKind;
  /** Vietnamese name, shown as is. */
  name: string;
}

export interface HolidayOptions {
  /** The day added to Quốc khánh 2/9: 1/9 ('before', the default) or 3/9 ('after'); the Government picks each year. */
  nationalDayExtra?: 'before' | 'after';
  /** Per-year choice of the extra Quốc khánh day, taking precedence over `nationalDayExtra`. */
  nationalDayExtraByYear?: Readonly<Record<number, 'before' | 'after'>>;
  /** How many of the 5 Tết days fall before lunar 1/1 (0–4, default 1: the last day of the lunar year). */
  tetDaysBefore?: number;
  /** Weekly rest days, 0 = Sunday … 6 = Saturday (default Saturday and Sunday). */
  weekendDays?: readonly number[];
  /** Give a compensatory day on the next working day for a holiday on a weekend (default true). */
  substituteWeekendHolidays?: boolean;
}

export const DEFAULT_WEEKEND_DAYS: readonly number[] = [0, 6];
const TET_DAYS = 5;

/** The statutory holidays of a solar year (Labour Code 2019 Art. 112) with compensatory days, by date. */
export function publicHolidays(year: number, options: HolidayOptions = {}): Holiday[] {
  const weekend = options.weekendDays ?? DEFAULT_WEEKEND_DAYS;
  const statutory = statutoryHolidays(year, options);
  if (options.substituteWeekendHolidays === false) return statutory;
  const taken = new Set(statutory.map((h) => h.date));
  const substitutes: Holiday[] = [];
  for (const holiday of statutory) {
    if (!weekend.includes(dayOfWeek(holiday.date))) continue;
    // Labour Code 2019 Art. 111.3: the day off moves to the next working day.
    let date = addDays(holiday.date, 1);
    while (weekend.includes(dayOfWeek(date)) || taken.has(date)) date = addDays(date, 1);
    taken.add(date);
    substitutes.push({ date, kind: 'substitute', name: `Nghỉ bù ${holiday.name}` });
  }
  return [...statutory, ...substitutes].sort((a, b) => a.date.localeCompare(b.date));
}

function statutoryHolidays(year: number, options: HolidayOptions): Holiday[] {
  const before = Math.min(TET_DAYS - 1, Math.max(0, Math.trunc(options.tetDaysBefore ?? 1)));
  const tet = lunarNewYear(year);
  const tetDays = Array.from({ length: TET_DAYS }, (_, i): Holiday => ({
    date: addDays(tet, i - before),
    kind: 'lunar_new_year',
    name: 'Tết Nguyên đán',
  }));
  // In a year with a leap 3rd month, Giỗ Tổ falls in the regular (first) one.
  const hungKings = fromLunarDate({ year, month: 3, day: 10, leap: false }) as CalendarDate;
  const extra = options.nationalDayExtraByYear?.[year] ?? options.nationalDayExtra ?? 'before';
  const holidays: Holiday[] = [
    { date: makeDate(year, 1, 1), kind: 'new_year', name: 'Tết Dương lịch' },
    ...tetDays,
    { date: hungKings, kind: 'hung_kings', name: 'Giỗ Tổ Hùng Vương' },
    { date: makeDate(year, 4, 30), kind: 'reunification', name: 'Ngày Chiến thắng' },
    { date: makeDate(year, 5, 1), kind: 'labour', name: 'Ngày Quốc tế Lao động' },
    { date: makeDate(year, 9, 2), kind: 'national_day', name: 'Quốc khánh' },
    { date: makeDate(year, 9, extra === 'before' ? 1 : 3), kind: 'national_day', name: 'Quốc khánh' },
  ];
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}
