import { createInflateRaw } from 'node:zlib';
import { badRequest } from './errors.js';

/**
 * Looks at an uploaded XLSX before ExcelJS parses it, which would read a 1,000,000-row sheet
 * whole: the file must be a ZIP holding `xl/workbook.xml`, its declared contents must stay
 * small, and its worksheets together may hold at most `maxRows` rows plus the header. Rows are
 * counted while inflating the sheets, and counting stops at the first row over the limit.
 */
export async function assertWorkbookWithin(buffer: Buffer, maxRows: number, maxXmlBytes = 200 * 1024 * 1024): Promise<void> {
  const entries = zipEntries(buffer) ?? notWorkbook();
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) notWorkbook();
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > maxXmlBytes) badRequest('import.too_large', 'Tệp XLSX quá lớn khi giải nén; hãy chia thành nhiều tệp nhỏ hơn');
  let rows = 0;
  for (const e of entries.filter((x) => /^xl\/worksheets\/[^/]+\.xml$/.test(x.name))) {
    rows += await countRows(buffer, e, maxRows + 1 - rows);
    if (rows > maxRows + 1) tooManyRows(maxRows);
  }
}

export function tooManyRows(maxRows: number): never {
  badRequest('import.too_many_rows', `Tệp có hơn ${maxRows.toLocaleString('vi-VN')} dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn`);
}

function notWorkbook(): never {
  badRequest('import.not_workbook', 'Tệp không phải bảng tính Excel (XLSX); hãy chọn đúng tệp hoặc dùng định dạng CSV');
}

type Entry = { name: string; method: number; compressedSize: number; size: number; localOffset: number };

/** The central directory of a ZIP file, or null when the buffer is not one (ZIP64 included). */
function zipEntries(buf: Buffer): Entry[] | null {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) return null;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLength = buf.readUInt16LE(p + 28);
    const entry = {
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    };
    if ([entry.compressedSize, entry.size, entry.localOffset].includes(0xffffffff)) return null;
    entries.push(entry);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

const ROW = Buffer.from('<row');

/** Counts `<row …>` elements of one sheet, stopping as soon as there are more than `limit`. */
async function countRows(buf: Buffer, e: Entry, limit: number): Promise<number> {
  const at = e.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) notWorkbook();
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  let count = 0;
  let tail = Buffer.alloc(0);
  const scan = (chunk: Buffer) => {
    const text = Buffer.concat([tail, chunk]);
    for (let i = text.indexOf(ROW); i >= 0 && i + 4 < text.length; i = text.indexOf(ROW, i + 4)) {
      const next = text[i + 4];
      // `<row ` or `<row>`, not `<rowBreaks>`
      if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) count++;
    }
    // keep the last bytes: a `<row ` may straddle two chunks (four bytes never hold a whole one)
    tail = text.subarray(Math.max(0, text.length - 4));
  };
  if (e.method === 0) {
    scan(data);
    return count;
  }
  if (e.method !== 8) notWorkbook();
  return new Promise<number>((resolve) => {
    const inflate = createInflateRaw();
    inflate.on('data', (chunk: Buffer) => {
      scan(chunk);
      if (count > limit) {
        inflate.destroy();
        resolve(count);
      }
    });
    inflate.on('end', () => resolve(count));
    inflate.on('error', () => resolve(-1));
    inflate.end(data);
  }).then((n) => (n < 0 ? notWorkbook() : n));
}
