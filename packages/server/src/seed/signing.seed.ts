import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/database.js';
import type { Config } from '../platform/config.js';
import { installUnitKeys } from '../modules/signing/pki.js';
import { DEMO_ACCOUNTS } from './accounts.seed.js';

/**
 * Demo mode only: a signing certificate for every unit with a demo leader, from a demo CA created on
 * first start with the `openssl` command (`<data>/pki/demo-ca`), installed as the server expects
 * (`<data>/pki/keys/<unit code>.p12`, password `Demo@12345`; the CA in `<data>/pki/trust`). Their names say
 * "thử nghiệm": they have no legal value. Returns the unit codes given a certificate now.
 */
export async function seedDemoSigning(db: Db, config: Config): Promise<string[]> {
  const codes = [...new Set(DEMO_ACCOUNTS.filter((a) => a.role === 'leader').map((a) => a.unitCode))];
  const missing = codes.filter((code) => !existsSync(join(config.signingKeysDir, `${code}.p12`)));
  if (missing.length === 0) return [];
  const units = await db.selectFrom('units').select(['code', 'name']).where('code', 'in', missing).execute();
  // One CA for the demo: issuing anew replaces the trust store's CA along with every unit's certificate.
  const all = await db.selectFrom('units').select(['code', 'name']).where('code', 'in', codes).execute();
  await installUnitKeys(join(config.dataDir, 'pki', `demo-ca-${Date.now().toString(36)}`), { keysDir: config.signingKeysDir, trustDir: config.trustStoreDir }, all, { password: config.signingKeyPassword ?? 'Demo@12345' });
  return units.map((u) => u.code);
}
