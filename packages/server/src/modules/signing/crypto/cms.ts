/**
 * Detached CMS SignedData (CAdES-BES): SHA-256 over the content, signed attributes contentType,
 * messageDigest, signingTime and ESS signing-certificate-v2, certificates = signer + chain.
 * Verification lives in verify.ts.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { buildSignedAttributes, OID } from './attributes.js';
import { parseCertificate } from './certificates.js';
import { digest, toArrayBuffer } from './der.js';
import { cryptoEngine } from './engine.js';
import type { SigningIdentity } from './pkcs12.js';

export { verifyDetached, type VerifyCode, type VerifyResult } from './verify.js';

/** Signs content; returns the DER ContentInfo of a detached CMS SignedData. */
export async function signDetached(content: Uint8Array, identity: SigningIdentity, opts: { signingTime: Date }): Promise<Uint8Array> {
  const cert = parseCertificate(identity.certificate);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: buildSignedAttributes(cert, identity.certificate, digest('SHA-256', content), opts.signingTime),
    }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [signerInfo],
    certificates: [cert, ...identity.chain.map(parseCertificate)],
  });
  await signedData.sign(identity.privateKey, 0, 'SHA-256', toArrayBuffer(content), cryptoEngine());
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  const der = contentInfo.toSchema().toBER(false);
  // Re-parse once so a malformed encoding fails here, not at the verifier.
  if (asn1js.fromBER(der).offset === -1) throw new Error('CMS encoding failed');
  return new Uint8Array(der);
}
