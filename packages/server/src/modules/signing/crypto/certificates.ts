/**
 * X.509 certificates as the rest of the app sees them: who, issued by whom, serial, validity and
 * fingerprint. Names decode UTF8String/BMPString properly, so Vietnamese reads as Vietnamese.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digest, toArrayBuffer, toHex } from './der.js';

/** A certificate described for display, storage and audit. */
export interface CertificateInfo {
  /** Subject as "CN=…, O=…, C=VN" (most specific first). */
  subject: string;
  commonName: string;
  organisation: string | null;
  issuer: string;
  /** Serial number in lower-case hex. */
  serialNumber: string;
  /** ISO 8601 instants. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER certificate, lower-case hex. */
  sha256: string;
}

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.42': 'GN',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};

/** Parses a DER certificate (throws on garbage). */
export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

/** The DER encoding of a parsed certificate (its original bytes when it was parsed). */
export function certificateDer(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.toSchema().toBER(false));
}

/** Describes a DER certificate (throws when the bytes are not one). */
export function describeCertificate(der: Uint8Array): CertificateInfo {
  const cert = parseCertificate(der);
  return {
    subject: formatName(cert.subject),
    commonName: nameAttribute(cert.subject, '2.5.4.3') ?? '',
    organisation: nameAttribute(cert.subject, '2.5.4.10'),
    issuer: formatName(cert.issuer),
    serialNumber: toHex(cert.serialNumber.valueBlock.valueHexView),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    sha256: toHex(digest('SHA-256', der)),
  };
}

/** A distinguished name as "CN=…, O=…, C=VN" (RFC 4514 order and escaping). */
export function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${SHORT_NAMES[tv.type] ?? tv.type}=${escapeValue(attributeText(tv.value))}`)
    .reverse()
    .join(', ');
}

/** The first value of an attribute type in a name (e.g. '2.5.4.3' for CN), or null. */
export function nameAttribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  const found = name.typesAndValues.find((tv) => tv.type === oid);
  return found ? attributeText(found.value) : null;
}

function attributeText(value: unknown): string {
  if (value instanceof asn1js.BaseStringBlock) return value.getValue();
  if (value instanceof asn1js.BaseBlock) return `#${toHex(value.toBER(false))}`;
  return String(value);
}

function escapeValue(value: string): string {
  return value.replace(/[,+"\\<>;]/g, (c) => `\\${c}`).replace(/^[ #]|[ ]$/g, (c) => `\\${c}`);
}
