/**
 * An independent, test-only signer for Edge Impulse data acquisition messages, written from the
 * format description (format.md §3) with node:crypto and cbor-x only — no edgesign code — so that
 * edgesign's verifier (and the ingestion service) can be checked against bytes it did not produce.
 *
 * Algorithm (as Edge Impulse's own clients do it): set `signature` to 64 ASCII '0', serialize, HMAC-SHA256
 * the serialized bytes with the key's own bytes (a string key is its UTF-8, never hex-decoded), and patch
 * the lowercase hex over the placeholder. The placeholder is located as the value of the top-level
 * `signature` member (not the first run of 64 zeros), and it must occur exactly once.
 *
 * API (kept stable for other suites):
 * - `referenceSignJson(message, key, { style })` — `compact` (JSON.stringify), `python` (json.dumps
 *   defaults: `", "`/`": "` separators, `\uXXXX` for non-ASCII, Python float repr, `NaN`/`Infinity`
 *   tokens), `pretty` (JSON.stringify with 2-space indent);
 * - `referenceSignCbor(message, key, { float64, indefiniteValues })` — cbor-x with definite maps and
 *   strings (`signature` is `78 40`); `float64` writes every number as a CBOR double (like the ingestion
 *   API docs' example), `indefiniteValues` writes `payload.values` as `9f … ff` (like the EI C SDK);
 * - `referenceSignCborWithTail(message, tail, key, opts)` — CBOR header followed by raw bytes, the MAC
 *   covering both (`values` should be `["Ref-BINARY-<type>"]`);
 * - `referenceAttachmentHmac(bytes, key)` — hex HMAC of an attachment, for `Ref-BINARY-… (n bytes) <hex>`.
 */
import { createHmac } from 'node:crypto';
import { Encoder } from 'cbor-x';

export type ReferenceKey = string | Uint8Array;

export interface ReferenceJsonOptions {
  style?: 'compact' | 'python' | 'pretty';
}

export interface ReferenceCborOptions {
  /** Every number as a CBOR float64 (`fb`), integers included. */
  float64?: boolean;
  /** `payload.values` as an indefinite-length array (`9f … ff`). */
  indefiniteValues?: boolean;
}

export const PLACEHOLDER = '0'.repeat(64);

function hmacHex(key: ReferenceKey, data: Uint8Array): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

export function referenceAttachmentHmac(bytes: Uint8Array, key: ReferenceKey): string {
  return hmacHex(key, bytes);
}

/** A shallow copy whose `signature` is the placeholder (keeping the member's position if present). */
function withPlaceholder(message: object): Record<string, unknown> {
  const m: Record<string, unknown> = { ...(message as Record<string, unknown>) };
  m['signature'] = PLACEHOLDER;
  return m;
}

// ---- Python json.dumps (default arguments) ---------------------------------------------------------

function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += s[i];
  }
  return out + '"';
}

/** Python's float repr: shortest digits, exponent form below 1e-4 and from 1e16 (`1e-05`, `1e+16`). */
function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const sign = mant.startsWith('-') ? '-' : '';
  const digits = mant.replace('-', '').replace('.', '');
  if (exp >= -4 && exp < 16) {
    if (exp >= digits.length - 1) return sign + digits + '0'.repeat(exp - (digits.length - 1)) + '.0';
    if (exp >= 0) return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
    return sign + '0.' + '0'.repeat(-exp - 1) + digits;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function pyDumps(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') {
    // JS cannot tell 10 from 10.0: integral values are written as Python ints.
    if (Number.isInteger(v) && Math.abs(v) < 1e16) return Object.is(v, -0) ? '-0.0' : String(v);
    return pyFloat(v);
  }
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return '[' + v.map(pyDumps).join(', ') + ']';
  if (typeof v === 'object') {
    // members whose value is undefined are left out, as JSON.stringify does (Python dicts have none)
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return '{' + entries.map(([k, x]) => `${pyString(k)}: ${pyDumps(x)}`).join(', ') + '}';
  }
  throw new TypeError(`cannot serialize ${typeof v}`);
}

// ---- signing ----------------------------------------------------------------------------------------

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function patch(bytes: Uint8Array, at: number, key: ReferenceKey): Uint8Array {
  const sig = Buffer.from(hmacHex(key, bytes), 'ascii');
  bytes.set(sig, at);
  return bytes;
}

/** Serializes `message` as JSON in the given style and signs it. */
export function referenceSignJson(message: object, key: ReferenceKey, opts: ReferenceJsonOptions = {}): Uint8Array {
  const m = withPlaceholder(message);
  const style = opts.style ?? 'compact';
  const text = style === 'python' ? pyDumps(m) : style === 'pretty' ? JSON.stringify(m, null, 2) : JSON.stringify(m);
  const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
  // The top-level member is the only `"signature": "<64 zeros>"` the serializers above can write with
  // the placeholder, unless the payload itself contains one: refuse that instead of guessing.
  const matches = [...text.matchAll(/"signature"\s*:\s*"0{64}"/g)];
  if (matches.length !== 1) throw new Error(`expected one signature placeholder member, found ${matches.length}`);
  const charAt = matches[0]!.index! + matches[0]![0].length - 65;
  return patch(bytes, Buffer.byteLength(text.slice(0, charAt), 'utf8'), key);
}

/** An iterable that cbor-x writes as an indefinite-length array (`9f … ff`). */
class Indefinite {
  constructor(private readonly items: readonly unknown[]) {}
  *[Symbol.iterator](): Iterator<unknown> {
    yield* this.items;
  }
}

function encodeCbor(m: Record<string, unknown>, opts: ReferenceCborOptions): Uint8Array {
  const encoder = new Encoder({
    useRecords: false,
    mapsAsObjects: true,
    variableMapSize: true, // minimal definite map heads (a3, a5, …)
    tagUint8Array: false,
    alwaysUseFloat: opts.float64 === true,
  } as ConstructorParameters<typeof Encoder>[0]);
  let value: Record<string, unknown> = m;
  if (opts.indefiniteValues) {
    const payload = m['payload'] as Record<string, unknown>;
    value = { ...m, payload: { ...payload, values: new Indefinite(payload['values'] as unknown[]) } };
  }
  return new Uint8Array(encoder.encode(value));
}

const CBOR_SIG_PREFIX = new Uint8Array([0x69, ...Buffer.from('signature', 'ascii'), 0x78, 0x40, ...Buffer.from(PLACEHOLDER, 'ascii')]);

function placeholderOffset(bytes: Uint8Array): number {
  const at = indexOfBytes(bytes, CBOR_SIG_PREFIX);
  if (at < 0) throw new Error('signature placeholder (69 "signature" 78 40 "0"×64) not found in the CBOR');
  if (indexOfBytes(bytes, CBOR_SIG_PREFIX, at + 1) >= 0) throw new Error('signature placeholder found twice');
  return at + 12;
}

/** Encodes `message` as CBOR and signs it. */
export function referenceSignCbor(message: object, key: ReferenceKey, opts: ReferenceCborOptions = {}): Uint8Array {
  const bytes = encodeCbor(withPlaceholder(message), opts);
  return patch(bytes, placeholderOffset(bytes), key);
}

/** Encodes `message` as CBOR, appends `tail` (raw samples) and signs the whole (format.md §2.3). */
export function referenceSignCborWithTail(message: object, tail: Uint8Array, key: ReferenceKey, opts: ReferenceCborOptions = {}): Uint8Array {
  const header = encodeCbor(withPlaceholder(message), { indefiniteValues: true, ...opts });
  const bytes = new Uint8Array(header.length + tail.length);
  bytes.set(header, 0);
  bytes.set(tail, header.length);
  return patch(bytes, placeholderOffset(header), key);
}

// ---- hand-made bytes ---------------------------------------------------------------------------------

/**
 * Signs JSON text written by hand (for malformed or unusual fixtures): the `which`-th
 * `"signature" : "<64 zeros>"` member (0 = first) gets the HMAC of the whole text with the placeholder
 * in place; any other placeholder stays as it is.
 */
export function referenceSignRawJson(text: string, key: ReferenceKey, which = 0): Uint8Array {
  const matches = [...text.matchAll(/"signature"\s*:\s*"0{64}"/g)];
  const m = matches[which];
  if (!m) throw new Error(`signature placeholder #${which} not found`);
  const charAt = m.index! + m[0].length - 65;
  return patch(new Uint8Array(Buffer.from(text, 'utf8')), Buffer.byteLength(text.slice(0, charAt), 'utf8'), key);
}

/** Signs CBOR bytes made by hand: the first `69 "signature" 78 40 <64 zeros>` gets the HMAC of all of `bytes`. */
export function referenceSignRawCbor(bytes: Uint8Array, key: ReferenceKey): Uint8Array {
  const at = indexOfBytes(bytes, CBOR_SIG_PREFIX);
  if (at < 0) throw new Error('signature placeholder not found in the CBOR');
  return patch(bytes.slice(), at + 12, key);
}

/**
 * A tiny CBOR writer for hand-made (also malformed) fixtures: each function returns the bytes of one
 * item; `cat` joins them. Definite heads use the shortest form.
 */
export const rawCbor = {
  head(major: number, n: number): Uint8Array {
    const m = major << 5;
    if (n < 24) return new Uint8Array([m | n]);
    if (n < 0x100) return new Uint8Array([m | 24, n]);
    if (n < 0x10000) return new Uint8Array([m | 25, n >> 8, n & 0xff]);
    return new Uint8Array([m | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  },
  cat(...parts: Uint8Array[]): Uint8Array {
    return new Uint8Array(Buffer.concat(parts));
  },
  uint(n: number): Uint8Array {
    return rawCbor.head(0, n);
  },
  text(s: string): Uint8Array {
    const b = Buffer.from(s, 'utf8');
    return rawCbor.cat(rawCbor.head(3, b.length), b);
  },
  bytes(b: Uint8Array): Uint8Array {
    return rawCbor.cat(rawCbor.head(2, b.length), b);
  },
  f64(x: number): Uint8Array {
    const b = Buffer.alloc(9);
    b[0] = 0xfb;
    b.writeDoubleBE(x, 1);
    return new Uint8Array(b);
  },
  array(items: Uint8Array[]): Uint8Array {
    return rawCbor.cat(rawCbor.head(4, items.length), ...items);
  },
  indefiniteArray(items: Uint8Array[]): Uint8Array {
    return rawCbor.cat(new Uint8Array([0x9f]), ...items, new Uint8Array([0xff]));
  },
  /** Entries in the order given; keys are text unless given as bytes already encoded. */
  map(entries: Array<[string | Uint8Array, Uint8Array]>): Uint8Array {
    return rawCbor.cat(rawCbor.head(5, entries.length), ...entries.flatMap(([k, v]) => [typeof k === 'string' ? rawCbor.text(k) : k, v]));
  },
  raw(...bytes: number[]): Uint8Array {
    return new Uint8Array(bytes);
  },
};
