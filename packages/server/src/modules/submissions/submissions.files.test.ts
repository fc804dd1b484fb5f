import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { addressOf, editSheet } from '../../../test/form-workbook.js';
import { compileTemplate, type TemplateGrid } from '@baocao/core';
import { describe, expect, it } from 'vitest';
import { sampleTemplate } from '../../../test/templates.fixtures.js';
import { parseCsv } from '../../platform/tabular.js';
import { buildFormCsv, readFormCsv } from './submissions.csv.js';
import { decimalFromNumber, FORMULA_REFUSED } from './submissions.form-file.js';
import { buildFormWorkbook, readFormWorkbook, type FormMeta } from './submissions.xlsx.js';

const SOFFICE = '/usr/bin/soffice';
/** No LibreOffice outside CI: skip with a message. In CI a missing LibreOffice fails the run. */
const skipSoffice = !existsSync(SOFFICE) && !process.env.CI;
if (skipSoffice) console.warn(`[submissions.files] LibreOffice check SKIPPED: ${SOFFICE} not found (apt-get install libreoffice-calc-nogui). In CI this test fails instead.`);

/**
 * The sample template (total row SUM(CHILDREN), percent column TH / KH * 100), plus a text verdict
 * no Excel formula translates, a disabled cell, and integer, date and boolean columns.
 */
function formGrid(): TemplateGrid {
  const grid = structuredClone(sampleTemplate('unit').definition.grid) as TemplateGrid;
  grid.columns.splice(3, 0, { code: 'DG', headerPath: ['Năm 2026', 'Đánh giá'], valueType: 'text', aggregation: 'none', formula: 'IF(TH >= KH, "Đạt", "Chưa đạt")' });
  grid.columns.push(
    { code: 'SL', headerPath: ['Số hồ sơ'], valueType: 'integer', aggregation: 'sum' },
    { code: 'NG', headerPath: ['Ngày chốt số liệu'], valueType: 'date', aggregation: 'none' },
    { code: 'XN', headerPath: ['Đã đối chiếu KBNN'], valueType: 'boolean', aggregation: 'none' },
  );
  grid.cells = [{ row: 'R00', column: 'GC', mode: 'disabled' }];
  return grid;
}
const grid = formGrid();
const SHEET = 'BM-01';
const meta: FormMeta = {
  assignmentId: '0190c0de-0000-7000-8000-000000000001',
  templateId: '0190c0de-0000-7000-8000-0000000000aa',
  templateCode: SHEET,
  templateName: 'Kết quả thu ngân sách',
  templateVersion: 3,
  unitCode: 'UBND-P01',
  unitName: 'UBND phường Bến Nghé',
  roundKey: '2026-Q1',
  roundLabel: 'Quý I năm 2026',
  dueOn: '2026-04-15',
};
const inputs: Record<string, string> = {
  'R01!KH': '1234567.89',
  'R01!TH': '1000000.1',
  'R02!KH': '0.1',
  'R02!TH': '0.2',
  'R03!KH': '0',
  'R03!TH': '5',
  'R01!GC': 'Đã gồm thuế "đặc biệt", phí',
  'R01!SL': '12',
  'R03!SL': '123456789012345678', // more digits than a double holds
  'R01!NG': '2026-03-31',
  'R01!XN': 'true',
  'R02!XN': 'false',
};
/** Input cells: every cell but the total row's sums and the disabled R00!GC; computed columns TL and DG. */
const INPUT_COLUMNS = ['KH', 'TH', 'GC', 'SL', 'NG', 'XN'];
const allInputs = (given: Record<string, string | null>) => {
  const out: Record<string, string | null> = {};
  for (const r of grid.rows) for (const c of INPUT_COLUMNS) if (r.code !== 'R00' || ['NG', 'XN'].includes(c)) out[`${r.code}!${c}`] = given[`${r.code}!${c}`] ?? null;
  return out;
};
function evaluate(values: Record<string, string | null>) {
  const compiled = compileTemplate(grid);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  return compiled.evaluator.evaluate(values).values;
}

async function form(m: FormMeta = meta, given: Record<string, string> = inputs) {
  return buildFormWorkbook(m, grid, given, evaluate(given));
}

describe('form workbook', () => {
  it('reads back exactly the inputs it was built with, floats included', async () => {
    const read = await readFormWorkbook(await form(), meta, grid);
    expect(read).toEqual({ ok: true, inputs: allInputs(inputs) });
  });

  it('lays the form out for people: title block, merged headers, locked computed cells, unlocked inputs, protection', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await form()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(SHEET)!;
    expect(wb.getWorksheet('_baocao')!.state).toBe('hidden');
    expect(ws.getCell('B1').value).toBe('KẾT QUẢ THU NGÂN SÁCH');
    expect(ws.getCell('B4').value).toBe('Hạn nộp: 15/04/2026');
    expect(ws.getCell('E6').value).toBe('Năm 2026');
    expect(ws.getCell('E6').isMerged && ws.getCell('H6').master.address).toBe('E6');
    expect(ws.getCell('I7').master.address).toBe('I6'); // "Ghi chú" spans both header rows
    const kh = ws.getCell(addressOf(ws, 'R01!KH'));
    expect(kh.numFmt).toBe('#,##0.00');
    expect(kh.value).toBe(1234567.89);
    expect(kh.protection.locked).toBe(false);
    expect(kh.font.name).toBe('Times New Roman');
    const tl = ws.getCell(addressOf(ws, 'R01!TL'));
    expect(tl.formula).toBe('IF(OR(F10="",E10="",N(E10)=0),"",ROUND((IF(OR(F10="",E10="",N(E10)=0),0,N(F10)/N(E10))*100),1))');
    expect(tl.protection?.locked ?? true).toBe(true); // locked is Excel's default
    expect(tl.numFmt).toBe('#,##0.0');
    expect(ws.getCell(addressOf(ws, 'R00!KH')).formula).toBe('IF(COUNT(E10,E11,E12,E13)=0,"",ROUND(SUM(E10,E11,E12,E13),2))');
    expect(ws.getCell(addressOf(ws, 'R01!DG')).value).toBe('Chưa đạt'); // no Excel formula for IF: the value
    expect((ws.getCell(addressOf(ws, 'R00!GC')).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFD9D9D9');
    const protection = (ws as unknown as { sheetProtection: object }).sheetProtection;
    expect(protection).toMatchObject({ sheet: true, formatColumns: true });
    expect(protection).not.toHaveProperty('hashValue'); // no password: protection against slips, not a lock
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 4, ySplit: 8 });
  });

  it('reads what a unit typed in Excel', async () => {
    const buffer = await editSheet(SHEET, await form(), (ws) => {
      ws.getCell(addressOf(ws, 'R04!KH')).value = 2500.5;
      ws.getCell(addressOf(ws, 'R04!TH')).value = 0.1 + 0.2; // 0.30000000000000004 in a double
      ws.getCell(addressOf(ws, 'R02!KH')).value = null;
      ws.getCell(addressOf(ws, 'R03!TH')).value = '1.234,5'; // typed as text, Vietnamese style
      ws.getCell(addressOf(ws, 'R04!GC')).value = { richText: [{ text: 'Số liệu ' }, { text: 'tạm tính', font: { bold: true } }] };
    });
    const read = await readFormWorkbook(buffer, meta, grid);
    expect(read).toEqual({ ok: true, inputs: allInputs({ ...inputs, 'R02!KH': null, 'R04!KH': '2500.5', 'R04!TH': '0.3', 'R03!TH': '1234.5', 'R04!GC': 'Số liệu tạm tính' }) });
  });

  it('turns the doubles Excel holds back into the decimals people typed', () => {
    const cases: [number, string][] = [
      [0.1, '0.1'],
      [0.1 + 0.2, '0.3'],
      [1234567.89, '1234567.89'],
      [1e-7, '0.0000001'],
      [-12.5, '-12.5'],
      [-0, '0'],
      [1e21, '1000000000000000000000'],
      [123456789012345, '123456789012345'],
    ];
    for (const [n, text] of cases) expect(decimalFromNumber(n)).toBe(text);
    expect(decimalFromNumber(0.867, 2)).toBe('86.7'); // typed as 86,7% in a percent-formatted cell
  });

  it('refuses a file that is not ours or made for another report, saying which', async () => {
    const noMeta = await editSheet(SHEET, await form(), (_ws, wb) => wb.removeWorksheet(wb.getWorksheet('_baocao')!.id));
    expect(await readFormWorkbook(noMeta, meta, grid)).toMatchObject({ ok: false, errors: [{ path: '_baocao', message: expect.stringContaining('không phải mẫu nhập liệu') }] });
    const garbled = await editSheet(SHEET, await form(), (_ws, wb) => (wb.getWorksheet('_baocao')!.getCell('B1').value = 'x'));
    expect(await readFormWorkbook(garbled, meta, grid)).toMatchObject({ ok: false, errors: [{ path: '_baocao' }] });

    const other = (change: Partial<FormMeta>) => form({ ...meta, ...change }).then((b) => readFormWorkbook(b, meta, grid));
    expect(await other({ assignmentId: 'another' })).toEqual({ ok: false, errors: [{ path: '_baocao!B3', message: expect.stringContaining('một báo cáo khác') }] });
    expect(await other({ unitCode: 'UBND-P02' })).toEqual({ ok: false, errors: [{ path: '_baocao!B7', message: expect.stringContaining('đơn vị UBND-P02, không phải của đơn vị UBND-P01') }] });
    expect(await other({ roundKey: '2025-Q4' })).toEqual({ ok: false, errors: [{ path: '_baocao!B8', message: expect.stringContaining('kỳ báo cáo 2025-Q4, không phải kỳ Quý I năm 2026') }] });
    expect(await other({ templateVersion: 2 })).toEqual({ ok: false, errors: [{ path: '_baocao!B6', message: expect.stringContaining('phiên bản 2 của biểu mẫu BM-01, nay biểu mẫu là phiên bản 3') }] });
  });

  it('refuses formulas, text in numbers, extra decimals and changed locked cells, all at once with every cell named', async () => {
    const built = await form();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(built as unknown as ArrayBuffer);
    const at = (key: string) => addressOf(wb.getWorksheet(SHEET)!, key);
    const buffer = await editSheet(SHEET, built, (ws) => {
      ws.getCell(at('R02!KH')).value = { formula: 'WEBSERVICE("http://x")' } as ExcelJS.CellFormulaValue;
      ws.getCell(at('R02!GC')).value = '=HYPERLINK("http://x","bấm")'; // typed into a text-formatted cell
      ws.getCell(at('R04!KH')).value = 'khoảng 100';
      ws.getCell(at('R04!TH')).value = 1.234;
      ws.getCell(at('R01!TL')).value = 99; // the percentage overwritten
      ws.getCell(at('R00!TH')).value = { formula: 'SUM(F10:F11)' } as ExcelJS.CellFormulaValue;
      ws.getCell(at('R02!DG')).value = 'Chưa đạt'; // 0.2 ≥ 0.1: we wrote "Đạt"
      ws.getCell(at('R00!GC')).value = 'x'; // a disabled cell
    });
    const read = await readFormWorkbook(buffer, meta, grid);
    expect(read.ok).toBe(false);
    const errors = read.ok ? [] : read.errors;
    expect(errors).toEqual([
      { path: `${SHEET}!F9`, message: expect.stringContaining('tự tính') },
      { path: `${SHEET}!I9`, message: expect.stringContaining('phải để trống') },
      { path: `${SHEET}!G10`, message: expect.stringContaining('tự tính') },
      { path: `${SHEET}!E11`, message: FORMULA_REFUSED },
      { path: `${SHEET}!H11`, message: expect.stringContaining('tự tính') },
      { path: `${SHEET}!I11`, message: FORMULA_REFUSED },
      { path: `${SHEET}!E13`, message: expect.stringContaining('không phải số') },
      { path: `${SHEET}!F13`, message: '"1.234" có quá 2 chữ số thập phân' },
    ]);
  });

  it('finds cells by their codes, not their positions', async () => {
    // a row inserted above the table: Excel moves every formula with it, so the reader must too
    const insertRow = (moveFormulas: boolean) => (ws: ExcelJS.Worksheet) => {
      ws.spliceRows(3, 0, ['một dòng người dùng chèn thêm']);
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (!moveFormulas || !cell.formula) return;
          const formula = cell.formula.replace(/([A-Z]+)(\d+)/g, (_, c: string, n: string) => `${c}${Number(n) >= 3 ? Number(n) + 1 : n}`);
          cell.value = { formula, result: cell.result } as ExcelJS.CellFormulaValue;
        }),
      );
      ws.getCell(addressOf(ws, 'R04!KH')).value = 7;
    };
    const moved = await readFormWorkbook(await editSheet(SHEET, await form(), insertRow(true)), meta, grid);
    expect(moved).toEqual({ ok: true, inputs: allInputs({ ...inputs, 'R04!KH': '7' }) });
    const broken = await readFormWorkbook(await editSheet(SHEET, await form(), insertRow(false)), meta, grid);
    expect(broken.ok ? [] : broken.errors[0]).toEqual({ path: `${SHEET}!E10`, message: expect.stringContaining('tự tính') });
  });

  it('refuses oversize and malformed uploads with a clear message', async () => {
    expect(await readFormWorkbook(Buffer.alloc(50 * 1024 * 1024), meta, grid)).toEqual({ ok: false, errors: [{ path: '', message: expect.stringContaining('50.0 MB, vượt giới hạn') }] });
    expect(await readFormWorkbook(Buffer.from('not a workbook'), meta, grid)).toEqual({ ok: false, errors: [{ path: '', message: expect.stringContaining('không phải bảng tính Excel') }] });
    const big = new ExcelJS.Workbook();
    const ws = big.addWorksheet(SHEET);
    for (let i = 0; i < 5000; i++) ws.addRow([i]);
    const read = await readFormWorkbook(Buffer.from(await big.xlsx.writeBuffer()), meta, grid);
    expect(read).toEqual({ ok: false, errors: [{ path: '', message: expect.stringContaining('dòng dữ liệu') }] });
  });
});

describe('form CSV', () => {
  const csv = () => buildFormCsv(meta, grid, inputs);
  const rewrite = (buffer: Buffer, change: (rows: string[][]) => void) => {
    const rows = parseCsv(buffer.toString('utf8'));
    change(rows);
    const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    return Buffer.from('\uFEFF' + rows.map((r) => r.map(esc).join(',')).join('\r\n'), 'utf8');
  };

  it('writes UTF-8 with BOM, an identity line and codes, and reads back the same inputs', () => {
    const buffer = csv();
    expect(buffer.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(buffer.toString('utf8'));
    expect(rows[0]!.slice(0, 3)).toEqual(['#baocao-form', '1', `assignmentId=${meta.assignmentId}`]);
    expect(rows[1]).toEqual(['row_code', 'row_name', 'KH', 'TH', 'TL', 'DG', 'GC', 'SL', 'NG', 'XN']);
    expect(rows[3]).toEqual(['R01', 'Thu thuế', '1234567.89', '1000000.1', '', '', 'Đã gồm thuế "đặc biệt", phí', '12', '2026-03-31', 'true']);
    expect(readFormCsv(buffer, meta, grid)).toEqual({ ok: true, inputs: allInputs(inputs) });
  });

  it('reads edits, including Vietnamese numbers, and keeps a stored "=…" note from becoming a formula', () => {
    const note = { ...inputs, 'R03!GC': '=1+1 là ví dụ' };
    const built = buildFormCsv(meta, grid, note);
    expect(built.toString('utf8')).toContain("'=1+1 là ví dụ");
    const edited = rewrite(built, (rows) => {
      rows[6]![2] = '1.234.567,5';
    });
    expect(readFormCsv(edited, meta, grid)).toEqual({ ok: true, inputs: allInputs({ ...note, 'R04!KH': '1234567.5' }) });
  });

  it('refuses another report, formulas, text in numbers and filled computed cells', () => {
    expect(readFormCsv(buildFormCsv({ ...meta, unitCode: 'UBND-P02' }, grid, inputs), meta, grid)).toEqual({
      ok: false,
      errors: [{ path: `${SHEET}!F1`, message: expect.stringContaining('đơn vị UBND-P02') }],
    });
    expect(readFormCsv(Buffer.from('row_code,row_name,KH\r\nR01,x,1\r\n'), meta, grid)).toMatchObject({ ok: false, errors: [{ path: `${SHEET}!A1` }] });
    const bad = rewrite(csv(), (rows) => {
      rows[3]![2] = '=cmd|"/c calc"!A1';
      rows[4]![3] = 'mười';
      rows[5]![3] = '5.555'; // dot decimals, as the file writes them: never read as 5555
      rows[2]![2] = '999';
    });
    expect(readFormCsv(bad, meta, grid)).toEqual({
      ok: false,
      errors: [
        { path: `${SHEET}!C3`, message: 'Ô này do hệ thống tự tính; hãy để trống' },
        { path: `${SHEET}!C4`, message: FORMULA_REFUSED },
        { path: `${SHEET}!D5`, message: expect.stringContaining('không phải số') },
        { path: `${SHEET}!D6`, message: '"5.555" có quá 2 chữ số thập phân' },
      ],
    });
  });
});

/** Converts a file with LibreOffice headless in its own throwaway profile; returns the converted file's bytes. */
async function convert(dir: string, file: string, filter: string): Promise<Buffer> {
  const out = join(dir, 'out');
  await promisify(execFile)(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', out, file], { timeout: 60_000 });
  return readFileSync(join(out, readdirSync(out)[0]!));
}

describe.skipIf(skipSoffice)('form workbook in LibreOffice', () => {
  it('recalculates to the engine values: percentages, division by zero, blanks and the total row', async () => {
    const given = { ...inputs, 'R04!KH': '200', 'R04!TH': '333.33' };
    const values = evaluate(given);
    // no cached values: whatever LibreOffice shows it computed itself from our formulas
    const blank = Object.fromEntries(Object.keys(values).map((k) => [k, null]));
    const dir = mkdtempSync(join(tmpdir(), 'baocao-lo-'));
    try {
      const file = join(dir, 'form.xlsx');
      writeFileSync(file, await buildFormWorkbook(meta, grid, given, blank));
      const rows = parseCsv((await convert(dir, file, 'csv:Text - txt - csv (StarCalc):44,34,76,1')).toString('utf8'));
      const codes = rows.find((r) => r[0] === '#')!;
      const seen: Record<string, string | null> = {};
      for (const row of rows.filter((r) => grid.rows.some((g) => g.code === r[0]))) {
        for (const col of ['KH', 'TH', 'TL']) {
          const key = `${row[0]}!${col}`;
          const text = row[codes.indexOf(col)]!.replace(/,/g, ''); // LibreOffice shows #,##0.00 the English way
          if (key in values) seen[key] = text === '' ? null : text;
        }
      }
      expect(Object.keys(seen)).toHaveLength(7); // R00!KH, R00!TH and five percentages
      expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((k) => [k, values[k]])));
      expect(seen['R00!KH']).toBe('1234767.99');
      expect(seen['R03!TL']).toBeNull(); // 5 / 0: blank, as the engine says
      expect(seen['R04!TL']).toBe('166.7');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('reads back a form a unit saved again with LibreOffice Calc', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baocao-lo-'));
    try {
      const file = join(dir, 'form.xlsx');
      writeFileSync(file, await form());
      const saved = await convert(dir, file, 'xlsx:Calc MS Excel 2007 XML');
      expect(await readFormWorkbook(saved, meta, grid)).toEqual({ ok: true, inputs: allInputs(inputs) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
