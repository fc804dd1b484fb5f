/** The signing crypto primitives: PKCS#12 identities, detached CMS (CAdES-BES), PAdES, trust. */
export { describeCertificate, type CertificateInfo } from './certificates.js';
export { signDetached } from './cms.js';
export { SigningError, type SigningErrorCode } from './errors.js';
export { embedSignature, preparePdf, signPdf, SIGNATURE_LENGTH, SUB_FILTER, verifyPdf, type PdfSignatureInfo, type PdfVerifyResult } from './pades.js';
export { loadPkcs12, type SigningIdentity } from './pkcs12.js';
export { loadTrustStore, trustStoreFrom, type TrustStore } from './trust.js';
export { VERIFY_MESSAGES, verifyDetached, type VerifyCode, type VerifyResult } from './verify.js';
