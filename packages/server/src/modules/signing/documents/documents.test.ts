import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleReport } from './documents.sample.js';
import { renderDocx } from './docx.js';
import { htmlToParagraphs } from './html-runs.js';
import { renderPdf } from './pdf.js';

const run = promisify(execFile);
const resultsDir = fileURLToPath(new URL('../../../../../../test-results/', import.meta.url));
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'baocao-documents-'));
  await mkdir(resultsDir, { recursive: true });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** pdftotext output with runs of whitespace collapsed, so wrapped lines read as one sentence. */
async function textOf(pdfPath: string, pages?: [number, number]): Promise<string> {
  const range = pages ? ['-f', String(pages[0]), '-l', String(pages[1])] : [];
  const { stdout } = await run('pdftotext', ['-layout', ...range, pdfPath, '-']);
  return stdout.replace(/\s+/g, ' ');
}

async function pageSizes(pdfPath: string): Promise<string[]> {
  const { stdout } = await run('pdfinfo', ['-f', '1', '-l', '999', pdfPath]);
  return [...stdout.matchAll(/^Page\s+\d+ size:\s+([\d.]+ x [\d.]+)/gm)].map((m) => m[1]!);
}

async function savePageOne(pdfPath: string, name: string): Promise<void> {
  const prefix = join(work, name);
  await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdfPath, prefix]);
  await rename(`${prefix}.png`, join(resultsDir, `${name}.png`));
}

const keyStrings = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'UBND PHƯỜNG LÊ CHÂN',
  'Số: 12/BC-UBND',
  'Hải Phòng, ngày 05 tháng 03 năm 2026',
  'BÁO CÁO',
  'Tình hình thực hiện nhiệm vụ thu, chi ngân sách quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026',
  'khu tái định cư Đồng Hòa & Vĩnh Niệm',
  'Tổ dân phố số 80',
  '3.801 3.611 95%',
  'Đơn vị tính: triệu đồng',
  'Nơi nhận:',
  '- Lưu: VT, TC-KT.',
  'TM. ỦY BAN NHÂN DÂN',
  'Nguyễn Thị Hương Giang',
  'Ký bởi: Nguyễn Thị Hương Giang',
  'Thời gian ký: 2026-03-05T09:41:27+07:00',
];

describe('htmlToParagraphs', () => {
  it('keeps bold, italic and underline runs and decodes entities', () => {
    const [p] = htmlToParagraphs('<p>Thu <strong>ngân  sách</strong> đạt <em><u>112,5%</u></em> &amp; chi &lt;&#7871;&#x1EBF;&nbsp;x</p>');
    expect(p?.runs).toEqual([
      { text: 'Thu ' },
      { text: 'ngân sách', bold: true },
      { text: ' đạt ' },
      { text: '112,5%', italic: true, underline: true },
      { text: ' & chi <ếế\u00a0x' },
    ]);
  });

  it('numbers ordered lists, nests levels and splits paragraphs at <br>', () => {
    const paragraphs = htmlToParagraphs('<ol><li>Một</li><li>Hai<ul><li>con</li></ul></li></ol><p>dòng 1<br/>dòng 2</p><h3>Mục</h3>');
    expect(paragraphs.map((p) => [p.runs.map((r) => r.text).join(''), p.list ?? null])).toEqual([
      ['Một', { ordered: true, index: 1, level: 0 }],
      ['Hai', { ordered: true, index: 2, level: 0 }],
      ['con', { ordered: false, index: 1, level: 1 }],
      ['dòng 1', null],
      ['dòng 2', null],
      ['Mục', null],
    ]);
    expect(paragraphs.at(-1)?.runs[0]?.bold).toBe(true);
  });

  it('tolerates broken markup without losing text', () => {
    const paragraphs = htmlToParagraphs('<p>mở <b>không đóng <i>x < y</p> cuối &unknown;');
    expect(paragraphs.map((p) => p.runs.map((r) => r.text).join(''))).toEqual(['mở không đóng x < y', 'cuối &unknown;']);
  });
});

describe('renderPdf', () => {
  it('lays out a Decree 30 report: header block, tables over pages, landscape, signature, embedded fonts', async () => {
    const doc = buildSampleReport();
    const bytes = await renderPdf(doc);
    const path = join(work, 'report.pdf');
    await writeFile(path, bytes);

    const text = await textOf(path);
    for (const s of keyStrings) expect(text).toContain(s);

    const { stdout: info } = await run('pdfinfo', [path]);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(info).toMatch(/Title:\s+Tình hình thực hiện nhiệm vụ/);
    expect(info).toMatch(/Producer:\s+baocao/);
    const sizes = await pageSizes(path);
    expect(sizes.length).toBeGreaterThanOrEqual(5);
    expect(sizes).toContain('841.89 x 595.28'); // the 10-column table's landscape page

    // The 80-row table continues on page 2 under its repeated two-row header; the page carries its number.
    const page2 = await textOf(path, [2, 2]);
    expect(page2).toContain('Thu ngân sách quý I');
    expect(page2).toContain('Kế hoạch Thực hiện Tỷ lệ');
    expect(page2).toMatch(/^\s*2\s/);

    const { stdout: fonts } = await run('pdffonts', [path]);
    expect(fonts).toMatch(/LiberationSerif\s.*yes yes yes/);
    expect(fonts).toMatch(/LiberationSerif-Bold\s.*yes yes yes/);
    expect(fonts).toMatch(/LiberationSerif-Italic\s.*yes yes yes/);
    expect(fonts).toMatch(/LiberationSerif-BoldItalic\s.*yes yes yes/);

    expect(Buffer.from(await renderPdf(buildSampleReport())).equals(Buffer.from(bytes))).toBe(true);
    await savePageOne(path, 'document-pdf');
  });

  it('marks an unnumbered, unsigned draft', async () => {
    const path = join(work, 'draft.pdf');
    await writeFile(path, await renderPdf(buildSampleReport({ draft: true, number: null, stamp: null })));
    const text = await textOf(path);
    expect(text).toContain('Số: ……/BC');
    expect(text).not.toContain('Ký bởi');
    const { stdout: raw } = await run('pdftotext', ['-raw', path, '-']);
    // The mark is drawn diagonally, so pdftotext gives it one letter per line.
    expect(raw.replace(/\s+/g, '')).toContain('BẢNXEMTRƯỚC');
  });
});

describe('renderDocx', () => {
  it('opens in LibreOffice with the same content on A4 pages', async () => {
    const path = join(work, 'report.docx');
    await writeFile(path, await renderDocx(buildSampleReport()));
    const profile = await mkdtemp(join(tmpdir(), 'lo-profile-'));
    try {
      await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', work, path], { timeout: 110_000 });
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
    const pdfPath = join(work, 'report.pdf');
    const text = await textOf(pdfPath);
    for (const s of keyStrings) expect(text).toContain(s);
    const sizes = await pageSizes(pdfPath);
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    expect(sizes[0]).toMatch(/^595\.\d+ x 841\.89$/);
    expect(sizes.some((s) => s.startsWith('841.89 x 595'))).toBe(true);
    const page2 = await textOf(pdfPath, [2, 2]);
    expect(page2).toContain('Thu ngân sách quý I');
    expect(page2).toMatch(/^\s*2\s/);
    await savePageOne(pdfPath, 'document-docx');
  }, 120_000);

  it('marks header rows for repetition, merges cells, numbers pages from 2 and dates the file from the report', async () => {
    const path = join(work, 'draft.docx');
    await writeFile(path, await renderDocx(buildSampleReport({ draft: true, number: null, stamp: null })));
    const part = async (name: string) => (await run('unzip', ['-p', path, name], { maxBuffer: 32 * 1024 * 1024 })).stdout;
    const body = await part('word/document.xml');
    expect(body.match(/<w:tblHeader\/>/g)).toHaveLength(3); // two header rows of the long table, one of the wide one
    expect(body).toContain('<w:gridSpan w:val="3"/>');
    expect(body.match(/<w:vMerge w:val="restart"\/>/g)).toHaveLength(3);
    expect(body).toContain('<w:titlePg/>');
    expect(body).toContain('w:orient="landscape"');
    expect(body).toContain('Times New Roman');
    expect(body).toContain('Số: ……/BC');
    expect(await part('word/header1.xml') + await part('word/header2.xml')).toContain('BẢN XEM TRƯỚC');
    const core = await part('docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-04T17:00:00Z</dcterms:created>');
    expect(core).toContain('<dc:title>Tình hình thực hiện nhiệm vụ thu');
  });
});
