import { describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';

const t = useTestApp();

let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

async function adminOf(role: 'system_admin' | 'unit_admin' = 'system_admin') {
  const root = await makeUnit(t.db, { name: 'Thành phố thử' });
  const admin = await makeUser(t.db, root, role);
  return { root, admin, auth: await authAs(t, admin) };
}

async function newSet(auth: Auth, ownerUnitId: string | null, extra: Record<string, unknown> = {}) {
  const res = await call(t.app, 'POST', '/api/v1/catalog/sets', { auth, body: { code: unique('BCT'), name: 'Bộ chỉ tiêu thử', ownerUnitId, ...extra } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}

async function addIndicator(auth: Auth, setId: string, body: Record<string, unknown> = {}) {
  const res = await call(t.app, 'POST', '/api/v1/catalog/indicators', { auth, body: { setId, code: unique('CT'), name: 'Chỉ tiêu thử', periodicity: ['year'], ...body } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}

/** Everything the catalog stores, and how many audit records there are. */
async function snapshot() {
  const sets = await t.db.selectFrom('indicator_sets').selectAll().orderBy('id').execute();
  const indicators = await t.db.selectFrom('indicators').selectAll().orderBy('id').execute();
  const refs = [...(await t.db.selectFrom('field_groups').select('id').execute()), ...(await t.db.selectFrom('units_of_measure').select('id').execute())];
  const audit = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return JSON.stringify({ sets, indicators, refs: refs.map((r) => r.id).sort(), audit: audit.n });
}

describe('indicator library', () => {
  it('builds a set of indicators in a tree, with field groups and units of measure, and finds them without diacritics', async () => {
    const { root, auth } = await adminOf();
    const group = await call(t.app, 'POST', '/api/v1/catalog/field-groups', { auth, body: { code: unique('NLV'), name: `Tăng trưởng kinh tế ${n}` } });
    expect(group.status).toBe(201);
    const again = await call(t.app, 'POST', '/api/v1/catalog/field-groups', { auth, body: { code: unique('NLV'), name: `TANG TRUONG kinh te ${n - 1}` } });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 'catalog.name_taken', title: `Đã có nhóm lĩnh vực "Tăng trưởng kinh tế ${n - 1}"` });
    const percent = await call(t.app, 'POST', '/api/v1/catalog/units-of-measure', { auth, body: { code: unique('PT'), name: `phần trăm ${n}` } });
    expect((await call(t.app, 'POST', '/api/v1/catalog/units-of-measure', { auth, body: { code: percent.json.code.toLowerCase(), name: 'khác' } })).json.code).toBe('catalog.code_taken');

    const set = await newSet(auth, null, { legalBasis: 'Quyết định thử' });
    expect(set).toMatchObject({ version: 1, status: 'draft', isDemo: false, ownerUnitId: null, indicatorCount: 0, versions: [{ version: 1, status: 'draft' }] });
    const gdp = await addIndicator(auth, set.id, { name: 'Tổng sản phẩm trong nước', fieldGroupId: group.json.id, periodicity: ['year', 'quarter'] });
    expect(gdp).toMatchObject({ setCode: set.code, setVersion: 1, fieldGroup: group.json.name, periodicity: ['quarter', 'year'], lineageId: gdp.id, position: 1 });
    const growth = await addIndicator(auth, set.id, {
      name: 'Tốc độ tăng trưởng GDP',
      parentId: gdp.id,
      unitOfMeasureId: percent.json.id,
      calculationMethod: 'GDP(n1)/GDP(n0)×100 − 100',
      responsibleUnit: 'Cơ quan thống kê',
      responsibleUnitId: root.id,
    });
    expect(growth).toMatchObject({ parentCode: gdp.code, unitOfMeasure: percent.json.name, responsibleUnitCode: root.code, position: 2 });

    const found = await call(t.app, 'GET', `/api/v1/catalog/indicators?q=${encodeURIComponent('toc do TANG')}&setId=${set.id}`, { auth });
    expect(found.json.map((i: { id: string }) => i.id)).toEqual([growth.id]);
    const byGroup = await call(t.app, 'GET', `/api/v1/catalog/indicators?fieldGroupId=${group.json.id}`, { auth });
    expect(byGroup.json.map((i: { id: string }) => i.id)).toEqual([gdp.id]);
    const quarterly = await call(t.app, 'GET', `/api/v1/catalog/indicators?setId=${set.id}&periodicity=quarter`, { auth });
    expect(quarterly.json.map((i: { id: string }) => i.id)).toEqual([gdp.id]);
    const sets = await call(t.app, 'GET', `/api/v1/catalog/sets?q=${encodeURIComponent('bo chi tieu thu')}`, { auth });
    expect(sets.json.find((s: { id: string }) => s.id === set.id)).toMatchObject({ indicatorCount: 2, legalBasis: 'Quyết định thử' });

    const renamed = await call(t.app, 'PATCH', `/api/v1/catalog/indicators/${growth.id}`, { auth, body: { name: 'Tốc độ tăng tổng sản phẩm trong nước', periodicity: ['nine_months', 'quarter'] } });
    expect(renamed.json).toMatchObject({ name: 'Tốc độ tăng tổng sản phẩm trong nước', periodicity: ['quarter', 'nine_months'] });
    const same = await call(t.app, 'PATCH', `/api/v1/catalog/indicators/${growth.id}`, { auth, body: { name: 'Tốc độ tăng tổng sản phẩm trong nước' } });
    expect(same.status).toBe(200);

    const taken = await call(t.app, 'PATCH', `/api/v1/catalog/indicators/${growth.id}`, { auth, body: { code: gdp.code.toLowerCase() } });
    expect(taken.json.code).toBe('catalog.indicator_code_taken');
    const loop = await call(t.app, 'PATCH', `/api/v1/catalog/indicators/${gdp.id}`, { auth, body: { parentId: growth.id } });
    expect(loop.status).toBe(400);
    expect(loop.json.errors).toEqual([{ path: 'body.parentId', message: 'Chỉ tiêu cha không được là chính nó hoặc chỉ tiêu con của nó' }]);
    const busy = await call(t.app, 'PATCH', `/api/v1/catalog/indicators/${gdp.id}`, { auth, body: { active: false } });
    expect(busy.json.code).toBe('catalog.indicator_has_active_children');
    expect((await call(t.app, 'PATCH', `/api/v1/catalog/indicators/${growth.id}`, { auth, body: { active: false } })).json.active).toBe(false);
    const visible = await call(t.app, 'GET', `/api/v1/catalog/indicators?setId=${set.id}`, { auth });
    expect(visible.json.map((i: { id: string }) => i.id)).toEqual([gdp.id]);
    const all = await call(t.app, 'GET', `/api/v1/catalog/indicators?setId=${set.id}&includeInactive=true`, { auth });
    expect(all.json).toHaveLength(2);

    const audit = await t.db.selectFrom('audit_log').select('action').where('target_id', '=', growth.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['indicator.created', 'indicator.updated', 'indicator.deactivated']);
  });

  it('publishing freezes a version; a new version is a draft copy, and publishing it retires the old one, which stays readable', async () => {
    const { auth } = await adminOf();
    const v1 = await newSet(auth, null);
    const parent = await addIndicator(auth, v1.id, { name: 'Cơ cấu GDP' });
    const child = await addIndicator(auth, v1.id, { name: 'Dịch vụ', parentId: parent.id });
    const empty = await newSet(auth, null);
    expect((await call(t.app, 'POST', `/api/v1/catalog/sets/${empty.id}/publish`, { auth, body: {} })).json.code).toBe('catalog.set_empty');

    const published = await call(t.app, 'POST', `/api/v1/catalog/sets/${v1.id}/publish`, { auth, body: {} });
    expect(published.json).toMatchObject({ status: 'official', publishedAt: t.clock.now().toISOString() });
    const before = await snapshot();
    const frozen = [
      await call(t.app, 'PATCH', `/api/v1/catalog/indicators/${child.id}`, { auth, body: { name: 'Đổi' } }),
      await call(t.app, 'POST', '/api/v1/catalog/indicators', { auth, body: { setId: v1.id, code: 'THEM', name: 'Thêm', periodicity: ['year'] } }),
      await call(t.app, 'PATCH', `/api/v1/catalog/sets/${v1.id}`, { auth, body: { name: 'Đổi' } }),
      await call(t.app, 'POST', `/api/v1/catalog/sets/${v1.id}/import`, { auth, body: { format: 'csv', contentBase64: Buffer.from('Mã chỉ tiêu,Tên chỉ tiêu,Kỳ công bố\nX,Y,Năm').toString('base64') } }),
    ];
    for (const res of frozen) expect([res.status, res.json.code]).toEqual([409, 'catalog.set_frozen']);
    expect(frozen[0]!.json.title).toBe(`Bộ chỉ tiêu ${v1.code} phiên bản 1 đã ban hành, không sửa được; hãy tạo phiên bản mới`);
    expect((await call(t.app, 'POST', `/api/v1/catalog/sets/${v1.id}/publish`, { auth, body: {} })).json.code).toBe('catalog.set_not_draft');
    expect(await snapshot()).toBe(before);
    // The database keeps the version frozen even against a bug in the code above it.
    await expect(t.db.updateTable('indicators').set({ name: 'x' }).where('id', '=', child.id).execute()).rejects.toThrow(/frozen/);
    await expect(t.db.deleteFrom('indicators').where('id', '=', child.id).execute()).rejects.toThrow(/never deleted/);
    await expect(t.db.updateTable('indicator_sets').set({ name: 'x' }).where('id', '=', v1.id).execute()).rejects.toThrow(/frozen/);

    const v2res = await call(t.app, 'POST', `/api/v1/catalog/sets/${v1.id}/new-version`, { auth, body: {} });
    expect(v2res.status).toBe(201);
    const v2 = v2res.json;
    expect(v2).toMatchObject({ code: v1.code, version: 2, status: 'draft', previousId: v1.id, indicatorCount: 2 });
    expect(v2.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, 'draft'], [1, 'official']]);
    expect((await call(t.app, 'POST', `/api/v1/catalog/sets/${v1.id}/new-version`, { auth, body: {} })).json.code).toBe('catalog.draft_exists');
    expect((await call(t.app, 'POST', `/api/v1/catalog/sets/${v2.id}/new-version`, { auth, body: {} })).json.code).toBe('catalog.set_is_draft');

    const copies = (await call(t.app, 'GET', `/api/v1/catalog/indicators?setId=${v2.id}`, { auth })).json;
    expect(copies.map((c: { lineageId: string }) => c.lineageId)).toEqual([parent.id, child.id]);
    expect(copies[1].parentId).toBe(copies[0].id);
    expect(copies[0].id).not.toBe(parent.id);
    await call(t.app, 'PATCH', `/api/v1/catalog/indicators/${copies[1].id}`, { auth, body: { name: 'Dịch vụ (sửa ở phiên bản 2)' } });
    await addIndicator(auth, v2.id, { name: 'Chỉ tiêu mới ở phiên bản 2' });

    const out = await call(t.app, 'POST', `/api/v1/catalog/sets/${v2.id}/publish`, { auth, body: {} });
    expect(out.json.versions.map((v: { status: string }) => v.status)).toEqual(['official', 'retired']);
    const old = await call(t.app, 'GET', `/api/v1/catalog/sets/${v1.id}`, { auth });
    expect(old.json).toMatchObject({ status: 'retired', retiredAt: t.clock.now().toISOString(), indicatorCount: 2 });
    expect((await call(t.app, 'GET', `/api/v1/catalog/indicators/${child.id}`, { auth })).json).toMatchObject({ name: 'Dịch vụ', setStatus: 'retired' });
    const current = await call(t.app, 'GET', `/api/v1/catalog/indicators?q=dich+vu`, { auth });
    expect(current.json.map((i: { name: string; setVersion: number }) => [i.name, i.setVersion])).toEqual([['Dịch vụ (sửa ở phiên bản 2)', 2]]);
    const defaultList = (await call(t.app, 'GET', '/api/v1/catalog/sets', { auth })).json.map((s: { id: string }) => s.id);
    expect(defaultList).toContain(v2.id);
    expect(defaultList).not.toContain(v1.id);
    expect((await call(t.app, 'GET', '/api/v1/catalog/sets?status=retired', { auth })).json.map((s: { id: string }) => s.id)).toContain(v1.id);

    expect((await call(t.app, 'POST', `/api/v1/catalog/sets/${v2.id}/retire`, { auth, body: {} })).json.status).toBe('retired');
    expect((await call(t.app, 'POST', `/api/v1/catalog/sets/${v2.id}/retire`, { auth, body: {} })).json.code).toBe('catalog.set_retired');
    const v3 = await call(t.app, 'POST', `/api/v1/catalog/sets/${v1.id}/new-version`, { auth, body: {} });
    expect(v3.json).toMatchObject({ version: 3, previousId: v1.id, indicatorCount: 2 });
    const trail = await t.db.selectFrom('audit_log').select(['action', 'target_id']).where('target_id', 'in', [v1.id, v2.id]).orderBy('seq').execute();
    expect(trail.map((a) => `${a.action}:${a.target_id === v1.id ? 1 : 2}`)).toEqual([
      'indicator_set.created:1',
      'indicator_set.published:1',
      'indicator_set.versioned:2',
      'indicator_set.retired:1',
      'indicator_set.published:2',
      'indicator_set.retired:2',
    ]);
  });

  it('lets administrators change only sets of units in their scope, and the shared library only to system administrators', async () => {
    const city = await makeUnit(t.db, { name: 'Thành phố phạm vi' });
    const deptA = await makeUnit(t.db, { parent: city, name: 'Sở A' });
    const deptB = await makeUnit(t.db, { parent: city, name: 'Sở B' });
    const adminA = await authAs(t, await makeUser(t.db, deptA, 'unit_admin'));
    const adminB = await authAs(t, await makeUser(t.db, deptB, 'unit_admin'));
    const cityAdmin = await authAs(t, await makeUser(t.db, city, 'unit_admin'));
    const specialistA = await authAs(t, await makeUser(t.db, deptA, 'specialist'));
    const viewerB = await authAs(t, await makeUser(t.db, deptB, 'viewer'));

    const setA = await newSet(adminA, deptA.id);
    expect(setA).toMatchObject({ ownerUnitId: deptA.id, ownerUnitName: 'Sở A' });
    const ind = await addIndicator(adminA, setA.id);
    expect((await call(t.app, 'POST', '/api/v1/catalog/sets', { auth: adminA, body: { code: unique('X'), name: 'X', ownerUnitId: deptB.id } })).status).toBe(404);
    const shared = await call(t.app, 'POST', '/api/v1/catalog/sets', { auth: adminA, body: { code: unique('X'), name: 'X', ownerUnitId: null } });
    expect([shared.status, shared.json.title]).toEqual([403, 'Chỉ quản trị hệ thống được tạo bộ chỉ tiêu dùng chung của thành phố']);

    const before = await snapshot();
    const csv = Buffer.from(`Mã chỉ tiêu,Tên chỉ tiêu,Kỳ công bố\n${ind.code},Bị đổi,Năm`).toString('base64');
    for (const auth of [adminB, specialistA, viewerB]) {
      const tries = [
        await call(t.app, 'PATCH', `/api/v1/catalog/sets/${setA.id}`, { auth, body: { name: 'Bị đổi' } }),
        await call(t.app, 'POST', '/api/v1/catalog/indicators', { auth, body: { setId: setA.id, code: 'CAI', name: 'Cài', periodicity: ['year'] } }),
        await call(t.app, 'PATCH', `/api/v1/catalog/indicators/${ind.id}`, { auth, body: { name: 'Bị đổi' } }),
        await call(t.app, 'POST', `/api/v1/catalog/sets/${setA.id}/import`, { auth, body: { format: 'csv', contentBase64: csv } }),
        await call(t.app, 'POST', `/api/v1/catalog/sets/${setA.id}/publish`, { auth, body: {} }),
        await call(t.app, 'POST', `/api/v1/catalog/sets/${setA.id}/retire`, { auth, body: {} }),
        await call(t.app, 'POST', '/api/v1/catalog/field-groups', { auth: auth === adminB ? specialistA : auth, body: { code: 'CAI', name: 'Cài' } }),
      ];
      for (const res of tries) expect(res.status, JSON.stringify(res.json)).toBe(403);
      // The library is city-wide: reading another unit's set is allowed (R13).
      expect((await call(t.app, 'GET', `/api/v1/catalog/sets/${setA.id}`, { auth })).status).toBe(200);
      expect((await call(t.app, 'GET', `/api/v1/catalog/indicators/${ind.id}`, { auth })).json.name).toBe('Chỉ tiêu thử');
    }
    expect(await snapshot()).toBe(before);

    expect((await call(t.app, 'PATCH', `/api/v1/catalog/sets/${setA.id}`, { auth: cityAdmin, body: { name: 'Sửa bởi cấp trên' } })).json.name).toBe('Sửa bởi cấp trên');
    const { auth: sysAdmin } = await adminOf();
    const library = await newSet(sysAdmin, null);
    expect((await call(t.app, 'PATCH', `/api/v1/catalog/sets/${library.id}`, { auth: cityAdmin, body: { name: 'Đổi' } })).json.title).toBe(
      'Chỉ quản trị hệ thống được thay đổi bộ chỉ tiêu dùng chung của thành phố',
    );
    expect((await call(t.app, 'PATCH', `/api/v1/catalog/sets/${library.id}`, { auth: sysAdmin, body: { name: 'Đổi' } })).status).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'unit_id']).where('target_id', '=', setA.id).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'indicator_set.created', unit_id: deptA.id },
      { action: 'indicator_set.updated', unit_id: deptA.id },
    ]);
  });

  it('refuses bad input with a Vietnamese message and changes nothing', async () => {
    const { auth } = await adminOf();
    const set = await newSet(auth, null);
    const before = await snapshot();
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/api/v1/catalog/sets', { code: set.code.toLowerCase(), name: 'Trùng mã', ownerUnitId: null }, 409, 'catalog.set_code_taken'],
      ['POST', '/api/v1/catalog/sets', { code: 'CÓ DẤU', name: 'X', ownerUnitId: null }, 400, 'validation'],
      ['POST', '/api/v1/catalog/indicators', { setId: set.id, code: 'A', name: 'X', periodicity: [] }, 400, 'validation'],
      ['POST', '/api/v1/catalog/indicators', { setId: set.id, code: 'A', name: 'X', periodicity: ['week'] }, 400, 'validation'],
      ['POST', '/api/v1/catalog/indicators', { setId: set.id, code: 'A', name: 'X', periodicity: ['year'], unitOfMeasureId: crypto.randomUUID() }, 400, 'catalog.invalid_reference'],
      ['POST', '/api/v1/catalog/indicators', { setId: set.id, code: 'A', name: 'X', periodicity: ['year'], parentId: crypto.randomUUID() }, 400, 'catalog.invalid_parent'],
      ['POST', '/api/v1/catalog/indicators', { setId: crypto.randomUUID(), code: 'A', name: 'X', periodicity: ['year'] }, 404, 'not_found'],
      ['PATCH', `/api/v1/catalog/indicators/${crypto.randomUUID()}`, { name: 'X' }, 404, 'not_found'],
      ['POST', '/api/v1/catalog/field-groups', { code: 'A', name: 'X', evil: 1 }, 400, 'validation'],
    ];
    for (const [method, url, body, status, code] of cases) {
      const res = await call(t.app, method, url, { auth, body });
      expect([res.status, res.json.code], `${url} ${JSON.stringify(body)}`).toEqual([status, code]);
      expect(res.json.title).toMatch(/[àáảãạăâđêôơưý]/i);
    }
    const empty = await call(t.app, 'POST', '/api/v1/catalog/indicators', { auth, body: { setId: set.id, code: 'A', name: 'X', periodicity: [] } });
    expect(empty.json.errors).toEqual([{ path: 'body.periodicity', message: 'Chọn ít nhất một kỳ công bố' }]);
    expect(await snapshot()).toBe(before);
  });
});
