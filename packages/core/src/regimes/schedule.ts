import { assertCutoffRule, cutoffWindow, type CutoffRule } from '../periods/cutoff.js';
import { addDays, daysBetween, formatDateVi, toDateParts, type CalendarDate } from '../periods/dates.js';
import { assertDeadlineAfterCutoff, assertDeadlineRule, periodDeadline, type DeadlineRule } from '../periods/deadline.js';
import { PeriodError } from '../periods/errors.js';
import { formatPeriodId, formatPeriodLabelVi, MAX_YEAR, MIN_YEAR, type Period, type PeriodKind } from '../periods/period.js';
import type { WorkingCalendar } from '../periods/working-calendar.js';

/** One reporting round: a period of a periodic regime, a thematic round, or the ad hoc request. */
export interface Round {
  /** Stable within the regime: the period id (`2026-M12`), `round-1`… or `ad-hoc`. */
  key: string;
  label: string;
  cutoffFrom: CalendarDate;
  cutoffTo: CalendarDate;
  /** The day the round's assignments are created: its cutoff window's first day, or the regime's start if later. */
  opensOn: CalendarDate;
  dueOn: CalendarDate;
  clamped: boolean;
}

export interface ThematicRoundPlan {
  label: string;
  from: CalendarDate;
  to: CalendarDate;
  dueOn: CalendarDate;
}

/** What decides a regime's rounds (R5, R24). */
export type RegimePlan =
  | { kind: 'periodic'; periodicity: PeriodKind; cutoffRule: CutoffRule; deadlineRule: DeadlineRule; startsOn: CalendarDate; endsOn: CalendarDate | null }
  | { kind: 'thematic'; startsOn: CalendarDate; endsOn: CalendarDate; rounds: readonly ThematicRoundPlan[] }
  | { kind: 'ad_hoc'; issuedOn: CalendarDate; asOf: CalendarDate; dueOn: CalendarDate };

export const AD_HOC_ROUND_KEY = 'ad-hoc';

/** The periods of one kind that belong to a year, in order. */
export function periodsOfYear(kind: PeriodKind, year: number): Period[] {
  switch (kind) {
    case 'month':
      return Array.from({ length: 12 }, (_, i) => ({ kind, year, month: i + 1 }));
    case 'quarter':
      return Array.from({ length: 4 }, (_, i) => ({ kind, year, quarter: i + 1 }));
    case 'half_year':
      return [{ kind, year, half: 1 }, { kind, year, half: 2 }];
    case 'nine_months':
      return [{ kind, year }];
    case 'year':
      return [{ kind, year }];
  }
}

function periodRound(plan: Extract<RegimePlan, { kind: 'periodic' }>, period: Period, calendar: WorkingCalendar): Round {
  const cutoff = cutoffWindow(period, plan.cutoffRule);
  const deadline = periodDeadline(period, plan.deadlineRule, calendar, plan.cutoffRule);
  return {
    key: formatPeriodId(period),
    label: formatPeriodLabelVi(period),
    cutoffFrom: cutoff.from,
    cutoffTo: cutoff.to,
    opensOn: cutoff.from < plan.startsOn ? plan.startsOn : cutoff.from,
    dueOn: deadline.date,
    clamped: deadline.clamped,
  };
}

/**
 * The rounds of a regime, in order, that open on or before `through` (every round when omitted; a
 * periodic regime without an end then needs `limit`). A period belongs to a periodic regime when its
 * cutoff window ends on or after the start and begins on or before the end.
 */
export function regimeRounds(plan: RegimePlan, calendar: WorkingCalendar, opts: { through?: CalendarDate; limit?: number } = {}): Round[] {
  const limit = opts.limit ?? Infinity;
  const opened = (r: Round) => opts.through === undefined || r.opensOn <= opts.through;
  if (plan.kind === 'ad_hoc') {
    const round: Round = { key: AD_HOC_ROUND_KEY, label: 'Báo cáo đột xuất', cutoffFrom: plan.asOf, cutoffTo: plan.asOf, opensOn: plan.issuedOn, dueOn: plan.dueOn, clamped: false };
    return opened(round) && limit > 0 ? [round] : [];
  }
  if (plan.kind === 'thematic') {
    return plan.rounds
      .map((r, i): Round => ({ key: `round-${i + 1}`, label: r.label, cutoffFrom: r.from, cutoffTo: r.to, opensOn: r.from < plan.startsOn ? plan.startsOn : r.from, dueOn: r.dueOn, clamped: false }))
      .sort((a, b) => (a.opensOn < b.opensOn ? -1 : a.opensOn > b.opensOn ? 1 : 0))
      .filter(opened)
      .slice(0, Number.isFinite(limit) ? limit : undefined);
  }
  if (plan.endsOn === null && opts.through === undefined && !Number.isFinite(limit)) {
    throw new PeriodError('window.invalid', 'Chế độ báo cáo định kỳ không có ngày kết thúc: cần giới hạn số kỳ');
  }
  const rounds: Round[] = [];
  const startYear = Math.max(MIN_YEAR, toDateParts(plan.startsOn).year - 2);
  for (let year = startYear; year <= MAX_YEAR; year++) {
    for (const period of periodsOfYear(plan.periodicity, year)) {
      const cutoff = cutoffWindow(period, plan.cutoffRule);
      if (cutoff.to < plan.startsOn) continue;
      if (plan.endsOn !== null && cutoff.from > plan.endsOn) return rounds;
      const round = periodRound(plan, period, calendar);
      if (!opened(round)) return rounds;
      rounds.push(round);
      if (rounds.length >= limit) return rounds;
    }
  }
  return rounds;
}

/** The next `count` rounds that open after `today`. */
export function upcomingRounds(plan: RegimePlan, calendar: WorkingCalendar, today: CalendarDate, count: number): Round[] {
  if (plan.kind !== 'periodic') return regimeRounds(plan, calendar).filter((r) => r.opensOn > today).slice(0, count);
  const opened = regimeRounds(plan, calendar, { through: today }).length;
  return regimeRounds(plan, calendar, { limit: opened + count }).slice(opened);
}

/**
 * Throws a `PeriodError` unless the plan can produce rounds that satisfy Decree 09: valid rules, an end
 * not before the start, thematic rounds inside the window, and every due date a working day at least
 * one working day after its cutoff (Art. 8.5b). For periodic regimes every period of two years is tried,
 * since a fixed day may fit some months and not others.
 */
export function assertRegimePlan(plan: RegimePlan, calendar: WorkingCalendar): void {
  if (plan.kind === 'ad_hoc') {
    if (plan.asOf > plan.dueOn) throw new PeriodError('deadline.before_cutoff', `Thời hạn ${formatDateVi(plan.dueOn)} trước ngày chốt số liệu ${formatDateVi(plan.asOf)}`);
    assertDeadlineAfterCutoff(plan.asOf, plan.dueOn, calendar);
    if (plan.dueOn < plan.issuedOn) throw new PeriodError('deadline.before_cutoff', `Thời hạn ${formatDateVi(plan.dueOn)} đã qua`);
    return;
  }
  if (plan.endsOn !== null && plan.endsOn < plan.startsOn) {
    throw new PeriodError('window.invalid', `Ngày kết thúc ${formatDateVi(plan.endsOn)} trước ngày bắt đầu ${formatDateVi(plan.startsOn)}`);
  }
  if (plan.kind === 'thematic') {
    const labels = new Set<string>();
    for (const r of plan.rounds) {
      if (r.from > r.to) throw new PeriodError('window.invalid', `Đợt "${r.label}": khoảng thời gian ${formatDateVi(r.from)} – ${formatDateVi(r.to)} không hợp lệ`);
      if (r.from < plan.startsOn || r.to > plan.endsOn) {
        throw new PeriodError('window.invalid', `Đợt "${r.label}" nằm ngoài khoảng thời gian của chế độ báo cáo (${formatDateVi(plan.startsOn)} – ${formatDateVi(plan.endsOn)})`);
      }
      if (r.dueOn <= r.to) throw new PeriodError('deadline.before_cutoff', `Đợt "${r.label}": thời hạn ${formatDateVi(r.dueOn)} không sau ngày chốt số liệu ${formatDateVi(r.to)}`);
      assertDeadlineAfterCutoff(r.to, r.dueOn, calendar);
      const label = r.label.trim().toLowerCase();
      if (labels.has(label)) throw new PeriodError('window.invalid', `Hai đợt trùng tên "${r.label}"`);
      labels.add(label);
    }
    return;
  }
  assertCutoffRule(plan.cutoffRule);
  assertDeadlineRule(plan.deadlineRule);
  const { year } = toDateParts(plan.startsOn);
  for (const y of [year, year + 1]) {
    if (y > MAX_YEAR) break;
    for (const period of periodsOfYear(plan.periodicity, y)) periodDeadline(period, plan.deadlineRule, calendar, plan.cutoffRule);
  }
}

/** How long until a due date, from a day in Vietnam. */
export function timeLeft(dueOn: CalendarDate, today: CalendarDate, calendar: WorkingCalendar): { days: number; workingDays: number; overdue: boolean } {
  return { days: daysBetween(today, dueOn), workingDays: calendar.workingDaysBetween(today, dueOn), overdue: today > dueOn };
}

/** Days late: a report sent on `sentOn` (or still missing on `today`) against its due date; 0 when on time. */
export function lateDays(dueOn: CalendarDate, answeredOn: CalendarDate | null, today: CalendarDate): number {
  const on = answeredOn ?? today;
  return on > dueOn ? daysBetween(dueOn, on) : 0;
}

/** The default reminder days before a due date, and the day each falls on. */
export function reminderDates(dueOn: CalendarDate, daysBefore: readonly number[]): { daysBefore: number; date: CalendarDate }[] {
  return [...new Set(daysBefore)].sort((a, b) => b - a).map((d) => ({ daysBefore: d, date: addDays(dueOn, -d) }));
}
