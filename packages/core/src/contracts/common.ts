import { z } from 'zod';

/** Identifiers are UUIDs everywhere in the API. */
export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/** RFC 9457 problem details as every error of the API is sent. `code` is stable; `title` is Vietnamese. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** A short single-line text, trimmed, never empty. */
export const Text = (max: number) => z.string().trim().min(1).max(max);

export const IdParam = z.object({ id: Id }).strict();

/** Reporting periodicities (R5): month, quarter, 6 months, 9 months, year. */
export const PERIODICITIES = ['month', 'quarter', 'half_year', 'nine_months', 'year'] as const;
export const Periodicity = z.enum(PERIODICITIES);
export type Periodicity = z.infer<typeof Periodicity>;
