import { randomUUID } from 'node:crypto';
import type { MaintenanceNotice, MaintenanceWindow } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { assertRole, type Actor } from '../../platform/scope.js';
import * as q from './operations.queries.js';

/** Upgrades are announced at least this long ahead (R31, Decree 42/2022 Art. 11.3 as the regulation cites it). */
export const NOTICE_HOURS = 24;

type Parsed = { startsAt: string; endsAt: string; changes: string; message: string; emergency: boolean; emergencyReason: string | null };

function statusOf(r: q.MaintenanceRow, now: Date): MaintenanceWindow['status'] {
  if (r.cancelled_at) return 'cancelled';
  if (r.ends_at <= now) return 'ended';
  if (r.starts_at <= now) return 'in_progress';
  return r.starts_at.getTime() - now.getTime() <= NOTICE_HOURS * 3600_000 ? 'announced' : 'scheduled';
}

function toWindow(r: q.MaintenanceRow, now: Date): MaintenanceWindow {
  return {
    id: r.id, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), message: r.message, emergency: r.emergency, changes: r.changes,
    emergencyReason: r.emergency_reason, createdByName: r.created_by_name, createdAt: r.created_at.toISOString(), cancelledAt: r.cancelled_at?.toISOString() ?? null,
    status: statusOf(r, now),
  };
}

/** The notices every page shows now, from 24 hours before a window until its end. Anyone, signed in or not (the login page shows them too). */
export async function currentNotices(db: Db, ctx: Ctx): Promise<MaintenanceNotice[]> {
  const now = ctx.clock.now();
  return (await q.currentMaintenance(db, now, NOTICE_HOURS)).map((r) => ({
    id: r.id, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), message: r.message, emergency: r.emergency, inProgress: r.starts_at <= now,
  }));
}

/** Every window, newest first. The system administrator. */
export async function listWindows(db: Db, ctx: Ctx): Promise<MaintenanceWindow[]> {
  assertRole(ctx.actor as Actor, 'operations.manage');
  const now = ctx.clock.now();
  return (await q.listMaintenance(db)).map((r) => toWindow(r, now));
}

/** Refuses a start less than 24 hours away unless the window is an emergency (whose reason the contract requires). */
function checkNotice(input: Parsed, now: Date, requireNotice = true): q.MaintenanceValues {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= now) throw new AppError('maintenance.in_past', 'Thời điểm kết thúc bảo trì đã qua', 400);
  if (requireNotice && !input.emergency && startsAt.getTime() - now.getTime() < NOTICE_HOURS * 3600_000) {
    throw new AppError('maintenance.too_soon', `Việc nâng cấp, bảo trì phải được thông báo trước ít nhất ${NOTICE_HOURS} giờ. Nếu buộc phải làm sớm hơn, hãy đánh dấu là khẩn cấp và nêu lý do.`, 400);
  }
  return { startsAt, endsAt, changes: input.changes, message: input.message, emergency: input.emergency, emergencyReason: input.emergency ? input.emergencyReason : null };
}

/** Schedules a maintenance window (R31); an emergency with less notice is recorded as such. The system administrator. */
export async function scheduleWindow(db: Db, ctx: Ctx, input: Parsed): Promise<MaintenanceWindow> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'operations.manage');
  const now = ctx.clock.now();
  const values = checkNotice(input, now);
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    await q.insertMaintenance(tx, id, values, actor.id, now);
    await recordAudit(tx, ctx, {
      action: values.emergency ? 'maintenance.scheduled_emergency' : 'maintenance.scheduled', targetType: 'maintenance_window', targetId: id,
      details: { startsAt: values.startsAt.toISOString(), endsAt: values.endsAt.toISOString(), changes: values.changes, message: values.message, emergency: values.emergency, emergencyReason: values.emergencyReason, hoursOfNotice: Math.floor((values.startsAt.getTime() - now.getTime()) / 3600_000) },
    });
  });
  return toWindow((await q.findMaintenance(db, id))!, now);
}

/** Changes a window not yet ended or cancelled; a new start needs the same notice as a new window. The system administrator. */
export async function updateWindow(db: Db, ctx: Ctx, id: string, input: Parsed): Promise<MaintenanceWindow> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'operations.manage');
  const now = ctx.clock.now();
  await db.transaction().execute(async (tx) => {
    const row = (await q.findMaintenance(tx, id)) ?? notFound();
    if (row.cancelled_at || row.ends_at <= now) conflict('maintenance.closed', 'Đợt bảo trì đã kết thúc hoặc đã hủy: không sửa được nữa');
    // Moving the start needs fresh notice; keeping it (a text fix, a later end) does not.
    const sameStart = new Date(input.startsAt).getTime() === row.starts_at.getTime();
    const values = checkNotice(input, now, !sameStart);
    const changes = Object.fromEntries(
      Object.entries({
        startsAt: [row.starts_at.toISOString(), values.startsAt.toISOString()], endsAt: [row.ends_at.toISOString(), values.endsAt.toISOString()], changes: [row.changes, values.changes],
        message: [row.message, values.message], emergency: [row.emergency, values.emergency], emergencyReason: [row.emergency_reason, values.emergencyReason],
      }).filter(([, [was, now]]) => was !== now),
    );
    if (Object.keys(changes).length === 0) return nothingChanged(ctx);
    if (!(await q.updateMaintenance(tx, id, values, now))) conflict('maintenance.closed', 'Đợt bảo trì vừa thay đổi; hãy tải lại');
    await recordAudit(tx, ctx, { action: 'maintenance.updated', targetType: 'maintenance_window', targetId: id, details: { changes } });
  });
  return toWindow((await q.findMaintenance(db, id))!, now);
}

/** Cancels a window not yet ended: the banner disappears. The system administrator. */
export async function cancelWindow(db: Db, ctx: Ctx, id: string): Promise<MaintenanceWindow> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'operations.manage');
  const now = ctx.clock.now();
  await db.transaction().execute(async (tx) => {
    const row = (await q.findMaintenance(tx, id)) ?? notFound();
    if (!(await q.cancelMaintenance(tx, id, actor.id, now))) conflict('maintenance.closed', 'Đợt bảo trì đã kết thúc hoặc đã hủy');
    await recordAudit(tx, ctx, { action: 'maintenance.cancelled', targetType: 'maintenance_window', targetId: id, details: { startsAt: row.starts_at.toISOString(), message: row.message } });
  });
  return toWindow((await q.findMaintenance(db, id))!, now);
}

