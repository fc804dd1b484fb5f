/**
 * The one WebCrypto engine pkijs works with: Node's own `globalThis.crypto`, registered once so pkijs
 * helpers that look the engine up globally (PFX, certificate verification) find it too.
 */
import * as pkijs from 'pkijs';

const engine = new pkijs.CryptoEngine({ name: 'node', crypto: globalThis.crypto });
pkijs.setEngine('node', engine);

/** The pkijs crypto engine backed by Node's WebCrypto. */
export function cryptoEngine(): pkijs.ICryptoEngine {
  return engine;
}
