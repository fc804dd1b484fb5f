/**
 * `npm run restore FILE`: restores a backup into an EMPTY database and prints what it holds.
 * DATABASE_URL set: pg_restore into that database (it must have no table). Otherwise: a new
 * embedded database in BAOCAO_DATA_DIR/pglite (the folder must be empty or absent; stop the server
 * and move the old folder aside first). Sealed files are decrypted with BACKUP_ENCRYPTION_KEY.
 */
import { join, resolve } from 'node:path';
import { openDatabase, type Database } from '../db/database.js';
import { closeRunningAfterRestore, summarizeTables, userTables } from '../modules/backups/backups.queries.js';
import { restoreBackup } from '../modules/backups/backups.service.js';
import { loadConfig } from '../platform/config.js';
import { AppError } from '../platform/errors.js';
import { refuseWhileServerRuns } from './embedded-guard.js';

const arg = process.argv[2];
if (!arg) {
  console.error('Cách dùng: npm run restore <tệp sao lưu>   (khôi phục vào cơ sở dữ liệu rỗng: DATABASE_URL, hoặc thư mục nhúng BAOCAO_DATA_DIR/pglite)');
  process.exit(2);
}
const file = resolve(arg);
const config = loadConfig();
if (!config.databaseUrl) await refuseWhileServerRuns(config, 'khôi phục');
const dataDir = join(config.dataDir, 'pglite');
let database: Database | null = null;
try {
  const target = config.databaseUrl ? ({ kind: 'postgres', url: config.databaseUrl } as const) : ({ kind: 'pglite', dataDir } as const);
  const { pglite } = await restoreBackup(file, target, config.backupEncryptionKey);
  database = pglite ? await openDatabase({ kind: 'pglite', pglite }) : await openDatabase({ kind: 'postgres', url: config.databaseUrl! });
  // The run that took the dump is inside it, still 'running': close it so that backups can start again.
  await closeRunningAfterRestore(database.db, new Date()).catch(() => 0);
  const schemas = [...new Set((await userTables(database.db)).map((t) => t.schema))];
  let tables = 0;
  let rows = 0;
  for (const schema of schemas) {
    for (const s of await summarizeTables(database.db, schema)) {
      tables++;
      rows += s.rows;
      console.log(`  ${schema}.${s.table}: ${s.rows} dòng  md5 ${s.checksum}`);
    }
  }
  console.log(`Đã khôi phục ${file} vào ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : dataDir}: ${tables} bảng, ${rows} dòng.`);
} catch (e) {
  console.error(`Khôi phục KHÔNG thành công: ${e instanceof AppError || e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await database?.close();
}
