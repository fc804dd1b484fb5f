import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { verifyAuditChain } from '../../platform/audit.js';

const t = useTestApp();

describe('audit trail (R3)', () => {
  it('records actor, unit, action, target, digest, IP, user agent and time of every change, hash-chained', async () => {
    const root = await makeUnit(t.db);
    const admin = await makeUser(t.db, root, 'unit_admin');
    const auth = await authAs(t, admin);
    const res = await call(t.app, 'POST', '/api/v1/units', { auth, body: { code: 'AU-1', name: 'Phòng Kiểm tra', kind: 'division', parentId: root.id }, headers: { 'user-agent': 'Trình duyệt thử' } });
    const rec = await t.db.selectFrom('audit_log').selectAll().where('target_id', '=', res.json.id).executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ actor_id: admin.id, unit_id: res.json.id, action: 'unit.created', target_type: 'unit', ip: '127.0.0.1', user_agent: 'Trình duyệt thử' });
    expect(rec.at.toISOString()).toBe(t.clock.now().toISOString());
    expect(rec.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.request_id).toBe(res.headers['x-request-id']);
    const prev = await t.db.selectFrom('audit_log').select('hash').where('seq', '<', rec.seq).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    expect(rec.prev_hash).toBe(prev?.hash ?? '0'.repeat(64));
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, records: expect.any(Number) });
  });

  it('keeps the chain unforked when changes arrive at once', async () => {
    const root = await makeUnit(t.db);
    const auth = await authAs(t, await makeUser(t.db, root, 'system_admin'));
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call(t.app, 'POST', '/api/v1/units', { auth, body: { code: `SS-${i}`, name: `Đơn vị ${i}`, kind: 'division', parentId: root.id } })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows from the application', async () => {
    const first = await t.db.selectFrom('audit_log').select('seq').orderBy('seq').limit(1).executeTakeFirstOrThrow();
    await expect(t.db.updateTable('audit_log').set({ action: 'x' }).where('seq', '=', first.seq).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_log').where('seq', '=', first.seq).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('filters by unit subtree, person, action and time, within the administrator\'s scope', async () => {
    const root = await makeUnit(t.db);
    const a = await makeUnit(t.db, { parent: root });
    const b = await makeUnit(t.db, { parent: root });
    const cityAdmin = await makeUser(t.db, root, 'unit_admin');
    const aAdmin = await makeUser(t.db, a, 'unit_admin');
    const cityAuth = await authAs(t, cityAdmin);
    await call(t.app, 'PATCH', `/api/v1/units/${a.id}`, { auth: cityAuth, body: { name: 'Đổi A' } });
    t.clock.advance(3600_000);
    const mark = t.clock.now().toISOString();
    await call(t.app, 'PATCH', `/api/v1/units/${b.id}`, { auth: cityAuth, body: { name: 'Đổi B' } });
    const byUnit = await call(t.app, 'GET', `/api/v1/audit?unitId=${a.id}`, { auth: cityAuth });
    expect(byUnit.json.items.map((i: { action: string; unitId: string }) => [i.action, i.unitId])).toEqual([['unit.renamed', a.id]]);
    expect(byUnit.json.items[0].targetName).toBe('Đổi A');
    const byTime = await call(t.app, 'GET', `/api/v1/audit?unitId=${root.id}&from=${encodeURIComponent(mark)}`, { auth: cityAuth });
    expect(byTime.json.items.map((i: { unitId: string }) => i.unitId)).toEqual([b.id]);
    const byPerson = await call(t.app, 'GET', `/api/v1/audit?actorId=${cityAdmin.id}&action=unit.renamed`, { auth: cityAuth });
    expect(byPerson.json.items).toHaveLength(2);
    // A's administrator sees A's records, not B's, and cannot ask for B.
    const aAuth = await authAs(t, aAdmin);
    const mine = await call(t.app, 'GET', '/api/v1/audit', { auth: aAuth });
    expect(mine.json.items.every((i: { unitId: string }) => i.unitId === a.id)).toBe(true);
    expect((await call(t.app, 'GET', `/api/v1/audit?unitId=${b.id}`, { auth: aAuth })).status).toBe(404);
    const viewer = await makeUser(t.db, a, 'viewer');
    expect((await call(t.app, 'GET', '/api/v1/audit', { auth: await authAs(t, viewer) })).status).toBe(403);
  });

  it('pages with a cursor', async () => {
    const root = await makeUnit(t.db);
    const auth = await authAs(t, await makeUser(t.db, root, 'unit_admin'));
    for (let i = 0; i < 5; i++) await call(t.app, 'PATCH', `/api/v1/units/${root.id}`, { auth, body: { name: `Tên ${i}` } });
    const p1 = await call(t.app, 'GET', `/api/v1/audit?unitId=${root.id}&limit=3`, { auth });
    expect(p1.json.items).toHaveLength(3);
    const p2 = await call(t.app, 'GET', `/api/v1/audit?unitId=${root.id}&limit=3&before=${p1.json.nextBefore}`, { auth });
    expect(p2.json.items).toHaveLength(2);
    expect(p2.json.nextBefore).toBeNull();
  });

  it('detects a record altered or removed behind the application\'s back', async () => {
    const root = await makeUnit(t.db);
    const auth = await authAs(t, await makeUser(t.db, root, 'unit_admin'));
    for (let i = 0; i < 3; i++) await call(t.app, 'PATCH', `/api/v1/units/${root.id}`, { auth, body: { name: `Sửa ${i}` } });
    const rows = await t.db.selectFrom('audit_log').select(sql<string>`seq::text`.as('seq')).where('unit_id', '=', root.id).orderBy('seq').execute();
    // Only a database owner switching the trigger off can do this; the chain still tells.
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.db);
    await sql`update audit_log set actor_name = 'Người khác' where seq = ${rows[1]!.seq}`.execute(t.db);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: rows[1]!.seq, reason: 'the record was altered after it was written' });
    await sql`update audit_log set actor_name = (select actor_name from audit_log where seq = ${rows[0]!.seq}) where seq = ${rows[1]!.seq}`.execute(t.db);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    await sql`delete from audit_log where seq = ${rows[1]!.seq}`.execute(t.db);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: rows[2]!.seq });
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(t.db);
  });
});
