import {
  AssignmentIdParam, CorrectionDecisionInput, CorrectionRequest, ExternalSignatureInput, ExternalSigningPayload, ReasonInput, SignatureParam, SignInput, WorkflowView,
} from '@baocao/core';
import { z } from 'zod';
import type { Api, Deps } from '../../platform/routes.js';
import { decideCorrection, requestCorrection } from '../submissions/submissions.corrections.js';
import * as signing from './signing.service.js';

const tags = ['signing'];

/** Leader signing, issuing, the signed documents and corrections (R19–R23, R36). */
export function signingRoutes(app: Api, deps: Deps): void {
  const s: signing.SigningDeps = { db: deps.db, config: deps.config, wakeOutbox: deps.wakeOutbox ?? (() => {}) };
  app.get('/api/v1/assignments/:assignmentId/workflow', { schema: { tags, summary: 'Trạng thái xử lý, thao tác được phép, các chữ ký số (kiểm tra lại ngay) và đề nghị đính chính', params: AssignmentIdParam, response: { 200: WorkflowView } } }, (req) =>
    signing.getWorkflow(s, req.ctx, req.params.assignmentId),
  );
  app.post('/api/v1/assignments/:assignmentId/sign', { schema: { tags, summary: 'Lãnh đạo ký số bằng chứng thư của đơn vị trên máy chủ; báo cáo được gửi ngay', params: AssignmentIdParam, body: SignInput, response: { 200: WorkflowView } } }, (req) =>
    signing.signOnServer(s, req.ctx, req.params.assignmentId, req.body.versionNumber),
  );
  app.post('/api/v1/assignments/:assignmentId/sign/external', { schema: { tags, summary: 'Ký bằng thiết bị ký số, bước 1: đánh số văn bản, lấy dữ liệu cần ký', params: AssignmentIdParam, body: SignInput, response: { 200: ExternalSigningPayload } } }, (req) =>
    signing.prepareExternal(s, req.ctx, req.params.assignmentId, req.body.versionNumber),
  );
  app.put('/api/v1/assignments/:assignmentId/sign/external', { bodyLimit: 1024 * 1024, schema: { tags, summary: 'Ký bằng thiết bị ký số, bước 2: tải lên hai chữ ký CMS tách rời; kiểm tra rồi gửi', params: AssignmentIdParam, body: ExternalSignatureInput, response: { 200: WorkflowView } } }, (req) =>
    signing.signExternal(s, req.ctx, req.params.assignmentId, req.body),
  );
  app.post('/api/v1/assignments/:assignmentId/leader-return', { schema: { tags, summary: 'Lãnh đạo trả lại báo cáo để nhập lại, kèm lý do', params: AssignmentIdParam, body: ReasonInput, response: { 200: WorkflowView } } }, (req) =>
    signing.leaderReturn(s, req.ctx, req.params.assignmentId, req.body.reason),
  );
  app.post('/api/v1/assignments/:assignmentId/corrections', { schema: { tags, summary: 'Đề nghị đính chính báo cáo đã được tiếp nhận, kèm lý do', params: AssignmentIdParam, body: ReasonInput, response: { 200: z.array(CorrectionRequest) } } }, (req) =>
    requestCorrection(deps.db, req.ctx, req.params.assignmentId, req.body.reason),
  );
  app.post('/api/v1/assignments/:assignmentId/corrections/decision', { schema: { tags, summary: 'Đơn vị nhận báo cáo đồng ý hoặc từ chối đề nghị đính chính', params: AssignmentIdParam, body: CorrectionDecisionInput, response: { 200: z.array(CorrectionRequest) } } }, (req) =>
    decideCorrection(deps.db, req.ctx, req.params.assignmentId, req.body),
  );
  for (const kind of ['pdf', 'docx'] as const) {
    app.get(`/api/v1/assignments/:assignmentId/preview.${kind}`, { schema: { tags, summary: `Bản xem trước (${kind.toUpperCase()}, chưa ký) của lần trình mới nhất`, params: AssignmentIdParam } }, async (req, reply) => {
      const f = await signing.previewDocument(s, req.ctx, req.params.assignmentId, kind);
      return reply.header('content-type', f.contentType).header('content-disposition', `inline; filename="${f.filename}"`).send(f.body);
    });
  }
  const files: Record<signing.DownloadKind, string> = { pdf: 'Văn bản PDF đã ký số (PAdES)', docx: 'Bản DOCX', p7s: 'Chữ ký CMS tách rời của số liệu', json: 'Số liệu dạng JSON chuẩn tắc (RFC 8785): đúng các byte đã ký' };
  for (const [kind, summary] of Object.entries(files) as [signing.DownloadKind, string][]) {
    app.get(`/api/v1/assignments/:assignmentId/signatures/:signatureId/report.${kind}`, { schema: { tags, summary, params: SignatureParam } }, async (req, reply) => {
      const f = await signing.signatureDownload(s, req.ctx, req.params.assignmentId, req.params.signatureId, kind);
      return reply.header('content-type', f.contentType).header('content-disposition', `${kind === 'pdf' ? 'inline' : 'attachment'}; filename="${f.filename}"`).send(f.body);
    });
  }
}
