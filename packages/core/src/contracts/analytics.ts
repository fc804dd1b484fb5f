import { z } from 'zod';
import { CalendarDateSchema } from '../periods/schemas.js';
import { Id, PERIODICITIES } from './common.js';
import { UnitKind } from './units.js';

/**
 * What to measure: an indicator of the library (every template row linked to it), or one cell of a
 * template (its lineage, so every version counts: row and column codes).
 */
export const Measure = z.discriminatedUnion('kind', [
  /** An indicator's figures in one column of the templates that carry it (TH "thực hiện", KH "kế hoạch"…). */
  z.object({ kind: z.literal('indicator'), indicatorId: Id, columnCode: z.string().trim().min(1).max(32) }).strict(),
  z.object({ kind: z.literal('cell'), lineageId: Id, rowCode: z.string().trim().min(1).max(32), columnCode: z.string().trim().min(1).max(32) }).strict(),
]);
export type Measure = z.infer<typeof Measure>;

const ColumnCode = z.string().trim().min(1).max(32);

/**
 * What each figure is compared with (R26): the plan (another column of the same rows, "KH"), the same period of
 * the year before, and the sum from the start of the year (months or quarters of one kind).
 */
export const Comparison = z
  .object({
    planColumnCode: ColumnCode.optional(),
    previousYear: z.boolean().optional(),
    yearToDate: z.boolean().optional(),
  })
  .strict();
export type Comparison = z.infer<typeof Comparison>;

/** Figures of accepted reports (facts, R25) for one measure over a unit subtree and a range of periods. */
export const SeriesQuery = z
  .object({
    measure: Measure,
    /** A unit subtree (the city for all); optionally only units of one kind (e.g. commune-level). */
    units: z.object({ rootUnitId: Id, kind: UnitKind.optional() }).strict(),
    /** Periods starting in [from, to]; optionally one kind (month, quarter, …). */
    periods: z.object({ from: CalendarDateSchema, to: CalendarDateSchema, kind: z.enum(PERIODICITIES).optional() }).strict(),
    compare: Comparison.optional(),
  })
  .strict()
  .refine((q) => q.periods.from <= q.periods.to, { message: 'Từ ngày phải trước đến ngày', path: ['periods', 'from'] })
  .refine((q) => q.compare?.planColumnCode !== q.measure.columnCode, { message: 'Cột kế hoạch phải khác cột số liệu', path: ['compare', 'planColumnCode'] })
  .refine((q) => !q.compare?.yearToDate || q.periods.kind !== undefined, { message: 'Lũy kế từ đầu năm cần chọn một loại kỳ (tháng, quý…)', path: ['compare', 'yearToDate'] });
export type SeriesQuery = z.infer<typeof SeriesQuery>;

/** Where the figures come from, as an export cites them (R28). */
export const Citation = z.object({
  system: z.string(),
  measure: z.string(),
  templates: z.array(z.object({ code: z.string(), name: z.string() })),
  units: z.string(),
  periods: z.string(),
  retrievedAt: z.string(),
  text: z.string(),
});
export type Citation = z.infer<typeof Citation>;

/**
 * Which database answered: the primary, or a read replica (DATABASE_READ_URL) and how many seconds it was
 * behind the primary when asked (docs/read-replica.md). Pages say so when the figures may be a little old.
 */
export const ReadSource = z.object({
  replica: z.boolean(),
  /** With a replica: its replay lag in seconds, one decimal (0 when it has replayed everything it received). */
  lagSeconds: z.number().min(0).optional(),
});
export type ReadSource = z.infer<typeof ReadSource>;

export const SeriesPoint = z.object({
  unitId: Id,
  unitName: z.string(),
  periodKey: z.string(),
  periodKind: z.string().nullable(),
  periodFrom: z.string(),
  periodTo: z.string(),
  /** Exact decimal text. */
  value: z.string(),
  /** With `compare`: the plan figure of the same unit and period, the same period a year before, the sum since January (null when absent). */
  plan: z.string().nullable().optional(),
  previousYear: z.string().nullable().optional(),
  yearToDate: z.string().nullable().optional(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const SeriesResult = z.object({
  points: z.array(SeriesPoint),
  /** Per period, the sum over the units (exact decimals), for a total row or a line chart. */
  totals: z.array(
    z.object({
      periodKey: z.string(),
      periodFrom: z.string(),
      value: z.string(),
      plan: z.string().nullable().optional(),
      previousYear: z.string().nullable().optional(),
      yearToDate: z.string().nullable().optional(),
    }),
  ),
  citation: Citation,
  source: ReadSource,
});
export type SeriesResult = z.infer<typeof SeriesResult>;

/** The numeric columns in which official templates carry an indicator (for an indicator question: TH, KH…). */
export const IndicatorColumn = z.object({
  code: z.string(),
  /** The column's header path in the first template that has it ("Thực hiện / Tháng này"). */
  label: z.string(),
  templates: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type IndicatorColumn = z.infer<typeof IndicatorColumn>;

/**
 * The framework report on the socio-economic plan (R40): indicators of the library, plan against actual for
 * one year of a unit subtree, by period of one kind, up to a period (the year so far).
 */
export const FrameworkReportQuery = z
  .object({
    rootUnitId: Id,
    year: z.number().int().min(2000).max(2100),
    periodKind: z.enum(['month', 'quarter', 'year']),
    /** The last month (1–12) counted: the report "as of" that month; the whole year when absent. */
    upToMonth: z.number().int().min(1).max(12).optional(),
    indicatorIds: z.array(Id).min(1, 'Chọn ít nhất một chỉ tiêu').max(200),
    actualColumnCode: ColumnCode.default('TH'),
    planColumnCode: ColumnCode.default('KH'),
  })
  .strict()
  .refine((q) => q.actualColumnCode !== q.planColumnCode, { message: 'Cột kế hoạch phải khác cột thực hiện', path: ['planColumnCode'] })
  .refine((q) => new Set(q.indicatorIds).size === q.indicatorIds.length, { message: 'Chỉ tiêu bị lặp', path: ['indicatorIds'] });
export type FrameworkReportQuery = z.infer<typeof FrameworkReportQuery>;
