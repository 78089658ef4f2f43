/**
 * A strict, iterative CBOR (RFC 8949) reader for data acquisition messages that records the byte span
 * of every top-level map member, so the verifier can check the `signature` header (`78 40`) and zero
 * the 64 hex characters exactly where they were parsed.
 *
 * Accepted: unsigned/negative integers (any head length), definite byte and text strings (text must be
 * well-formed UTF-8), definite arrays and maps, half/single/double floats, `false`/`true`/`null`, and an
 * indefinite-length array **only** for `payload.values` (the Edge Impulse C SDK streams rows into
 * `9f … ff`).
 *
 * Refused with `E_CBOR_PARSE` (and the offset): indefinite strings and maps, other indefinite arrays,
 * tags, `undefined` and other simple values, reserved additional-information values 28–30, a stray
 * break, map keys that are not text strings, and truncation. Duplicate map keys at any depth are
 * `E_DUPLICATE_KEY`, floats that are NaN or ±Infinity are `E_NON_FINITE`, nesting deeper than
 * `maxDepth` is `E_DEPTH`. Bytes after the top-level item are reported through `end`: the caller decides
 * whether they are a permitted binary tail or `E_TRAILING_BYTES`.
 * Integers beyond 2^53 become the nearest double (documented precision loss; the MAC covers raw bytes).
 * Arrays that start with numbers (rows of samples) are read in a tight loop into a reused list and
 * copied out at their exact length.
 * @module
 */

import { findInvalidUtf8, decodeUtf8 } from './utf8.js';
import {
  DEFAULT_MAX_DEPTH,
  ScanAbort,
  scanFailure,
  pathOf,
  setMember,
  type MemberSpan,
  type ScanResult,
} from './scan-types.js';
import { openFrame, rowScratch, type ContainerFrame } from './scan-frames.js';

interface Frame extends ContainerFrame {
  expectKey: boolean;
  /** Items (arrays) or pairs (maps) still to read; -1 for an indefinite array. */
  remaining: number;
}

function newFrame(): Frame {
  return { isMap: false, key: '', keyStart: -1, expectKey: false, remaining: 0, keys: new Set(), value: [] };
}

/** IEEE 754 binary16 → double (RFC 8949 Appendix D). */
export function decodeHalf(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  let v: number;
  if (exp === 0) v = mant * 2 ** -24;
  else if (exp !== 31) v = (mant + 1024) * 2 ** (exp - 25);
  else v = mant === 0 ? Infinity : NaN;
  return h & 0x8000 ? -v : v;
}

/** Parses the first CBOR data item of `bytes`. Never throws for bad input. */
export function scanCbor(bytes: Uint8Array, maxDepth: number = DEFAULT_MAX_DEPTH): ScanResult {
  try {
    return new CborScanner(bytes, maxDepth).scan();
  } catch (e) {
    return scanFailure(e);
  }
}

const NUMBER = 1;
const NOT_A_NUMBER = 0;
const NON_FINITE = 2;

// A class rather than closures: V8 optimizes its methods once, not once per call.
class CborScanner {
  private readonly n: number;
  private readonly view: DataView;
  private pos = 0;
  private readonly stack: Frame[] = [];
  private readonly pool: Frame[] = [];
  private members: Map<string, MemberSpan> | null = null;
  private memberValueStart = -1;
  /** The argument of the last head read (-1: indefinite). */
  private arg = 0;
  /** The last number read by `readNumberItem` (a field: no boxed double per number). */
  private num = 0.5;
  private readonly scratch = rowScratch();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxDepth: number,
  ) {
    this.n = bytes.length;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private fail(message: string, at: number): never {
    throw new ScanAbort('E_CBOR_PARSE', `${message} at byte ${at}`, at, pathOf(this.stack));
  }

  private need(start: number, count: number): void {
    if (count > this.n - start) this.fail('truncated CBOR item', start);
  }

  /** Reads the head at `pos`: sets `arg` and returns the offset after the head (`pos` unchanged). */
  private head(): number {
    const pos = this.pos;
    const ai = this.bytes[pos]! & 0x1f;
    const p = pos + 1;
    if (ai < 24) {
      this.arg = ai;
      return p;
    }
    switch (ai) {
      case 24:
        this.need(p, 1);
        this.arg = this.bytes[p]!;
        return p + 1;
      case 25:
        this.need(p, 2);
        this.arg = this.view.getUint16(p);
        return p + 2;
      case 26:
        this.need(p, 4);
        this.arg = this.view.getUint32(p);
        return p + 4;
      case 27:
        this.need(p, 8);
        this.arg = this.view.getUint32(p) * 0x1_0000_0000 + this.view.getUint32(p + 4);
        return p + 8;
      case 31:
        this.arg = -1;
        return p;
      default:
        return this.fail(`reserved additional information ${ai}`, pos);
    }
  }

  /** An integer or float item at `pos` → `num`, `pos` advanced. Anything else: NOT_A_NUMBER, `pos` unchanged. */
  private readNumberItem(): number {
    const b = this.bytes[this.pos]!;
    const major = b >> 5;
    if (major === 0 || major === 1) {
      if ((b & 0x1f) === 31) return NOT_A_NUMBER; // malformed: the general path names it
      const p = this.head();
      this.num = major === 0 ? this.arg : -1 - this.arg;
      this.pos = p;
      return NUMBER;
    }
    let v: number;
    if (b === 0xfb) {
      this.need(this.pos + 1, 8);
      v = this.view.getFloat64(this.pos + 1);
      this.pos += 9;
    } else if (b === 0xfa) {
      this.need(this.pos + 1, 4);
      v = this.view.getFloat32(this.pos + 1);
      this.pos += 5;
    } else if (b === 0xf9) {
      this.need(this.pos + 1, 2);
      v = decodeHalf(this.view.getUint16(this.pos + 1));
      this.pos += 3;
    } else return NOT_A_NUMBER;
    this.num = v;
    if (v - v !== 0) {
      this.pos -= b === 0xfb ? 9 : b === 0xfa ? 5 : 3;
      return NON_FINITE;
    }
    return NUMBER;
  }

  private nonFinite(): never {
    throw new ScanAbort('E_NON_FINITE', `float at byte ${this.pos} is NaN or infinite`, this.pos, pathOf(this.stack));
  }

  /**
   * Reads the numbers at the start of the array `frame` (the hot path: rows of samples). Returns true
   * when the array ended; false when another kind of item follows (`pos` at it).
   */
  private readNumberItems(frame: Frame): boolean {
    const scratch = this.scratch;
    let count = 0;
    let remaining = frame.remaining;
    let closed = false;
    for (;;) {
      if (remaining === 0) {
        closed = true;
        break;
      }
      if (this.pos >= this.n) {
        frame.value = scratch.slice(0, count);
        this.fail('truncated CBOR item', this.pos);
      }
      if (remaining < 0 && this.bytes[this.pos] === 0xff) {
        this.pos++;
        closed = true;
        break;
      }
      const r = this.readNumberItem();
      if (r !== NUMBER) {
        frame.value = scratch.slice(0, count);
        if (r === NON_FINITE) this.nonFinite();
        break;
      }
      scratch[count++] = this.num;
      if (remaining > 0) remaining--;
    }
    frame.value = scratch.slice(0, count);
    frame.remaining = remaining;
    return closed;
  }

  private open(isMap: boolean, count: number): Frame {
    if (this.stack.length === 0 && isMap) this.members = new Map();
    const frame = openFrame(this.stack, this.pool, this.maxDepth, isMap, this.pos, newFrame);
    frame.expectKey = isMap;
    frame.remaining = count;
    return frame;
  }

  scan(): ScanResult {
    const bytes = this.bytes;
    const stack = this.stack;
    let value: unknown;
    for (;;) {
      if (this.pos >= this.n) this.fail('truncated CBOR item', this.pos);
      const top = stack[stack.length - 1];
      const pos = this.pos;
      const ib = bytes[pos]!;

      if (ib === 0xff) {
        if (top === undefined || top.remaining !== -1) this.fail('unexpected break (0xff)', pos);
        this.pos++;
        stack.pop();
        value = top!.value;
      } else {
        const major = ib >> 5;
        const ai = ib & 0x1f;
        if (top !== undefined && top.isMap && top.expectKey) {
          if (major !== 3) this.fail('map keys must be text strings', pos);
          top.keyStart = pos;
        } else if (stack.length === 1 && top!.isMap) this.memberValueStart = pos;

        const p = this.head();
        const arg = this.arg;
        switch (major) {
          case 0:
          case 1:
            if (arg < 0) this.fail('indefinite length is not valid for an integer', pos);
            value = major === 0 ? arg : -1 - arg;
            this.pos = p;
            break;
          case 2:
            if (arg < 0) this.fail('indefinite-length byte strings are not supported', pos);
            this.need(p, arg);
            value = bytes.slice(p, p + arg);
            this.pos = p + arg;
            break;
          case 3: {
            if (arg < 0) this.fail('indefinite-length text strings are not supported', pos);
            this.need(p, arg);
            const bad = findInvalidUtf8(bytes, p, p + arg);
            if (bad >= 0) throw new ScanAbort('E_INVALID_UTF8', `invalid UTF-8 at byte ${bad}`, bad, pathOf(stack));
            value = decodeUtf8(bytes, p, p + arg);
            this.pos = p + arg;
            break;
          }
          case 4:
          case 5: {
            const isMap = major === 5;
            if (arg < 0) {
              if (isMap) this.fail('indefinite-length maps are not supported', pos);
              const isValues = stack.length === 2 && stack[0]!.key === 'payload' && stack[1]!.isMap && stack[1]!.key === 'values';
              if (!isValues) this.fail('indefinite-length arrays are accepted only for payload.values', pos);
            } else if (arg > this.n - p || (isMap && arg * 2 > this.n - p)) this.fail('truncated CBOR item', pos);
            const frame = this.open(isMap, arg);
            this.pos = p;
            if (arg === 0) {
              stack.pop();
              value = frame.value;
              break;
            }
            if (isMap || !this.readNumberItems(frame)) continue;
            stack.pop();
            value = frame.value;
            break;
          }
          case 6:
            this.fail('CBOR tags are not allowed', pos);
            break;
          default: {
            // major 7
            if (ai === 20) value = false;
            else if (ai === 21) value = true;
            else if (ai === 22) value = null;
            else if (ai === 25 || ai === 26 || ai === 27) {
              if (this.readNumberItem() !== NUMBER) this.nonFinite();
              value = this.num;
              break;
            } else if (ai === 23) this.fail('undefined is not allowed', pos);
            else this.fail(`simple value ${ai < 24 ? ai : arg} is not allowed`, pos);
            this.pos = p;
          }
        }
      }

      // ---- a value is complete (it ends at `pos`): attach it
      for (;;) {
        const t = stack[stack.length - 1];
        if (t === undefined) return { ok: true, value, members: this.members, end: this.pos };
        if (t.isMap) {
          if (t.expectKey) {
            const key = value as string;
            if (t.keys.has(key)) {
              t.key = '';
              throw new ScanAbort('E_DUPLICATE_KEY', `duplicate map key ${JSON.stringify(key)} at byte ${t.keyStart}`, t.keyStart, pathOf(stack, key));
            }
            t.keys.add(key);
            t.key = key;
            t.expectKey = false;
            break;
          }
          setMember(t.value as Record<string, unknown>, t.key, value);
          if (stack.length === 1) this.members!.set(t.key, { keyStart: t.keyStart, valueStart: this.memberValueStart, valueEnd: this.pos });
          t.expectKey = true;
          if (--t.remaining !== 0) break;
          stack.pop();
          value = t.value;
        } else {
          (t.value as unknown[]).push(value);
          if (t.remaining < 0 || --t.remaining !== 0) break;
          stack.pop();
          value = t.value;
        }
      }
    }
  }
}
