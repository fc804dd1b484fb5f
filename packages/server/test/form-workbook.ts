import ExcelJS from 'exceljs';

/** Where a cell of the grid is on the sheet, found as the reader finds it: row codes in column A, column codes in the row marked "#". */
export function addressOf(ws: ExcelJS.Worksheet, key: string): string {
  const [row, col] = key.split('!');
  let codeRow = 0;
  let rowNo = 0;
  ws.getColumn(1).eachCell((cell, n) => {
    if (cell.value === '#') codeRow = n;
    if (cell.value === row && n > codeRow && codeRow) rowNo = n;
  });
  let colNo = 0;
  ws.getRow(codeRow).eachCell((cell, n) => {
    if (cell.value === col) colNo = n;
  });
  return ws.getCell(rowNo, colNo).address;
}

/** Opens a workbook, changes it as a user would, saves it. */
export async function editSheet(sheet: string, buffer: Buffer, change: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  change(wb.getWorksheet(sheet)!, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

