import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import { extendedDueOn } from '../operations/operations.queries.js';

/** Assignments with what every view shows: regime, round, template, units, parent, assignee. */
export function assignmentQuery(db: Db) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('regimes as r', 'r.id', 'a.regime_id')
    .innerJoin('regime_rounds as rr', (j) => j.onRef('rr.regime_id', '=', 'a.regime_id').onRef('rr.key', '=', 'a.round_key'))
    .innerJoin('templates as t', 't.id', 'a.template_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('units as ru', 'ru.id', 'r.requesting_unit_id')
    .leftJoin('assignments as p', 'p.id', 'a.parent_id')
    .leftJoin('units as pu', 'pu.id', 'p.unit_id')
    .leftJoin('users as au', 'au.id', 'a.assignee_id')
    .select((eb) => [
      'a.id', 'a.regime_id', 'a.round_key', 'a.template_id', 'a.lineage_id', 'a.unit_id', 'a.parent_id', 'a.due_on', 'a.assignee_id', 'a.assignee_due_on',
      'a.status', 'a.note', 'a.sent_at', 'a.created_at',
      'r.code as regime_code', 'r.name as regime_name', 'r.kind as regime_kind', 'r.legal_basis', 'r.requesting_unit_id', 'r.reminder_days',
      'ru.name as requesting_unit_name', 'ru.path as requesting_unit_path',
      'rr.label as round_label', 'rr.cutoff_from', 'rr.cutoff_to', 'rr.due_on as outer_due_on',
      't.code as template_code', 't.name as template_name', 't.kind as template_kind', 't.version as template_version',
      'u.name as unit_name', 'u.code as unit_code', 'u.kind as unit_kind', 'u.path as unit_path',
      'p.unit_id as parent_unit_id', 'pu.name as parent_unit_name', 'pu.path as parent_unit_path',
      'au.full_name as assignee_name', 'au.email as assignee_email',
      delegatedCount(eb).as('delegated_count'),
      extendedDueOn(sql.ref('a.due_on'), sql.ref('u.path')).as('extended_due_on'),
    ]);
}

function delegatedCount(eb: ExpressionBuilder<DB & { a: DB['assignments'] }, 'a'>) {
  return eb
    .selectFrom('assignments as c')
    .select(sql<number>`count(*)::int`.as('n'))
    .whereRef('c.parent_id', '=', 'a.id')
    .where('c.status', '<>', 'withdrawn');
}

export type AssignmentRow = Awaited<ReturnType<ReturnType<typeof assignmentQuery>['executeTakeFirstOrThrow']>>;

/**
 * One assignment. `forUpdate`: its row locked for a change in this transaction, in the same statement. Under
 * a concurrent change the locked row's own columns are read as last committed; the joined names and the
 * counted delegations are as of the statement's start: for changes that depend only on the row itself (a save).
 */
export function findAssignment(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<AssignmentRow | undefined> {
  const query = assignmentQuery(db).where('a.id', '=', id);
  return (opts.forUpdate ? query.forUpdate('a') : query).executeTakeFirst();
}

/** Locks one assignment's row for a change in this transaction. */
export async function lockAssignment(db: Db, id: string): Promise<void> {
  await sql`select id from assignments where id = ${id} for update`.execute(db);
}

export function listDelegations(db: Db, parentId: string): Promise<AssignmentRow[]> {
  return assignmentQuery(db).where('a.parent_id', '=', parentId).orderBy('a.created_at').execute();
}

/** What may be in a person's inbox: their unit's live work, what is given to them, and what their unit's delegations sent back. */
export async function inboxRows(db: Db, who: { userId: string; unitId: string }): Promise<AssignmentRow[]> {
  const done = ['sent', 'accepted', 'withdrawn', 'signed'];
  // Three index-friendly lookups instead of one OR across joined tables.
  const ids = db
    .selectFrom('assignments')
    .select('id')
    .where('unit_id', '=', who.unitId)
    .where('status', 'not in', done)
    .union(db.selectFrom('assignments').select('id').where('assignee_id', '=', who.userId).where('status', 'not in', done))
    .union(
      db.selectFrom('assignments as c').innerJoin('assignments as p', 'p.id', 'c.parent_id').select('c.id').where('p.unit_id', '=', who.unitId).where('c.status', 'in', ['sent', 'correction_requested']),
    )
    // Reports sent to this unit as the requesting unit, and their correction requests.
    .union(
      db.selectFrom('assignments as t').innerJoin('regimes as rg', 'rg.id', 't.regime_id').select('t.id')
        .where('rg.requesting_unit_id', '=', who.unitId).where('t.parent_id', 'is', null).where('t.status', 'in', ['sent', 'correction_requested']),
    );
  // Two steps: the small union first, then the wide join on the ids found (planning one statement that
  // holds both costs more than running them).
  const found = (await ids.execute()).map((r) => r.id);
  if (found.length === 0) return [];
  return assignmentQuery(db).where('a.id', 'in', found).orderBy('a.due_on').execute();
}

export function roundAssignments(db: Db, regimeId: string, roundKey: string): Promise<AssignmentRow[]> {
  return assignmentQuery(db).where('a.regime_id', '=', regimeId).where('a.round_key', '=', roundKey).where('a.parent_id', 'is', null).execute();
}

export type NewDelegation = { parent: AssignmentRow; unitId: string; dueOn: string; note: string; createdBy: string; now: Date };

export async function insertDelegation(db: Db, d: NewDelegation): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('assignments')
    .values({
      id, regime_id: d.parent.regime_id, round_key: d.parent.round_key, template_id: d.parent.template_id, lineage_id: d.parent.lineage_id, unit_id: d.unitId,
      parent_id: d.parent.id, due_on: d.dueOn, status: 'open', note: d.note, created_by: d.createdBy, created_at: d.now, updated_at: d.now,
    })
    .execute();
  return id;
}

/** Live descendants of an assignment (delegations of delegations), nearest first. */
export async function liveDescendants(db: Db, id: string): Promise<{ id: string; unit_id: string; due_on: string; status: string }[]> {
  const { rows } = await sql<{ id: string; unit_id: string; due_on: string; status: string }>`
    with recursive d as (
      select id, unit_id, due_on, status from assignments where parent_id = ${id} and status <> 'withdrawn'
      union all
      select c.id, c.unit_id, c.due_on, c.status from assignments c join d on c.parent_id = d.id where c.status <> 'withdrawn'
    ) select * from d`.execute(db);
  return rows;
}
