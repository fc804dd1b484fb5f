import { z } from 'zod';
import { CalendarDateSchema } from '../periods/schemas.js';
import { ReadSource } from './analytics.js';
import { Id } from './common.js';
import { UnitKind } from './units.js';

/** Oversight of the units' reporting (R37): reports due in [from, to] of a unit subtree, optionally one regime. */
export const OversightQuery = z
  .object({ rootUnitId: Id, from: CalendarDateSchema, to: CalendarDateSchema, regimeId: Id.optional(), unitKind: UnitKind.optional() })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'Từ ngày phải trước đến ngày', path: ['from'] });
export type OversightQuery = z.infer<typeof OversightQuery>;

/** How one report stands against its due date. `pending`: not sent, not yet due. */
export const TIMELINESS = ['on_time', 'late', 'missing', 'pending'] as const;
export const Timeliness = z.enum(TIMELINESS);
export type Timeliness = z.infer<typeof Timeliness>;

/** The score's weights (configurable, OVERSIGHT_WEIGHTS) and the formula in words. */
export const ScoreFormula = z.object({
  onTime: z.number(),
  late: z.number(),
  missing: z.number(),
  /** Points off per returned report, as a share of 100 per report due. */
  returnedPenalty: z.number(),
  text: z.string(),
});
export type ScoreFormula = z.infer<typeof ScoreFormula>;

export const OversightRow = z.object({
  unitId: Id,
  unitName: z.string(),
  due: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  /** Calendar days late, summed over the late reports (and the missing ones, counted to today). */
  daysLate: z.number().int(),
  missing: z.number().int(),
  pending: z.number().int(),
  returned: z.number().int(),
  /** 0–100, one decimal; null when nothing was due. */
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
});
export type OversightRow = z.infer<typeof OversightRow>;

export const OversightItem = z.object({
  assignmentId: Id,
  unitId: Id,
  regimeCode: z.string(),
  templateCode: z.string(),
  roundLabel: z.string(),
  dueOn: z.string(),
  sentOn: z.string().nullable(),
  timeliness: Timeliness,
  daysLate: z.number().int(),
  returned: z.number().int(),
  /** The date an outage moved `dueOn` to (R32), against which timeliness is counted; null: none. */
  extendedDueOn: z.string().nullable(),
  /** Sent after `dueOn` within an outage's extension: data added back after the outage. */
  backfilled: z.boolean(),
});
export type OversightItem = z.infer<typeof OversightItem>;

export const OversightView = z.object({ today: z.string(), rows: z.array(OversightRow), items: z.array(OversightItem), formula: ScoreFormula, source: ReadSource });
export type OversightView = z.infer<typeof OversightView>;
