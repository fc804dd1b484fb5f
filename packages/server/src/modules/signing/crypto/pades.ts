/**
 * PAdES on top of @signpdf: a signature placeholder in the PDF, the CMS over the bytes its
 * ByteRange covers, the CMS hex written into /Contents. Split into prepare / embed so the CMS can
 * also come from elsewhere (a token, a remote signer), and a verifier that reads the last signature.
 */
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFDocument } from 'pdf-lib';
import { signDetached } from './cms.js';
import { derElementLength } from './der.js';
import { SigningError } from './errors.js';
import { addSignaturePlaceholder, type PlaceholderInfo } from './pdf-placeholder.js';
import type { SigningIdentity } from './pkcs12.js';
import type { TrustStore } from './trust.js';
import { VERIFY_MESSAGES, verifyDetached, type VerifyResult } from './verify.js';

/** What the signature dictionary says: signer name, reason, place, contact, time. */
export type PdfSignatureInfo = PlaceholderInfo;

/** Bytes reserved for the CMS: a 4096-bit chain of three certificates with room to spare. */
export const SIGNATURE_LENGTH = 16384;
/** The SubFilter written: CAdES signatures, as PAdES baseline asks (pdfsig accepts them). */
export const SUB_FILTER = SUBFILTER_ETSI_CADES_DETACHED;

/** Captures the bytes @signpdf would sign and returns no signature: preparation only. */
class CapturingSigner extends Signer {
  captured: Buffer | null = null;
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    this.captured = pdfBuffer;
    return Buffer.alloc(0);
  }
}

/**
 * Adds a signature placeholder and fixes its ByteRange. `prepared` is the PDF with a zero-filled
 * /Contents; `toBeSigned` is exactly what the ByteRange covers (the file minus /Contents).
 */
export async function preparePdf(pdf: Uint8Array, info: PdfSignatureInfo): Promise<{ prepared: Uint8Array; toBeSigned: Uint8Array }> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch {
    throw new SigningError('signing.bad_pdf');
  }
  addSignaturePlaceholder(doc, info, { subFilter: SUB_FILTER, signatureLength: SIGNATURE_LENGTH });
  const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
  const signer = new CapturingSigner();
  const prepared = await new SignPdf().sign(withPlaceholder, signer, info.signingTime);
  if (!signer.captured) throw new SigningError('signing.bad_pdf');
  return { prepared: new Uint8Array(prepared), toBeSigned: new Uint8Array(signer.captured) };
}

/** Writes a DER CMS into the prepared PDF's last signature /Contents. */
export function embedSignature(prepared: Uint8Array, cms: Uint8Array): Uint8Array {
  const range = lastByteRange(prepared);
  if (!range) throw new SigningError('signing.bad_pdf');
  const [, start, end] = range;
  const capacity = (end - start - 2) / 2;
  if (cms.length > capacity) throw new SigningError('signing.signature_too_large');
  const out = new Uint8Array(prepared);
  out.set(Buffer.from(Buffer.from(cms).toString('hex'), 'latin1'), start + 1);
  return out;
}

/** Prepares, signs (CAdES-BES, SHA-256) and embeds: a signed PDF. */
export async function signPdf(pdf: Uint8Array, identity: SigningIdentity, info: PdfSignatureInfo): Promise<Uint8Array> {
  const { prepared, toBeSigned } = await preparePdf(pdf, info);
  const cms = await signDetached(toBeSigned, identity, { signingTime: info.signingTime });
  return embedSignature(prepared, cms);
}

/** A PDF verification: the CMS verdict plus whether the signature covers the whole file. */
export type PdfVerifyResult = VerifyResult & { coversWholeFile: boolean };

/**
 * Verifies the PDF's last signature (by its ByteRange and /Contents). No signature gives
 * 'signature.missing'. `coversWholeFile` is false when bytes were appended after signing.
 */
export async function verifyPdf(pdf: Uint8Array, trust: TrustStore, opts: { now?: Date } = {}): Promise<PdfVerifyResult> {
  const range = lastByteRange(pdf);
  if (!range) return { valid: false, code: 'signature.missing', message: VERIFY_MESSAGES['signature.missing'], signer: null, signingTime: null, coversWholeFile: false };
  const [a, b, c, d] = range;
  const coversWholeFile = a === 0 && c + d === pdf.length;
  const hex = Buffer.from(pdf.subarray(b + 1, c - 1)).toString('latin1').replace(/[^0-9a-fA-F]/g, '');
  const raw = new Uint8Array(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
  const cms = raw.subarray(0, derElementLength(raw) ?? raw.length);
  const content = new Uint8Array(b + d);
  content.set(pdf.subarray(a, a + b), 0);
  content.set(pdf.subarray(c, c + d), b);
  return { ...(await verifyDetached(cms, content, trust, opts)), coversWholeFile };
}

/** The last `/ByteRange [a b c d]` of the file, if it is sane (Contents `<…>` between the ranges). */
function lastByteRange(pdf: Uint8Array): [number, number, number, number] | null {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = matches.at(-1);
  if (!last) return null;
  const [a, b, c, d] = [last[1], last[2], last[3], last[4]].map(Number) as [number, number, number, number];
  const sane = a === 0 && b > 0 && c > b + 1 && c + d <= pdf.length && pdf[b] === 0x3c && pdf[c - 1] === 0x3e;
  return sane ? [a, b, c, d] : null;
}
