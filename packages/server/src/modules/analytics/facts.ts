import { cellKey, isPeriodId, parsePeriodId, periodEnd, periodStart, valueKind } from '@baocao/core';
import type { Db } from '../../db/database.js';
import type { AssignmentRow } from '../assignments/assignments.queries.js';
import { loadTemplate } from '../submissions/submissions.form.js';

const NUMBER = /^-?\d+(\.\d+)?$/;
const BATCH = 500;

/**
 * Keeps an accepted report's numeric values as facts (R25): one row per cell with a number, typed in or
 * computed, with the unit, the template row and column, the row's indicator, the period and the version.
 * Only reports the requesting unit accepted count (a division's figures reach the facts through its unit's
 * consolidated report, never twice). A later acceptance (a correction, R23) supersedes the report's facts:
 * the old rows stay with the time they stopped being current. Runs in the accepting transaction.
 */
export async function recordFacts(tx: Db, a: AssignmentRow, now: Date): Promise<number> {
  if (a.parent_id) return 0;
  const tpl = await loadTemplate(tx, a.template_id);
  if (!tpl.grid) return 0;
  const version = await tx
    .selectFrom('submission_versions')
    .select(['number', 'inputs', 'computed'])
    .where('assignment_id', '=', a.id)
    .where('review_decision', '=', 'accept')
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!version) return 0;
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const inputs = parse<Record<string, string>>(version.inputs);
  const computed = parse<Record<string, string | null>>(version.computed);
  const period = isPeriodId(a.round_key) ? parsePeriodId(a.round_key) : null;
  const when = {
    period_key: a.round_key,
    period_kind: period?.kind ?? null,
    period_from: period ? periodStart(period) : a.cutoff_from,
    period_to: period ? periodEnd(period) : a.cutoff_to,
  };
  const rows = tpl.grid.rows.flatMap((row) =>
    tpl.grid!.columns.flatMap((col) => {
      if (valueKind(col.valueType) !== 'number') return [];
      const key = cellKey(row.code, col.code);
      const value = inputs[key] ?? computed[key];
      if (value === undefined || value === null || !NUMBER.test(value)) return [];
      return [{
        assignment_id: a.id, unit_id: a.unit_id, regime_id: a.regime_id, lineage_id: a.lineage_id, template_id: a.template_id,
        row_code: row.code, column_code: col.code, indicator_id: row.indicatorId ?? null, ...when,
        version_number: version.number, value, accepted_at: now,
      }];
    }),
  );
  await tx.updateTable('facts').set({ superseded_at: now }).where('assignment_id', '=', a.id).where('superseded_at', 'is', null).execute();
  for (let i = 0; i < rows.length; i += BATCH) await tx.insertInto('facts').values(rows.slice(i, i + BATCH)).execute();
  return rows.length;
}
