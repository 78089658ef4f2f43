/**
 * Signing Edge Impulse data acquisition messages (format.md §1–3) with the core's JSON and CBOR
 * writers: the core writes the document with the 64 '0' placeholder straight into its OUT window,
 * feeds every byte to the HMAC, and patches the lowercase hex tag over the placeholder.
 * @module
 */
import { EdgesignError } from '../errors.js';
import { describe, utf8 } from '../encoding.js';
import { sha256 } from '../hash/sha256.js';
import { activate, coreFailure, guarded, snapshot, type Core, type ContextOwner } from '../wasm/core.js';
import { prepareValues, writePlainValues, kindOf, KIND_BYTES, type PreparedValues, type SampleValues, type TypedSamples } from './values.js';

export type { SampleValues, TypedSamples } from './values.js';

export interface Sensor { name: string; units: string }
export type Encoding = 'json' | 'cbor';

export interface SignerOptions {
  /** The HMAC key: a string (its UTF-8 bytes, as Edge Impulse uses its 32-hex-character keys) or bytes. */
  hmacKey: string | Uint8Array;
  deviceType: string;
  /** Globally unique device id (e.g. a MAC address); omitted from the message when not given. */
  deviceName?: string;
  /** Milliseconds between rows; a positive finite number (fractions allowed). */
  intervalMs: number;
  sensors: readonly Sensor[];
  encoding?: Encoding;
  /**
   * CBOR only: write `interval_ms` always as a float, as Edge Impulse's C SDK does (vector V1). By
   * default it is an integer when integral (vector V2).
   */
  intervalAsFloat?: boolean;
  /** Allow keys shorter than 32 bytes (RFC 2104 §3 discourages them; Edge Impulse keys are 32). */
  allowShortKey?: boolean;
}

export interface SignOptions {
  /** Seconds since the epoch (integer). Default: now. `null`: no `iat` (devices without a clock). */
  iat?: number | null;
}

/** The end of a streamed message: its last bytes and the signature to patch in at `signatureOffset`. */
export interface StreamEnd {
  tail: Uint8Array;
  signature: string;
  signatureOffset: number;
}

const CONTENT_TYPES = { json: 'application/json', cbor: 'application/cbor' } as const;
export const OCTET_STREAM = 'application/octet-stream';

const FLAG_CBOR = 1;
const FLAG_IAT = 2;
const FLAG_DEVICE_NAME = 4;
const FLAG_INTERVAL_FLOAT = 8;
/** iat values above this are milliseconds by mistake (1e11 s is the year 5138). */
const IAT_MAX_SECONDS = 1e11;
const MIN_KEY_BYTES = 32;

const BINARY_TYPES: Record<number, string> = { 0: 'f64', 1: 'f32', 2: 'i32', 3: 'u32', 4: 'i16', 5: 'u16', 6: 'i8', 7: 'u8' };

/** A signer for one device configuration; see {@link createSigner}. */
export interface Signer {
  readonly encoding: Encoding;
  /** `application/json` or `application/cbor` (messages with a binary tail are `application/octet-stream`). */
  readonly contentType: string;
  /** The complete signed message. */
  sign(values: SampleValues, options?: SignOptions): Uint8Array;
  /** Starts a streamed message: append rows in pieces, then patch the signature at `signatureOffset`. */
  stream(options?: SignOptions): MessageStream;
  /**
   * An audio-style message: `values: ["Ref-BINARY-<type>"]` followed by the raw little-endian samples,
   * the signature covering header and tail (format.md §2.3). CBOR only; one sensor.
   */
  signBinary(samples: TypedSamples, options?: SignOptions): Uint8Array;
}

/**
 * Creates a signer. Everything about the device is checked here, once; `sign()` then only checks the
 * values.
 *
 * @example
 * const signer = createSigner({ hmacKey, deviceType: 'DISCO-L475VG-IOT01A', intervalMs: 10,
 *   sensors: [{ name: 'accX', units: 'm/s2' }], encoding: 'json' });
 * const body = signer.sign([0.1, 0.2, 0.3], { iat: 1564128599 });
 */
export function createSigner(options: SignerOptions): Signer {
  return new MessageSigner(options, false);
}

/** @internal For attachment messages, whose interval_ms is 0. */
export function createReferenceSigner(options: SignerOptions): { signReference(reference: string, options?: SignOptions): Uint8Array; contentType: string } {
  return new MessageSigner(options, true);
}

class MessageSigner implements Signer, ContextOwner {
  saved: Uint8Array | null = null;
  readonly encoding: Encoding;
  readonly contentType: string;
  readonly #cols: number;
  readonly #flags: number;
  readonly #intervalMs: number;
  /** The string table and header strings for msgBegin (docs/abi.md), encoded once. */
  readonly #headerIn: Uint8Array;
  /** The context right after keying. */
  readonly #keyed: Uint8Array;
  /** Byte offset in IN where sample values go: after the header strings, 8-aligned. */
  readonly #valuesAt: number;

  constructor(o: SignerOptions, allowZeroInterval: boolean) {
    if (o === null || typeof o !== 'object') throw new EdgesignError('E_SCHEMA', `signer options must be an object, got ${describe(o)}`, { path: '' });
    const key = checkKey(o.hmacKey, o.allowShortKey === true);
    const encoding = o.encoding ?? 'json';
    if (encoding !== 'json' && encoding !== 'cbor') throw new EdgesignError('E_SCHEMA', `encoding must be 'json' or 'cbor', got ${String(encoding)}`, { path: 'encoding' });
    requireString(o.deviceType, 'deviceType', false);
    if (o.deviceName !== undefined) requireString(o.deviceName, 'deviceName', false);
    const iv = o.intervalMs;
    if (typeof iv !== 'number' || !Number.isFinite(iv) || iv < 0 || (iv === 0 && !allowZeroInterval)) {
      throw new EdgesignError('E_SCHEMA', `intervalMs must be a positive finite number of milliseconds, got ${typeof iv === 'number' ? iv : describe(iv)}`, { path: 'intervalMs' });
    }
    if (!Array.isArray(o.sensors) || o.sensors.length === 0) {
      throw new EdgesignError('E_SCHEMA', 'sensors must be a non-empty array of { name, units }', { path: 'sensors' });
    }
    if (o.sensors.length > 1000) throw new EdgesignError('E_SCHEMA', `at most 1000 sensors, got ${o.sensors.length}`, { path: 'sensors' });
    const strings: Uint8Array[] = [
      o.deviceName === undefined ? new Uint8Array(0) : utf8(o.deviceName, 'deviceName'),
      utf8(o.deviceType, 'deviceType'),
    ];
    o.sensors.forEach((s, i) => {
      if (s === null || typeof s !== 'object') throw new EdgesignError('E_SCHEMA', `sensors[${i}] must be { name, units }, got ${describe(s)}`, { path: `sensors[${i}]` });
      requireString(s.name, `sensors[${i}].name`, false);
      requireString(s.units, `sensors[${i}].units`, true);
      strings.push(utf8(s.name, `sensors[${i}].name`), utf8(s.units, `sensors[${i}].units`));
    });
    const tableBytes = strings.length * 4;
    const total = strings.reduce((n, s) => n + s.length, tableBytes);
    const headerIn = new Uint8Array(total);
    const table = new DataView(headerIn.buffer);
    let at = tableBytes;
    strings.forEach((s, i) => {
      table.setUint32(i * 4, s.length, true);
      headerIn.set(s, at);
      at += s.length;
    });

    this.encoding = encoding;
    this.contentType = CONTENT_TYPES[encoding];
    this.#cols = o.sensors.length;
    this.#intervalMs = iv;
    this.#flags = (encoding === 'cbor' ? FLAG_CBOR : 0) | (o.deviceName !== undefined ? FLAG_DEVICE_NAME : 0) |
      (encoding === 'cbor' && o.intervalAsFloat === true ? FLAG_INTERVAL_FLOAT : 0);
    this.#headerIn = headerIn;
    this.#valuesAt = (headerIn.length + 7) & ~7;
    this.#keyed = guarded(() => {
      const core = activate(this);
      if (headerIn.length > core.IN_CAP) throw new EdgesignError('E_TOO_LARGE', `device and sensor strings take ${headerIn.length} bytes, more than the core's ${core.IN_CAP}`);
      core.u8.set(key, core.IN);
      core.x.hmacKey(key.length);
      snapshot(this, core);
      return this.saved!.slice();
    });
  }

  flushStaged(): void {}

  sign(values: SampleValues, options?: SignOptions): Uint8Array {
    const flags = this.#flags | iatFlag(options);
    const iat = iatOf(options);
    let core: Core;
    try {
      core = activate(this);
    } catch (e) {
      throw coreFailure(e);
    }
    // Values go into IN after the header strings (which msgBegin reads), checked as they are copied.
    const base = this.#valuesAt;
    let count = writePlainValues(values, this.#cols, core.f64In, base >> 3);
    const prepared = count < 0 ? prepareValues(values, this.#cols) : null;
    if (prepared !== null) count = prepared.count;
    if (count === 0) throw new EdgesignError('E_EMPTY', 'no values to sign: a message needs at least one row');
    try {
      const parts: Uint8Array[] = [];
      this.#begin(core, flags, iat);
      if (prepared === null) encodeRange(core, 0, base >> 3, count, parts);
      else encodeAll(core, prepared, this.#cols, base, parts);
      expectOk(core.x.msgClose(), 'msgClose');
      const n = core.x.msgFinish();
      if (parts.length === 0) return core.u8.slice(core.OUT, core.OUT + n);
      parts.push(core.u8.slice(core.OUT, core.OUT + n));
      const whole = concat(parts);
      whole.set(core.hex, core.x.sigOffset());
      return whole;
    } catch (e) {
      throw coreFailure(e);
    }
  }

  stream(options?: SignOptions): MessageStream {
    return new MessageStream(this, this.#keyed, this.#cols, this.#flags | iatFlag(options), iatOf(options));
  }

  signBinary(samples: TypedSamples, options?: SignOptions): Uint8Array {
    if (this.encoding !== 'cbor') throw new EdgesignError('E_SCHEMA', 'a binary tail follows a CBOR header: create the signer with encoding: "cbor"', { path: 'encoding' });
    if (this.#cols !== 1) throw new EdgesignError('E_SCHEMA', `a binary tail carries one sensor, this signer has ${this.#cols}`, { path: 'sensors' });
    const prepared = prepareValues(samples, 1);
    if (prepared.count === 0) throw new EdgesignError('E_EMPTY', 'no samples to sign');
    const tail = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
    const ref = new TextEncoder().encode(`Ref-BINARY-${BINARY_TYPES[kindOf(samples)]}`);
    const flags = this.#flags | iatFlag(options);
    const iat = iatOf(options);
    return guarded(() => {
      const core = activate(this);
      this.#begin(core, flags, iat);
      core.u8.set(ref, core.IN);
      expectOk(core.x.msgString(ref.length), 'msgString');
      expectOk(core.x.msgClose(), 'msgClose');
      const headerLen = core.x.msgDrain();
      const out = new Uint8Array(headerLen + tail.length);
      out.set(core.u8.subarray(core.OUT, core.OUT + headerLen));
      // Samples are written as the platform's typed arrays hold them: little-endian on every engine
      // edgesign runs on (format.md §2.3 requires little-endian).
      for (let off = 0; off < tail.length; off += core.IN_CAP) {
        const piece = tail.subarray(off, off + core.IN_CAP);
        core.u8.set(piece, core.IN);
        core.x.hashUpdate(piece.length);
      }
      core.x.msgFinish();
      out.set(core.hex, core.x.sigOffset());
      out.set(tail, headerLen);
      return out;
    });
  }

  /** @internal A message whose `values` is one string (an attachment reference, format.md §2.4). */
  signReference(reference: string, options?: SignOptions): Uint8Array {
    const ref = utf8(reference, 'reference');
    const flags = this.#flags | iatFlag(options);
    const iat = iatOf(options);
    return guarded(() => {
      const core = activate(this);
      this.#begin(core, flags, iat);
      if (ref.length > core.IN_CAP) throw new EdgesignError('E_TOO_LARGE', `the reference string takes ${ref.length} bytes, more than ${core.IN_CAP}`);
      core.u8.set(ref, core.IN);
      expectOk(core.x.msgString(ref.length), 'msgString');
      expectOk(core.x.msgClose(), 'msgClose');
      const n = core.x.msgFinish();
      return core.u8.slice(core.OUT, core.OUT + n);
    });
  }

  /** Writes the header for a new message into OUT (activates nothing: the caller did). */
  #begin(core: Core, flags: number, iat: number): void {
    core.u8.set(this.#headerIn, core.IN);
    const r = core.x.msgBegin(flags, iat, this.#intervalMs, this.#cols);
    if (r < 0) throw new EdgesignError(r === -1 ? 'E_TOO_LARGE' : 'E_INTERNAL', `the core refused the message header (${r})`);
  }

  /** @internal */
  beginStream(core: Core, flags: number, iat: number): void {
    this.#begin(core, flags, iat);
  }
}

/**
 * A message signed in pieces, for long recordings: only the current piece is ever in the core's
 * memory. Each `append` returns the bytes produced so far (the first one starts with the header);
 * `finish` returns the last bytes and the signature, which belongs at `signatureOffset` of the whole
 * message — near the start, so write the pieces out and patch it at the end (as Edge Impulse's C SDK
 * seeks back in its file). {@link patchSignature} does it for bytes in memory.
 */
export class MessageStream implements ContextOwner {
  saved: Uint8Array | null;
  #started = false;
  #done = false;
  #rows = 0;
  readonly #signer: MessageSigner;
  readonly #cols: number;
  readonly #flags: number;
  readonly #iat: number;

  /** @internal */
  constructor(signer: MessageSigner, keyed: Uint8Array, cols: number, flags: number, iat: number) {
    this.saved = keyed.slice();
    this.#signer = signer;
    this.#cols = cols;
    this.#flags = flags;
    this.#iat = iat;
  }

  flushStaged(): void {}

  /** Encodes more rows; returns the message bytes they completed (the header comes with the first call). */
  append(values: SampleValues): Uint8Array {
    if (this.#done) throw new EdgesignError('E_STATE', 'append() after finish()');
    const prepared = prepareValues(values, this.#cols);
    return guarded(() => {
      const core = activate(this);
      const parts: Uint8Array[] = [];
      if (!this.#started) {
        this.#signer.beginStream(core, this.#flags, this.#iat);
        this.#started = true;
      }
      encodeAll(core, prepared, this.#cols, 0, parts);
      this.#rows += prepared.count;
      const n = core.x.msgDrain();
      parts.push(core.u8.slice(core.OUT, core.OUT + n));
      return parts.length === 1 ? parts[0]! : concat(parts);
    });
  }

  /** Ends the message: its last bytes and the signature to patch in at `signatureOffset`. */
  finish(): StreamEnd {
    if (this.#done) throw new EdgesignError('E_STATE', 'finish() was already called');
    if (this.#rows === 0) throw new EdgesignError('E_EMPTY', 'no values were appended: a message needs at least one row');
    return guarded(() => {
      const core = activate(this);
      expectOk(core.x.msgClose(), 'msgClose');
      const n = core.x.msgFinish();
      this.#done = true;
      const signature = new TextDecoder().decode(core.hex);
      return { tail: core.u8.slice(core.OUT, core.OUT + n), signature, signatureOffset: core.x.sigOffset() };
    });
  }
}

/** Puts a streamed message together: concatenates the pieces and patches the signature in. */
export function assembleStream(pieces: readonly Uint8Array[], end: StreamEnd): Uint8Array {
  const whole = concat([...pieces, end.tail]);
  patchSignature(whole, end);
  return whole;
}

/** Writes `end.signature` over the placeholder of a whole message held in memory. */
export function patchSignature(message: Uint8Array, end: Pick<StreamEnd, 'signature' | 'signatureOffset'>): void {
  const hex = new TextEncoder().encode(end.signature);
  message.set(hex, end.signatureOffset);
}

/** Encodes `prepared` through the IN window from byte offset `at` (kept 8-aligned), in whole rows. */
function encodeAll(core: Core, prepared: PreparedValues, cols: number, at: number, parts: Uint8Array[]): void {
  const bpe = KIND_BYTES[prepared.kind];
  const perChunk = Math.floor((core.IN_CAP - at) / bpe / cols) * cols;
  for (let from = 0; from < prepared.count; from += perChunk) {
    const n = Math.min(perChunk, prepared.count - from);
    prepared.copy(core.u8, core.IN + at, from, n);
    encodeRange(core, prepared.kind, at / bpe, n, parts);
  }
}

/** Encodes `n` values of `kind` already in IN from element `first`; drains OUT whenever it fills up. */
function encodeRange(core: Core, kind: number, first: number, n: number, parts: Uint8Array[]): void {
  let done = 0;
  while (done < n) {
    const k = core.x.msgValues(kind, first + done, n - done);
    if (k < 0) throw new EdgesignError('E_INTERNAL', `the core refused the values (${k})`);
    done += k;
    if (done < n) {
      const m = core.x.msgDrain();
      parts.push(core.u8.slice(core.OUT, core.OUT + m));
    }
  }
}

function expectOk(r: number, what: string): void {
  if (r === -1) throw new EdgesignError('E_TOO_LARGE', `${what}: the message does not fit the core's output window`);
  if (r < 0) throw new EdgesignError('E_INTERNAL', `${what} failed in the core (${r})`);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function iatFlag(options: SignOptions | undefined): number {
  return options?.iat === null ? 0 : FLAG_IAT;
}

/** The iat to write (seconds since the epoch), checked; 0 when omitted (the flag then says so). */
function iatOf(options: SignOptions | undefined): number {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new EdgesignError('E_SCHEMA', `sign options must be an object, got ${describe(options)}`, { path: '' });
  }
  const iat = options?.iat;
  if (iat === null) return 0;
  if (iat === undefined) return Math.floor(Date.now() / 1000);
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    throw new EdgesignError('E_IAT_INVALID', `iat must be a finite number of seconds since the epoch, got ${typeof iat === 'number' ? iat : describe(iat)}`);
  }
  if (!Number.isInteger(iat) || iat < 0) {
    throw new EdgesignError('E_IAT_INVALID', `iat must be a non-negative integer number of seconds, got ${iat}`);
  }
  if (iat > IAT_MAX_SECONDS) {
    throw new EdgesignError('E_IAT_UNITS', `iat ${iat} is too large for seconds: did you pass milliseconds (Date.now())? Use Math.floor(Date.now() / 1000)`);
  }
  return iat;
}

function checkKey(key: unknown, allowShort: boolean): Uint8Array {
  if (key === undefined || key === null || key === '') {
    throw new EdgesignError('E_KEY_MISSING', 'an HMAC key is required (edgesign never falls back to a default key)');
  }
  if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
    throw new EdgesignError('E_KEY_TYPE', `the HMAC key must be a string or a Uint8Array, got ${describe(key)}`);
  }
  const bytes = typeof key === 'string' ? utf8(key, 'HMAC key') : key;
  if (bytes.length === 0) throw new EdgesignError('E_KEY_MISSING', 'the HMAC key is empty');
  if (bytes.length < MIN_KEY_BYTES && !allowShort) {
    throw new EdgesignError('E_KEY_TOO_SHORT', `the HMAC key has ${bytes.length} bytes, at least ${MIN_KEY_BYTES} are required (pass allowShortKey: true to accept it)`);
  }
  // A key longer than the block is replaced by its hash (RFC 2104 §3) before it reaches the core.
  return bytes.length > 64 ? sha256(bytes) : bytes;
}

function requireString(v: unknown, path: string, allowEmpty: boolean): void {
  if (typeof v !== 'string' || (!allowEmpty && v.length === 0)) {
    throw new EdgesignError('E_SCHEMA', `${path} must be a ${allowEmpty ? '' : 'non-empty '}string, got ${describe(v)}`, { path });
  }
}
