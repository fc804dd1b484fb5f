/**
 * CMS signed attributes (RFC 5652 §11, RFC 5035): the CAdES-BES set we write (contentType,
 * messageDigest, signingTime, ESS signing-certificate-v2) and the readers the verifier needs.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digest, sameBytes } from './der.js';

/** Object identifiers of the CMS structures and attributes used here. */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** The signed attributes for a detached SHA-256 signature, DER-sorted as a SET OF must be. */
export function buildSignedAttributes(cert: pkijs.Certificate, certDer: Uint8Array, contentDigest: Uint8Array, signingTime: Date): pkijs.Attribute[] {
  const essCertId = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({ valueHex: digest('SHA-256', certDer) }),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({ value: [new pkijs.GeneralName({ type: 4, value: cert.issuer }).toSchema()] }),
          new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView.slice() }),
        ],
      }),
    ],
  });
  const time = signingTime.getUTCFullYear() >= 1950 && signingTime.getUTCFullYear() < 2050 ? new asn1js.UTCTime({ valueDate: signingTime }) : new asn1js.GeneralizedTime({ valueDate: signingTime });
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.signingTime, values: [time] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: contentDigest.slice() })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] })] }),
  ];
  const encoded = attributes.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER(false)) }));
  return encoded.sort((x, y) => Buffer.compare(x.der, y.der)).map((e) => e.a);
}

/** The first value of a signed attribute, or undefined. */
export function signedAttribute(signer: pkijs.SignerInfo, oid: string): unknown {
  return signer.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0];
}

/** The messageDigest attribute's bytes, or null. */
export function messageDigestOf(signer: pkijs.SignerInfo): Uint8Array | null {
  const value = signedAttribute(signer, OID.messageDigest);
  return value instanceof asn1js.OctetString ? new Uint8Array(value.valueBlock.valueHexView) : null;
}

/** The signingTime attribute, or null. */
export function signingTimeOf(signer: pkijs.SignerInfo): Date | null {
  const value = signedAttribute(signer, OID.signingTime);
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) return value.toDate();
  return null;
}

/**
 * Whether the ESS signing-certificate(-v2) attribute, when present, names this certificate: its
 * first ESSCertID hash must be the certificate's hash. True when the attribute is absent.
 */
export function essCertificateMatches(signer: pkijs.SignerInfo, certDer: Uint8Array): boolean {
  const v2 = signedAttribute(signer, OID.signingCertificateV2);
  const v1 = signedAttribute(signer, OID.signingCertificate);
  const value = v2 ?? v1;
  if (value === undefined) return true;
  try {
    const certs = (value as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const certId = certs.valueBlock.value[0] as asn1js.Sequence;
    const [first, second] = certId.valueBlock.value;
    let hashName = v2 ? 'SHA-256' : 'SHA-1';
    let hash = first;
    if (v2 && first instanceof asn1js.Sequence) {
      const algorithm = new pkijs.AlgorithmIdentifier({ schema: first });
      const named = HASHES[algorithm.algorithmId];
      if (!named) return false;
      hashName = named;
      hash = second;
    }
    return hash instanceof asn1js.OctetString && sameBytes(hash.valueBlock.valueHexView, digest(hashName, certDer));
  } catch {
    return false;
  }
}

/** WebCrypto names of the digest algorithms a CMS may use. */
export const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
