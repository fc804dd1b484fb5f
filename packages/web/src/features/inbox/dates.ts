import { addDays, formatDateVi, type Assignment } from '@baocao/core';
import dayjs, { type Dayjs } from 'dayjs';

type Due = Pick<Assignment, 'dueOn' | 'assigneeId' | 'assigneeDueOn'>;

/** The due date that binds this person, as the server counts `timeLeft`: their own internal one when the work is theirs by name. */
export function dueFor(a: Due, userId: string): string {
  return a.assigneeId === userId && a.assigneeDueOn ? a.assigneeDueOn : a.dueOn;
}

/** The server's today, read back from the binding due date and the days left (the browser's clock may differ). */
export function serverToday(a: Due & Pick<Assignment, 'timeLeft'>, userId: string): string {
  return addDays(dueFor(a, userId), -a.timeLeft.days);
}

/** An internal deadline must fall before the deadline it comes from (R16): the last day allowed. */
export function lastInternalDay(dueOn: string): string {
  return addDays(dueOn, -1);
}

/** A `YYYY-MM-DD` date as dd/mm/yyyy; empty for none. */
export function formatDay(date: string | null | undefined): string {
  return date ? formatDateVi(date) : '';
}

/** DatePicker values to and from the API's `YYYY-MM-DD`. */
export const toDay = (value: Dayjs): string => value.format('YYYY-MM-DD');
export const fromDay = (date: string): Dayjs => dayjs(date);

/** For a DatePicker: days before `from` or after `to` cannot be picked. */
export function outsideRange(from: string, to: string) {
  return (value: Dayjs) => {
    const day = toDay(value);
    return day < from || day > to;
  };
}
