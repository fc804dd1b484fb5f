import { needsSignature } from '../assignments/assignments.workflow.js';
import {
  buildGridModel, checkForm, compileTemplate, formatPeriodId, isPeriodId, parsePeriodId, previousPeriod, samePeriodLastYear,
  type AssignmentStatus, type EvaluationContext, type Evaluator, type FormState, type GridModel, type TemplateDefinition, type TemplateGrid, type TemplateKind,
} from '@baocao/core';
import type { Db } from '../../db/database.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/scope.js';
import type { AssignmentRow } from '../assignments/assignments.queries.js';
import { LIVE_STATUSES, WORKER_ROLES } from '../assignments/assignments.service.js';
import { findTemplate } from '../templates/templates.queries.js';
import { narrativeOf, resolvePlaceholders } from './submissions.narrative.js';
import { findForm, latestVersions, type FormRow } from './submissions.queries.js';

export type CompiledForm = { definition: TemplateDefinition; grid: TemplateGrid | null; evaluator: Evaluator | null; model: GridModel | null; code: string; name: string; version: number; kind: TemplateKind };

// Assignments reference official template versions, which never change: compile each once.
const compiledCache = new Map<string, CompiledForm>();

/** The assignment's template, compiled (numeric) or as is (narrative). */
export async function loadTemplate(db: Db, templateId: string): Promise<CompiledForm> {
  const cached = compiledCache.get(templateId);
  if (cached) return cached;
  const row = (await findTemplate(db, templateId))!;
  const definition = (typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition) as TemplateDefinition;
  let form: CompiledForm = { definition, grid: null, evaluator: null, model: null, code: row.code, name: row.name, version: row.version, kind: row.kind as TemplateKind };
  if (definition.kind === 'numeric') {
    const compiled = compileTemplate(definition.grid);
    if (!compiled.ok) throw new AppError('form.template_invalid', `Biểu mẫu ${row.code} có lỗi công thức`, 500);
    form = { ...form, grid: definition.grid, evaluator: compiled.evaluator, model: buildGridModel(definition.grid) };
  }
  if (compiledCache.size > 500) compiledCache.clear();
  compiledCache.set(templateId, form);
  return form;
}

/** May this person enter figures here: a worker of the unit (or the named assignee) while the report is open. */
export function mayEnter(actor: Actor, a: AssignmentRow): boolean {
  const theirs = a.assignee_id ? a.assignee_id === actor.id || (actor.unitId === a.unit_id && actor.role === 'leader') : actor.unitId === a.unit_id;
  return theirs && WORKER_ROLES.includes(actor.role) && LIVE_STATUSES.includes(a.status);
}

/**
 * The unit's report of the previous period of the same year and of the same period last year, for
 * PREV and LASTYEAR: its latest submitted version, `{}` for the first period of a year, unknown (left
 * out) when that report does not exist.
 */
export async function contextOf(db: Db, a: AssignmentRow): Promise<EvaluationContext & { previousKnown: boolean }> {
  if (!isPeriodId(a.round_key)) return { previousKnown: false };
  const period = parsePeriodId(a.round_key);
  const prev = previousPeriod(period);
  const keys = { previous: prev.year === period.year ? formatPeriodId(prev) : null, lastYear: formatPeriodId(samePeriodLastYear(period)) };
  const rows = await db
    .selectFrom('assignments')
    .select(['id', 'round_key'])
    .where('regime_id', '=', a.regime_id)
    .where('lineage_id', '=', a.lineage_id)
    .where('unit_id', '=', a.unit_id)
    .where('round_key', 'in', [keys.previous ?? '', keys.lastYear])
    .where('status', '<>', 'withdrawn')
    .execute();
  const versions = await latestVersions(db, rows.map((r) => r.id));
  const grid = (key: string | null) => {
    const row = rows.find((r) => r.round_key === key);
    const v = row ? versions.get(row.id) : undefined;
    return v ? { ...v.computed, ...v.inputs } : undefined;
  };
  const previous = keys.previous === null ? {} : grid(keys.previous);
  const lastYear = grid(keys.lastYear);
  return { ...(previous ? { previous } : {}), ...(lastYear ? { lastYear } : {}), previousKnown: previous !== undefined };
}

/** The form as the entry page and the API show it, checked by the engine. */
export async function formState(db: Db, actor: Actor, a: AssignmentRow, form?: FormRow): Promise<FormState> {
  const tpl = await loadTemplate(db, a.template_id);
  const f = form ?? (await findForm(db, a.id));
  const context = tpl.evaluator ? await contextOf(db, a) : { previousKnown: false };
  const check = tpl.evaluator ? checkForm(tpl.evaluator, f.inputs, f.explanations, context) : null;
  const editable = mayEnter(actor, a);
  return {
    assignmentId: a.id,
    status: a.status as AssignmentStatus,
    version: f.version,
    template: { id: a.template_id, code: tpl.code, name: tpl.name, kind: tpl.kind, version: tpl.version, definition: tpl.definition },
    unitName: a.unit_name,
    roundLabel: a.round_label,
    dueOn: a.due_on,
    inputs: f.inputs,
    computed: check?.computed ?? {},
    explanations: f.explanations,
    violations: check?.violations ?? [],
    invalidCells: check?.invalid ?? [],
    context: { previous: (context.previous as Record<string, string | null> | undefined) ?? null, lastYear: (context.lastYear as Record<string, string | null> | undefined) ?? null },
    editable,
    canSubmit: editable,
    requiresSignature: needsSignature(a),
    returnReason: f.return_reason,
    flaggedCells: f.flagged_cells,
    updatedAt: f.updated_at?.toISOString() ?? null,
    updatedByName: f.updated_by_name,
    lateEntry: f.late_entry,
    narrative: tpl.kind === 'narrative' ? await narrativeOf(db, a.id) : {},
    placeholders: await resolvePlaceholders(db, a, tpl.definition),
  };
}
