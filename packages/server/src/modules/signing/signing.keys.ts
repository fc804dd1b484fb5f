import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../platform/config.js';
import { AppError } from '../../platform/errors.js';
import { loadPkcs12, loadTrustStore, SigningError, type SigningIdentity, type TrustStore } from './crypto/index.js';

/**
 * The units' signing certificates (PKCS#12 files named `<unit code>.p12` in SIGNING_KEYS_DIR, one
 * password from SIGNING_KEY_PASSWORD) and the trust store (TRUST_STORE_DIR). Both are read from disk
 * again when a file changes, so the operator replaces a certificate or loads a CRL without a restart.
 */
type Cached<T> = { key: string; value: T };
const identities = new Map<string, Cached<SigningIdentity>>();
let trust: Cached<TrustStore> | null = null;

async function fingerprint(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return null;
  }
}

/** The unit's certificate and key on the server; a clear 4xx when there is none or it cannot be opened. */
export async function unitIdentity(config: Pick<Config, 'signingKeysDir' | 'signingKeyPassword'>, unitCode: string): Promise<SigningIdentity> {
  const path = join(config.signingKeysDir, `${unitCode}.p12`);
  const key = await fingerprint(path);
  if (!key || config.signingKeyPassword === null) {
    throw new AppError('signing.no_certificate', 'Máy chủ chưa có chứng thư số của đơn vị: ký bằng thiết bị ký số (USB token) hoặc liên hệ quản trị hệ thống', 409);
  }
  const cached = identities.get(path);
  if (cached?.key === key) return cached.value;
  try {
    const identity = await loadPkcs12(new Uint8Array(await readFile(path)), config.signingKeyPassword);
    identities.set(path, { key, value: identity });
    return identity;
  } catch (e) {
    if (e instanceof SigningError) throw new AppError(e.code, e.message, 422);
    throw e;
  }
}

/** The configured trust store: the CA certificates and CRLs every signature is checked against. */
export async function trustStore(config: Pick<Config, 'trustStoreDir'>): Promise<TrustStore> {
  const dir = config.trustStoreDir;
  let key = `${dir}|`;
  try {
    const names = (await readdir(dir)).sort();
    key += (await Promise.all(names.map(async (n) => `${n}@${await fingerprint(join(dir, n))}`))).join('|');
  } catch {
    key += 'missing';
  }
  if (trust?.key === key) return trust.value;
  const value = await loadTrustStore(dir);
  trust = { key, value };
  return value;
}
