import { randomUUID } from 'node:crypto';
import { formatDateVi, regimeRounds, type CutoffRule, type DeadlineRule, type PeriodKind, type RegimePlan, type RegimeTarget, type ThematicRoundPlan, type WorkingCalendar } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { findUnit } from '../units/units.queries.js';
import { regimeTemplates, type RegimeRow } from './regimes.queries.js';
import { resolveTargets, type TargetUnit } from './regimes.targets.js';

/** The schedule inputs of a stored regime. */
export function planOf(r: RegimeRow): RegimePlan {
  if (r.kind === 'periodic') {
    return { kind: 'periodic', periodicity: r.periodicity as PeriodKind, cutoffRule: r.cutoff_rule as CutoffRule, deadlineRule: r.deadline_rule as DeadlineRule, startsOn: r.starts_on, endsOn: r.ends_on };
  }
  if (r.kind === 'thematic') return { kind: 'thematic', startsOn: r.starts_on, endsOn: r.ends_on!, rounds: r.rounds as ThematicRoundPlan[] };
  return { kind: 'ad_hoc', issuedOn: r.starts_on, asOf: r.as_of!, dueOn: r.due_on! };
}

export type OpenResult = { roundsOpened: number; assignmentsCreated: number; skippedRetired: number };

/**
 * Opens every round of an active regime that has started by `today` and assigns it to each target unit
 * (R15), and adds units that became targets to rounds still running. Idempotent by construction: the
 * round and each assignment have unique keys and are inserted `on conflict do nothing`, so two runs at
 * once, or on two servers, create nothing twice. Rounds missed while the system was down open on the
 * next run. A template without an official version (retired) is not assigned.
 */
export async function openRounds(db: Db, ctx: Ctx, regime: RegimeRow, today: string, calendar: WorkingCalendar): Promise<OpenResult> {
  const result: OpenResult = { roundsOpened: 0, assignmentsCreated: 0, skippedRetired: 0 };
  if (regime.status !== 'active') return result;
  const due = regimeRounds(planOf(regime), calendar, { through: today });
  const existing = new Map((await db.selectFrom('regime_rounds').select(['key', 'due_on']).where('regime_id', '=', regime.id).execute()).map((r) => [r.key, r.due_on]));
  // New rounds, and running ones (to reach units added since they opened).
  const todo = due.filter((r) => !existing.has(r.key) || existing.get(r.key)! >= today);
  if (todo.length === 0) return result;

  const requester = await findUnit(db, regime.requesting_unit_id);
  if (!requester) return result;
  let targets: TargetUnit[] = [];
  try {
    targets = await resolveTargets(db, requester, regime.targets as RegimeTarget[], { lenient: true });
  } catch (e) {
    if (!(e instanceof AppError)) throw e; // no targets left today: open the round, assign nobody
  }
  const templates = await regimeTemplates(db, [regime.id]);

  for (const round of todo) {
    await db.transaction().execute(async (tx) => {
      let isNew = false;
      if (!existing.has(round.key)) {
        const inserted = await tx
          .insertInto('regime_rounds')
          .values({ regime_id: regime.id, key: round.key, label: round.label, cutoff_from: round.cutoffFrom, cutoff_to: round.cutoffTo, opens_on: round.opensOn, due_on: round.dueOn, opened_at: ctx.clock.now() })
          .onConflict((c) => c.columns(['regime_id', 'key']).doNothing())
          .returning('key')
          .executeTakeFirst();
        isNew = inserted !== undefined;
      }
      const created: { id: string; unit_id: string; code: string; name: string }[] = [];
      const skipped: string[] = [];
      for (const tpl of templates) {
        if (!tpl.official_id) {
          skipped.push(tpl.code);
          continue;
        }
        if (targets.length === 0) continue;
        const now = ctx.clock.now();
        const rows = await tx
          .insertInto('assignments')
          .values(targets.map((u) => ({
            id: randomUUID(), regime_id: regime.id, round_key: round.key, template_id: tpl.official_id!, lineage_id: tpl.lineage_id, unit_id: u.id,
            due_on: round.dueOn, status: 'open', created_at: now, updated_at: now,
          })))
          .onConflict((c) => c.columns(['regime_id', 'round_key', 'lineage_id', 'unit_id']).where('parent_id', 'is', null).doNothing())
          .returning(['id', 'unit_id'])
          .execute();
        created.push(...rows.map((r) => ({ ...r, code: tpl.code, name: tpl.name })));
      }
      if (!isNew && created.length === 0) return;
      if (isNew) {
        result.roundsOpened++;
        result.skippedRetired += skipped.length;
      }
      result.assignmentsCreated += created.length;
      if (created.length > 0) {
        await tx
          .insertInto('notifications')
          .values(created.map((a) => ({
            id: randomUUID(), unit_id: a.unit_id, kind: 'assignment.new', dedupe_key: `assigned:${a.id}`, created_at: ctx.clock.now(), link: `/viec-cua-toi/${a.id}`,
            title: `Báo cáo mới: ${a.name}`,
            body: `${regime.unit_name} yêu cầu báo cáo "${a.name}" (${round.label}) theo ${regime.name}; hạn gửi ${formatDateVi(round.dueOn)}.`,
          })))
          .onConflict((c) => c.column('dedupe_key').where('dedupe_key', 'is not', null).doNothing())
          .execute();
      }
      await recordAudit(tx, ctx, {
        action: isNew ? 'regime.round_opened' : 'regime.round_extended',
        unitId: regime.requesting_unit_id,
        targetType: 'regime',
        targetId: regime.id,
        details: { round: round.key, dueOn: round.dueOn, assignments: created.length, units: [...new Set(created.map((c) => c.unit_id))].length, ...(skipped.length ? { notAssignedRetired: skipped } : {}) },
      });
    });
  }
  return result;
}
