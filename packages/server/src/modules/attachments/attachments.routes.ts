import { Attachment, AssignmentIdParam, AttachmentParam, UploadAttachmentInput } from '@baocao/core';
import { z } from 'zod';
import type { Api, Deps } from '../../platform/routes.js';
import { addAttachment, listAttachments, readAttachment, removeAttachment } from './attachments.service.js';

const tags = ['attachments'];

export function attachmentsRoutes(app: Api, { db, config }: Deps): void {
  // base64 is 4/3 of the bytes, plus the JSON around them
  const bodyLimit = Math.ceil((config.attachmentMaxBytes * 4) / 3) + 64 * 1024;
  app.get('/api/v1/assignments/:assignmentId/attachments', { schema: { tags, summary: 'Các tệp đính kèm của báo cáo', params: AssignmentIdParam, response: { 200: z.array(Attachment) } } }, (req) =>
    listAttachments(db, req.ctx, req.params.assignmentId),
  );
  app.post('/api/v1/assignments/:assignmentId/attachments', {
    bodyLimit,
    schema: { tags, summary: 'Đính kèm tệp (quét virus trước khi lưu; tệp mật bị từ chối)', params: AssignmentIdParam, body: UploadAttachmentInput, response: { 200: Attachment, 201: Attachment } },
  }, async (req, reply) => {
    const { created, attachment } = await addAttachment(db, config, req.ctx, req.params.assignmentId, req.body);
    return reply.code(created ? 201 : 200).send(attachment);
  });
  app.get('/api/v1/assignments/:assignmentId/attachments/:attachmentId/content', { schema: { tags, summary: 'Tải tệp đính kèm', params: AttachmentParam } }, async (req, reply) => {
    const { attachment, body } = await readAttachment(db, config, req.ctx, req.params.assignmentId, req.params.attachmentId);
    return reply
      .header('content-type', attachment.contentType)
      .header('content-disposition', `attachment; filename="${attachment.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(attachment.name)}`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(body);
  });
  app.delete('/api/v1/assignments/:assignmentId/attachments/:attachmentId', { schema: { tags, summary: 'Gỡ tệp đính kèm', params: AttachmentParam } }, async (req, reply) => {
    await removeAttachment(db, req.ctx, req.params.assignmentId, req.params.attachmentId);
    return reply.code(204).send();
  });
}
