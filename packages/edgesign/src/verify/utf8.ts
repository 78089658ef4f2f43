/**
 * Strict UTF-8 for the verifier: locate the first ill-formed byte (RFC 3629 §4: no overlong forms, no
 * surrogates U+D800..U+DFFF, nothing above U+10FFFF, no truncated sequence) and decode with a fatal
 * `TextDecoder`, so that no U+FFFD replacement ever reaches a caller. Runtime-neutral (no `node:` import).
 * @module
 */

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Offset of the first byte that starts an ill-formed UTF-8 sequence in `bytes[start, end)`, or -1 when
 * the range is well-formed. Agrees with the WHATWG fatal decoder (tested against it by property).
 */
export function findInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      else if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      else if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i; // 0x80..0xc1 (continuation or overlong lead), 0xf5..0xff
    if (i + need >= end) return i; // truncated
    const c1 = bytes[i + 1]!;
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Decodes well-formed UTF-8 (callers validate first); throws only on a bug, never replaces. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  // Short ASCII runs (keys, units, device names) are cheaper without a decoder call.
  if (end - start <= 32) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  return fatalDecoder.decode(bytes.subarray(start, end));
}
