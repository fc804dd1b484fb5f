import type { Db } from '../../db/database.js';
import type { Config } from '../../platform/config.js';
import type { Deliverer, ExchangeMessage } from '../../platform/outbox.js';
import * as q from './exchange.queries.js';

/**
 * Delivery of exported packets to the Government reporting information system through the LGSP
 * (R27): an HTTP POST of the packet as built at export time to EXCHANGE_URL, with an
 * `Idempotency-Key` header that is the same on every retry, so the receiver files each packet once
 * however often it arrives (the packet's own `id` is stable too). Any 2xx, or 409 ("already have
 * it"), is success; anything else, or no answer in 30 s, is retried by the outbox with backoff.
 */
export function createExchangeDeliverer(db: Db, config: Pick<Config, 'exchangeUrl' | 'exchangeToken'>): Deliverer<ExchangeMessage> | null {
  if (!config.exchangeUrl) return null;
  const url = config.exchangeUrl;
  return async (message, { key, attempt }) => {
    const row = await q.findExport(db, message.exportId);
    if (!row) throw new Error(`exchange export ${message.exportId} not found`);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'idempotency-key': key,
        'x-delivery-attempt': String(attempt),
        ...(config.exchangeToken ? { authorization: `Bearer ${config.exchangeToken}` } : {}),
      },
      body: typeof row.packet === 'string' ? row.packet : JSON.stringify(row.packet),
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok && res.status !== 409) throw new Error(`Hệ thống nhận gói tin trả lời ${res.status}`);
  };
}
