import { SchedulerReport } from '@baocao/core';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit.js';
import type { Api, Deps } from '../../platform/routes.js';
import { assertRole, type Actor } from '../../platform/scope.js';
import { runScheduler } from './scheduler.js';

export function schedulerRoutes(app: Api, deps: Deps): void {
  app.post('/api/v1/scheduler/run', { schema: { tags: ['regimes'], summary: 'Chạy lập lịch ngay: mở kỳ, giao báo cáo, nhắc hạn, gửi thư', body: z.object({}).strict(), response: { 200: SchedulerReport } } }, async (req) => {
    assertRole(req.ctx.actor as Actor, 'calendar.manage');
    const report = await runScheduler({ ...deps, log: req.log }, req.ctx);
    await deps.db.transaction().execute((tx) => recordAudit(tx, req.ctx, { action: 'scheduler.run', targetType: 'scheduler', details: report }));
    return report;
  });
}
