import fontkit from '@pdf-lib/fontkit';
import {
  AlignmentType, BorderStyle, Document, Header, Packer, PageNumber, PageOrientation, Paragraph, Table, TableBorders,
  TableCell, TableLayoutType, TableRow, TextRun, VerticalAlignTable, VerticalMergeType, WidthType,
  type FileChild, type IBorderOptions, type ISectionOptions,
} from 'docx';
import type { DocParagraph, DocRun, DocTable, ReportDocument } from './document.js';
import {
  documentInstant, draftMark, formatNumberLine, formatPlaceDate, formatRecipients, formatStampLines, landscapeColumnThreshold,
  motto, nationalName, recipientsLabel,
} from './document-text.js';
import { loadSerifFonts } from './fonts.js';
import { placeCells } from './table-grid.js';

/** Twips (1/20 pt) from millimetres. */
const mm = (value: number) => Math.round((value * 1440) / 25.4);
const page = { width: 11906, height: 16838, margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(10), footer: mm(10) } };
const contentTwips = (landscape: boolean) => (landscape ? page.height : page.width) - page.margin.left - page.margin.right;
const font = 'Times New Roman';
const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const stampColour = '1F3FA6';
const bodyParagraph = { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: mm(12.7) }, spacing: { after: 120, line: 276 } };

/** Measures text in Liberation Serif (Times metrics) to size the rules under the motto and the agency. */
type Measure = (text: string, pt: number, bold?: boolean) => number;

/**
 * Renders a report as a Word document with the Decree 30 layout: A4 (landscape sections for wide tables),
 * Times New Roman, the header block and signature as borderless tables, repeated table header rows, page
 * numbers from page 2.
 */
export async function renderDocx(doc: ReportDocument): Promise<Uint8Array> {
  const measure = await createMeasure();
  const groups: { landscape: boolean; children: FileChild[] }[] = [];
  const add = (landscape: boolean, ...children: FileChild[]) => {
    const last = groups.at(-1);
    if (last && last.landscape === landscape) last.children.push(...children);
    else groups.push({ landscape, children });
  };

  add(false, headerBlock(doc, measure), ...titleBlock(doc, measure));
  for (const section of doc.sections) {
    if (section.kind === 'text') {
      const landscape = groups.at(-1)?.landscape ?? false;
      // A narrative after a wide table goes back to portrait; headings stay with what follows them.
      add(landscape && groups.length > 1 ? false : landscape, ...(section.heading ? [heading(section.heading)] : []), ...section.paragraphs.map(bodyText));
    } else {
      const landscape = section.table.columns.length > landscapeColumnThreshold;
      const children: FileChild[] = [];
      if (section.heading) children.push(heading(section.heading));
      if (section.table.note) children.push(new Paragraph({ alignment: AlignmentType.RIGHT, keepNext: true, spacing: { after: 40 }, children: [run(section.table.note, { italic: true, size: 12 })] }));
      children.push(dataTable(section.table, landscape), new Paragraph({ spacing: { after: 120 }, children: [] }));
      add(landscape, ...children);
    }
  }
  add(groups.at(-1)?.landscape ?? false, signatureBlock(doc));

  // A draft's mark sits in the page header (light grey) so it is on every page without a drawing object.
  const mark = () => (doc.draft ? [centred([run(draftMark, { bold: true, size: 13, color: 'BFBFBF' })])] : []);
  const pageNumberHeader = new Header({ children: [...mark(), new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font, size: 26 })] })] });
  const firstHeader = new Header({ children: doc.draft ? mark() : [new Paragraph({ children: [] })] });
  const sections: ISectionOptions[] = groups.map((group, i) => ({
    properties: {
      titlePage: i === 0,
      page: {
        size: { width: page.width, height: page.height, orientation: group.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
        margin: page.margin,
      },
    },
    headers: i === 0 ? { default: pageNumberHeader, first: firstHeader } : { default: pageNumberHeader },
    children: group.children,
  }));

  const file = new Document({
    creator: doc.meta.author,
    lastModifiedBy: doc.meta.author,
    title: doc.summary,
    subject: doc.meta.subject,
    keywords: doc.meta.keywords.join(', '),
    description: `${doc.title} ${formatNumberLine(doc.number)}`,
    styles: { default: { document: { run: { font, size: 26 } } } },
    sections,
  });
  return new Uint8Array(await Packer.toBuffer(file, false, [{ path: 'docProps/core.xml', data: coreProperties(doc) }]));
}

/**
 * docx stamps the package with the current time; the file's properties should carry the document's date
 * instead (as the PDF's do), so core.xml is written here.
 */
function coreProperties(doc: ReportDocument): string {
  const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const when = documentInstant(doc.date).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    + `<dc:title>${esc(doc.summary)}</dc:title><dc:subject>${esc(doc.meta.subject)}</dc:subject><dc:creator>${esc(doc.meta.author)}</dc:creator>`
    + `<cp:keywords>${esc(doc.meta.keywords.join(', '))}</cp:keywords><dc:description>${esc(`${doc.title} ${formatNumberLine(doc.number)}`)}</dc:description>`
    + `<cp:lastModifiedBy>${esc(doc.meta.author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>`
    + `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>`
    + '</cp:coreProperties>';
}

async function createMeasure(): Promise<Measure> {
  const files = await loadSerifFonts();
  const regular = fontkit.create(files.regular);
  const bold = fontkit.create(files.bold);
  return (text, pt, isBold) => {
    const f = isBold ? bold : regular;
    return (f.layout(text).advanceWidth / f.unitsPerEm) * pt * 20;
  };
}

function run(text: string, style: { bold?: boolean | undefined; italic?: boolean | undefined; underline?: boolean | undefined; size?: number; color?: string }): TextRun {
  return new TextRun({
    text,
    font,
    size: Math.round((style.size ?? 13) * 2),
    ...(style.bold ? { bold: true } : {}),
    ...(style.italic ? { italics: true } : {}),
    ...(style.underline ? { underline: {} } : {}),
    ...(style.color ? { color: style.color } : {}),
  });
}

/** An empty paragraph whose bottom border is a centred rule `width` twips long inside a box `box` twips wide. */
function rule(width: number, box: number): Paragraph {
  const side = Math.max(0, Math.round((box - width) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: 120, lineRule: 'exact' },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [run('', { size: 2 })],
  });
}

const centred = (children: TextRun[], after = 0) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after, line: 240 }, children });
const noBorders = TableBorders.NONE;

function borderless(widths: number[], rows: Paragraph[][][]): Table {
  const total = widths.reduce((s, w) => s + w, 0);
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: noBorders,
    rows: rows.map((cells) => new TableRow({
      cantSplit: true,
      children: cells.map((children, i) => new TableCell({ width: { size: widths[i]!, type: WidthType.DXA }, borders: noBorders, margins: { left: 0, right: 0, top: 0, bottom: 0 }, children })),
    })),
  });
}

function headerBlock(doc: ReportDocument, measure: Measure): Table {
  const total = contentTwips(false);
  const dateLine = formatPlaceDate(doc.place, doc.date);
  const right = Math.round(Math.max(measure(nationalName, 12.5, true), measure(motto, 13, true), measure(dateLine, 13)) + mm(3));
  const left = total - right;
  const agencyWidth = Math.min(measure(doc.agency, 12.5, true), left);
  return borderless([left, right], [
    [
      [
        ...(doc.parentAgency ? [centred([run(doc.parentAgency, { size: 12.5 })])] : []),
        centred([run(doc.agency, { bold: true, size: 12.5 })]),
        rule(Math.max(mm(20), agencyWidth * 0.4), left),
      ],
      [
        centred([run(nationalName, { bold: true, size: 12.5 })]),
        centred([run(motto, { bold: true, size: 13 })]),
        rule(measure(motto, 13, true), right),
      ],
    ],
    [
      [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120 }, children: [run(formatNumberLine(doc.number), {})] })],
      [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120 }, children: [run(dateLine, { italic: true })] })],
    ],
  ]);
}

function titleBlock(doc: ReportDocument, measure: Measure): Paragraph[] {
  const total = contentTwips(false);
  const summaryWidth = Math.min(measure(doc.summary, 14, true), total * 0.85);
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 400, after: 0 }, children: [run(doc.title, { bold: true, size: 14 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, indent: { left: Math.round(total * 0.075), right: Math.round(total * 0.075) }, spacing: { after: 60 }, children: [run(doc.summary, { bold: true, size: 14 })] }),
    rule(Math.max(mm(25), Math.min(mm(50), summaryWidth * 0.35)), total),
    new Paragraph({ spacing: { after: 240 }, children: [] }),
  ];
}

function heading(text: string): Paragraph {
  return new Paragraph({ ...bodyParagraph, keepNext: true, children: [run(text, { bold: true })] });
}

function bodyText(paragraph: DocParagraph): Paragraph {
  const runs: DocRun[] = paragraph.list ? [{ text: paragraph.list.ordered ? `${paragraph.list.index}. ` : '- ' }, ...paragraph.runs] : paragraph.runs;
  const level = paragraph.list?.level ?? 0;
  return new Paragraph({ ...bodyParagraph, indent: { firstLine: mm(12.7 + level * 6.35) }, children: runs.map((r) => run(r.text, r)) });
}

/** A bordered table; merged cells as gridSpan/vMerge (computed here, not left to the library), header rows repeated. */
function dataTable(table: DocTable, landscape: boolean): Table {
  const total = contentTwips(landscape);
  const weight = table.columns.reduce((s, c) => s + (c.width > 0 ? c.width : 1), 0) || 1;
  const widths = table.columns.map((c) => Math.floor(((c.width > 0 ? c.width : 1) / weight) * total));
  const rows = [...table.header, ...table.body];
  const headerCount = table.header.length;
  const placed = placeCells(rows, table.columns.length);
  const borders = { top: thin, bottom: thin, left: thin, right: thin };
  const span = (col: number, colSpan: number) => widths.slice(col, col + colSpan).reduce((s, w) => s + w, 0);

  return new Table({
    width: { size: widths.reduce((s, w) => s + w, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin },
    rows: rows.map((_, r) => {
      const isHeader = r < headerCount;
      const cells: { col: number; cell: TableCell }[] = [];
      for (const p of placed) {
        const covers = p.row < r && p.row + p.rowSpan > r;
        if (p.row !== r && !covers) continue;
        const width = { size: span(p.col, p.colSpan), type: WidthType.DXA };
        const common = { width, borders, columnSpan: p.colSpan, verticalAlign: VerticalAlignTable.CENTER, margins: { left: 70, right: 70, top: 30, bottom: 30 } };
        if (covers) {
          cells.push({ col: p.col, cell: new TableCell({ ...common, verticalMerge: VerticalMergeType.CONTINUE, children: [new Paragraph({ children: [] })] }) });
          continue;
        }
        const headerCell = p.row < headerCount;
        const align = headerCell ? 'center' : (p.cell.align ?? table.columns[p.col]?.align ?? 'left');
        cells.push({
          col: p.col,
          cell: new TableCell({
            ...common,
            ...(p.rowSpan > 1 ? { verticalMerge: VerticalMergeType.RESTART } : {}),
            children: p.cell.text.split('\n').map((line) => new Paragraph({
              alignment: align === 'center' ? AlignmentType.CENTER : align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
              spacing: { before: 0, after: 0, line: 240 },
              children: [run(line, { bold: headerCell || !!p.cell.bold, size: 11 })],
            })),
          }),
        });
      }
      cells.sort((a, b) => a.col - b.col);
      return new TableRow({ tableHeader: isHeader, cantSplit: true, children: cells.map((c) => c.cell) });
    }),
  });
}

function signatureBlock(doc: ReportDocument): Table {
  const total = contentTwips(false);
  const left = Math.round(total * 0.45);
  const right = total - left;
  const recipients = formatRecipients(doc.recipients);
  const stamp = formatStampLines(doc.stamp);
  const stampBorder: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: stampColour, space: 4 };
  const side = Math.round(right * 0.08);
  const blank = (n: number) => Array.from({ length: n }, () => new Paragraph({ spacing: { after: 0 }, children: [] }));
  return borderless([left, right], [[
    [
      new Paragraph({ spacing: { before: 240, after: 0 }, children: recipients.length > 0 ? [run(recipientsLabel, { bold: true, italic: true, size: 12 })] : [] }),
      ...recipients.map((line) => new Paragraph({ spacing: { after: 0, line: 240 }, children: [run(line, { size: 11 })] })),
    ],
    [
      ...doc.signer.titleLines.map((line, i) => new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: i === 0 ? 240 : 0, after: 0, line: 240 },
        children: [run(line.toLocaleUpperCase('vi'), { bold: true })],
      })),
      ...(stamp.length > 0
        ? [
            ...blank(1),
            ...stamp.map((line) => new Paragraph({
              indent: { left: side, right: side },
              spacing: { after: 0, line: 240 },
              border: { top: stampBorder, bottom: stampBorder, left: stampBorder, right: stampBorder },
              children: [run(line, { size: 10, color: stampColour })],
            })),
            ...blank(1),
          ]
        : blank(4)),
      centred([run(doc.signer.name, { bold: true })]),
    ],
  ]]);
}
