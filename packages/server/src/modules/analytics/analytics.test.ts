import type { SeriesResult } from '@baocao/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { makeCity, monthlyRegime, type City } from '../../../test/reporting.fixtures.js';
import { signAs, testSigning } from '../../../test/signing.fixtures.js';
import { readXlsxRows } from '../../platform/tabular.js';
import { seriesCsv } from './analytics.export.js';

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
    expect(r.citation.templates.map((x) => x.code)).toHaveLength(1);
    expect(r.citation.text).toMatch(/^Nguồn: Hệ thống thông tin báo cáo — Thành phố Hải Phòng\. Chỉ tiêu: .+ — Thu thuế — .+\. Biểu mẫu: .+\. Đơn vị: Thành phố Thử .+ truy xuất lúc 2026-12-01T09:00:00\+07:00\.$/);
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
    };
    const csv = seriesCsv(result).toString('utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"";""y"")",-5`);
    expect(csv).toContain("'@SUM(1)");
  });
});
