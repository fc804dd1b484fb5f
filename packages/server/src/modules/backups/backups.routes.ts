import { Backup, BackupList } from '@baocao/core';
import type { Api, Deps } from '../../platform/routes.js';
import * as backups from './backups.service.js';

const tags = ['operations'];

/** Backups (R30): the list and "back up now". The files stay on the server: no download over HTTP. */
export function backupsRoutes(app: Api, { db, config }: Deps): void {
  app.get('/api/v1/backups', { schema: { tags, summary: 'Các lần sao lưu, thư mục chứa tệp, lịch và thời hạn lưu giữ', response: { 200: BackupList } } }, (req) =>
    backups.listBackups(db, req.ctx, config),
  );
  app.post('/api/v1/backups', { schema: { tags, summary: 'Sao lưu ngay (chạy nền; theo dõi kết quả trong danh sách)', response: { 202: Backup } } }, async (req, reply) => {
    const { backup, done } = await backups.startBackup(db, req.ctx, config);
    void done.then((b) => {
      if (b.status === 'failed') req.log.error({ backupId: b.id, error: b.error }, 'backup failed');
      else req.log.info({ backupId: b.id, file: b.fileName, sizeBytes: b.sizeBytes }, 'backup succeeded');
    });
    return reply.code(202).send(backup);
  });
}
