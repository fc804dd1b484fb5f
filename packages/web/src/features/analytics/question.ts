import { compareVi, formatDateVi, formatPeriodLabelVi, isPeriodId, parsePeriodId, type SeriesQuery, type SeriesResult, type UnitKind } from '@baocao/core';
import dayjs from 'dayjs';

/** Period kinds the page offers; `all` sends none, so ad hoc rounds (no kind) count too. */
export const PERIOD_CHOICES = ['all', 'month', 'quarter', 'year'] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];
export const UNIT_KIND_CHOICES = ['all', 'commune', 'department'] as const;
export type UnitKindChoice = (typeof UNIT_KIND_CHOICES)[number];

/** What the user asks, as the form holds it and the URL carries it (so a view can be shared). */
export type Question = {
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
};

const KEYS = { templateId: 't', lineageId: 'l', rowCode: 'r', columnCode: 'c', rootUnitId: 'u', unitKind: 'uk', fromMonth: 'from', toMonth: 'to', periodKind: 'pk' } as const;
const MONTH = /^\d{4}-\d{2}$/;

/** The default range: this year, month by month. */
export function defaultPeriods(): Pick<Question, 'fromMonth' | 'toMonth' | 'periodKind'> {
  const year = dayjs().year();
  return { fromMonth: `${year}-01`, toMonth: `${year}-12`, periodKind: 'month' };
}

/** The question in the URL, or null when it is incomplete. */
export function readQuestion(params: URLSearchParams): Question | null {
  const get = (k: keyof Question) => params.get(KEYS[k]) ?? '';
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
  const complete = q.templateId && q.lineageId && q.rowCode && q.columnCode && q.rootUnitId && MONTH.test(q.fromMonth) && MONTH.test(q.toMonth);
  return complete ? q : null;
}

export function writeQuestion(q: Question): URLSearchParams {
  return new URLSearchParams(Object.entries(KEYS).map(([k, short]) => [short, q[k as keyof Question]]));
}

/** The API's question: every period starting within the months chosen. */
export function toSeriesQuery(q: Question): SeriesQuery {
  const from = `${q.fromMonth}-01`;
  const to = dayjs(`${q.toMonth}-01`).endOf('month').format('YYYY-MM-DD');
  const [start, end] = from <= to ? [from, to] : [`${q.toMonth}-01`, dayjs(`${q.fromMonth}-01`).endOf('month').format('YYYY-MM-DD')];
  return {
    measure: { kind: 'cell', lineageId: q.lineageId, rowCode: q.rowCode, columnCode: q.columnCode },
    units: { rootUnitId: q.rootUnitId, ...(q.unitKind === 'all' ? {} : { kind: q.unitKind as UnitKind }) },
    periods: { from: start, to: end, ...(q.periodKind === 'all' ? {} : { kind: q.periodKind }) },
  };
}

/** A period's title: "Tháng 12/2026" for a period id; an ad hoc round by its first day. */
export function periodTitle(key: string, from: string, adHoc: (date: string) => string): string {
  return isPeriodId(key) ? formatPeriodLabelVi(parsePeriodId(key)) : adHoc(formatDateVi(from));
}

export type Pivot = {
  periods: { key: string; title: string }[];
  rows: { unitId: string; unitName: string; values: Record<string, string> }[];
  totals: Record<string, string>;
};

/** One row per unit (Vietnamese order), one column per period (in time order), and the totals. */
export function pivotSeries(result: SeriesResult, adHoc: (date: string) => string): Pivot {
  const periods = [...result.totals]
    .sort((a, b) => a.periodFrom.localeCompare(b.periodFrom))
    .map((t) => ({ key: t.periodKey, title: periodTitle(t.periodKey, t.periodFrom, adHoc) }));
  const byUnit = new Map<string, Pivot['rows'][number]>();
  for (const p of result.points) {
    const row = byUnit.get(p.unitId) ?? { unitId: p.unitId, unitName: p.unitName, values: {} };
    row.values[p.periodKey] = p.value;
    byUnit.set(p.unitId, row);
  }
  return {
    periods,
    rows: [...byUnit.values()].sort((a, b) => compareVi(a.unitName, b.unitName)),
    totals: Object.fromEntries(result.totals.map((t) => [t.periodKey, t.value])),
  };
}
