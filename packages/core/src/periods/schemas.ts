import { z } from 'zod';
import { isCalendarDate } from './dates.js';
import { isPeriodId } from './period.js';

/** A `YYYY-MM-DD` civil date in Vietnam. */
export const CalendarDateSchema = z.string().refine(isCalendarDate, 'Ngày không hợp lệ (cần dạng YYYY-MM-DD)');

/** A period identifier such as `2025-M03`, `2025-Q1`, `2025-H1`, `2025-9M` or `2025`. */
export const PeriodIdSchema = z.string().refine(isPeriodId, 'Mã kỳ báo cáo không hợp lệ');

/** A regime's cutoff rule; offsets are checked again by `assertCutoffRule`. */
export const CutoffRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('decree_09') }).strict(),
  z.object({ kind: z.literal('calendar') }).strict(),
  z
    .object({ kind: z.literal('custom'), startOffsetDays: z.int().min(-366).max(366), endOffsetDays: z.int().min(-366).max(366) })
    .strict()
    .refine((r) => r.startOffsetDays - r.endOffsetDays <= 27, 'Khoảng chốt số liệu có thể rỗng'),
]);

/** A regime's deadline rule: at least 1 working day after cutoff (Decree 09 Art. 8.5b). */
export const DeadlineRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('working_days_after_cutoff'), days: z.int().min(1, 'Cần ít nhất 1 ngày làm việc sau khi chốt số liệu').max(250) }).strict(),
  z.object({ kind: z.literal('day_of_month'), day: z.int().min(1).max(31), monthOffset: z.int().min(0).max(3).optional() }).strict(),
]);

/** An operator's day-off or make-up-day entry. */
export const CalendarOverrideSchema = z
  .object({ date: CalendarDateSchema, kind: z.enum(['off', 'working']), note: z.string().trim().max(500) })
  .strict();
