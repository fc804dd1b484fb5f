import { ExchangePacket, type ExchangeImportSummary, type ExportFilters, type ExportInput, type ExportResult, type ImportResult, type PacketType } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import type { Config } from '../../platform/config.js';
import { enqueueOutbox } from '../../platform/outbox.js';
import { scopePrefix, type Actor } from '../../platform/scope.js';
import { assertExchange } from './api-keys.js';
import { buildPayload, envelope } from './packets.js';
import * as q from './exchange.queries.js';
import * as fq from './federation.queries.js';

/** One packet built now from the database, for pull-style clients; nothing is stored. People with `exchange.export`, or an API key with that scope. */
export async function getPacket(db: Db, ctx: Ctx, type: PacketType, filters: ExportFilters): Promise<ExchangePacket> {
  const actor = ctx.actor!;
  assertExchange(actor, 'exchange.export');
  return packetOf(db, actor, type, filters, ctx.clock.now());
}

/** A packet built now within the actor's scope, checked against our own published schema before it goes anywhere. */
export async function packetOf(db: Db, actor: Actor, type: PacketType, filters: ExportFilters, now: Date): Promise<ExchangePacket> {
  const payload = await buildPayload(db, actor, type, filters);
  const unit = (await q.findUnitRef(db, actor.unitId))!;
  // What we send must pass our own published schema: a bug here is ours, never the receiver's.
  return ExchangePacket.parse(envelope(type, unit.code, payload, now));
}

/**
 * Builds a packet and keeps it, and queues its delivery to EXCHANGE_URL through the outbox in the same
 * transaction (delivered after commit, retried with the packet's idempotency key). Without EXCHANGE_URL the
 * packet is kept and can be pulled. People with `exchange.export`, or an API key with that scope.
 */
export async function exportPacket(db: Db, ctx: Ctx, config: Pick<Config, 'exchangeUrl'>, input: ExportInput): Promise<ExportResult> {
  const actor = ctx.actor!;
  assertExchange(actor, 'exchange.export');
  const filters = input.filters ?? {};
  const now = ctx.clock.now();
  const packet = await packetOf(db, actor, input.type, filters, now);
  const delivery = config.exchangeUrl ? 'queued' : 'not_configured';
  await db.transaction().execute(async (tx) => {
    await q.insertExport(tx, { id: packet.id, type: packet.type, filters: JSON.stringify(filters), packet: JSON.stringify(packet), unit_id: actor.unitId, created_by: actor.id, api_key_id: actor.apiKey?.id ?? null, created_at: now });
    if (config.exchangeUrl) await enqueueOutbox(tx, `exchange:${packet.id}`, { kind: 'exchange', exportId: packet.id, type: packet.type }, now);
    await recordAudit(tx, ctx, { action: 'exchange.exported', targetType: 'exchange_packet', targetId: packet.id, details: { type: packet.type, filters, delivery, apiKeyId: actor.apiKey?.id ?? null } });
  });
  return { packetId: packet.id, type: packet.type, delivery, packet };
}

/** Packets imported by units in the actor's scope, newest first: catalogues taken in and requests from above. Administrators, or a key with `exchange.import`. */
export async function listImports(db: Db, actor: Actor): Promise<ExchangeImportSummary[]> {
  assertExchange(actor, 'exchange.import');
  const rows = await q.listImports(db, scopePrefix(actor));
  const setups = new Map((await fq.setupsOf(db, rows.filter((r) => r.type === 'regime').map((r) => r.id))).map((s) => [s.import_id, { regimeId: s.regime_id, regimeCode: s.regime_code }]));
  return rows.map((r) => ({
    id: r.id,
    packetId: r.packet_id,
    type: r.type as PacketType,
    senderUnitCode: r.sender_unit_code,
    senderSystem: r.sender_system,
    importedAt: r.imported_at.toISOString(),
    importedByName: r.imported_by_name,
    apiKeyName: r.api_key_name,
    result: r.result as ImportResult,
    setup: setups.get(r.id) ?? null,
  }));
}
