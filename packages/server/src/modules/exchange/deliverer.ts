import type { Db } from '../../db/database.js';
import type { Config } from '../../platform/config.js';
import type { Deliverer, ExchangeMessage } from '../../platform/outbox.js';
import * as q from './exchange.queries.js';
import * as fq from './federation.queries.js';

/**
 * Delivery of exported packets through the outbox (R27): an HTTP POST of each packet as built at export
 * time, to EXCHANGE_URL (the system above: the Government reporting information system through the LGSP,
 * or an upper instance of this system), or, for a request sent down, to the registered lower system's
 * endpoint with the key it issued us. Each packet carries `Idempotency-Key: exchange:<packet id>`, the same
 * on every retry, so the receiver files it once however often it arrives (the packet's `id` is stable too).
 * Any 2xx, or 409 ("already have it" / "nothing to change"), is success; anything else, or no answer in
 * 30 s, is retried by the outbox with backoff. A request's packets go in order and stop at the first
 * failure; the retry sends them again and the receiver answers the ones it has with their first result.
 */
export function createExchangeDeliverer(db: Db, config: Pick<Config, 'exchangeUrl' | 'exchangeToken'>): Deliverer<ExchangeMessage> {
  return async (message, { attempt }) => {
    let target: { url: string; token: string | null };
    if (message.peerId) {
      const peer = await fq.findPeer(db, message.peerId);
      if (!peer || peer.revoked_at) throw new Error('Hệ thống cấp dưới không còn trong danh sách kết nối');
      target = { url: peer.url, token: peer.token };
    } else {
      if (!config.exchangeUrl) throw new Error('Chưa cấu hình EXCHANGE_URL');
      target = { url: config.exchangeUrl, token: config.exchangeToken };
    }
    for (const exportId of message.exportIds ?? [message.exportId]) {
      const row = await q.findExport(db, exportId);
      if (!row) throw new Error(`exchange export ${exportId} not found`);
      const res = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'idempotency-key': `exchange:${row.id}`,
          'x-delivery-attempt': String(attempt),
          ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
        },
        body: typeof row.packet === 'string' ? row.packet : JSON.stringify(row.packet),
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok && res.status !== 409) throw new Error(`Hệ thống nhận gói tin trả lời ${res.status}`);
    }
  };
}
