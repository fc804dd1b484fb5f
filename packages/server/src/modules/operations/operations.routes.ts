import { Incident, IncidentInput, IncidentsQuery, IncidentUpdate, MaintenanceInput, MaintenanceNotice, MaintenanceWindow, OperationsIdParam, Outage, OutageInput } from '@baocao/core';
import { z } from 'zod';
import type { Api, Deps } from '../../platform/routes.js';
import * as incidents from './incidents.service.js';
import * as maintenance from './maintenance.service.js';
import * as outages from './outages.service.js';

const tags = ['operations'];

/** Maintenance notices (R31), incidents and requests for help (R33), outages (R32). */
export function operationsRoutes(app: Api, { db, config, wakeOutbox }: Deps): void {
  app.get('/api/v1/maintenance/current', { config: { access: 'public' }, schema: { tags, summary: 'Thông báo bảo trì, nâng cấp đang hiển thị (từ 24 giờ trước khi bắt đầu đến khi kết thúc)', response: { 200: z.array(MaintenanceNotice) } } }, (req) =>
    maintenance.currentNotices(db, req.ctx),
  );
  app.get('/api/v1/maintenance', { schema: { tags, summary: 'Các đợt bảo trì, nâng cấp đã lên lịch', response: { 200: z.array(MaintenanceWindow) } } }, (req) => maintenance.listWindows(db, req.ctx));
  app.post('/api/v1/maintenance', { schema: { tags, summary: 'Lên lịch bảo trì, nâng cấp (báo trước ít nhất 24 giờ, trừ trường hợp khẩn cấp)', body: MaintenanceInput, response: { 201: MaintenanceWindow } } }, async (req, reply) =>
    reply.code(201).send(await maintenance.scheduleWindow(db, req.ctx, req.body)),
  );
  app.put('/api/v1/maintenance/:id', { schema: { tags, summary: 'Sửa đợt bảo trì chưa kết thúc', params: OperationsIdParam, body: MaintenanceInput, response: { 200: MaintenanceWindow } } }, (req) =>
    maintenance.updateWindow(db, req.ctx, req.params.id, req.body),
  );
  app.post('/api/v1/maintenance/:id/cancel', { schema: { tags, summary: 'Hủy đợt bảo trì', params: OperationsIdParam, response: { 200: MaintenanceWindow } } }, (req) => maintenance.cancelWindow(db, req.ctx, req.params.id));

  app.post('/api/v1/incidents', { schema: { tags, summary: 'Báo sự cố / yêu cầu hỗ trợ gửi đơn vị vận hành', body: IncidentInput, response: { 201: z.object({ id: z.string(), number: z.number().int() }) } } }, async (req, reply) => {
    const created = await incidents.reportIncident(db, config, req.ctx, req.body);
    wakeOutbox?.();
    return reply.code(201).send(created);
  });
  app.get('/api/v1/incidents', { schema: { tags, summary: 'Danh sách sự cố, yêu cầu hỗ trợ (đơn vị vận hành)', querystring: IncidentsQuery, response: { 200: z.array(Incident) } } }, (req) =>
    incidents.listIncidents(db, req.ctx, req.query.status),
  );
  app.post('/api/v1/incidents/:id/notes', { schema: { tags, summary: 'Ghi chú xử lý, đổi trạng thái sự cố', params: OperationsIdParam, body: IncidentUpdate, response: { 200: Incident } } }, (req) =>
    incidents.updateIncident(db, req.ctx, req.params.id, req.body),
  );

  app.get('/api/v1/outages', { schema: { tags, summary: 'Các sự cố gián đoạn hệ thống đã công bố', response: { 200: z.array(Outage) } } }, (req) => outages.listOutages(db, req.ctx));
  app.post('/api/v1/outages', { schema: { tags, summary: 'Công bố sự cố gián đoạn: gia hạn các báo cáo đến hạn trong thời gian sự cố', body: OutageInput, response: { 201: Outage } } }, async (req, reply) =>
    reply.code(201).send(await outages.declareOutage(db, config, req.ctx, req.body)),
  );
  app.post('/api/v1/outages/:id/cancel', { schema: { tags, summary: 'Hủy công bố sự cố gián đoạn', params: OperationsIdParam, response: { 200: Outage } } }, (req) => outages.cancelOutage(db, req.ctx, req.params.id));
}
