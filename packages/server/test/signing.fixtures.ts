import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Config } from '../src/platform/config.js';
import { installUnitKeys, type TestPki } from '../src/modules/signing/pki.js';
import { call, type Auth } from './factories.js';
import type { TestApp } from './harness.js';

/** The tests' clock runs in 2026: their certificates are valid from 2020 so any fake date signs. */
export const CERTS_VALID_FROM = new Date('2020-01-01T00:00:00Z');

/**
 * A folder of unit certificates and a trust store for one test file: pass `config` to useTestApp, then
 * `install(units)` issues each unit a certificate from a fresh test PKI (Vietnamese-named CAs).
 */
export function testSigning(): { config: Partial<Config>; dir: string; install(units: { code: string; name: string }[]): Promise<TestPki> } {
  const dir = mkdtempSync(join(tmpdir(), 'baocao-pki-'));
  const config = { signingKeysDir: join(dir, 'keys'), trustStoreDir: join(dir, 'trust'), signingKeyPassword: 'Demo@12345' };
  let n = 0;
  return {
    config,
    dir,
    install: (units) => installUnitKeys(join(dir, `pki-${n++}`), { keysDir: config.signingKeysDir, trustDir: config.trustStoreDir }, units, { validFrom: CERTS_VALID_FROM }),
  };
}

/** The leader signs the latest submitted version with the unit's certificate on the server. */
export async function signAs(t: TestApp, leader: Auth, assignmentId: string) {
  const wf = await call(t.app, 'GET', `/api/v1/assignments/${assignmentId}/workflow`, { auth: leader });
  expect(wf.status, JSON.stringify(wf.json)).toBe(200);
  return call(t.app, 'POST', `/api/v1/assignments/${assignmentId}/sign`, { auth: leader, body: { versionNumber: wf.json.latestVersion } });
}
