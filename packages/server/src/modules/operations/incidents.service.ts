import { randomUUID } from 'node:crypto';
import type { Incident, IncidentStatus } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import type { Config } from '../../platform/config.js';
import { conflict, notFound } from '../../platform/errors.js';
import { enqueueOutbox } from '../../platform/outbox.js';
import { assertRole, type Actor } from '../../platform/scope.js';
import * as q from './operations.queries.js';

const KIND_VI = { incident: 'Báo sự cố', help: 'Yêu cầu hỗ trợ' } as const;

function toIncident(r: q.IncidentRow, notes: q.NoteRow[]): Incident {
  return {
    id: r.id, number: r.number, kind: r.kind as Incident['kind'], subject: r.subject, description: r.description, pageUrl: r.page_url, requestId: r.request_id, userAgent: r.user_agent,
    reporterName: r.reporter_name, reporterUsername: r.reporter_username, unitName: r.unit_name, status: r.status as IncidentStatus, createdAt: r.created_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    notes: notes.filter((n) => n.incident_id === r.id).map((n) => ({ authorName: n.author_name, status: n.status as IncidentStatus | null, text: n.text, createdAt: n.created_at.toISOString() })),
  };
}

async function loadOne(db: Db, id: string): Promise<Incident> {
  const row = (await q.findIncident(db, id)) ?? notFound();
  return toIncident(row, await q.incidentNotes(db, [id]));
}

/**
 * Reports an incident or asks for help (R33), with the page, the time, the person, the unit and the last
 * request id the browser saw; e-mailed to OPERATOR_EMAIL through the outbox when configured. Anyone signed in.
 * Returns only the number: the list with everyone's reports is the operator's.
 */
export async function reportIncident(
  db: Db, config: Config, ctx: Ctx,
  input: { kind: 'incident' | 'help'; subject: string; description: string; pageUrl: string; requestId: string | null },
): Promise<{ id: string; number: number }> {
  const actor = ctx.actor as Actor;
  const id = randomUUID();
  const now = ctx.clock.now();
  const number = await db.transaction().execute(async (tx) => {
    const n = await q.insertIncident(tx, { id, ...input, userAgent: ctx.userAgent?.slice(0, 500) ?? null, reporterId: actor.id, unitId: actor.unitId, now });
    await recordAudit(tx, ctx, { action: 'incident.reported', targetType: 'incident', targetId: id, details: { number: n, kind: input.kind, subject: input.subject, pageUrl: input.pageUrl, requestId: input.requestId } });
    if (config.operatorEmail) {
      const text = [
        `${KIND_VI[input.kind]} số ${n}: ${input.subject}`, '',
        input.description, '',
        `Người báo: ${actor.fullName} (${actor.username})`, `Đơn vị: ${actor.unitName}`, `Thời điểm: ${now.toISOString()}`,
        `Trang: ${input.pageUrl}`, `Mã yêu cầu gần nhất: ${input.requestId ?? '(không có)'}`, `Trình duyệt: ${ctx.userAgent ?? ''}`, '',
        `Xem và xử lý: ${config.publicUrl}/van-hanh`,
      ].join('\n');
      await enqueueOutbox(tx, `incident:${id}`, { kind: 'mail', to: config.operatorEmail, subject: `[Báo cáo] ${KIND_VI[input.kind]} số ${n}: ${input.subject}`, text }, now);
    }
    return n;
  });
  return { id, number };
}

/** The incidents and requests for help, newest first, optionally of one status. The operator (system administrator). */
export async function listIncidents(db: Db, ctx: Ctx, status?: IncidentStatus): Promise<Incident[]> {
  assertRole(ctx.actor as Actor, 'operations.manage');
  const rows = await q.listIncidents(db, status);
  const notes = await q.incidentNotes(db, rows.map((r) => r.id));
  return rows.map((r) => toIncident(r, notes));
}

/** Adds a note and optionally moves the incident (new → in progress → resolved, or back). The operator. */
export async function updateIncident(db: Db, ctx: Ctx, id: string, input: { status?: IncidentStatus | undefined; note: string }): Promise<Incident> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'operations.manage');
  await db.transaction().execute(async (tx) => {
    const row = (await q.findIncident(tx, id)) ?? notFound();
    const to = input.status && input.status !== row.status ? input.status : null;
    if (to && !(await q.moveIncident(tx, id, row.status, to, ctx.clock.now()))) conflict('incident.changed', 'Yêu cầu vừa được người khác cập nhật; hãy tải lại');
    await q.insertNote(tx, { id: randomUUID(), incidentId: id, authorId: actor.id, status: to, text: input.note, now: ctx.clock.now() });
    await recordAudit(tx, ctx, { action: to ? 'incident.status_changed' : 'incident.noted', targetType: 'incident', targetId: id, details: { number: row.number, from: row.status, to, note: input.note } });
  });
  return loadOne(db, id);
}
