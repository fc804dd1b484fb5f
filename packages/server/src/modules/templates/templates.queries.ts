import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

const COLUMNS = [
  't.id',
  't.lineage_id',
  't.version',
  't.code',
  't.name',
  't.kind',
  't.status',
  't.regime_kind',
  't.periodicities',
  't.field_group',
  't.requesting_unit_id',
  't.shared',
  't.based_on_id',
  't.revision',
  't.created_at',
  't.updated_at',
  't.testing_at',
  't.published_at',
  't.retired_at',
  'u.name as unit_name',
  'u.path as unit_path',
] as const;

/** Everything a summary shows: the list never loads the (possibly large) definitions. */
function summaries(db: Db) {
  return db.selectFrom('templates as t').innerJoin('units as u', 'u.id', 't.requesting_unit_id').select(COLUMNS);
}

function templates(db: Db) {
  return summaries(db).select(['t.info', 't.definition']);
}

export type SummaryRow = Awaited<ReturnType<typeof listTemplates>>[number];

export type TemplateRow = NonNullable<Awaited<ReturnType<typeof findTemplate>>>;

export function findTemplate(db: Db, id: string) {
  return templates(db).where('t.id', '=', id).executeTakeFirst();
}

/** Templates whose requesting unit is under `prefix`, or (library) shared and in use. */
export function listTemplates(db: Db, opts: { prefix: string | null; library: boolean }) {
  let q = summaries(db);
  q = q.where((eb) => {
    const ors = [];
    if (opts.prefix) ors.push(eb('u.path', 'like', `${opts.prefix}%`));
    if (opts.library) ors.push(eb.and([eb('t.shared', '=', true), eb('t.status', 'in', ['official', 'retired'])]));
    return ors.length ? eb.or(ors) : eb.val(false);
  });
  return q.orderBy('t.code').orderBy('t.version', 'desc').limit(1000).execute();
}

/** The lineage that owns a code (its first version), if any. */
export function findLineageByCode(db: Db, code: string) {
  return db
    .selectFrom('templates')
    .select(['lineage_id'])
    .where(sql`lower(code)`, '=', code.toLowerCase())
    .limit(1)
    .executeTakeFirst();
}

export function lineageVersions(db: Db, lineageId: string) {
  return db.selectFrom('templates').select(['id', 'version', 'status']).where('lineage_id', '=', lineageId).orderBy('version').execute();
}

export type NewTemplate = {
  id: string;
  lineageId: string;
  version: number;
  code: string;
  name: string;
  kind: string;
  regimeKind: string;
  periodicities: string[];
  fieldGroup: string;
  requestingUnitId: string;
  info: unknown;
  definition: unknown;
  basedOnId: string | null;
  createdBy: string | null;
  now: Date;
};

export async function insertTemplate(db: Db, t: NewTemplate): Promise<void> {
  await db
    .insertInto('templates')
    .values({
      id: t.id,
      lineage_id: t.lineageId,
      version: t.version,
      code: t.code,
      name: t.name,
      kind: t.kind,
      status: 'draft',
      regime_kind: t.regimeKind,
      periodicities: t.periodicities.join(','),
      field_group: t.fieldGroup,
      requesting_unit_id: t.requestingUnitId,
      info: JSON.stringify(t.info),
      definition: JSON.stringify(t.definition),
      based_on_id: t.basedOnId,
      created_by: t.createdBy,
      created_at: t.now,
      updated_at: t.now,
    })
    .execute();
}

/** Saves a draft only if it is still a draft at `revision`; returns whether it did. */
export async function updateDraft(
  db: Db,
  id: string,
  revision: number,
  set: { name: string; regimeKind: string; periodicities: string[]; fieldGroup: string; requestingUnitId: string; info: unknown; definition: unknown },
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('templates')
    .set({
      name: set.name,
      regime_kind: set.regimeKind,
      periodicities: set.periodicities.join(','),
      field_group: set.fieldGroup,
      requesting_unit_id: set.requestingUnitId,
      info: JSON.stringify(set.info),
      definition: JSON.stringify(set.definition),
      revision: sql`revision + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Moves a template from one status to another, only if it is still where the caller saw it. */
export async function moveStatus(db: Db, id: string, from: string, to: string, revision: number, now: Date): Promise<boolean> {
  const stamp = to === 'testing' ? { testing_at: now } : to === 'official' ? { published_at: now } : to === 'retired' ? { retired_at: now } : {};
  const r = await db
    .updateTable('templates')
    .set({ status: to, revision: sql`revision + 1`, updated_at: now, ...stamp })
    .where('id', '=', id)
    .where('status', '=', from)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Retires the lineage's official version (when a newer one goes official). */
export async function retireOfficial(db: Db, lineageId: string, now: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('templates')
    .set({ status: 'retired', retired_at: now, revision: sql`revision + 1`, updated_at: now })
    .where('lineage_id', '=', lineageId)
    .where('status', '=', 'official')
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function setShared(db: Db, id: string, shared: boolean, now: Date): Promise<void> {
  await db.updateTable('templates').set({ shared, updated_at: now, revision: sql`revision + 1` }).where('id', '=', id).execute();
}
