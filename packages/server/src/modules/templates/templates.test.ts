import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { sampleTemplate } from '../../../test/templates.fixtures.js';

const t = useTestApp();

async function setup() {
  const city = await makeUnit(t.db, { name: 'Thành phố' });
  const dept = await makeUnit(t.db, { parent: city, name: 'Sở Tài chính' });
  const designer = await authAs(t, await makeUser(t.db, dept, 'specialist'));
  const leader = await authAs(t, await makeUser(t.db, dept, 'leader'));
  return { city, dept, designer, leader };
}

async function create(auth: Auth, unitId: string, patch: (x: ReturnType<typeof sampleTemplate>) => void = () => {}) {
  const body = sampleTemplate(unitId);
  patch(body);
  return call(t.app, 'POST', '/api/v1/templates', { auth, body });
}

const countTemplates = async () => Number((await t.db.selectFrom('templates').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('designing templates', () => {
  it('creates a draft and saves it with the revision it was loaded at', async () => {
    const { dept, designer } = await setup();
    const res = await create(designer, dept.id);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'draft', version: 1, revision: 1, requestingUnitName: 'Sở Tài chính', periodicities: ['quarter'] });
    const body = { ...sampleTemplate(dept.id, res.json.code), revision: 1 };
    body.info.name = 'Kết quả thu ngân sách (sửa)';
    const saved = await call(t.app, 'PUT', `/api/v1/templates/${res.json.id}`, { auth: designer, body });
    expect(saved.json).toMatchObject({ name: 'Kết quả thu ngân sách (sửa)', revision: 2 });
    const stale = await call(t.app, 'PUT', `/api/v1/templates/${res.json.id}`, { auth: designer, body });
    expect(stale.status).toBe(409);
    expect(stale.json.code).toBe('template.stale');
    const audit = await t.db.selectFrom('audit_log').select('action').where('target_id', '=', res.json.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['template.created', 'template.updated']);
  });

  it('refuses formulas with an unknown reference, a cycle or text in a sum, naming the place, and saves nothing', async () => {
    const { dept, designer } = await setup();
    const before = await countTemplates();
    const unknown = await create(designer, dept.id, (b) => (b.definition.grid.columns[2]!.formula = 'TH / KHX * 100'));
    expect(unknown.status).toBe(400);
    expect(unknown.json.code).toBe('template.invalid');
    expect(unknown.json.errors[0].path).toBe('Cột TL');
    expect(unknown.json.errors[0].message).toMatch(/KHX/);
    const cycle = await create(designer, dept.id, (b) => {
      b.definition.grid.columns[0]!.formula = 'TL';
      b.definition.grid.columns[0]!.aggregation = 'formula';
    });
    expect(cycle.status).toBe(400);
    expect(cycle.json.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(/vòng tròn/i);
    const text = await create(designer, dept.id, (b) => (b.definition.grid.columns[2]!.formula = 'SUM(GC, TH)'));
    expect(text.status).toBe(400);
    const syntax = await create(designer, dept.id, (b) => (b.definition.grid.columns[2]!.formula = 'TH / (KH * 100'));
    expect(syntax.status).toBe(400);
    expect(await countTemplates()).toBe(before);
  });

  it('refuses a template code already used, whatever its case', async () => {
    const { dept, designer } = await setup();
    const first = await create(designer, dept.id);
    const again = await create(designer, dept.id, (b) => (b.info.code = first.json.code.toLowerCase()));
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('template.code_taken');
  });
});

describe('lifecycle (R14)', () => {
  it('goes draft → testing → official, notifies the units, and a new version retires the old without changing it', async () => {
    const { city, dept, designer, leader } = await setup();
    const commune = await makeUnit(t.db, { parent: dept, kind: 'commune' });
    const reader = await authAs(t, await makeUser(t.db, commune, 'viewer'));
    const { json: draft } = await create(designer, dept.id);
    const skip = await call(t.app, 'POST', `/api/v1/templates/${draft.id}/transition`, { auth: leader, body: { to: 'official', revision: 1 } });
    expect(skip.status).toBe(409);
    expect(skip.json.code).toBe('template.bad_transition');
    const testing = await call(t.app, 'POST', `/api/v1/templates/${draft.id}/transition`, { auth: designer, body: { to: 'testing', revision: 1 } });
    expect(testing.json.status).toBe('testing');
    // Tested for at most 5 working days (R14): the fake clock stands on Monday 2 March 2026.
    expect(testing.json.testingUntil).toBe('2026-03-09');
    const notAllowed = await call(t.app, 'POST', `/api/v1/templates/${draft.id}/transition`, { auth: designer, body: { to: 'official', revision: 2 } });
    expect(notAllowed.status).toBe(403);
    const official = await call(t.app, 'POST', `/api/v1/templates/${draft.id}/transition`, { auth: leader, body: { to: 'official', revision: 2 } });
    expect(official.json).toMatchObject({ status: 'official', publishedAt: t.clock.now().toISOString() });
    const notes = await call(t.app, 'GET', '/api/v1/notifications', { auth: reader });
    expect(notes.json[0].title).toBe(`Biểu mẫu ${draft.code} đã được ban hành chính thức`);
    const cityUser = await authAs(t, await makeUser(t.db, city, 'viewer'));
    expect((await call(t.app, 'GET', '/api/v1/notifications', { auth: cityUser })).json).toEqual([]);

    const edit = await call(t.app, 'PUT', `/api/v1/templates/${draft.id}`, { auth: designer, body: { ...sampleTemplate(dept.id, draft.code), revision: 3 } });
    expect(edit.status).toBe(409);
    const v2 = await call(t.app, 'POST', `/api/v1/templates/${draft.id}/versions`, { auth: designer, body: {} });
    expect(v2.json).toMatchObject({ version: 2, status: 'draft', code: draft.code, lineageId: draft.id });
    const changed = { ...sampleTemplate(dept.id, draft.code), revision: 1 };
    changed.definition.grid.rows.push({ code: 'R05', displayNo: '5', name: 'Thu viện trợ', unitOfMeasure: 'triệu đồng', level: 1 });
    expect((await call(t.app, 'PUT', `/api/v1/templates/${v2.json.id}`, { auth: designer, body: changed })).status).toBe(200);
    await call(t.app, 'POST', `/api/v1/templates/${v2.json.id}/transition`, { auth: designer, body: { to: 'testing', revision: 2 } });
    const v2Official = await call(t.app, 'POST', `/api/v1/templates/${v2.json.id}/transition`, { auth: leader, body: { to: 'official', revision: 3 } });
    expect(v2Official.json.status).toBe('official');
    const v1 = await call(t.app, 'GET', `/api/v1/templates/${draft.id}`, { auth: designer });
    expect(v1.json.status).toBe('retired');
    expect(v1.json.definition.grid.rows).toHaveLength(5);
  });

  it('lets only one of two concurrent publishers win', async () => {
    const { dept, designer, leader } = await setup();
    const { json: d } = await create(designer, dept.id);
    await call(t.app, 'POST', `/api/v1/templates/${d.id}/transition`, { auth: designer, body: { to: 'testing', revision: 1 } });
    const leader2 = await authAs(t, await makeUser(t.db, dept, 'leader'));
    const results = await Promise.all([leader, leader2].map((auth) => call(t.app, 'POST', `/api/v1/templates/${d.id}/transition`, { auth, body: { to: 'official', revision: 2 } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('library (R9, R12) and files', () => {
  it('shares an official template into the city library, where another unit finds it and copies it', async () => {
    const { dept, designer, leader } = await setup();
    const { json: d } = await create(designer, dept.id);
    await call(t.app, 'POST', `/api/v1/templates/${d.id}/transition`, { auth: designer, body: { to: 'testing', revision: 1 } });
    await call(t.app, 'POST', `/api/v1/templates/${d.id}/transition`, { auth: leader, body: { to: 'official', revision: 2 } });
    const other = await makeUnit(t.db, { name: 'Phường khác', kind: 'commune' });
    const stranger = await authAs(t, await makeUser(t.db, other, 'specialist'));
    expect((await call(t.app, 'GET', `/api/v1/templates/${d.id}`, { auth: stranger })).status).toBe(404);
    expect((await call(t.app, 'POST', `/api/v1/templates/${d.id}/share`, { auth: leader, body: { shared: true } })).json.shared).toBe(true);
    const found = await call(t.app, 'GET', `/api/v1/templates?scope=library&q=${encodeURIComponent('thu ngan sach')}`, { auth: stranger });
    expect(found.json.map((x: { id: string }) => x.id)).toContain(d.id);
    const copy = await call(t.app, 'POST', `/api/v1/templates/${d.id}/copy`, { auth: stranger, body: { code: `${d.code}-P`, requestingUnitId: other.id } });
    expect(copy.status).toBe(201);
    expect(copy.json).toMatchObject({ status: 'draft', basedOnId: d.id, requestingUnitId: other.id, name: 'Kết quả thu ngân sách (bản sao)' });
    const mine = await call(t.app, 'GET', '/api/v1/templates?scope=mine', { auth: stranger });
    expect(mine.json.map((x: { id: string }) => x.id)).toEqual([copy.json.id]);
  });

  it('exports as JSON and XLSX and imports both back to the same definition; refuses a file that is not a workbook', async () => {
    const { dept, designer } = await setup();
    const { json: d } = await create(designer, dept.id);
    const json = await call(t.app, 'GET', `/api/v1/templates/${d.id}/export?format=json`, { auth: designer });
    expect(json.json).toMatchObject({ format: 'baocao-template', formatVersion: 1, info: { code: d.code } });
    const fromJson = await call(t.app, 'POST', '/api/v1/templates/import', { auth: designer, body: { format: 'json', contentBase64: Buffer.from(json.body).toString('base64'), requestingUnitId: dept.id, code: `${d.code}-J` } });
    expect(fromJson.status).toBe(201);
    expect(fromJson.json.definition).toEqual(d.definition);
    const xlsx = await call(t.app, 'GET', `/api/v1/templates/${d.id}/export?format=xlsx`, { auth: designer });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Thông tin', 'Hàng', 'Cột', 'Ràng buộc']);
    expect(wb.getWorksheet('Cột')!.getCell('G4').value).toBe('TH / KH * 100');
    const fromXlsx = await call(t.app, 'POST', '/api/v1/templates/import', { auth: designer, body: { format: 'xlsx', contentBase64: xlsx.raw.rawPayload.toString('base64'), requestingUnitId: dept.id, code: `${d.code}-X` } });
    expect(fromXlsx.status).toBe(201);
    expect(fromXlsx.json.definition).toEqual(d.definition);
    const before = await countTemplates();
    const junk = await call(t.app, 'POST', '/api/v1/templates/import', { auth: designer, body: { format: 'xlsx', contentBase64: Buffer.from('không phải sổ tính').toString('base64'), requestingUnitId: dept.id } });
    expect(junk.status).toBe(400);
    expect(junk.json.code).toBe('import.not_workbook');
    wb.getWorksheet('Cột')!.getCell('G4').value = 'TH / KHONGCO * 100';
    const bad = await call(t.app, 'POST', '/api/v1/templates/import', { auth: designer, body: { format: 'xlsx', contentBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'), requestingUnitId: dept.id, code: `${d.code}-Y` } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe('Cột TL');
    expect(await countTemplates()).toBe(before);
  });
});

describe('narrative templates (R11)', () => {
  it('stores an outline of numbered sections with guidance and data placeholders, with Decree 30 layout defaults', async () => {
    const { dept, designer } = await setup();
    const res = await call(t.app, 'POST', '/api/v1/templates', {
      auth: designer,
      body: {
        info: { code: 'DC-KTXH', name: 'Báo cáo tình hình kinh tế - xã hội', regimeKind: 'periodic', periodicities: ['half_year', 'year'], fieldGroup: 'Tổng hợp', requestingUnitId: dept.id },
        definition: {
          kind: 'narrative',
          outline: [
            { number: 'I', title: 'Tình hình thực hiện', guidance: 'Nêu kết quả nổi bật trong kỳ.', placeholders: [{ key: 'tong_thu', label: 'Tổng thu ngân sách', source: { kind: 'cell', templateCode: 'BM-THU', row: 'R00', column: 'TH' } }], children: [{ number: '1', title: 'Kinh tế' }] },
            { number: 'II', title: 'Nhiệm vụ, giải pháp kỳ tới' },
          ],
          layout: { summary: 'Tình hình kinh tế - xã hội 6 tháng' },
        },
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.kind).toBe('narrative');
    expect(res.json.definition.outline[0].children[0]).toEqual({ number: '1', title: 'Kinh tế', guidance: '', placeholders: [], children: [] });
    expect(res.json.definition.layout).toMatchObject({ parentAgency: 'UBND THÀNH PHỐ HẢI PHÒNG', symbol: 'BC', recipients: ['Như trên;', 'Lưu: VT.'] });
    const xlsx = await call(t.app, 'GET', `/api/v1/templates/${res.json.id}/export?format=xlsx`, { auth: designer });
    expect(xlsx.status).toBe(400);
    expect(xlsx.json.code).toBe('template.xlsx_numeric_only');
  });
});
