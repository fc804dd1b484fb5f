import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import type { DocParagraph, DocRun, ReportDocument } from './document.js';
import {
  documentInstant, formatNumberLine, formatPlaceDate, formatRecipients, formatStampLines, landscapeColumnThreshold,
  motto, nationalName, recipientsLabel,
} from './document-text.js';
import { loadSerifFonts } from './fonts.js';
import { addPage, baselineIn, contentWidth, createFlow, drawLines, ensureRoom, flowParagraph, margins, mm, useOrientation, type Flow } from './pdf-flow.js';
import { flowTable } from './pdf-table.js';
import { breakPlain, drawLine, measure, type FontSet } from './pdf-text.js';

const body = { size: 13, lineHeight: 13 * 1.15 * 1.15, after: 6, firstIndent: mm(12.7) };
const stampBlue = rgb(0.05, 0.2, 0.65);

/**
 * Renders a report as a Decree 30 administrative document in PDF (A4, Liberation Serif embedded as subsets).
 * The same input always gives the same bytes: dates come from the document, never from the clock.
 */
export async function renderPdf(doc: ReportDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const files = await loadSerifFonts();
  // Fixed subset tags (instead of pdf-lib's generated ones) keep the output byte-for-byte reproducible.
  const fonts: FontSet = {
    regular: await pdf.embedFont(files.regular, { subset: true, customName: 'BCAAAA+LiberationSerif' }),
    bold: await pdf.embedFont(files.bold, { subset: true, customName: 'BCAAAB+LiberationSerif-Bold' }),
    italic: await pdf.embedFont(files.italic, { subset: true, customName: 'BCAAAC+LiberationSerif-Italic' }),
    boldItalic: await pdf.embedFont(files.boldItalic, { subset: true, customName: 'BCAAAD+LiberationSerif-BoldItalic' }),
  };
  const flow = createFlow(pdf, fonts, doc.draft);

  drawHeaderBlock(flow, doc);
  drawTitle(flow, doc);
  for (const section of doc.sections) {
    if (section.kind === 'text') {
      useOrientation(flow, false);
      if (section.heading) flowHeading(flow, section.heading);
      for (const paragraph of section.paragraphs) flowParagraph(flow, withListMarker(paragraph), bodyStyle(paragraph));
    } else {
      useOrientation(flow, section.table.columns.length > landscapeColumnThreshold);
      if (section.heading) {
        ensureRoom(flow, body.lineHeight * 4);
        flowHeading(flow, section.heading);
      }
      if (section.table.note) {
        flowParagraph(flow, [{ text: section.table.note, italic: true }], { size: 12, align: 'right', lineHeight: 15, after: 2 });
      }
      flowTable(flow, section.table);
      flow.y -= body.after;
    }
  }
  drawSignatureBlock(flow, doc);
  drawPageNumbers(pdf, fonts);

  const instant = documentInstant(doc.date);
  pdf.setTitle(doc.summary);
  pdf.setAuthor(doc.meta.author);
  pdf.setSubject(doc.meta.subject);
  pdf.setKeywords(doc.meta.keywords);
  pdf.setProducer('baocao');
  pdf.setCreator('baocao');
  pdf.setLanguage('vi-VN');
  pdf.setCreationDate(instant);
  pdf.setModificationDate(instant);
  return pdf.save({ useObjectStreams: false });
}

function bodyStyle(paragraph: DocParagraph) {
  const level = paragraph.list?.level ?? 0;
  return { size: body.size, align: 'justify' as const, lineHeight: body.lineHeight, after: body.after, firstIndent: body.firstIndent + level * mm(6.35) };
}

function withListMarker(paragraph: DocParagraph): DocRun[] {
  if (!paragraph.list) return paragraph.runs;
  return [{ text: paragraph.list.ordered ? `${paragraph.list.index}. ` : '- ' }, ...paragraph.runs];
}

function flowHeading(flow: Flow, heading: string): void {
  flowParagraph(flow, [{ text: heading, bold: true }], { size: body.size, align: 'justify', lineHeight: body.lineHeight, after: body.after, firstIndent: body.firstIndent });
}

/** Agency on the left, national name and motto on the right; "Số:" and the date share a baseline. */
function drawHeaderBlock(flow: Flow, doc: ReportDocument): void {
  const { page, fonts } = flow;
  const width = contentWidth(flow);
  const dateLine = formatPlaceDate(doc.place, doc.date);
  const rightWidth = Math.max(measure(fonts.bold, nationalName, 12.5), measure(fonts.italic, dateLine, 13), measure(fonts.bold, motto, 13)) + mm(4);
  const leftWidth = width - rightWidth;
  const left = margins.left;
  const right = left + leftWidth;
  const lh = 15;
  const top = flow.y;

  // Right column.
  let y = drawLines(page, breakPlain(nationalName, fonts, { text: '', bold: true }, 12.5, rightWidth), right, top, rightWidth, 'center', 12.5, lh);
  y = drawLines(page, breakPlain(motto, fonts, { text: '', bold: true }, 13, rightWidth), right, y, rightWidth, 'center', 13, lh);
  const mottoWidth = measure(fonts.bold, motto, 13);
  const rightRule = y - 4;
  rule(flow, right + (rightWidth - mottoWidth) / 2, rightRule, mottoWidth);

  // Left column.
  let ly = top;
  if (doc.parentAgency) ly = drawLines(page, breakPlain(doc.parentAgency, fonts, { text: '' }, 12.5, leftWidth), left, ly, leftWidth, 'center', 12.5, lh);
  const agencyLines = breakPlain(doc.agency, fonts, { text: '', bold: true }, 12.5, leftWidth);
  ly = drawLines(page, agencyLines, left, ly, leftWidth, 'center', 12.5, lh);
  const agencyWidth = Math.max(...agencyLines.map((l) => l.width));
  const leftRuleWidth = Math.min(agencyWidth, Math.max(mm(20), agencyWidth * 0.4));
  const leftRule = ly - 4;
  rule(flow, left + (leftWidth - leftRuleWidth) / 2, leftRule, leftRuleWidth);

  // "Số:" and the date line, on one baseline below both rules.
  const lineTop = Math.min(leftRule, rightRule) - 6;
  const numberLine = breakPlain(formatNumberLine(doc.number), fonts, { text: '' }, 13, leftWidth);
  const dateLines = breakPlain(dateLine, fonts, { text: '', italic: true }, 13, rightWidth);
  const afterLeft = drawLines(page, numberLine, left, lineTop, leftWidth, 'center', 13, lh);
  const afterRight = drawLines(page, dateLines, right, lineTop, rightWidth, 'center', 13, lh);
  flow.y = Math.min(afterLeft, afterRight);
}

function drawTitle(flow: Flow, doc: ReportDocument): void {
  const width = contentWidth(flow);
  flow.y -= 20;
  flowParagraph(flow, [{ text: doc.title, bold: true }], { size: 14, align: 'center', lineHeight: 17 });
  const summaryWidth = width * 0.85;
  const lines = breakPlain(doc.summary, flow.fonts, { text: '', bold: true }, 14, summaryWidth);
  flowParagraph(flow, [{ text: doc.summary, bold: true }], { size: 14, align: 'center', lineHeight: 17, x: margins.left + (width - summaryWidth) / 2, width: summaryWidth });
  const ruleWidth = Math.max(mm(25), Math.min(mm(50), Math.max(...lines.map((l) => l.width)) * 0.35));
  rule(flow, margins.left + (width - ruleWidth) / 2, flow.y - 5, ruleWidth);
  flow.y -= 24;
}

function rule(flow: Flow, x: number, y: number, width: number): void {
  flow.page.drawLine({ start: { x, y }, end: { x: x + width, y }, thickness: 0.6, color: rgb(0, 0, 0) });
}

/** "Nơi nhận" bottom left; signer's titles, the stamp (when signed) and name on the right; kept on one page. */
function drawSignatureBlock(flow: Flow, doc: ReportDocument): void {
  const { fonts } = flow;
  const width = contentWidth(flow);
  const leftWidth = width * 0.45;
  const rightWidth = width - leftWidth;
  const rightX = margins.left + leftWidth;
  const titleLines = doc.signer.titleLines.flatMap((t) => breakPlain(t.toLocaleUpperCase('vi'), fonts, { text: '', bold: true }, 13, rightWidth));
  const nameLines = breakPlain(doc.signer.name, fonts, { text: '', bold: true }, 13, rightWidth);
  const stampWidth = Math.min(rightWidth * 0.85, mm(75));
  const stampLines = formatStampLines(doc.stamp).flatMap((t) => breakPlain(t, fonts, { text: '' }, 10, stampWidth - 10));
  const stampHeight = stampLines.length > 0 ? stampLines.length * 12.5 + 10 : 0;
  const gap = stampHeight > 0 ? stampHeight + 24 : 72;
  const rightHeight = (titleLines.length + nameLines.length) * 16 + gap;
  const recipients = formatRecipients(doc.recipients).flatMap((t) => breakPlain(t, fonts, { text: '' }, 11, leftWidth - mm(2)));
  const leftHeight = 16 + recipients.length * 13.5;

  flow.y -= 12;
  if (flow.y - Math.max(leftHeight, rightHeight) < margins.bottom) addPage(flow, flow.landscape);
  const top = flow.y;
  let y = drawLines(flow.page, titleLines, rightX, top, rightWidth, 'center', 13, 16);
  if (stampHeight > 0) {
    const boxTop = y - 12;
    const boxX = rightX + (rightWidth - stampWidth) / 2;
    flow.page.drawRectangle({ x: boxX, y: boxTop - stampHeight, width: stampWidth, height: stampHeight, borderWidth: 0.8, borderColor: stampBlue });
    drawLines(flow.page, stampLines, boxX + 5, boxTop - 5, stampWidth - 10, 'left', 10, 12.5, stampBlue);
  }
  y -= gap;
  drawLines(flow.page, nameLines, rightX, y, rightWidth, 'center', 13, 16);

  if (recipients.length > 0) {
    const label = breakPlain(recipientsLabel, fonts, { text: '', bold: true, italic: true }, 12, leftWidth)[0]!;
    drawLine(flow.page, label, margins.left, baselineIn(top, 16, 12), leftWidth, 'left', 12);
    drawLines(flow.page, recipients, margins.left, top - 16, leftWidth, 'left', 11, 13.5);
  }
  flow.y = top - Math.max(leftHeight, rightHeight);
}

/** Page numbers top centre, from page 2 on. */
function drawPageNumbers(pdf: PDFDocument, fonts: FontSet): void {
  pdf.getPages().forEach((page, i) => {
    if (i === 0) return;
    const text = String(i + 1);
    const w = measure(fonts.regular, text, 13);
    page.drawText(text, { x: (page.getWidth() - w) / 2, y: page.getHeight() - mm(13), size: 13, font: fonts.regular, color: rgb(0, 0, 0) });
  });
}
