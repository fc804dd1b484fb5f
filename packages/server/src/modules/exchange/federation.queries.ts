import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ExchangeAnswers, ExchangeRequestSetups } from '../../db/types.js';

// ---- peers: the lower systems an upper system sends requests to ----

const peerQuery = (db: Db) =>
  db
    .selectFrom('exchange_peers as p')
    .innerJoin('units as n', 'n.id', 'p.unit_id')
    .innerJoin('users as u', 'u.id', 'p.created_by')
    .select(['p.id', 'p.name', 'p.unit_id', 'p.url', 'p.token', 'p.created_at', 'p.revoked_at', 'n.code as unit_code', 'n.name as unit_name', 'n.path as unit_path', 'u.full_name as created_by_name']);
export type PeerRow = Awaited<ReturnType<ReturnType<typeof peerQuery>['executeTakeFirstOrThrow']>>;

export function findPeer(db: Db, id: string): Promise<PeerRow | undefined> {
  return peerQuery(db).where('p.id', '=', id).executeTakeFirst();
}

export function listPeers(db: Db, pathPrefix: string): Promise<PeerRow[]> {
  return peerQuery(db).where('n.path', 'like', `${pathPrefix}%`).orderBy('n.code').orderBy('p.created_at', 'desc').execute();
}

/** The active peers of these units (the lower systems of a regime's target units). */
export async function activePeersOf(db: Db, unitIds: string[]): Promise<PeerRow[]> {
  if (unitIds.length === 0) return [];
  return peerQuery(db).where('p.unit_id', 'in', unitIds).where('p.revoked_at', 'is', null).orderBy('n.code').execute();
}

/** Inserts a peer unless its unit already has an active one; false when it has. */
export async function insertPeer(db: Db, row: { id: string; unit_id: string; name: string; url: string; token: string; created_by: string; created_at: Date }): Promise<boolean> {
  const r = await db.insertInto('exchange_peers').values(row).onConflict((c) => c.column('unit_id').where('revoked_at', 'is', null).doNothing()).returning('id').executeTakeFirst();
  return r !== undefined;
}

export async function revokePeerRow(db: Db, id: string, by: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('exchange_peers').set({ revoked_at: now, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- what a request is built from (upper) ----

/** The official version of each template a regime follows, in the regime's order. */
export function regimeOfficialTemplates(db: Db, regimeId: string) {
  return db
    .selectFrom('regime_templates as rt')
    .innerJoin('templates as t', (j) => j.onRef('t.lineage_id', '=', 'rt.lineage_id').on('t.status', '=', 'official'))
    .select(['t.id', 't.code', 't.kind', 't.definition'])
    .where('rt.regime_id', '=', regimeId)
    .orderBy('rt.position')
    .execute();
}

/** The indicator sets of these indicators. */
export async function setsOfIndicators(db: Db, indicatorIds: string[]): Promise<string[]> {
  if (indicatorIds.length === 0) return [];
  const rows = await db.selectFrom('indicators').select('set_id').distinct().where('id', 'in', indicatorIds).orderBy('set_id').execute();
  return rows.map((r) => r.set_id);
}

// ---- requests from above and their set-up (lower) ----

export function findImport(db: Db, id: string) {
  return db
    .selectFrom('exchange_imports as i')
    .innerJoin('units as n', 'n.id', 'i.unit_id')
    .select(['i.id', 'i.type', 'i.packet', 'i.packet_id', 'i.sender_unit_code', 'i.unit_id', 'n.path as unit_path'])
    .where('i.id', '=', id)
    .executeTakeFirst();
}

/** The latest template packet of this code from this sender, received by a unit under `pathPrefix`. */
export function latestTemplateRequest(db: Db, pathPrefix: string, senderUnitCode: string, code: string) {
  return db
    .selectFrom('exchange_imports as i')
    .innerJoin('units as n', 'n.id', 'i.unit_id')
    .select(['i.id', 'i.type', 'i.packet'])
    .where('i.type', 'in', ['template', 'outlineTemplate'])
    .where('i.sender_unit_code', '=', senderUnitCode)
    .where(sql<string>`i.packet -> 'payload' ->> 'code'`, '=', code)
    .where('n.path', 'like', `${pathPrefix}%`)
    .orderBy('i.imported_at', 'desc')
    .orderBy('i.id')
    .limit(1)
    .executeTakeFirst();
}

export async function insertSetup(db: Db, row: Insertable<ExchangeRequestSetups>): Promise<void> {
  await db.insertInto('exchange_request_setups').values(row).execute();
}

export function findSetupByImport(db: Db, importId: string) {
  return db.selectFrom('exchange_request_setups').select(['import_id', 'regime_id']).where('import_id', '=', importId).executeTakeFirst();
}

export function findSetupByRegime(db: Db, regimeId: string) {
  return db.selectFrom('exchange_request_setups').select(['import_id', 'regime_id', 'upper_unit_code', 'upper_regime_code', 'templates']).where('regime_id', '=', regimeId).executeTakeFirst();
}

/** The set-up of each of these imports (for the list of requests received). */
export async function setupsOf(db: Db, importIds: string[]) {
  if (importIds.length === 0) return [];
  return db
    .selectFrom('exchange_request_setups as s')
    .innerJoin('regimes as r', 'r.id', 's.regime_id')
    .select(['s.import_id', 's.regime_id', 'r.code as regime_code'])
    .where('s.import_id', 'in', importIds)
    .execute();
}

export function templateLineage(db: Db, templateId: string) {
  return db.selectFrom('templates').select(['lineage_id']).where('id', '=', templateId).executeTakeFirst();
}

// ---- answers from below (upper) ----

/** A unit by code within a subtree (the sender of an answer must be the key's own unit or under it). */
export function unitByCodeUnder(db: Db, code: string, pathPrefix: string) {
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'path'])
    .where(sql`lower(code)`, '=', code.toLowerCase())
    .where('path', 'like', `${pathPrefix}%`)
    .executeTakeFirst();
}

/** This system's own report a packet answers: the regime by code, its round, the unit, the template by code. */
export function answeredAssignment(db: Db, m: { regimeCode: string; periodKey: string; templateCode: string; unitId: string }) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('regimes as r', 'r.id', 'a.regime_id')
    .innerJoin('templates as t', 't.id', 'a.template_id')
    .select(['a.id', 'a.status', 't.version as template_version', 't.kind as template_kind', 't.definition'])
    .where(sql`lower(r.code)`, '=', m.regimeCode.toLowerCase())
    .where('a.round_key', '=', m.periodKey)
    .where(sql`lower(t.code)`, '=', m.templateCode.toLowerCase())
    .where('a.unit_id', '=', m.unitId)
    .where('a.parent_id', 'is', null)
    .executeTakeFirst();
}

export function latestAnswer(db: Db, assignmentId: string) {
  return db.selectFrom('exchange_answers').select(['source_report_id', 'source_version', 'version_number']).where('assignment_id', '=', assignmentId).orderBy('version_number', 'desc').limit(1).executeTakeFirst();
}

export async function insertAnswer(db: Db, row: Insertable<ExchangeAnswers>): Promise<void> {
  await db.insertInto('exchange_answers').values(row).execute();
}

/** A report answered by packet is accepted as received: guarded on the state it was read in. */
export async function markAnswered(db: Db, id: string, from: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('assignments')
    .set({ status: 'accepted', sent_at: sql`coalesce(sent_at, ${now})`, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Answers received for reports of regimes requested by units under `pathPrefix`, newest first, with their facts. */
export function listAnswers(db: Db, pathPrefix: string, regimeId: string | undefined, limit = 500) {
  let query = db
    .selectFrom('exchange_answers as x')
    .innerJoin('assignments as a', 'a.id', 'x.assignment_id')
    .innerJoin('regimes as r', 'r.id', 'a.regime_id')
    .innerJoin('units as ru', 'ru.id', 'r.requesting_unit_id')
    .innerJoin('templates as t', 't.id', 'a.template_id')
    .innerJoin('units as n', 'n.id', 'x.sender_unit_id')
    .select((eb) => [
      'x.packet_id', 'x.assignment_id', 'x.version_number', 'x.source_report_id', 'x.source_version', 'x.source_submitted_at', 'x.received_at',
      'r.code as regime_code', 't.code as template_code', 'a.round_key', 'n.id as unit_id', 'n.code as unit_code', 'n.name as unit_name',
      eb.selectFrom('facts as f').select(sql<number>`count(*)::int`.as('n')).whereRef('f.assignment_id', '=', 'x.assignment_id').whereRef('f.version_number', '=', 'x.version_number').as('facts'),
      eb.selectFrom('exchange_answers as y').select((y) => y.fn.max('y.version_number').as('m')).whereRef('y.assignment_id', '=', 'x.assignment_id').as('latest_version'),
    ])
    .where('ru.path', 'like', `${pathPrefix}%`);
  if (regimeId) query = query.where('a.regime_id', '=', regimeId);
  return query.orderBy('x.received_at', 'desc').orderBy('x.packet_id').limit(limit).execute();
}
