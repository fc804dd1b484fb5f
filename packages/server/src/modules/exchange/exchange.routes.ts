import {
  ApiKey, ApiKeyIdParam, ApiKeyQuery, CreateApiKeyInput, CreatedApiKey, CreatePeerInput, ExchangeImportSummary, ExchangePacket, ExchangePeer, ExportFilters, ExportInput, ExportResult,
  ImportIdParam, ImportResult, IssueRequestInput, IssueRequestResult, PacketTypeParam, PeerIdParam, ReceivedAnswer, ReceivedAnswerQuery, ReportIdParam, SetupRequestInput, SetupRequestResult,
} from '@baocao/core';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { translateIssue, type ZodIssueLike } from '../../platform/problem.js';
import type { Api, Deps } from '../../platform/routes.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.js';
import { importPacket } from './import.js';
import { exportPacket, getPacket, listImports } from './exchange.service.js';
import { listAnswers, sendAnswerUp } from './answers.js';
import { createPeer, listPeers, revokePeer } from './peers.js';
import { issueRequest, setUpFromRequest } from './requests.js';

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
    schema: { tags, summary: 'Nhận một gói tin: từ cấp trên danh mục chỉ tiêu, nhóm chỉ số, phân tổ, kỳ báo cáo, chế độ báo cáo và biểu mẫu (yêu cầu); từ cấp dưới số liệu báo cáo trả lời yêu cầu', body: ExchangePacket, response: { 200: ImportResult } },
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
    schema: { tags, summary: 'Các gói tin đã nhận: danh mục và yêu cầu từ cấp trên, số liệu trả lời từ cấp dưới', response: { 200: z.array(ExchangeImportSummary) } },
  }, (req) => listImports(db, req.ctx.actor!));

  // ---- federation (docs/federation.md): lower systems, requests down, answers up ----
  app.get('/api/v1/exchange/peers', {
    schema: { tags, summary: 'Các hệ thống cấp dưới (tỉnh, bộ) đã kết nối để nhận yêu cầu báo cáo', response: { 200: z.array(ExchangePeer) } },
  }, (req) => listPeers(db, req.ctx.actor!));

  app.post('/api/v1/exchange/peers', {
    schema: { tags, summary: 'Kết nối một hệ thống cấp dưới: địa chỉ nhận gói tin và khóa API do hệ thống đó cấp (không hiển thị lại)', body: CreatePeerInput, response: { 201: ExchangePeer } },
  }, async (req, reply) => reply.code(201).send(await createPeer(db, req.ctx, req.body)));

  app.post('/api/v1/exchange/peers/:peerId/revoke', {
    schema: { tags, summary: 'Gỡ kết nối với một hệ thống cấp dưới', params: PeerIdParam, response: { 200: ExchangePeer } },
  }, (req) => revokePeer(db, req.ctx, req.params.peerId));

  app.post('/api/v1/exchange/requests', {
    config: { apiKeyScope: 'exchange.export' },
    schema: { tags, summary: 'Gửi yêu cầu báo cáo (chế độ báo cáo, biểu mẫu, danh mục chỉ tiêu) xuống các hệ thống cấp dưới qua hàng đợi gửi', body: IssueRequestInput, response: { 201: IssueRequestResult } },
  }, async (req, reply) => {
    const result = await issueRequest(db, req.ctx, req.body);
    wakeOutbox?.();
    return reply.code(201).send(result);
  });

  app.post('/api/v1/exchange/imports/:importId/setup', {
    schema: { tags, summary: 'Tạo chế độ báo cáo (và biểu mẫu) từ yêu cầu của cấp trên trong một bước', params: ImportIdParam, body: SetupRequestInput, response: { 201: SetupRequestResult } },
  }, async (req, reply) => reply.code(201).send(await setUpFromRequest(db, req.ctx, req.params.importId, req.body)));

  app.post('/api/v1/exchange/reports/:assignmentId/send-up', {
    config: { apiKeyScope: 'exchange.export' },
    schema: { tags, summary: 'Gửi lên cấp trên số liệu đã tiếp nhận của một báo cáo trả lời yêu cầu của cấp trên', params: ReportIdParam, response: { 201: ExportResult } },
  }, async (req, reply) => {
    const result = await sendAnswerUp(db, req.ctx, config, req.params.assignmentId);
    if (result.delivery === 'queued') wakeOutbox?.();
    return reply.code(201).send(result);
  });

  app.get('/api/v1/exchange/answers', {
    config: { apiKeyScope: 'exchange.import' },
    schema: { tags, summary: 'Số liệu báo cáo nhận từ hệ thống cấp dưới, mỗi lần nhận kèm gói tin của nó', querystring: ReceivedAnswerQuery, response: { 200: z.array(ReceivedAnswer) } },
  }, (req) => listAnswers(db, req.ctx.actor!, req.query.regimeId));

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
