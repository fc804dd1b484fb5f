import type { OutlineSection, TemplateDefinition } from '@baocao/core';
import sanitizeHtml from 'sanitize-html';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { badRequest, conflict, forbidden } from '../../platform/errors.js';
import type { Actor } from '../../platform/scope.js';
import { lockAssignment, type AssignmentRow } from '../assignments/assignments.queries.js';
import { visible } from '../assignments/assignments.service.js';
import { formState, loadTemplate, mayEnter } from './submissions.form.js';
import { findForm, insertCellChanges, latestVersions } from './submissions.queries.js';

/**
 * What a narrative section may hold: paragraphs, emphasis, lists, simple tables, and placeholders
 * (`<span data-placeholder="key">`). Scripts, styles, event handlers, links and images are dropped.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span'],
  allowedAttributes: { span: ['data-placeholder'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: [],
  disallowedTagsMode: 'discard',
};

export function sanitizeSection(html: string): string {
  return sanitizeHtml(html, POLICY).trim();
}

function sectionNumbers(sections: readonly OutlineSection[]): string[] {
  return sections.flatMap((s) => [s.number || s.title, ...sectionNumbers(s.children)]);
}

/**
 * Saves the sections of a narrative report, sanitised (R17). A save from an older version is refused
 * when it changes a section someone else changed meanwhile. People who may enter figures here.
 */
export async function saveNarrative(db: Db, ctx: Ctx, id: string, input: { baseVersion: number; sections: Record<string, string> }) {
  const actor = ctx.actor as Actor;
  const a = await db.transaction().execute(async (tx) => {
    await lockAssignment(tx, id);
    const a = await visible(tx, actor, id);
    if (!mayEnter(actor, a)) forbidden('Báo cáo này không còn nhập được, hoặc không được giao cho bạn');
    const tpl = await loadTemplate(tx, a.template_id);
    if (tpl.definition.kind !== 'narrative') badRequest('form.not_narrative', 'Đây là báo cáo số liệu, không có đề mục văn bản');
    const known = new Set(sectionNumbers(tpl.definition.outline));
    const unknown = Object.keys(input.sections).filter((n) => !known.has(n));
    if (unknown.length) badRequest('form.unknown_sections', `Không có đề mục: ${unknown.join(', ')}`);
    const form = await findForm(tx, id);
    const current = await narrativeOf(tx, id);
    if (input.baseVersion > form.version) conflict('form.stale', 'Phiên bản không hợp lệ; hãy tải lại');
    const next = { ...current };
    const changed: string[] = [];
    for (const [n, html] of Object.entries(input.sections)) {
      const clean = sanitizeSection(html);
      if ((current[n] ?? '') === clean) continue;
      next[n] = clean;
      changed.push(n);
    }
    if (input.baseVersion < form.version && changed.length) {
      const touched = await tx.selectFrom('cell_changes').select('cell').where('assignment_id', '=', id).where('version', '>', input.baseVersion).execute();
      const clash = changed.filter((n) => touched.some((t) => t.cell === `§${n}`));
      if (clash.length) conflict('form.conflict', `Đề mục ${clash.join(', ')} vừa được người khác sửa; hãy tải lại`);
    }
    if (changed.length === 0) {
      nothingChanged(ctx);
      return a;
    }
    const version = form.version + 1;
    const now = ctx.clock.now();
    await tx
      .insertInto('report_forms')
      .values({ assignment_id: id, version, narrative: JSON.stringify(next), updated_by: actor.id, updated_at: now })
      .onConflict((c) => c.column('assignment_id').doUpdateSet({ version, narrative: JSON.stringify(next), updated_by: actor.id, updated_at: now }))
      .execute();
    await insertCellChanges(tx, id, changed.map((n) => ({ cell: `§${n}`, old: current[n] ?? null, new: next[n]! })), { version, source: 'entry', by: actor.id, at: now });
    if (a.status === 'open') await tx.updateTable('assignments').set({ status: 'draft', updated_at: now }).where('id', '=', id).where('status', '=', 'open').execute();
    await recordAudit(tx, ctx, { action: 'form.saved', unitId: a.unit_id, targetType: 'assignment', targetId: id, details: { version, sections: changed } });
    return a;
  });
  return formState(db, actor, await visible(db, actor, a.id));
}

export async function narrativeOf(db: Db, id: string): Promise<Record<string, string>> {
  const row = await db.selectFrom('report_forms').select('narrative').where('assignment_id', '=', id).executeTakeFirst();
  const v = row?.narrative ?? {};
  return (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, string>;
}

/**
 * Placeholders of a narrative outline resolved from the unit's figures: a cell of another template
 * assigned to the same unit in the same round (its latest submitted version, else its draft).
 * Indicator placeholders wait for the facts store (issue 7) and stay null.
 */
export async function resolvePlaceholders(db: Db, a: AssignmentRow, definition: TemplateDefinition): Promise<Record<string, { label: string; value: string | null; source: string }>> {
  if (definition.kind !== 'narrative') return {};
  const all = (sections: readonly OutlineSection[]): OutlineSection['placeholders'] => sections.flatMap((s) => [...s.placeholders, ...all(s.children)]);
  const out: Record<string, { label: string; value: string | null; source: string }> = {};
  const placeholders = all(definition.outline);
  const codes = [...new Set(placeholders.flatMap((p) => (p.source.kind === 'cell' ? [p.source.templateCode.toLowerCase()] : [])))];
  const siblings = codes.length
    ? await db
        .selectFrom('assignments as x')
        .innerJoin('templates as t', 't.id', 'x.template_id')
        .select(['x.id', 't.code'])
        .where('x.unit_id', '=', a.unit_id)
        .where('x.round_key', '=', a.round_key)
        .where('x.status', '<>', 'withdrawn')
        .execute()
    : [];
  const versions = await latestVersions(db, siblings.map((s) => s.id));
  for (const p of placeholders) {
    if (p.source.kind !== 'cell') {
      out[p.key] = { label: p.label, value: null, source: 'indicator' };
      continue;
    }
    const src = p.source;
    const sibling = siblings.find((s) => s.code.toLowerCase() === src.templateCode.toLowerCase());
    let value: string | null = null;
    if (sibling) {
      const cell = `${src.row}!${src.column}`;
      const v = versions.get(sibling.id);
      const draft = v ? null : await findForm(db, sibling.id);
      value = v ? (v.inputs[cell] ?? v.computed[cell] ?? null) : (draft?.inputs[cell] ?? null);
    }
    out[p.key] = { label: p.label, value, source: `${src.templateCode} ${src.row}!${src.column}` };
  }
  return out;
}
