import { z } from 'zod';
import { Citation, ReadSource, SeriesQuery } from './analytics.js';
import { Id } from './common.js';

/**
 * A saved view (góc nhìn đã lưu): a question of the exploration page kept under a name. `dashboard`
 * views are also pinned to the overview page (Tổng quan) as key indicators with their trend.
 */
export const SAVED_VIEW_KINDS = ['analytics', 'dashboard'] as const;
export const SavedViewKind = z.enum(SAVED_VIEW_KINDS);
export type SavedViewKind = z.infer<typeof SavedViewKind>;

const ViewName = z.string().trim().min(1, 'Nhập tên góc nhìn').max(200, 'Tên góc nhìn tối đa 200 ký tự');
/** The exploration page's URL query (t=…&l=…), so the view reopens exactly as built. */
const PageQuery = z.string().max(2000).regex(/^[^\s#]*$/, 'Địa chỉ góc nhìn không hợp lệ');

export const SavedView = z.object({
  id: Id,
  name: z.string(),
  kind: SavedViewKind,
  query: SeriesQuery,
  pageQuery: z.string(),
  sharedWithUnit: z.boolean(),
  unitId: Id,
  ownerId: Id,
  ownerName: z.string(),
  /** Only the owner renames, shares, pins or deletes a view. */
  mine: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedView = z.infer<typeof SavedView>;

export const CreateSavedViewInput = z
  .object({ name: ViewName, kind: SavedViewKind.default('analytics'), query: SeriesQuery, pageQuery: PageQuery.default(''), sharedWithUnit: z.boolean().default(false) })
  .strict();
export type CreateSavedViewInput = z.input<typeof CreateSavedViewInput>;
export type CreateSavedViewData = z.output<typeof CreateSavedViewInput>;

/** Rename, share or unshare, pin to or unpin from the overview page: any of them, at least one. */
export const UpdateSavedViewInput = z
  .object({ name: ViewName.optional(), kind: SavedViewKind.optional(), sharedWithUnit: z.boolean().optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.kind !== undefined || v.sharedWithUnit !== undefined, { message: 'Không có thay đổi nào' });
export type UpdateSavedViewInput = z.infer<typeof UpdateSavedViewInput>;

export const SavedViewIdParam = z.object({ viewId: Id }).strict();

/** Where the unit's assignments of the current period stand (counts), for the overview page. */
export const DASHBOARD_BUCKETS = ['to_do', 'awaiting_signature', 'sent', 'accepted', 'late'] as const;
export const DashboardBucket = z.enum(DASHBOARD_BUCKETS);
export type DashboardBucket = z.infer<typeof DashboardBucket>;

export const ReportingStatus = z.object({
  /** Reports this unit (and the units under it) must send. */
  toSend: z.record(DashboardBucket, z.number().int()),
  /** Reports this unit asked other units for. */
  requested: z.record(DashboardBucket, z.number().int()),
  /** The window counted: reports due in [from, to], plus any still overdue. */
  from: z.string(),
  to: z.string(),
});
export type ReportingStatus = z.infer<typeof ReportingStatus>;

export const DashboardIndicator = z.object({
  view: SavedView,
  measure: z.string(),
  /** Totals per period, in time order (the trend). */
  trend: z.array(z.object({ periodKey: z.string(), periodFrom: z.string(), value: z.string() })),
  /** Where the figures come from (R28), shown with the card. */
  citation: Citation.nullable(),
  /** Why the figures could not be read (scope, a template gone): the card says so instead. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type DashboardIndicator = z.infer<typeof DashboardIndicator>;

export const Dashboard = z.object({
  today: z.string(),
  unitId: Id,
  unitName: z.string(),
  status: ReportingStatus,
  indicators: z.array(DashboardIndicator),
  /** Where the status counts and the trends were read (the pinned views themselves always from the primary). */
  source: ReadSource,
});
export type Dashboard = z.infer<typeof Dashboard>;
