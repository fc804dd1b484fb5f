/**
 * Issue 7's figures on PostgreSQL (BENCH_DATABASE_URL; skipped without it — ten million rows are not a
 * job for the embedded database): ≈10.9 million facts — the demo city's 114 commune-level units × 300
 * indicators × 2 columns × 10 years of months and quarters — generated in a throw-away schema of the demo
 * database, then, in process:
 * - one indicator's monthly time series across every commune over ten years (13,680 points);
 * - a 12-month pivot of one template cell for the communes (1,368 points), and the same compared with the
 *   plan, the same period last year and the year to date;
 * each through the service the API calls (`getSeries`: scope checks, points, totals, citation) against the
 * bare SQL that returns the same answer (points with unit names and period dates, totals per period) from
 * the same tables. p50 and p95 in ms. BENCH_FACTS_KEEP=1 keeps the loaded schema for the next run.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import type { SeriesQuery } from '@baocao/core';
import { getSeries } from '../packages/server/src/modules/analytics/analytics.service.js';
import { systemClock } from '../packages/server/src/platform/clock.js';
import type { Ctx } from '../packages/server/src/platform/audit.js';
import { startServer } from '../packages/server/src/server.js';
import { result, type Bench } from './measure.js';

const facts: Bench = async (opts) => {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    process.stdout.write('facts.bench: skipped (set BENCH_DATABASE_URL: ten million facts need PostgreSQL)\n');
    return [];
  }
  // BENCH_FACTS_KEEP=1 keeps the loaded schema for the next run (loading takes minutes); the default drops it.
  const keep = process.env.BENCH_FACTS_KEEP === '1';
  const schema = keep ? 'bench_facts_kept' : `bench_facts_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema if not exists ${schema}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'baocao-bench-facts-'));
  const server = await startServer({
    port: 0, host: '127.0.0.1', dataDir, mode: 'demo', logLevel: 'warn', webDist: null, schedulerIntervalSeconds: 0, outboxIntervalMs: 0,
    databaseUrl: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
  });
  try {
    const db = server.database.db;
    const city = await db.selectFrom('units').select(['id', 'path']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const regime = await db.selectFrom('regimes').select(['id']).where('code', '=', 'DEMO-CD-THANG').executeTakeFirstOrThrow();
    const tpl = await db.selectFrom('templates').select(['id', 'lineage_id']).where('code', '=', 'DEMO-STC-01').executeTakeFirstOrThrow();
    // 300 indicators, added to the demo set (labelled as benchmark data in a throw-away schema).
    const set = await db.selectFrom('indicator_sets').select('id').executeTakeFirstOrThrow();
    const loaded = keep ? (await sql<{ id: string }>`select id from indicators where code like 'BENCH-%' order by position`.execute(db)).rows.map((r) => r.id) : [];
    const indicators = loaded.length === 300 ? loaded : await load();
    async function load(): Promise<string[]> {
    // The demo set is official, and official sets refuse new indicators: not this throw-away copy.
    await sql`alter table indicators disable trigger user`.execute(db);
    const ids = (
      await sql<{ id: string }>`
        insert into indicators (id, set_id, lineage_id, code, name, search_text, periodicity, position, created_at, updated_at)
        select gen_random_uuid(), ${set.id}::uuid, gen_random_uuid(), 'BENCH-' || i, 'Chỉ tiêu đo hiệu năng ' || i, 'bench ' || i, array['month', 'quarter'], 1000 + i, now(), now()
        from generate_series(1, 300) i order by i returning id`.execute(db)
    ).rows.map((r) => r.id);
    // A read benchmark: the generated facts point at no real assignment, so the write-side keys go.
    await sql`alter table facts drop constraint facts_assignment_id_fkey`.execute(db);
    const started = Date.now();
    await sql`
      insert into facts (assignment_id, unit_id, regime_id, lineage_id, template_id, row_code, column_code, indicator_id, period_key, period_kind, period_from, period_to, version_number, value, accepted_at)
      select ${randomUUID()}::uuid, u.id, ${regime.id}::uuid, ${tpl.lineage_id}::uuid, ${tpl.id}::uuid, case when i = 1 then 'R01' else 'R' || lpad(i::text, 3, '0') end, c.code, (${ids}::uuid[])[i],
        p.key, p.kind, p.from_day, p.to_day, 1, round((random() * 100000)::numeric, 2), now()
      from (select id from units where kind = 'commune') u
      cross join generate_series(1, 300) i
      cross join (values ('KH'), ('TH')) c(code)
      cross join (
        select to_char(d, 'YYYY') || '-M' || to_char(d, 'MM') as key, 'month' as kind, d::date as from_day, (d + interval '1 month - 1 day')::date as to_day
        from generate_series(date '2017-01-01', date '2026-12-01', interval '1 month') d
        union all
        select to_char(d, 'YYYY') || '-Q' || extract(quarter from d)::text, 'quarter', d::date, (d + interval '3 months - 1 day')::date
        from generate_series(date '2017-01-01', date '2026-10-01', interval '3 months') d
      ) p`.execute(db);
    await sql`analyze facts`.execute(db);
    const count = Number((await sql<{ n: string }>`select count(*) as n from facts`.execute(db)).rows[0]!.n);
    process.stdout.write(`facts.bench: ${count.toLocaleString('en-US')} facts loaded in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    return ids;
    }

    // Fresh statistics for the small tables the demo seeded, as autovacuum would have them in service (the
    // planner otherwise takes the units of a subtree for one row and loops over the facts once per unit).
    await sql`analyze units`.execute(db);
    await sql`analyze regimes`.execute(db);
    const actor = await db.selectFrom('users as us').innerJoin('units as u', 'u.id', 'us.unit_id').select(['us.id', 'us.username', 'us.full_name', 'us.role', 'us.unit_id', 'u.name', 'u.path']).where('us.username', '=', 'chuyenvien.stc').executeTakeFirstOrThrow();
    const ctx: Ctx = {
      actor: { id: actor.id, username: actor.username, fullName: actor.full_name, role: actor.role as 'specialist', unitId: actor.unit_id, unitName: actor.name, unitPath: actor.path, mustChangePassword: false, sessionId: 'bench', csrfToken: 'bench' },
      ip: null, userAgent: 'bench', requestId: null, clock: systemClock,
    };
    const series: SeriesQuery = { measure: { kind: 'indicator', indicatorId: indicators[41]!, columnCode: 'TH' }, units: { rootUnitId: city.id, kind: 'commune' }, periods: { from: '2017-01-01', to: '2026-12-31', kind: 'month' } };
    const pivot: SeriesQuery = { measure: { kind: 'cell', lineageId: tpl.lineage_id, rowCode: 'R01', columnCode: 'KH' }, units: { rootUnitId: city.id, kind: 'commune' }, periods: { from: '2026-01-01', to: '2026-12-31', kind: 'month' } };
    // The bare SQL for the same answer: the points with their units' names and periods' dates, and the
    // per-period totals, from the same tables (no scope check, no citation, no comparisons).
    const bare = (measure: ReturnType<typeof sql>, from: string, to: string) => () =>
      sql`select f.unit_id, u.name, f.period_key, f.period_kind, f.period_from::text, f.period_to::text, f.value::text, (sum(f.value) over (partition by f.period_from, f.period_key))::text as total
        from facts f join units u on u.id = f.unit_id
        where f.superseded_at is null and ${measure} and f.period_kind = 'month' and f.period_from between ${from} and ${to} and u.path like ${`${city.path}%`} and u.kind = 'commune'
        order by f.period_from, f.period_key, f.unit_id`.execute(db);
    const bareSeries = bare(sql`f.indicator_id = ${indicators[41]!} and f.column_code = 'TH'`, '2017-01-01', '2026-12-31');
    const barePivot = bare(sql`f.lineage_id = ${tpl.lineage_id} and f.row_code = 'R01' and f.column_code = 'KH'`, '2026-01-01', '2026-12-31');
    // The same answer with the plan, the same month a year before and the year to date, written by hand.
    const bareCompared = () =>
      sql`with x as (
          select f.unit_id, u.name, f.period_key, f.period_kind, f.period_from, f.period_to, f.column_code, f.value,
            max(f.value) filter (where f.column_code = 'KH') over (partition by f.unit_id, f.period_key) as plan,
            max(f.value) over (partition by f.unit_id, f.column_code order by f.period_from range between interval '1 year' preceding and interval '1 year' preceding) as prev,
            sum(f.value) over (partition by f.unit_id, f.column_code, date_part('year', f.period_from) order by f.period_from) as ytd
          from facts f join units u on u.id = f.unit_id
          where f.superseded_at is null and f.lineage_id = ${tpl.lineage_id} and f.row_code = 'R01' and f.column_code in ('TH', 'KH') and f.period_kind = 'month'
            and f.period_from between '2025-01-01' and '2026-12-31' and u.path like ${`${city.path}%`} and u.kind = 'commune')
        select unit_id, name, period_key, period_kind, period_from::text, period_to::text, value::text, plan::text, prev::text, ytd::text,
          (sum(value) over p)::text, (sum(plan) over p)::text, (sum(prev) over p)::text, (sum(ytd) over p)::text
        from x where column_code = 'TH' and period_from >= '2026-01-01'
        window p as (partition by period_from, period_key) order by period_from, period_key, unit_id`.execute(db);
    const [a, b] = [await getSeries(db, ctx, series), await bareSeries()];
    if (a.points.length !== b.rows.length || a.points.length !== 114 * 120) throw new Error(`series: ${a.points.length} points vs ${b.rows.length} bare rows`);
    const [c, d] = [await getSeries(db, ctx, pivot), await barePivot()];
    if (c.points.length !== d.rows.length || c.points.length !== 114 * 12) throw new Error(`pivot: ${c.points.length} points vs ${d.rows.length} bare rows`);
    const compared: SeriesQuery = { ...pivot, measure: { ...pivot.measure, columnCode: 'TH' } as SeriesQuery['measure'], compare: { planColumnCode: 'KH', previousYear: true, yearToDate: true } };
    const e = await getSeries(db, ctx, compared);
    const g = await bareCompared();
    if (e.points.length !== g.rows.length || e.points.length !== 114 * 12 || e.points.some((p) => p.plan == null || p.previousYear == null || p.yearToDate == null)) throw new Error('compared pivot: missing comparisons');
    const rows = [];
    for (const [name, ours, bare] of [
      ['one indicator, monthly, 114 communes × 10 years', () => getSeries(db, ctx, series), bareSeries],
      ['12-month pivot of one cell (DEMO-STC-01 R01!KH), 114 communes', () => getSeries(db, ctx, pivot), barePivot],
      ['12-month pivot compared with plan, last year and year to date', () => getSeries(db, ctx, compared), bareCompared],
    ] as const) {
      const m = await percentiles(ours, bare, Math.max(20, Math.round(opts.seconds * 6)));
      rows.push(result(`facts ${name} p50`, 'ms', m.target.p50, m.baseline.p50), result(`facts ${name} p95`, 'ms', m.target.p95, m.baseline.p95));
    }
    return rows;
  } finally {
    await server.close();
    if (!keep) await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
};

/** p50 and p95 of `n` calls each, alternating target and baseline after a warm-up. */
async function percentiles(target: () => Promise<unknown>, baseline: () => Promise<unknown>, n: number) {
  const t: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 3; i++) {
    await baseline();
    await target();
  }
  for (let i = 0; i < n; i++) {
    for (const [fn, into] of (i % 2 ? [[target, t], [baseline, b]] : [[baseline, b], [target, t]]) as [() => Promise<unknown>, number[]][]) {
      const s = performance.now();
      await fn();
      into.push(performance.now() - s);
    }
  }
  const at = (xs: number[], q: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  return { target: { p50: at(t, 0.5), p95: at(t, 0.95) }, baseline: { p50: at(b, 0.5), p95: at(b, 0.95) } };
}

export default facts;
