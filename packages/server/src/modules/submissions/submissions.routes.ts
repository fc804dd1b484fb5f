import {
  AggregateView, ApplyAggregateInput, RoundParam, AssignmentDetail, AssignmentIdParam, CellHistoryEntry, CellHistoryQuery, FormState, ReviewInput, SavedForm, SaveValuesInput,
  SaveNarrativeInput, SubmissionVersion, SubmitInput, UploadFormInput,
} from '@baocao/core';
import { z } from 'zod';
import { refuseStateSecret } from '../../platform/classification.js';
import type { Api, Deps } from '../../platform/routes.js';
import { applyAggregate, getAggregate, getRoundAggregate, reviewSubmission } from './submissions.review.js';
import { exportForm, uploadForm } from './submissions.files.js';
import { saveNarrative } from './submissions.narrative.js';
import * as forms from './submissions.service.js';

const tags = ['submissions'];

/**
 * The save's answer is built by saveValues with SavedForm's type from what the transaction wrote: written
 * out as it is, without checking it again against its schema (a whole form's inputs, on every save of a
 * deadline rush). The schema still documents the answer (OpenAPI) and the tests check its shape.
 */
const typedAnswer = () => (data: unknown) => JSON.stringify(data);

export function submissionsRoutes(app: Api, { db, config }: Deps): void {
  app.get('/api/v1/assignments/:assignmentId/form', { schema: { tags, summary: 'Biểu mẫu và số liệu của báo cáo được giao', params: AssignmentIdParam, response: { 200: FormState } } }, (req) =>
    forms.getForm(db, req.ctx, req.params.assignmentId),
  );
  app.put('/api/v1/assignments/:assignmentId/values', { bodyLimit: 4 * 1024 * 1024, schema: { tags, summary: 'Lưu các ô đã sửa (bản nháp); trả về phiên bản mới và số liệu nhập đã gộp (kết quả kiểm tra: GET …/form); xung đột: 409 kèm các ô trùng', params: AssignmentIdParam, body: SaveValuesInput, response: { 200: SavedForm } }, serializerCompiler: typedAnswer }, (req) =>
    forms.saveValues(db, req.ctx, req.params.assignmentId, req.body),
  );
  app.put('/api/v1/assignments/:assignmentId/narrative', { bodyLimit: 4 * 1024 * 1024, schema: { tags, summary: 'Lưu nội dung các đề mục của báo cáo thuyết minh (HTML được làm sạch)', params: AssignmentIdParam, body: SaveNarrativeInput, response: { 200: FormState } } }, (req) =>
    saveNarrative(db, req.ctx, req.params.assignmentId, req.body),
  );
  app.post('/api/v1/assignments/:assignmentId/submit', { schema: { tags, summary: 'Gửi báo cáo (không còn lỗi, cảnh báo đã giải trình)', params: AssignmentIdParam, body: SubmitInput, response: { 200: FormState } } }, (req) => {
    refuseStateSecret(req.body.classification);
    return forms.submitForm(db, req.ctx, req.params.assignmentId, req.body.version);
  });
  app.get('/api/v1/assignments/:assignmentId/form.xlsx', { schema: { tags, summary: 'Tải biểu mẫu (XLSX) để nhập ngoài hệ thống', params: AssignmentIdParam } }, async (req, reply) => {
    const file = await exportForm(db, req.ctx, req.params.assignmentId, 'xlsx');
    return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });
  app.get('/api/v1/assignments/:assignmentId/form.csv', { schema: { tags, summary: 'Tải biểu mẫu (CSV)', params: AssignmentIdParam } }, async (req, reply) => {
    const file = await exportForm(db, req.ctx, req.params.assignmentId, 'csv');
    return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });
  app.post('/api/v1/assignments/:assignmentId/upload', { bodyLimit: 15 * 1024 * 1024, schema: { tags, summary: 'Tải lên biểu mẫu đã nhập (XLSX, CSV): kiểm tra như nhập trực tiếp, lỗi theo từng ô, nhận tất cả hoặc không', params: AssignmentIdParam, body: UploadFormInput, response: { 200: FormState } } }, (req) =>
    uploadForm(db, req.ctx, req.params.assignmentId, req.body),
  );
  app.get('/api/v1/assignments/:assignmentId/history', { schema: { tags, summary: 'Lịch sử thay đổi các ô', params: AssignmentIdParam, querystring: CellHistoryQuery, response: { 200: z.array(CellHistoryEntry) } } }, (req) =>
    forms.getCellHistory(db, req.ctx, req.params.assignmentId, req.query.cell),
  );
  app.get('/api/v1/assignments/:assignmentId/versions', { schema: { tags, summary: 'Các lần gửi báo cáo và điểm khác nhau', params: AssignmentIdParam, response: { 200: z.array(SubmissionVersion) } } }, (req) =>
    forms.getVersions(db, req.ctx, req.params.assignmentId),
  );
  app.post('/api/v1/assignments/:assignmentId/review', { schema: { tags, summary: 'Tiếp nhận hoặc trả lại báo cáo của đơn vị cấp dưới', params: AssignmentIdParam, body: ReviewInput, response: { 200: AssignmentDetail } } }, (req) =>
    reviewSubmission(db, config, req.ctx, req.params.assignmentId, req.body),
  );
  app.get('/api/v1/assignments/:assignmentId/aggregate', { schema: { tags, summary: 'Số liệu tổng hợp từ các đơn vị cấp dưới', params: AssignmentIdParam, response: { 200: AggregateView } } }, (req) =>
    getAggregate(db, req.ctx, req.params.assignmentId),
  );
  app.get('/api/v1/regimes/:regimeId/rounds/:roundKey/aggregate', { schema: { tags, summary: 'Tổng hợp một kỳ trên mọi đơn vị được giao (đơn vị yêu cầu báo cáo)', params: RoundParam, querystring: z.object({ templateId: z.uuid().optional() }).strict(), response: { 200: AggregateView } } }, (req) =>
    getRoundAggregate(db, req.ctx, req.params.regimeId, req.params.roundKey, req.query.templateId),
  );
  app.post('/api/v1/assignments/:assignmentId/aggregate', { schema: { tags, summary: 'Đưa số liệu tổng hợp vào báo cáo của đơn vị', params: AssignmentIdParam, body: ApplyAggregateInput, response: { 200: FormState } } }, (req) =>
    applyAggregate(db, req.ctx, req.params.assignmentId, req.body),
  );
}
