import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ApiKeys, ExchangeExports, ExchangeImports } from '../../db/types.js';

// ---- API keys ----

const apiKeyQuery = (db: Db) =>
  db
    .selectFrom('api_keys as k')
    .innerJoin('units as n', 'n.id', 'k.unit_id')
    .innerJoin('users as u', 'u.id', 'k.created_by')
    .select(['k.id', 'k.name', 'k.unit_id', 'k.scopes', 'k.key_prefix', 'k.created_by', 'k.created_at', 'k.revoked_at', 'k.last_used_at', 'n.name as unit_name', 'n.path as unit_path', 'n.active as unit_active', 'u.full_name as created_by_name']);
export type ApiKeyRow = Awaited<ReturnType<ReturnType<typeof apiKeyQuery>['executeTakeFirstOrThrow']>>;

export async function findApiKeyByHash(db: Db, hash: string): Promise<ApiKeyRow | undefined> {
  return apiKeyQuery(db).where('k.key_hash', '=', hash).executeTakeFirst();
}

export async function findApiKey(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  return apiKeyQuery(db).where('k.id', '=', id).executeTakeFirst();
}

export async function listApiKeys(db: Db, pathPrefix: string): Promise<ApiKeyRow[]> {
  return apiKeyQuery(db).where('n.path', 'like', `${pathPrefix}%`).orderBy('k.created_at', 'desc').orderBy('k.id').execute();
}

export async function insertApiKey(db: Db, row: Insertable<ApiKeys>): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

export async function touchApiKey(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** Revokes a key that is not revoked yet; false when someone else got there first. */
export async function revokeApiKeyRow(db: Db, id: string, by: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('api_keys').set({ revoked_at: now, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- units ----

export async function findUnitRef(db: Db, id: string) {
  return db.selectFrom('units').select(['id', 'code', 'name', 'path', 'depth', 'active']).where('id', '=', id).executeTakeFirst();
}

// ---- exports and imports ----

export async function insertExport(db: Db, row: Insertable<ExchangeExports>): Promise<void> {
  await db.insertInto('exchange_exports').values(row).execute();
}

export async function findExport(db: Db, id: string) {
  return db.selectFrom('exchange_exports').select(['id', 'type', 'packet']).where('id', '=', id).executeTakeFirst();
}

export async function findImportByPacket(db: Db, packetId: string) {
  return db.selectFrom('exchange_imports').select(['id', 'type', 'result', 'unit_id']).where('packet_id', '=', packetId).executeTakeFirst();
}

export async function insertImport(db: Db, row: Insertable<ExchangeImports>): Promise<void> {
  await db.insertInto('exchange_imports').values(row).execute();
}

export async function listImports(db: Db, pathPrefix: string, limit = 200) {
  return db
    .selectFrom('exchange_imports as i')
    .innerJoin('units as n', 'n.id', 'i.unit_id')
    .leftJoin('users as u', 'u.id', 'i.imported_by')
    .leftJoin('api_keys as k', 'k.id', 'i.api_key_id')
    .select(['i.id', 'i.packet_id', 'i.type', 'i.sender_unit_code', 'i.sender_system', 'i.imported_at', 'i.result', 'u.full_name as imported_by_name', 'k.name as api_key_name'])
    .where('n.path', 'like', `${pathPrefix}%`)
    .orderBy('i.imported_at', 'desc')
    .orderBy('i.id')
    .limit(limit)
    .execute();
}

// ---- what packets are built from ----

export async function findRegimeForPacket(db: Db, id: string) {
  return db
    .selectFrom('regimes as r')
    .innerJoin('units as n', 'n.id', 'r.requesting_unit_id')
    .select(['r.id', 'r.code', 'r.name', 'r.kind', 'r.status', 'r.periodicity', 'r.legal_basis', 'r.starts_on', 'r.ends_on', 'r.due_on', 'n.code as unit_code', 'n.name as unit_name', 'n.path as unit_path'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** The templates a regime follows, each by its latest version's code and name. */
export async function regimeTemplates(db: Db, regimeId: string) {
  return db
    .selectFrom('regime_templates as rt')
    .innerJoin('templates as t', (j) => j.onRef('t.lineage_id', '=', 'rt.lineage_id').on('t.version', '=', 1))
    .select(['t.code', 't.name'])
    .where('rt.regime_id', '=', regimeId)
    .orderBy('rt.position')
    .execute();
}

export async function regimeRounds(db: Db, regimeId: string) {
  return db.selectFrom('regime_rounds').select(['key', 'label', 'cutoff_from', 'cutoff_to', 'due_on']).where('regime_id', '=', regimeId).orderBy('cutoff_from').orderBy('key').execute();
}

export async function findTemplateForPacket(db: Db, id: string) {
  return db
    .selectFrom('templates as t')
    .innerJoin('units as n', 'n.id', 't.requesting_unit_id')
    .select(['t.id', 't.code', 't.version', 't.name', 't.kind', 't.status', 't.regime_kind', 't.periodicities', 't.field_group', 't.info', 't.definition', 'n.code as unit_code', 'n.name as unit_name', 'n.path as unit_path'])
    .where('t.id', '=', id)
    .executeTakeFirst();
}

/** Indicators by id with their set's code and version (template rows link indicators by id). */
export async function indicatorRefs(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('indicators as i')
    .innerJoin('indicator_sets as s', 's.id', 'i.set_id')
    .select(['i.id', 'i.code', 's.code as set_code', 's.version as set_version'])
    .where('i.id', 'in', ids)
    .execute();
}

/** An indicator of a set version by codes (an incoming template row names one). */
export async function findIndicatorByCodes(db: Db, setCode: string, setVersion: number, code: string) {
  return db
    .selectFrom('indicators as i')
    .innerJoin('indicator_sets as s', 's.id', 'i.set_id')
    .select(['i.id'])
    .where((eb) => eb(eb.fn('lower', ['s.code']), '=', setCode.toLowerCase()))
    .where('s.version', '=', setVersion)
    .where((eb) => eb(eb.fn('lower', ['i.code']), '=', code.toLowerCase()))
    .executeTakeFirst();
}

const assignmentQuery = (db: Db) =>
  db
    .selectFrom('assignments as a')
    .innerJoin('units as n', 'n.id', 'a.unit_id')
    .innerJoin('regimes as r', 'r.id', 'a.regime_id')
    .innerJoin('units as rn', 'rn.id', 'r.requesting_unit_id')
    .innerJoin('regime_rounds as rr', (j) => j.onRef('rr.regime_id', '=', 'a.regime_id').onRef('rr.key', '=', 'a.round_key'))
    .innerJoin('templates as t', 't.id', 'a.template_id')
    .select([
      'a.id', 'a.status', 'a.round_key', 'a.due_on', 'a.sent_at', 'a.template_id', 'a.regime_id',
      'n.code as unit_code', 'n.name as unit_name', 'n.path as unit_path',
      'r.code as regime_code', 'rn.path as requesting_path',
      'rr.cutoff_from', 'rr.cutoff_to',
      't.code as template_code', 't.version as template_version', 't.kind as template_kind', 't.definition',
    ])
    .where('a.parent_id', 'is', null);
export type AssignmentRow = Awaited<ReturnType<ReturnType<typeof assignmentQuery>['executeTakeFirstOrThrow']>>;

export async function findAssignmentForPacket(db: Db, id: string): Promise<AssignmentRow | undefined> {
  return assignmentQuery(db).where('a.id', '=', id).executeTakeFirst();
}

export async function roundAssignments(db: Db, regimeId: string, roundKey: string | null): Promise<AssignmentRow[]> {
  let query = assignmentQuery(db).where('a.regime_id', '=', regimeId);
  if (roundKey) query = query.where('a.round_key', '=', roundKey);
  return query.orderBy('rr.cutoff_from').orderBy('n.code').orderBy('t.code').execute();
}

/** The latest submitted version of each report. */
export async function latestVersions(db: Db, assignmentIds: string[]) {
  if (assignmentIds.length === 0) return [];
  return db
    .selectFrom('submission_versions as v')
    .select(['v.assignment_id', 'v.number', 'v.inputs', 'v.computed', 'v.narrative', 'v.submitted_at', 'v.review_decision', 'v.reviewed_at'])
    .where('v.assignment_id', 'in', assignmentIds)
    .where((eb) => eb('v.number', '=', eb.selectFrom('submission_versions as w').select((w) => w.fn.max('w.number').as('m')).whereRef('w.assignment_id', '=', 'v.assignment_id')))
    .execute();
}

export async function findSetForPacket(db: Db, id: string) {
  return db.selectFrom('indicator_sets').select(['id', 'code', 'version', 'name', 'legal_basis', 'description', 'status', 'published_at']).where('id', '=', id).executeTakeFirst();
}

/** Every version of a set code, newest first (an incoming catalogue goes to its draft or starts it). */
export async function setVersions(db: Db, code: string) {
  return db
    .selectFrom('indicator_sets as s')
    .leftJoin('units as n', 'n.id', 's.owner_unit_id')
    .select(['s.id', 's.version', 's.status', 's.owner_unit_id', 'n.path as owner_path'])
    .where((eb) => eb(eb.fn('lower', ['s.code']), '=', code.toLowerCase()))
    .orderBy('s.version', 'desc')
    .execute();
}

export async function listSetsForPacket(db: Db) {
  return db.selectFrom('indicator_sets').select(['id', 'code', 'version', 'name', 'legal_basis', 'status', 'published_at']).where('status', '<>', 'retired').orderBy('code').orderBy('version').execute();
}

export async function setIndicatorCodes(db: Db, setIds: string[]) {
  if (setIds.length === 0) return [];
  return db.selectFrom('indicators').select(['set_id', 'code']).where('set_id', 'in', setIds).where('active', '=', true).orderBy('set_id').orderBy('position').execute();
}

export async function listFieldGroups(db: Db) {
  return db.selectFrom('field_groups').select(['id', 'code', 'name']).orderBy('code').execute();
}

export async function listDisaggregations(db: Db) {
  return db.selectFrom('kpi_disaggregations').select(['id', 'code', 'name', 'values']).orderBy('code').execute();
}

export async function upsertDisaggregation(db: Db, row: { id: string; code: string; name: string; values: string; now: Date }): Promise<void> {
  await db.insertInto('kpi_disaggregations').values({ id: row.id, code: row.code, name: row.name, values: row.values, created_at: row.now, updated_at: row.now }).execute();
}

export async function updateDisaggregation(db: Db, id: string, name: string, values: string, now: Date): Promise<void> {
  await db.updateTable('kpi_disaggregations').set({ name, values, updated_at: now }).where('id', '=', id).execute();
}

/**
 * Current accepted figures linked to an indicator, of one period: of units under `pathPrefix`, or, with
 * `askedBy`, also of reports that a unit under `askedBy` asked for (a department and its communes).
 */
export async function indicatorFacts(db: Db, pathPrefix: string, periodKey: string, askedBy: string | null) {
  return db
    .selectFrom('facts as f')
    .innerJoin('units as n', 'n.id', 'f.unit_id')
    .innerJoin('regimes as r', 'r.id', 'f.regime_id')
    .innerJoin('units as rn', 'rn.id', 'r.requesting_unit_id')
    .innerJoin('indicators as i', 'i.id', 'f.indicator_id')
    .innerJoin('indicator_sets as s', 's.id', 'i.set_id')
    .innerJoin('templates as t', 't.id', 'f.template_id')
    .select(['f.assignment_id', 'f.row_code', 'f.column_code', 'f.period_key', 'f.period_from', 'f.period_to', 'f.value', 'n.code as unit_code', 'n.name as unit_name', 'i.code as indicator_code', 's.code as set_code', 's.version as set_version', 't.code as template_code'])
    .where('f.superseded_at', 'is', null)
    .where('f.period_key', '=', periodKey)
    .where((eb) => (askedBy ? eb.or([eb('n.path', 'like', `${pathPrefix}%`), eb('rn.path', 'like', `${askedBy}%`)]) : eb('n.path', 'like', `${pathPrefix}%`)))
    .orderBy('s.code')
    .orderBy('i.code')
    .orderBy('n.code')
    .orderBy('f.column_code')
    .execute();
}
