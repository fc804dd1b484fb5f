import { createWorkingCalendar, vietnamDateOf } from '@baocao/core';

/** The n-th working day after today in Vietnam (statutory calendar). */
export function workingDaysAfter(n: number): string {
  return createWorkingCalendar().addWorkingDays(vietnamDateOf(new Date()), n);
}
