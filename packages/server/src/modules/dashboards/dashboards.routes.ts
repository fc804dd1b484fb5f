import { CreateSavedViewInput, Dashboard, SavedView, SavedViewIdParam, UpdateSavedViewInput } from '@baocao/core';
import { z } from 'zod';
import type { Api, Deps } from '../../platform/routes.js';
import * as dashboards from './dashboards.service.js';

const tags = ['dashboards'];

/** The overview page and saved views (issue 7). */
export function dashboardsRoutes(app: Api, { db, reads }: Deps): void {
  // The overview's figures read the replica when there is one; saved views are read and written on the primary.
  app.get('/api/v1/dashboard', { schema: { tags, summary: 'Tổng quan của đơn vị: tình hình báo cáo kỳ hiện tại và các chỉ tiêu đã ghim kèm xu hướng', response: { 200: Dashboard } } }, (req) =>
    dashboards.getDashboard(db, reads, req.log, req.ctx),
  );
  app.get('/api/v1/saved-views', { schema: { tags, summary: 'Góc nhìn của tôi và góc nhìn được chia sẻ trong đơn vị', response: { 200: z.array(SavedView) } } }, (req) =>
    dashboards.listViews(db, req.ctx),
  );
  app.post('/api/v1/saved-views', { schema: { tags, summary: 'Lưu góc nhìn (câu hỏi khai thác số liệu)', body: CreateSavedViewInput, response: { 201: SavedView } } }, async (req, reply) =>
    reply.code(201).send(await dashboards.createView(db, req.ctx, req.body)),
  );
  app.patch('/api/v1/saved-views/:viewId', { schema: { tags, summary: 'Đổi tên, chia sẻ / thôi chia sẻ, ghim / bỏ ghim góc nhìn (người tạo)', params: SavedViewIdParam, body: UpdateSavedViewInput, response: { 200: SavedView } } }, (req) =>
    dashboards.updateView(db, req.ctx, req.params.viewId, req.body),
  );
  app.delete('/api/v1/saved-views/:viewId', { schema: { tags, summary: 'Xóa góc nhìn (người tạo)', params: SavedViewIdParam } }, async (req, reply) => {
    await dashboards.deleteView(db, req.ctx, req.params.viewId);
    return reply.code(204).send();
  });
}
