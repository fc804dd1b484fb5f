/**
 * Verifies a detached CMS signature against content and a trust store. Never throws for bad input:
 * every outcome is a {@link VerifyResult} with a stable code and a Vietnamese message.
 */
import * as pkijs from 'pkijs';
import { essCertificateMatches, HASHES, messageDigestOf, OID, signingTimeOf } from './attributes.js';
import { certificateDer, describeCertificate, type CertificateInfo } from './certificates.js';
import { digest, sameBytes, toArrayBuffer } from './der.js';
import { cryptoEngine } from './engine.js';
import { buildPath, fitForSigning, revokedAt, validityProblem } from './path.js';
import type { TrustStore } from './trust.js';

/** Outcome codes of a verification. */
export type VerifyCode =
  | 'ok'
  | 'signature.missing'
  | 'signature.not_cms'
  | 'signature.digest_mismatch'
  | 'signature.bad_signature'
  | 'signature.untrusted'
  | 'signature.expired'
  | 'signature.not_yet_valid'
  | 'signature.wrong_purpose'
  | 'signature.revoked';

/** What a verification found. `valid` is true only for code 'ok'. */
export interface VerifyResult {
  valid: boolean;
  code: VerifyCode;
  message: string;
  signer: CertificateInfo | null;
  /** The signed signingTime attribute (ISO), or null when the CMS has none. */
  signingTime: string | null;
}

/** The Vietnamese message of each verification code. */
export const VERIFY_MESSAGES: Record<VerifyCode, string> = {
  ok: 'Chữ ký hợp lệ',
  'signature.missing': 'Tài liệu chưa được ký số',
  'signature.not_cms': 'Không phải chữ ký CMS',
  'signature.digest_mismatch': 'Nội dung đã bị thay đổi sau khi ký',
  'signature.bad_signature': 'Chữ ký số không đúng',
  'signature.untrusted': 'Chứng thư số không do tổ chức tin cậy cấp',
  'signature.expired': 'Chứng thư số đã hết hạn tại thời điểm ký',
  'signature.not_yet_valid': 'Chứng thư số chưa có hiệu lực tại thời điểm ký',
  'signature.wrong_purpose': 'Chứng thư số không dùng để ký số',
  'signature.revoked': 'Chứng thư số đã bị thu hồi',
};

/** Grace for clocks: a signing time up to this far after `now` is accepted. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Verifies a DER CMS (detached) over `content`; `now` defaults to the current time. */
export async function verifyDetached(cms: Uint8Array, content: Uint8Array, trust: TrustStore, opts: { now?: Date } = {}): Promise<VerifyResult> {
  const now = opts.now ?? new Date();
  const parsed = parseSignedData(cms);
  if (!parsed) return result('signature.not_cms', null, null);
  const { signedData, signerInfo } = parsed;
  const bundled = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const leaf = [...bundled, ...trust.intermediates, ...trust.roots].find((c) => isSigner(c, signerInfo.sid));
  const signingTime = signingTimeOf(signerInfo);
  if (!leaf) return result('signature.untrusted', null, signingTime);
  const leafDer = certificateDer(leaf);
  const signer = describeCertificate(leafDer);
  const done = (code: VerifyCode) => result(code, signer, signingTime);

  const hashName = HASHES[signerInfo.digestAlgorithm.algorithmId];
  if (!hashName) return done('signature.bad_signature');
  let signed: ArrayBuffer;
  if (signerInfo.signedAttrs) {
    const expected = messageDigestOf(signerInfo);
    if (!expected) return done('signature.bad_signature');
    if (!sameBytes(expected, digest(hashName, content))) return done('signature.digest_mismatch');
    signed = signerInfo.signedAttrs.encodedValue;
  } else {
    signed = toArrayBuffer(content);
  }
  const engine = cryptoEngine();
  const signatureOk = await engine.verifyWithPublicKey(signed, signerInfo.signature, leaf.subjectPublicKeyInfo, signerInfo.signatureAlgorithm, hashName).catch(() => false);
  if (!signatureOk) return done(signerInfo.signedAttrs ? 'signature.bad_signature' : 'signature.digest_mismatch');
  if (!essCertificateMatches(signerInfo, leafDer)) return done('signature.bad_signature');

  const path = await buildPath(leaf, bundled, trust);
  if (!path) return done('signature.untrusted');
  const at = signingTime ?? now;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) return { ...done('signature.not_yet_valid'), message: 'Thời điểm ký nằm sau thời điểm hiện tại' };
  const validity = validityProblem(path, at);
  if (validity) return done(`signature.${validity}`);
  if (!fitForSigning(leaf)) return done('signature.wrong_purpose');
  if (await revokedAt(path, trust, at)) return done('signature.revoked');
  return done('ok');
}

function result(code: VerifyCode, signer: CertificateInfo | null, signingTime: Date | null): VerifyResult {
  return { valid: code === 'ok', code, message: VERIFY_MESSAGES[code], signer, signingTime: signingTime ? signingTime.toISOString() : null };
}

function parseSignedData(cms: Uint8Array): { signedData: pkijs.SignedData; signerInfo: pkijs.SignerInfo } | null {
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(cms));
    if (contentInfo.contentType !== OID.signedData) return null;
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    const signerInfo = signedData.signerInfos[0];
    return signerInfo ? { signedData, signerInfo } : null;
  } catch {
    return null;
  }
}

function isSigner(cert: pkijs.Certificate, sid: unknown): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) return cert.issuer.isEqual(sid.issuer) && cert.serialNumber.isEqual(sid.serialNumber);
  const keyId = (sid as { valueBlock?: { valueHexView?: Uint8Array } } | null)?.valueBlock?.valueHexView;
  const ski = cert.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as { valueBlock?: { valueHexView?: Uint8Array } } | undefined;
  return !!keyId && !!ski?.valueBlock?.valueHexView && sameBytes(keyId, ski.valueBlock.valueHexView);
}
