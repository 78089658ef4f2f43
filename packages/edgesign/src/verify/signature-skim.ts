/**
 * Finds where a message's signature tag sits without building any value: a structural pass over the
 * top level of a JSON object (RFC 8259) or CBOR map (RFC 8949) that steps over every member's value
 * by its syntax alone (strings by their closing quote or length, containers by nesting depth, CBOR
 * items by their heads), so that the MAC can be checked before the strict scanners materialise a
 * single number (`macFirst` in `verify-message.ts`).
 *
 * The skim validates only what it needs to step: UTF-8, number syntax, duplicate names below the top
 * level and the like are the strict scanners' job. It answers a span only for a body whose top level
 * it walked completely and whose one `signature` member is written exactly as the verifier requires
 * (JSON: `"` + 64 lowercase hex digits + `"`; CBOR: `78 40` + 64 lowercase hex digits), not the
 * placeholder; for anything else it answers null and the caller falls back to the strict path. For
 * every body the strict scanner accepts, the span is the one the strict scanner records.
 * @module
 */

/** Where the 64 signature characters start (the MAC covers the whole body with them read as `0`). */
export interface SignatureSpan {
  readonly start: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ZERO = 0x30;

function isWs(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** 64 lowercase hex digits at `at`, not all `0` (the unsigned placeholder). */
function isTag(bytes: Uint8Array, at: number): boolean {
  if (at + 64 > bytes.length) return false;
  let allZero = true;
  for (let i = at; i < at + 64; i++) {
    const b = bytes[i]!;
    if (!((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66))) return false;
    if (b !== ZERO) allZero = false;
  }
  return !allZero;
}

// Thrown inside a skim when it cannot settle the body; caught at the entry points.
const UNSURE = Symbol('unsure');

/** Skims a JSON or CBOR body (by its first byte, as the verifier decides); null when it cannot settle it. */
export function skimSignature(bytes: Uint8Array, json: boolean, maxDepth: number): SignatureSpan | null {
  try {
    const start = json ? skimJson(bytes, maxDepth) : skimCbor(bytes, maxDepth);
    return start < 0 ? null : { start };
  } catch (e) {
    if (e === UNSURE) return null;
    throw e;
  }
}

// ---- JSON -------------------------------------------------------------------------------------------

/** Index just past the string whose opening quote is at `i`. */
function jsonStringEnd(b: Uint8Array, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = b.indexOf(QUOTE, j);
    if (q === -1) throw UNSURE;
    let slashes = 0;
    for (let k = q - 1; k > i && b[k] === BACKSLASH; k--) slashes++;
    if ((slashes & 1) === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just past the value starting at `i` (which is not whitespace). */
function jsonValueEnd(b: Uint8Array, i: number, maxDepth: number): number {
  const c = b[i];
  if (c === QUOTE) return jsonStringEnd(b, i);
  if (c === 0x7b || c === 0x5b) {
    // Step over a container by its nesting depth (1 for the container itself, counted from the root's 1).
    let depth = 0;
    let j = i;
    const n = b.length;
    while (j < n) {
      const x = b[j]!;
      if (x === QUOTE) {
        j = jsonStringEnd(b, j);
        continue;
      }
      if (x === 0x7b || x === 0x5b) {
        if (++depth + 1 > maxDepth) throw UNSURE;
      } else if (x === 0x7d || x === 0x5d) {
        if (--depth === 0) return j + 1;
      }
      j++;
    }
    throw UNSURE;
  }
  // A scalar (number, true, false, null): up to the next delimiter.
  let j = i;
  while (j < b.length) {
    const x = b[j]!;
    if (x === 0x2c || x === 0x7d || x === 0x5d || isWs(x)) break;
    j++;
  }
  if (j === i) throw UNSURE;
  return j;
}

function skipJsonWs(b: Uint8Array, i: number): number {
  while (isWs(b[i])) i++;
  return i;
}

const SIGNATURE_NAME = /* @__PURE__ */ new TextEncoder().encode('"signature"');

/** True when the member name in [a, b) (quotes included) is `signature`, escapes decoded. */
function isSignatureName(b: Uint8Array, a: number, end: number): boolean {
  if (end - a === SIGNATURE_NAME.length) {
    let same = true;
    for (let k = 0; k < SIGNATURE_NAME.length; k++) if (b[a + k] !== SIGNATURE_NAME[k]) same = false;
    if (same) return true;
  }
  const slash = b.indexOf(BACKSLASH, a);
  if (slash === -1 || slash >= end) return false;
  // An escaped name (`"sign\u0061ture"`): decode it as the strict scanner would.
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(a, end))) === 'signature';
  } catch {
    throw UNSURE;
  }
}

function skimJson(b: Uint8Array, maxDepth: number): number {
  let i = skipJsonWs(b, 0);
  if (b[i] !== 0x7b) return -1;
  i = skipJsonWs(b, i + 1);
  let found = -1;
  let seen = false;
  if (b[i] !== 0x7d) {
    for (;;) {
      if (b[i] !== QUOTE) return -1;
      const nameEnd = jsonStringEnd(b, i);
      const isSig = isSignatureName(b, i, nameEnd);
      i = skipJsonWs(b, nameEnd);
      if (b[i] !== 0x3a) return -1;
      i = skipJsonWs(b, i + 1);
      if (i >= b.length) return -1;
      const valueEnd = jsonValueEnd(b, i, maxDepth);
      if (isSig) {
        if (seen) return -1; // a second signature member: the strict scanner refuses it
        seen = true;
        found = valueEnd - i === 66 && b[i] === QUOTE && isTag(b, i + 1) ? i + 1 : -1;
      }
      i = skipJsonWs(b, valueEnd);
      if (b[i] === 0x2c) {
        i = skipJsonWs(b, i + 1);
        continue;
      }
      if (b[i] === 0x7d) break;
      return -1;
    }
  }
  // Nothing but whitespace may follow the root object.
  if (skipJsonWs(b, i + 1) !== b.length) return -1;
  return found;
}

// ---- CBOR -------------------------------------------------------------------------------------------

/** Reads a head's argument (RFC 8949 §3); -1 for an indefinite length (ai 31). */
function cborArgument(b: Uint8Array, pos: { i: number }): number {
  const ib = b[pos.i++];
  if (ib === undefined) throw UNSURE;
  const ai = ib & 0x1f;
  if (ai < 24) return ai;
  if (ai === 31) return -1;
  const size = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : 0;
  if (size === 0 || pos.i + size > b.length) throw UNSURE;
  let v = 0;
  for (let k = 0; k < size; k++) v = v * 256 + b[pos.i++]!;
  return v;
}

/** Index just past the data item at `i`, iteratively (no recursion, depth bounded by `maxDepth`). */
function cborItemEnd(b: Uint8Array, i: number, depth: number, maxDepth: number): number {
  const pos = { i };
  // Items still to read in each open container; -1: indefinite (until a break byte 0xff).
  const open: number[] = [1];
  while (open.length > 0) {
    const top = open.length - 1;
    if (open[top] === 0) {
      open.pop();
      continue;
    }
    const ib = b[pos.i];
    if (ib === undefined) throw UNSURE;
    if (ib === 0xff) {
      if (open[top] !== -1) throw UNSURE;
      pos.i++;
      open.pop();
      continue;
    }
    if (open[top]! > 0) open[top]!--;
    const major = ib >> 5;
    const arg = cborArgument(b, pos);
    switch (major) {
      case 0:
      case 1:
        if (arg === -1) throw UNSURE;
        break;
      case 2:
      case 3:
        if (arg === -1) {
          // Chunks of the same major type, each definite, until a break.
          for (;;) {
            if (b[pos.i] === 0xff) {
              pos.i++;
              break;
            }
            if (b[pos.i] === undefined || b[pos.i]! >> 5 !== major) throw UNSURE;
            const len = cborArgument(b, pos);
            if (len < 0 || pos.i + len > b.length) throw UNSURE;
            pos.i += len;
          }
        } else {
          if (pos.i + arg > b.length) throw UNSURE;
          pos.i += arg;
        }
        break;
      case 4:
      case 5:
        if (depth + open.length > maxDepth) throw UNSURE;
        if (arg === -1) open.push(-1);
        else {
          const items = major === 5 ? arg * 2 : arg;
          if (items > b.length - pos.i) throw UNSURE; // each item takes at least one byte
          open.push(items);
        }
        break;
      case 6:
        if (arg === -1) throw UNSURE;
        open.push(1); // the tagged item
        break;
      default: // 7: simple values and floats; the argument already stepped over their bytes
        if (arg === -1) throw UNSURE;
    }
  }
  return pos.i;
}

function skimCbor(b: Uint8Array, maxDepth: number): number {
  const ib = b[0];
  if (ib === undefined || ib >> 5 !== 5) return -1;
  const pos = { i: 0 };
  let members = cborArgument(b, pos); // -1: indefinite map
  let found = -1;
  let seen = false;
  while (members !== 0) {
    if (members === -1 && b[pos.i] === 0xff) {
      pos.i++;
      break;
    }
    // A member name: only a definite text string can be `signature`; anything else is stepped over.
    const keyStart = pos.i;
    let isSig = false;
    if (b[keyStart] === 0x69) {
      // text string of length 9
      isSig = b[keyStart + 1] === 0x73 && new TextDecoder().decode(b.subarray(keyStart + 1, keyStart + 10)) === 'signature';
    }
    const keyEnd = cborItemEnd(b, keyStart, 1, maxDepth);
    const valueStart = keyEnd;
    const valueEnd = cborItemEnd(b, valueStart, 1, maxDepth);
    if (isSig) {
      if (seen) return -1; // duplicate: the strict scanner refuses it
      seen = true;
      found = valueEnd - valueStart === 66 && b[valueStart] === 0x78 && b[valueStart + 1] === 0x40 && isTag(b, valueStart + 2) ? valueStart + 2 : -1;
    }
    pos.i = valueEnd;
    if (members > 0) members--;
  }
  // Bytes after the map are a binary tail or an error: the strict path decides which; the MAC covers them.
  return found;
}
