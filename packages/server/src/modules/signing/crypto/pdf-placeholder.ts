/**
 * The signature field and its empty /Contents placeholder, added to a pdf-lib document. Follows
 * @signpdf/placeholder-pdf-lib, except that text entries (Name, Reason, Location, ContactInfo) are
 * written as UTF-16 text strings: that helper writes them byte-per-character, which garbles Vietnamese.
 */
import { PDFArray, PDFDict, PDFHexString, PDFInvalidObject, PDFName, PDFNumber, PDFString, type PDFDocument } from 'pdf-lib';
import { DEFAULT_BYTE_RANGE_PLACEHOLDER } from '@signpdf/utils';

/** What the signature dictionary says about the signing. */
export interface PlaceholderInfo {
  name: string;
  reason: string;
  location: string;
  contactInfo?: string;
  signingTime: Date;
}

const SIGNATURES_EXIST = 1;
const APPEND_ONLY = 2;
const PRINT = 4;

/** Adds an invisible signature field on page 1 with room for `signatureLength` bytes of CMS. */
export function addSignaturePlaceholder(doc: PDFDocument, info: PlaceholderInfo, opts: { subFilter: string; signatureLength: number }): void {
  const page = doc.getPage(0);
  const byteRange = PDFArray.withContext(doc.context);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER));
  const signature = doc.context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: opts.subFilter,
    ByteRange: byteRange,
    Contents: PDFHexString.of('0'.repeat(opts.signatureLength * 2)),
    Name: PDFHexString.fromText(info.name),
    Reason: PDFHexString.fromText(info.reason),
    Location: PDFHexString.fromText(info.location),
    ...(info.contactInfo ? { ContactInfo: PDFHexString.fromText(info.contactInfo) } : {}),
    M: PDFString.fromDate(info.signingTime),
    Prop_Build: { Filter: { Name: 'Adobe.PPKLite' }, App: { Name: 'baocao' } },
  });
  // Written verbatim (never inside an object stream) so the ByteRange can be patched in place.
  const bytes = new Uint8Array(signature.sizeInBytes());
  signature.copyBytesInto(bytes, 0);
  const signatureRef = doc.context.register(PDFInvalidObject.of(bytes));

  const appearance = doc.context.register(doc.context.formXObject([], { BBox: [0, 0, 0, 0], Resources: {} }));
  const widget = doc.context.register(
    doc.context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: [0, 0, 0, 0],
      V: signatureRef,
      T: PDFHexString.fromText(`Signature${countSignatureFields(doc) + 1}`),
      F: PRINT,
      P: page.ref,
      AP: { N: appearance },
    }),
  );
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? doc.context.obj([]);
  annots.push(widget);
  page.node.set(PDFName.of('Annots'), annots);

  let acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  if (!acroForm) {
    acroForm = doc.context.obj({ Fields: [] });
    doc.catalog.set(PDFName.of('AcroForm'), doc.context.register(acroForm));
  }
  const flags = acroForm.lookupMaybe(PDFName.of('SigFlags'), PDFNumber)?.asNumber() ?? 0;
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(flags | SIGNATURES_EXIST | APPEND_ONLY));
  let fields = acroForm.lookupMaybe(PDFName.of('Fields'), PDFArray);
  if (!fields) {
    fields = doc.context.obj([]);
    acroForm.set(PDFName.of('Fields'), fields);
  }
  fields.push(widget);
}

function countSignatureFields(doc: PDFDocument): number {
  const fields = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict)?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  return fields ? fields.size() : 0;
}
