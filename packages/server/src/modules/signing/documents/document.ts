/**
 * A report as an administrative document (Decree 30/2020, Art. 8 and Annex I; NOTES.md): what the
 * PDF and DOCX renderers lay out. Built by the signing service from an assignment's submitted version;
 * the renderers only place it on the page and never look anything up.
 */
export interface ReportDocument {
  /** Parent agency in capitals, top left (e.g. "UBND THÀNH PHỐ HẢI PHÒNG"); null for none. */
  parentAgency: string | null;
  /** Issuing agency in capitals, bold, under the parent (e.g. "UBND PHƯỜNG LÊ CHÂN"). */
  agency: string;
  /** Number and symbol without the "Số: " prefix (e.g. "12/BC-UBND"); null before numbering (draft). */
  number: string | null;
  /** Place name for "…, ngày … tháng … năm …" (e.g. "Hải Phòng"). */
  place: string;
  /** Date of the document, ISO calendar date in Vietnam (YYYY-MM-DD). */
  date: string;
  /** Document type line, capitals bold, centred: "BÁO CÁO". */
  title: string;
  /** Summary (trích yếu), bold, centred under the type; may span lines. */
  summary: string;
  /** Body: narrative sections and numeric tables, in order. */
  sections: DocSection[];
  /** Signature block on the right: title lines (capitals, bold) then the signer's name (bold). */
  signer: { titleLines: string[]; name: string };
  /** "Nơi nhận:" lines, each rendered as "- …;" (the last as "- …."). */
  recipients: string[];
  /**
   * The digital signature's visible stamp, when signed: shown in the signature block (signer, organisation,
   * time in Vietnam time as ISO 8601 with +07:00). Null renders no stamp (a draft preview).
   */
  stamp: { signerName: string; organisation: string; signedAt: string } | null;
  /** A draft (not yet signed) carries a light "BẢN XEM TRƯỚC" mark on each page. */
  draft: boolean;
  /** Metadata written into the file's properties. */
  meta: { author: string; subject: string; keywords: string[] };
}

/** Inline run of text inside a paragraph. */
export interface DocRun { text: string; bold?: boolean; italic?: boolean; underline?: boolean }

/** A paragraph: body text (justified, first-line indent) or a list item. */
export interface DocParagraph { runs: DocRun[]; list?: { ordered: boolean; index: number; level: number } }

export type DocSection =
  | { kind: 'text'; heading: string | null; paragraphs: DocParagraph[] }
  | { kind: 'table'; heading: string | null; table: DocTable };

/** A cell of a table; merged cells span columns and rows (header rows merged as the template defines). */
export interface DocCell { text: string; colSpan?: number; rowSpan?: number; bold?: boolean; align?: 'left' | 'center' | 'right' }

/**
 * A numeric table: header rows (repeated at the top of every page the table runs onto), then body rows.
 * `columns` gives each column's relative width; the values are already formatted (Vietnamese numbers).
 * Wide tables (more than ~8 columns) go on landscape pages.
 */
export interface DocTable {
  columns: { width: number; align: 'left' | 'center' | 'right' }[];
  header: DocCell[][];
  body: DocCell[][];
  /** Unit of measure note shown above the table on the right, e.g. "Đơn vị tính: triệu đồng"; null for none. */
  note: string | null;
}
