import { randomUUID } from 'node:crypto';
import {
  EXCHANGE_FORMAT, EXCHANGE_VERSION, formatPeriodId, formatPeriodLabelVi, isPeriodId, parsePeriodId, PERIODICITIES, periodEnd, periodStart,
  type ExchangeOutlineSection, type ExchangePacket, type ExportFilters, type OutlineSection, type PacketPayload, type PacketType, type Period, type Periodicity,
  type TemplateDefinition,
} from '@baocao/core';
import type { Db } from '../../db/database.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { inScope, scopePrefix, type Actor } from '../../platform/scope.js';
import * as cq from '../catalog/catalog.queries.js';
import * as q from './exchange.queries.js';

/** The name this system gives itself in the packets it sends. */
export const SYSTEM_NAME = 'baocao';

/** Wraps a payload in the envelope, with a new packet id. */
export function envelope<T extends PacketType>(type: T, unitCode: string, payload: PacketPayload<T>, createdAt: Date): ExchangePacket {
  return { format: EXCHANGE_FORMAT, version: EXCHANGE_VERSION, type, id: randomUUID(), createdAt: createdAt.toISOString(), sender: { unitCode, system: SYSTEM_NAME }, payload } as ExchangePacket;
}

const need = <K extends keyof ExportFilters>(f: ExportFilters, key: K): NonNullable<ExportFilters[K]> => {
  const v = f[key];
  if (v === undefined || v === null) badRequest('exchange.filter_required', `Gói tin này cần tham số ${String(key)}`);
  return v as NonNullable<ExportFilters[K]>;
};
const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** Builds the payload of one packet type from the database, within the actor's scope (out of scope: 404). */
export async function buildPayload(db: Db, actor: Actor, type: PacketType, f: ExportFilters): Promise<PacketPayload<PacketType>> {
  switch (type) {
    case 'regime':
      return regimePayload(db, actor, need(f, 'id'));
    case 'template':
    case 'outlineTemplate':
      return templatePayload(db, actor, need(f, 'id'), type);
    case 'reportData':
    case 'outlineSubmission':
      return reportPayload(db, actor, need(f, 'id'), type);
    case 'listReportData':
      return listReportPayload(db, actor, need(f, 'id'), need(f, 'periodKey'));
    case 'reportStatus':
      return statusPayload(db, actor, need(f, 'id'), f.periodKey ?? null);
    case 'periodCatalogue':
      return periodCatalogue(need(f, 'year'), f.periodicity);
    case 'indicatorCatalogue':
      return indicatorCatalogue(db, need(f, 'id'));
    case 'kpiSet':
      return kpiSet(db, f.id);
    case 'kpiGroupCatalogue':
      return { groups: (await q.listFieldGroups(db)).map((g) => ({ code: g.code, name: g.name })) };
    case 'kpiDisaggregationCatalogue':
      return { disaggregations: (await q.listDisaggregations(db)).map((d) => ({ code: d.code, name: d.name, values: d.values as { code: string; name: string }[] })) };
    case 'kpiData':
      return kpiData(db, actor, need(f, 'periodKey'), f.rootUnitId);
  }
}

async function regimePayload(db: Db, actor: Actor, id: string): Promise<PacketPayload<'regime'>> {
  const r = await q.findRegimeForPacket(db, id);
  if (!r || !inScope(actor, r.unit_path)) notFound();
  const templates = await q.regimeTemplates(db, id);
  const rounds = await q.regimeRounds(db, id);
  return {
    code: r.code,
    name: r.name,
    kind: r.kind as 'periodic',
    status: r.status as 'active',
    periodicity: r.periodicity as Periodicity | null,
    requestingUnit: { code: r.unit_code, name: r.unit_name },
    legalBasis: r.legal_basis,
    startsOn: day(r.starts_on),
    endsOn: r.ends_on ? day(r.ends_on) : null,
    dueOn: r.due_on ? day(r.due_on) : null,
    templates: templates.map((t) => ({ code: t.code, name: t.name })),
    rounds: rounds.map((x) => {
      const p = periodDates(x.key, x.cutoff_from, x.cutoff_to);
      return { key: x.key, label: x.label, periodFrom: p.from, periodTo: p.to, cutoffFrom: day(x.cutoff_from), cutoffTo: day(x.cutoff_to), dueOn: day(x.due_on) };
    }),
  };
}

async function templatePayload(db: Db, actor: Actor, id: string, type: 'template' | 'outlineTemplate'): Promise<PacketPayload<'template' | 'outlineTemplate'>> {
  const t = await q.findTemplateForPacket(db, id);
  if (!t || !inScope(actor, t.unit_path)) notFound('template');
  const definition = t.definition as TemplateDefinition;
  const info = t.info as { legalBasis?: string; periodicities?: Periodicity[] };
  const head = {
    code: t.code,
    version: t.version,
    name: t.name,
    status: t.status as 'official',
    regimeKind: t.regime_kind as 'periodic',
    periodicities: PERIODICITIES.filter((p) => (info.periodicities ?? []).includes(p)),
    fieldGroup: t.field_group,
    requestingUnit: { code: t.unit_code, name: t.unit_name },
    legalBasis: info.legalBasis ?? '',
  };
  if (type === 'outlineTemplate') {
    if (definition.kind !== 'narrative') conflict('exchange.not_outline', 'Biểu mẫu này là biểu số liệu, không phải đề cương; hãy dùng gói tin biểu mẫu báo cáo');
    const section = (s: OutlineSection): ExchangeOutlineSection => ({ number: s.number, title: s.title, guidance: s.guidance, children: s.children.map(section) });
    return { ...head, sections: definition.outline.map(section) };
  }
  if (definition.kind !== 'numeric') conflict('exchange.not_numeric', 'Biểu mẫu này là đề cương; hãy dùng gói tin biểu mẫu báo cáo đề cương');
  const refs = new Map((await q.indicatorRefs(db, definition.grid.rows.flatMap((r) => (r.indicatorId ? [r.indicatorId] : [])))).map((i) => [i.id, i]));
  return {
    ...head,
    rows: definition.grid.rows.map((r) => {
      const i = r.indicatorId ? refs.get(r.indicatorId) : undefined;
      return { code: r.code, displayNo: r.displayNo, name: r.name, unitOfMeasure: r.unitOfMeasure, level: r.level, indicator: i ? { setCode: i.set_code, setVersion: i.set_version, code: i.code } : null };
    }),
    columns: definition.grid.columns.map((c) => ({ code: c.code, headers: c.headerPath, valueType: c.valueType })),
  };
}

/** A report is visible to its own unit's subtree and to the unit that asked for it. */
function reportInScope(actor: Actor, a: q.AssignmentRow): boolean {
  return inScope(actor, a.unit_path) || inScope(actor, a.requesting_path);
}

/** A period's calendar dates when the round is a period (2026-M12), else the round's own window (ad hoc, thematic). */
export function periodDates(key: string, cutoffFrom: string, cutoffTo: string): { from: string; to: string } {
  if (!isPeriodId(key)) return { from: day(cutoffFrom), to: day(cutoffTo) };
  const p = parsePeriodId(key);
  return { from: periodStart(p), to: periodEnd(p) };
}

function reportHead(a: q.AssignmentRow) {
  const p = periodDates(a.round_key, a.cutoff_from, a.cutoff_to);
  return { regimeCode: a.regime_code, templateCode: a.template_code, templateVersion: a.template_version, periodKey: a.round_key, periodFrom: p.from, periodTo: p.to };
}

type Version = Awaited<ReturnType<typeof q.latestVersions>>[number];

/** The numeric cells of a submitted version, entered and computed, in row then column order of the template. */
export async function cellsOf(db: Db, a: q.AssignmentRow, v: Version) {
  const definition = a.definition as TemplateDefinition;
  if (definition.kind !== 'numeric') return [];
  const values = { ...(v.computed as Record<string, unknown>), ...(v.inputs as Record<string, unknown>) };
  const refs = new Map((await q.indicatorRefs(db, definition.grid.rows.flatMap((r) => (r.indicatorId ? [r.indicatorId] : [])))).map((i) => [i.id, i]));
  const cells = [];
  for (const row of definition.grid.rows) {
    for (const col of definition.grid.columns) {
      const raw = values[`${row.code}!${col.code}`];
      const value = raw === null || raw === undefined ? '' : String(raw);
      if (!/^-?\d{1,30}(\.\d{1,20})?$/.test(value)) continue;
      const i = row.indicatorId ? refs.get(row.indicatorId) : undefined;
      cells.push({ rowCode: row.code, columnCode: col.code, indicator: i ? { setCode: i.set_code, setVersion: i.set_version, code: i.code } : null, value });
    }
  }
  return cells;
}

async function reportPayload(db: Db, actor: Actor, id: string, type: 'reportData' | 'outlineSubmission'): Promise<PacketPayload<'reportData' | 'outlineSubmission'>> {
  const a = await q.findAssignmentForPacket(db, id);
  if (!a || !reportInScope(actor, a)) notFound();
  const [v] = await q.latestVersions(db, [id]);
  if (!v) conflict('exchange.report_not_submitted', 'Báo cáo chưa được gửi: chưa có số liệu để truyền');
  const unit = { code: a.unit_code, name: a.unit_name };
  if (type === 'outlineSubmission') {
    if (a.template_kind !== 'narrative') conflict('exchange.not_outline', 'Đây là báo cáo số liệu; hãy dùng gói tin số liệu báo cáo');
    const narrative = v.narrative as Record<string, string>;
    return { reportId: a.id, ...reportHead(a), unit, versionNumber: v.number, submittedAt: v.submitted_at.toISOString(), sections: Object.keys(narrative).sort().map((key) => ({ key, html: narrative[key]! })) };
  }
  if (a.template_kind !== 'numeric') conflict('exchange.not_numeric', 'Đây là báo cáo thuyết minh; hãy dùng gói tin gửi đề cương báo cáo');
  return { reportId: a.id, ...reportHead(a), unit, versionNumber: v.number, submittedAt: v.submitted_at.toISOString(), reviewDecision: (v.review_decision as 'accept' | 'reject' | null) ?? null, cells: await cellsOf(db, a, v) };
}

async function roundOf(db: Db, actor: Actor, regimeId: string, periodKey: string | null) {
  const r = await q.findRegimeForPacket(db, regimeId);
  if (!r || !inScope(actor, r.unit_path)) notFound();
  const rows = await q.roundAssignments(db, regimeId, periodKey);
  if (periodKey && rows.length === 0 && !(await q.regimeRounds(db, regimeId)).some((x) => x.key === periodKey)) {
    badRequest('exchange.unknown_period', `Chế độ báo cáo ${r.code} không có kỳ ${periodKey}`);
  }
  return { regime: r, rows };
}

async function listReportPayload(db: Db, actor: Actor, regimeId: string, periodKey: string): Promise<PacketPayload<'listReportData'>> {
  const { regime, rows } = await roundOf(db, actor, regimeId, periodKey);
  // One template per packet: the regime's first numeric template (a list of rows of one form).
  const numeric = rows.filter((a) => a.template_kind === 'numeric' && a.template_code === rows.find((x) => x.template_kind === 'numeric')?.template_code);
  const versions = new Map((await q.latestVersions(db, numeric.map((a) => a.id))).map((v) => [v.assignment_id, v]));
  const first = numeric[0];
  const reports = [];
  for (const a of numeric) {
    const v = versions.get(a.id);
    if (v) reports.push({ reportId: a.id, unit: { code: a.unit_code, name: a.unit_name }, versionNumber: v.number, submittedAt: v.submitted_at.toISOString(), reviewDecision: (v.review_decision as 'accept' | null) ?? null, cells: await cellsOf(db, a, v) });
  }
  const rounds = await q.regimeRounds(db, regimeId);
  const round = rounds.find((x) => x.key === periodKey)!;
  const dates = periodDates(periodKey, round.cutoff_from, round.cutoff_to);
  return { regimeCode: regime.code, templateCode: first?.template_code ?? '', templateVersion: first?.template_version ?? 1, periodKey, periodFrom: dates.from, periodTo: dates.to, reports };
}

async function statusPayload(db: Db, actor: Actor, regimeId: string, periodKey: string | null): Promise<PacketPayload<'reportStatus'>> {
  const { regime, rows } = await roundOf(db, actor, regimeId, periodKey);
  return {
    regimeCode: regime.code,
    periodKey,
    reports: rows.map((a) => ({ reportId: a.id, unit: { code: a.unit_code, name: a.unit_name }, templateCode: a.template_code, periodKey: a.round_key, status: a.status as 'open', dueOn: day(a.due_on), sentAt: a.sent_at?.toISOString() ?? null })),
  };
}

/** The periods of a year as the system computes them (packages/core periods), in calendar order. */
export function periodCatalogue(year: number, only?: Periodicity): PacketPayload<'periodCatalogue'> {
  const periods: Period[] = [];
  for (const kind of PERIODICITIES.filter((k) => !only || k === only)) {
    if (kind === 'month') for (let month = 1; month <= 12; month++) periods.push({ kind, year, month });
    if (kind === 'quarter') for (let quarter = 1; quarter <= 4; quarter++) periods.push({ kind, year, quarter });
    if (kind === 'half_year') periods.push({ kind, year, half: 1 }, { kind, year, half: 2 });
    if (kind === 'nine_months' || kind === 'year') periods.push({ kind, year });
  }
  return { year, periods: periods.map((p) => ({ key: formatPeriodId(p), kind: p.kind, label: formatPeriodLabelVi(p), from: periodStart(p), to: periodEnd(p) })) };
}

/** Checks one period of an incoming catalogue against the system's calculation; null when it fits. */
export function periodMismatch(p: { key: string; kind: string; from: string; to: string }): string | null {
  if (!isPeriodId(p.key)) return `Kỳ ${p.key} không phải mã kỳ báo cáo của hệ thống (dạng 2026-M03, 2026-Q1, 2026-H1, 2026-9M, 2026)`;
  const period = parsePeriodId(p.key);
  if (period.kind !== p.kind) return `Kỳ ${p.key} là loại ${period.kind}, không phải ${p.kind}`;
  if (periodStart(period) !== p.from || periodEnd(period) !== p.to) return `Kỳ ${p.key} là từ ${periodStart(period)} đến ${periodEnd(period)}, không phải ${p.from} – ${p.to}`;
  return null;
}

async function indicatorCatalogue(db: Db, setId: string): Promise<PacketPayload<'indicatorCatalogue'>> {
  const s = (await q.findSetForPacket(db, setId)) ?? notFound();
  const rows = await cq.listSetIndicators(db, setId);
  if (rows.length === 0) conflict('exchange.set_empty', 'Bộ chỉ tiêu chưa có chỉ tiêu nào');
  return {
    code: s.code,
    version: s.version,
    name: s.name,
    legalBasis: s.legal_basis,
    description: s.description,
    indicators: rows.map((r) => ({
      code: r.code,
      name: r.name,
      parentCode: r.parent_code ?? null,
      unitOfMeasure: r.unit_of_measure ?? '',
      group: r.field_group ?? '',
      periodicity: PERIODICITIES.filter((p) => (r.periodicity as string[]).includes(p)),
      concept: r.concept,
      calculationMethod: r.calculation_method,
      mainDisaggregations: r.main_disaggregations,
      dataSource: r.data_source,
      responsibleUnit: r.responsible_unit,
      active: r.active,
    })),
  };
}

async function kpiSet(db: Db, setId: string | undefined): Promise<PacketPayload<'kpiSet'>> {
  let sets = await q.listSetsForPacket(db);
  if (setId) {
    const one = (await q.findSetForPacket(db, setId)) ?? notFound();
    sets = [one];
  }
  const codes = await q.setIndicatorCodes(db, sets.map((s) => s.id));
  return {
    sets: sets.map((s) => ({
      code: s.code,
      version: s.version,
      name: s.name,
      legalBasis: s.legal_basis,
      status: s.status as 'official',
      publishedAt: s.published_at?.toISOString() ?? null,
      indicatorCodes: codes.filter((c) => c.set_id === s.id).map((c) => c.code),
    })),
  };
}

async function kpiData(db: Db, actor: Actor, periodKey: string, rootUnitId: string | undefined): Promise<PacketPayload<'kpiData'>> {
  // Without a root: the actor's subtree and the reports its units asked for (as in exploration, decision 0013).
  let prefix = scopePrefix(actor);
  let askedBy: string | null = prefix;
  if (rootUnitId) {
    const root = await q.findUnitRef(db, rootUnitId);
    if (!root || !inScope(actor, root.path)) notFound('unit');
    prefix = root.path;
    askedBy = null;
  }
  const rows = await q.indicatorFacts(db, prefix, periodKey, askedBy);
  return {
    periodKey,
    values: rows.map((f) => ({
      indicator: { setCode: f.set_code, setVersion: f.set_version, code: f.indicator_code },
      unit: { code: f.unit_code, name: f.unit_name },
      periodKey: f.period_key,
      periodFrom: day(f.period_from),
      periodTo: day(f.period_to),
      value: String(f.value),
      source: { reportId: f.assignment_id, templateCode: f.template_code, rowCode: f.row_code, columnCode: f.column_code },
    })),
  };
}
