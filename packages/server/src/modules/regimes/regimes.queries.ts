import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export type RegimeRow = {
  id: string;
  code: string;
  name: string;
  kind: string;
  status: string;
  requesting_unit_id: string;
  unit_name: string;
  unit_path: string;
  periodicity: string | null;
  cutoff_rule: unknown;
  deadline_rule: unknown;
  rounds: unknown;
  as_of: string | null;
  due_on: string | null;
  targets: unknown;
  legal_basis: string;
  starts_on: string;
  ends_on: string | null;
  reminder_days: unknown;
  revision: number;
  ended_reason: string | null;
  created_at: Date;
  updated_at: Date;
  created_by_name: string | null;
};

const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

function regimeQuery(db: Db) {
  return db
    .selectFrom('regimes as r')
    .innerJoin('units as u', 'u.id', 'r.requesting_unit_id')
    .leftJoin('users as c', 'c.id', 'r.created_by')
    .select([
      'r.id', 'r.code', 'r.name', 'r.kind', 'r.status', 'r.requesting_unit_id', 'u.name as unit_name', 'u.path as unit_path', 'r.periodicity',
      'r.cutoff_rule', 'r.deadline_rule', 'r.rounds', 'r.as_of', 'r.due_on', 'r.targets', 'r.legal_basis', 'r.starts_on', 'r.ends_on',
      'r.reminder_days', 'r.revision', 'r.ended_reason', 'r.created_at', 'r.updated_at', 'c.full_name as created_by_name',
    ]);
}

function normalise(r: RegimeRow): RegimeRow {
  return { ...r, cutoff_rule: parse(r.cutoff_rule), deadline_rule: parse(r.deadline_rule), rounds: parse(r.rounds), targets: parse(r.targets), reminder_days: parse(r.reminder_days) };
}

export async function findRegime(db: Db, id: string): Promise<RegimeRow | undefined> {
  const row = await regimeQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row ? normalise(row) : undefined;
}

/** Regimes of the units under `prefix`; `active` limits to those still opening rounds. */
export async function listRegimes(db: Db, opts: { prefix: string; status?: string; kind?: string }): Promise<RegimeRow[]> {
  let q = regimeQuery(db).where('u.path', 'like', `${opts.prefix}%`);
  if (opts.status) q = q.where('r.status', '=', opts.status);
  if (opts.kind) q = q.where('r.kind', '=', opts.kind);
  return (await q.orderBy('r.updated_at', 'desc').execute()).map(normalise);
}

export async function listActiveRegimes(db: Db): Promise<RegimeRow[]> {
  return (await regimeQuery(db).where('r.status', '=', 'active').orderBy('r.created_at').execute()).map(normalise);
}

export function codeTaken(db: Db, code: string) {
  return db.selectFrom('regimes').select('id').where(sql`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
}

export type NewRegime = {
  id: string; code: string; name: string; kind: string; requestingUnitId: string; periodicity: string | null; cutoffRule: unknown; deadlineRule: unknown;
  rounds: unknown; asOf: string | null; dueOn: string | null; targets: unknown; legalBasis: string; startsOn: string; endsOn: string | null;
  reminderDays: number[]; createdBy: string | null; now: Date;
};

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export async function insertRegime(db: Db, r: NewRegime, lineageIds: string[]): Promise<void> {
  await db
    .insertInto('regimes')
    .values({
      id: r.id, code: r.code, name: r.name, kind: r.kind, status: 'active', requesting_unit_id: r.requestingUnitId, periodicity: r.periodicity,
      cutoff_rule: json(r.cutoffRule), deadline_rule: json(r.deadlineRule), rounds: json(r.rounds), as_of: r.asOf, due_on: r.dueOn,
      targets: JSON.stringify(r.targets), legal_basis: r.legalBasis, starts_on: r.startsOn, ends_on: r.endsOn, reminder_days: JSON.stringify(r.reminderDays),
      created_by: r.createdBy, created_at: r.now, updated_at: r.now,
    })
    .execute();
  await db.insertInto('regime_templates').values(lineageIds.map((lineage_id, position) => ({ regime_id: r.id, lineage_id, position }))).execute();
}

/** Saves a change only if nobody saved since `revision` was read; false otherwise. */
export async function updateRegime(
  db: Db,
  id: string,
  revision: number,
  set: { name?: string; legalBasis?: string; targets?: unknown; reminderDays?: number[]; endsOn?: string | null; status?: string; endedReason?: string },
  now: Date,
): Promise<boolean> {
  const res = await db
    .updateTable('regimes')
    .set({
      ...(set.name !== undefined ? { name: set.name } : {}),
      ...(set.legalBasis !== undefined ? { legal_basis: set.legalBasis } : {}),
      ...(set.targets !== undefined ? { targets: JSON.stringify(set.targets) } : {}),
      ...(set.reminderDays !== undefined ? { reminder_days: JSON.stringify(set.reminderDays) } : {}),
      ...(set.endsOn !== undefined ? { ends_on: set.endsOn } : {}),
      ...(set.status !== undefined ? { status: set.status } : {}),
      ...(set.endedReason !== undefined ? { ended_reason: set.endedReason } : {}),
      revision: sql`revision + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('revision', '=', revision)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export type RegimeTemplateRow = { regime_id: string; lineage_id: string; position: number; code: string; name: string; kind: string; official_id: string | null; official_version: number | null };

/** Each regime's template lineages with their current official version (null when none, e.g. retired). */
export async function regimeTemplates(db: Db, regimeIds: string[]): Promise<RegimeTemplateRow[]> {
  if (regimeIds.length === 0) return [];
  const rows = await sql<RegimeTemplateRow>`
    select rt.regime_id, rt.lineage_id, rt.position,
      latest.code, latest.name, latest.kind, official.id as official_id, official.version as official_version
    from regime_templates rt
    join lateral (select code, name, kind from templates t where t.lineage_id = rt.lineage_id order by version desc limit 1) latest on true
    left join templates official on official.lineage_id = rt.lineage_id and official.status = 'official'
    where rt.regime_id in (${sql.join(regimeIds)})
    order by rt.regime_id, rt.position`.execute(db);
  return rows.rows;
}

export type RoundCounts = { regime_id: string; key: string; label: string; cutoff_from: string; cutoff_to: string; opens_on: string; due_on: string; assigned: number; answered: number; overdue: number };

/** Opened rounds with their regime-level assignments counted; `today` decides what is overdue. */
export async function roundCounts(db: Db, regimeIds: string[], today: string): Promise<RoundCounts[]> {
  if (regimeIds.length === 0) return [];
  const rows = await sql<RoundCounts>`
    select rr.regime_id, rr.key, rr.label, rr.cutoff_from, rr.cutoff_to, rr.opens_on, rr.due_on,
      count(a.id)::int as assigned,
      count(a.id) filter (where a.status in ('sent', 'accepted'))::int as answered,
      count(a.id) filter (where a.status not in ('sent', 'accepted') and a.due_on < ${today}::date)::int as overdue
    from regime_rounds rr
    left join assignments a on a.regime_id = rr.regime_id and a.round_key = rr.key and a.parent_id is null
    where rr.regime_id in (${sql.join(regimeIds)})
    group by rr.regime_id, rr.key, rr.label, rr.cutoff_from, rr.cutoff_to, rr.opens_on, rr.due_on
    order by rr.regime_id, rr.opens_on, rr.key`.execute(db);
  return rows.rows.map((r) => ({ ...r, assigned: Number(r.assigned), answered: Number(r.answered), overdue: Number(r.overdue) }));
}
