/** Small byte helpers shared by the crypto module: hex, SHA digests, PEM blocks, DER lengths. */
import { createHash } from 'node:crypto';

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array | ArrayBuffer): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

/**
 * A fresh ArrayBuffer holding exactly these bytes (pkijs and asn1js want ArrayBuffers). Copies via
 * the Uint8Array constructor: a Node Buffer's `slice()` is a view into a shared pool.
 */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

/** Node hash name for a WebCrypto digest name ("SHA-256" → "sha256"). */
export function nodeHashName(webName: string): string {
  return webName.toLowerCase().replace('-', '');
}

/** Digest of bytes with a WebCrypto-named algorithm ("SHA-256"). */
export function digest(webName: string, bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(nodeHashName(webName)).update(bytes).digest());
}

/** The DER bodies of every `-----BEGIN <label>-----` block in a PEM text. */
export function pemBlocks(text: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')));
}

/** Total length (header + body) of the DER element at the start of bytes, or null if malformed. */
export function derElementLength(bytes: Uint8Array): number | null {
  if (bytes.length < 2) return null;
  const first = bytes[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || bytes.length < 2 + count) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (bytes[2 + i] ?? 0);
  const total = 2 + count + length;
  return total <= bytes.length ? total : null;
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array | ArrayBuffer, b: Uint8Array | ArrayBuffer): boolean {
  return Buffer.from(a instanceof Uint8Array ? a : new Uint8Array(a)).equals(Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)));
}
