import { z } from 'zod';
import { CalendarDateSchema } from '../periods/schemas.js';
import { Id, Text } from './common.js';
import { RegimeKind, TemplateKind } from './templates.js';
import { UnitKind } from './units.js';

/**
 * Where a unit's report for one round stands. `open` = nothing entered yet; `sent` = sent to the
 * requesting (or delegating) unit; `withdrawn` = a delegation taken back. Entry, review and signing
 * (issues 5 and 6) move it through the rest.
 */
export const ASSIGNMENT_STATUSES = ['open', 'draft', 'awaiting_signature', 'signed', 'sent', 'accepted', 'returned', 'correction_requested', 'withdrawn'] as const;
export const AssignmentStatus = z.enum(ASSIGNMENT_STATUSES);
export type AssignmentStatus = z.infer<typeof AssignmentStatus>;

/** Statuses in which the unit has answered: its report reached the unit that asked. */
export const ANSWERED_STATUSES: readonly AssignmentStatus[] = ['sent', 'accepted'];

/** Why an item is in someone's inbox. */
export const INBOX_CATEGORIES = ['to_enter', 'to_aggregate', 'to_review', 'to_sign', 'returned', 'overdue'] as const;
export const InboxCategory = z.enum(INBOX_CATEGORIES);
export type InboxCategory = z.infer<typeof InboxCategory>;

/** Time left to a due date, counted in Vietnam (a report is due by the end of its due day). */
export const TimeLeft = z.object({
  /** Calendar days from today to the due date; negative once it has passed. */
  days: z.number().int(),
  /** Working days in (today, due]; negative when overdue. */
  workingDays: z.number().int(),
  overdue: z.boolean(),
});
export type TimeLeft = z.infer<typeof TimeLeft>;

export const Assignment = z.object({
  id: Id,
  regimeId: Id,
  regimeCode: z.string(),
  regimeName: z.string(),
  regimeKind: RegimeKind,
  legalBasis: z.string(),
  roundKey: z.string(),
  roundLabel: z.string(),
  cutoffFrom: z.string(),
  cutoffTo: z.string(),
  /** This unit's due date: the regime's, or the internal one set by the unit that delegated. */
  dueOn: z.string(),
  /** The regime's own due date for the round (the outer deadline). */
  outerDueOn: z.string(),
  template: z.object({ id: Id, code: z.string(), name: z.string(), kind: TemplateKind, version: z.number().int() }),
  unitId: Id,
  unitName: z.string(),
  unitKind: UnitKind,
  requestingUnitId: Id,
  requestingUnitName: z.string(),
  /** The assignment this one was delegated from, and that unit. */
  parentId: Id.nullable(),
  parentUnitName: z.string().nullable(),
  assigneeId: Id.nullable(),
  assigneeName: z.string().nullable(),
  /** The internal deadline given to the assignee, if any. */
  assigneeDueOn: z.string().nullable(),
  status: AssignmentStatus,
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  /** Active delegations to subordinate units or divisions. */
  delegatedCount: z.number().int(),
  timeLeft: TimeLeft,
  /** The date an outage moved `dueOn` to (R32), or null; the inbox and reminders count to it. */
  extendedDueOn: z.string().nullable(),
  /** Sent after its regular due date, within an outage's extension: added back after the outage ("bổ sung sau sự cố"). */
  backfilled: z.boolean(),
});
export type Assignment = z.infer<typeof Assignment>;

export const AssignmentDetail = Assignment.extend({
  /** Delegations made from this assignment, withdrawn ones included. */
  delegations: z.array(Assignment),
  /** From the regime's own assignment down to this one's parent. */
  chain: z.array(z.object({ id: Id, unitId: Id, unitName: z.string(), dueOn: z.string() })),
  /** May the viewer delegate, assign people or take work back here. */
  canDelegate: z.boolean(),
  /** People of this unit and its divisions the work may be given to. */
  candidates: z.array(z.object({ id: Id, fullName: z.string(), username: z.string(), unitName: z.string() })),
  /** Subordinate units and divisions it may be delegated to. */
  subordinateUnits: z.array(z.object({ id: Id, code: z.string(), name: z.string(), kind: UnitKind })),
});
export type AssignmentDetail = z.infer<typeof AssignmentDetail>;

export const InboxItem = Assignment.extend({ categories: z.array(InboxCategory) });
export type InboxItem = z.infer<typeof InboxItem>;

export const Inbox = z.object({
  today: z.string(),
  counts: z.record(InboxCategory, z.number().int()),
  items: z.array(InboxItem),
});
export type Inbox = z.infer<typeof Inbox>;

export const AssignmentIdParam = z.object({ assignmentId: Id }).strict();

/** Pass the work on to subordinate units or divisions with an internal deadline (R16). */
export const DelegateInput = z
  .object({ unitIds: z.array(Id).min(1, 'Chọn ít nhất một đơn vị').max(500), dueOn: CalendarDateSchema, note: z.string().trim().max(1000).default('') })
  .strict();
export type DelegateInput = z.input<typeof DelegateInput>;

/** Give the work to a named person of the unit (or a division), or back to the unit with `null`. */
export const AssignPersonInput = z.object({ userId: Id.nullable(), dueOn: CalendarDateSchema.nullable().default(null) }).strict();
export type AssignPersonInput = z.input<typeof AssignPersonInput>;

/** Take a delegation back. */
export const WithdrawInput = z.object({ reason: Text(1000) }).strict();

/** Change the internal deadline of a delegation. */
export const RescheduleInput = z.object({ dueOn: CalendarDateSchema }).strict();

/** Per round of a regime: who has answered and who is missing (the requesting unit's view). */
export const RoundProgressRow = z.object({
  assignmentId: Id,
  unitId: Id,
  unitCode: z.string(),
  unitName: z.string(),
  unitKind: UnitKind,
  templateCode: z.string(),
  templateName: z.string(),
  status: AssignmentStatus,
  answered: z.boolean(),
  sentAt: z.string().nullable(),
  /** Days late: after the due date when sent late, or so far when still missing. */
  lateDays: z.number().int(),
  delegatedCount: z.number().int(),
  assigneeName: z.string().nullable(),
});
export const RoundProgress = z.object({
  regimeId: Id,
  roundKey: z.string(),
  roundLabel: z.string(),
  cutoffFrom: z.string(),
  cutoffTo: z.string(),
  dueOn: z.string(),
  today: z.string(),
  total: z.number().int(),
  answered: z.number().int(),
  missing: z.number().int(),
  overdue: z.number().int(),
  rows: z.array(RoundProgressRow),
});
export type RoundProgress = z.infer<typeof RoundProgress>;
export const RoundParam = z.object({ regimeId: Id, roundKey: z.string().min(1).max(80) }).strict();

/** What one scheduler run did (operators can run it by hand). */
export const SchedulerReport = z.object({
  today: z.string(),
  roundsOpened: z.number().int(),
  assignmentsCreated: z.number().int(),
  skippedRetired: z.number().int(),
  remindersQueued: z.number().int(),
  digestsQueued: z.number().int(),
  mailsSent: z.number().int(),
});
export type SchedulerReport = z.infer<typeof SchedulerReport>;
