/** `npm run audit:verify`: walks the audit hash chain and reports it intact or the first broken record. */
import { join } from 'node:path';
import { openDatabase } from '../db/database.js';
import { verifyAuditChain } from '../platform/audit.js';
import { loadConfig } from '../platform/config.js';

const config = loadConfig();
const { db, close } = await openDatabase(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(config.dataDir, 'pglite') });
try {
  const report = await verifyAuditChain(db);
  if (report.ok) console.log(`Nhật ký nguyên vẹn: ${report.records} bản ghi, chuỗi băm khớp. (audit chain intact)`);
  else {
    console.error(`Nhật ký BỊ SAI LỆCH tại bản ghi số ${report.brokenAt}: ${report.reason} (${report.records} bản ghi trước đó khớp)`);
    process.exitCode = 1;
  }
} finally {
  await close();
}
