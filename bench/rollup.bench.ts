/**
 * Issue 5's figures, in process on the embedded database:
 *
 * - roll-up: 114 commune-level reports of the generated 300-row × 8-column template (600 formulas, a
 *   recomputed % column) consolidated into the city total as the server does it (load each unit's
 *   latest submitted version, apply the columns' rules with exact decimals, recompute the template's
 *   totals and percentages), against one bare `SUM … GROUP BY` over the very same stored values;
 * - saving one full form: every input cell of the template changed (validate, merge check, store,
 *   one history row per cell, audit record), against one bare upsert of the same JSON.
 */
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { aggregateForms, buildGridModel } from '@baocao/core';
import { sql } from 'kysely';
import { openDatabase, pgliteParsers, type Db } from '../packages/server/src/db/database.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { latestVersions } from '../packages/server/src/modules/submissions/submissions.queries.js';
import { saveValues } from '../packages/server/src/modules/submissions/submissions.service.js';
import type { Ctx } from '../packages/server/src/platform/audit.js';
import { systemClock } from '../packages/server/src/platform/clock.js';
import { compileOrThrow, generateData, generateTemplate } from './generated-template.js';
import { alternate, result, type Bench } from './measure.js';

const UNITS = 114;

const rollup: Bench = async (opts) => {
  const { db, close } = await openDatabase({ kind: 'pglite', pglite: new PGlite({ parsers: pgliteParsers }) });
  try {
    await migrate(db);
    const grid = generateTemplate();
    const model = buildGridModel(grid);
    const evaluator = compileOrThrow(grid);
    const fx = await fixture(db, grid, evaluator);

    const ours = async () => {
      const versions = await latestVersions(db, fx.assignmentIds);
      const sources = fx.assignmentIds.map((id, i) => ({ unitId: fx.unitIds[i]!, ...versions.get(id)! }));
      return aggregateForms(grid, evaluator, sources, model, { contributions: false });
    };
    const bare = () =>
      sql<{ key: string; total: string }>`
        select e.key, sum(e.value::numeric)::text as total
        from submission_versions v, jsonb_each_text(v.inputs) e
        where v.assignment_id in (${sql.join(fx.assignmentIds)}) and e.value ~ '^-?[0-9]+(\\.[0-9]+)?$'
        group by e.key`.execute(db);

    // Same answer first: every summed input cell equals the bare query's sum.
    const [a, b] = [await ours(), await bare()];
    for (const row of b.rows) {
      const column = grid.columns[model.columnIndex.get(row.key.split('!')[1]!)!]!;
      if (column.aggregation === 'sum' && Number(a.inputs[row.key]) !== Number(row.total)) throw new Error(`Roll-up differs from SQL at ${row.key}: ${a.inputs[row.key]} vs ${row.total}`);
    }
    const roll = await alternate(ours, bare, opts.seconds);

    // Saving a full form: two data sets alternate so that every cell changes on every save.
    const datasets = [generateData(model, 7).inputs, generateData(model, 8).inputs];
    let turn = 0;
    const save = async () => {
      const version = Number((await db.selectFrom('report_forms').select('version').where('assignment_id', '=', fx.entryId).executeTakeFirst())?.version ?? 0);
      await saveValues(db, fx.ctx, fx.entryId, { baseVersion: version, changes: datasets[turn++ % 2]!, explanations: {} });
    };
    const upsert = async () => {
      const inputs = JSON.stringify(datasets[turn++ % 2]);
      await db.insertInto('report_forms').values({ assignment_id: fx.bareId, version: 1, inputs, updated_at: new Date() })
        .onConflict((c) => c.column('assignment_id').doUpdateSet({ inputs, version: sql`report_forms.version + 1` })).execute();
    };
    const saving = await alternate(save, upsert, opts.seconds);
    return [
      result(`roll-up ${UNITS} reports 300×8 into the city total`, 'ms', roll.target, roll.baseline),
      result('save one full 300×8 form (validate + store)', 'ms', saving.target, saving.baseline),
    ];
  } finally {
    await close();
  }
};

export default rollup;

/** A city, 114 wards, an official template, an accepted report per ward, and one open form to save into. */
async function fixture(db: Db, grid: ReturnType<typeof generateTemplate>, evaluator: ReturnType<typeof compileOrThrow>) {
  const now = new Date();
  const model = buildGridModel(grid);
  const cityId = randomUUID();
  const unit = (id: string, code: string, name: string, kind: string, parent: string | null, path: string, depth: number) =>
    db.insertInto('units').values({ id, code, name, kind, parent_id: parent, path, depth, created_at: now, updated_at: now }).execute();
  await unit(cityId, 'BENCH', 'Thành phố thử', 'city', null, `/${cityId}/`, 0);
  const unitIds: string[] = [];
  for (let i = 0; i < UNITS + 2; i++) {
    const id = randomUUID();
    unitIds.push(id);
    await unit(id, `X${i}`, `Xã ${i}`, 'commune', cityId, `/${cityId}/${id}/`, 1);
  }
  const userId = randomUUID();
  await db.insertInto('users').values({ id: userId, username: 'bench', full_name: 'Người đo', role: 'specialist', unit_id: unitIds[UNITS]!, password_hash: 'x', created_at: now, updated_at: now }).execute();
  const templateId = randomUUID();
  await db.insertInto('templates').values({
    id: templateId, lineage_id: templateId, version: 1, code: 'BENCH-300', name: 'Biểu thử 300×8', kind: 'numeric', status: 'official', regime_kind: 'ad_hoc',
    requesting_unit_id: cityId, info: JSON.stringify({}), definition: JSON.stringify({ kind: 'numeric', grid, layout: { title: 'BIỂU THỬ', orientation: 'landscape' } }), created_at: now, updated_at: now,
  }).execute();
  const regimeId = randomUUID();
  await db.insertInto('regimes').values({
    id: regimeId, code: 'BENCH', name: 'Đo', kind: 'ad_hoc', status: 'active', requesting_unit_id: cityId, due_on: '2030-01-10', as_of: '2030-01-01',
    targets: JSON.stringify([]), starts_on: '2030-01-01', ends_on: '2030-01-10', reminder_days: JSON.stringify([]), created_at: now, updated_at: now,
  }).execute();
  await db.insertInto('regime_rounds').values({ regime_id: regimeId, key: 'ad-hoc', label: 'Đo', cutoff_from: '2030-01-01', cutoff_to: '2030-01-01', opens_on: '2030-01-01', due_on: '2030-01-10', opened_at: now }).execute();
  const assignmentIds: string[] = [];
  for (let i = 0; i < UNITS + 2; i++) {
    const id = randomUUID();
    await db.insertInto('assignments').values({
      id, regime_id: regimeId, round_key: 'ad-hoc', template_id: templateId, lineage_id: templateId, unit_id: unitIds[i]!, due_on: '2030-01-10',
      status: i < UNITS ? 'accepted' : 'open', created_at: now, updated_at: now,
    }).execute();
    if (i < UNITS) {
      const inputs = generateData(model, 100 + i).inputs;
      await db.insertInto('submission_versions').values({
        assignment_id: id, number: 1, inputs: JSON.stringify(inputs), computed: JSON.stringify(evaluator.evaluate(inputs).values), explanations: '{}', submitted_at: now,
      }).execute();
    }
    assignmentIds.push(id);
  }
  const entryUnit = (await db.selectFrom('units').select(['id', 'path']).where('id', '=', unitIds[UNITS]!).executeTakeFirstOrThrow());
  const ctx: Ctx = {
    actor: { id: userId, username: 'bench', fullName: 'Người đo', role: 'specialist', unitId: entryUnit.id, unitName: 'Xã', unitPath: entryUnit.path, mustChangePassword: false, sessionId: 'bench', csrfToken: 'bench' },
    ip: null, userAgent: 'bench', requestId: null, clock: systemClock,
  };
  return { assignmentIds: assignmentIds.slice(0, UNITS), unitIds: unitIds.slice(0, UNITS), entryId: assignmentIds[UNITS]!, bareId: assignmentIds[UNITS + 1]!, ctx };
}
