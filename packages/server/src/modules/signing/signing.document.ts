import { buildGridModel, canonicalJson, cellKey, formatViNumber, headerSpans, valueKind, vietnamDateOf, type OutlineSection, type TemplateDefinition, type TemplateGrid } from '@baocao/core';
import type { Db } from '../../db/database.js';
import type { Config } from '../../platform/config.js';
import type { AssignmentRow } from '../assignments/assignments.queries.js';
import { loadTemplate } from '../submissions/submissions.form.js';
import { resolvePlaceholders } from '../submissions/submissions.narrative.js';
import { cellSources } from '../submissions/submissions.xlsx-formulas.js';
import type { DocCell, DocSection, DocTable, ReportDocument } from './documents/document.js';
import { htmlToParagraphs } from './documents/html-runs.js';
import * as q from './signing.queries.js';

/**
 * What is signed (R20, R36): the report's values and metadata as RFC 8785 canonical JSON. Numbers stay
 * decimal strings; the same stored version always gives the same bytes, so a signature can be checked
 * again at any time and any change to the stored figures shows.
 */
export type CanonicalReport = {
  format: 'baocao.report';
  formatVersion: 1;
  assignmentId: string;
  documentNumber: string;
  issuedOn: string;
  unit: { id: string; code: string; name: string };
  requestingUnit: { id: string; name: string };
  regime: { id: string; code: string; name: string };
  round: { key: string; label: string; cutoffFrom: string; cutoffTo: string; dueOn: string };
  template: { id: string; code: string; name: string; version: number; kind: string };
  version: { number: number; submittedAt: string; submittedBy: string | null; correctionId: string | null };
  inputs: Record<string, string>;
  computed: Record<string, string | null>;
  explanations: Record<string, string>;
  narrative: Record<string, string>;
  /** Narrative placeholders as resolved when signing (frozen: later reports do not change them). */
  placeholders: Record<string, string | null>;
};

export type Snapshot = { version: q.VersionRow; canonical: CanonicalReport; bytes: Uint8Array; definition: TemplateDefinition };

export const encodeCanonical = (c: CanonicalReport): Uint8Array => new TextEncoder().encode(canonicalJson(c));

/**
 * The canonical report of a submitted version. `placeholders` null resolves the narrative placeholders
 * now (signing); verification passes the ones stored in the signed bytes.
 */
export async function snapshot(
  db: Db,
  a: AssignmentRow,
  versionNumber: number,
  documentNumber: string,
  issuedOn: string,
  placeholders: Record<string, string | null> | null,
): Promise<Snapshot> {
  const version = await q.findVersion(db, a.id, versionNumber);
  if (!version) throw new Error(`version ${versionNumber} of ${a.id} not found`);
  const tpl = await loadTemplate(db, a.template_id);
  const resolved = placeholders ?? Object.fromEntries(Object.entries(await resolvePlaceholders(db, a, tpl.definition)).map(([k, p]) => [k, p.value]));
  const canonical: CanonicalReport = {
    format: 'baocao.report',
    formatVersion: 1,
    assignmentId: a.id,
    documentNumber,
    issuedOn,
    unit: { id: a.unit_id, code: a.unit_code, name: a.unit_name },
    requestingUnit: { id: a.requesting_unit_id, name: a.requesting_unit_name },
    regime: { id: a.regime_id, code: a.regime_code, name: a.regime_name },
    round: { key: a.round_key, label: a.round_label, cutoffFrom: a.cutoff_from, cutoffTo: a.cutoff_to, dueOn: a.due_on },
    template: { id: a.template_id, code: tpl.code, name: tpl.name, version: tpl.version, kind: tpl.kind },
    version: { number: version.number, submittedAt: version.submitted_at.toISOString(), submittedBy: version.submitted_by, correctionId: version.correction_id },
    inputs: version.inputs,
    computed: version.computed,
    explanations: version.explanations,
    narrative: version.narrative,
    placeholders: resolved,
  };
  return { version, canonical, bytes: encodeCanonical(canonical), definition: tpl.definition };
}

const COMMUNE_LEVEL = new Set(['commune', 'district']);

/** The unit as the issuing agency line names it (capitals): a commune-level unit is its People's Committee. */
export function agencyName(unit: { name: string; kind: string }): string {
  return (COMMUNE_LEVEL.has(unit.kind) ? `UBND ${unit.name}` : unit.name).toLocaleUpperCase('vi');
}

/**
 * The symbol after "BC-" (Decree 30 Annex: the issuing agency's abbreviation): "UBND" for a
 * commune-level People's Committee, else the initials of the unit's name ("Sở Tài chính" → "STC").
 * A default: the operator's list of official abbreviations replaces it when there is one.
 */
export function agencySymbol(unit: { name: string; kind: string }): string {
  if (COMMUNE_LEVEL.has(unit.kind)) return 'UBND';
  const initials = unit.name
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w))
    .map((w) => w[0]!.toLocaleUpperCase('vi'))
    .join('');
  return initials.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC') || 'DV';
}

/** Signature block titles by kind of unit (defaults; Decree 30 Annex I). */
export function signerTitles(unit: { kind: string }): string[] {
  if (COMMUNE_LEVEL.has(unit.kind)) return ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'];
  if (unit.kind === 'department') return ['GIÁM ĐỐC'];
  return ['THỦ TRƯỞNG ĐƠN VỊ'];
}

/**
 * The summary line (trích yếu): a periodic report is "Báo cáo <template> <period>" ("… tháng 12/2026");
 * a thematic or ad hoc one is named by its request ("Báo cáo nhanh thu ngân sách tháng 11").
 */
export function summaryOf(a: { regime_kind: string; regime_name: string; template_name: string; round_label: string }): string {
  const lower = (t: string) => `${t.charAt(0).toLocaleLowerCase('vi')}${t.slice(1)}`;
  const strip = (t: string) => t.replace(/^báo cáo\s+/i, '');
  if (a.regime_kind !== 'periodic') return `Báo cáo ${lower(strip(a.regime_name))}`;
  return `Báo cáo ${lower(strip(a.template_name))} ${lower(a.round_label)}`;
}

/** The template's numeric grid as a document table: STT, indicator, unit of measure, then the columns under their merged headers. */
export function gridTable(grid: TemplateGrid, inputs: Record<string, string>, computed: Record<string, string | null>): DocTable {
  const model = buildGridModel(grid);
  const sources = cellSources(grid, model);
  const { depth, spans } = headerSpans(grid.columns);
  const header: DocCell[][] = Array.from({ length: depth }, () => []);
  header[0]!.push({ text: 'STT', rowSpan: depth, bold: true, align: 'center' }, { text: 'Chỉ tiêu', rowSpan: depth, bold: true, align: 'center' }, { text: 'Đơn vị tính', rowSpan: depth, bold: true, align: 'center' });
  for (const h of spans) header[h.level]!.push({ text: h.text, colSpan: h.colSpan, rowSpan: h.rowSpan, bold: true, align: 'center' });
  /** A figure shown to its column's scale ("950.5" with 2 decimals → "950,50"); inputs are never longer. */
  const shown = (raw: string, scale: number | null): string => {
    if (!/^-?\d+(\.\d+)?$/.test(raw) || !scale) return formatViNumber(raw);
    const [int, frac = ''] = raw.split('.');
    return formatViNumber(frac.length >= scale ? raw : `${int}.${frac.padEnd(scale, '0')}`);
  };
  const body: DocCell[][] = grid.rows.map((row) => [
    { text: row.displayNo, align: 'center', bold: row.level === 0 && !!row.formula },
    { text: `${'   '.repeat(row.level)}${row.name}`, align: 'left', bold: row.level === 0 && !!row.formula },
    { text: row.unitOfMeasure, align: 'center' },
    ...grid.columns.map((col, c): DocCell => {
      const key = cellKey(row.code, col.code);
      const source = sources.get(key);
      const raw = source?.kind === 'fixed' ? source.value : source?.kind === 'disabled' ? '' : (inputs[key] ?? computed[key] ?? '');
      const numeric = valueKind(col.valueType) === 'number';
      return { text: numeric ? shown(raw, model.scales[c] ?? null) : raw, align: numeric ? 'right' : 'left' };
    }),
  ]);
  return {
    columns: [{ width: 0.6, align: 'center' }, { width: 3.2, align: 'left' }, { width: 1.25, align: 'center' }, ...grid.columns.map((c) => ({ width: 1.2, align: valueKind(c.valueType) === 'number' ? ('right' as const) : ('left' as const) }))],
    header,
    body,
    note: null,
  };
}

function outlineSections(outline: readonly OutlineSection[], narrative: Record<string, string>, placeholders: Record<string, string | null>): DocSection[] {
  const fill = (html: string) =>
    html.replace(/<span data-placeholder="([a-z0-9_]+)"[^>]*>.*?<\/span>/g, (_m, key: string) => {
      const v = placeholders[key];
      return v === null || v === undefined ? '…' : formatViNumber(v);
    });
  return outline.flatMap((s) => [
    { kind: 'text' as const, heading: `${s.number ? `${s.number}. ` : ''}${s.title}`, paragraphs: htmlToParagraphs(fill(narrative[s.number || s.title] ?? '')) },
    ...outlineSections(s.children, narrative, placeholders),
  ]);
}

/** The report as an administrative document (Decree 30/2020 layout, NOTES.md). */
export function buildDocument(
  config: Pick<Config, 'documentPlace' | 'documentParentAgency'>,
  a: AssignmentRow & { parent_agency?: string | null },
  snap: Snapshot,
  stamp: ReportDocument['stamp'],
  signerName: string,
): ReportDocument {
  const c = snap.canonical;
  const unit = { name: a.unit_name, kind: a.unit_kind };
  const sections: DocSection[] =
    snap.definition.kind === 'numeric'
      ? [{ kind: 'table', heading: null, table: gridTable(snap.definition.grid, c.inputs, c.computed) }]
      : outlineSections(snap.definition.outline, c.narrative, c.placeholders);
  const explained = Object.entries(c.explanations);
  if (explained.length) {
    sections.push({ kind: 'text', heading: 'Giải trình', paragraphs: explained.map(([k, text]) => ({ runs: [{ text: `${k.split('@')[1] ?? k}: `, bold: true }, { text }] })) });
  }
  const recipients = [a.requesting_unit_name, ...(a.parent_unit_name && a.parent_unit_name !== a.requesting_unit_name ? [a.parent_unit_name] : []), 'Lưu: VT'];
  return {
    parentAgency: a.parent_agency ?? config.documentParentAgency,
    agency: agencyName(unit),
    number: c.documentNumber,
    place: config.documentPlace,
    date: c.issuedOn,
    title: 'BÁO CÁO',
    summary: summaryOf(a),
    sections,
    signer: { titleLines: signerTitles(unit), name: signerName },
    recipients,
    stamp,
    draft: stamp === null,
    meta: { author: a.unit_name, subject: `${c.template.code} ${c.round.label}`, keywords: ['baocao', c.template.code, c.round.key, c.documentNumber] },
  };
}

/** Vietnam time as ISO 8601 with its offset, e.g. 2026-12-01T14:05:09+07:00. */
export function vietnamIso(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}

export const vietnamDay = (d: Date): string => vietnamDateOf(d);
