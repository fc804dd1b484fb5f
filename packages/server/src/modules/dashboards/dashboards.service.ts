import { randomUUID } from 'node:crypto';
import {
  addDays, DASHBOARD_BUCKETS, vietnamDateOf,
  type CreateSavedViewData, type Dashboard, type DashboardBucket, type DashboardIndicator, type SavedView, type SeriesQuery, type UpdateSavedViewInput,
} from '@baocao/core';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import type { Reads } from '../../platform/reads.js';
import { assertRole, inScope, type Actor } from '../../platform/scope.js';
import { getSeries } from '../analytics/analytics.service.js';
import { findUnit } from '../units/units.queries.js';
import * as q from './dashboards.queries.js';

/** A person keeps at most this many views; the overview page shows at most this many pinned ones. */
const MAX_OWN_VIEWS = 100;
const MAX_PINNED = 12;
/** "The current period" of the overview: reports due within this many days either side of today. */
const WINDOW_DAYS = 30;

function toView(r: q.ViewRow, actor: Actor): SavedView {
  return {
    id: r.id, name: r.name, kind: r.kind as SavedView['kind'], query: r.query as SeriesQuery, pageQuery: r.page_query, sharedWithUnit: r.shared_with_unit,
    unitId: r.unit_id, ownerId: r.owner_id, ownerName: r.owner_name, mine: r.owner_id === actor.id,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

const who = (actor: Actor) => ({ userId: actor.id, unitId: actor.unitId });

/** The actor's own views and those shared within their unit. Anyone who may explore figures. */
export async function listViews(db: Db, ctx: Ctx): Promise<SavedView[]> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'analytics.read');
  return (await q.listVisibleViews(db, who(actor))).map((r) => toView(r, actor));
}

/** A view the actor may see (theirs, or shared in their unit); anything else is 404, revealing nothing. */
async function visible(db: Db, actor: Actor, id: string): Promise<q.ViewRow> {
  assertRole(actor, 'analytics.read');
  const row = await q.findView(db, id);
  if (!row || (row.owner_id !== actor.id && !(row.shared_with_unit && row.unit_id === actor.unitId))) notFound('saved_view');
  return row;
}

/** A view only its owner changes: a colleague who sees it shared gets 403. */
async function owned(db: Db, actor: Actor, id: string): Promise<q.ViewRow> {
  const row = await visible(db, actor, id);
  if (row.owner_id !== actor.id) forbidden('Chỉ người tạo góc nhìn mới được sửa hoặc xóa góc nhìn này');
  return row;
}

/** The question's unit subtree must be one the actor may explore (as the exploration page checks). */
async function assertQuestionInScope(db: Db, actor: Actor, query: SeriesQuery): Promise<void> {
  const root = await findUnit(db, query.units.rootUnitId);
  if (!root) notFound('unit');
  if (!inScope(actor, root.path) && !actor.unitPath.startsWith(root.path)) throw new AppError('saved_view.out_of_scope', `Bạn không có quyền xem số liệu của ${root.name}`, 403);
}

/** Saves a question of the exploration page under a name, for the actor (and their unit when shared). Anyone who may explore. */
export async function createView(db: Db, ctx: Ctx, input: CreateSavedViewData): Promise<SavedView> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'analytics.read');
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    await assertQuestionInScope(tx, actor, input.query);
    if ((await q.countOwnViews(tx, actor.id)) >= MAX_OWN_VIEWS) conflict('saved_view.too_many', `Mỗi người lưu tối đa ${MAX_OWN_VIEWS} góc nhìn: xóa bớt góc nhìn không còn dùng`);
    if (await q.ownNameTaken(tx, actor.id, input.name)) conflict('saved_view.name_taken', `Bạn đã có góc nhìn tên "${input.name}"`);
    await q.insertView(tx, { id, unitId: actor.unitId, ownerId: actor.id, name: input.name, kind: input.kind, query: input.query, pageQuery: input.pageQuery, sharedWithUnit: input.sharedWithUnit, now: ctx.clock.now() });
    await recordAudit(tx, ctx, { action: 'saved_view.created', targetType: 'saved_view', targetId: id, details: { name: input.name, kind: input.kind, sharedWithUnit: input.sharedWithUnit, query: input.query } });
  });
  return toView((await q.findView(db, id))!, actor);
}

/** Renames a view, shares or unshares it within the unit, pins it to or unpins it from the overview. Its owner only. */
export async function updateView(db: Db, ctx: Ctx, id: string, input: UpdateSavedViewInput): Promise<SavedView> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    const row = await owned(tx, actor, id);
    if (input.name !== undefined && (await q.ownNameTaken(tx, actor.id, input.name, id))) conflict('saved_view.name_taken', `Bạn đã có góc nhìn tên "${input.name}"`);
    const changes = Object.fromEntries(
      Object.entries({ name: [row.name, input.name], kind: [row.kind, input.kind], sharedWithUnit: [row.shared_with_unit, input.sharedWithUnit] }).filter(([, [was, now]]) => now !== undefined && now !== was),
    );
    if (Object.keys(changes).length === 0) return nothingChanged(ctx);
    if (!(await q.updateOwnView(tx, id, actor.id, input, ctx.clock.now()))) notFound('saved_view');
    await recordAudit(tx, ctx, { action: 'saved_view.updated', targetType: 'saved_view', targetId: id, details: { changes } });
  });
  return toView((await q.findView(db, id))!, actor);
}

/** Deletes a view. Its owner only. */
export async function deleteView(db: Db, ctx: Ctx, id: string): Promise<void> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    const row = await owned(tx, actor, id);
    if (!(await q.deleteOwnView(tx, id, actor.id))) notFound('saved_view');
    await recordAudit(tx, ctx, { action: 'saved_view.deleted', targetType: 'saved_view', targetId: id, details: { name: row.name, kind: row.kind } });
  });
}

/**
 * The overview page of the actor's unit: where the reports of the current period stand (those the unit
 * must send, those it asked for) and the views pinned to it, each with its totals per period (the trend).
 * A pinned view the actor can no longer answer shows why instead of failing the page. Anyone.
 * The pinned views are the person's own settings, read from the primary (a view pinned a moment ago is
 * there); the counts and the trends are figures, read where read-only questions go (`reads`: the replica).
 */
export async function getDashboard(db: Db, reads: Reads, log: FastifyBaseLogger, ctx: Ctx): Promise<Dashboard> {
  const actor = ctx.actor as Actor;
  assertRole(actor, 'analytics.read');
  const today = vietnamDateOf(ctx.clock.now());
  const from = addDays(today, -WINDOW_DAYS);
  const to = addDays(today, WINDOW_DAYS);
  const empty = () => Object.fromEntries(DASHBOARD_BUCKETS.map((b) => [b, 0])) as Record<DashboardBucket, number>;
  const pinned = (await q.listVisibleViews(db, who(actor), 'dashboard')).slice(0, MAX_PINNED).map((row) => toView(row, actor));
  const { value, source } = await reads.read(log, async (figures) => {
    const toSend = empty();
    const requested = empty();
    for (const r of await q.statusCounts(figures, { unitId: actor.unitId, unitPath: actor.unitPath, from, to, today })) {
      (r.side === 'to_send' ? toSend : requested)[r.bucket as DashboardBucket] += r.n;
    }
    const indicators: DashboardIndicator[] = [];
    for (const view of pinned) {
      try {
        const series = await getSeries(figures, ctx, view.query);
        const trend = [...series.totals].sort((a, b) => a.periodFrom.localeCompare(b.periodFrom));
        indicators.push({ view, measure: series.citation.measure, trend, citation: series.citation, error: null });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        indicators.push({ view, measure: '', trend: [], citation: null, error: { code: e.code, message: e.message } });
      }
    }
    return { toSend, requested, indicators };
  });
  return { today, unitId: actor.unitId, unitName: actor.unitName, status: { toSend: value.toSend, requested: value.requested, from, to }, indicators: value.indicators, source };
}
