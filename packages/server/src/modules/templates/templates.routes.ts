import {
  CopyTemplateInput,
  CreateTemplateInput,
  ImportTemplateInput,
  ShareTemplateInput,
  Template,
  TemplateIdParam,
  TemplateQuery,
  TemplateSummary,
  TransitionInput,
  UpdateTemplateInput,
} from '@baocao/core';
import { z } from 'zod';
import { actorOf } from '../../platform/http.js';
import type { Api, Deps } from '../../platform/routes.js';
import { exportTemplate, importTemplate } from './templates.files.js';
import { newTemplateVersion, transitionTemplate } from './templates.lifecycle.js';
import * as templates from './templates.service.js';

const tags = ['templates'];
const Empty = z.object({}).strict();

export function templatesRoutes(app: Api, { db }: Deps): void {
  app.get('/api/v1/templates', { schema: { tags, summary: 'Tìm biểu mẫu (của đơn vị, kho biểu mẫu thành phố)', querystring: TemplateQuery, response: { 200: z.array(TemplateSummary) } } }, (req) =>
    templates.listTemplates(db, actorOf(req), req.query),
  );
  app.post('/api/v1/templates', { schema: { tags, summary: 'Tạo biểu mẫu (bản soạn thảo)', body: CreateTemplateInput, response: { 201: Template } } }, async (req, reply) =>
    reply.code(201).send(await templates.createTemplate(db, req.ctx, req.body)),
  );
  app.post('/api/v1/templates/import', { bodyLimit: 12 * 1024 * 1024, schema: { tags, summary: 'Nhập biểu mẫu từ tệp JSON hoặc XLSX', body: ImportTemplateInput, response: { 201: Template } } }, async (req, reply) =>
    reply.code(201).send(await importTemplate(db, req.ctx, req.body)),
  );
  app.get('/api/v1/templates/:templateId', { schema: { tags, summary: 'Chi tiết biểu mẫu', params: TemplateIdParam, response: { 200: Template } } }, (req) =>
    templates.getTemplate(db, actorOf(req), req.params.templateId),
  );
  app.put('/api/v1/templates/:templateId', { schema: { tags, summary: 'Lưu bản soạn thảo', params: TemplateIdParam, body: UpdateTemplateInput, response: { 200: Template } } }, (req) =>
    templates.updateTemplate(db, req.ctx, req.params.templateId, req.body),
  );
  app.post('/api/v1/templates/:templateId/transition', { schema: { tags, summary: 'Chuyển trạng thái: thử nghiệm, chính thức, ngừng sử dụng', params: TemplateIdParam, body: TransitionInput, response: { 200: Template } } }, (req) =>
    transitionTemplate(db, req.ctx, req.params.templateId, req.body),
  );
  app.post('/api/v1/templates/:templateId/versions', { schema: { tags, summary: 'Tạo phiên bản mới từ biểu mẫu đã ban hành', params: TemplateIdParam, body: Empty, response: { 201: Template } } }, async (req, reply) =>
    reply.code(201).send(await newTemplateVersion(db, req.ctx, req.params.templateId)),
  );
  app.post('/api/v1/templates/:templateId/copy', { schema: { tags, summary: 'Sao chép biểu mẫu về đơn vị', params: TemplateIdParam, body: CopyTemplateInput, response: { 201: Template } } }, async (req, reply) =>
    reply.code(201).send(await templates.copyTemplate(db, req.ctx, req.params.templateId, req.body)),
  );
  app.post('/api/v1/templates/:templateId/share', { schema: { tags, summary: 'Chia sẻ vào kho biểu mẫu thành phố', params: TemplateIdParam, body: ShareTemplateInput, response: { 200: Template } } }, (req) =>
    templates.shareTemplate(db, req.ctx, req.params.templateId, req.body.shared),
  );
  app.get('/api/v1/templates/:templateId/export', { schema: { tags, summary: 'Xuất biểu mẫu (JSON, XLSX)', params: TemplateIdParam, querystring: z.object({ format: z.enum(['json', 'xlsx']) }).strict() } }, async (req, reply) => {
    const file = await exportTemplate(db, actorOf(req), req.params.templateId, req.query.format);
    return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });
}
