import { compareVi, lateDays, vietnamDateOf, type OversightItem, type OversightQuery, type OversightRow, type OversightView, type ScoreFormula } from '@baocao/core';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Ctx } from '../../platform/audit.js';
import type { Config } from '../../platform/config.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Reads } from '../../platform/reads.js';
import { assertRole, inScope, scopePrefix, type Actor } from '../../platform/scope.js';
import { findUnit } from '../units/units.queries.js';
import { dueReports } from './oversight.queries.js';

const vi = (n: number) => String(n).replace('.', ',');

/** The score's formula with its configured weights, in words (docs/decisions/0013). */
export function scoreFormula(w: Config['oversightWeights']): ScoreFormula {
  return {
    ...w,
    text: `Điểm = 100 × (đúng hạn × ${vi(w.onTime)} + trễ hạn × ${vi(w.late)} + không gửi × ${vi(w.missing)}) ÷ số báo cáo đến hạn − 100 × ${vi(w.returnedPenalty)} × số lần bị trả lại ÷ số báo cáo đến hạn; tối thiểu 0, tối đa 100`,
  };
}

/** A unit's score from its counts; null when nothing was due. */
export function scoreOf(c: { due: number; onTime: number; late: number; missing: number; returned: number }, w: Config['oversightWeights']): number | null {
  if (c.due === 0) return null;
  const raw = (100 * (c.onTime * w.onTime + c.late * w.late + c.missing * w.missing)) / c.due - (100 * w.returnedPenalty * c.returned) / c.due;
  return Math.round(Math.min(100, Math.max(0, raw)) * 10) / 10;
}

/** Oversight before it says which database it was read from. */
export type OversightAnswer = Omit<OversightView, 'source'>;

/** The oversight page's question, read where read-only questions go (the replica when there is one). Who may oversee. */
export async function readOversight(reads: Reads, log: FastifyBaseLogger, config: Config, ctx: Ctx, query: OversightQuery): Promise<OversightView> {
  const { value, source } = await reads.read(log, (db) => getOversight(db, config, ctx, query));
  return { ...value, source };
}

/**
 * Which units reported on time, late (by how many days), not at all, or were returned, for the reports due
 * in a date range, with a score and a ranking for the administrative-reform index (R37). A report is on
 * time when it went out (signed and sent) by the end of its due day, Vietnam time. Scope as exploration:
 * the subtree must be the person's own or one above their unit; inside it, units in their subtree or
 * reports their unit asked for.
 */
export async function getOversight(db: Db, config: Config, ctx: Ctx, query: OversightQuery): Promise<OversightAnswer> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'oversight.read');
  const root = await findUnit(db, query.rootUnitId);
  if (!root) notFound('unit');
  if (!inScope(actor, root.path) && !actor.unitPath.startsWith(root.path)) throw new AppError('oversight.out_of_scope', `Bạn không có quyền theo dõi ${root.name}`, 403);
  const today = vietnamDateOf(ctx.clock.now());
  const due = await dueReports(db, { rootPath: root.path, scope: scopePrefix(actor), from: query.from, to: query.to, regimeId: query.regimeId, unitKind: query.unitKind });
  const items: OversightItem[] = due.map((d) => {
    const sentOn = d.first_sent ? vietnamDateOf(d.first_sent) : null;
    // Within an outage's extension (R32) a report is not late: it is counted against the extended date.
    const dueOn = d.extended_due_on ?? d.due_on;
    const timeliness = sentOn ? (sentOn <= dueOn ? 'on_time' : 'late') : today > dueOn ? 'missing' : 'pending';
    return {
      assignmentId: d.assignment_id, unitId: d.unit_id, regimeCode: d.regime_code, templateCode: d.template_code, roundLabel: d.round_label, dueOn: d.due_on, sentOn,
      timeliness, daysLate: timeliness === 'pending' ? 0 : lateDays(dueOn, sentOn, today), returned: d.returned,
      extendedDueOn: d.extended_due_on, backfilled: d.extended_due_on !== null && sentOn !== null && sentOn > d.due_on,
    };
  });
  const byUnit = new Map<string, OversightRow>();
  for (const [i, item] of items.entries()) {
    const row = byUnit.get(item.unitId) ?? { unitId: item.unitId, unitName: due[i]!.unit_name, due: 0, onTime: 0, late: 0, daysLate: 0, missing: 0, pending: 0, returned: 0, score: null, rank: null };
    if (item.timeliness === 'pending') row.pending++;
    else {
      row.due++;
      if (item.timeliness === 'on_time') row.onTime++;
      if (item.timeliness === 'late') row.late++;
      if (item.timeliness === 'missing') row.missing++;
      row.daysLate += item.daysLate;
      row.returned += item.returned;
    }
    byUnit.set(item.unitId, row);
  }
  const rows = [...byUnit.values()].map((r) => ({ ...r, score: scoreOf(r, config.oversightWeights) }));
  rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || compareVi(a.unitName, b.unitName));
  let rank = 0;
  rows.forEach((r, i) => {
    if (r.score === null) return;
    if (i === 0 || r.score !== rows[i - 1]!.score) rank = i + 1;
    r.rank = rank;
  });
  return { today, rows, items, formula: scoreFormula(config.oversightWeights) };
}
