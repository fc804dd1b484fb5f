import { z } from 'zod';
import { Id, Text } from './common.js';
import { Classification } from './attachments.js';
import { AssignmentStatus } from './assignments.js';
import { TemplateDefinition, TemplateKind } from './templates.js';

/** A cell key `<row code>!<column code>`, as in the formula engine. */
export const CellKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}![A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'Ô không hợp lệ (dạng DÒNG!CỘT)');

/** Canonical cell text (dot decimals, ISO dates); null or '' clears the cell. */
export const CellText = z.string().max(4000).nullable();

/**
 * A warning (or any violation) is keyed `<constraint id>@<first cell>`: an explanation answers one
 * violation in one place.
 */
export const ViolationKey = z.string().min(3).max(200);

/** Save a draft: the changed cells only, with the version the editor started from (R17, concurrency). */
export const SaveValuesInput = z
  .object({
    baseVersion: z.int().min(0),
    changes: z.record(CellKey, CellText).refine((c) => Object.keys(c).length <= 20_000, 'Quá nhiều ô trong một lần lưu'),
    explanations: z.record(ViolationKey, z.string().trim().max(2000)).default({}),
  })
  .strict();
export type SaveValuesInput = z.input<typeof SaveValuesInput>;

/** A violation of the template's constraints, as the server's authoritative check found it. */
export const FormViolation = z.object({
  key: ViolationKey,
  constraintId: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  cells: z.array(z.string()),
  explanation: z.string().nullable(),
});
export type FormViolation = z.infer<typeof FormViolation>;

/** The form of one assignment: template, saved inputs and computed values, and what may be done. */
export const FormState = z.object({
  assignmentId: Id,
  status: AssignmentStatus,
  /** Bumped by every save; a save names the version it started from. */
  version: z.number().int(),
  template: z.object({ id: Id, code: z.string(), name: z.string(), kind: TemplateKind, version: z.number().int(), definition: TemplateDefinition }),
  unitName: z.string(),
  roundLabel: z.string(),
  dueOn: z.string(),
  inputs: z.record(z.string(), z.string()),
  /** Computed cells (formulas, fixed values), canonical text. */
  computed: z.record(z.string(), z.string().nullable()),
  explanations: z.record(z.string(), z.string()),
  violations: z.array(FormViolation),
  /** Inputs the server could not read (never saved that way; kept for old data). */
  invalidCells: z.array(z.object({ cell: z.string(), message: z.string() })),
  /** Cross-period context for PREV and LASTYEAR: the unit's previous and last year's report, when there is one. */
  context: z.object({ previous: z.record(z.string(), z.string().nullable()).nullable(), lastYear: z.record(z.string(), z.string().nullable()).nullable() }),
  editable: z.boolean(),
  canSubmit: z.boolean(),
  /** Submitting sends the report to the unit's leader to sign (R19); internal work goes straight back to the delegating unit. */
  requiresSignature: z.boolean(),
  /** Why it was returned, and the cells the reviewer flagged. */
  returnReason: z.string().nullable(),
  flaggedCells: z.array(z.string()),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  /** Narrative reports: the sanitised HTML of each outline section, by section number. */
  narrative: z.record(z.string(), z.string()),
  /** Narrative placeholders resolved from the unit's figures of the same round; null when not available. */
  placeholders: z.record(z.string(), z.object({ label: z.string(), value: z.string().nullable(), source: z.string() })),
  /** Filled outside the system (an Excel upload after the due date during an outage), recorded. */
  lateEntry: z.object({ reason: z.string(), at: z.string(), byName: z.string() }).nullable(),
});
export type FormState = z.infer<typeof FormState>;

/**
 * The answer to a save (PUT …/values): what the save wrote, with the merged inputs (others' non-colliding
 * changes included), not the whole form state. The editor computes values and checks itself as the user
 * types; the server's authoritative check runs on GET …/form and on submitting. Leaving the template, the
 * computed values, the checks and the cross-period context out makes a whole-form save several times
 * cheaper under a deadline rush (bench/README.md).
 */
export const SavedForm = FormState.pick({
  assignmentId: true, status: true, version: true, inputs: true, explanations: true, editable: true, canSubmit: true, updatedAt: true, updatedByName: true,
});
export type SavedForm = z.infer<typeof SavedForm>;

/** Save a narrative report's sections (HTML, sanitised on the server) from the version the editor started from. */
export const SaveNarrativeInput = z
  .object({
    baseVersion: z.int().min(0),
    sections: z.record(z.string().max(16), z.string().max(200_000)).refine((s) => Object.keys(s).length <= 200, 'Quá nhiều đề mục'),
  })
  .strict();
export type SaveNarrativeInput = z.infer<typeof SaveNarrativeInput>;

/** A 409 answer to a save whose cells someone else changed meanwhile. */
export const SaveConflict = z.object({
  cell: z.string(),
  mine: z.string().nullable(),
  theirs: z.string().nullable(),
  byName: z.string().nullable(),
});
export type SaveConflict = z.infer<typeof SaveConflict>;

/** `classification`: the declared độ mật (R34); anything but 'none' is refused. */
export const SubmitInput = z.object({ version: z.int().min(0), classification: Classification.default('none') }).strict();

/** Accept or return a subordinate's submission (R18). */
export const ReviewInput = z
  .object({
    /** accept; reject (back to the unit for re-entry); return_to_leader (unsigned or invalidly signed, R22). */
    decision: z.enum(['accept', 'reject', 'return_to_leader']),
    reason: z.string().trim().max(2000).default(''),
    flaggedCells: z.array(CellKey).max(2000).default([]),
  })
  .strict()
  .refine((r) => r.decision === 'accept' || r.reason.length > 0, { message: 'Cần nêu lý do trả lại', path: ['reason'] });
export type ReviewInput = z.input<typeof ReviewInput>;

export const CellHistoryEntry = z.object({
  cell: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  version: z.number().int(),
  byName: z.string().nullable(),
  at: z.string(),
  source: z.enum(['entry', 'import', 'aggregate']),
});
export type CellHistoryEntry = z.infer<typeof CellHistoryEntry>;
export const CellHistoryQuery = z.object({ cell: CellKey.optional() }).strict();

/** One submitted version of a report, kept for ever (R18: a resubmission keeps every version). */
export const SubmissionVersion = z.object({
  number: z.number().int(),
  submittedAt: z.string(),
  submittedByName: z.string().nullable(),
  inputs: z.record(z.string(), z.string()),
  /** Cells that differ from the previous submitted version: [before, after]. */
  changed: z.record(z.string(), z.tuple([z.string().nullable(), z.string().nullable()])),
  review: z.object({ decision: z.enum(['accept', 'reject', 'return_to_leader']), reason: z.string(), flaggedCells: z.array(z.string()), byName: z.string().nullable(), at: z.string() }).nullable(),
});
export type SubmissionVersion = z.infer<typeof SubmissionVersion>;

/** The consolidated view of an aggregating unit (R18, R26): its subordinates and the rolled-up figures. */
export const AggregateView = z.object({
  /** The aggregating assignment; null for a requesting unit's consolidation of a whole round. */
  assignmentId: Id.nullable(),
  sources: z.array(
    z.object({
      assignmentId: Id,
      unitId: Id,
      unitName: z.string(),
      status: AssignmentStatus,
      sentAt: z.string().nullable(),
      included: z.boolean(),
      /**
       * A correction (R23): `pending` while the unit reworks an accepted report (its accepted figures still
       * count), `corrected` when the figures counted are a corrected version (the aggregate was recomputed).
       */
      correction: z.enum(['pending', 'corrected']).nullable(),
    }),
  ),
  /** Aggregated inputs and the values recomputed from them. */
  inputs: z.record(z.string(), z.string()),
  computed: z.record(z.string(), z.string().nullable()),
  /** Per cell, each included unit's figure. */
  contributions: z.record(z.string(), z.array(z.object({ unitId: Id, value: z.string().nullable() }))),
  missing: z.array(z.object({ unitId: Id, unitName: z.string() })),
  /**
   * Cells where the aggregate no longer matches what the unit took into its report, because a
   * subordinate's correction landed since; empty when it never took the aggregate in.
   */
  changedSinceApplied: z.array(z.string()),
  /** Data quality warnings (R39). */
  warnings: z.array(z.object({ kind: z.enum(['incomplete', 'constraint', 'outlier']), unitId: Id, unitName: z.string(), cell: z.string().nullable(), message: z.string() })),
});
export type AggregateView = z.infer<typeof AggregateView>;

/** Take the aggregate into the unit's own report; missing units need a note. */
export const ApplyAggregateInput = z.object({ version: z.int().min(0), note: z.string().trim().max(2000).default('') }).strict();

/** An offline-filled workbook or CSV. `lateReason` records a form filled outside the system during an outage. */
export const UploadFormInput = z
  .object({ format: z.enum(['xlsx', 'csv']), contentBase64: z.string().min(1).max(14_000_000), version: z.int().min(0), lateReason: Text(1000).optional() })
  .strict();
