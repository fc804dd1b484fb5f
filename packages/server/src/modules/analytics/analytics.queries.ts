import { sql, type RawBuilder } from 'kysely';
import type { Measure } from '@baocao/core';
import type { Db } from '../../db/database.js';

export type SeriesFilter = {
  measure: Measure;
  rootPath: string;
  unitKind?: string | undefined;
  from: string;
  to: string;
  periodKind?: string | undefined;
  /** The actor's scope prefix: a fact is visible when its unit, or the unit that asked for it, is under it. */
  scope: string;
  /** Comparisons: the plan's column in the same rows, the same period a year before, the sum since January. */
  planColumnCode?: string | undefined;
  previousYear?: boolean | undefined;
  yearToDate?: boolean | undefined;
};

/**
 * The answer's rows, in no particular order (the service orders them): a point per unit and period
 * (`row = 'point'`: unit, period key, value, comparisons), a total per period (`row = 'total'`: the period's
 * kind and dates, the exact sums over every selected unit), and each template the figures come from
 * (`row = 'template'`, with its code and name).
 */
export type FactRow = {
  row: 'point' | 'total' | 'template';
  unit_id: string | null;
  unit_name: string | null;
  period_key: string | null;
  value: string | null;
  plan?: string | null;
  previous_year?: string | null;
  year_to_date?: string | null;
  period_kind: string | null;
  period_from: string | null;
  period_to: string | null;
  template_id: string | null;
  template_code: string | null;
  template_name: string | null;
};

/** The first day the comparisons need: a year before `from` for the same period last year, January for the sum since January. */
function widenedFrom(f: SeriesFilter): string {
  let from = f.from;
  if (f.previousYear) from = `${Number(from.slice(0, 4)) - 1}${from.slice(4)}`;
  if (f.yearToDate && `${f.from.slice(0, 4)}-01-01` < from) from = `${f.from.slice(0, 4)}-01-01`;
  return from;
}

/**
 * One statement answers a question (measured on ten million facts in `npm run bench -- facts`):
 * - `m`: the current facts of the measure in the periods (`materialized`: started from the units instead,
 *   the planner walks every fact of each unit — 2.5 s instead of tens of ms);
 * - `v`: only units of the subtree, visible to the actor or asked for by a unit in the actor's scope (the
 *   regimes' check is one hashed lookup, not a join per fact);
 * - comparisons as window functions over the same report row (unit, regime, template lineage, row): the plan
 *   column of the same period, the value a year earlier (`range` frame of exactly one year), the running sum
 *   within the year — one sort, no self-join;
 * - the points, the totals per period (a hash aggregate) and the templates cited, as one `union all` with no
 *   sort: the service puts them in Vietnamese order anyway.
 * At most `limit` rows.
 */
export async function seriesFacts(db: Db, f: SeriesFilter, limit: number): Promise<FactRow[]> {
  const m = f.measure;
  const compare = !!(f.planColumnCode || f.previousYear || f.yearToDate);
  const columns = f.planColumnCode ? sql`f.column_code in (${m.columnCode}, ${f.planColumnCode})` : sql`f.column_code = ${m.columnCode}`;
  const measure =
    m.kind === 'indicator'
      ? sql`f.indicator_id = ${m.indicatorId} and ${columns}`
      : sql`f.lineage_id = ${m.lineageId} and f.row_code = ${m.rowCode} and ${columns}`;
  const reportRow = sql.raw('v.unit_id, v.regime_id, v.lineage_id, v.row_code');
  const comparisons: RawBuilder<unknown>[] = [];
  const point: RawBuilder<unknown>[] = [];
  const total: RawBuilder<unknown>[] = [];
  if (f.planColumnCode) {
    comparisons.push(sql`max(v.value) filter (where v.column_code = ${f.planColumnCode}) over (partition by ${reportRow}, v.period_key) as plan`);
    point.push(sql`s.plan::text`);
    total.push(sql`sum(s.plan)::text`);
  }
  if (f.previousYear) {
    comparisons.push(sql`max(v.value) over (partition by ${reportRow}, v.column_code, v.period_kind order by v.period_from range between interval '1 year' preceding and interval '1 year' preceding) as previous_year`);
    point.push(sql`s.previous_year::text`);
    total.push(sql`sum(s.previous_year)::text`);
  }
  if (f.yearToDate) {
    comparisons.push(sql`sum(v.value) over (partition by ${reportRow}, v.column_code, v.period_kind, date_part('year', v.period_from) order by v.period_from) as year_to_date`);
    point.push(sql`s.year_to_date::text`);
    total.push(sql`sum(s.year_to_date)::text`);
  }
  const names = [f.planColumnCode ? 'plan' : null, f.previousYear ? 'previous_year' : null, f.yearToDate ? 'year_to_date' : null].filter((n): n is string => n !== null);
  const as = (xs: RawBuilder<unknown>[]) => (xs.length ? sql`${sql.join(xs.map((x, i) => sql`${x} as ${sql.ref(names[i]!)}`))},` : sql``);
  const nulls = names.length ? sql`${sql.join(names.map((n) => sql`null::text as ${sql.ref(n)}`))},` : sql``;
  const selected = compare
    ? sql`(select w.* from (select v.*, ${sql.join(comparisons)} from v) w where w.column_code = ${m.columnCode} and w.period_from between ${f.from} and ${f.to})`
    : sql`v`;
  const { rows } = await sql<FactRow>`
    with m as materialized (
      select f.unit_id, f.regime_id, f.lineage_id, f.row_code, f.column_code, f.period_key, f.period_kind, f.period_from, f.period_to, f.value, f.template_id
      from facts f
      where f.superseded_at is null and ${measure}
        and f.period_from between ${compare ? widenedFrom(f) : f.from} and ${f.to} ${f.periodKind ? sql`and f.period_kind = ${f.periodKind}` : sql``}
    ),
    v as (
      select m.*, u.name as unit_name
      from m join units u on u.id = m.unit_id
      where u.path like ${`${f.rootPath}%`} ${f.unitKind ? sql`and u.kind = ${f.unitKind}` : sql``}
        and (u.path like ${`${f.scope}%`}
          or m.regime_id in (select r.id from regimes r join units ru on ru.id = r.requesting_unit_id where ru.path like ${`${f.scope}%`}))
    ),
    s as ${compare ? sql`materialized ${selected}` : sql`(select * from v)`}
    select 'point' as row, s.unit_id, s.unit_name, s.period_key, s.value::text as value, ${as(point)}
      null::text as period_kind, null::text as period_from, null::text as period_to, null::uuid as template_id, null::text as template_code, null::text as template_name
    from s
    union all
    select 'total', null::uuid, null::text, s.period_key, sum(s.value)::text, ${as(total)} s.period_kind, s.period_from::text, s.period_to::text, null, null, null
    from s group by s.period_key, s.period_kind, s.period_from, s.period_to
    union all
    select 'template', null::uuid, null::text, null::text, null::text, ${nulls} null::text, null::text, null::text, t.id, t.code, t.name
    from templates t where t.id in (select s.template_id from s)
    limit ${limit}`.execute(db);
  return rows;
}
