import { Notification } from '@baocao/core';
import { z } from 'zod';
import { actorOf } from '../../platform/http.js';
import type { Api, Deps } from '../../platform/routes.js';
import { listNotifications } from './notifications.service.js';

export function notificationsRoutes(app: Api, { db }: Deps): void {
  app.get('/api/v1/notifications', { schema: { tags: ['notifications'], summary: 'Thông báo gửi đến đơn vị của người dùng', response: { 200: z.array(Notification) } } }, (req) =>
    listNotifications(db, actorOf(req)),
  );
}
