import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export type FormRow = {
  version: number;
  inputs: Record<string, string>;
  explanations: Record<string, string>;
  return_reason: string | null;
  flagged_cells: string[];
  aggregate_note: string | null;
  late_entry: { reason: string; at: string; byName: string } | null;
  updated_at: Date | null;
  updated_by_name: string | null;
};

const EMPTY: FormRow = { version: 0, inputs: {}, explanations: {}, return_reason: null, flagged_cells: [], aggregate_note: null, late_entry: null, updated_at: null, updated_by_name: null };

/** The working copy of an assignment's figures; an untouched form is empty at version 0. */
export async function findForm(db: Db, assignmentId: string): Promise<FormRow> {
  const row = await db
    .selectFrom('report_forms as f')
    .leftJoin('users as u', 'u.id', 'f.updated_by')
    .select(['f.version', 'f.inputs', 'f.explanations', 'f.return_reason', 'f.flagged_cells', 'f.aggregate_note', 'f.late_entry', 'f.updated_at', 'u.full_name as updated_by_name'])
    .where('f.assignment_id', '=', assignmentId)
    .executeTakeFirst();
  if (!row) return { ...EMPTY };
  return {
    ...row,
    inputs: parse(row.inputs),
    explanations: parse(row.explanations),
    flagged_cells: parse(row.flagged_cells),
    late_entry: row.late_entry ? parse(row.late_entry) : null,
  };
}

export async function saveForm(
  db: Db,
  assignmentId: string,
  f: { version: number; inputs: Record<string, string>; explanations: Record<string, string>; updatedBy: string; now: Date; aggregateNote?: string | null; lateEntry?: unknown; clearReturn?: boolean },
): Promise<void> {
  const values = {
    version: f.version,
    inputs: JSON.stringify(f.inputs),
    explanations: JSON.stringify(f.explanations),
    updated_by: f.updatedBy,
    updated_at: f.now,
    ...(f.aggregateNote !== undefined ? { aggregate_note: f.aggregateNote } : {}),
    ...(f.lateEntry !== undefined ? { late_entry: JSON.stringify(f.lateEntry) } : {}),
  };
  await db
    .insertInto('report_forms')
    .values({ assignment_id: assignmentId, ...values })
    // `excluded`: the form's JSON travels once, not twice (it is the whole form: 1,750 cells on a large one).
    .onConflict((c) => c.column('assignment_id').doUpdateSet((eb) => Object.fromEntries(Object.keys(values).map((k) => [k, eb.ref(`excluded.${k}` as 'excluded.version')])) as unknown as typeof values))
    .execute();
}

export async function setReview(db: Db, assignmentId: string, reason: string | null, flaggedCells: string[], now: Date): Promise<void> {
  await db
    .insertInto('report_forms')
    .values({ assignment_id: assignmentId, return_reason: reason, flagged_cells: JSON.stringify(flaggedCells), updated_at: now })
    .onConflict((c) => c.column('assignment_id').doUpdateSet({ return_reason: reason, flagged_cells: JSON.stringify(flaggedCells) }))
    .execute();
}

export async function insertCellChanges(
  db: Db,
  assignmentId: string,
  changes: { cell: string; old: string | null; new: string | null }[],
  meta: { version: number; source: 'entry' | 'import' | 'aggregate'; by: string; at: Date },
): Promise<void> {
  if (changes.length === 0) return;
  // One row per save (migration 0017): a whole form is one row, one foreign-key check, one index entry.
  await db
    .insertInto('cell_change_sets')
    .values({ assignment_id: assignmentId, version: meta.version, source: meta.source, changed_by: meta.by, changed_at: meta.at, changes: JSON.stringify(changes.map((c) => [c.cell, c.old, c.new])) })
    .execute();
}

/** The cells changed after `version`, with the last person who changed each. */
export async function changesSince(db: Db, assignmentId: string, version: number): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('cell_changes as c')
    .leftJoin('users as u', 'u.id', 'c.changed_by')
    .select(['c.cell', 'u.full_name'])
    .where('c.assignment_id', '=', assignmentId)
    .where('c.version', '>', version)
    .orderBy('c.id')
    .execute();
  return new Map(rows.map((r) => [r.cell, r.full_name]));
}

export function cellHistory(db: Db, assignmentId: string, cell?: string) {
  let q = db
    .selectFrom('cell_changes as c')
    .leftJoin('users as u', 'u.id', 'c.changed_by')
    .select(['c.cell', 'c.old_value', 'c.new_value', 'c.version', 'c.source', 'c.changed_at', 'u.full_name'])
    .where('c.assignment_id', '=', assignmentId);
  if (cell) q = q.where('c.cell', '=', cell);
  return q.orderBy('c.id', 'desc').limit(500).execute();
}

export type VersionRow = {
  number: number;
  inputs: Record<string, string>;
  computed: Record<string, string | null>;
  explanations: Record<string, string>;
  submitted_at: Date;
  submitted_by_name: string | null;
  review_decision: string | null;
  review_reason: string | null;
  flagged_cells: string[] | null;
  reviewed_at: Date | null;
  reviewed_by_name: string | null;
};

export async function listVersions(db: Db, assignmentId: string): Promise<VersionRow[]> {
  const rows = await db
    .selectFrom('submission_versions as v')
    .leftJoin('users as s', 's.id', 'v.submitted_by')
    .leftJoin('users as r', 'r.id', 'v.reviewed_by')
    .select(['v.number', 'v.inputs', 'v.computed', 'v.explanations', 'v.submitted_at', 's.full_name as submitted_by_name', 'v.review_decision', 'v.review_reason', 'v.flagged_cells', 'v.reviewed_at', 'r.full_name as reviewed_by_name'])
    .where('v.assignment_id', '=', assignmentId)
    .orderBy('v.number')
    .execute();
  return rows.map((r) => ({ ...r, inputs: parse(r.inputs), computed: parse(r.computed), explanations: parse(r.explanations), flagged_cells: r.flagged_cells ? parse(r.flagged_cells) : null }));
}

/** The latest submitted version of each assignment. */
export async function latestVersions(db: Db, assignmentIds: string[]): Promise<Map<string, { inputs: Record<string, string>; computed: Record<string, string | null> }>> {
  if (assignmentIds.length === 0) return new Map();
  const { rows } = await sql<{ assignment_id: string; inputs: unknown; computed: unknown }>`
    select distinct on (assignment_id) assignment_id, inputs, computed from submission_versions
    where assignment_id in (${sql.join(assignmentIds)}) order by assignment_id, number desc`.execute(db);
  return new Map(rows.map((r) => [r.assignment_id, { inputs: parse(r.inputs), computed: parse(r.computed) }]));
}

export async function insertVersion(
  db: Db,
  v: { assignmentId: string; inputs: Record<string, string>; computed: Record<string, string | null>; explanations: Record<string, string>; narrative: Record<string, string>; by: string; at: Date; correctionId?: string | null },
): Promise<number> {
  const { rows } = await sql<{ n: number }>`select coalesce(max(number), 0)::int + 1 as n from submission_versions where assignment_id = ${v.assignmentId}`.execute(db);
  const number = Number(rows[0]!.n);
  await db
    .insertInto('submission_versions')
    .values({ assignment_id: v.assignmentId, number, inputs: JSON.stringify(v.inputs), computed: JSON.stringify(v.computed), explanations: JSON.stringify(v.explanations), narrative: JSON.stringify(v.narrative), submitted_by: v.by, submitted_at: v.at, correction_id: v.correctionId ?? null })
    .execute();
  return number;
}

export async function reviewLatestVersion(db: Db, assignmentId: string, r: { decision: string; reason: string; flaggedCells: string[]; by: string; at: Date }): Promise<void> {
  await sql`
    update submission_versions set review_decision = ${r.decision}, review_reason = ${r.reason}, flagged_cells = ${JSON.stringify(r.flaggedCells)}::jsonb,
      reviewed_by = ${r.by}, reviewed_at = ${r.at}
    where assignment_id = ${assignmentId} and number = (select max(number) from submission_versions where assignment_id = ${assignmentId})`.execute(db);
}

/** Active leaders of a unit: who signs its reports. */
export function unitLeaders(db: Db, unitId: string): Promise<{ id: string; full_name: string }[]> {
  return db.selectFrom('users').select(['id', 'full_name']).where('unit_id', '=', unitId).where('role', '=', 'leader').where('active', '=', true).orderBy('full_name').execute();
}

/** The approved correction this assignment is being reworked under, not yet carried by a version. */
export async function openCorrection(db: Db, assignmentId: string): Promise<string | null> {
  const row = await db
    .selectFrom('correction_requests as c')
    .select('c.id')
    .where('c.assignment_id', '=', assignmentId)
    .where('c.decision', '=', 'approved')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('submission_versions as v').select('v.number').whereRef('v.correction_id', '=', 'c.id'))))
    .orderBy('c.decided_at', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The latest accepted version of each assignment (a report under correction counts with it). */
export async function acceptedVersions(db: Db, assignmentIds: string[]): Promise<Map<string, { inputs: Record<string, string>; computed: Record<string, string | null> }>> {
  if (assignmentIds.length === 0) return new Map();
  const { rows } = await sql<{ assignment_id: string; inputs: unknown; computed: unknown }>`
    select distinct on (assignment_id) assignment_id, inputs, computed from submission_versions
    where assignment_id in (${sql.join(assignmentIds)}) and review_decision = 'accept' order by assignment_id, number desc`.execute(db);
  return new Map(rows.map((r) => [r.assignment_id, { inputs: parse(r.inputs), computed: parse(r.computed) }]));
}

/**
 * Where each assignment stands with corrections: `pending` from the request until a corrected version
 * is sent (refused requests end it), `corrected` once the latest version carries an approved correction.
 */
export async function correctionStates(db: Db, assignmentIds: string[]): Promise<Map<string, 'pending' | 'corrected'>> {
  if (assignmentIds.length === 0) return new Map();
  const { rows } = await sql<{ assignment_id: string; state: 'pending' | 'corrected' }>`
    select c.assignment_id,
      case when exists (
        select 1 from submission_versions v join assignments a on a.id = v.assignment_id
        where v.correction_id = c.id and a.status in ('sent', 'accepted')
      ) then 'corrected' else 'pending' end as state
    from correction_requests c
    where c.assignment_id in (${sql.join(assignmentIds)}) and (c.decision is null or c.decision = 'approved')
      and c.requested_at = (select max(requested_at) from correction_requests x where x.assignment_id = c.assignment_id and (x.decision is null or x.decision = 'approved'))`.execute(db);
  return new Map(rows.map((r) => [r.assignment_id, r.state]));
}
