/**
 * `npm run backup`: one backup now, into BACKUP_DIR (R30), recorded in the list with trigger `cli`.
 * PostgreSQL (DATABASE_URL): pg_dump works beside the running server. The embedded database
 * (BAOCAO_DATA_DIR/pglite) can be opened by one process only: stop the server first, or use
 * "Sao lưu ngay" in the administration page, which backs up from inside the running server.
 */
import { join } from 'node:path';
import { openDatabase } from '../db/database.js';
import { runCliBackup } from '../modules/backups/backups.service.js';
import { systemClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config.js';
import { refuseWhileServerRuns } from './embedded-guard.js';

const config = loadConfig();
if (!config.databaseUrl) await refuseWhileServerRuns(config, 'sao lưu');
const database = await openDatabase(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(config.dataDir, 'pglite') });
try {
  const result = await runCliBackup(database.db, systemClock, config);
  console.log(`Đã sao lưu (${database.engine}): ${join(config.backupDir, result.fileName!)}`);
  console.log(`Kích thước: ${result.sizeBytes} byte  SHA-256: ${result.sha256}${config.backupEncryptionKey ? '  (đã mã hóa AES-256-GCM)' : ''}`);
} catch (e) {
  console.error(`Sao lưu KHÔNG thành công: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
