import { changePercent, compareVi, formatDateVi, percentOf, formatPeriodLabelVi, isPeriodId, parsePeriodId, type SeriesQuery, type SeriesResult, type UnitKind } from '@baocao/core';
import dayjs from 'dayjs';

/** Period kinds the page offers; `all` sends none, so ad hoc rounds (no kind) count too. */
export const PERIOD_CHOICES = ['all', 'month', 'quarter', 'year'] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];
export const UNIT_KIND_CHOICES = ['all', 'commune', 'department'] as const;
export type UnitKindChoice = (typeof UNIT_KIND_CHOICES)[number];

/** What the user asks, as the form holds it and the URL carries it (so a view can be shared). */
export type Question = {
  /** A cell of one template (the default), or an indicator of the library across every template carrying it. */
  measureKind?: 'cell' | 'indicator';
  indicatorId?: string;
  templateId: string;
  lineageId: string;
  rowCode: string;
  columnCode: string;
  rootUnitId: string;
  unitKind: UnitKindChoice;
  /** Months, YYYY-MM. */
  fromMonth: string;
  toMonth: string;
  periodKind: PeriodChoice;
  /** Comparisons: the plan's column, the same period last year, the sum since January. */
  planColumn?: string;
  previousYear?: boolean;
  yearToDate?: boolean;
};

const KEYS = { templateId: 't', lineageId: 'l', rowCode: 'r', columnCode: 'c', rootUnitId: 'u', unitKind: 'uk', fromMonth: 'from', toMonth: 'to', periodKind: 'pk' } as const;
const EXTRA = { measureKind: 'mk', indicatorId: 'i', planColumn: 'cp', previousYear: 'py', yearToDate: 'ytd' } as const;
const MONTH = /^\d{4}-\d{2}$/;

/** The default range: this year, month by month. */
export function defaultPeriods(): Pick<Question, 'fromMonth' | 'toMonth' | 'periodKind'> {
  const year = dayjs().year();
  return { fromMonth: `${year}-01`, toMonth: `${year}-12`, periodKind: 'month' };
}

/** The question in the URL, or null when it is incomplete. */
export function readQuestion(params: URLSearchParams): Question | null {
  const get = (k: keyof typeof KEYS) => params.get(KEYS[k]) ?? '';
  const q: Question = {
    templateId: get('templateId'),
    lineageId: get('lineageId'),
    rowCode: get('rowCode'),
    columnCode: get('columnCode'),
    rootUnitId: get('rootUnitId'),
    unitKind: (UNIT_KIND_CHOICES as readonly string[]).includes(get('unitKind')) ? (get('unitKind') as UnitKindChoice) : 'all',
    fromMonth: get('fromMonth'),
    toMonth: get('toMonth'),
    periodKind: (PERIOD_CHOICES as readonly string[]).includes(get('periodKind')) ? (get('periodKind') as PeriodChoice) : 'all',
  };
  const extra = (k: keyof typeof EXTRA) => params.get(EXTRA[k]) ?? '';
  if (extra('measureKind') === 'indicator') Object.assign(q, { measureKind: 'indicator', indicatorId: extra('indicatorId') });
  if (extra('planColumn')) q.planColumn = extra('planColumn');
  if (extra('previousYear') === '1') q.previousYear = true;
  if (extra('yearToDate') === '1' && q.periodKind !== 'all') q.yearToDate = true;
  const measured = q.measureKind === 'indicator' ? !!q.indicatorId : !!(q.templateId && q.lineageId && q.rowCode);
  const complete = measured && q.columnCode && q.rootUnitId && MONTH.test(q.fromMonth) && MONTH.test(q.toMonth);
  return complete ? q : null;
}

export function writeQuestion(q: Question): URLSearchParams {
  const params = new URLSearchParams(Object.entries(KEYS).map(([k, short]) => [short, String(q[k as keyof Question] ?? '')]));
  if (q.measureKind === 'indicator' && q.indicatorId) {
    params.set(EXTRA.measureKind, 'indicator');
    params.set(EXTRA.indicatorId, q.indicatorId);
  }
  if (q.planColumn) params.set(EXTRA.planColumn, q.planColumn);
  if (q.previousYear) params.set(EXTRA.previousYear, '1');
  if (q.yearToDate) params.set(EXTRA.yearToDate, '1');
  return params;
}

/** The API's question: every period starting within the months chosen. */
export function toSeriesQuery(q: Question): SeriesQuery {
  const from = `${q.fromMonth}-01`;
  const to = dayjs(`${q.toMonth}-01`).endOf('month').format('YYYY-MM-DD');
  const [start, end] = from <= to ? [from, to] : [`${q.toMonth}-01`, dayjs(`${q.fromMonth}-01`).endOf('month').format('YYYY-MM-DD')];
  const compare = {
    ...(q.planColumn && q.planColumn !== q.columnCode ? { planColumnCode: q.planColumn } : {}),
    ...(q.previousYear ? { previousYear: true } : {}),
    ...(q.yearToDate && q.periodKind !== 'all' ? { yearToDate: true } : {}),
  };
  return {
    measure:
      q.measureKind === 'indicator' && q.indicatorId
        ? { kind: 'indicator', indicatorId: q.indicatorId, columnCode: q.columnCode }
        : { kind: 'cell', lineageId: q.lineageId, rowCode: q.rowCode, columnCode: q.columnCode },
    units: { rootUnitId: q.rootUnitId, ...(q.unitKind === 'all' ? {} : { kind: q.unitKind as UnitKind }) },
    periods: { from: start, to: end, ...(q.periodKind === 'all' ? {} : { kind: q.periodKind }) },
    ...(Object.keys(compare).length ? { compare } : {}),
  };
}

/** A period's title: "Tháng 12/2026" for a period id; an ad hoc round by its first day. */
export function periodTitle(key: string, from: string, adHoc: (date: string) => string): string {
  return isPeriodId(key) ? formatPeriodLabelVi(parsePeriodId(key)) : adHoc(formatDateVi(from));
}

/** What the pivot shows in its cells: the figure, or one of the comparisons asked (R26). */
export const METRICS = ['value', 'plan', 'planPercent', 'previousYear', 'changePercent', 'yearToDate'] as const;
export type Metric = (typeof METRICS)[number];
type Figures = { value: string; plan?: string | null | undefined; previousYear?: string | null | undefined; yearToDate?: string | null | undefined };

/** The metrics a result can show: the figure, and those of the comparisons it was asked with. */
export function metricsOf(result: Pick<SeriesResult, 'totals'>): Metric[] {
  const t = result.totals[0];
  if (!t) return ['value'];
  return METRICS.filter((m) => m === 'value' || ((m === 'plan' || m === 'planPercent') && t.plan !== undefined) || ((m === 'previousYear' || m === 'changePercent') && t.previousYear !== undefined) || (m === 'yearToDate' && t.yearToDate !== undefined));
}

/** One metric of one unit's (or the total's) figures; ratios exact to one decimal (core). */
export function pick(f: Figures, metric: Metric): string | null {
  switch (metric) {
    case 'value': return f.value;
    case 'plan': return f.plan ?? null;
    case 'planPercent': return percentOf(f.value, f.plan);
    case 'previousYear': return f.previousYear ?? null;
    case 'changePercent': return changePercent(f.value, f.previousYear);
    case 'yearToDate': return f.yearToDate ?? null;
  }
}

export type Pivot = {
  /** The figure when absent. */
  metric?: Metric;
  periods: { key: string; title: string }[];
  rows: { unitId: string; unitName: string; values: Record<string, string> }[];
  totals: Record<string, string>;
  /** Per period, the totals of the figure and of each comparison asked (lines of the chart). */
  lines?: { metric: Metric; values: Record<string, string | null> }[];
};

/** One row per unit (Vietnamese order), one column per period (in time order), and the totals. */
export function pivotSeries(result: Omit<SeriesResult, 'source'>, adHoc: (date: string) => string, metric: Metric = 'value'): Pivot {
  const periods = [...result.totals]
    .sort((a, b) => a.periodFrom.localeCompare(b.periodFrom))
    .map((t) => ({ key: t.periodKey, title: periodTitle(t.periodKey, t.periodFrom, adHoc) }));
  const byUnit = new Map<string, Pivot['rows'][number]>();
  for (const p of result.points) {
    const row = byUnit.get(p.unitId) ?? { unitId: p.unitId, unitName: p.unitName, values: {} };
    const v = pick(p, metric);
    if (v !== null) row.values[p.periodKey] = v;
    byUnit.set(p.unitId, row);
  }
  const totals: Record<string, string> = {};
  for (const t of result.totals) {
    const v = pick(t, metric);
    if (v !== null) totals[t.periodKey] = v;
  }
  const lines = metricsOf(result)
    .filter((m) => m === 'value' || m === 'plan' || m === 'previousYear' || m === 'yearToDate')
    .map((m) => ({ metric: m, values: Object.fromEntries(result.totals.map((t) => [t.periodKey, pick(t, m)])) }));
  return {
    metric,
    periods,
    rows: [...byUnit.values()].sort((a, b) => compareVi(a.unitName, b.unitName)),
    totals,
    lines,
  };
}
