/**
 * The trust store: root CAs the verifier accepts, intermediates it may use to build a chain, and
 * CRLs it consults. Loaded from a folder of PEM/DER files or built from bytes; opaque to callers.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import * as pkijs from 'pkijs';
import { parseCertificate } from './certificates.js';
import { pemBlocks, toArrayBuffer } from './der.js';

/** Trusted roots, known intermediates and CRLs (pkijs objects; treat as opaque). */
export interface TrustStore {
  readonly roots: readonly pkijs.Certificate[];
  readonly intermediates: readonly pkijs.Certificate[];
  readonly crls: readonly pkijs.CertificateRevocationList[];
}

const CERT_EXTENSIONS = new Set(['.pem', '.crt', '.cer', '.der']);

/**
 * Reads every certificate (*.pem, *.crt, *.cer, *.der; a PEM file may hold several) and CRL (*.crl,
 * PEM or DER; CRL blocks inside *.pem too) in `dir`. Self-signed certificates are roots, the others
 * intermediates. A missing folder gives an empty store; an unreadable file is an error.
 */
export async function loadTrustStore(dir: string): Promise<TrustStore> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return trustStoreFrom({ certificates: [] });
    throw error;
  }
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  for (const name of names) {
    const ext = extname(name).toLowerCase();
    if (!CERT_EXTENSIONS.has(ext) && ext !== '.crl') continue;
    const bytes = new Uint8Array(await readFile(join(dir, name)));
    const text = Buffer.from(bytes).toString('latin1');
    if (text.includes('-----BEGIN ')) {
      certificates.push(...pemBlocks(text, 'CERTIFICATE'));
      crls.push(...pemBlocks(text, 'X509 CRL'));
    } else if (ext === '.crl') crls.push(bytes);
    else certificates.push(bytes);
  }
  return trustStoreFrom({ certificates, crls });
}

/** Builds a trust store from DER certificates (self-signed → roots) and DER CRLs. */
export function trustStoreFrom(parts: { certificates: Uint8Array[]; crls?: Uint8Array[] }): TrustStore {
  const roots: pkijs.Certificate[] = [];
  const intermediates: pkijs.Certificate[] = [];
  for (const der of parts.certificates) {
    const cert = parseCertificate(der);
    (cert.issuer.isEqual(cert.subject) ? roots : intermediates).push(cert);
  }
  const crls = (parts.crls ?? []).map((der) => pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der)));
  return { roots, intermediates, crls };
}
