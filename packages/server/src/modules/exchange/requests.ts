import { randomUUID } from 'node:crypto';
import {
  CreateRegimeInput, CreateTemplateInput, type ExchangePacket, type IssueRequestInput, type IssueRequestResult, type PacketOf, type RegimeTarget,
  type SetupRequestInput, type SetupRequestResult, type TemplateDefinition,
} from '@baocao/core';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { enqueueOutbox } from '../../platform/outbox.js';
import { assertCan, inScope } from '../../platform/scope.js';
import { findRegime } from '../regimes/regimes.queries.js';
import { insertRegime, openFirstRounds } from '../regimes/regimes.service.js';
import { resolveTargets } from '../regimes/regimes.targets.js';
import * as tq from '../templates/templates.queries.js';
import { assertCompiles } from '../templates/templates.service.js';
import { findUnit } from '../units/units.queries.js';
import { assertExchange } from './api-keys.js';
import { packetOf } from './exchange.service.js';
import * as q from './exchange.queries.js';
import * as fq from './federation.queries.js';

/**
 * Requests down the federation (docs/federation.md). The upper system sends a regime of its own to the
 * lower systems of its target units as QCVN 125 packets (the indicator catalogues its templates link, the
 * templates, the regime), through the outbox; the lower system keeps them as a request (import.ts) and sets
 * up its own template and regime from it in one step, keeping the upper's codes to answer with.
 */

/**
 * Issues a regime to the registered lower systems of its target units: builds the packets once, keeps
 * them, and queues one delivery per lower system, all in one transaction with the audit record. People
 * with `exchange.export` over the regime's requesting unit.
 */
export async function issueRequest(db: Db, ctx: Ctx, input: IssueRequestInput): Promise<IssueRequestResult> {
  const actor = ctx.actor!;
  assertExchange(actor, 'exchange.export');
  const regime = await findRegime(db, input.regimeId);
  if (!regime || !inScope(actor, regime.unit_path)) notFound('regime');
  if (regime.status !== 'active') conflict('exchange.regime_ended', `Chế độ báo cáo ${regime.code} đã kết thúc`);
  const requester = (await findUnit(db, regime.requesting_unit_id))!;
  const targets = await resolveTargets(db, requester, regime.targets as RegimeTarget[], { lenient: true });
  const peers = await fq.activePeersOf(db, targets.map((t) => t.id));
  if (peers.length === 0) conflict('exchange.no_peers', 'Chưa có hệ thống cấp dưới nào được kết nối cho các đơn vị được yêu cầu báo cáo');

  const templates = await fq.regimeOfficialTemplates(db, regime.id);
  const definitions = templates.map((t) => (typeof t.definition === 'string' ? JSON.parse(t.definition) : t.definition) as TemplateDefinition);
  const sets = await fq.setsOfIndicators(db, definitions.flatMap((d) => (d.kind === 'numeric' ? d.grid.rows.flatMap((r) => (r.indicatorId ? [r.indicatorId] : [])) : [])));
  const now = ctx.clock.now();
  // The order a lower system takes them in: what a template links must be in its library first.
  const packets: ExchangePacket[] = [];
  for (const id of sets) packets.push(await packetOf(db, actor, 'indicatorCatalogue', { id }, now));
  for (const t of templates) packets.push(await packetOf(db, actor, t.kind === 'narrative' ? 'outlineTemplate' : 'template', { id: t.id }, now));
  packets.push(await packetOf(db, actor, 'regime', { id: regime.id }, now));
  const last = packets.at(-1)!;

  await db.transaction().execute(async (tx) => {
    for (const p of packets) {
      await q.insertExport(tx, { id: p.id, type: p.type, filters: JSON.stringify({ regimeId: regime.id }), packet: JSON.stringify(p), unit_id: actor.unitId, created_by: actor.id, api_key_id: actor.apiKey?.id ?? null, created_at: now });
    }
    for (const peer of peers) {
      await enqueueOutbox(tx, `exchange:request:${last.id}:${peer.id}`, { kind: 'exchange', exportId: last.id, type: last.type, peerId: peer.id, exportIds: packets.map((p) => p.id) }, now);
    }
    await recordAudit(tx, ctx, {
      action: 'exchange.request_issued', unitId: regime.requesting_unit_id, targetType: 'regime', targetId: regime.id,
      details: { code: regime.code, packets: packets.map((p) => ({ id: p.id, type: p.type })), peers: peers.map((p) => ({ id: p.id, unitCode: p.unit_code, url: p.url })) },
    });
  });
  return {
    regimeId: regime.id,
    packets: packets.map((p) => ({ id: p.id, type: p.type })),
    peers: peers.map((p) => ({ peerId: p.id, unitId: p.unit_id, unitName: p.unit_name })),
  };
}

const asPacket = <T extends ExchangePacket['type']>(raw: unknown) => (typeof raw === 'string' ? JSON.parse(raw) : raw) as PacketOf<T>;
const problems = (e: z.ZodError, prefix: string) => e.issues.slice(0, 50).map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message }));
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A numeric template of ours from a template packet; its rows link our indicators of the same set, version and code. */
async function templateFromPacket(tx: Db, packet: PacketOf<'template'>, requestingUnitId: string, description: string) {
  const p = packet.payload;
  const rows = [];
  for (const r of p.rows) {
    const indicator = r.indicator ? await q.findIndicatorByCodes(tx, r.indicator.setCode, r.indicator.setVersion, r.indicator.code) : undefined;
    if (r.indicator && !indicator) badRequest('exchange.unknown_indicator', `Không có chỉ tiêu ${r.indicator.code} của bộ ${r.indicator.setCode} phiên bản ${r.indicator.setVersion} trong kho chỉ tiêu`);
    rows.push({ code: r.code, displayNo: r.displayNo, name: r.name, unitOfMeasure: r.unitOfMeasure, level: r.level, ...(indicator ? { indicatorId: indicator.id } : {}) });
  }
  // The packet carries neither scale nor roll-up: two decimals (the usual for amounts), sums for numbers (decision 0019).
  const columns = p.columns.map((c) => ({
    code: c.code,
    headerPath: c.headers,
    valueType: c.valueType,
    ...(c.valueType === 'decimal' || c.valueType === 'percent' ? { scale: 2 } : {}),
    aggregation: c.valueType === 'integer' || c.valueType === 'decimal' ? 'sum' : 'none',
  }));
  const parsed = CreateTemplateInput.safeParse({
    info: { code: p.code, name: p.name.slice(0, 300), regimeKind: p.regimeKind, periodicities: p.periodicities, fieldGroup: p.fieldGroup.slice(0, 100), requestingUnitId, legalBasis: p.legalBasis.slice(0, 1000), description },
    definition: { kind: 'numeric', grid: { rows, columns }, layout: { title: p.name.toUpperCase().slice(0, 300) } },
  });
  if (!parsed.success) badRequest('exchange.invalid_request', `Biểu mẫu ${p.code} của yêu cầu không dựng được thành biểu mẫu của hệ thống`, problems(parsed.error, 'template'));
  assertCompiles(parsed.data.definition);
  return parsed.data;
}

/** Our regime from a regime packet: its code, periods and dates, our requesting unit, target and local deadline. */
function regimeFromPacket(packet: PacketOf<'regime'>, templateIds: string[], requestingUnitId: string, input: SetupRequestInput) {
  const p = packet.payload;
  const common = { code: p.code, name: p.name.slice(0, 300), requestingUnitId, templateIds, targets: [{ type: 'units', unitIds: [input.reportingUnitId] }], legalBasis: p.legalBasis };
  let raw: Record<string, unknown>;
  if (p.kind === 'periodic') {
    // The upper's cutoff windows say which rule it uses: its periods' own dates (calendar), or Decree 09's 15th–14th.
    const calendar = p.rounds.length > 0 && p.rounds.every((r) => r.cutoffFrom === r.periodFrom && r.cutoffTo === r.periodTo);
    raw = {
      ...common, kind: 'periodic', periodicity: p.periodicity, cutoffRule: { kind: calendar ? 'calendar' : 'decree_09' },
      deadlineRule: input.deadlineRule ?? { kind: 'working_days_after_cutoff', days: 2 }, startsOn: p.startsOn, endsOn: p.endsOn,
    };
  } else if (p.kind === 'thematic') {
    const rounds = p.rounds.map((r) => ({ label: r.label.slice(0, 200), from: r.cutoffFrom, to: r.cutoffTo, dueOn: r.dueOn }));
    raw = { ...common, kind: 'thematic', startsOn: p.startsOn, endsOn: p.endsOn ?? rounds.at(-1)?.to, rounds };
  } else {
    const asOf = p.rounds[0]?.cutoffTo;
    raw = { ...common, kind: 'ad_hoc', ...(asOf && ISO_DAY.test(asOf) ? { asOf } : {}), dueOn: input.dueOn ?? p.dueOn };
  }
  const parsed = CreateRegimeInput.safeParse(raw);
  if (!parsed.success) badRequest('exchange.invalid_request', `Chế độ báo cáo ${p.code} của yêu cầu không dựng được thành chế độ báo cáo của hệ thống`, problems(parsed.error, 'regime'));
  return parsed.data;
}

/**
 * "Tạo chế độ báo cáo từ yêu cầu": from a request from above (a `regime` packet received, and the template
 * packets it names from the same sender), creates our official template(s) and our regime under the same
 * codes, asking one unit of ours to compile the answer, and keeps the link to the upper's codes so an
 * accepted report answers it. All or nothing, in one transaction; the rounds already due open after commit.
 * Administrators who may publish templates and manage regimes of the requesting unit.
 */
export async function setUpFromRequest(db: Db, ctx: Ctx, importId: string, input: SetupRequestInput): Promise<SetupRequestResult> {
  const actor = ctx.actor!;
  assertExchange(actor, 'exchange.import');
  const regimeId = randomUUID();
  const templateIds: string[] = [];
  let regimeCode = '';
  await db.transaction().execute(async (tx) => {
    const imp = await fq.findImport(tx, importId);
    if (!imp || !inScope(actor, imp.unit_path)) notFound();
    if (imp.type !== 'regime') conflict('exchange.not_a_request', 'Chỉ tạo được chế độ báo cáo từ gói tin chế độ báo cáo nhận từ cấp trên');
    if (await fq.findSetupByImport(tx, importId)) conflict('exchange.request_already_set_up', 'Yêu cầu này đã được tạo thành chế độ báo cáo');
    const packet = asPacket<'regime'>(imp.packet);
    if (packet.payload.status === 'ended') conflict('exchange.request_ended', 'Cấp trên đã kết thúc chế độ báo cáo này');
    const requester = await findUnit(tx, input.requestingUnitId ?? imp.unit_id);
    assertCan(actor, 'template.publish', requester?.path, 'unit');
    assertCan(actor, 'regime.manage', requester!.path, 'unit');
    const now = ctx.clock.now();
    const mapping: { lineageId: string; code: string; version: number }[] = [];
    for (const ref of packet.payload.templates) {
      const found = await fq.latestTemplateRequest(tx, imp.unit_path, imp.sender_unit_code, ref.code);
      if (!found) conflict('exchange.request_incomplete', `Chưa nhận được gói tin biểu mẫu ${ref.code} của yêu cầu; hãy chờ cấp trên gửi đủ`);
      if (found.type !== 'template') conflict('exchange.outline_not_supported', `Biểu mẫu ${ref.code} là đề cương; chưa tạo tự động được, hãy tạo biểu mẫu đề cương bằng tay`);
      const tp = asPacket<'template'>(found.packet);
      const t = await templateFromPacket(tx, tp, requester!.id, `Theo yêu cầu của ${tp.payload.requestingUnit.name} (${tp.payload.code}, phiên bản ${tp.payload.version}).`);
      if (await tq.findLineageByCode(tx, t.info.code)) conflict('template.code_taken', `Mã biểu mẫu ${t.info.code} đã được sử dụng`);
      const id = randomUUID();
      await tq.insertTemplate(tx, {
        id, lineageId: id, version: 1, code: t.info.code, name: t.info.name, kind: 'numeric', regimeKind: t.info.regimeKind, periodicities: t.info.periodicities,
        fieldGroup: t.info.fieldGroup, requestingUnitId: requester!.id, info: t.info, definition: t.definition, basedOnId: null, createdBy: actor.id, now,
      });
      // The upper's form is official where it was issued: ours is that form, published as received.
      if (!(await tq.moveStatus(tx, id, 'draft', 'testing', 1, now)) || !(await tq.moveStatus(tx, id, 'testing', 'official', 2, now))) conflict('template.stale', 'Biểu mẫu vừa thay đổi');
      await recordAudit(tx, ctx, { action: 'template.created', unitId: requester!.id, targetType: 'template', targetId: id, details: { code: t.info.code, name: t.info.name, basedOnId: null, fromPacket: tp.id } });
      await recordAudit(tx, ctx, { action: 'template.official', unitId: requester!.id, targetType: 'template', targetId: id, details: { from: 'draft', to: 'official', version: 1, fromPacket: tp.id } });
      templateIds.push(id);
      mapping.push({ lineageId: id, code: tp.payload.code, version: tp.payload.version });
    }
    const regime = regimeFromPacket(packet, templateIds, requester!.id, input);
    regimeCode = regime.code;
    await insertRegime(tx, ctx, regime, regimeId);
    await fq.insertSetup(tx, {
      import_id: importId, regime_id: regimeId, upper_unit_code: packet.payload.requestingUnit.code, upper_regime_code: packet.payload.code,
      templates: JSON.stringify(mapping), created_by: actor.id, created_at: now,
    });
    await recordAudit(tx, ctx, {
      action: 'exchange.request_set_up', unitId: requester!.id, targetType: 'regime', targetId: regimeId,
      details: { importId, packetId: imp.packet_id, upper: packet.payload.requestingUnit, regimeCode: packet.payload.code, templates: mapping, reportingUnitId: input.reportingUnitId },
    });
  });
  await openFirstRounds(db, ctx, regimeId);
  return { importId, regimeId, regimeCode, templateIds };
}
