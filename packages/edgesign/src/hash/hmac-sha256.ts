/**
 * HMAC-SHA256 (RFC 2104) on the WebAssembly core.
 *
 * Keys and data are bytes, or strings taken as their UTF-8 bytes exactly like node:crypto's
 * `createHmac('sha256', string)`: Edge Impulse's 32-hex-character HMAC keys are 32 ASCII bytes, never
 * hex-decoded and never truncated (keys over 64 bytes are hashed first, RFC 2104 §3).
 * @module
 */
import { EdgesignError } from '../errors.js';
import { toBytes, describe } from '../encoding.js';
import { coreFailure, guarded, snapshot } from '../wasm/core.js';
import { CoreStream, stateError } from '../wasm/streaming.js';
import { sha256 } from './sha256.js';

type Bytes = Uint8Array | string;

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
export class HmacSha256 extends CoreStream {
  /** The context right after keying, so `reset()` works even after the instance was replaced. */
  #keyed: Uint8Array;
  #finished = false;
  #lost = false;

  constructor(key: Bytes) {
    super();
    let k = keyBytes(key);
    // A key longer than the block is replaced by its hash anyway (RFC 2104 §3); doing it here first
    // means the IN window never has to hold a key of any length.
    if (k.length > 64) k = sha256(k);
    this.#keyed = guarded(() => {
      const core = this.enter();
      core.u8.set(k, core.IN);
      core.x.hmacKey(k.length);
      snapshot(this, core);
      return this.saved!.slice();
    });
  }

  /** Adds a piece of the message; any split of the message gives the same tag. */
  update(data: Bytes): this {
    if (this.#finished) throw stateError('update() after digest(): call reset() to start a new message');
    if (this.#lost) throw stateError('this message was lost to an internal error: call reset()');
    // Hot path: already active, bytes that fit the window. Only a copy, no call into WebAssembly.
    const core = this.activeCore();
    if (core !== null && data instanceof Uint8Array && this.staged + data.length <= core.IN_CAP) {
      core.u8.set(data, core.IN + this.staged);
      this.staged += data.length;
      return this;
    }
    guarded(() => this.absorb(data, 'data'));
    if (this.#lost) throw stateError('this message was lost to an internal error: call reset()');
    return this;
  }

  /** The 32-byte tag of the message so far. Then only `reset()` may follow. */
  digest(): Uint8Array {
    const out = new Uint8Array(32);
    this.digestInto(out);
    return out;
  }

  /** Writes the 32-byte tag into `out` (at least 32 bytes) without allocating. */
  digestInto(out: Uint8Array): void {
    if (!(out instanceof Uint8Array) || out.length < 32) {
      throw new EdgesignError('E_DATA_TYPE', `digestInto needs a Uint8Array of at least 32 bytes, got ${describe(out)}${out instanceof Uint8Array ? ` of ${out.length}` : ''}`);
    }
    if (this.#finished) throw stateError('digest() was already called: call reset() to start a new message');
    if (this.#lost) throw stateError('this message was lost to an internal error: call reset()');
    const active = this.activeCore();
    if (active !== null) {
      // Hot path: one call into the core for the whole message (staged bytes + both hashes).
      try {
        active.x.hmacFinish(this.staged);
      } catch (e) {
        throw coreFailure(e);
      }
      this.staged = 0;
      out.set(active.digest);
      this.#finished = true;
      return;
    }
    guarded(() => {
      const core = this.enter();
      if (this.#lost) return;
      core.x.hmacFinish(this.staged);
      this.staged = 0;
      out.set(core.digest);
    });
    if (this.#lost) throw stateError('this message was lost to an internal error: call reset()');
    this.#finished = true;
  }

  /** Starts a new message under the same key. */
  reset(): this {
    if (this.#finished && !this.#lost && this.staged === 0 && this.activeCore() !== null) {
      // digest() has already restarted the message in the core: nothing to do there.
      this.#finished = false;
      return this;
    }
    guarded(() => {
      const core = this.enter();
      if (this.#lost) {
        core.u8.set(this.#keyed, core.CTX);
      } else if (!this.#finished || this.staged !== 0) {
        // After digest() the core has already restarted the message; otherwise restart it now.
        core.x.hmacReset();
      }
      this.staged = 0;
    });
    this.#finished = false;
    this.#lost = false;
    return this;
  }

  protected stranded(): void {
    this.#lost = true;
  }
}

// The one-shot HMAC keeps the last key's midstates, so repeated calls with the same key (the common
// case: one device key) cost what a reused HmacSha256 costs.
let lastKey: string | Uint8Array | null = null;
let lastMac: HmacSha256 | null = null;

/** HMAC-SHA256 of `data` under `key`; both bytes or strings (UTF-8). */
export function hmacSha256(key: Bytes, data: Bytes): Uint8Array {
  let mac = lastMac;
  if (mac === null || !sameKey(lastKey!, key)) {
    mac = new HmacSha256(key);
    lastMac = mac;
    lastKey = typeof key === 'string' ? key : keyBytes(key).slice();
  } else {
    mac.reset();
  }
  return mac.update(data).digest();
}

function sameKey(a: string | Uint8Array, b: Bytes): boolean {
  if (typeof b === 'string') return a === b;
  if (typeof a === 'string' || !(b instanceof Uint8Array) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function keyBytes(key: unknown): Uint8Array {
  if (key === undefined || key === null) throw new EdgesignError('E_KEY_MISSING', 'an HMAC key is required');
  if (typeof key !== 'string' && !ArrayBuffer.isView(key)) {
    throw new EdgesignError('E_KEY_TYPE', `the HMAC key must be a string or a Uint8Array, got ${describe(key)}`);
  }
  return toBytes(key, 'HMAC key', 'E_KEY_TYPE');
}

