import type { Db } from '../../db/database.js';
import type { Config } from '../../platform/config.js';
import type { Deliverer, DmsMessage } from '../../platform/outbox.js';
import * as q from './signing.queries.js';

/**
 * Delivery of signed reports to the document management system (R21): an HTTP POST of one JSON
 * document per signed version to DMS_URL, with an `Idempotency-Key` header that is the same on every
 * retry, so the receiver files each report once however often it is delivered. Any 2xx (and 409, "already
 * have it") is success; anything else, or no answer in 30 s, is retried by the outbox with backoff.
 * The body format is ours (`baocao.dms/1`, docs/signing.md); a real DMS connector maps it to its API.
 */
export function createDmsDeliverer(db: Db, config: Pick<Config, 'dmsUrl' | 'dmsToken'>): Deliverer<DmsMessage> | null {
  if (!config.dmsUrl) return null;
  const url = config.dmsUrl;
  return async (message, { key, attempt }) => {
    const s = await q.findSignatureForDelivery(db, message.signatureId);
    if (!s) throw new Error(`signature ${message.signatureId} not found`);
    const body = {
      format: 'baocao.dms/1',
      idempotencyKey: key,
      documentNumber: s.document_number,
      assignmentId: s.assignment_id,
      version: s.version_number,
      unit: { code: s.unit_code, name: s.unit_name },
      signedBy: s.signed_by_name,
      signedAt: s.signed_at.toISOString(),
      certificate: s.certificate,
      files: {
        pdf: Buffer.from(s.pdf).toString('base64'),
        docx: Buffer.from(s.docx).toString('base64'),
        cms: Buffer.from(s.cms).toString('base64'),
        canonical: Buffer.from(s.canonical).toString('base64'),
      },
    };
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': key,
        'x-delivery-attempt': String(attempt),
        ...(config.dmsToken ? { authorization: `Bearer ${config.dmsToken}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok && res.status !== 409) throw new Error(`DMS trả lời ${res.status}`);
  };
}
