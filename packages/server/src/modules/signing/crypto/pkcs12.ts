/**
 * Reads a PKCS#12 (.p12/.pfx) into a signing identity: the private key as a non-extractable WebCrypto
 * key, its certificate and the rest of the chain. Built for what OpenSSL 3 writes by default
 * (PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC) and the legacy formats pkijs also reads.
 */
import type { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';
import { certificateDer, describeCertificate, type CertificateInfo } from './certificates.js';
import { toArrayBuffer } from './der.js';
import { cryptoEngine } from './engine.js';
import { SigningError } from './errors.js';

/** A private key with its certificate: what signs. */
export interface SigningIdentity {
  privateKey: webcrypto.CryptoKey;
  /** The signer's certificate, DER. */
  certificate: Uint8Array;
  /** The other certificates of the file (issuer first), DER. */
  chain: Uint8Array[];
  info: CertificateInfo;
}

const RSA = '1.2.840.113549.1.1.1';
const EC = '1.2.840.10045.2.1';
const CURVES: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };

/** Opens a PKCS#12 with its password. Throws {@link SigningError} (bad_password, bad_pkcs12, no_key). */
export async function loadPkcs12(bytes: Uint8Array, password: string): Promise<SigningIdentity> {
  const engine = cryptoEngine();
  const pw = toArrayBuffer(new TextEncoder().encode(password));
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(toArrayBuffer(bytes));
  } catch {
    throw new SigningError('signing.bad_pkcs12');
  }
  try {
    await pfx.parseInternalValues({ password: pw, checkIntegrity: pfx.macData !== undefined }, engine);
  } catch (error) {
    throw new SigningError(/integrity/i.test(String(error)) ? 'signing.bad_password' : 'signing.bad_pkcs12');
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new SigningError('signing.bad_pkcs12');
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pw })) }, engine);
  } catch {
    throw new SigningError(pfx.macData ? 'signing.bad_pkcs12' : 'signing.bad_password');
  }

  const certificates: pkijs.Certificate[] = [];
  const keys: pkijs.PrivateKeyInfo[] = [];
  const visit = async (bags: pkijs.SafeBag[]): Promise<void> => {
    for (const bag of bags) {
      const value: unknown = bag.bagValue;
      if (value instanceof pkijs.CertBag && value.parsedValue instanceof pkijs.Certificate) certificates.push(value.parsedValue);
      else if (value instanceof pkijs.PrivateKeyInfo) keys.push(value);
      else if (value instanceof pkijs.PKCS8ShroudedKeyBag) {
        try {
          // parseInternalValues is protected in the typings but is the documented way to decrypt.
          await (value as unknown as { parseInternalValues(p: { password: ArrayBuffer }, c: pkijs.ICryptoEngine): Promise<void> }).parseInternalValues({ password: pw }, engine);
        } catch {
          throw new SigningError('signing.bad_password');
        }
        if (value.parsedValue) keys.push(value.parsedValue);
      } else if (value instanceof pkijs.SafeContents) await visit(value.safeBags);
    }
  };
  for (const contents of safe.parsedValue?.safeContents ?? []) await visit(contents.value.safeBags);

  for (const key of keys) {
    const algorithm = keyAlgorithm(key);
    if (!algorithm) continue;
    const pkcs8 = toArrayBuffer(new Uint8Array(key.toSchema().toBER(false)));
    const probe = await globalThis.crypto.subtle.importKey('pkcs8', pkcs8, algorithm, true, ['sign']).catch(() => null);
    if (!probe) continue;
    const publicPart = publicJwk(await globalThis.crypto.subtle.exportKey('jwk', probe));
    for (const cert of certificates) {
      const spki = cert.subjectPublicKeyInfo.toSchema().toBER(false);
      const certKey = await globalThis.crypto.subtle.importKey('spki', spki, algorithm, true, ['verify']).catch(() => null);
      if (!certKey || publicJwk(await globalThis.crypto.subtle.exportKey('jwk', certKey)) !== publicPart) continue;
      const privateKey = await globalThis.crypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']);
      const certificate = certificateDer(cert);
      return { privateKey, certificate, chain: orderChain(cert, certificates.filter((c) => c !== cert)).map(certificateDer), info: describeCertificate(certificate) };
    }
  }
  throw new SigningError('signing.no_key');
}

function keyAlgorithm(key: pkijs.PrivateKeyInfo): webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams | null {
  const id = key.privateKeyAlgorithm.algorithmId;
  if (id === RSA) return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (id === EC) {
    const params: unknown = key.privateKeyAlgorithm.algorithmParams;
    const curve = params && typeof params === 'object' && 'valueBlock' in params ? CURVES[String((params as { valueBlock: { toString(): string } }).valueBlock.toString())] : undefined;
    return curve ? { name: 'ECDSA', namedCurve: curve } : null;
  }
  return null;
}

function publicJwk(jwk: webcrypto.JsonWebKey): string {
  return JSON.stringify([jwk.kty, jwk.n, jwk.e, jwk.crv, jwk.x, jwk.y]);
}

/** The certificates other than the signer's, issuer first then up to the root, strays last. */
function orderChain(leaf: pkijs.Certificate, others: pkijs.Certificate[]): pkijs.Certificate[] {
  const ordered: pkijs.Certificate[] = [];
  const rest = [...others];
  let current = leaf;
  for (;;) {
    if (current.issuer.isEqual(current.subject)) break;
    const index = rest.findIndex((c) => c.subject.isEqual(current.issuer));
    if (index < 0) break;
    const [next] = rest.splice(index, 1);
    if (!next) break;
    ordered.push(next);
    current = next;
  }
  return [...ordered, ...rest];
}
