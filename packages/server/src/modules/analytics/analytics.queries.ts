import { sql } from 'kysely';
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
};

export type FactRow = { unit_id: string; unit_name: string; period_key: string; period_kind: string | null; period_from: string; period_to: string; value: string; template_id: string };

function where(f: SeriesFilter) {
  const measure =
    f.measure.kind === 'indicator'
      ? sql`f.indicator_id = ${f.measure.indicatorId} and f.column_code = ${f.measure.columnCode}`
      : sql`f.lineage_id = ${f.measure.lineageId} and f.row_code = ${f.measure.rowCode} and f.column_code = ${f.measure.columnCode}`;
  return sql`
    f.superseded_at is null and ${measure}
    and u.path like ${`${f.rootPath}%`} ${f.unitKind ? sql`and u.kind = ${f.unitKind}` : sql``}
    and f.period_from between ${f.from} and ${f.to} ${f.periodKind ? sql`and f.period_kind = ${f.periodKind}` : sql``}
    and (u.path like ${`${f.scope}%`} or ru.path like ${`${f.scope}%`})`;
}

const FROM = sql`facts f join units u on u.id = f.unit_id join regimes r on r.id = f.regime_id join units ru on ru.id = r.requesting_unit_id`;

/** How many facts the query would return (an export refuses what it cannot carry). */
export async function countFacts(db: Db, f: SeriesFilter): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from ${FROM} where ${where(f)}`.execute(db);
  return Number(rows[0]!.n);
}

/** The current facts of one measure, one row per unit and period. */
export async function seriesFacts(db: Db, f: SeriesFilter, limit: number): Promise<FactRow[]> {
  const { rows } = await sql<FactRow>`
    select f.unit_id, u.name as unit_name, f.period_key, f.period_kind, f.period_from::text as period_from, f.period_to::text as period_to,
      f.value::text as value, f.template_id
    from ${FROM} where ${where(f)}
    order by f.period_from, f.unit_id limit ${limit}`.execute(db);
  return rows;
}

/** Per period, the exact sum over the same facts. */
export async function seriesTotals(db: Db, f: SeriesFilter): Promise<{ period_key: string; period_from: string; value: string }[]> {
  const { rows } = await sql<{ period_key: string; period_from: string; value: string }>`
    select f.period_key, f.period_from::text as period_from, sum(f.value)::text as value
    from ${FROM} where ${where(f)}
    group by f.period_key, f.period_from order by f.period_from`.execute(db);
  return rows;
}
