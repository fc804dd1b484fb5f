import { z } from 'zod';
import { WORKFLOW_ACTIONS } from '../workflow/machine.js';
import { Id, Text } from './common.js';
import { AssignmentStatus } from './assignments.js';

/** A signer's certificate as people read it. */
export const CertificateInfo = z.object({
  subject: z.string(),
  commonName: z.string(),
  organisation: z.string().nullable(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  sha256: z.string(),
});
export type CertificateInfo = z.infer<typeof CertificateInfo>;

/** Outcome codes of checking one signature; `ok` only when every check passed. */
export const SIGNATURE_CODES = [
  'ok', 'signature.not_cms', 'signature.missing', 'signature.digest_mismatch', 'signature.bad_signature', 'signature.untrusted', 'signature.expired',
  'signature.not_yet_valid', 'signature.wrong_purpose', 'signature.revoked',
] as const;

/** One signature checked against the trust store. */
export const SignatureCheck = z.object({
  valid: z.boolean(),
  code: z.string(),
  message: z.string(),
  signer: CertificateInfo.nullable(),
  signingTime: z.string().nullable(),
});
export type SignatureCheck = z.infer<typeof SignatureCheck>;

/** A signed version of a report, checked now: the data signature, the PDF signature, and the data unchanged since. */
export const ReportSignature = z.object({
  id: Id,
  versionNumber: z.number().int(),
  documentNumber: z.string(),
  method: z.enum(['server', 'external']),
  signedByName: z.string(),
  signedAt: z.string(),
  certificate: CertificateInfo,
  /** This is the signature the report currently stands on (the latest). */
  current: z.boolean(),
  verification: z.object({
    valid: z.boolean(),
    /** The stored figures still give the exact bytes that were signed. */
    dataUnchanged: z.boolean(),
    data: SignatureCheck,
    pdf: SignatureCheck.extend({ coversWholeFile: z.boolean() }),
    message: z.string(),
  }),
});
export type ReportSignature = z.infer<typeof ReportSignature>;

export const CorrectionRequest = z.object({
  id: Id,
  versionNumber: z.number().int(),
  reason: z.string(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  decision: z.enum(['approved', 'refused']).nullable(),
  decisionReason: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type CorrectionRequest = z.infer<typeof CorrectionRequest>;

/** Where a report stands in the workflow, what this person may do, its signatures and corrections. */
export const WorkflowView = z.object({
  assignmentId: Id,
  status: AssignmentStatus,
  actions: z.array(z.enum(WORKFLOW_ACTIONS)),
  /** The submitted version waiting for signature, or the latest one. */
  latestVersion: z.number().int().nullable(),
  signatures: z.array(ReportSignature),
  corrections: z.array(CorrectionRequest),
  /** Whether the server holds a usable certificate for this unit (shown to the leader). */
  serverSigning: z.object({ available: z.boolean(), certificate: CertificateInfo.nullable(), problem: z.string().nullable() }).nullable(),
});
export type WorkflowView = z.infer<typeof WorkflowView>;

/** Sign the version the leader read (a newer submission in between is a 409). */
export const SignInput = z.object({ versionNumber: z.number().int().min(1) }).strict();
export type SignInput = z.infer<typeof SignInput>;

export const ReasonInput = z.object({ reason: Text(2000) }).strict();
export type ReasonInput = z.infer<typeof ReasonInput>;

/** What a leader's token tooling signs outside the system: the canonical bytes and the PDF's signed byte range. */
export const ExternalSigningPayload = z.object({
  versionNumber: z.number().int(),
  documentNumber: z.string(),
  /** RFC 8785 canonical JSON of the report, base64. */
  canonical: z.string(),
  canonicalSha256: z.string(),
  /** The bytes of the prepared PDF covered by its signature (ByteRange), base64. */
  pdfToBeSigned: z.string(),
  pdfToBeSignedSha256: z.string(),
});
export type ExternalSigningPayload = z.infer<typeof ExternalSigningPayload>;

const Base64 = (max: number) => z.string().trim().min(1).max(max).regex(/^[A-Za-z0-9+/=\s-]+$/, 'Không phải dữ liệu base64');

/** Two detached CMS signatures (DER or PEM, base64) made by the token over the payload's two byte strings. */
export const ExternalSignatureInput = z.object({ versionNumber: z.number().int().min(1), cms: Base64(200_000), pdfCms: Base64(200_000) }).strict();
export type ExternalSignatureInput = z.infer<typeof ExternalSignatureInput>;

export const CorrectionDecisionInput = z
  .object({ decision: z.enum(['approve', 'refuse']), reason: z.string().trim().max(2000).default('') })
  .strict()
  .refine((r) => r.decision === 'approve' || r.reason.length > 0, { message: 'Cần nêu lý do từ chối', path: ['reason'] });
export type CorrectionDecisionInput = z.input<typeof CorrectionDecisionInput>;

export const SignatureParam = z.object({ assignmentId: Id, signatureId: Id }).strict();
