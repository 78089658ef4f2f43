/**
 * SHA-256 (FIPS 180-4) on the WebAssembly core: a streaming hash and the one-shot `sha256`.
 * Strings are hashed as their UTF-8 bytes (lone surrogates refused).
 * @module
 */
import { guarded } from '../wasm/core.js';
import { CoreStream, stateError } from '../wasm/streaming.js';

type Bytes = Uint8Array | string;

/** A streaming SHA-256 on the core. */
export class Sha256 extends CoreStream {
  #finished = false;
  #lost = false;

  constructor() {
    super();
    this.reset();
  }

  /** Starts a new hash. */
  reset(): this {
    guarded(() => {
      this.staged = 0;
      this.enter().x.sha256Init();
    });
    this.#finished = false;
    this.#lost = false;
    return this;
  }

  update(data: Bytes): this {
    if (this.#finished) throw stateError('update() after digest()');
    guarded(() => this.absorb(data, 'data'));
    if (this.#lost) throw stateError('this hash was lost to an internal error; start a new one');
    return this;
  }

  digest(): Uint8Array {
    if (this.#finished) throw stateError('digest() was already called');
    const out = new Uint8Array(32);
    guarded(() => {
      const core = this.enter();
      if (this.#lost) return;
      core.x.sha256Finish(this.staged);
      this.staged = 0;
      out.set(core.digest);
    });
    if (this.#lost) throw stateError('this hash was lost to an internal error; start a new one');
    this.#finished = true;
    return out;
  }

  protected stranded(): void {
    this.#lost = true;
  }
}

let oneShotHash: Sha256 | null = null;

/** SHA-256 of `data` (bytes, or a string's UTF-8). */
export function sha256(data: Bytes): Uint8Array {
  const h = oneShotHash === null ? (oneShotHash = new Sha256()) : oneShotHash.reset();
  return h.update(data).digest();
}
