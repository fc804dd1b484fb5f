import { randomUUID } from 'node:crypto';
import { CatalogCode, foldVi, IMPORTABLE_PACKET_TYPES, PACKET_TYPE_LABELS, type ExchangePacket, type ImportResult, type PacketOf } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { AppError, badRequest, conflict, forbidden } from '../../platform/errors.js';
import { inScope, type Actor } from '../../platform/scope.js';
import type { FileRow } from '../catalog/catalog.file-rows.js';
import { applyIndicatorRows } from '../catalog/catalog.import.js';
import { insertReference } from '../catalog/catalog.service.js';
import { insertIndicatorSet } from '../catalog/indicator-sets.service.js';
import * as cq from '../catalog/catalog.queries.js';
import { assertExchange } from './api-keys.js';
import { importAnswer } from './answers.js';
import { periodMismatch } from './packets.js';
import * as q from './exchange.queries.js';

type Counts = { created: number; updated: number; unchanged: number; targetId: string | null };
type Problem = { path: string; message: string };

const refuse = (code: string, message: string, errors: Problem[]): void => {
  if (errors.length === 0) return;
  const shown = errors.slice(0, 200);
  if (errors.length > shown.length) shown.push({ path: '…', message: `Còn ${errors.length - shown.length} lỗi khác` });
  throw new AppError(code, message, 400, shown);
};

/**
 * Takes in one packet, all or nothing in one transaction: an indicator catalogue into the library (a
 * new set as a draft, or the set's open draft), KPI group and disaggregation catalogues into theirs, a
 * period catalogue checked against the system's periods, regimes and templates from above kept as
 * requests for the unit to act on, and report figures from a lower system answering a request of ours
 * (answers.ts). A packet id is taken once: a replay answers with the first result.
 * Administrators, or an API key with the `exchange.import` scope.
 */
export async function importPacket(db: Db, ctx: Ctx, packet: ExchangePacket): Promise<ImportResult> {
  const actor = ctx.actor!;
  assertExchange(actor, 'exchange.import');
  if (!(IMPORTABLE_PACKET_TYPES as readonly string[]).includes(packet.type)) {
    badRequest('exchange.import_not_supported', `${PACKET_TYPE_LABELS[packet.type]} chỉ được gửi đi từ hệ thống này, không nhận vào`);
  }
  return db.transaction().execute(async (tx) => {
    const before = await q.findImportByPacket(tx, packet.id);
    if (before) {
      if (before.type !== packet.type || before.unit_id !== actor.unitId) conflict('exchange.packet_id_taken', 'Mã gói tin đã được dùng cho một gói tin khác');
      nothingChanged(ctx);
      return { ...(before.result as ImportResult), replayed: true };
    }
    const counts = await apply(tx, ctx, actor, packet);
    const now = ctx.clock.now();
    const result: ImportResult = { packetId: packet.id, type: packet.type, replayed: false, ...counts, importedAt: now.toISOString() };
    await q.insertImport(tx, {
      id: randomUUID(),
      packet_id: packet.id,
      type: packet.type,
      sender_unit_code: packet.sender.unitCode,
      sender_system: packet.sender.system,
      packet: JSON.stringify(packet),
      result: JSON.stringify(result),
      unit_id: actor.unitId,
      imported_by: actor.id,
      api_key_id: actor.apiKey?.id ?? null,
      imported_at: now,
    });
    await recordAudit(tx, ctx, {
      action: 'exchange.imported',
      targetType: 'exchange_packet',
      targetId: packet.id,
      details: { type: packet.type, sender: packet.sender, created: counts.created, updated: counts.updated, unchanged: counts.unchanged, targetId: counts.targetId, apiKeyId: actor.apiKey?.id ?? null },
    });
    return result;
  });
}

async function apply(tx: Db, ctx: Ctx, actor: Actor, packet: ExchangePacket): Promise<Counts> {
  switch (packet.type) {
    case 'indicatorCatalogue':
      return importIndicatorCatalogue(tx, ctx, actor, packet);
    case 'kpiGroupCatalogue':
      return importGroups(tx, ctx, packet);
    case 'kpiDisaggregationCatalogue':
      return importDisaggregations(tx, ctx, packet);
    case 'periodCatalogue': {
      refuse('exchange.unknown_period', 'Danh mục kỳ báo cáo có kỳ không khớp với kỳ báo cáo của hệ thống; không kỳ nào được nhận', packet.payload.periods.flatMap((p, i) => {
        const why = periodMismatch(p);
        return why ? [{ path: `payload.periods.${i}`, message: why }] : [];
      }));
      return { created: 0, updated: 0, unchanged: packet.payload.periods.length, targetId: null };
    }
    case 'template':
      await checkTemplateRequest(tx, packet);
      return { created: 1, updated: 0, unchanged: 0, targetId: null };
    case 'regime':
      checkRegimeRequest(packet);
      return { created: 1, updated: 0, unchanged: 0, targetId: null };
    case 'outlineTemplate':
      return { created: 1, updated: 0, unchanged: 0, targetId: null };
    case 'reportData':
      // A lower system's answer to a request of ours (federation): filed on our report of its unit, as facts.
      return importAnswer(tx, ctx, actor, packet);
    default:
      return badRequest('exchange.import_not_supported', 'Loại gói tin này không được nhận vào');
  }
}

/** Every indicator a template from above links must be in the library, by set code, set version and code. */
async function checkTemplateRequest(tx: Db, packet: PacketOf<'template'>): Promise<void> {
  const errors: Problem[] = [];
  for (const [i, row] of packet.payload.rows.entries()) {
    if (!row.indicator) continue;
    const { setCode, setVersion, code } = row.indicator;
    if (!(await q.findIndicatorByCodes(tx, setCode, setVersion, code))) errors.push({ path: `payload.rows.${i}.indicator`, message: `Không có chỉ tiêu ${code} trong bộ chỉ tiêu ${setCode} phiên bản ${setVersion}` });
  }
  refuse('exchange.unknown_indicator', 'Biểu mẫu dẫn chiếu chỉ tiêu không có trong kho chỉ tiêu; hãy nhận danh mục chỉ tiêu trước', errors);
}

/** A periodic regime's rounds must be periods of the system, with the same dates. */
function checkRegimeRequest(packet: PacketOf<'regime'>): void {
  const { kind, periodicity, rounds } = packet.payload;
  if (kind !== 'periodic') return;
  if (!periodicity) badRequest('exchange.invalid_packet', 'Chế độ báo cáo định kỳ cần kỳ báo cáo (periodicity)', [{ path: 'payload.periodicity', message: 'Thiếu kỳ báo cáo' }]);
  refuse('exchange.unknown_period', 'Chế độ báo cáo có kỳ không khớp với kỳ báo cáo của hệ thống', rounds.flatMap((r, i) => {
    const why = periodMismatch({ key: r.key, kind: periodicity, from: r.periodFrom, to: r.periodTo });
    return why ? [{ path: `payload.rounds.${i}`, message: why }] : [];
  }));
}

/**
 * An indicator catalogue goes to its set's open draft, or starts the set as a new draft; someone
 * checks it and publishes it (R14). The city's shared library is for system administrators and keys
 * of the city itself; any other actor's sets belong to their unit.
 */
async function importIndicatorCatalogue(tx: Db, ctx: Ctx, actor: Actor, packet: PacketOf<'indicatorCatalogue'>): Promise<Counts> {
  const p = packet.payload;
  const errors: Problem[] = [];
  const codeError = (path: string, value: string) => {
    const r = CatalogCode.safeParse(value);
    if (!r.success) errors.push({ path, message: `Mã ${value}: ${r.error.issues[0]?.message ?? 'không hợp lệ'}` });
  };
  codeError('payload.code', p.code);
  const seen = new Set<string>();
  for (const [i, x] of p.indicators.entries()) {
    codeError(`payload.indicators.${i}.code`, x.code);
    if (seen.has(x.code.toLowerCase())) errors.push({ path: `payload.indicators.${i}.code`, message: `Mã chỉ tiêu ${x.code} bị lặp` });
    seen.add(x.code.toLowerCase());
  }
  refuse('exchange.invalid_packet', 'Gói tin không đúng cấu trúc', errors);

  const own = await q.findUnitRef(tx, actor.unitId);
  const mayShare = actor.apiKey ? own?.depth === 0 : actor.role === 'system_admin';
  const versions = await q.setVersions(tx, p.code);
  const draft = versions.find((v) => v.status === 'draft');
  let setId: string;
  if (draft) {
    if (draft.owner_path === null ? !mayShare : !inScope(actor, draft.owner_path)) forbidden(`Bộ chỉ tiêu ${p.code} thuộc đơn vị ngoài phạm vi của bạn`);
    setId = draft.id;
  } else if (versions.length > 0) {
    conflict('exchange.set_frozen', `Bộ chỉ tiêu ${p.code} đã ban hành; hãy tạo phiên bản mới rồi gửi lại gói tin`);
  } else {
    setId = await insertIndicatorSet(tx, ctx, { code: p.code, name: p.name, legalBasis: p.legalBasis, description: p.description, ownerUnitId: mayShare ? null : actor.unitId, isDemo: false });
  }
  const set = (await cq.findSet(tx, setId!, true))!;
  const existing = new Set((await cq.listSetIndicators(tx, set.id)).map((r) => r.code.toLowerCase()));
  refuse('exchange.unknown_indicator', 'Chỉ tiêu cha không có trong gói tin hay trong bộ chỉ tiêu; không chỉ tiêu nào được nhận', p.indicators.flatMap((x, i) =>
    x.parentCode && !seen.has(x.parentCode.toLowerCase()) && !existing.has(x.parentCode.toLowerCase()) ? [{ path: `payload.indicators.${i}.parentCode`, message: `Không có chỉ tiêu mã ${x.parentCode}` }] : [],
  ));
  const rows: FileRow[] = p.indicators.map((x, i) => ({
    line: i + 1,
    code: x.code,
    name: x.name,
    parentCode: x.parentCode,
    unitOfMeasure: x.unitOfMeasure,
    fieldGroup: x.group,
    periodicity: x.periodicity,
    concept: x.concept,
    calculationMethod: x.calculationMethod,
    mainDisaggregations: x.mainDisaggregations,
    dataSource: x.dataSource,
    responsibleUnit: x.responsibleUnit,
    active: x.active,
  }));
  const r = await applyIndicatorRows(tx, ctx, set, rows, { source: 'exchange', packetId: packet.id, sender: packet.sender });
  return { created: r.created, updated: r.updated, unchanged: r.unchanged, targetId: set.id };
}

/** KPI groups are the library's field groups: a new code is added; a known code must keep its name. */
async function importGroups(tx: Db, ctx: Ctx, packet: PacketOf<'kpiGroupCatalogue'>): Promise<Counts> {
  const known = await q.listFieldGroups(tx);
  const errors: Problem[] = [];
  const fresh: { code: string; name: string }[] = [];
  let unchanged = 0;
  for (const [i, g] of packet.payload.groups.entries()) {
    const path = `payload.groups.${i}`;
    if (!CatalogCode.safeParse(g.code).success) errors.push({ path, message: `Mã ${g.code} không hợp lệ (chữ không dấu, số và . _ -)` });
    const byCode = known.find((k) => k.code.toLowerCase() === g.code.toLowerCase());
    const byName = known.find((k) => foldVi(k.name) === foldVi(g.name));
    if (byCode && foldVi(byCode.name) === foldVi(g.name)) unchanged++;
    else if (byCode) errors.push({ path, message: `Mã ${g.code} đã là nhóm "${byCode.name}"` });
    else if (byName) errors.push({ path, message: `Nhóm "${g.name}" đã có với mã ${byName.code}` });
    else if (fresh.some((f) => f.code.toLowerCase() === g.code.toLowerCase() || foldVi(f.name) === foldVi(g.name))) errors.push({ path, message: `Nhóm ${g.code} bị lặp trong gói tin` });
    else fresh.push(g);
  }
  refuse('exchange.conflicting_entry', 'Danh mục nhóm chỉ số mâu thuẫn với danh mục đang có; không nhóm nào được nhận', errors);
  for (const g of fresh) await insertReference(tx, ctx, 'fieldGroups', g);
  return { created: fresh.length, updated: 0, unchanged, targetId: null };
}

/** Disaggregations by code: new ones added, known ones take the packet's name and values. */
async function importDisaggregations(tx: Db, ctx: Ctx, packet: PacketOf<'kpiDisaggregationCatalogue'>): Promise<Counts> {
  const known = new Map((await q.listDisaggregations(tx)).map((d) => [d.code.toLowerCase(), d]));
  const seen = new Set<string>();
  const errors: Problem[] = [];
  for (const [i, d] of packet.payload.disaggregations.entries()) {
    if (seen.has(d.code.toLowerCase())) errors.push({ path: `payload.disaggregations.${i}.code`, message: `Mã phân tổ ${d.code} bị lặp` });
    seen.add(d.code.toLowerCase());
  }
  refuse('exchange.invalid_packet', 'Gói tin không đúng cấu trúc', errors);
  const now = ctx.clock.now();
  const counts = { created: 0, updated: 0, unchanged: 0, targetId: null };
  for (const d of packet.payload.disaggregations) {
    const old = known.get(d.code.toLowerCase());
    const values = JSON.stringify(d.values);
    if (!old) {
      await q.upsertDisaggregation(tx, { id: randomUUID(), code: d.code, name: d.name, values, now });
      counts.created++;
    } else if (old.name !== d.name || JSON.stringify(old.values) !== values) {
      await q.updateDisaggregation(tx, old.id, d.name, values, now);
      counts.updated++;
    } else counts.unchanged++;
  }
  return counts;
}
