/**
 * A session is the one way anything drives the core: one per stateful user (an `HmacSha256`, a
 * `Sha256`, a message signer, a message stream). The module has one context (https://github.com/edgesign/edgesign/blob/main/docs/abi.md, "Contexts");
 * the session that needs it becomes the active one — the previous session's staged input is absorbed
 * and its context saved, then this one's is restored — so any number of objects can be interleaved.
 *
 * It also owns trap recovery. A WebAssembly trap means the instance's memory can no longer be trusted:
 * the instance is dropped and the call fails with `E_INTERNAL`. Sessions saved elsewhere carry on in
 * the next instance. The session whose state was in the trapped instance is *lost*: it refuses with
 * `E_STATE` until it is restarted (re-keyed, reset, or a new message begun). It never resumes from an
 * older saved context, so it can never produce a digest or a tag over bytes it did not hash.
 *
 * The methods are the core's operations in host terms (key, absorb, finish; begin a message, encode
 * values, drain, close, finish). Only this module and ./core.ts know addresses and export names.
 * @module
 */
import { EdgesignError } from '../errors.js';
import { assertWellFormed, toBytes, utf8, utf8Into } from '../encoding.js';
import { dropCore, getCore, isLive, type Core } from './core.js';
import { Status, VALUE_KIND_BYTES, type ValueKind } from './abi.js';

/** Views of the IN window from a byte offset on, for writing sample values in place. */
export interface ValueWindow {
  readonly f64: Float64Array;
  readonly bytes: Uint8Array;
}

/** Checked sample values: `count` elements of one kind, copied into the window in row-aligned pieces. */
export interface ValueSource {
  readonly kind: ValueKind;
  readonly count: number;
  /** Copies elements [from, from + n) to the start of `into`. */
  copy(into: ValueWindow, from: number, n: number): void;
}

export class CoreSession {
  /** This session's context while another one is active. */
  #saved: Uint8Array | null = null;
  /** The context to start over from: right after keying (HMAC, signers), else null. */
  #start: Uint8Array | null = null;
  /** The instance whose context holds (or last held) this session's state. */
  #home: Core | null = null;
  /** Bytes staged in IN but not yet absorbed; only while active. */
  #staged = 0;
  /** The state went down with a trapped instance; only a restart clears it. */
  #lost = false;
  /** True right after finishHmacInto: the core has already restarted the message under the same key. */
  #restarted = false;
  /** Values per row of the message begun last. */
  #cols = 1;
  #window: { core: Core; at: number; view: ValueWindow } | null = null;
  readonly #lostMessage: string;

  /** `lostMessage` is the `E_STATE` message after a trap took this session's state. */
  constructor(lostMessage: string) {
    this.#lostMessage = lostMessage;
  }

  /** A new session that starts from this one's keyed context (a stream of a signer's key). */
  fork(lostMessage: string): CoreSession {
    const s = new CoreSession(lostMessage);
    s.#start = this.#start;
    s.#saved = this.#start === null ? null : this.#start.slice();
    return s;
  }

  /** Bytes the IN window holds (header strings and single strings must fit it). */
  get inputCapacity(): number {
    return getCore().IN_CAP;
  }

  // ---- activation and trap recovery ---------------------------------------------------------------

  /** Makes this the active session on the live instance (creating it if needed). */
  #enter(): Core {
    try {
      const core = getCore();
      if (core.active === this) return core;
      const home = this.#home;
      if (home !== null && home !== core && home.active === this) {
        // This session was active when its instance trapped: its running state is gone with it.
        this.#lost = true;
        this.#saved = null;
      }
      const prev = core.active as CoreSession | null;
      if (prev !== null) prev.#switchOut(core);
      if (this.#saved !== null) core.u8.set(this.#saved, core.CTX);
      this.#staged = 0;
      core.active = this;
      this.#home = core;
      return core;
    } catch (e) {
      throw this.#fail(e);
    }
  }

  /** Absorbs this session's staged bytes and saves its context (another session needs the module). */
  #switchOut(core: Core): void {
    if (this.#staged !== 0) {
      core.x.hashUpdate(this.#staged);
      this.#staged = 0;
    }
    (this.#saved ??= new Uint8Array(core.CTX_SIZE)).set(core.u8.subarray(core.CTX, core.CTX + core.CTX_SIZE));
  }

  /** {@link #enter}, refusing when the state was lost. */
  #use(): Core {
    const core = this.#enter();
    if (this.#lost) throw new EdgesignError('E_STATE', this.#lostMessage);
    return core;
  }

  /** What to throw for an exception out of the core: a trap drops the instance and is E_INTERNAL. */
  #fail(e: unknown): unknown {
    // `typeof` first: in a runtime without WebAssembly (node --jitless) the name itself is unbound.
    if (typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError) {
      dropCore(); // this session (or whichever was active) is found lost on its next call
      return new EdgesignError('E_INTERNAL', `the WebAssembly core trapped (${e.message}); it was reset`, undefined, { cause: e });
    }
    return e;
  }

  /** Restores the start context (after a trap, or for a message that must begin from the key). */
  #restoreStart(core: Core): void {
    if (this.#start === null) throw new EdgesignError('E_INTERNAL', 'this session was never keyed');
    core.u8.set(this.#start, core.CTX);
    this.#staged = 0;
    this.#lost = false;
  }

  // ---- hashing (FIPS 180-4, RFC 2104) --------------------------------------------------------------

  /**
   * Keys the HMAC. The core derives the ipad/opad midstates (RFC 2104 §2), hashing a key longer than
   * the 64-byte block first (§3); the key bytes are wiped from the IN window right after, as the C
   * host does. A key longer than the window itself is hashed by the core's SHA-256 in window-sized
   * pieces and the core keyed with that digest — what §3 does — and the digest area wiped too.
   * `resettable: false` keeps no copy of the keyed context (nothing to restart from).
   */
  keyHmac(checkedKey: Uint8Array | string, resettable = true): void {
    const core = this.#enter();
    try {
      // A checked (well-formed) string key is written as UTF-8 straight into IN: the only copy of its
      // bytes is the one wiped right after keying. One too long for the window is encoded first.
      const written = typeof checkedKey === 'string' ? utf8Into(checkedKey, core.u8.subarray(core.IN, core.IN + core.IN_CAP)) : -1;
      if (written >= 0) {
        core.x.hmacKey(written);
        core.u8.fill(0, core.IN, core.IN + written);
      } else {
        keyWithBytes(core, typeof checkedKey === 'string' ? utf8(checkedKey, 'the HMAC key') : checkedKey);
      }
    } catch (e) {
      throw this.#fail(e);
    }
    // The keyed context to start over from (the one-shot HMAC, which keeps nothing, has none).
    this.#start = resettable ? core.u8.slice(core.CTX, core.CTX + core.CTX_SIZE) : null;
    this.#staged = 0;
    this.#lost = false;
    this.#restarted = true;
  }

  /** A new message under the same key (also recovers a session lost to a trap). */
  restartHmac(): void {
    const core = this.#enter();
    if (this.#restarted && !this.#lost && this.#staged === 0) return; // finishHmacInto already did
    this.#restoreStart(core);
    this.#restarted = true;
  }

  /** A new SHA-256 (also recovers a session lost to a trap). */
  startSha256(): void {
    const core = this.#enter();
    try {
      core.x.sha256Init();
    } catch (e) {
      throw this.#fail(e);
    }
    this.#staged = 0;
    this.#lost = false;
  }

  /** Absorbs bytes, or a string's UTF-8 (lone surrogates refused), staging them in IN. */
  absorb(data: Uint8Array | string, what: string): void {
    // Hot path: active, sound, bytes that fit the window: only a copy, no call into WebAssembly.
    const home = this.#home;
    if (data instanceof Uint8Array && home !== null && home.active === this && !this.#lost && isLive(home) &&
        this.#staged + data.length <= home.IN_CAP) {
      home.u8.set(data, home.IN + this.#staged);
      this.#staged += data.length;
      this.#restarted = false;
      return;
    }
    if (typeof data === 'string') {
      assertWellFormed(data, what);
      const core = this.#use();
      const n = utf8Into(data, core.u8.subarray(core.IN + this.#staged, core.IN + core.IN_CAP));
      if (n >= 0) {
        this.#staged += n;
        this.#restarted = false;
        return;
      }
      data = toBytes(data, what, 'E_DATA_TYPE');
    } else if (!(data instanceof Uint8Array)) {
      data = toBytes(data, what, 'E_DATA_TYPE');
    }
    const core = this.#use();
    this.#restarted = false;
    try {
      let off = 0;
      while (off < data.length) {
        const n = Math.min(core.IN_CAP - this.#staged, data.length - off);
        core.u8.set(data.subarray(off, off + n), core.IN + this.#staged);
        this.#staged += n;
        off += n;
        if (this.#staged === core.IN_CAP) {
          core.x.hashUpdate(this.#staged);
          this.#staged = 0;
        }
      }
    } catch (e) {
      throw this.#fail(e);
    }
  }

  /** Finishes the HMAC into `out` (32 bytes); the core then restarts the message under the same key. */
  finishHmacInto(out: Uint8Array): void {
    const core = this.#use();
    try {
      core.x.hmacFinish(this.#staged);
    } catch (e) {
      throw this.#fail(e);
    }
    this.#staged = 0;
    this.#restarted = true;
    out.set(core.digest);
  }

  /** Finishes the SHA-256 into `out` (32 bytes). */
  finishSha256Into(out: Uint8Array): void {
    const core = this.#use();
    try {
      core.x.sha256Finish(this.#staged);
    } catch (e) {
      throw this.#fail(e);
    }
    this.#staged = 0;
    out.set(core.digest);
  }

  /** Wipes this session's state from the module and from here (the one-shot HMAC keeps nothing). */
  forget(): void {
    const home = this.#home;
    if (home !== null && home.active === this && isLive(home)) {
      home.u8.fill(0, home.CTX, home.CTX + home.CTX_SIZE);
      home.active = null;
    }
    this.#saved = null;
    this.#start = null;
    this.#staged = 0;
  }

  // ---- writing a signed message (the ABI document, "Writing and signing") ---------------------------

  /**
   * Begins a message from the keyed context: `header` is msgBegin's IN layout (string lengths, then
   * the strings). A session lost to a trap starts over from its key here.
   */
  beginMessage(header: Uint8Array, flags: number, iat: number, intervalMs: number, cols: number): void {
    const core = this.#enter();
    if (this.#lost) this.#restoreStart(core);
    if (header.length > core.IN_CAP) {
      throw new EdgesignError('E_TOO_LARGE', `device and sensor strings take ${header.length} bytes, more than the core's ${core.IN_CAP}`);
    }
    core.u8.set(header, core.IN);
    let r: number;
    try {
      r = core.x.msgBegin(flags, iat, intervalMs, cols);
    } catch (e) {
      throw this.#fail(e);
    }
    if (r < 0) throw statusError(r, 'the core refused the message header');
    this.#cols = cols;
  }

  /** Views of IN from byte `at` (8-aligned) on, to write values in place before {@link encodeInPlace}. */
  valueWindow(at: number): ValueWindow {
    const core = this.#use();
    const w = this.#window;
    if (w !== null && w.core === core && w.at === at) return w.view;
    const view = {
      f64: new Float64Array(core.u8.buffer, core.IN + at, (core.IN_CAP - at) >> 3),
      bytes: core.u8.subarray(core.IN + at, core.IN + core.IN_CAP),
    };
    this.#window = { core, at, view };
    return view;
  }

  /** Encodes `count` values of `kind` already written at byte `at` of the window; OUT's bytes go to `parts` when it fills. */
  encodeInPlace(kind: ValueKind, at: number, count: number, parts: Uint8Array<ArrayBuffer>[]): void {
    const core = this.#use();
    try {
      this.#encodeRange(core, kind, at / VALUE_KIND_BYTES[kind]!, count, parts);
    } catch (e) {
      throw this.#fail(e);
    }
  }

  /** Encodes `values` through the window from byte `at` (8-aligned), in whole rows. */
  encodeValues(values: ValueSource, at: number, parts: Uint8Array<ArrayBuffer>[]): void {
    const bpe = VALUE_KIND_BYTES[values.kind]!;
    const window = this.valueWindow(at);
    const core = this.#use();
    const perChunk = Math.floor((core.IN_CAP - at) / bpe / this.#cols) * this.#cols;
    try {
      for (let from = 0; from < values.count; from += perChunk) {
        const n = Math.min(perChunk, values.count - from);
        values.copy(window, from, n);
        this.#encodeRange(core, values.kind, at / bpe, n, parts);
      }
    } catch (e) {
      throw this.#fail(e);
    }
  }

  #encodeRange(core: Core, kind: ValueKind, first: number, n: number, parts: Uint8Array<ArrayBuffer>[]): void {
    let done = 0;
    while (done < n) {
      const k = core.x.msgValues(kind, first + done, n - done);
      if (k < 0) throw statusError(k, 'the core refused the values');
      done += k;
      if (done < n) parts.push(this.#drainInto(core));
    }
  }

  /** Appends one string element to `values` (a binary reference, format §2.3–2.4, https://github.com/edgesign/edgesign/blob/main/docs/format.md). */
  appendString(bytes: Uint8Array): void {
    const core = this.#use();
    if (bytes.length > core.IN_CAP) throw new EdgesignError('E_TOO_LARGE', `the string takes ${bytes.length} bytes, more than ${core.IN_CAP}`);
    core.u8.set(bytes, core.IN);
    let r: number;
    try {
      r = core.x.msgString(bytes.length);
    } catch (e) {
      throw this.#fail(e);
    }
    if (r < 0) throw statusError(r, 'msgString');
  }

  /** The message bytes produced since the last drain (they are absorbed into the HMAC as they leave). */
  drain(): Uint8Array<ArrayBuffer> {
    const core = this.#use();
    try {
      return this.#drainInto(core);
    } catch (e) {
      throw this.#fail(e);
    }
  }

  #drainInto(core: Core): Uint8Array<ArrayBuffer> {
    const n = core.x.msgDrain();
    return core.u8.slice(core.OUT, core.OUT + n);
  }

  /** Absorbs raw bytes after the closed and drained CBOR message (a binary tail, format §2.3). */
  absorbTail(tail: Uint8Array): void {
    const core = this.#use();
    try {
      for (let off = 0; off < tail.length; off += core.IN_CAP) {
        const piece = tail.subarray(off, off + core.IN_CAP);
        core.u8.set(piece, core.IN);
        core.x.hashUpdate(piece.length);
      }
    } catch (e) {
      throw this.#fail(e);
    }
  }

  /** Ends `values` and the document. */
  closeMessage(): void {
    const core = this.#use();
    let r: number;
    try {
      r = core.x.msgClose();
    } catch (e) {
      throw this.#fail(e);
    }
    if (r < 0) throw statusError(r, 'msgClose');
  }

  /**
   * Finishes the HMAC over the whole message; returns its last bytes, with the hex tag already
   * patched in when the placeholder was among them. Then {@link signatureHex} and {@link signatureOffset}.
   */
  finishMessage(): Uint8Array<ArrayBuffer> {
    const core = this.#use();
    let n: number;
    try {
      n = core.x.msgFinish();
    } catch (e) {
      throw this.#fail(e);
    }
    if (n < 0) throw statusError(n, 'msgFinish');
    return core.u8.slice(core.OUT, core.OUT + n);
  }

  /** The 64 lowercase hex characters of the tag of the message finished last. */
  signatureHex(): Uint8Array {
    return this.#use().hex.slice();
  }

  /** Offset of the signature placeholder from the start of the message begun last. */
  signatureOffset(): number {
    const core = this.#use();
    try {
      return core.x.sigOffset();
    } catch (e) {
      throw this.#fail(e);
    }
  }
}

/** A negative result of a message writer (the ABI document, statuses) as the error to throw. */
function statusError(r: number, what: string): EdgesignError {
  if (r === Status.FULL) return new EdgesignError('E_TOO_LARGE', `${what}: the message does not fit the core's output window`);
  return new EdgesignError('E_INTERNAL', `${what} failed in the core (${r})`);
}

/** Keys the core with `key`'s bytes, wiping them (and, for a key longer than IN, its digest) after. */
function keyWithBytes(core: Core, key: Uint8Array): void {
  if (key.length <= core.IN_CAP) {
    core.u8.set(key, core.IN);
    core.x.hmacKey(key.length);
    core.u8.fill(0, core.IN, core.IN + key.length);
    return;
  }
  core.x.sha256Init();
  for (let off = 0; off < key.length; off += core.IN_CAP) {
    const piece = key.subarray(off, off + core.IN_CAP);
    core.u8.set(piece, core.IN);
    core.x.hashUpdate(piece.length);
  }
  core.x.sha256Finish(0);
  core.u8.copyWithin(core.IN, core.DIGEST, core.DIGEST + core.digest.length);
  core.u8.fill(0, core.DIGEST, core.DIGEST + core.digest.length + core.hex.length);
  core.x.hmacKey(core.digest.length);
  core.u8.fill(0, core.IN, core.IN + core.IN_CAP);
}
