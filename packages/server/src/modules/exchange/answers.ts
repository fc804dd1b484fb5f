import { cellKey, ExchangePacket, type ExportResult, type PacketOf, type PacketPayload, type ReceivedAnswer, type TemplateDefinition } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import type { Config } from '../../platform/config.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { enqueueOutbox } from '../../platform/outbox.js';
import { inScope, scopePrefix, type Actor } from '../../platform/scope.js';
import { recordFacts } from '../analytics/facts.js';
import { findAssignment, lockAssignment } from '../assignments/assignments.queries.js';
import { insertVersion, reviewLatestVersion } from '../submissions/submissions.queries.js';
import { actorCan, assertExchange } from './api-keys.js';
import { cellsOf, envelope, periodDates } from './packets.js';
import * as q from './exchange.queries.js';
import * as fq from './federation.queries.js';

/**
 * Answers up the federation (docs/federation.md). On the lower system, a report of a regime set up from a
 * request from above, once accepted, goes up as a `reportData` packet under the upper's codes, as the lower
 * system's root unit (the province). On the upper system, that packet answers the upper's own report of the
 * province: a new version, accepted as received, whose figures become facts, with the packet kept beside them.
 */

type Setup = NonNullable<Awaited<ReturnType<typeof fq.findSetupByRegime>>>;

/** Builds, keeps and queues (to EXCHANGE_URL) the answer to the upper's request, inside the caller's transaction. */
async function queueAnswer(tx: Db, ctx: Ctx, config: Pick<Config, 'exchangeUrl'>, a: q.AssignmentRow, setup: Setup, automatic: boolean): Promise<ExportResult> {
  const actor = ctx.actor!;
  if (a.template_kind !== 'numeric') conflict('exchange.not_numeric', 'Chỉ gửi lên được báo cáo số liệu');
  const [v] = await q.latestVersions(tx, [a.id]);
  if (!v || v.review_decision !== 'accept') conflict('exchange.report_not_accepted', 'Báo cáo chưa được tiếp nhận: chỉ gửi lên cấp trên số liệu đã tiếp nhận');
  const lineage = (await fq.templateLineage(tx, a.template_id))!;
  const templates = (typeof setup.templates === 'string' ? JSON.parse(setup.templates) : setup.templates) as { lineageId: string; code: string; version: number }[];
  const asked = templates.find((t) => t.lineageId === lineage.lineage_id);
  if (!asked) conflict('exchange.template_not_requested', 'Biểu mẫu của báo cáo không thuộc yêu cầu của cấp trên');
  // The upper knows this system as its root unit (the province): the answer is the province's.
  const root = (await q.findUnitRef(tx, a.unit_path.split('/')[1]!))!;
  const dates = periodDates(a.round_key, a.cutoff_from, a.cutoff_to);
  const payload: PacketPayload<'reportData'> = {
    reportId: a.id, regimeCode: setup.upper_regime_code, templateCode: asked.code, templateVersion: asked.version, periodKey: a.round_key, periodFrom: dates.from, periodTo: dates.to,
    unit: { code: root.code, name: root.name }, versionNumber: v.number, submittedAt: v.submitted_at.toISOString(), reviewDecision: 'accept', cells: await cellsOf(tx, a, v),
  };
  const now = ctx.clock.now();
  const packet = ExchangePacket.parse(envelope('reportData', root.code, payload, now));
  const delivery = config.exchangeUrl ? 'queued' : 'not_configured';
  await q.insertExport(tx, { id: packet.id, type: packet.type, filters: JSON.stringify({ id: a.id }), packet: JSON.stringify(packet), unit_id: actor.unitId, created_by: actor.id, api_key_id: actor.apiKey?.id ?? null, created_at: now });
  if (config.exchangeUrl) await enqueueOutbox(tx, `exchange:${packet.id}`, { kind: 'exchange', exportId: packet.id, type: packet.type }, now);
  await recordAudit(tx, ctx, {
    action: 'exchange.answer_sent', unitId: a.unit_path.split('/').at(-2) ?? null, targetType: 'assignment', targetId: a.id,
    details: { packetId: packet.id, upperRegimeCode: setup.upper_regime_code, periodKey: a.round_key, versionNumber: v.number, delivery, automatic },
  });
  return { packetId: packet.id, type: packet.type, delivery, packet };
}

/** "Gửi lên": sends an accepted report answering a request from above to the upper system again. People with `exchange.export` over the report. */
export async function sendAnswerUp(db: Db, ctx: Ctx, config: Pick<Config, 'exchangeUrl'>, assignmentId: string): Promise<ExportResult> {
  const actor = ctx.actor!;
  assertExchange(actor, 'exchange.export');
  return db.transaction().execute(async (tx) => {
    const a = await q.findAssignmentForPacket(tx, assignmentId);
    if (!a || !(inScope(actor, a.unit_path) || inScope(actor, a.requesting_path))) notFound();
    const setup = (await fq.findSetupByRegime(tx, a.regime_id)) ?? conflict('exchange.not_requested_from_above', 'Báo cáo này không trả lời yêu cầu của cấp trên');
    return queueAnswer(tx, ctx, config, a, setup, false);
  });
}

/** On acceptance (submissions review, same transaction): a report answering a request from above goes up by itself; anything else is left alone. */
export async function answerOnAcceptance(tx: Db, ctx: Ctx, config: Pick<Config, 'exchangeUrl'>, assignmentId: string): Promise<string | null> {
  const a = await q.findAssignmentForPacket(tx, assignmentId);
  if (!a || a.template_kind !== 'numeric') return null;
  const setup = await fq.findSetupByRegime(tx, a.regime_id);
  if (!setup) return null;
  return (await queueAnswer(tx, ctx, config, a, setup, true)).packetId;
}

/**
 * Files a lower system's answer (a `reportData` packet) on this system's report of the sender unit, inside
 * the import's transaction: the sender must be the key's own unit (or under it), the report must exist
 * (this system asked for it), the cells must be the form's. A new accepted version, its facts (superseding
 * the previous answer's), and the packet beside them. An older or equal version of the same report: 409.
 */
export async function importAnswer(tx: Db, ctx: Ctx, actor: Actor, packet: PacketOf<'reportData'>): Promise<{ created: number; updated: number; unchanged: number; targetId: string }> {
  const p = packet.payload;
  const unit = await fq.unitByCodeUnder(tx, p.unit.code, scopePrefix(actor));
  if (!unit) throw new AppError('exchange.sender_mismatch', `Khóa API này không được gửi số liệu của đơn vị mã ${p.unit.code}`, 403);
  if (p.reviewDecision !== 'accept') badRequest('exchange.answer_not_accepted', 'Chỉ nhận số liệu báo cáo đã được tiếp nhận ở hệ thống gửi');
  const a = await fq.answeredAssignment(tx, { regimeCode: p.regimeCode, periodKey: p.periodKey, templateCode: p.templateCode, unitId: unit.id });
  if (!a) badRequest('exchange.no_matching_request', `Không có yêu cầu báo cáo tương ứng: chế độ ${p.regimeCode}, kỳ ${p.periodKey}, biểu mẫu ${p.templateCode}, đơn vị ${unit.name}`);
  if (a.template_version !== p.templateVersion) badRequest('exchange.template_version_mismatch', `Yêu cầu dùng biểu mẫu ${p.templateCode} phiên bản ${a.template_version}, không phải phiên bản ${p.templateVersion}`);
  if (a.status === 'withdrawn') conflict('exchange.request_withdrawn', 'Yêu cầu báo cáo này đã được thu hồi');

  const definition = (typeof a.definition === 'string' ? JSON.parse(a.definition) : a.definition) as TemplateDefinition;
  if (definition.kind !== 'numeric') badRequest('exchange.not_numeric', 'Yêu cầu này là báo cáo thuyết minh, không nhận số liệu');
  const rows = new Set(definition.grid.rows.map((r) => r.code));
  const columns = new Set(definition.grid.columns.map((c) => c.code));
  const inputs: Record<string, string> = {};
  const errors: { path: string; message: string }[] = [];
  for (const [i, cell] of p.cells.entries()) {
    const key = cellKey(cell.rowCode, cell.columnCode);
    if (!rows.has(cell.rowCode) || !columns.has(cell.columnCode)) errors.push({ path: `payload.cells.${i}`, message: `Biểu mẫu ${p.templateCode} không có ô ${key}` });
    else if (key in inputs) errors.push({ path: `payload.cells.${i}`, message: `Ô ${key} bị lặp` });
    else inputs[key] = cell.value;
  }
  if (errors.length) badRequest('exchange.unknown_cell', 'Gói tin có ô không thuộc biểu mẫu của yêu cầu; không ô nào được nhận', errors.slice(0, 200));

  const previous = await fq.latestAnswer(tx, a.id);
  if (previous && previous.source_report_id === p.reportId && previous.source_version >= p.versionNumber) {
    conflict('exchange.answer_already_filed', `Đã nhận số liệu lần gửi ${previous.source_version} của báo cáo này; gói tin không thay đổi gì`);
  }
  await lockAssignment(tx, a.id);
  const now = ctx.clock.now();
  const number = await insertVersion(tx, { assignmentId: a.id, inputs, computed: {}, explanations: {}, narrative: {}, by: actor.id, at: now });
  await reviewLatestVersion(tx, a.id, { decision: 'accept', reason: `Nhận qua gói tin ${packet.id}`, flaggedCells: [], by: actor.id, at: now });
  if (!(await fq.markAnswered(tx, a.id, a.status, now))) conflict('workflow.stale', 'Trạng thái báo cáo vừa thay đổi; hãy gửi lại');
  const facts = await recordFacts(tx, (await findAssignment(tx, a.id))!, now);
  await fq.insertAnswer(tx, {
    packet_id: packet.id, assignment_id: a.id, version_number: number, sender_unit_id: unit.id, source_report_id: p.reportId, source_version: p.versionNumber,
    source_submitted_at: new Date(p.submittedAt), received_at: now,
  });
  return { created: facts, updated: previous ? 1 : 0, unchanged: 0, targetId: a.id };
}

/** Answers received for the regimes of units in the actor's scope, each with the packet it came in. Administrators and leaders (or a key with an exchange scope). */
export async function listAnswers(db: Db, actor: Actor, regimeId?: string): Promise<ReceivedAnswer[]> {
  if (!actorCan(actor, 'exchange.import') && !actorCan(actor, 'exchange.export')) forbidden();
  const rows = await fq.listAnswers(db, scopePrefix(actor), regimeId);
  return rows.map((r) => ({
    packetId: r.packet_id,
    assignmentId: r.assignment_id,
    versionNumber: r.version_number,
    regimeCode: r.regime_code,
    templateCode: r.template_code,
    periodKey: r.round_key,
    unitId: r.unit_id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    sourceReportId: r.source_report_id,
    sourceVersion: r.source_version,
    sourceSubmittedAt: r.source_submitted_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    current: Number(r.latest_version) === r.version_number,
    facts: Number(r.facts ?? 0),
  }));
}
