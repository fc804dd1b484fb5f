/**
 * Which files may be attached (R35): an allowlist by extension, confirmed by the bytes themselves, so a
 * renamed program is not taken for a PDF. Archives (ZIP, RAR) and executables are not accepted.
 */
type Kind = { contentType: string; matches: (b: Buffer) => boolean };

const starts = (b: Buffer, sig: number[] | string, at = 0) => {
  const s = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return b.length >= at + s.length && b.subarray(at, at + s.length).equals(s);
};
const zip = (b: Buffer) => starts(b, [0x50, 0x4b, 0x03, 0x04]);
/** OOXML packages name their parts in the local file headers: `[Content_Types].xml` and the main part's folder. */
const ooxml = (folder: string) => (b: Buffer) => zip(b) && b.includes('[Content_Types].xml') && b.includes(folder);
/** ODF packages begin with an uncompressed `mimetype` entry holding the media type. */
const odf = (type: string) => (b: Buffer) => zip(b) && starts(b, `mimetype${type}`, 30);

const KINDS: Record<string, Kind> = {
  pdf: { contentType: 'application/pdf', matches: (b) => starts(b, '%PDF-') },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', matches: ooxml('word/') },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', matches: ooxml('xl/') },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', matches: odf('application/vnd.oasis.opendocument.text') },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', matches: odf('application/vnd.oasis.opendocument.spreadsheet') },
  png: { contentType: 'image/png', matches: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpg: { contentType: 'image/jpeg', matches: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  jpeg: { contentType: 'image/jpeg', matches: (b) => starts(b, [0xff, 0xd8, 0xff]) },
};

export const ALLOWED_EXTENSIONS = Object.keys(KINDS);

/** The file's media type when its extension is allowed and its bytes are of that kind; null otherwise. */
export function detectType(name: string, bytes: Buffer): string | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  const kind = ext ? KINDS[ext] : undefined;
  return kind && kind.matches(bytes) ? kind.contentType : null;
}
