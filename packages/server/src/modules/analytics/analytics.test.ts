import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SeriesResult } from '@baocao/core';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { makeCity, monthlyRegime, type City } from '../../../test/reporting.fixtures.js';
import { signAs, testSigning } from '../../../test/signing.fixtures.js';
import { readXlsxRows } from '../../platform/tabular.js';
import { seriesCsv } from './analytics.export.js';

/** The text of a DOCX as LibreOffice reads it (an independent reader of the file). */
async function docxText(bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'baocao-framework-'));
  try {
    await writeFile(join(dir, 'r.docx'), bytes);
    await run('soffice', ['--headless', `-env:UserInstallation=file://${dir}/lo`, '--convert-to', 'txt:Text', '--outdir', dir, join(dir, 'r.docx')], { timeout: 120_000 });
    return await readFile(join(dir, 'r.txt'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const run = promisify(execFile);
const signing = testSigning();
const t = useTestApp(signing.config);
let c: City;
const auth: Record<string, Auth> = {};

/** Two wards report December 2026 and Sở Tài chính accepts both; the third ward never answers. */
beforeAll(async () => {
  t.clock.set('2026-12-01T02:00:00Z');
  c = await makeCity(t);
  await signing.install(c.communes);
  auth.dept = c.designerAuth;
  auth.admin = await authAs(t, await makeUser(t.db, c.city, 'system_admin'));
  const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: monthlyRegime(c) });
  expect(regime.status, JSON.stringify(regime.json)).toBe(201);
  const figures: Record<string, Record<string, string>> = {
    b: { 'R01!KH': '1000.50', 'R01!TH': '900.25' },
    c: { 'R01!KH': '2000', 'R01!TH': '1999.99' },
  };
  for (const [key, unit] of [['b', c.communes[1]!], ['c', c.communes[2]!]] as const) {
    auth[key] = await authAs(t, await makeUser(t.db, unit, 'specialist'));
    const leader = await authAs(t, await makeUser(t.db, unit, 'leader'));
    const inbox = await call(t.app, 'GET', '/api/v1/inbox', { auth: auth[key]! });
    const id = inbox.json.items.find((i: { regimeId: string; roundKey: string }) => i.regimeId === regime.json.id && i.roundKey === '2026-M12').id;
    const saved = await call(t.app, 'PUT', `/api/v1/assignments/${id}/values`, { auth: auth[key]!, body: { baseVersion: 0, changes: figures[key], explanations: {} } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/assignments/${id}/submit`, { auth: auth[key]!, body: { version: saved.json.version } })).status).toBe(200);
    expect((await signAs(t, leader, id)).status).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/assignments/${id}/review`, { auth: auth.dept!, body: { decision: 'accept' } })).status).toBe(200);
  }
});

/** The library indicator linked to the template's first row (set by the indicator test). */
let indicatorId = '';

const question = (extra: Record<string, unknown> = {}) => ({
  measure: { kind: 'cell', lineageId: c.lineageId, rowCode: 'R01', columnCode: 'TH' },
  units: { rootUnitId: c.city.id, kind: 'commune' },
  periods: { from: '2026-01-01', to: '2026-12-31', kind: 'month' },
  ...extra,
});

describe('facts and exploration (R25, R26, R28)', () => {
  it('answers the department across every ward it asked, with exact totals and the source cited', async () => {
    const res = await call(t.app, 'POST', '/api/v1/analytics/series', { auth: auth.dept!, body: question() });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const r = res.json as SeriesResult;
    expect(r.points.map((p) => [p.unitName, p.periodKey, p.periodKind, p.periodFrom, p.periodTo, Number(p.value)])).toEqual([
      ['Phường Lê Chân Thử', '2026-M12', 'month', '2026-12-01', '2026-12-31', 900.25],
      ['Phường Ngô Quyền Thử', '2026-M12', 'month', '2026-12-01', '2026-12-31', 1999.99],
    ]);
    expect(r.totals).toEqual([{ periodKey: '2026-M12', periodFrom: '2026-12-01', value: '2900.24' }]);
    // Without DATABASE_READ_URL the primary answers, and says so.
    expect(r.source).toEqual({ replica: false });
    expect(r.citation.templates.map((x) => x.code)).toHaveLength(1);
    // The system is named after its root unit (the city on a province's instance), as GET /about says.
    const about = (await call(t.app, 'GET', '/api/v1/about')).json as { organisation: string; level: string };
    expect(about.level).toBe('province');
    expect(about.organisation).toBe((await t.db.selectFrom('units').select('name').where('parent_id', 'is', null).orderBy('created_at').orderBy('id').executeTakeFirstOrThrow()).name);
    expect(r.citation.text.startsWith(`Nguồn: Hệ thống thông tin báo cáo — ${about.organisation}. Chỉ tiêu: `)).toBe(true);
    expect(r.citation.text).toMatch(/\. Chỉ tiêu: .+ — Thu thuế — .+\. Biểu mẫu: .+\. Đơn vị: Thành phố Thử .+ truy xuất lúc 2026-12-01T09:00:00\+07:00\.$/);
  });

  it('keeps each person to their scope: a ward sees its own figures only; another city is refused', async () => {
    const ward = await call(t.app, 'POST', '/api/v1/analytics/series', { auth: auth.b!, body: question() });
    expect(ward.json.points.map((p: { unitName: string }) => p.unitName)).toEqual(['Phường Lê Chân Thử']);
    const admin = await call(t.app, 'POST', '/api/v1/analytics/series', { auth: auth.admin!, body: question() });
    expect(admin.json.points).toHaveLength(2);
    const elsewhere = await makeUnit(t.db, { name: 'Thành phố khác' });
    const stranger = await authAs(t, await makeUser(t.db, await makeUnit(t.db, { parent: elsewhere }), 'leader'));
    const refused = await call(t.app, 'POST', '/api/v1/analytics/series', { auth: stranger, body: question() });
    expect([refused.status, refused.json.code]).toEqual([403, 'analytics.out_of_scope']);
    const badCell = await call(t.app, 'POST', '/api/v1/analytics/series', { auth: auth.dept!, body: question({ measure: { kind: 'cell', lineageId: c.lineageId, rowCode: 'R99', columnCode: 'TH' } }) });
    expect([badCell.status, badCell.json.code]).toEqual([400, 'analytics.unknown_cell']);
    const backwards = await call(t.app, 'POST', '/api/v1/analytics/series', { auth: auth.dept!, body: question({ periods: { from: '2026-12-31', to: '2026-01-01' } }) });
    expect([backwards.status, backwards.json.code]).toEqual([400, 'validation']);
  });

  it('compares with the plan, the same period last year and the sum since January, in exact decimals', async () => {
    // Earlier rounds of the same report rows (November 2026, December 2025), as accepted reports leave them.
    const dec = await t.db.selectFrom('facts').selectAll().where('period_key', '=', '2026-M12').where('superseded_at', 'is', null).execute();
    const copy = (key: string, from: string, to: string, scale: string) =>
      dec.filter((f) => f.unit_id === c.communes[1]!.id).map(({ id: _id, ...f }) => ({ ...f, period_key: key, period_from: from, period_to: to, value: (Number(f.value) * Number(scale)).toFixed(2) }));
    await t.db.insertInto('facts').values([...copy('2026-M11', '2026-11-01', '2026-11-30', '0.5'), ...copy('2025-M12', '2025-12-01', '2025-12-31', '0.8')]).execute();
    onTestFinished(() => t.db.deleteFrom('facts').where('period_key', 'in', ['2026-M11', '2025-M12']).execute().then(() => undefined));
    const res = await call(t.app, 'POST', '/api/v1/analytics/series', {
      auth: auth.dept!, body: question({ periods: { from: '2026-11-01', to: '2026-12-31', kind: 'month' }, compare: { planColumnCode: 'KH', previousYear: true, yearToDate: true } }),
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const r = res.json as SeriesResult;
    expect(r.points.map((p) => [p.unitName, p.periodKey, p.value, p.plan, p.previousYear, p.yearToDate])).toEqual([
      ['Phường Lê Chân Thử', '2026-M11', '450.13', '500.25', null, '450.13'],
      ['Phường Lê Chân Thử', '2026-M12', '900.25', '1000.50', '720.20', '1350.38'],
      ['Phường Ngô Quyền Thử', '2026-M12', '1999.99', '2000', null, '1999.99'],
    ]);
    expect(r.totals).toEqual([
      { periodKey: '2026-M11', periodFrom: '2026-11-01', value: '450.13', plan: '500.25', previousYear: null, yearToDate: '450.13' },
      { periodKey: '2026-M12', periodFrom: '2026-12-01', value: '2900.24', plan: '3000.50', previousYear: '720.20', yearToDate: '3350.37' },
    ]);
    expect(r.citation.text).toContain('So sánh: kế hoạch (cột KH), cùng kỳ năm trước, lũy kế từ đầu năm.');
    // Without comparisons the answer carries none of them.
    const plain = await call(t.app, 'POST', '/api/v1/analytics/series', { auth: auth.dept!, body: question() });
    expect(Object.keys(plain.json.points[0]).sort()).toEqual(['periodFrom', 'periodKey', 'periodKind', 'periodTo', 'unitId', 'unitName', 'value']);
    // The comparison sheet of the export carries the ratios.
    const xlsx = await call(t.app, 'POST', '/api/v1/analytics/series.xlsx', {
      auth: auth.dept!, body: question({ periods: { from: '2026-11-01', to: '2026-12-31', kind: 'month' }, compare: { planColumnCode: 'KH', previousYear: true, yearToDate: true } }),
    });
    const sheet = await readXlsxRows(xlsx.raw.rawPayload, 'So sanh');
    expect(sheet[0]).toEqual(['Đơn vị', 'Kỳ', 'Số liệu', 'Kế hoạch', '% kế hoạch', 'Cùng kỳ năm trước', '% so với cùng kỳ', 'Lũy kế từ đầu năm']);
    expect(sheet[2]).toEqual(['Phường Lê Chân Thử', 'Tháng 12/2026', '900.25', '1000.5', '90', '720.2', '25', '1350.38']);
  });

  it('refuses comparisons that cannot be made, with the reason', async () => {
    const same = await call(t.app, 'POST', '/api/v1/analytics/series', { auth: auth.dept!, body: question({ compare: { planColumnCode: 'TH' } }) });
    expect([same.status, same.json.code]).toEqual([400, 'validation']);
    const ytd = await call(t.app, 'POST', '/api/v1/analytics/series', { auth: auth.dept!, body: question({ periods: { from: '2026-01-01', to: '2026-12-31' }, compare: { yearToDate: true } }) });
    expect([ytd.status, ytd.json.code]).toEqual([400, 'validation']);
    expect(ytd.json.detail ?? JSON.stringify(ytd.json)).toMatch(/Lũy kế/);
    const noColumn = await call(t.app, 'POST', '/api/v1/analytics/series', { auth: auth.dept!, body: question({ compare: { planColumnCode: 'ZZ' } }) });
    expect([noColumn.status, noColumn.json.code]).toEqual([400, 'analytics.unknown_cell']);
  });

  it('answers an indicator question: the columns that carry it, then its figures across every template row linked to it', async () => {
    const set = await call(t.app, 'POST', '/api/v1/catalog/sets', { auth: auth.admin!, body: { code: 'BCT-PT', name: 'Bộ chỉ tiêu phân tích', ownerUnitId: null } });
    expect(set.status, JSON.stringify(set.json)).toBe(201);
    const ind = await call(t.app, 'POST', '/api/v1/catalog/indicators', { auth: auth.admin!, body: { setId: set.json.id, code: 'THU-NS', name: 'Thu ngân sách', periodicity: ['month'] } });
    expect(ind.status, JSON.stringify(ind.json)).toBe(201);
    indicatorId = ind.json.id;
    // The template's first row is linked to the indicator (as the designer does), and so are its facts.
    const tpl = await t.db.selectFrom('templates').select(['id', 'definition']).where('lineage_id', '=', c.lineageId).where('status', '=', 'official').executeTakeFirstOrThrow();
    const def = (typeof tpl.definition === 'string' ? JSON.parse(tpl.definition) : tpl.definition) as { grid: { rows: { code: string; indicatorId?: string }[] } };
    def.grid.rows.find((r) => r.code === 'R01')!.indicatorId = ind.json.id;
    await t.db.updateTable('templates').set({ definition: JSON.stringify(def) }).where('id', '=', tpl.id).execute();
    await t.db.updateTable('facts').set({ indicator_id: ind.json.id }).where('lineage_id', '=', c.lineageId).where('row_code', '=', 'R01').execute();
    const cols = await call(t.app, 'GET', `/api/v1/analytics/indicators/${ind.json.id}/columns`, { auth: auth.dept! });
    expect(cols.status, JSON.stringify(cols.json)).toBe(200);
    expect(cols.json.map((x: { code: string }) => x.code)).toEqual(expect.arrayContaining(['KH', 'TH']));
    const res = await call(t.app, 'POST', '/api/v1/analytics/series', {
      auth: auth.dept!, body: question({ measure: { kind: 'indicator', indicatorId: ind.json.id, columnCode: 'TH' }, compare: { planColumnCode: 'KH' } }),
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.totals).toEqual([{ periodKey: '2026-M12', periodFrom: '2026-12-01', value: '2900.24', plan: '3000.50' }]);
    expect(res.json.citation.measure).toBe('THU-NS Thu ngân sách (cột TH)');
    const unknown = await call(t.app, 'GET', `/api/v1/analytics/indicators/${c.city.id}/columns`, { auth: auth.dept! });
    expect([unknown.status, unknown.json.code]).toEqual([404, 'not_found']);
  });

  it('writes the framework report on the plan (R40): plan against actual by indicator and period, DOCX and XLSX', async () => {
    const body = { rootUnitId: c.city.id, year: 2026, periodKind: 'month', indicatorIds: [indicatorId], actualColumnCode: 'TH', planColumnCode: 'KH' };
    const xlsx = await call(t.app, 'POST', '/api/v1/analytics/framework-report.xlsx', { auth: auth.dept!, body });
    expect(xlsx.status, xlsx.body.slice(0, 300)).toBe(200);
    const summary = await readXlsxRows(xlsx.raw.rawPayload, 'Tong hop');
    expect(summary[0]![0]).toBe('Kết quả thực hiện các chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2026 — Thành phố Thử');
    expect(summary[1]![0]).toMatch(/^Nguồn: Hệ thống thông tin báo cáo/);
    expect(summary[2]).toEqual(['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Kỳ gần nhất', 'Thực hiện kỳ', 'Lũy kế từ đầu năm', 'So với kế hoạch năm (%)', 'So với cùng kỳ năm trước (%)']);
    // Plan 1000.50 + 2000, done 900.25 + 1999.99 = 2900.24, i.e. 96.7 % of the plan; no figures a year before.
    expect(summary[3]).toEqual(['1', 'Thu ngân sách (THU-NS)', '', '3000.5', 'Tháng 12/2026', '2900.24', '2900.24', '96.7', '']);
    const detail = await readXlsxRows(xlsx.raw.rawPayload, 'Chi tiet');
    expect(detail[1]).toEqual(['Thu ngân sách (THU-NS)', 'Tháng 12/2026', '3000.5', '2900.24', '96.7', '', '']);
    const docx = await call(t.app, 'POST', '/api/v1/analytics/framework-report.docx', { auth: auth.dept!, body });
    expect(docx.status).toBe(200);
    const text = await docxText(docx.raw.rawPayload);
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Kết quả thực hiện các chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2026');
    expect(text).toContain('Thu ngân sách (THU-NS)');
    expect(text).toContain('2.900,24');
    expect(text).toContain('96,7');
    // Bad input: no indicator, an unknown one, another city's subtree.
    const none = await call(t.app, 'POST', '/api/v1/analytics/framework-report.xlsx', { auth: auth.dept!, body: { ...body, indicatorIds: [] } });
    expect([none.status, none.json.code]).toEqual([400, 'validation']);
    const unknown = await call(t.app, 'POST', '/api/v1/analytics/framework-report.docx', { auth: auth.dept!, body: { ...body, indicatorIds: [c.city.id] } });
    expect([unknown.status, unknown.json.code]).toEqual([404, 'not_found']);
    const ward = await call(t.app, 'POST', '/api/v1/analytics/framework-report.xlsx', { auth: auth.b!, body: { ...body, rootUnitId: c.communes[2]!.id } });
    expect([ward.status, ward.json.code]).toEqual([403, 'analytics.out_of_scope']);
  });

  it('exports the pivot to XLSX and CSV with the citation on top', async () => {
    const csv = await call(t.app, 'POST', '/api/v1/analytics/series.csv', { auth: auth.dept!, body: question() });
    expect(csv.status).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^"?Nguồn: Hệ thống thông tin báo cáo/);
    expect(lines.slice(2, 6)).toEqual(['Đơn vị,Tháng 12/2026', 'Phường Lê Chân Thử,900.25', 'Phường Ngô Quyền Thử,1999.99', 'Tổng cộng,2900.24']);
    const xlsx = await call(t.app, 'POST', '/api/v1/analytics/series.xlsx', { auth: auth.dept!, body: question() });
    expect(xlsx.status).toBe(200);
    const rows = await readXlsxRows(xlsx.raw.rawPayload);
    expect(rows[0]![0]).toMatch(/^Nguồn: /);
    expect(rows.at(-1)!.slice(0, 2)).toEqual(['Tổng cộng', '2900.24']);
  });

  it('never lets a unit name run as a formula in a spreadsheet', () => {
    const result: SeriesResult = {
      points: [{ unitId: c.city.id, unitName: '=HYPERLINK("http://x";"y")', periodKey: '2026-M12', periodKind: 'month', periodFrom: '2026-12-01', periodTo: '2026-12-31', value: '-5' }],
      totals: [{ periodKey: '2026-M12', periodFrom: '2026-12-01', value: '-5' }],
      citation: { system: 's', measure: 'm', templates: [], units: 'u', periods: 'p', retrievedAt: 'r', text: '@SUM(1)' },
      source: { replica: false },
    };
    const csv = seriesCsv(result).toString('utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"";""y"")",-5`);
    expect(csv).toContain("'@SUM(1)");
  });
});
