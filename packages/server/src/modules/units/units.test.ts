import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';

const t = useTestApp();

async function adminOf(kind: 'system_admin' | 'unit_admin' = 'system_admin') {
  const root = await makeUnit(t.db, { name: 'Thành phố thử' });
  const admin = await makeUser(t.db, root, kind);
  return { root, admin, auth: await authAs(t, admin) };
}

async function snapshot() {
  const units = await t.db.selectFrom('units').selectAll().orderBy('id').execute();
  const history = await t.db.selectFrom('unit_history').select(['unit_id', 'version']).orderBy('unit_id').orderBy('version').execute();
  return JSON.stringify({ units, history });
}

describe('unit tree', () => {
  it('creates, renames, moves and deactivates units, keeping every version', async () => {
    const { root, auth } = await adminOf();
    const dept = await call(t.app, 'POST', '/api/v1/units', { auth, body: { code: 'S-TC', name: 'Sở Tài chính', kind: 'department', parentId: root.id } });
    expect(dept.status).toBe(201);
    expect(dept.json).toMatchObject({ code: 'S-TC', parentId: root.id, parentName: 'Thành phố thử', depth: 1, active: true });
    const div = await call(t.app, 'POST', '/api/v1/units', { auth, body: { code: 'S-TC-P1', name: 'Phòng Ngân sách', kind: 'division', parentId: dept.json.id } });
    const other = await call(t.app, 'POST', '/api/v1/units', { auth, body: { code: 'S-KH', name: 'Sở Kế hoạch', kind: 'department', parentId: root.id } });

    const renamed = await call(t.app, 'PATCH', `/api/v1/units/${dept.json.id}`, { auth, body: { name: 'Sở Tài chính thành phố' } });
    expect(renamed.json.name).toBe('Sở Tài chính thành phố');
    const moved = await call(t.app, 'POST', `/api/v1/units/${dept.json.id}/move`, { auth, body: { parentId: other.json.id } });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ parentId: other.json.id, depth: 2 });
    const child = await call(t.app, 'GET', `/api/v1/units/${div.json.id}`, { auth });
    expect(child.json.depth).toBe(3);

    const tree = await call(t.app, 'GET', '/api/v1/units/tree', { auth });
    const mine = tree.json.find((n: { id: string }) => n.id === root.id);
    expect(mine.children[0].children[0].children[0].name).toBe('Phòng Ngân sách');

    const busy = await call(t.app, 'POST', `/api/v1/units/${dept.json.id}/deactivate`, { auth, body: {} });
    expect(busy.status).toBe(409);
    expect(busy.json.code).toBe('unit.has_active_children');
    expect((await call(t.app, 'POST', `/api/v1/units/${div.json.id}/deactivate`, { auth, body: {} })).json.active).toBe(false);
    const hidden = await call(t.app, 'GET', '/api/v1/units/tree', { auth });
    expect(JSON.stringify(hidden.json)).not.toContain(div.json.id);
    const shown = await call(t.app, 'GET', '/api/v1/units/tree?includeInactive=true', { auth });
    expect(JSON.stringify(shown.json)).toContain(div.json.id);

    const history = await call(t.app, 'GET', `/api/v1/units/${dept.json.id}/history`, { auth });
    expect(history.json.map((h: { change: string }) => h.change)).toEqual(['moved', 'renamed', 'created']);
    expect(history.json[1]).toMatchObject({ name: 'Sở Tài chính thành phố', version: 2 });
    expect(history.json[2]).toMatchObject({ name: 'Sở Tài chính', version: 1, parentName: 'Thành phố thử' });

    const audit = await t.db.selectFrom('audit_log').select('action').where('target_id', '=', dept.json.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['unit.created', 'unit.renamed', 'unit.moved']);
  });

  it('searches names without diacritics and sorts the Vietnamese way', async () => {
    const { root, auth } = await adminOf();
    for (const name of ['Xã Đông Hải', 'Phường Ân Thi', 'Phường An Lão', 'Xã Ðại Hợp']) {
      await call(t.app, 'POST', '/api/v1/units', { auth, body: { code: `Q-${name.length}-${Math.random().toString(36).slice(2, 7)}`, name, kind: 'commune', parentId: root.id } });
    }
    const res = await call(t.app, 'GET', `/api/v1/units?q=${encodeURIComponent('an')}&parentId=${root.id}`, { auth });
    expect(res.json.map((u: { name: string }) => u.name)).toEqual(['Phường An Lão', 'Phường Ân Thi']);
    const dong = await call(t.app, 'GET', `/api/v1/units?q=dong+hai&parentId=${root.id}`, { auth });
    expect(dong.json.map((u: { name: string }) => u.name)).toEqual(['Xã Đông Hải']);
  });
});

describe('bad input changes nothing', () => {
  it('refuses a unit moved under its own descendant', async () => {
    const { root, auth } = await adminOf();
    const a = await makeUnit(t.db, { parent: root });
    const b = await makeUnit(t.db, { parent: a });
    const before = await snapshot();
    for (const parentId of [b.id, a.id]) {
      const res = await call(t.app, 'POST', `/api/v1/units/${a.id}/move`, { auth, body: { parentId } });
      expect(res.status).toBe(409);
      expect(res.json.code).toBe('unit.cycle');
    }
    expect(await snapshot()).toBe(before);
  });

  it('refuses a duplicate unit code, whatever its case', async () => {
    const { root, auth } = await adminOf();
    await makeUnit(t.db, { parent: root, code: 'TRUNG-MA' });
    const before = await snapshot();
    const res = await call(t.app, 'POST', '/api/v1/units', { auth, body: { code: 'trung-ma', name: 'Khác', kind: 'department', parentId: root.id } });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: 'unit.code_taken', title: 'Mã đơn vị trung-ma đã được sử dụng' });
    expect(await snapshot()).toBe(before);
  });

  it('answers malformed JSON, wrong types, unknown fields, over-long strings and a 10 MB body with 4xx problem+json', async () => {
    const { root, auth } = await adminOf();
    const before = await snapshot();
    const auditBefore = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const cases: [unknown, number, string][] = [
      ['{"code": "A", "name": ', 400, 'body.malformed_json'],
      [{ code: 42, name: 'X', kind: 'department', parentId: root.id }, 400, 'validation'],
      [{ code: 'A1', name: 'X', kind: 'department', parentId: root.id, evil: true }, 400, 'validation'],
      [{ code: 'A2', name: 'X'.repeat(256), kind: 'department', parentId: root.id }, 400, 'validation'],
      [{ code: 'A3', name: 'X', kind: 'planet', parentId: root.id }, 400, 'validation'],
      [{ code: 'A4', name: 'X', kind: 'department', parentId: 'not-a-uuid' }, 400, 'validation'],
      [JSON.stringify({ code: 'A5', name: 'X'.repeat(10 * 1024 * 1024), kind: 'department', parentId: root.id }), 413, 'body.too_large'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call(t.app, 'POST', '/api/v1/units', { auth, body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json.code).toBe(code);
      expect(res.json.title).toMatch(/[àáảãạăâđêôơưý]/i);
    }
    const unknown = await call(t.app, 'POST', '/api/v1/units', { auth, body: { code: 'A1', name: 'X', kind: 'department', parentId: root.id, evil: true } });
    expect(unknown.json.errors).toEqual([{ path: 'body', message: 'Trường không được phép: evil' }]);
    const long = await call(t.app, 'POST', '/api/v1/units', { auth, body: { code: 'A2', name: 'X'.repeat(256), kind: 'department', parentId: root.id } });
    expect(long.json.errors).toEqual([{ path: 'body.name', message: 'Tối đa 255 ký tự' }]);
    const notFound = await call(t.app, 'POST', '/api/v1/units', { auth, body: { code: 'A6', name: 'X', kind: 'department', parentId: crypto.randomUUID() } });
    expect(notFound.status).toBe(404);
    expect(await snapshot()).toBe(before);
    const auditAfter = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(auditAfter.n)).toBe(Number(auditBefore.n));
  });
});

describe('import and export', () => {
  it('exports the subtree as CSV and XLSX and imports it back, creating and updating in one go', async () => {
    const { root, auth } = await adminOf();
    const csv = [
      'code,name,kind,parent_code,active',
      `IM-2,"Phòng Tổng hợp, Kế hoạch",division,IM-1,true`,
      `IM-1,Sở Xây dựng,department,${root.code},true`,
    ].join('\n');
    const res = await call(t.app, 'POST', '/api/v1/units/import', { auth, body: { format: 'csv', contentBase64: Buffer.from(csv).toString('base64') } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ created: 2, updated: 0, unchanged: 0 });

    const exported = await call(t.app, 'GET', `/api/v1/units/export?format=csv&rootId=${root.id}`, { auth });
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    expect(exported.body.startsWith('\uFEFF')).toBe(true);
    const lines = exported.body.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('code,name,kind,parent_code,active');
    expect(lines.slice(1)).toEqual([`${root.code},Thành phố thử,city,,true`, `IM-1,Sở Xây dựng,department,${root.code},true`, `IM-2,"Phòng Tổng hợp, Kế hoạch",division,IM-1,true`]);

    const xlsx = await call(t.app, 'GET', `/api/v1/units/export?format=xlsx&rootId=${root.id}`, { auth });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.getCell('B3').value = 'Sở Xây dựng (đổi tên)';
    ws.addRow(['IM-3', 'Phòng Quy hoạch', 'division', 'IM-1', 'true']);
    const edited = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const again = await call(t.app, 'POST', '/api/v1/units/import', { auth, body: { format: 'xlsx', contentBase64: edited } });
    expect(again.json).toEqual({ created: 1, updated: 1, unchanged: 2 });
    const renamed = await call(t.app, 'GET', `/api/v1/units?q=${encodeURIComponent('đổi tên')}`, { auth });
    expect(renamed.json).toHaveLength(1);
  });

  it('refuses the whole file when any row is wrong, listing every error', async () => {
    const { root, auth } = await adminOf();
    const before = await snapshot();
    const csv = [
      'code,name,kind,parent_code,active',
      `OK-1,Đơn vị hợp lệ,department,${root.code},true`,
      `BAD 2,Mã có dấu cách,department,${root.code},true`,
      `OK-3,Không có cấp trên,department,KHONG-CO,true`,
      `OK-4,Loại sai,planet,${root.code},true`,
    ].join('\n');
    const res = await call(t.app, 'POST', '/api/v1/units/import', { auth, body: { format: 'csv', contentBase64: Buffer.from(csv).toString('base64') } });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('unit.import_invalid');
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['Dòng 3, cột code', 'Dòng 5, cột kind']);
    expect(res.json.errors[1].message).toBe('Giá trị không thuộc danh sách cho phép');
    const second = await call(t.app, 'POST', '/api/v1/units/import', { auth, body: { format: 'csv', contentBase64: Buffer.from(csv.split('\n').filter((_, i) => i !== 2 && i !== 4).join('\n')).toString('base64') } });
    expect(second.json.errors).toEqual([{ path: 'Dòng 3', message: 'Không tìm thấy đơn vị cấp trên KHONG-CO' }]);
    expect(await snapshot()).toBe(before);
  });
});
