import { connect, type Socket } from 'node:net';

/** Where clamd listens: its unix socket, or host and port. */
export type ClamdAddress = { socket: string } | { host: string; port: number };

export type ScanResult = { clean: true } | { clean: false; signature: string };

const CHUNK = 64 * 1024;

/**
 * Scans `bytes` with clamd's INSTREAM command (R35): `zINSTREAM\0`, then chunks each prefixed with its
 * 4-byte big-endian length, then a zero length; clamd answers `stream: OK` or `stream: <name> FOUND`.
 * Anything else (an error, a size limit, no answer in `timeoutMs`) throws: a file that could not be
 * scanned is never taken as clean.
 */
export function scanBytes(address: ClamdAddress, bytes: Uint8Array, timeoutMs = 30_000): Promise<ScanResult> {
  return new Promise((resolve, reject) => {
    const socket: Socket = 'socket' in address ? connect(address.socket) : connect(address.port, address.host);
    const replies: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('clamd did not answer in time')));
    socket.on('error', reject);
    socket.on('data', (d) => replies.push(d));
    socket.on('end', () => {
      const reply = Buffer.concat(replies).toString('utf8').replace(/\0/g, '').trim();
      socket.destroy();
      if (reply === 'stream: OK') return resolve({ clean: true });
      const found = /^stream: (.+) FOUND$/.exec(reply);
      if (found) return resolve({ clean: false, signature: found[1]! });
      reject(new Error(`clamd: ${reply || 'no answer'}`));
    });
    socket.on('connect', () => {
      socket.write('zINSTREAM\0');
      for (let at = 0; at < bytes.length; at += CHUNK) {
        const part = bytes.subarray(at, Math.min(at + CHUNK, bytes.length));
        const size = Buffer.alloc(4);
        size.writeUInt32BE(part.length);
        socket.write(size);
        socket.write(part);
      }
      socket.end(Buffer.alloc(4));
    });
  });
}
