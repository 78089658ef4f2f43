/**
 * Constant-time comparison of MAC tags and the strict decoding of a signature's hex text.
 *
 * Why this shape: the compare must not reveal *where* two tags first differ (the classic byte-at-a-time
 * forgery). `constantTimeEqual` therefore has exactly one code path for equal-length inputs: it reads
 * every byte of both arrays once, in order, XOR-accumulates the differences into one integer, and
 * branches only once, at the end. Lengths are public (a tag is always 32 bytes), so a length mismatch
 * returns false before the loop. Nothing in it can throw. The hex of the received signature is public
 * too; it is decoded once, with a table, before any comparison.
 * @module
 */

/** True when `a` and `b` hold the same bytes. Never throws; false for non-`Uint8Array` input. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return false;
  const len = a.length;
  if (len !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < len; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** 0–15 for `0-9a-f`, -1 otherwise (uppercase is refused: every Edge Impulse producer writes lowercase). */
const HEX = /* @__PURE__ */ (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i++) t[0x30 + i] = i;
  for (let i = 0; i < 6; i++) t[0x61 + i] = 10 + i;
  return t;
})();

/** True when `s` is exactly 64 lowercase hex characters. */
export function isLowerHex64(s: string): boolean {
  if (s.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || HEX[c]! < 0) return false;
  }
  return true;
}

/** True when `s` is the unsigned placeholder (64 × '0'). */
export function isPlaceholder(s: string): boolean {
  return s.length === 64 && /^0{64}$/.test(s);
}

/** Decodes 64 lowercase hex characters into 32 bytes; null if `s` is anything else. */
export function decodeHex64(s: string): Uint8Array | null {
  if (!isLowerHex64(s)) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = (HEX[s.charCodeAt(2 * i)]! << 4) | HEX[s.charCodeAt(2 * i + 1)]!;
  return out;
}
