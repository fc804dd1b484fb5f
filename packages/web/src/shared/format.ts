import { compareVi } from '@baocao/core';

/** Times are shown in Vietnam's time zone whatever the browser's, as dd/MM/yyyy HH:mm:ss. */
const VN_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = VN_TIME.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

/** The instant at the start (or end) of a calendar day in Vietnam (UTC+7, no daylight saving). */
export function vnDayBoundary(date: string, end: boolean): string {
  return end ? `${date}T23:59:59.999+07:00` : `${date}T00:00:00.000+07:00`;
}

/** Vietnamese lists order people by given name (the last word), then by the full name. */
export function comparePersonNames(a: string, b: string): number {
  const given = (name: string) => name.trim().split(/\s+/).pop() ?? '';
  return compareVi(given(a), given(b)) || compareVi(a, b);
}
