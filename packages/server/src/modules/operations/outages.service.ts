import { randomUUID } from 'node:crypto';
import { vietnamDateOf, type Outage } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import type { Config } from '../../platform/config.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { assertRole, type Actor } from '../../platform/scope.js';
import { loadWorkingCalendar } from '../calendar/calendar.service.js';
import { findUnit } from '../units/units.queries.js';
import * as q from './operations.queries.js';

/** R32: an outage of more than 3 working hours moves reporting to other channels; shorter ones extend nothing. */
export const MIN_OUTAGE_HOURS = 3;

function toOutage(r: q.OutageRow, units: { outage_id: string; id: string; name: string }[]): Outage {
  return {
    id: r.id, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), reason: r.reason, units: units.filter((u) => u.outage_id === r.id).map((u) => ({ id: u.id, name: u.name })),
    firstDay: r.first_day, lastDay: r.last_day, graceWorkingDays: r.grace_working_days, extendsTo: r.extends_to, createdByName: r.created_by_name, createdAt: r.created_at.toISOString(),
    cancelledAt: r.cancelled_at?.toISOString() ?? null,
  };
}

/** Every declared outage, newest first. The operator. */
export async function listOutages(db: Db, ctx: Ctx): Promise<Outage[]> {
  assertRole(ctx.actor as Actor, 'operations.manage');
  const rows = await q.listOutages(db);
  const units = await q.outageUnits(db, rows.map((r) => r.id));
  return rows.map((r) => toOutage(r, units));
}

/**
 * Declares an outage (R32). Deadlines on the Vietnam days it touched, of the listed units and their
 * subtrees (all units when none), move to its last day + OUTAGE_GRACE_WORKING_DAYS working days, fixed
 * now (docs/decisions/0016). The operator.
 */
export async function declareOutage(db: Db, config: Config, ctx: Ctx, input: { startsAt: string; endsAt: string; reason: string; unitIds: string[] }): Promise<Outage> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'operations.manage');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt.getTime() - startsAt.getTime() < MIN_OUTAGE_HOURS * 3600_000) {
    throw new AppError('outage.too_short', `Chỉ sự cố kéo dài trên ${MIN_OUTAGE_HOURS} giờ mới được gia hạn báo cáo (chuyển sang gửi bằng phương thức điện tử khác)`, 400);
  }
  const now = ctx.clock.now();
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    const unitIds = [...new Set(input.unitIds)];
    for (const u of unitIds) if (!(await findUnit(tx, u))) notFound('unit');
    const calendar = await loadWorkingCalendar(tx);
    const firstDay = vietnamDateOf(startsAt);
    const lastDay = vietnamDateOf(new Date(endsAt.getTime() - 1));
    const extendsTo = calendar.addWorkingDays(lastDay, config.outageGraceWorkingDays);
    await q.insertOutage(tx, { id, startsAt, endsAt, reason: input.reason, firstDay, lastDay, grace: config.outageGraceWorkingDays, extendsTo, unitIds, by: actor.id, now });
    await recordAudit(tx, ctx, { action: 'outage.declared', targetType: 'outage', targetId: id, details: { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), reason: input.reason, unitIds, firstDay, lastDay, extendsTo } });
  });
  return (await listOutages(db, ctx)).find((o) => o.id === id)!;
}

/** Cancels a declared outage (declared by mistake): its extensions end with it. The operator. */
export async function cancelOutage(db: Db, ctx: Ctx, id: string): Promise<Outage> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'operations.manage');
  await db.transaction().execute(async (tx) => {
    const row = (await q.findOutage(tx, id)) ?? notFound();
    if (!(await q.cancelOutage(tx, id, actor.id, ctx.clock.now()))) conflict('outage.cancelled', 'Sự cố này đã được hủy');
    await recordAudit(tx, ctx, { action: 'outage.cancelled', targetType: 'outage', targetId: id, details: { startsAt: row.starts_at.toISOString(), extendsTo: row.extends_to } });
  });
  return (await listOutages(db, ctx)).find((o) => o.id === id)!;
}
