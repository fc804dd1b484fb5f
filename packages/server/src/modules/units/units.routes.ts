import {
  CreateUnitInput,
  MoveUnitInput,
  SystemAbout,
  Unit,
  UnitExportQuery,
  UnitHistoryEntry,
  UnitIdParam,
  UnitImportInput,
  UnitImportResult,
  UnitQuery,
  UnitTreeNode,
  UnitTreeQuery,
  UpdateUnitInput,
} from '@baocao/core';
import { z } from 'zod';
import { actorOf } from '../../platform/http.js';
import type { Api, Deps } from '../../platform/routes.js';
import { exportUnits, importUnits } from './units.files.js';
import { systemRootName } from './units.queries.js';
import * as units from './units.service.js';

const tags = ['units'];

export function unitsRoutes(app: Api, { db, config }: Deps): void {
  // Public: the login page and the header name the organisation whose system this is.
  app.get('/api/v1/about', { config: { access: 'public' }, schema: { tags, summary: 'Hệ thống của cơ quan nào, ở cấp nào (hiện cả trước khi đăng nhập)', response: { 200: SystemAbout } } }, async () => ({
    organisation: (await systemRootName(db)) ?? '',
    level: config.level,
  }));
  app.get('/api/v1/units/tree', { schema: { tags, summary: 'Cây đơn vị trong phạm vi của người dùng', querystring: UnitTreeQuery, response: { 200: z.array(UnitTreeNode) } } }, (req) =>
    units.getUnitTree(db, actorOf(req), req.query.includeInactive === 'true'),
  );
  app.get('/api/v1/units', { schema: { tags, summary: 'Tìm đơn vị', querystring: UnitQuery, response: { 200: z.array(Unit) } } }, (req) =>
    units.listUnits(db, actorOf(req), req.query),
  );
  app.get('/api/v1/units/export', { schema: { tags, summary: 'Xuất danh sách đơn vị (CSV, XLSX)', querystring: UnitExportQuery } }, async (req, reply) => {
    const file = await exportUnits(db, actorOf(req), req.query.format, req.query.rootId);
    return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });
  app.post(
    '/api/v1/units/import',
    { bodyLimit: 12 * 1024 * 1024, schema: { tags, summary: 'Nhập đơn vị từ CSV hoặc XLSX (tất cả hoặc không gì)', body: UnitImportInput, response: { 200: UnitImportResult } } },
    (req) => importUnits(db, req.ctx, req.body),
  );
  app.get('/api/v1/units/:unitId', { schema: { tags, summary: 'Chi tiết đơn vị', params: UnitIdParam, response: { 200: Unit } } }, (req) =>
    units.getUnit(db, actorOf(req), req.params.unitId),
  );
  app.get('/api/v1/units/:unitId/history', { schema: { tags, summary: 'Lịch sử thay đổi của đơn vị', params: UnitIdParam, response: { 200: z.array(UnitHistoryEntry) } } }, (req) =>
    units.getUnitHistory(db, actorOf(req), req.params.unitId),
  );
  app.post('/api/v1/units', { schema: { tags, summary: 'Tạo đơn vị', body: CreateUnitInput, response: { 201: Unit } } }, async (req, reply) =>
    reply.code(201).send(await units.createUnit(db, req.ctx, req.body)),
  );
  app.patch('/api/v1/units/:unitId', { schema: { tags, summary: 'Đổi tên, loại đơn vị', params: UnitIdParam, body: UpdateUnitInput, response: { 200: Unit } } }, (req) =>
    units.updateUnit(db, req.ctx, req.params.unitId, req.body),
  );
  app.post('/api/v1/units/:unitId/move', { schema: { tags, summary: 'Chuyển đơn vị sang đơn vị cấp trên khác', params: UnitIdParam, body: MoveUnitInput, response: { 200: Unit } } }, (req) =>
    units.moveUnit(db, req.ctx, req.params.unitId, req.body),
  );
  const Empty = z.object({}).strict();
  app.post('/api/v1/units/:unitId/deactivate', { schema: { tags, summary: 'Ngừng hoạt động đơn vị', params: UnitIdParam, body: Empty, response: { 200: Unit } } }, (req) =>
    units.setUnitActive(db, req.ctx, req.params.unitId, false),
  );
  app.post('/api/v1/units/:unitId/activate', { schema: { tags, summary: 'Khôi phục hoạt động đơn vị', params: UnitIdParam, body: Empty, response: { 200: Unit } } }, (req) =>
    units.setUnitActive(db, req.ctx, req.params.unitId, true),
  );
}
