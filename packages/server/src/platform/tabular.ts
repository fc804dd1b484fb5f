import ExcelJS from 'exceljs';

/** Rows of a CSV file (RFC 4180 quoting, UTF-8 with or without BOM, comma or semicolon separated). */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.slice(0, src.indexOf('\n') === -1 ? src.length : src.indexOf('\n'));
  const sep = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/**
 * Text a spreadsheet will not run as a formula: a cell starting with = + - @ (or a tab or carriage
 * return) gets a leading apostrophe, unless it is a plain number such as "-12.5" (CSV/formula injection).
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

/**
 * The text a user typed, from a cell `neutraliseFormula` wrote: our own exports re-imported (units,
 * catalog, templates, report forms) give back exactly what was stored, apostrophe removed. Workbook
 * readers here apply it; CSV callers decide per column (`parseCsv` gives the file as it is).
 */
export function restoreFormulaText(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/**
 * Neutralises every text cell of a workbook just before it is written (see `neutraliseFormula`):
 * strings and rich text only. Real formulas we set ourselves (`{ formula }`) stay formulas, numbers
 * stay numbers. Cheaper to forget nothing this way than to wrap each user-provided value by hand.
 */
export function neutraliseWorkbook(wb: ExcelJS.Workbook): ExcelJS.Workbook {
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        // Only a merge's master cell holds the value; the others mirror it and must not be assigned.
        if (cell.isMerged && cell.master !== cell) return;
        const v = cell.value;
        if (typeof v === 'string') {
          const safe = neutraliseFormula(v);
          if (safe !== v) cell.value = safe;
        } else if (v && typeof v === 'object' && 'richText' in v && v.richText.length > 0) {
          const first = v.richText[0]!;
          const safe = neutraliseFormula(first.text);
          if (safe !== first.text) cell.value = { richText: [{ ...first, text: safe }, ...v.richText.slice(1)] };
        }
      }),
    ),
  );
  return wb;
}

/** A CSV file with a BOM, so that Excel opens the Vietnamese text as UTF-8; text is never read as a formula. */
export function toCsv(rows: (string | number | boolean | null)[][]): string {
  const esc = (v: string | number | boolean | null) => {
    const s = v === null ? '' : typeof v === 'string' ? neutraliseFormula(v) : String(v);
    return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + rows.map((r) => r.map(esc).join(',')).join('\r\n') + '\r\n';
}

/** The first worksheet's rows as text. */
export async function readXlsxRows(buffer: Buffer, sheetName?: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = sheetName ? wb.getWorksheet(sheetName) : wb.worksheets[0];
  if (!ws) return [];
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(r.getCell(c).value));
    rows.push(cells);
  });
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return restoreFormulaText(v);
  if (typeof v === 'object') {
    if ('richText' in v) return restoreFormulaText(v.richText.map((t) => t.text).join(''));
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result === undefined ? '' : String(v.result);
    if (v instanceof Date) return v.toISOString();
  }
  return String(v);
}

/** One worksheet with a bold, frozen header row and sensible column widths. */
export async function writeXlsx(sheetName: string, header: string[], rows: (string | number | boolean | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'baocao';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  neutraliseWorkbook(wb);
  ws.columns.forEach((col, i) => {
    const longest = Math.max(header[i]?.length ?? 0, ...rows.map((r) => String(r[i] ?? '').length));
    col.width = Math.min(60, Math.max(10, longest + 2));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
