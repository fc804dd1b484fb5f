import {
  CreateIndicatorInput,
  CreateIndicatorSetInput,
  CreateReferenceInput,
  FieldGroup,
  Indicator,
  IndicatorExportQuery,
  IndicatorIdParam,
  IndicatorImportInput,
  IndicatorImportResult,
  IndicatorQuery,
  IndicatorSet,
  IndicatorSetDetail,
  IndicatorSetIdParam,
  IndicatorSetQuery,
  UnitOfMeasure,
  UpdateIndicatorInput,
  UpdateIndicatorSetInput,
} from '@baocao/core';
import { z } from 'zod';
import { actorOf } from '../../platform/http.js';
import type { Api, Deps } from '../../platform/routes.js';
import { exportIndicatorSet, importIndicatorSet } from './catalog.files.js';
import { createReference, listReferences } from './catalog.service.js';
import * as sets from './indicator-sets.service.js';
import * as indicators from './indicators.service.js';

const tags = ['catalog'];
const P = '/api/v1/catalog';
const Empty = z.object({}).strict();

/** The indicator library (R8, R13): reads for every signed-in role, changes for administrators. */
export function catalogRoutes(app: Api, { db }: Deps): void {
  app.get(`${P}/field-groups`, { schema: { tags, summary: 'Danh mục nhóm lĩnh vực', response: { 200: z.array(FieldGroup) } } }, (req) =>
    listReferences(db, actorOf(req), 'fieldGroups'),
  );
  app.post(`${P}/field-groups`, { schema: { tags, summary: 'Thêm nhóm lĩnh vực', body: CreateReferenceInput, response: { 201: FieldGroup } } }, async (req, reply) =>
    reply.code(201).send(await createReference(db, req.ctx, 'fieldGroups', req.body)),
  );
  app.get(`${P}/units-of-measure`, { schema: { tags, summary: 'Danh mục đơn vị tính', response: { 200: z.array(UnitOfMeasure) } } }, (req) =>
    listReferences(db, actorOf(req), 'unitsOfMeasure'),
  );
  app.post(`${P}/units-of-measure`, { schema: { tags, summary: 'Thêm đơn vị tính', body: CreateReferenceInput, response: { 201: UnitOfMeasure } } }, async (req, reply) =>
    reply.code(201).send(await createReference(db, req.ctx, 'unitsOfMeasure', req.body)),
  );

  app.get(`${P}/sets`, { schema: { tags, summary: 'Tìm bộ chỉ tiêu', querystring: IndicatorSetQuery, response: { 200: z.array(IndicatorSet) } } }, (req) =>
    sets.listIndicatorSets(db, actorOf(req), req.query),
  );
  app.post(`${P}/sets`, { schema: { tags, summary: 'Tạo bộ chỉ tiêu (bản nháp, phiên bản 1)', body: CreateIndicatorSetInput, response: { 201: IndicatorSetDetail } } }, async (req, reply) =>
    reply.code(201).send(await sets.createIndicatorSet(db, req.ctx, req.body)),
  );
  app.get(`${P}/sets/:setId`, { schema: { tags, summary: 'Chi tiết bộ chỉ tiêu và các phiên bản', params: IndicatorSetIdParam, response: { 200: IndicatorSetDetail } } }, (req) =>
    sets.getIndicatorSet(db, actorOf(req), req.params.setId),
  );
  app.patch(
    `${P}/sets/:setId`,
    { schema: { tags, summary: 'Sửa thông tin bộ chỉ tiêu (bản nháp)', params: IndicatorSetIdParam, body: UpdateIndicatorSetInput, response: { 200: IndicatorSetDetail } } },
    (req) => sets.updateIndicatorSet(db, req.ctx, req.params.setId, req.body),
  );
  app.post(`${P}/sets/:setId/publish`, { schema: { tags, summary: 'Ban hành bộ chỉ tiêu (khóa danh sách chỉ tiêu)', params: IndicatorSetIdParam, body: Empty, response: { 200: IndicatorSetDetail } } }, (req) =>
    sets.publishIndicatorSet(db, req.ctx, req.params.setId),
  );
  app.post(`${P}/sets/:setId/retire`, { schema: { tags, summary: 'Ngừng sử dụng bộ chỉ tiêu', params: IndicatorSetIdParam, body: Empty, response: { 200: IndicatorSetDetail } } }, (req) =>
    sets.retireIndicatorSet(db, req.ctx, req.params.setId),
  );
  app.post(
    `${P}/sets/:setId/new-version`,
    { schema: { tags, summary: 'Tạo phiên bản mới (bản nháp sao từ phiên bản này)', params: IndicatorSetIdParam, body: Empty, response: { 201: IndicatorSetDetail } } },
    async (req, reply) => reply.code(201).send(await sets.newIndicatorSetVersion(db, req.ctx, req.params.setId)),
  );
  app.get(`${P}/sets/:setId/export`, { schema: { tags, summary: 'Xuất bộ chỉ tiêu (CSV, XLSX)', params: IndicatorSetIdParam, querystring: IndicatorExportQuery } }, async (req, reply) => {
    const file = await exportIndicatorSet(db, actorOf(req), req.params.setId, req.query.format);
    return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });
  app.post(
    `${P}/sets/:setId/import`,
    {
      bodyLimit: 12 * 1024 * 1024,
      schema: { tags, summary: 'Nhập chỉ tiêu từ CSV hoặc XLSX vào bản nháp (tất cả hoặc không gì)', params: IndicatorSetIdParam, body: IndicatorImportInput, response: { 200: IndicatorImportResult } },
    },
    (req) => importIndicatorSet(db, req.ctx, req.params.setId, req.body),
  );

  app.get(`${P}/indicators`, { schema: { tags, summary: 'Tìm chỉ tiêu', querystring: IndicatorQuery, response: { 200: z.array(Indicator) } } }, (req) =>
    indicators.searchIndicators(db, actorOf(req), req.query),
  );
  app.post(`${P}/indicators`, { schema: { tags, summary: 'Thêm chỉ tiêu vào bộ chỉ tiêu (bản nháp)', body: CreateIndicatorInput, response: { 201: Indicator } } }, async (req, reply) =>
    reply.code(201).send(await indicators.createIndicator(db, req.ctx, req.body)),
  );
  app.get(`${P}/indicators/:indicatorId`, { schema: { tags, summary: 'Chi tiết chỉ tiêu', params: IndicatorIdParam, response: { 200: Indicator } } }, (req) =>
    indicators.getIndicator(db, actorOf(req), req.params.indicatorId),
  );
  app.patch(
    `${P}/indicators/:indicatorId`,
    { schema: { tags, summary: 'Sửa, ngừng hoặc khôi phục chỉ tiêu (bản nháp)', params: IndicatorIdParam, body: UpdateIndicatorInput, response: { 200: Indicator } } },
    (req) => indicators.updateIndicator(db, req.ctx, req.params.indicatorId, req.body),
  );
}
