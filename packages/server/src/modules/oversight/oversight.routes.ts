import { Id, OversightQuery, OversightView } from '@baocao/core';
import { z } from 'zod';
import type { Api, Deps } from '../../platform/routes.js';
import { readOversight } from './oversight.service.js';
import { usageReportDocx, usageReportXlsx } from './usage-report.js';

const UsageQuery = z.object({ unitId: Id, year: z.coerce.number().int().min(2000).max(2100), part: z.enum(['H1', 'H2', 'Y']) }).strict();
const TYPES = { docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/** Oversight of the units' reporting: timeliness, scores, ranking (R37). */
export function oversightRoutes(app: Api, { config, reads }: Deps): void {
  // Read-only reports: the replica when there is one (docs/read-replica.md).
  app.get('/api/v1/oversight', { schema: { tags: ['oversight'], summary: 'Tình hình gửi báo cáo của các đơn vị: đúng hạn, trễ hạn, không gửi, bị trả lại; điểm và xếp hạng', querystring: OversightQuery, response: { 200: OversightView } } }, (req) =>
    readOversight(reads, req.log, config, req.ctx, req.query),
  );
  for (const kind of ['docx', 'xlsx'] as const) {
    app.get(`/api/v1/oversight/usage-report.${kind}`, { schema: { tags: ['oversight'], summary: `Báo cáo tình hình sử dụng hệ thống 6 tháng / năm của một đơn vị (${kind.toUpperCase()})`, querystring: UsageQuery } }, async (req, reply) => {
      const { unitId, year, part } = req.query;
      const { value: body } = await reads.read(req.log, (db) => (kind === 'docx' ? usageReportDocx(db, config, req.ctx, unitId, year, part) : usageReportXlsx(db, config, req.ctx, unitId, year, part)));
      return reply.header('content-type', TYPES[kind]).header('content-disposition', `attachment; filename="bao-cao-su-dung-${year}-${part}.${kind}"`).send(body);
    });
  }
}
