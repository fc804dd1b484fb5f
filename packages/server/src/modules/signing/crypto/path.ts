/**
 * Certificate path checks for a signer: a chain up to a trusted root (signatures and CA flags),
 * validity at the signing time, purpose (key usage / extended key usage) and revocation by the
 * trust store's CRLs.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateDer } from './certificates.js';
import { sameBytes } from './der.js';
import { cryptoEngine } from './engine.js';
import type { TrustStore } from './trust.js';

const KEY_USAGE = '2.5.29.15';
const EXT_KEY_USAGE = '2.5.29.37';
const BASIC_CONSTRAINTS = '2.5.29.19';
/** emailProtection, id-kp-documentSigning, Microsoft document signing, anyExtendedKeyUsage. */
const SIGNING_PURPOSES = new Set(['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.36', '1.3.6.1.4.1.311.10.3.12', '2.5.29.37.0']);
const MAX_DEPTH = 8;

/**
 * The path from the signer to a trusted root (signer first, root last), or null when none leads to
 * the trust store. Issuers come from the trust store first, then from the CMS's own certificates.
 */
export async function buildPath(leaf: pkijs.Certificate, bundled: pkijs.Certificate[], trust: TrustStore): Promise<pkijs.Certificate[] | null> {
  const isRoot = (c: pkijs.Certificate) => trust.roots.some((r) => sameBytes(certificateDer(r), certificateDer(c)));
  const candidates = [...trust.roots, ...trust.intermediates, ...bundled];
  const path = [leaf];
  let current = leaf;
  while (!isRoot(current)) {
    if (path.length > MAX_DEPTH) return null;
    let next: pkijs.Certificate | null = null;
    for (const candidate of candidates) {
      if (path.includes(candidate) || !candidate.subject.isEqual(current.issuer)) continue;
      if (!isRoot(candidate) && !isCa(candidate)) continue;
      if (await current.verify(candidate, cryptoEngine()).catch(() => false)) {
        next = candidate;
        break;
      }
    }
    if (!next) return null;
    path.push(next);
    current = next;
  }
  return path;
}

/** 'expired' / 'not_yet_valid' for the first certificate of the path not valid at `at`, else null. */
export function validityProblem(path: pkijs.Certificate[], at: Date): 'expired' | 'not_yet_valid' | null {
  for (const cert of path) {
    if (at < cert.notBefore.value) return 'not_yet_valid';
    if (at > cert.notAfter.value) return 'expired';
  }
  return null;
}

/**
 * Whether the certificate may sign documents: keyUsage (when present) has digitalSignature or
 * nonRepudiation, extendedKeyUsage (when present) has a document-signing purpose.
 */
export function fitForSigning(cert: pkijs.Certificate): boolean {
  for (const ext of cert.extensions ?? []) {
    if (ext.extnID === KEY_USAGE) {
      const bits = ext.parsedValue instanceof asn1js.BitString ? ext.parsedValue.valueBlock.valueHexView : new Uint8Array();
      if (((bits[0] ?? 0) & 0xc0) === 0) return false;
    }
    if (ext.extnID === EXT_KEY_USAGE) {
      const purposes = ext.parsedValue instanceof pkijs.ExtKeyUsage ? ext.parsedValue.keyPurposes : [];
      if (!purposes.some((p) => SIGNING_PURPOSES.has(p))) return false;
    }
  }
  return true;
}

/**
 * Whether a certificate of the path (other than the root) is listed, revoked at or before `at`, in a
 * trust-store CRL issued and signed by its issuer.
 */
export async function revokedAt(path: pkijs.Certificate[], trust: TrustStore, at: Date): Promise<boolean> {
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i];
    const issuer = path[i + 1];
    if (!cert || !issuer) continue;
    for (const crl of trust.crls) {
      if (!crl.issuer.isEqual(issuer.subject)) continue;
      if (!(await crl.verify({ issuerCertificate: issuer }, cryptoEngine()).catch(() => false))) continue;
      const entry = crl.revokedCertificates?.find((r) => r.userCertificate.isEqual(cert.serialNumber));
      if (entry && entry.revocationDate.value <= at) return true;
    }
  }
  return false;
}

function isCa(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === BASIC_CONSTRAINTS);
  return ext?.parsedValue instanceof pkijs.BasicConstraints && ext.parsedValue.cA === true;
}
