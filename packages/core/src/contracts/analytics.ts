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

/** Figures of accepted reports (facts, R25) for one measure over a unit subtree and a range of periods. */
export const SeriesQuery = z
  .object({
    measure: Measure,
    /** A unit subtree (the city for all); optionally only units of one kind (e.g. commune-level). */
    units: z.object({ rootUnitId: Id, kind: UnitKind.optional() }).strict(),
    /** Periods starting in [from, to]; optionally one kind (month, quarter, …). */
    periods: z.object({ from: CalendarDateSchema, to: CalendarDateSchema, kind: z.enum(PERIODICITIES).optional() }).strict(),
  })
  .strict()
  .refine((q) => q.periods.from <= q.periods.to, { message: 'Từ ngày phải trước đến ngày', path: ['periods', 'from'] });
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

export const SeriesPoint = z.object({
  unitId: Id,
  unitName: z.string(),
  periodKey: z.string(),
  periodKind: z.string().nullable(),
  periodFrom: z.string(),
  periodTo: z.string(),
  /** Exact decimal text. */
  value: z.string(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const SeriesResult = z.object({
  points: z.array(SeriesPoint),
  /** Per period, the sum over the units (exact decimals), for a total row or a line chart. */
  totals: z.array(z.object({ periodKey: z.string(), periodFrom: z.string(), value: z.string() })),
  citation: Citation,
});
export type SeriesResult = z.infer<typeof SeriesResult>;
