/**
 * SHA-256 (FIPS 180-4) on the WebAssembly core: a streaming hash and the one-shot `sha256`.
 * Strings are hashed as their UTF-8 bytes (lone surrogates refused).
 * @module
 */
import { EdgesignError } from '../errors.js';
import { CoreSession } from '../wasm/session.js';

type Bytes = Uint8Array | string;

/** A streaming SHA-256 on the core. */
export class Sha256 {
  readonly #session = new CoreSession('this hash was lost to an internal error; start a new one');
  #finished = false;

  /** A new hash, ready for `update`. */
  constructor() {
    this.reset();
  }

  /** Starts a new hash. */
  reset(): this {
    this.#session.startSha256();
    this.#finished = false;
    return this;
  }

  /** Absorbs more input (a string is its UTF-8 bytes); returns this, for chaining. */
  update(data: Bytes): this {
    if (this.#finished) throw new EdgesignError('E_STATE', 'update() after digest()');
    this.#session.absorb(data, 'data');
    return this;
  }

  /** The 32-byte hash of everything absorbed; the hash is then finished (`E_STATE` on further use until `reset`). */
  digest(): Uint8Array<ArrayBuffer> {
    if (this.#finished) throw new EdgesignError('E_STATE', 'digest() was already called');
    const out = new Uint8Array(32);
    this.#session.finishSha256Into(out);
    this.#finished = true;
    return out;
  }
}

let oneShotHash: Sha256 | null = null;

/** SHA-256 of `data` (bytes, or a string's UTF-8). */
export function sha256(data: Bytes): Uint8Array<ArrayBuffer> {
  const h = oneShotHash === null ? (oneShotHash = new Sha256()) : oneShotHash.reset();
  return h.update(data).digest();
}
