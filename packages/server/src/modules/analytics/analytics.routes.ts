import { z } from 'zod';
import { FrameworkReportQuery, Id, IndicatorColumn, SeriesQuery, SeriesResult } from '@baocao/core';
import { actorOf } from '../../platform/http.js';
import type { Api, Deps } from '../../platform/routes.js';
import { seriesCsv, seriesXlsx } from './analytics.export.js';
import { indicatorColumns, readSeries } from './analytics.service.js';
import { frameworkReportDocx, frameworkReportXlsx } from './framework-report.js';

const tags = ['analytics'];

/** Exploration of accepted figures (R25, R26, R28). */
export function analyticsRoutes(app: Api, { db, config, reads }: Deps): void {
  // The questions below read the replica when there is one (docs/read-replica.md); the columns an indicator
  // can be asked in describe the template library and stay on the primary, like every page outside exploration.
  app.get(
    '/api/v1/analytics/indicators/:indicatorId/columns',
    { schema: { tags, summary: 'Các cột số của biểu mẫu chính thức có chỉ tiêu này (thực hiện, kế hoạch…)', params: z.object({ indicatorId: Id }), response: { 200: z.array(IndicatorColumn) } } },
    (req) => indicatorColumns(db, actorOf(req), req.params.indicatorId),
  );
  app.post('/api/v1/analytics/series', { schema: { tags, summary: 'Số liệu đã tiếp nhận của một chỉ tiêu theo đơn vị và kỳ, kèm tổng và nguồn trích dẫn', body: SeriesQuery, response: { 200: SeriesResult } } }, (req) =>
    readSeries(reads, req.log, req.ctx, req.body),
  );
  app.post('/api/v1/analytics/series.xlsx', { schema: { tags, summary: 'Xuất bảng (XLSX) kèm nguồn trích dẫn', body: SeriesQuery } }, async (req, reply) => {
    const body = await seriesXlsx(await readSeries(reads, req.log, req.ctx, req.body));
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', 'attachment; filename="so-lieu.xlsx"').send(body);
  });
  app.post('/api/v1/analytics/series.csv', { schema: { tags, summary: 'Xuất bảng (CSV) kèm nguồn trích dẫn', body: SeriesQuery } }, async (req, reply) => {
    const body = seriesCsv(await readSeries(reads, req.log, req.ctx, req.body));
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="so-lieu.csv"').send(body);
  });
  const TYPES = { docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  for (const kind of ['docx', 'xlsx'] as const) {
    app.post(
      `/api/v1/analytics/framework-report.${kind}`,
      { schema: { tags, summary: `Báo cáo khung kế hoạch phát triển kinh tế - xã hội: kế hoạch và thực hiện theo chỉ tiêu và kỳ (${kind.toUpperCase()}, R40)`, body: FrameworkReportQuery } },
      async (req, reply) => {
        const { value: body } = await reads.read(req.log, (rdb) => (kind === 'docx' ? frameworkReportDocx(rdb, config, req.ctx, req.body) : frameworkReportXlsx(rdb, req.ctx, req.body)));
        return reply.header('content-type', TYPES[kind]).header('content-disposition', `attachment; filename="bao-cao-khung-ke-hoach-${req.body.year}.${kind}"`).send(body);
      },
    );
  }
}
