/** `npm run migrate`: applies pending migrations (the server also does this on start). */
import { join } from 'node:path';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { loadConfig } from '../platform/config.js';

const config = loadConfig();
const { db, close } = await openDatabase(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(config.dataDir, 'pglite') });
try {
  const ran = await migrate(db);
  console.log(ran.length ? `applied: ${ran.join(', ')}` : 'database is current');
} finally {
  await close();
}
