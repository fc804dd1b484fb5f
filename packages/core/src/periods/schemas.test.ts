import { describe, expect, it } from 'vitest';
import { CalendarOverrideSchema, CutoffRuleSchema, DeadlineRuleSchema, PeriodIdSchema } from './schemas.js';

describe('period schemas', () => {
  it('accept what the functions accept and refuse the rest', () => {
    expect(PeriodIdSchema.safeParse('2025-9M').success).toBe(true);
    expect(PeriodIdSchema.safeParse('2025-M13').success).toBe(false);
    expect(CutoffRuleSchema.safeParse({ kind: 'custom', startOffsetDays: -5, endOffsetDays: -5 }).success).toBe(true);
    expect(CutoffRuleSchema.safeParse({ kind: 'custom', startOffsetDays: 30, endOffsetDays: 0 }).success).toBe(false);
    expect(DeadlineRuleSchema.safeParse({ kind: 'day_of_month', day: 25 }).success).toBe(true);
    expect(DeadlineRuleSchema.safeParse({ kind: 'working_days_after_cutoff', days: 0 }).success).toBe(false);
    expect(CalendarOverrideSchema.safeParse({ date: '2025-02-30', kind: 'off', note: '' }).success).toBe(false);
  });
});
