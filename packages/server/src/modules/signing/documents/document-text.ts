import type { ReportDocument } from './document.js';

/**
 * The fixed wording both renderers print around the report's own text (Decree 30, Annex I), so the PDF and
 * the DOCX say exactly the same thing.
 */
export const nationalName = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const motto = 'Độc lập - Tự do - Hạnh phúc';
export const draftMark = 'BẢN XEM TRƯỚC';
export const recipientsLabel = 'Nơi nhận:';

/** "Số: 12/BC-UBND", or a blank to fill in ("Số: ……/BC") before the system assigns the number. */
export function formatNumberLine(number: string | null): string {
  return number === null ? 'Số: ……/BC' : `Số: ${number}`;
}

/** "Hải Phòng, ngày 05 tháng 03 năm 2026" from the ISO date (day and month always two digits). */
export function formatPlaceDate(place: string, isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${place}, ngày ${day ?? '…'} tháng ${month ?? '…'} năm ${year ?? '…'}`;
}

/** "- x;" for each recipient, the last one ending with "." instead. */
export function formatRecipients(recipients: string[]): string[] {
  return recipients.map((r, i) => `- ${r.replace(/[;.]\s*$/, '')}${i === recipients.length - 1 ? '.' : ';'}`);
}

/** The stamp's three lines (signer, organisation, signing time), or none for an unsigned preview. */
export function formatStampLines(stamp: ReportDocument['stamp']): string[] {
  if (!stamp) return [];
  return [`Ký bởi: ${stamp.signerName}`, `Cơ quan: ${stamp.organisation}`, `Thời gian ký: ${stamp.signedAt}`];
}

/** The document's date as an instant (midnight Vietnam time), used for file metadata so output is stable. */
export function documentInstant(isoDate: string): Date {
  const d = new Date(`${isoDate}T00:00:00+07:00`);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/** Tables wider than this many columns are laid out on landscape pages. */
export const landscapeColumnThreshold = 8;
