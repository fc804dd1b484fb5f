import { AuditActions, AuditPage, AuditQuery } from '@baocao/core';
import { actorOf } from '../../platform/http.js';
import type { Api, Deps } from '../../platform/routes.js';
import { listAuditActions, searchAudit } from './audit.service.js';

export function auditRoutes(app: Api, { db }: Deps): void {
  const tags = ['audit'];
  app.get('/api/v1/audit', { schema: { tags, summary: 'Tra cứu nhật ký hệ thống', querystring: AuditQuery, response: { 200: AuditPage } } }, (req) =>
    searchAudit(db, actorOf(req), req.query),
  );
  app.get('/api/v1/audit/actions', { schema: { tags, summary: 'Các loại thao tác đã ghi nhật ký', response: { 200: AuditActions } } }, (req) =>
    listAuditActions(db, actorOf(req)),
  );
}
