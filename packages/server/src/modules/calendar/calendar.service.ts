import { createWorkingCalendar, makeDate, PeriodError, type CalendarYear, type WorkingCalendar } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { assertRole, type Actor } from '../../platform/scope.js';
import * as q from './calendar.queries.js';

/**
 * The working-day calendar every deadline is computed with: statutory holidays (lunar ones computed)
 * plus the operator's entries from the Government's yearly decisions. Read per call: the table is small
 * and an entry must take effect at once on every server.
 */
export async function loadWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const overrides = (await q.listOverrides(db)).map((r) => ({ date: r.date, kind: r.kind as 'off' | 'working', note: r.note }));
  // The calendar computes each year's lunar holidays once; keep it while the entries are the same.
  const key = JSON.stringify(overrides);
  if (cached?.key !== key) cached = { key, calendar: createWorkingCalendar({ overrides }) };
  return cached.calendar;
}

let cached: { key: string; calendar: WorkingCalendar } | null = null;

/** A year's days off and the operator's entries. Any signed-in person. */
export async function getCalendarYear(db: Db, year: number): Promise<CalendarYear> {
  const [calendar, overrides] = await Promise.all([loadWorkingCalendar(db), q.listOverrides(db, year)]);
  return {
    year,
    daysOff: calendar.daysOff(year).map((h) => ({ date: h.date, kind: h.kind, name: h.name })),
    overrides: overrides.map((o) => ({ date: o.date, kind: o.kind as 'off' | 'working', note: o.note, createdByName: o.created_by_name, createdAt: o.created_at.toISOString() })),
    workingDays: calendar.workingDaysBetween(makeDate(year - 1, 12, 31), makeDate(year, 12, 31)),
  };
}

/** Enters a swapped day off or a make-up working day (calendar.manage: the system administrator). */
export async function setOverride(db: Db, ctx: Ctx, date: string, input: { kind: 'off' | 'working'; note: string }): Promise<CalendarYear> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'calendar.manage');
  try {
    // Builds the calendar with the new entry: contradictions and bad dates are refused before saving.
    createWorkingCalendar({ overrides: [{ date, ...input }] });
  } catch (e) {
    if (e instanceof PeriodError) throw new AppError(e.code, e.message, 400);
    throw e;
  }
  await db.transaction().execute(async (tx) => {
    await q.upsertOverride(tx, { date, kind: input.kind, note: input.note, createdBy: actor.id, now: ctx.clock.now() });
    await recordAudit(tx, ctx, { action: 'calendar.override_set', targetType: 'calendar', targetId: date, details: { date, ...input } });
  });
  return getCalendarYear(db, Number(date.slice(0, 4)));
}

/** Removes an operator entry (calendar.manage). */
export async function removeOverride(db: Db, ctx: Ctx, date: string): Promise<void> {
  assertRole(ctx.actor as Actor, 'calendar.manage');
  await db.transaction().execute(async (tx) => {
    const removed = await q.deleteOverride(tx, date);
    if (!removed) return nothingChanged(ctx);
    await recordAudit(tx, ctx, { action: 'calendar.override_removed', targetType: 'calendar', targetId: date, details: { date, kind: removed.kind, note: removed.note } });
  });
}
