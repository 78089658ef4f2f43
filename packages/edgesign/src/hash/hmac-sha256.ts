/**
 * HMAC-SHA256 (RFC 2104) on the WebAssembly core.
 *
 * Keys and data are bytes, or strings taken as their UTF-8 bytes exactly like node:crypto's
 * `createHmac('sha256', string)` (the key rules are in ./hmac-key.ts). The core keys once — the ipad
 * and opad midstates of RFC 2104 §2, a long key hashed first (§3) — and wipes the key bytes from its
 * memory.
 * @module
 */
import { EdgesignError } from '../errors.js';
import { describe } from '../encoding.js';
import { CoreSession } from '../wasm/session.js';
import { ANY_KEY, checkedHmacKey } from './hmac-key.js';

type Bytes = Uint8Array | string;

const LOST = 'this message was lost to an internal error: call reset()';

/**
 * An HMAC-SHA256 keyed once: the ipad and opad midstates (RFC 2104 §2) are computed in the
 * constructor and reused for every message after `reset()`. Any number of instances can be alive and
 * interleaved; each keeps its own state.
 *
 * @example
 * const mac = new HmacSha256('fed53116f20684c067774ebf9e7bcbdc');
 * const tag = mac.update(header).update(rows).digest();
 * mac.reset().update(next).digestInto(out);
 */
export class HmacSha256 {
  readonly #session = new CoreSession(LOST);
  #finished = false;

  /** Keys the HMAC once (RFC 2104 ipad/opad midstates); `E_KEY_MISSING`, `E_KEY_TYPE` for a key that is neither a string nor bytes. */
  constructor(key: Bytes) {
    this.#session.keyHmac(checkedHmacKey(key, ANY_KEY));
  }

  /** Adds a piece of the message; any split of the message gives the same tag. */
  update(data: Bytes): this {
    if (this.#finished) throw new EdgesignError('E_STATE', 'update() after digest(): call reset() to start a new message');
    this.#session.absorb(data, 'data');
    return this;
  }

  /** The 32-byte tag of the message so far. Then only `reset()` may follow. */
  digest(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(32);
    this.digestInto(out);
    return out;
  }

  /** Writes the 32-byte tag into `out` (at least 32 bytes) without allocating. */
  digestInto(out: Uint8Array): void {
    if (!(out instanceof Uint8Array) || out.length < 32) {
      throw new EdgesignError('E_DATA_TYPE', `digestInto needs a Uint8Array of at least 32 bytes, got ${describe(out)}${out instanceof Uint8Array ? ` of ${out.length}` : ''}`);
    }
    if (this.#finished) throw new EdgesignError('E_STATE', 'digest() was already called: call reset() to start a new message');
    this.#session.finishHmacInto(out);
    this.#finished = true;
  }

  /** Starts a new message under the same key (also after an internal error lost the last one). */
  reset(): this {
    this.#session.restartHmac();
    this.#finished = false;
    return this;
  }
}

let oneShot: CoreSession | null = null;

/**
 * HMAC-SHA256 of `data` under `key`; both bytes or strings (UTF-8). It keys the core on every call and
 * keeps nothing afterwards — no key, no midstates: for many messages under one key, reuse an
 * {@link HmacSha256}.
 */
export function hmacSha256(key: Bytes, data: Bytes): Uint8Array<ArrayBuffer> {
  const session = (oneShot ??= new CoreSession(LOST));
  try {
    session.keyHmac(checkedHmacKey(key, ANY_KEY), false);
    session.absorb(data, 'data');
    const out = new Uint8Array(32);
    session.finishHmacInto(out);
    return out;
  } finally {
    session.forget();
  }
}
