import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { extendedDueOn } from '../operations/operations.queries.js';

export type DueRow = {
  assignment_id: string;
  unit_id: string;
  unit_name: string;
  regime_code: string;
  template_code: string;
  round_label: string;
  due_on: string;
  /** An outage's extension (R32), or null. */
  extended_due_on: string | null;
  first_sent: Date | null;
  returned: number;
};

/**
 * The reports due in [from, to] of units in a subtree, each with the first time it went out (its first
 * signature; for an individual, who signs nothing, its first submission) and how many times it was
 * returned. Only regimes' own assignments (not internal delegations); withdrawn ones do not count.
 */
export async function dueReports(db: Db, f: { rootPath: string; scope: string; from: string; to: string; regimeId?: string | undefined; unitKind?: string | undefined }): Promise<DueRow[]> {
  const { rows } = await sql<DueRow>`
    select a.id as assignment_id, a.unit_id, u.name as unit_name, r.code as regime_code, t.code as template_code, rr.label as round_label,
      a.due_on::text as due_on,
      ${extendedDueOn(sql.ref('a.due_on'), sql.ref('u.path'))} as extended_due_on,
      coalesce(
        (select min(s.signed_at) from report_signatures s where s.assignment_id = a.id),
        case when u.kind = 'individual' then (select min(v.submitted_at) from submission_versions v where v.assignment_id = a.id) end
      ) as first_sent,
      (select count(*) from submission_versions v where v.assignment_id = a.id and v.review_decision in ('reject', 'return_to_leader'))::int as returned
    from assignments a
    join units u on u.id = a.unit_id
    join regimes r on r.id = a.regime_id
    join units ru on ru.id = r.requesting_unit_id
    join templates t on t.id = a.template_id
    join regime_rounds rr on rr.regime_id = a.regime_id and rr.key = a.round_key
    where a.parent_id is null and a.status <> 'withdrawn'
      and a.due_on between ${f.from} and ${f.to}
      and u.path like ${`${f.rootPath}%`}
      and (u.path like ${`${f.scope}%`} or ru.path like ${`${f.scope}%`})
      ${f.regimeId ? sql`and a.regime_id = ${f.regimeId}` : sql``}
      ${f.unitKind ? sql`and u.kind = ${f.unitKind}` : sql``}
    order by a.due_on, u.name`.execute(db);
  return rows.map((r) => ({ ...r, returned: Number(r.returned), first_sent: r.first_sent === null ? null : new Date(r.first_sent) }));
}
