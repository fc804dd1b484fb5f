import { z } from 'zod';
import { Id, Text } from './common.js';

/** An instant with its offset, e.g. 2026-12-02T20:00:00+07:00 (the form sends Vietnam time). */
const Instant = z.iso.datetime({ offset: true, message: 'Thời điểm không hợp lệ' });

/** A maintenance window (R31): announced at least 24 hours ahead unless an emergency, with its reason. */
export const MaintenanceInput = z
  .object({
    startsAt: Instant,
    endsAt: Instant,
    /** What changes, for the record (e.g. "Nâng cấp phiên bản 2.3: thêm biểu mẫu ..."). */
    changes: Text(2000),
    /** The banner's text, in Vietnamese, as users will read it. */
    message: Text(500),
    emergency: z.boolean().default(false),
    emergencyReason: z.string().trim().max(1000).nullable().default(null),
  })
  .strict()
  .refine((m) => new Date(m.endsAt) > new Date(m.startsAt), { message: 'Thời điểm kết thúc phải sau thời điểm bắt đầu', path: ['endsAt'] })
  .refine((m) => !m.emergency || !!m.emergencyReason, { message: 'Bảo trì khẩn cấp phải nêu lý do', path: ['emergencyReason'] });
export type MaintenanceInput = z.input<typeof MaintenanceInput>;

/** What every page shows: the banner's text and times (no one's name, no reason). */
export const MaintenanceNotice = z.object({
  id: Id,
  startsAt: z.string(),
  endsAt: z.string(),
  message: z.string(),
  emergency: z.boolean(),
  /** True once the window has started. */
  inProgress: z.boolean(),
});
export type MaintenanceNotice = z.infer<typeof MaintenanceNotice>;

export const MaintenanceWindow = MaintenanceNotice.omit({ inProgress: true }).extend({
  changes: z.string(),
  emergencyReason: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  status: z.enum(['scheduled', 'announced', 'in_progress', 'ended', 'cancelled']),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

/** An incident or a request for help (R33), with the context the web client saw. */
export const INCIDENT_KINDS = ['incident', 'help'] as const;
export const INCIDENT_STATUSES = ['new', 'in_progress', 'resolved'] as const;
export const IncidentStatus = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export const IncidentInput = z
  .object({
    kind: z.enum(INCIDENT_KINDS),
    subject: Text(200),
    description: Text(5000),
    pageUrl: z.string().trim().max(2000),
    /** The last x-request-id the web client received. */
    requestId: z.string().trim().max(100).nullable().default(null),
  })
  .strict();
export type IncidentInput = z.input<typeof IncidentInput>;

export const IncidentUpdate = z.object({ status: IncidentStatus.optional(), note: Text(5000) }).strict();
export type IncidentUpdate = z.input<typeof IncidentUpdate>;

export const Incident = z.object({
  id: Id,
  number: z.number().int(),
  kind: z.enum(INCIDENT_KINDS),
  subject: z.string(),
  description: z.string(),
  pageUrl: z.string(),
  requestId: z.string().nullable(),
  userAgent: z.string().nullable(),
  reporterName: z.string(),
  reporterUsername: z.string(),
  unitName: z.string(),
  status: IncidentStatus,
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  notes: z.array(z.object({ authorName: z.string(), status: IncidentStatus.nullable(), text: z.string(), createdAt: z.string() })),
});
export type Incident = z.infer<typeof Incident>;

/** An outage the operator declares (R32); `unitIds` empty: every unit. */
export const OutageInput = z
  .object({ startsAt: Instant, endsAt: Instant, reason: Text(2000), unitIds: z.array(Id).max(500).default([]) })
  .strict()
  .refine((m) => new Date(m.endsAt) > new Date(m.startsAt), { message: 'Thời điểm kết thúc phải sau thời điểm bắt đầu', path: ['endsAt'] });
export type OutageInput = z.input<typeof OutageInput>;

export const Outage = z.object({
  id: Id,
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string(),
  units: z.array(z.object({ id: Id, name: z.string() })),
  /** Deadlines on these Vietnam days move to `extendsTo`. */
  firstDay: z.string(),
  lastDay: z.string(),
  graceWorkingDays: z.number().int(),
  extendsTo: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
});
export type Outage = z.infer<typeof Outage>;

export const OperationsIdParam = z.object({ id: Id }).strict();
export const IncidentsQuery = z.object({ status: IncidentStatus.optional() }).strict();
