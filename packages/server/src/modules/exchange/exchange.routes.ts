import {
  ApiKey, ApiKeyIdParam, ApiKeyQuery, CreateApiKeyInput, CreatedApiKey, ExchangeImportSummary, ExchangePacket, ExportFilters, ExportInput, ExportResult, ImportResult, PacketTypeParam,
} from '@baocao/core';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { translateIssue, type ZodIssueLike } from '../../platform/problem.js';
import type { Api, Deps } from '../../platform/routes.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.js';
import { importPacket } from './import.js';
import { exportPacket, getPacket, listImports } from './exchange.service.js';

const tags = ['exchange'];

/**
 * Exchange with the Government reporting information system (R27, QCVN 125:2021; docs/exchange.md).
 * Routes marked `apiKeyScope` also answer a system calling with `Authorization: Bearer <API key>`.
 */
export function exchangeRoutes(app: Api, { db, config, wakeOutbox }: Deps): void {
  app.get('/api/v1/exchange/packets/:type', {
    config: { apiKeyScope: 'exchange.export' },
    schema: { tags, summary: 'Lấy một gói tin (QCVN 125) dựng từ dữ liệu hiện tại, để hệ thống khác kéo về', params: PacketTypeParam, querystring: ExportFilters, response: { 200: ExchangePacket } },
  }, (req) => getPacket(db, req.ctx, req.params.type, req.query));

  app.post('/api/v1/exchange/exports', {
    config: { apiKeyScope: 'exchange.export' },
    schema: { tags, summary: 'Dựng một gói tin và gửi tới Hệ thống thông tin báo cáo Chính phủ (EXCHANGE_URL) qua hàng đợi gửi', body: ExportInput, response: { 201: ExportResult } },
  }, async (req, reply) => {
    const result = await exportPacket(db, req.ctx, config, req.body);
    if (result.delivery === 'queued') wakeOutbox?.();
    return reply.code(201).send(result);
  });

  app.post('/api/v1/exchange/imports', {
    config: { apiKeyScope: 'exchange.import' },
    bodyLimit: 16 * 1024 * 1024,
    // A packet that fails its schema is refused with the exchange's own code, not the generic one.
    attachValidation: true,
    schema: { tags, summary: 'Nhận một gói tin từ cấp trên: danh mục chỉ tiêu, nhóm chỉ số, phân tổ, kỳ báo cáo; chế độ báo cáo và biểu mẫu (yêu cầu)', body: ExchangePacket, response: { 200: ImportResult } },
  }, (req) => {
    const error = req.validationError;
    if (error) {
      const errors = hasZodFastifySchemaValidationErrors(error)
        ? error.validation.map((v: { instancePath: string; keyword: string; message?: string; params: unknown }) => ({ path: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(gói tin)', message: translateIssue({ ...(v.params as ZodIssueLike), code: v.keyword, message: v.message }, v.message ?? '') }))
        : [{ path: '(gói tin)', message: error.message }];
      throw new AppError('exchange.invalid_packet', 'Gói tin không đúng cấu trúc (định dạng baocao.qcvn125 phiên bản 1)', 400, errors.slice(0, 200));
    }
    return importPacket(db, req.ctx, req.body);
  });

  app.get('/api/v1/exchange/imports', {
    config: { apiKeyScope: 'exchange.import' },
    schema: { tags, summary: 'Các gói tin đã nhận: danh mục và yêu cầu từ cấp trên', response: { 200: z.array(ExchangeImportSummary) } },
  }, (req) => listImports(db, req.ctx.actor!));

  app.get('/api/v1/exchange/api-keys', {
    schema: { tags, summary: 'Khóa API của các hệ thống kết nối (LGSP) thuộc đơn vị trong phạm vi quản trị', querystring: ApiKeyQuery, response: { 200: z.array(ApiKey) } },
  }, (req) => listApiKeys(db, req.ctx.actor!, req.query.unitId));

  app.post('/api/v1/exchange/api-keys', {
    schema: { tags, summary: 'Cấp khóa API cho một hệ thống kết nối; khóa chỉ hiển thị một lần', body: CreateApiKeyInput, response: { 201: CreatedApiKey } },
  }, async (req, reply) => reply.code(201).send(await createApiKey(db, req.ctx, req.body)));

  app.post('/api/v1/exchange/api-keys/:keyId/revoke', {
    schema: { tags, summary: 'Thu hồi khóa API ngay lập tức', params: ApiKeyIdParam, response: { 200: ApiKey } },
  }, (req) => revokeApiKey(db, req.ctx, req.params.keyId));
}
