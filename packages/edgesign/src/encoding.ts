/**
 * Byte conversions shared by the wrapper: strings as UTF-8 (refusing lone surrogates rather than
 * replacing them: a changed string must not sign as if it were the same), typed views as plain bytes, and lowercase hex.
 * @module
 */
import { EdgesignError, type EdgesignErrorCode } from './errors.js';

const encoder = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` has no lone surrogate (String.prototype.isWellFormed, with a fallback for older engines). */
export function isWellFormed(s: string): boolean {
  const native = (s as { isWellFormed?: () => boolean }).isWellFormed;
  return typeof native === 'function' ? native.call(s) : !LONE_SURROGATE.test(s);
}

/** Throws E_INVALID_UNICODE when `s` has a lone surrogate; `what` names the field in the message. */
export function assertWellFormed(s: string, what: string): void {
  if (!isWellFormed(s)) {
    throw new EdgesignError('E_INVALID_UNICODE', `${what} contains a lone surrogate and has no UTF-8 encoding`);
  }
}

/** UTF-8 bytes of a well-formed string. */
export function utf8(s: string, what: string): Uint8Array {
  assertWellFormed(s, what);
  return encoder.encode(s);
}

/**
 * The UTF-8 byte count of well-formed `s`, without encoding it (RFC 3629 §3): one byte below U+0080,
 * two below U+0800, three for the rest of the BMP, four for a surrogate pair (two units, two each).
 */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

/**
 * Writes well-formed `s` as UTF-8 into `dst` if it fits (returns the byte count), else returns -1.
 * Writing straight into the core's IN window saves a copy for short strings.
 */
export function utf8Into(s: string, dst: Uint8Array): number {
  if (s.length * 3 > dst.length) return -1;
  return encoder.encodeInto(s, dst).written;
}

/** A Uint8Array over the same bytes as any typed array or DataView, or a string's UTF-8. */
export function toBytes(v: unknown, what: string, code: EdgesignErrorCode): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return utf8(v, what);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  throw new EdgesignError(code, `${what} must be a Uint8Array or a string, got ${describe(v)}`);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return typeof v;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new EdgesignError('E_DATA_TYPE', `toHex expects a Uint8Array, got ${describe(bytes)}`);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}
