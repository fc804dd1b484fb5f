import { OversightQuery, OversightView } from '@baocao/core';
import type { Api, Deps } from '../../platform/routes.js';
import { getOversight } from './oversight.service.js';

/** Oversight of the units' reporting: timeliness, scores, ranking (R37). */
export function oversightRoutes(app: Api, { db, config }: Deps): void {
  app.get('/api/v1/oversight', { schema: { tags: ['oversight'], summary: 'Tình hình gửi báo cáo của các đơn vị: đúng hạn, trễ hạn, không gửi, bị trả lại; điểm và xếp hạng', querystring: OversightQuery, response: { 200: OversightView } } }, (req) =>
    getOversight(db, config, req.ctx, req.query),
  );
}
