import { randomUUID } from 'node:crypto';
import { addDays, ANSWERED_STATUSES, compareVi, formatDateVi, lateDays, type AssignmentStatus } from '@baocao/core';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import { enqueueOutbox } from '../../platform/outbox.js';
import { assignmentQuery } from './assignments.queries.js';

/** Roles that receive a unit's reminders and digests. */
const RECIPIENT_ROLES = ['unit_admin', 'leader', 'specialist'];
const MAX_REMINDER_DAYS = 60;

type Recipient = { id: string; email: string | null; unit_id: string };

async function unitRecipients(db: Db, unitIds: string[]): Promise<Recipient[]> {
  if (unitIds.length === 0) return [];
  return db.selectFrom('users').select(['id', 'email', 'unit_id']).where('unit_id', 'in', unitIds).where('active', '=', true).where('role', 'in', RECIPIENT_ROLES).execute();
}

/** Which reminder is due today for a due date: the latest trigger reached, or 'overdue' once past it. */
export function reminderDue(dueOn: string, daysBefore: readonly number[], day: string): string | null {
  if (day > dueOn) return 'overdue';
  const reached = [...daysBefore].filter((d) => addDays(dueOn, -d) <= day).sort((a, b) => a - b);
  return reached.length ? `before-${reached[0]}` : null;
}

/**
 * Reminds the units (or the named person) whose work is due soon, on the regime's configured days
 * before the due date, and once when it has passed: an in-app notice and an e-mail per person. The
 * notice's key (assignment + which reminder) makes a rerun, or a second server, send nothing twice;
 * after downtime only the latest reminder reached is sent. Returns how many reminders were new.
 */
export async function queueReminders(db: Db, clock: Clock, config: Config, day: string): Promise<number> {
  const rows = await assignmentQuery(db)
    .where('a.status', 'in', ['open', 'draft', 'returned'])
    .where(sql<boolean>`coalesce(a.assignee_due_on, a.due_on) <= ${addDays(day, MAX_REMINDER_DAYS)}::date`)
    .execute();
  let queued = 0;
  for (const r of rows) {
    const dueOn = r.extended_due_on ?? r.assignee_due_on ?? r.due_on;
    const days = (typeof r.reminder_days === 'string' ? JSON.parse(r.reminder_days) : r.reminder_days) as number[];
    const which = reminderDue(dueOn, days, day);
    if (!which) continue;
    const key = `reminder:${r.id}:${which}`;
    const overdue = which === 'overdue';
    const title = overdue ? `Quá hạn: ${r.template_name}` : `Sắp đến hạn: ${r.template_name}`;
    const body = overdue
      ? `Báo cáo "${r.template_name}" (${r.round_label}) theo ${r.regime_name} đã quá hạn ${formatDateVi(dueOn)} (${lateDays(dueOn, null, day)} ngày). ${r.requesting_unit_name} đang chờ.`
      : `Báo cáo "${r.template_name}" (${r.round_label}) theo ${r.regime_name} phải gửi trước hết ngày ${formatDateVi(dueOn)}.`;
    const link = `/viec-cua-toi/${r.id}`;
    const isNew = await db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('notifications')
        .values({ id: randomUUID(), unit_id: r.unit_id, user_id: r.assignee_id, kind: overdue ? 'assignment.overdue' : 'assignment.reminder', title, body, link, dedupe_key: key, created_at: clock.now() })
        .onConflict((c) => c.column('dedupe_key').where('dedupe_key', 'is not', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return false;
      const people: Recipient[] = r.assignee_id ? [{ id: r.assignee_id, email: r.assignee_email, unit_id: r.unit_id }] : await unitRecipients(tx, [r.unit_id]);
      for (const p of people) {
        if (p.email) await enqueueOutbox(tx, `${key}:${p.id}`, { kind: 'mail', to: p.email, subject: `[Báo cáo] ${title}`, text: `${body}\n\nXem và thực hiện: ${config.publicUrl}${link}\n` }, clock.now());
      }
      return true;
    });
    if (isNew) queued++;
  }
  return queued;
}

type DigestRow = {
  id: string; status: string; due_on: string; unit_name: string; regime_id: string; regime_name: string; round_key: string; label: string;
  aggregator: string; aggregator_name: string; template_name: string;
};

/**
 * Once a day, each unit that waits for others (a requesting unit, or a unit that delegated) gets a
 * digest of its running rounds: how many answered, who is missing, who is late. Keyed by unit and day.
 */
export async function queueDigests(db: Db, clock: Clock, config: Config, day: string): Promise<number> {
  const { rows } = await sql<DigestRow>`
    select a.id, a.status, a.due_on, u.name as unit_name, r.id as regime_id, r.name as regime_name, a.round_key, rr.label, t.name as template_name,
      coalesce(p.unit_id, r.requesting_unit_id) as aggregator, coalesce(pu.name, ru.name) as aggregator_name
    from assignments a
    join regimes r on r.id = a.regime_id
    join regime_rounds rr on rr.regime_id = a.regime_id and rr.key = a.round_key
    join templates t on t.id = a.template_id
    join units u on u.id = a.unit_id
    join units ru on ru.id = r.requesting_unit_id
    left join assignments p on p.id = a.parent_id
    left join units pu on pu.id = p.unit_id
    where a.status <> 'withdrawn'
      and exists (select 1 from assignments x where x.regime_id = a.regime_id and x.round_key = a.round_key and x.status not in ('sent', 'accepted', 'withdrawn'))`.execute(db);
  const byAggregator = new Map<string, DigestRow[]>();
  for (const r of rows) byAggregator.set(r.aggregator, [...(byAggregator.get(r.aggregator) ?? []), r]);
  let queued = 0;
  for (const [unitId, list] of byAggregator) {
    if (list.every((r) => ANSWERED_STATUSES.includes(r.status as AssignmentStatus))) continue;
    const rounds = new Map<string, DigestRow[]>();
    for (const r of list) rounds.set(`${r.regime_id}|${r.round_key}|${r.template_name}`, [...(rounds.get(`${r.regime_id}|${r.round_key}|${r.template_name}`) ?? []), r]);
    const lines: string[] = [];
    for (const group of rounds.values()) {
      const first = group[0]!;
      const answered = group.filter((r) => ANSWERED_STATUSES.includes(r.status as AssignmentStatus));
      const missing = group.filter((r) => !ANSWERED_STATUSES.includes(r.status as AssignmentStatus)).sort((a, b) => compareVi(a.unit_name, b.unit_name));
      const late = missing.filter((r) => r.due_on < day);
      lines.push(
        `• ${first.regime_name} — ${first.template_name}, ${first.label}: đã gửi ${answered.length}/${group.length}` +
          (missing.length ? `; chưa gửi: ${missing.map((m) => m.unit_name).join(', ')}` : '') +
          (late.length ? `; quá hạn: ${late.map((m) => `${m.unit_name} (${lateDays(m.due_on, null, day)} ngày)`).join(', ')}` : ''),
      );
    }
    const title = `Tổng hợp tình hình báo cáo ngày ${formatDateVi(day)}`;
    const body = `${list[0]!.aggregator_name}\n${lines.join('\n')}`;
    const key = `digest:${unitId}:${day}`;
    const isNew = await db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('notifications')
        .values({ id: randomUUID(), unit_id: unitId, kind: 'digest', title, body, link: '/che-do-bao-cao', dedupe_key: key, created_at: clock.now() })
        .onConflict((c) => c.column('dedupe_key').where('dedupe_key', 'is not', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return false;
      for (const p of await unitRecipients(tx, [unitId])) {
        if (p.email) await enqueueOutbox(tx, `${key}:${p.id}`, { kind: 'mail', to: p.email, subject: `[Báo cáo] ${title}`, text: `${body}\n\nTheo dõi: ${config.publicUrl}/che-do-bao-cao\n` }, clock.now());
      }
      return true;
    });
    if (isNew) queued++;
  }
  return queued;
}
