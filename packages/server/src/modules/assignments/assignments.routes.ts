import { AssignmentDetail, AssignmentIdParam, AssignPersonInput, DelegateInput, Inbox, RescheduleInput, WithdrawInput } from '@baocao/core';
import type { Api, Deps } from '../../platform/routes.js';
import * as assignments from './assignments.service.js';

const tags = ['assignments'];

export function assignmentsRoutes(app: Api, { db }: Deps): void {
  app.get('/api/v1/inbox', { schema: { tags, summary: 'Việc của tôi: cần nhập liệu, tổng hợp, duyệt, ký, bị trả lại, quá hạn', response: { 200: Inbox } } }, (req) =>
    assignments.getInbox(db, req.ctx),
  );
  app.get('/api/v1/assignments/:assignmentId', { schema: { tags, summary: 'Chi tiết báo cáo được giao', params: AssignmentIdParam, response: { 200: AssignmentDetail } } }, (req) =>
    assignments.getAssignment(db, req.ctx, req.params.assignmentId),
  );
  app.post('/api/v1/assignments/:assignmentId/delegations', { schema: { tags, summary: 'Giao tiếp cho đơn vị cấp dưới hoặc phòng, ban (hạn nội bộ trước hạn của đơn vị)', params: AssignmentIdParam, body: DelegateInput, response: { 201: AssignmentDetail } } }, async (req, reply) =>
    reply.code(201).send(await assignments.delegate(db, req.ctx, req.params.assignmentId, req.body)),
  );
  app.put('/api/v1/assignments/:assignmentId/assignee', { schema: { tags, summary: 'Giao cho cán bộ (hoặc thu hồi về đơn vị)', params: AssignmentIdParam, body: AssignPersonInput, response: { 200: AssignmentDetail } } }, (req) =>
    assignments.setAssignee(db, req.ctx, req.params.assignmentId, req.body),
  );
  app.post('/api/v1/assignments/:assignmentId/withdraw', { schema: { tags, summary: 'Thu hồi việc đã giao cho đơn vị cấp dưới', params: AssignmentIdParam, body: WithdrawInput, response: { 200: AssignmentDetail } } }, (req) =>
    assignments.withdrawDelegation(db, req.ctx, req.params.assignmentId, req.body.reason),
  );
  app.put('/api/v1/assignments/:assignmentId/due', { schema: { tags, summary: 'Đổi hạn nội bộ của việc đã giao', params: AssignmentIdParam, body: RescheduleInput, response: { 200: AssignmentDetail } } }, (req) =>
    assignments.rescheduleDelegation(db, req.ctx, req.params.assignmentId, req.body.dueOn),
  );
}
