import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * The date an outage moved a deadline to (R32), or null when none did: the latest `extends_to` of the
 * live outages that touched the due day, for a unit listed in the outage or under one (all units when
 * none is listed). The one place an extended deadline is computed: the inbox, the reminders and the
 * oversight statistics all select it through this fragment.
 */
export function extendedDueOn(dueOn: RawBuilder<unknown>, unitPath: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql<string | null>`(select max(o.extends_to)::text from outages o
    where o.cancelled_at is null and ${dueOn} between o.first_day and o.last_day and o.extends_to > ${dueOn}
      and (not exists (select 1 from outage_units ou where ou.outage_id = o.id)
        or exists (select 1 from outage_units ou join units su on su.id = ou.unit_id where ou.outage_id = o.id and ${unitPath} like su.path || '%')))`;
}

// Maintenance windows

export type MaintenanceRow = {
  id: string; starts_at: Date; ends_at: Date; changes: string; message: string; emergency: boolean; emergency_reason: string | null;
  created_by_name: string; created_at: Date; cancelled_at: Date | null;
};

function maintenanceQuery(db: Db) {
  return db
    .selectFrom('maintenance_windows as m')
    .innerJoin('users as u', 'u.id', 'm.created_by')
    .select(['m.id', 'm.starts_at', 'm.ends_at', 'm.changes', 'm.message', 'm.emergency', 'm.emergency_reason', 'u.full_name as created_by_name', 'm.created_at', 'm.cancelled_at']);
}

export function listMaintenance(db: Db): Promise<MaintenanceRow[]> {
  return maintenanceQuery(db).orderBy('m.starts_at', 'desc').limit(200).execute();
}

export function findMaintenance(db: Db, id: string): Promise<MaintenanceRow | undefined> {
  return maintenanceQuery(db).where('m.id', '=', id).executeTakeFirst();
}

/** Windows to show now: not cancelled, not ended, starting within `noticeHours`. */
export function currentMaintenance(db: Db, now: Date, noticeHours: number): Promise<MaintenanceRow[]> {
  return maintenanceQuery(db)
    .where('m.cancelled_at', 'is', null)
    .where('m.ends_at', '>', now)
    .where('m.starts_at', '<=', new Date(now.getTime() + noticeHours * 3600_000))
    .orderBy('m.starts_at')
    .execute();
}

export type MaintenanceValues = { startsAt: Date; endsAt: Date; changes: string; message: string; emergency: boolean; emergencyReason: string | null };

export async function insertMaintenance(db: Db, id: string, v: MaintenanceValues, by: string, now: Date): Promise<void> {
  await db
    .insertInto('maintenance_windows')
    .values({ id, starts_at: v.startsAt, ends_at: v.endsAt, changes: v.changes, message: v.message, emergency: v.emergency, emergency_reason: v.emergencyReason, created_by: by, created_at: now, updated_at: now })
    .execute();
}

/** Changes a window still live (not cancelled, not ended); false when it no longer is. */
export async function updateMaintenance(db: Db, id: string, v: MaintenanceValues, now: Date): Promise<boolean> {
  const res = await db
    .updateTable('maintenance_windows')
    .set({ starts_at: v.startsAt, ends_at: v.endsAt, changes: v.changes, message: v.message, emergency: v.emergency, emergency_reason: v.emergencyReason, updated_at: now })
    .where('id', '=', id).where('cancelled_at', 'is', null).where('ends_at', '>', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function cancelMaintenance(db: Db, id: string, by: string, now: Date): Promise<boolean> {
  const res = await db
    .updateTable('maintenance_windows')
    .set({ cancelled_at: now, cancelled_by: by, updated_at: now })
    .where('id', '=', id).where('cancelled_at', 'is', null).where('ends_at', '>', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// Incidents

export type IncidentRow = {
  id: string; number: number; kind: string; subject: string; description: string; page_url: string; request_id: string | null; user_agent: string | null;
  reporter_name: string; reporter_username: string; unit_name: string; status: string; created_at: Date; resolved_at: Date | null;
};

function incidentQuery(db: Db) {
  return db
    .selectFrom('incidents as i')
    .innerJoin('users as u', 'u.id', 'i.reporter_id')
    .innerJoin('units as un', 'un.id', 'i.unit_id')
    .select([
      'i.id', 'i.number', 'i.kind', 'i.subject', 'i.description', 'i.page_url', 'i.request_id', 'i.user_agent', 'u.full_name as reporter_name', 'u.username as reporter_username',
      'un.name as unit_name', 'i.status', 'i.created_at', 'i.resolved_at',
    ]);
}

export function listIncidents(db: Db, status?: string): Promise<IncidentRow[]> {
  let q = incidentQuery(db).orderBy('i.created_at', 'desc').limit(500);
  if (status) q = q.where('i.status', '=', status);
  return q.execute();
}

export function findIncident(db: Db, id: string): Promise<IncidentRow | undefined> {
  return incidentQuery(db).where('i.id', '=', id).executeTakeFirst();
}

export type NoteRow = { incident_id: string; author_name: string; status: string | null; text: string; created_at: Date };

export function incidentNotes(db: Db, ids: string[]): Promise<NoteRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('incident_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.incident_id', 'u.full_name as author_name', 'n.status', 'n.text', 'n.created_at'])
    .where('n.incident_id', 'in', ids)
    .orderBy('n.created_at')
    .execute();
}

export type NewIncident = { id: string; kind: string; subject: string; description: string; pageUrl: string; requestId: string | null; userAgent: string | null; reporterId: string; unitId: string; now: Date };

export async function insertIncident(db: Db, i: NewIncident): Promise<number> {
  const row = await db
    .insertInto('incidents')
    .values({
      id: i.id, kind: i.kind, subject: i.subject, description: i.description, page_url: i.pageUrl, request_id: i.requestId, user_agent: i.userAgent,
      reporter_id: i.reporterId, unit_id: i.unitId, status: 'new', created_at: i.now, updated_at: i.now,
    })
    .returning('number')
    .executeTakeFirstOrThrow();
  return row.number;
}

/** Moves an incident from the status it was read in; false when someone else moved it first. */
export async function moveIncident(db: Db, id: string, from: string, to: string, now: Date): Promise<boolean> {
  const res = await db
    .updateTable('incidents')
    .set({ status: to, updated_at: now, resolved_at: to === 'resolved' ? now : null })
    .where('id', '=', id).where('status', '=', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertNote(db: Db, n: { id: string; incidentId: string; authorId: string; status: string | null; text: string; now: Date }): Promise<void> {
  await db.insertInto('incident_notes').values({ id: n.id, incident_id: n.incidentId, author_id: n.authorId, status: n.status, text: n.text, created_at: n.now }).execute();
}

// Outages

export type OutageRow = {
  id: string; starts_at: Date; ends_at: Date; reason: string; first_day: string; last_day: string; grace_working_days: number; extends_to: string;
  created_by_name: string; created_at: Date; cancelled_at: Date | null;
};

function outageQuery(db: Db) {
  return db
    .selectFrom('outages as o')
    .innerJoin('users as u', 'u.id', 'o.created_by')
    .select([
      'o.id', 'o.starts_at', 'o.ends_at', 'o.reason', sql<string>`o.first_day::text`.as('first_day'), sql<string>`o.last_day::text`.as('last_day'), 'o.grace_working_days',
      sql<string>`o.extends_to::text`.as('extends_to'), 'u.full_name as created_by_name', 'o.created_at', 'o.cancelled_at',
    ]);
}

export function listOutages(db: Db): Promise<OutageRow[]> {
  return outageQuery(db).orderBy('o.starts_at', 'desc').limit(200).execute();
}

export function findOutage(db: Db, id: string): Promise<OutageRow | undefined> {
  return outageQuery(db).where('o.id', '=', id).executeTakeFirst();
}

export function outageUnits(db: Db, ids: string[]): Promise<{ outage_id: string; id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('outage_units as ou').innerJoin('units as u', 'u.id', 'ou.unit_id').select(['ou.outage_id', 'u.id', 'u.name']).where('ou.outage_id', 'in', ids).orderBy('u.name').execute();
}

export type NewOutage = { id: string; startsAt: Date; endsAt: Date; reason: string; firstDay: string; lastDay: string; grace: number; extendsTo: string; unitIds: string[]; by: string; now: Date };

export async function insertOutage(db: Db, o: NewOutage): Promise<void> {
  await db
    .insertInto('outages')
    .values({
      id: o.id, starts_at: o.startsAt, ends_at: o.endsAt, reason: o.reason, first_day: o.firstDay, last_day: o.lastDay, grace_working_days: o.grace, extends_to: o.extendsTo,
      created_by: o.by, created_at: o.now,
    })
    .execute();
  if (o.unitIds.length) await db.insertInto('outage_units').values(o.unitIds.map((u) => ({ outage_id: o.id, unit_id: u }))).execute();
}

export async function cancelOutage(db: Db, id: string, by: string, now: Date): Promise<boolean> {
  const res = await db.updateTable('outages').set({ cancelled_at: now, cancelled_by: by }).where('id', '=', id).where('cancelled_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
