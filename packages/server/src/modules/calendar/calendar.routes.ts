import { CalendarDateParam, CalendarOverrideSchema, CalendarYear, CalendarYearParam } from '@baocao/core';
import type { Api, Deps } from '../../platform/routes.js';
import { getCalendarYear, removeOverride, setOverride } from './calendar.service.js';

const tags = ['calendar'];
const OverrideBody = CalendarOverrideSchema.omit({ date: true });

export function calendarRoutes(app: Api, { db }: Deps): void {
  app.get('/api/v1/calendar/:year', { schema: { tags, summary: 'Lịch làm việc của một năm: ngày nghỉ lễ, tết, nghỉ bù, hoán đổi', params: CalendarYearParam, response: { 200: CalendarYear } } }, (req) =>
    getCalendarYear(db, req.params.year),
  );
  app.put('/api/v1/calendar/overrides/:date', { schema: { tags, summary: 'Nhập ngày nghỉ hoán đổi hoặc ngày làm bù theo quyết định của Chính phủ', params: CalendarDateParam, body: OverrideBody, response: { 200: CalendarYear } } }, (req) =>
    setOverride(db, req.ctx, req.params.date, req.body),
  );
  app.delete('/api/v1/calendar/overrides/:date', { schema: { tags, summary: 'Xóa một ngày đã nhập', params: CalendarDateParam } }, async (req, reply) => {
    await removeOverride(db, req.ctx, req.params.date);
    return reply.code(204).send();
  });
}
