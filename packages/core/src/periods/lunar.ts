/**
 * The Vietnamese lunisolar calendar, computed rather than tabulated, following the method Hồ Ngọc Đức
 * published (new moons and major solar terms from Jean Meeus, "Astronomical Algorithms", reckoned at
 * local civil time). Vietnam reckons at UTC+7; China at UTC+8, which is why a Chinese-calendar library
 * gives the wrong Tết in years such as 1985 and 2007.
 */
import { makeDate, toDateParts, type CalendarDate } from './dates.js';

/** Vietnam's time zone, in hours east of UTC, used for the lunar calendar. */
export const VIETNAM_TIME_ZONE = 7;

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  /** A leap (intercalary) month repeats the number of the month before it. */
  leap: boolean;
}

const SYNODIC_MONTH = 29.530588853;
const NEW_MOON_EPOCH = 2415021.076998695; // Julian day of the new moon of 1900-01-01
const RAD = Math.PI / 180;

/** Julian day number of a Gregorian date (Julian calendar before 15/10/1582). */
function julianDay(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const base = day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4);
  const jd = base - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
  return jd < 2299161 ? base - 32083 : jd;
}

/** Gregorian date of a Julian day number. */
function dateOfJulianDay(jd: number): CalendarDate {
  let b = 0;
  let c = jd + 32082;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = Math.floor((4 * a + 3) / 146097);
    c = a - Math.floor((b * 146097) / 4);
  }
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  const day = e - Math.floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * Math.floor(m / 10);
  const year = b * 100 + d - 4800 + Math.floor(m / 10);
  return makeDate(year, month, day);
}

/** Julian date (UT) of the k-th new moon after 1900-01-01 (Meeus, chapter 49, abridged). */
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD; // sun's anomaly
  const mpr = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD; // moon's anomaly
  const f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD; // moon's latitude
  let c1 = (0.1734 - 0.000393 * t) * Math.sin(m) + 0.0021 * Math.sin(2 * m);
  c1 += -0.4068 * Math.sin(mpr) + 0.0161 * Math.sin(2 * mpr) - 0.0004 * Math.sin(3 * mpr);
  c1 += 0.0104 * Math.sin(2 * f) - 0.0051 * Math.sin(m + mpr) - 0.0074 * Math.sin(m - mpr);
  c1 += 0.0004 * Math.sin(2 * f + m) - 0.0004 * Math.sin(2 * f - m) - 0.0006 * Math.sin(2 * f + mpr);
  c1 += 0.001 * Math.sin(2 * f - mpr) + 0.0005 * Math.sin(2 * mpr + m);
  const deltaT = t < -11
    ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + c1 - deltaT;
}

/** The sun's apparent longitude in radians, [0, 2π), at a Julian date (Meeus, chapter 25, low accuracy). */
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525;
  const t2 = t * t;
  const m = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  let dl = (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(RAD * m);
  dl += (0.019993 - 0.000101 * t) * Math.sin(2 * RAD * m) + 0.00029 * Math.sin(3 * RAD * m);
  const l = (l0 + dl) * RAD;
  return l - 2 * Math.PI * Math.floor(l / (2 * Math.PI));
}

/** Local Julian day number on which the k-th new moon falls. */
function newMoonDay(k: number, tz: number): number {
  return Math.floor(newMoon(k) + 0.5 + tz / 24);
}

/** Which 30° sector (0..11) the sun is in at the start of a local day. */
function solarTermSector(dayNumber: number, tz: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - tz / 24) / Math.PI) * 6);
}

/** Start of lunar month 11 (the month holding the winter solstice) before the end of a solar year. */
function month11Start(year: number, tz: number): number {
  const k = Math.floor((julianDay(year, 12, 31) - 2415021) / SYNODIC_MONTH);
  const start = newMoonDay(k, tz);
  return solarTermSector(start, tz) >= 9 ? newMoonDay(k - 1, tz) : start;
}

/** In a 13-month year starting at month 11, the offset of the first month with no major solar term. */
function leapMonthOffset(month11: number, tz: number): number {
  const k = Math.floor((month11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let sector = solarTermSector(newMoonDay(k + i, tz), tz);
  let last: number;
  do {
    last = sector;
    i += 1;
    sector = solarTermSector(newMoonDay(k + i, tz), tz);
  } while (sector !== last && i < 14);
  return i - 1;
}

/** The lunar date of a civil date (valid roughly 1800–2199, the range of the abridged formulas). */
export function toLunarDate(date: CalendarDate, tz: number = VIETNAM_TIME_ZONE): LunarDate {
  const { year, month, day } = toDateParts(date);
  const dayNumber = julianDay(year, month, day);
  // The mean lunation estimates k; the true new moon can fall up to about a day later, so step back
  // until the month has started (a single step back gave day 0 on 2054-05-07 and 2062-04-09).
  let k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
  let monthStart = newMoonDay(k, tz);
  while (monthStart > dayNumber) monthStart = newMoonDay(--k, tz);
  let a11 = month11Start(year, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = month11Start(year - 1, tz);
  } else {
    lunarYear = year + 1;
    b11 = month11Start(year + 1, tz);
  }
  const diff = Math.floor((monthStart - a11) / 29);
  let lunarMonth = diff + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month: lunarMonth, day: dayNumber - monthStart + 1, leap };
}

/** The civil date of a lunar date; `undefined` when the asked-for leap month does not exist that year. */
export function fromLunarDate(lunar: LunarDate, tz: number = VIETNAM_TIME_ZONE): CalendarDate | undefined {
  const { year, month, day, leap } = lunar;
  const a11 = month < 11 ? month11Start(year - 1, tz) : month11Start(year, tz);
  const b11 = month < 11 ? month11Start(year, tz) : month11Start(year + 1, tz);
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let offset = month - 11;
  if (offset < 0) offset += 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, tz);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return undefined;
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    return undefined;
  }
  return dateOfJulianDay(newMoonDay(k + offset, tz) + day - 1);
}

/** Civil date of Tết Nguyên đán (1/1 of the lunar year that starts in the given solar year). */
export function lunarNewYear(year: number, tz: number = VIETNAM_TIME_ZONE): CalendarDate {
  // Month 1 is never a leap month, so the conversion always exists.
  return fromLunarDate({ year, month: 1, day: 1, leap: false }, tz) as CalendarDate;
}
