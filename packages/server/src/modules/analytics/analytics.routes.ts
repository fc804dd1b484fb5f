import { SeriesQuery, SeriesResult } from '@baocao/core';
import type { Api, Deps } from '../../platform/routes.js';
import { seriesCsv, seriesXlsx } from './analytics.export.js';
import { getSeries } from './analytics.service.js';

const tags = ['analytics'];

/** Exploration of accepted figures (R25, R26, R28). */
export function analyticsRoutes(app: Api, { db }: Deps): void {
  app.post('/api/v1/analytics/series', { schema: { tags, summary: 'Số liệu đã tiếp nhận của một chỉ tiêu theo đơn vị và kỳ, kèm tổng và nguồn trích dẫn', body: SeriesQuery, response: { 200: SeriesResult } } }, (req) =>
    getSeries(db, req.ctx, req.body),
  );
  app.post('/api/v1/analytics/series.xlsx', { schema: { tags, summary: 'Xuất bảng (XLSX) kèm nguồn trích dẫn', body: SeriesQuery } }, async (req, reply) => {
    const body = await seriesXlsx(await getSeries(db, req.ctx, req.body));
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', 'attachment; filename="so-lieu.xlsx"').send(body);
  });
  app.post('/api/v1/analytics/series.csv', { schema: { tags, summary: 'Xuất bảng (CSV) kèm nguồn trích dẫn', body: SeriesQuery } }, async (req, reply) => {
    const body = seriesCsv(await getSeries(db, req.ctx, req.body));
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="so-lieu.csv"').send(body);
  });
}
