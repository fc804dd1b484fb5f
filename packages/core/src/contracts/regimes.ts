import { z } from 'zod';
import { CalendarDateSchema, CutoffRuleSchema, DeadlineRuleSchema } from '../periods/schemas.js';
import { Id, Periodicity, Text } from './common.js';
import { RegimeKind, TemplateKind } from './templates.js';
import { UnitKind } from './units.js';

/**
 * Who a regime asks for reports (R5, R7). Resolved to units each time a period opens, so a commune
 * created later is asked from its first period on. Every resolved unit must lie within the requesting
 * unit's authority (docs/decisions/0009).
 */
export const RegimeTarget = z.discriminatedUnion('type', [
  /** An explicit list of units. */
  z.object({ type: z.literal('units'), unitIds: z.array(Id).min(1).max(5000) }).strict(),
  /** Every active unit of a kind (all communes, all departments) within the authority. */
  z.object({ type: z.literal('kind'), unitKind: UnitKind }).strict(),
  /** Every active unit at a level below the authority's root: 1 = directly under it. */
  z.object({ type: z.literal('level'), level: z.int().min(1).max(10) }).strict(),
  /** The members of a unit group. */
  z.object({ type: z.literal('group'), groupId: Id }).strict(),
  /** Organisations and individuals outside the state hierarchy (R7), registered as units of those kinds. */
  z.object({ type: z.literal('external'), unitIds: z.array(Id).min(1).max(5000) }).strict(),
]);
export type RegimeTarget = z.infer<typeof RegimeTarget>;

export const RegimeCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'Mã chế độ báo cáo chỉ gồm chữ không dấu, số và . _ / -');

/** One round of a thematic regime: its data window and due date, inside the regime's window. */
export const ThematicRound = z
  .object({ label: Text(200), from: CalendarDateSchema, to: CalendarDateSchema, dueOn: CalendarDateSchema })
  .strict();
export type ThematicRound = z.infer<typeof ThematicRound>;

export const RegimeStatus = z.enum(['active', 'ended']);
export type RegimeStatus = z.infer<typeof RegimeStatus>;

const common = {
  code: RegimeCode,
  name: Text(300),
  requestingUnitId: Id,
  /** Official templates (numeric and/or narrative); the regime follows each one's later official versions. */
  templateIds: z.array(Id).min(1, 'Cần ít nhất một biểu mẫu').max(50),
  targets: z.array(RegimeTarget).min(1, 'Chế độ báo cáo cần ít nhất một đối tượng báo cáo').max(50),
  legalBasis: z.string().trim().max(2000).default(''),
  /** Days before the due date on which reminders go out; 0 = on the day. */
  reminderDaysBefore: z.array(z.int().min(0).max(60)).max(5).default([3, 1]),
};

const periodic = z
  .object({
    ...common,
    kind: z.literal('periodic'),
    periodicity: Periodicity,
    cutoffRule: CutoffRuleSchema.default({ kind: 'decree_09' }),
    deadlineRule: DeadlineRuleSchema,
    startsOn: CalendarDateSchema,
    endsOn: CalendarDateSchema.nullable().default(null),
  })
  .strict();
const thematic = z
  .object({
    ...common,
    kind: z.literal('thematic'),
    startsOn: CalendarDateSchema,
    endsOn: CalendarDateSchema,
    rounds: z.array(ThematicRound).min(1, 'Cần ít nhất một đợt báo cáo').max(24),
  })
  .strict();
const adHoc = z
  .object({
    ...common,
    kind: z.literal('ad_hoc'),
    /** The day the figures concern (the cutoff); today when omitted. */
    asOf: CalendarDateSchema.optional(),
    dueOn: CalendarDateSchema,
  })
  .strict();

/** A new regime. An ad hoc one is issued at once; periodic and thematic ones open period by period. */
export const CreateRegimeInput = z.discriminatedUnion('kind', [periodic, thematic, adHoc]);
export type CreateRegimeInput = z.input<typeof CreateRegimeInput>;
export type CreateRegimeData = z.output<typeof CreateRegimeInput>;

/** What may change later: it applies to periods not yet opened (and to targets of open periods). */
export const UpdateRegimeInput = z
  .object({
    name: Text(300),
    legalBasis: z.string().trim().max(2000),
    targets: z.array(RegimeTarget).min(1, 'Chế độ báo cáo cần ít nhất một đối tượng báo cáo').max(50),
    reminderDaysBefore: z.array(z.int().min(0).max(60)).max(5),
    endsOn: CalendarDateSchema.nullable(),
    revision: z.int().min(1),
  })
  .strict();
export type UpdateRegimeInput = z.infer<typeof UpdateRegimeInput>;

export const EndRegimeInput = z.object({ revision: z.int().min(1), reason: Text(1000) }).strict();

export const RegimeTemplateRef = z.object({
  lineageId: Id,
  code: z.string(),
  name: z.string(),
  kind: TemplateKind,
  /** The version that new periods get; null while the template has no official version (retired). */
  officialTemplateId: Id.nullable(),
  officialVersion: z.number().int().nullable(),
});

/** One reporting round of a regime: a period, a thematic round or the ad hoc request. */
export const RegimeRound = z.object({
  key: z.string(),
  label: z.string(),
  cutoffFrom: z.string(),
  cutoffTo: z.string(),
  opensOn: z.string(),
  dueOn: z.string(),
  /** The rule's date fell too close to the cutoff and was moved to the earliest allowed day. */
  clamped: z.boolean(),
});
export type RegimeRound = z.infer<typeof RegimeRound>;

export const RegimeSummary = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: RegimeKind,
  status: RegimeStatus,
  periodicity: Periodicity.nullable(),
  requestingUnitId: Id,
  requestingUnitName: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  templateNames: z.array(z.string()),
  /** The earliest due date of a round opened and not yet fully answered, if any. */
  nextDueOn: z.string().nullable(),
  openRounds: z.number().int(),
  updatedAt: z.string(),
});
export type RegimeSummary = z.infer<typeof RegimeSummary>;

export const Regime = RegimeSummary.extend({
  templates: z.array(RegimeTemplateRef),
  targets: z.array(RegimeTarget),
  /** The targets resolved today, for display. */
  targetUnits: z.array(z.object({ id: Id, code: z.string(), name: z.string(), kind: UnitKind })),
  cutoffRule: CutoffRuleSchema.nullable(),
  deadlineRule: DeadlineRuleSchema.nullable(),
  rounds: z.array(ThematicRound).nullable(),
  asOf: z.string().nullable(),
  dueOn: z.string().nullable(),
  legalBasis: z.string(),
  reminderDaysBefore: z.array(z.number().int()),
  revision: z.number().int(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  endedReason: z.string().nullable(),
});
export type Regime = z.infer<typeof Regime>;

export const RegimeQuery = z
  .object({ status: RegimeStatus.optional(), kind: RegimeKind.optional(), q: z.string().trim().max(200).optional() })
  .strict();
export type RegimeQuery = z.infer<typeof RegimeQuery>;
export const RegimeIdParam = z.object({ regimeId: Id }).strict();

/** Whose authority to list: the units a requesting unit (or a unit group's owner) may ask. */
export const TargetUnitsQuery = z.object({ requestingUnitId: Id }).strict();

/** A round of the schedule: what has opened (with its answers) and what comes next. */
export const ScheduleEntry = RegimeRound.extend({
  state: z.enum(['opened', 'upcoming']),
  assigned: z.number().int(),
  answered: z.number().int(),
  missing: z.number().int(),
  overdue: z.number().int(),
});
export type ScheduleEntry = z.infer<typeof ScheduleEntry>;

export const RegimeSchedule = z.object({ today: z.string(), entries: z.array(ScheduleEntry) });
export type RegimeSchedule = z.infer<typeof RegimeSchedule>;

/** Preview of a regime being designed: the next rounds and the units it would reach. */
export const RegimePreview = z.object({
  rounds: z.array(RegimeRound),
  targetUnits: z.array(z.object({ id: Id, code: z.string(), name: z.string(), kind: UnitKind })),
});
export type RegimePreview = z.infer<typeof RegimePreview>;

// ---- unit groups ----

export const UnitGroupInput = z
  .object({ name: Text(200), ownerUnitId: Id, unitIds: z.array(Id).min(1, 'Nhóm cần ít nhất một đơn vị').max(5000) })
  .strict();
export type UnitGroupInput = z.infer<typeof UnitGroupInput>;
export const UpdateUnitGroupInput = UnitGroupInput.omit({ ownerUnitId: true }).extend({ revision: z.int().min(1) }).strict();
export type UpdateUnitGroupInput = z.infer<typeof UpdateUnitGroupInput>;

export const UnitGroup = z.object({
  id: Id,
  name: z.string(),
  ownerUnitId: Id,
  ownerUnitName: z.string(),
  members: z.array(z.object({ id: Id, code: z.string(), name: z.string(), kind: UnitKind })),
  revision: z.number().int(),
  updatedAt: z.string(),
});
export type UnitGroup = z.infer<typeof UnitGroup>;
export const UnitGroupIdParam = z.object({ groupId: Id }).strict();

// ---- working calendar ----

export const CalendarYearParam = z.object({ year: z.coerce.number().int().min(1900).max(2199) }).strict();

export const CalendarDay = z.object({ date: z.string(), kind: z.string(), name: z.string() });
export const StoredCalendarOverride = z.object({
  date: z.string(),
  kind: z.enum(['off', 'working']),
  note: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type StoredCalendarOverride = z.infer<typeof StoredCalendarOverride>;

/** A year of the working calendar: holidays computed by the system and the operator's entries. */
export const CalendarYear = z.object({
  year: z.number().int(),
  daysOff: z.array(CalendarDay),
  overrides: z.array(StoredCalendarOverride),
  workingDays: z.number().int(),
});
export type CalendarYear = z.infer<typeof CalendarYear>;
export const CalendarDateParam = z.object({ date: CalendarDateSchema }).strict();
