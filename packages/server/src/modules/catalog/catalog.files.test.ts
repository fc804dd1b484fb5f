import { crc32, deflateRawSync } from 'node:zlib';
import { INDICATOR_FILE_COLUMNS } from '@baocao/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth } from '../../../test/factories.js';
import { openTestDatabase, useTestApp } from '../../../test/harness.js';
import { verifyAuditChain, type Ctx } from '../../platform/audit.js';
import { fakeClock } from '../../platform/clock.js';
import { DEMO_SET_CODE, seedDemoIndicators } from './catalog.seed.js';

const t = useTestApp();

const HEADER = 'Mã chỉ tiêu,Tên chỉ tiêu,Mã chỉ tiêu cha,Đơn vị tính,Nhóm lĩnh vực,Kỳ công bố,Khái niệm,Phương pháp tính,Phân tổ chủ yếu,Nguồn số liệu,"Cơ quan chịu trách nhiệm thu thập, tổng hợp",Mã đơn vị chịu trách nhiệm,Đang sử dụng';
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

let n = 0;
async function draftSet(auth: Auth) {
  const res = await call(t.app, 'POST', '/api/v1/catalog/sets', { auth, body: { code: `TEP-${++n}-${Date.now().toString(36)}`, name: 'Bộ nhập tệp', ownerUnitId: null } });
  return res.json.id as string;
}
async function admin() {
  const root = await makeUnit(t.db, { name: 'Thành phố tệp' });
  return { root, auth: await authAs(t, await makeUser(t.db, root, 'system_admin')) };
}
const importFile = (auth: Auth, setId: string, format: 'csv' | 'xlsx', content: string | Buffer) =>
  call(t.app, 'POST', `/api/v1/catalog/sets/${setId}/import`, { auth, body: { format, contentBase64: b64(content) } });
const exportFile = (auth: Auth, setId: string, format: 'csv' | 'xlsx') => call(t.app, 'GET', `/api/v1/catalog/sets/${setId}/export?format=${format}`, { auth });

async function snapshot() {
  const tables = ['indicator_sets', 'indicators', 'field_groups', 'units_of_measure', 'audit_log'] as const;
  const counts = await Promise.all(tables.map((tb) => t.db.selectFrom(tb).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()));
  const indicators = await t.db.selectFrom('indicators').selectAll().orderBy('id').execute();
  return JSON.stringify({ counts, indicators });
}

/** A ZIP archive built by hand, so a test can hold a sheet far bigger than ExcelJS would write quickly. */
function zip(files: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const fileName = Buffer.from(name);
    const head = (sig: number, size: number) => {
      const h = Buffer.alloc(size);
      h.writeUInt32LE(sig, 0);
      return h;
    };
    const local = head(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const entry = head(0x02014b50, 46);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(data), 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, fileName, packed);
    central.push(entry, fileName);
    offset += 30 + fileName.length + packed.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

/** A real one-sheet workbook of `rows` rows holding 1 (Excel opens it); a million of them pack into 5 MB. */
function bigWorkbook(rows: number): Buffer {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const sheetRows: string[] = [];
  for (let r = 1; r <= rows; r++) sheetRows.push(`<row r="${r}"><c r="A${r}"><v>1</v></c></row>`);
  return zip([
    ['[Content_Types].xml', `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`],
    ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet xmlns="${ns}"><sheetData>${sheetRows.join('')}</sheetData></worksheet>`],
  ]);
}

describe('indicator set files', () => {
  it('imports a CSV, exports it as CSV and XLSX with Vietnamese headers, and reads both back unchanged', async () => {
    const { root, auth } = await admin();
    const setId = await draftSet(auth);
    const unitName = `nghìn tỷ đồng ${n}`;
    const csv = [
      'STT,' + HEADER,
      `1,R-02.1,"Công nghiệp, xây dựng",R-02,%,Nhóm tệp ${n},Năm,,,,,,,`,
      `2,R-01,Tổng sản phẩm,,${unitName},Nhóm tệp ${n},quý; 6 THÁNG; Năm,"Dòng một\nDòng hai",GDP(n1)/GDP(n0)×100 − 100,Khu vực kinh tế,Cục Thống kê,Cơ quan thống kê,${root.code.toLowerCase()},Có`,
      `3,R-02,Cơ cấu,,%,Nhóm tệp ${n},Năm,,,,,,,x`,
      `4,R-03,Chỉ tiêu cũ,,,,Tháng,,,,,,,Không`,
    ].join('\r\n');
    const first = await importFile(auth, setId, 'csv', csv);
    expect(first.json).toEqual({ created: 4, updated: 0, unchanged: 0, newUnitsOfMeasure: expect.arrayContaining([unitName]), newFieldGroups: [`Nhóm tệp ${n}`] });
    const child = (await call(t.app, 'GET', `/api/v1/catalog/indicators?setId=${setId}&q=cong+nghiep`, { auth })).json[0];
    expect(child).toMatchObject({ parentCode: 'R-02', unitOfMeasure: '%', position: 1 });

    const exported = await exportFile(auth, setId, 'csv');
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    expect(exported.headers['content-disposition']).toMatch(/filename="bo-chi-tieu-TEP-.*-v1\.csv"/);
    expect(exported.body.startsWith('\uFEFF')).toBe(true);
    const lines = exported.body.slice(1).split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines[1]).toBe(`R-02.1,"Công nghiệp, xây dựng",R-02,%,Nhóm tệp ${n},Năm,,,,,,,Có`);
    expect(lines[2]).toBe(`R-01,Tổng sản phẩm,,${unitName},Nhóm tệp ${n},"Quý, 6 tháng, Năm","Dòng một\nDòng hai",GDP(n1)/GDP(n0)×100 − 100,Khu vực kinh tế,Cục Thống kê,Cơ quan thống kê,${root.code},Có`);
    expect(lines[4]).toBe('R-03,Chỉ tiêu cũ,,,,Tháng,,,,,,,Không');

    expect((await importFile(auth, setId, 'csv', exported.body)).json).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    const copy = await draftSet(auth);
    expect((await importFile(auth, copy, 'csv', exported.body)).json).toEqual({ created: 4, updated: 0, unchanged: 0, newUnitsOfMeasure: [], newFieldGroups: [] });
    expect((await exportFile(auth, copy, 'csv')).body).toBe(exported.body);

    const xlsx = await exportFile(auth, setId, 'xlsx');
    const viaXlsx = await draftSet(auth);
    expect((await importFile(auth, viaXlsx, 'xlsx', xlsx.raw.rawPayload)).json.created).toBe(4);
    expect((await exportFile(auth, viaXlsx, 'csv')).body).toBe(exported.body);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, ...INDICATOR_FILE_COLUMNS.map((c) => c.header)]);
    ws.getCell('B3').value = 'Tổng sản phẩm trong nước';
    ws.addRow(['R-04', 'Chỉ tiêu thêm', 'R-01', '%', '', '9 tháng', '', '', '', '', '', '', 'Có']);
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    expect((await importFile(auth, setId, 'xlsx', edited)).json).toMatchObject({ created: 1, updated: 1, unchanged: 3 });
    const after = (await call(t.app, 'GET', `/api/v1/catalog/indicators?setId=${setId}&includeInactive=true`, { auth })).json;
    expect(after.map((i: { code: string; name: string }) => `${i.code} ${i.name}`)).toEqual(['R-02.1 Công nghiệp, xây dựng', 'R-01 Tổng sản phẩm trong nước', 'R-02 Cơ cấu', 'R-03 Chỉ tiêu cũ', 'R-04 Chỉ tiêu thêm']);
    expect(after[1]).toMatchObject({ concept: 'Dòng một\nDòng hai', responsibleUnitId: root.id, periodicity: ['quarter', 'half_year', 'year'] });
    const audit = await t.db.selectFrom('audit_log').select('details').where('target_id', '=', setId).where('action', '=', 'indicator_set.imported').orderBy('seq').execute();
    expect(audit.map((a) => (a.details as { updatedCodes: string[] }).updatedCodes)).toEqual([[], [], ['R-01']]);
  });

  it('refuses a file with any bad row whole, naming each row and column in Vietnamese, and saves nothing', async () => {
    const { auth } = await admin();
    const setId = await draftSet(auth);
    await importFile(auth, setId, 'csv', 'Mã chỉ tiêu,Tên chỉ tiêu,Kỳ công bố\nCO-SAN,Đã có,Năm');
    const before = await snapshot();
    const refuse = async (content: string, errors: { path: string; message: string }[]) => {
      const res = await importFile(auth, setId, 'csv', content);
      expect([res.status, res.json.code]).toEqual([400, 'catalog.import_invalid']);
      expect(res.json.errors).toEqual(errors);
    };
    await refuse(
      ['Mã chỉ tiêu,Tên chỉ tiêu,Mã chỉ tiêu cha,Kỳ công bố,Đang sử dụng', 'OK-1,Hợp lệ,,Năm,Có', 'BAD 2,Mã có dấu cách,,Năm,', 'OK-3,,,Năm,', 'OK-4,Kỳ sai,,Tuần,', 'ok-1,Trùng mã,,Năm,', 'OK-6,Trạng thái sai,,Năm,có lẽ'].join('\n'),
      [
        { path: 'Dòng 3, cột Mã chỉ tiêu', message: 'Mã chỉ gồm chữ không dấu, số và . _ -, bắt đầu bằng chữ hoặc số' },
        { path: 'Dòng 4, cột Tên chỉ tiêu', message: 'Thiếu tên chỉ tiêu' },
        { path: 'Dòng 5, cột Kỳ công bố', message: 'Kỳ công bố không hợp lệ; dùng: Tháng, Quý, 6 tháng, 9 tháng, Năm' },
        { path: 'Dòng 6, cột Mã chỉ tiêu', message: 'Mã ok-1 lặp lại (đã có ở dòng 2)' },
        { path: 'Dòng 7, cột Đang sử dụng', message: 'Ghi "Có" hoặc "Không"' },
      ],
    );
    await refuse(
      ['Mã chỉ tiêu,Tên chỉ tiêu,Mã chỉ tiêu cha,Kỳ công bố,Đang sử dụng,Mã đơn vị chịu trách nhiệm', 'OK-1,A,KHONG-CO,Năm,,', 'OK-2,B,OK-3,Năm,,', 'OK-3,C,OK-2,Năm,,', 'OK-4,D,CO-SAN,Năm,,KHONG-CO-DV', 'OK-5,E,OK-6,Năm,,', 'OK-6,F,,Năm,Không,'].join('\n'),
      [
        { path: 'Dòng 2, cột Mã chỉ tiêu cha', message: 'Không có chỉ tiêu mã KHONG-CO trong tệp hay trong bộ chỉ tiêu' },
        { path: 'Dòng 3, cột Mã chỉ tiêu cha', message: 'Chỉ tiêu cha tạo thành vòng lặp (chỉ tiêu là cha của chính nó qua các cấp)' },
        { path: 'Dòng 4, cột Mã chỉ tiêu cha', message: 'Chỉ tiêu cha tạo thành vòng lặp (chỉ tiêu là cha của chính nó qua các cấp)' },
        { path: 'Dòng 5, cột Mã đơn vị chịu trách nhiệm', message: 'Không có đơn vị mã KHONG-CO-DV' },
        { path: 'Dòng 6, cột Đang sử dụng', message: 'Chỉ tiêu OK-5 đang sử dụng nhưng chỉ tiêu cha OK-6 thì không' },
      ],
    );
    await refuse('Mã chỉ tiêu,Tên chỉ tiêu,Ghi chú\nA,B,C', [
      { path: 'Dòng 1', message: 'Cột "Ghi chú" không thuộc mẫu tệp' },
      { path: 'Dòng 1', message: 'Thiếu cột bắt buộc: Kỳ công bố' },
    ]);
    const lots = await importFile(auth, setId, 'csv', ['Mã chỉ tiêu,Tên chỉ tiêu,Kỳ công bố', ...Array.from({ length: 250 }, (_, i) => `SAI ${i},Tên,Năm`)].join('\n'));
    expect(lots.json.errors).toHaveLength(201);
    expect(lots.json.errors[200]).toEqual({ path: '…', message: 'Còn 50 lỗi khác' });
    expect(await snapshot()).toBe(before);
  });

  it('refuses what is not a workbook or UTF-8 text, and files over 20,000 rows, before reading them, saving nothing', async () => {
    const { auth } = await admin();
    const setId = await draftSet(auth);
    const realXlsx = (await exportFile(auth, setId, 'xlsx')).raw.rawPayload;
    const many = async (rows: number) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Chỉ tiêu');
      ws.addRow(['Mã chỉ tiêu', 'Tên chỉ tiêu', 'Kỳ công bố']);
      for (let i = 0; i < rows; i++) ws.addRow([`M-${i}`, `Chỉ tiêu ${i}`, 'Năm']);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const csvRows = (rows: number) => ['Mã chỉ tiêu,Tên chỉ tiêu,Kỳ công bố', ...Array.from({ length: rows }, (_, i) => `M-${i},Chỉ tiêu ${i},Năm`)].join('\n');
    const before = await snapshot();
    const cases: ['csv' | 'xlsx', string | Buffer, string][] = [
      ['xlsx', csvRows(2), 'import.not_workbook'],
      ['xlsx', Buffer.from('%PDF-1.7\n'), 'import.not_workbook'],
      ['xlsx', zip([['word/document.xml', '<w:document/>']]), 'import.not_workbook'],
      ['xlsx', zip([['xl/workbook.xml', 'not xml at all'], ['xl/worksheets/sheet1.xml', '<worksheet/>']]), 'import.not_workbook'],
      ['csv', realXlsx, 'catalog.import_not_text'],
      ['csv', Buffer.from([0x4d, 0xe3, 0x20, 0x63, 0x68, 0x69]), 'catalog.import_not_utf8'],
      ['csv', csvRows(20_001), 'import.too_many_rows'],
      ['xlsx', await many(20_001), 'import.too_many_rows'],
    ];
    for (const [format, content, code] of cases) {
      const res = await importFile(auth, setId, format, content);
      expect([res.status, res.json.code], `${format} ${code}`).toEqual([400, code]);
    }
    const tooMany = await importFile(auth, setId, 'csv', csvRows(20_001));
    expect(tooMany.json.title).toBe('Tệp có hơn 20.000 dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn');

    // A sheet of 1,000,000 rows is refused from its first 20,001 rows, without being loaded.
    const huge = bigWorkbook(1_000_000);
    const started = Date.now();
    const res = await importFile(auth, setId, 'xlsx', huge);
    expect([res.status, res.json.code]).toEqual([400, 'import.too_many_rows']);
    expect(Date.now() - started).toBeLessThan(10_000);
    const small = bigWorkbook(3);
    expect((await importFile(auth, setId, 'xlsx', small)).json.errors[0].message).toBe('Cột "1" không thuộc mẫu tệp');
    expect(await snapshot()).toBe(before);
  });

  it('loads the bundled demo set once, at first start: official, labelled a demo everywhere, with DEMO- codes only', async () => {
    const { db, close } = await openTestDatabase();
    try {
      const ctx: Ctx = { actor: null, ip: null, userAgent: 'test', requestId: null, clock: fakeClock() };
      const id = await seedDemoIndicators(db, ctx);
      expect(id).toBeTruthy();
      expect(await seedDemoIndicators(db, ctx)).toBeNull();
      const set = await db.selectFrom('indicator_sets').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
      expect(set).toMatchObject({ code: DEMO_SET_CODE, is_demo: true, status: 'official', owner_unit_id: null, version: 1 });
      expect(set.name.startsWith('Bộ chỉ tiêu mẫu (demo)')).toBe(true);
      expect(set.description).toContain('không phải danh mục chính thức');
      const rows = await db.selectFrom('indicators').selectAll().where('set_id', '=', id!).orderBy('position').execute();
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(rows.every((r) => /^DEMO-\d{2}(\.\d)?$/.test(r.code))).toBe(true);
      const names = rows.map((r) => r.name);
      for (const name of ['Tổng sản phẩm trong nước (GDP)', 'Cơ cấu tổng sản phẩm trong nước', 'Tốc độ tăng tổng sản phẩm trong nước', 'Năng suất lao động xã hội', 'Chỉ số sản xuất công nghiệp']) {
        expect(names).toContain(name);
      }
      const growth = rows.find((r) => r.name === 'Tốc độ tăng tổng sản phẩm trong nước')!;
      expect(growth.calculation_method).toContain('GDP(n1) / GDP(n0) × 100 − 100');
      expect(growth.periodicity).toEqual(['quarter', 'half_year', 'nine_months', 'year']);
      expect((await verifyAuditChain(db)).ok).toBe(true);
    } finally {
      await close();
    }
  });
});
