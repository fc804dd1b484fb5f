import { randomUUID } from 'node:crypto';
import {
  addDays, assertRegimePlan, foldVi, PeriodError, regimeRounds, roleCan, upcomingRounds, vietnamDateOf,
  type CreateRegimeData, type Periodicity, type Regime, type RegimeKind, type RegimePlan, type RegimePreview, type RegimeQuery, type RegimeSchedule,
  type RegimeStatus, type RegimeSummary, type RegimeTarget, type UnitKind, type UnitTreeNode, type UpdateRegimeInput, type WorkingCalendar,
} from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { assertCan, assertRole, scopePrefix, type Actor } from '../../platform/scope.js';
import { loadWorkingCalendar } from '../calendar/calendar.service.js';
import { canRead } from '../templates/templates.service.js';
import { findTemplate } from '../templates/templates.queries.js';
import { findUnit, type UnitRow } from '../units/units.queries.js';
import * as q from './regimes.queries.js';
import { openRounds, planOf } from './regimes.rounds.js';
import { authorityOf, resolveTargets, type TargetUnit } from './regimes.targets.js';
import { buildTree } from '../units/units.tree.js';
import { listTreeRowsUnder } from '../units/units.queries.js';

/** How far back a new regime may start: its missed rounds open at once, as overdue. */
const MAX_BACKDATE_DAYS = 366;
const PREVIEW_ROUNDS = 6;

/** Decree 09 rule violations from core become 400s with the same stable code. */
function periodRule<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PeriodError) throw new AppError(e.code, e.message, 400);
    throw e;
  }
}

const today = (ctx: Ctx) => vietnamDateOf(ctx.clock.now());

function toUnitRef(u: TargetUnit) {
  return { id: u.id, code: u.code, name: u.name, kind: u.kind as UnitKind };
}

type Checked = { requester: UnitRow; plan: RegimePlan; lineageIds: string[]; targets: TargetUnit[]; calendar: WorkingCalendar };

/** Everything create and preview refuse, in the order a user would fix it. Writes nothing. */
async function checkRegime(db: Db, ctx: Ctx, input: CreateRegimeData): Promise<Checked> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'regime.manage');
  const requester = await findUnit(db, input.requestingUnitId);
  assertCan(actor, 'regime.manage', requester?.path, 'unit');
  if (!requester!.active) conflict('unit.inactive', 'Đơn vị đã ngừng hoạt động');

  const lineageIds: string[] = [];
  for (const id of input.templateIds) {
    const t = await findTemplate(db, id);
    if (!t || !canRead(actor, t)) notFound('template');
    if (t.status !== 'official') badRequest('regime.template_not_official', `Biểu mẫu ${t.code} chưa được ban hành chính thức (hoặc đã ngừng sử dụng)`);
    if (input.kind === 'periodic') {
      const kinds = t.periodicities ? t.periodicities.split(',') : [];
      if (t.regime_kind !== 'periodic' || !kinds.includes(input.periodicity)) {
        badRequest('regime.template_mismatch', `Biểu mẫu ${t.code} không dùng cho kỳ báo cáo đã chọn`);
      }
    }
    if (!lineageIds.includes(t.lineage_id)) lineageIds.push(t.lineage_id);
  }

  const calendar = await loadWorkingCalendar(db);
  const now = today(ctx);
  let plan: RegimePlan;
  if (input.kind === 'ad_hoc') {
    plan = { kind: 'ad_hoc', issuedOn: now, asOf: input.asOf ?? now, dueOn: input.dueOn };
  } else {
    if (input.startsOn < addDays(now, -MAX_BACKDATE_DAYS)) badRequest('regime.start_too_early', 'Ngày bắt đầu không được sớm hơn một năm trước');
    plan = input.kind === 'periodic'
      ? { kind: 'periodic', periodicity: input.periodicity, cutoffRule: input.cutoffRule, deadlineRule: input.deadlineRule, startsOn: input.startsOn, endsOn: input.endsOn }
      : { kind: 'thematic', startsOn: input.startsOn, endsOn: input.endsOn, rounds: input.rounds };
  }
  periodRule(() => assertRegimePlan(plan, calendar));
  const targets = await resolveTargets(db, requester!, input.targets);
  return { requester: requester!, plan, lineageIds, targets, calendar };
}

/** What a regime being designed would do: its first rounds and the units it reaches. Regime managers. */
export async function previewRegime(db: Db, ctx: Ctx, input: CreateRegimeData): Promise<RegimePreview> {
  const { plan, targets, calendar } = await checkRegime(db, ctx, input);
  const rounds = periodRule(() => regimeRounds(plan, calendar, { limit: PREVIEW_ROUNDS }));
  nothingChanged(ctx);
  return { rounds, targetUnits: targets.map(toUnitRef) };
}

/**
 * Sets up a regime for a requesting unit in the actor's scope (R5, R7, R24); rounds that have already
 * opened (an ad hoc request at once) are assigned before the response. Regime managers.
 */
export async function createRegime(db: Db, ctx: Ctx, input: CreateRegimeData): Promise<Regime> {
  const id = randomUUID();
  await db.transaction().execute((tx) => insertRegime(tx, ctx, input, id));
  await openFirstRounds(db, ctx, id);
  return getRegime(db, ctx, id);
}

/** Opens the rounds of a regime just created that are already due (an ad hoc request at once), after its transaction. */
export async function openFirstRounds(db: Db, ctx: Ctx, id: string): Promise<void> {
  const row = (await q.findRegime(db, id))!;
  await openRounds(db, ctx, row, today(ctx), await loadWorkingCalendar(db));
}

/**
 * Checks and inserts a regime with its audit record inside the caller's transaction (createRegime, and a
 * regime set up from a request from above in the exchange module); the caller opens its rounds after commit.
 */
export async function insertRegime(tx: Db, ctx: Ctx, input: CreateRegimeData, id: string): Promise<void> {
  const actor = ctx.actor as Actor;
  const checked = await checkRegime(tx, ctx, input);
  if (await q.codeTaken(tx, input.code)) conflict('regime.code_taken', `Mã chế độ báo cáo ${input.code} đã được sử dụng`);
  const p = checked.plan;
  await q.insertRegime(tx, {
    id, code: input.code, name: input.name, kind: input.kind, requestingUnitId: input.requestingUnitId,
    periodicity: p.kind === 'periodic' ? p.periodicity : null,
    cutoffRule: p.kind === 'periodic' ? p.cutoffRule : null,
    deadlineRule: p.kind === 'periodic' ? p.deadlineRule : null,
    rounds: p.kind === 'thematic' ? p.rounds : null,
    asOf: p.kind === 'ad_hoc' ? p.asOf : null,
    dueOn: p.kind === 'ad_hoc' ? p.dueOn : null,
    targets: input.targets, legalBasis: input.legalBasis, reminderDays: input.reminderDaysBefore,
    startsOn: p.kind === 'ad_hoc' ? p.issuedOn : p.startsOn,
    endsOn: p.kind === 'ad_hoc' ? p.dueOn : p.endsOn,
    createdBy: actor.id, now: ctx.clock.now(),
  }, checked.lineageIds);
  await recordAudit(tx, ctx, {
    action: 'regime.created', unitId: input.requestingUnitId, targetType: 'regime', targetId: id,
    details: { code: input.code, name: input.name, kind: input.kind, targets: input.targets, templates: checked.lineageIds, resolvedUnits: checked.targets.length },
  });
}

async function readable(db: Db, actor: Actor, id: string): Promise<q.RegimeRow> {
  assertRole(actor, 'regime.read');
  const row = await q.findRegime(db, id);
  assertCan(actor, 'regime.read', row?.unit_path, 'regime');
  return row!;
}

/** One regime with its templates and today's target units. Anyone in the requesting unit's subtree. */
export async function getRegime(db: Db, ctx: Ctx, id: string): Promise<Regime> {
  const row = await readable(db, ctx.actor as Actor, id);
  const [summary] = await toSummaries(db, [row], today(ctx));
  const templates = await q.regimeTemplates(db, [id]);
  const requester = await findUnit(db, row.requesting_unit_id);
  const units = await resolveTargets(db, requester!, row.targets as RegimeTarget[], { lenient: true }).catch((e) => {
    if (e instanceof AppError) return [];
    throw e;
  });
  return {
    ...summary!,
    templates: templates.map((t) => ({ lineageId: t.lineage_id, code: t.code, name: t.name, kind: t.kind as 'numeric' | 'narrative', officialTemplateId: t.official_id, officialVersion: t.official_version })),
    targets: row.targets as RegimeTarget[],
    targetUnits: units.map(toUnitRef),
    cutoffRule: (row.cutoff_rule ?? null) as Regime['cutoffRule'],
    deadlineRule: (row.deadline_rule ?? null) as Regime['deadlineRule'],
    rounds: (row.rounds ?? null) as Regime['rounds'],
    asOf: row.as_of,
    dueOn: row.due_on,
    legalBasis: row.legal_basis,
    reminderDaysBefore: row.reminder_days as number[],
    revision: row.revision,
    createdAt: row.created_at.toISOString(),
    createdByName: row.created_by_name,
    endedReason: row.ended_reason,
  };
}

async function toSummaries(db: Db, rows: q.RegimeRow[], day: string): Promise<RegimeSummary[]> {
  const ids = rows.map((r) => r.id);
  const [templates, counts] = await Promise.all([q.regimeTemplates(db, ids), q.roundCounts(db, ids, day)]);
  return rows.map((r) => {
    const pending = counts.filter((c) => c.regime_id === r.id && c.answered < c.assigned);
    return {
      id: r.id, code: r.code, name: r.name, kind: r.kind as RegimeKind, status: r.status as RegimeStatus, periodicity: r.periodicity as Periodicity | null,
      requestingUnitId: r.requesting_unit_id, requestingUnitName: r.unit_name, startsOn: r.starts_on, endsOn: r.ends_on,
      templateNames: templates.filter((t) => t.regime_id === r.id).map((t) => t.name),
      nextDueOn: pending.map((c) => c.due_on).sort()[0] ?? null,
      openRounds: pending.length,
      updatedAt: r.updated_at.toISOString(),
    };
  });
}

/** Regimes of the actor's units, filtered. Any role. */
export async function listRegimes(db: Db, ctx: Ctx, query: RegimeQuery): Promise<RegimeSummary[]> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'regime.read');
  const needle = query.q ? foldVi(query.q) : null;
  const rows = (await q.listRegimes(db, { prefix: scopePrefix(actor), ...(query.status ? { status: query.status } : {}), ...(query.kind ? { kind: query.kind } : {}) }))
    .filter((r) => !needle || foldVi(`${r.code} ${r.name}`).includes(needle));
  return toSummaries(db, rows, today(ctx));
}

async function manageable(db: Db, actor: Actor, id: string): Promise<q.RegimeRow> {
  assertRole(actor, 'regime.manage');
  const row = await q.findRegime(db, id);
  assertCan(actor, 'regime.manage', row?.unit_path, 'regime');
  if (row!.status !== 'active') conflict('regime.ended', 'Chế độ báo cáo đã kết thúc');
  return row!;
}

/**
 * Changes name, legal basis, targets, reminders or (periodic) end date. Rounds not yet opened follow
 * the change; running rounds gain new target units but keep the ones already asked. Regime managers.
 */
export async function updateRegime(db: Db, ctx: Ctx, id: string, input: UpdateRegimeInput): Promise<Regime> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    const row = await manageable(tx, actor, id);
    const requester = (await findUnit(tx, row.requesting_unit_id))!;
    await resolveTargets(tx, requester, input.targets);
    if (input.endsOn !== row.ends_on) {
      if (row.kind !== 'periodic') badRequest('regime.invalid_change', 'Chỉ thay đổi được ngày kết thúc của chế độ báo cáo định kỳ');
      if (input.endsOn !== null && input.endsOn < row.starts_on) badRequest('window.invalid', `Ngày kết thúc ${input.endsOn} trước ngày bắt đầu ${row.starts_on}`);
    }
    const ok = await q.updateRegime(tx, id, input.revision, { name: input.name, legalBasis: input.legalBasis, targets: input.targets, reminderDays: input.reminderDaysBefore, endsOn: input.endsOn }, ctx.clock.now());
    if (!ok) conflict('regime.stale', 'Chế độ báo cáo vừa được người khác thay đổi; hãy tải lại');
    await recordAudit(tx, ctx, {
      action: 'regime.updated', unitId: row.requesting_unit_id, targetType: 'regime', targetId: id,
      details: { before: { name: row.name, legalBasis: row.legal_basis, targets: row.targets, reminderDays: row.reminder_days, endsOn: row.ends_on }, after: { name: input.name, legalBasis: input.legalBasis, targets: input.targets, reminderDays: input.reminderDaysBefore, endsOn: input.endsOn } },
    });
  });
  await openRounds(db, ctx, (await q.findRegime(db, id))!, today(ctx), await loadWorkingCalendar(db));
  return getRegime(db, ctx, id);
}

/** Ends a regime: no new round opens; rounds already open stay to be answered. Regime managers. */
export async function endRegime(db: Db, ctx: Ctx, id: string, input: { revision: number; reason: string }): Promise<Regime> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    const row = await manageable(tx, actor, id);
    const ok = await q.updateRegime(tx, id, input.revision, { status: 'ended', endedReason: input.reason }, ctx.clock.now());
    if (!ok) conflict('regime.stale', 'Chế độ báo cáo vừa được người khác thay đổi; hãy tải lại');
    await recordAudit(tx, ctx, { action: 'regime.ended', unitId: row.requesting_unit_id, targetType: 'regime', targetId: id, details: { reason: input.reason } });
  });
  return getRegime(db, ctx, id);
}

/** Opened rounds with who has answered, then the next rounds to open. Anyone in the requesting unit's subtree. */
export async function getSchedule(db: Db, ctx: Ctx, id: string): Promise<RegimeSchedule> {
  const row = await readable(db, ctx.actor as Actor, id);
  const day = today(ctx);
  const opened = await q.roundCounts(db, [id], day);
  const entries: RegimeSchedule['entries'] = opened.map((c) => ({
    key: c.key, label: c.label, cutoffFrom: c.cutoff_from, cutoffTo: c.cutoff_to, opensOn: c.opens_on, dueOn: c.due_on, clamped: false,
    state: 'opened', assigned: c.assigned, answered: c.answered, missing: c.assigned - c.answered, overdue: c.overdue,
  }));
  if (row.status === 'active') {
    const calendar = await loadWorkingCalendar(db);
    const keys = new Set(opened.map((c) => c.key));
    for (const r of periodRule(() => upcomingRounds(planOf(row), calendar, day, PREVIEW_ROUNDS))) {
      if (!keys.has(r.key)) entries.push({ ...r, state: 'upcoming', assigned: 0, answered: 0, missing: 0, overdue: 0 });
    }
  }
  return { today: day, entries };
}

/**
 * The active units a requesting unit (or a unit group's owner) may ask for reports, as a forest:
 * for a department the city's other departments and wards, and its own subordinates; for any other
 * unit its own subtree. Regime or unit group managers of a unit in scope.
 */
export async function listTargetUnits(db: Db, ctx: Ctx, requestingUnitId: string): Promise<UnitTreeNode[]> {
  const actor = ctx.actor as Actor;
  const requester = await findUnit(db, requestingUnitId);
  assertCan(actor, 'regime.read', requester?.path, 'unit');
  if (!roleCan(actor.role, 'regime.manage') && !roleCan(actor.role, 'unit_group.manage')) forbidden();
  const authority = await authorityOf(db, requester!);
  const rows = await listTreeRowsUnder(db, authority.rootPath, false);
  return buildTree(rows.filter((r) => !authority.excluded.has(r.id)));
}
