import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the document management system received it. */
export type DmsDelivery = { key: string; attempt: number; body: { documentNumber: string; files: Record<string, string>; [k: string]: unknown } };

/**
 * A stand-in for the document management system on loopback: it files each report once per
 * Idempotency-Key (answering 200 again for a repeat) and records every request. `mode` lets a test make
 * it fail (500), or hold requests without answering (a server killed mid-delivery).
 */
export async function startDmsReceiver(): Promise<{
  url: string;
  requests: DmsDelivery[];
  /** Documents filed, by idempotency key: what the receiver "sees". */
  filed: Map<string, DmsDelivery>;
  mode: 'ok' | 'fail' | 'hang';
  close(): Promise<void>;
}> {
  const held: ServerResponse[] = [];
  const state = {
    url: '',
    requests: [] as DmsDelivery[],
    filed: new Map<string, DmsDelivery>(),
    mode: 'ok' as 'ok' | 'fail' | 'hang',
    close: async () => {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const delivery: DmsDelivery = { key, attempt: Number(req.headers['x-delivery-attempt'] ?? 0), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
      state.requests.push(delivery);
      if (state.mode === 'fail') {
        res.writeHead(500).end('{"error":"down"}');
        return;
      }
      // Filed as soon as it arrived, answered or not: a sender killed before reading the answer retries.
      if (!state.filed.has(key)) state.filed.set(key, delivery);
      if (state.mode === 'hang') {
        held.push(res);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"filed"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/documents`;
  return state;
}
