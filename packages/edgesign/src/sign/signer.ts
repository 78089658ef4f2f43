/**
 * Signing Edge Impulse data acquisition messages (format §1–3, https://github.com/edgesign/edgesign/blob/main/docs/format.md) with the core's JSON and CBOR
 * writers: the core writes the document with the 64 '0' placeholder straight into its OUT window,
 * feeds every byte to the HMAC, and patches the lowercase hex tag over the placeholder.
 * @module
 */
import { EdgesignError } from '../errors.js';
import { describe, utf8 } from '../encoding.js';
import { checkedHmacKey, signingKeyPolicy } from '../hash/hmac-key.js';
import { MAX_SENSORS, MessageFlag, ValueKind } from '../wasm/abi.js';
import { CoreSession } from '../wasm/session.js';
import { prepareValues, writePlainValues, kindOf, type SampleValues, type TypedSamples } from './values.js';

export type { SampleValues, TypedSamples } from './values.js';

/** One column of the data: its name and units (Edge Impulse does not enforce SenML units). */
export interface Sensor {
  /** The sensor (column) name, e.g. `accX`. */
  name: string;
  /** Its units, e.g. `m/s2` (Edge Impulse's tools also write `N/A`, `wav`, `rgba`). */
  units: string;
}
/** The message encoding: JSON text or CBOR. */
export type Encoding = 'json' | 'cbor';

/** Options of {@link createSigner}: the key and the message fields every signed message carries. */
export interface SignerOptions {
  /** The HMAC key: a string (its UTF-8 bytes, as Edge Impulse uses its 32-hex-character keys) or bytes. */
  hmacKey: string | Uint8Array;
  /** `payload.device_type`, e.g. the board's name (required). */
  deviceType: string;
  /** Globally unique device id (e.g. a MAC address); omitted from the message when not given. */
  deviceName?: string;
  /** Milliseconds between rows; a positive finite number (fractions allowed). */
  intervalMs: number;
  /** One sensor per column of the rows, in order. */
  sensors: readonly Sensor[];
  /** The message encoding (default `json`). */
  encoding?: Encoding;
  /**
   * CBOR only: write `interval_ms` always as a float, as Edge Impulse's C SDK does (vector V1). By
   * default it is an integer when integral (vector V2).
   */
  intervalAsFloat?: boolean;
  /** Allow keys shorter than 32 bytes (RFC 2104 §3 discourages them; Edge Impulse keys are 32). */
  allowShortKey?: boolean;
}

/** Per-message options of `sign`, `signBinary` and `stream`. */
export interface SignOptions {
  /** Seconds since the epoch (integer). Default: now. `null`: no `iat` (devices without a clock). */
  iat?: number | null;
}

/** The end of a streamed message: its last bytes and the signature to patch in at `signatureOffset`. */
export interface StreamEnd {
  /** The last bytes of the message (after every appended piece). */
  tail: Uint8Array<ArrayBuffer>;
  /** The 64 lowercase hex characters of the HMAC-SHA256 tag. */
  signature: string;
  /** Where the signature belongs: the byte offset of the 64-zero placeholder in the whole message. */
  signatureOffset: number;
}

const CONTENT_TYPES = { json: 'application/json', cbor: 'application/cbor' } as const;
/** The content type of a CBOR message followed by a binary tail (`signBinary`). */
export const OCTET_STREAM = 'application/octet-stream';

/** iat values above this are milliseconds by mistake (1e11 s is the year 5138). */
const IAT_MAX_SECONDS = 1e11;

/** The `<type>` of `Ref-BINARY-<type>` for each value kind: its ABI name in lower case (`i16`, `f32`, …). */
const BINARY_TYPES: Record<number, string> = Object.fromEntries(Object.entries(ValueKind).map(([name, kind]) => [kind, name.toLowerCase()]));

/** A signer for one device configuration; see {@link createSigner}. */
export interface Signer {
  /** The encoding this signer writes. */
  readonly encoding: Encoding;
  /** `application/json` or `application/cbor` (messages with a binary tail are `application/octet-stream`). */
  readonly contentType: string;
  /** The complete signed message. */
  sign(values: SampleValues, options?: SignOptions): Uint8Array<ArrayBuffer>;
  /** Starts a streamed message: append rows in pieces, then patch the signature at `signatureOffset`. */
  stream(options?: SignOptions): MessageStream;
  /**
   * An audio-style message: `values: ["Ref-BINARY-<type>"]` followed by the raw little-endian samples,
   * the signature covering header and tail (format §2.3). CBOR only; one sensor.
   */
  signBinary(samples: TypedSamples, options?: SignOptions): Uint8Array<ArrayBuffer>;
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
export function createReferenceSigner(options: SignerOptions): { signReference(reference: string, options?: SignOptions): Uint8Array<ArrayBuffer>; contentType: string } {
  return new MessageSigner(options, true);
}

class MessageSigner implements Signer {
  readonly encoding: Encoding;
  readonly contentType: string;
  readonly #cols: number;
  readonly #flags: number;
  readonly #intervalMs: number;
  /** The string table and header strings for msgBegin (https://github.com/edgesign/edgesign/blob/main/docs/abi.md), encoded once. */
  readonly #headerIn: Uint8Array;
  /** Every message of this signer is written in this session, from its keyed context. */
  readonly #session = new CoreSession('this message was lost to an internal error');
  /** Byte offset in IN where sample values go: after the header strings, 8-aligned. */
  readonly #valuesAt: number;

  constructor(o: SignerOptions, allowZeroInterval: boolean) {
    if (o === null || typeof o !== 'object') throw new EdgesignError('E_SCHEMA', `signer options must be an object, got ${describe(o)}`, { path: '' });
    const key = checkedHmacKey(o.hmacKey, signingKeyPolicy(o.allowShortKey === true));
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
    if (o.sensors.length > MAX_SENSORS) throw new EdgesignError('E_SCHEMA', `at most ${MAX_SENSORS} sensors, got ${o.sensors.length}`, { path: 'sensors' });
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
    this.#flags = (encoding === 'cbor' ? MessageFlag.CBOR : 0) | (o.deviceName !== undefined ? MessageFlag.DEVICE_NAME : 0) |
      (encoding === 'cbor' && o.intervalAsFloat === true ? MessageFlag.INTERVAL_FLOAT : 0);
    this.#headerIn = headerIn;
    this.#valuesAt = (headerIn.length + 7) & ~7;
    const capacity = this.#session.inputCapacity;
    if (headerIn.length > capacity) throw new EdgesignError('E_TOO_LARGE', `device and sensor strings take ${headerIn.length} bytes, more than the core's ${capacity}`);
    this.#session.keyHmac(key);
  }

  /** Begins a message of this signer in `session`, with `options`' iat. */
  #begin(session: CoreSession, options: SignOptions | undefined): void {
    session.beginMessage(this.#headerIn, this.#flags | iatFlag(options), iatOf(options), this.#intervalMs, this.#cols);
  }

  sign(values: SampleValues, options?: SignOptions): Uint8Array<ArrayBuffer> {
    const session = this.#session;
    this.#begin(session, options);
    // Values go into the window after the header strings (which msgBegin has read), checked as they are copied.
    const at = this.#valuesAt;
    let count = writePlainValues(values, this.#cols, session.valueWindow(at).f64);
    const prepared = count < 0 ? prepareValues(values, this.#cols) : null;
    if (prepared !== null) count = prepared.count;
    if (count === 0) throw new EdgesignError('E_EMPTY', 'no values to sign: a message needs at least one row');
    const parts: Uint8Array<ArrayBuffer>[] = [];
    if (prepared === null) session.encodeInPlace(ValueKind.F64, at, count, parts);
    else session.encodeValues(prepared, at, parts);
    session.closeMessage();
    const tail = session.finishMessage();
    if (parts.length === 0) return tail; // the core patched the tag over the placeholder
    parts.push(tail);
    const whole = concat(parts);
    whole.set(session.signatureHex(), session.signatureOffset());
    return whole;
  }

  stream(options?: SignOptions): MessageStream {
    // The iat is taken (and checked) now, when the recording starts, not at its first append.
    const flags = this.#flags | iatFlag(options);
    const iat = iatOf(options);
    const session = this.#session.fork('this stream was lost to an internal error: start a new one');
    return new MessageStream(session, () => session.beginMessage(this.#headerIn, flags, iat, this.#intervalMs, this.#cols), this.#cols);
  }

  signBinary(samples: TypedSamples, options?: SignOptions): Uint8Array<ArrayBuffer> {
    if (this.encoding !== 'cbor') throw new EdgesignError('E_SCHEMA', 'a binary tail follows a CBOR header: create the signer with encoding: "cbor"', { path: 'encoding' });
    if (this.#cols !== 1) throw new EdgesignError('E_SCHEMA', `a binary tail carries one sensor, this signer has ${this.#cols}`, { path: 'sensors' });
    const prepared = prepareValues(samples, 1);
    if (prepared.count === 0) throw new EdgesignError('E_EMPTY', 'no samples to sign');
    const tail = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
    const ref = new TextEncoder().encode(`Ref-BINARY-${BINARY_TYPES[kindOf(samples)]}`);
    const session = this.#session;
    this.#begin(session, options);
    session.appendString(ref);
    session.closeMessage();
    const header = session.drain();
    const out = new Uint8Array(header.length + tail.length);
    out.set(header);
    // Samples are written as the platform's typed arrays hold them: little-endian on every engine
    // edgesign runs on (format §2.3 requires little-endian).
    out.set(tail, header.length);
    session.absorbTail(tail);
    session.finishMessage();
    out.set(session.signatureHex(), session.signatureOffset());
    return out;
  }

  /** @internal A message whose `values` is one string (an attachment reference, format §2.4). */
  signReference(reference: string, options?: SignOptions): Uint8Array<ArrayBuffer> {
    const ref = utf8(reference, 'reference');
    const session = this.#session;
    this.#begin(session, options);
    session.appendString(ref);
    session.closeMessage();
    return session.finishMessage();
  }
}

/**
 * A message signed in pieces, for long recordings: only the current piece is ever in the core's
 * memory. Each `append` returns the bytes produced so far (the first one starts with the header);
 * `finish` returns the last bytes and the signature, which belongs at `signatureOffset` of the whole
 * message — near the start, so write the pieces out and patch it at the end (as Edge Impulse's C SDK
 * seeks back in its file). {@link patchSignature} does it for bytes in memory.
 */
export class MessageStream {
  #started = false;
  #done = false;
  #rows = 0;
  readonly #session: CoreSession;
  readonly #begin: () => void;
  readonly #cols: number;

  /** @internal */
  constructor(session: CoreSession, begin: () => void, cols: number) {
    this.#session = session;
    this.#begin = begin;
    this.#cols = cols;
  }

  /** Encodes more rows; returns the message bytes they completed (the header comes with the first call). */
  append(values: SampleValues): Uint8Array<ArrayBuffer> {
    if (this.#done) throw new EdgesignError('E_STATE', 'append() after finish()');
    const prepared = prepareValues(values, this.#cols);
    if (!this.#started) {
      this.#begin();
      this.#started = true;
    }
    const parts: Uint8Array<ArrayBuffer>[] = [];
    this.#session.encodeValues(prepared, 0, parts);
    this.#rows += prepared.count;
    parts.push(this.#session.drain());
    return parts.length === 1 ? parts[0]! : concat(parts);
  }

  /** Ends the message: its last bytes and the signature to patch in at `signatureOffset`. */
  finish(): StreamEnd {
    if (this.#done) throw new EdgesignError('E_STATE', 'finish() was already called');
    if (this.#rows === 0) throw new EdgesignError('E_EMPTY', 'no values were appended: a message needs at least one row');
    this.#session.closeMessage();
    const tail = this.#session.finishMessage();
    this.#done = true;
    const signature = new TextDecoder().decode(this.#session.signatureHex());
    return { tail, signature, signatureOffset: this.#session.signatureOffset() };
  }
}

/** Puts a streamed message together: concatenates the pieces and patches the signature in. */
export function assembleStream(pieces: readonly Uint8Array[], end: StreamEnd): Uint8Array<ArrayBuffer> {
  const whole = concat([...pieces, end.tail]);
  patchSignature(whole, end);
  return whole;
}

/** Writes `end.signature` over the placeholder of a whole message held in memory. */
export function patchSignature(message: Uint8Array, end: Pick<StreamEnd, 'signature' | 'signatureOffset'>): void {
  const hex = new TextEncoder().encode(end.signature);
  message.set(hex, end.signatureOffset);
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
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
  return options?.iat === null ? 0 : MessageFlag.IAT;
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

function requireString(v: unknown, path: string, allowEmpty: boolean): void {
  if (typeof v !== 'string' || (!allowEmpty && v.length === 0)) {
    throw new EdgesignError('E_SCHEMA', `${path} must be a ${allowEmpty ? '' : 'non-empty '}string, got ${describe(v)}`, { path });
  }
}
