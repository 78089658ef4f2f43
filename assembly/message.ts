// Writing and signing one data acquisition message (docs/abi.md, "Writing and signing"): the header
// with the 64 '0' placeholder, rows of values, the end; every byte goes through the HMAC as it leaves
// the OUT window, and the lowercase hex tag is patched over the placeholder (format.md §3). All
// progress lives in the context (layout.ts), so messages can be interleaved and streamed.

import { COLS, DIGEST, EMITTED, FLAGS, IN, IN_CAP, OUT, OUT_CAP, OUT_POS, PHASE, ROWS, SIG_POS } from './layout';
import { copyBytes } from './bytes';
import { digestToHex, hashAbsorb } from './sha256';
import { hmacFinal, hmacRestart } from './hmac';
import { JSON_VALUE_MAX, jsonString, jsonStringMax, jsonValue } from './json';
import { CBOR_VALUE_MAX, cborRowHead, cborText, cborValue } from './cbor';
import { writeHeader } from './header';
import { JSON_ENABLED } from './profile';
import { isNonNegativeFinite, safeUintOf } from './integral';
import {
  DIGEST_BYTES, DIGEST_HEX_BYTES, FLAG_CBOR, FLAG_DEVICE_NAME, FLAG_IAT, FLAG_INTERVAL_FLOAT, FLAGS_ALL, KIND_MAX, MAX_SENSORS, STATUS_ARG,
  STATUS_FULL, kindBytes,
} from './abi-constants';

// @ts-ignore: decorator
@inline const PHASE_IDLE: u32 = 0;
// @ts-ignore: decorator
@inline const PHASE_VALUES: u32 = 1;
// @ts-ignore: decorator
@inline const PHASE_CLOSED: u32 = 2;

// @ts-ignore: decorator
@inline function isCbor(): bool { return (load<u32>(FLAGS) & FLAG_CBOR) != 0; }

export function msgBegin(flags: u32, iat: f64, intervalMs: f64, nSensors: u32): i32 {
  const hasIat = (flags & FLAG_IAT) != 0;
  if (nSensors == 0 || nSensors > MAX_SENSORS || (flags & ~FLAGS_ALL) != 0) return STATUS_ARG;
  if (!JSON_ENABLED && (flags & FLAG_CBOR) == 0) return STATUS_ARG; // a CBOR-only profile (profile.ts)
  const iatInt = hasIat ? safeUintOf(iat) : 0; // a whole number of seconds below 2^53
  if (iatInt < 0) return STATUS_ARG;
  if (!isNonNegativeFinite(intervalMs)) return STATUS_ARG; // from the bits: no soft-float compare on an MCU
  const nStrings: usize = 2 + (<usize>nSensors << 1);
  const strings = IN + (nStrings << 2);
  if (strings > IN + IN_CAP) return STATUS_ARG;
  // Bound the header before writing it: fixed text plus the worst case of every string.
  let worst: usize = 400 + <usize>nSensors * 48;
  let total: usize = 0;
  for (let i: usize = 0; i < nStrings; i++) {
    const len = <usize>load<u32>(IN + (i << 2));
    if (len > IN_CAP) return STATUS_ARG;
    total += len;
    // CBOR text is the bytes behind a head of at most 9 (RFC 8949 §3.1); JSON may escape each byte.
    worst += ((flags & FLAG_CBOR) != 0 ? len : jsonStringMax(len)) + 9;
  }
  if (strings + total > IN + IN_CAP) return STATUS_ARG;
  if (worst > OUT_CAP) return STATUS_FULL;

  hmacRestart();
  const hasName = (flags & FLAG_DEVICE_NAME) != 0;
  const end = writeHeader(OUT, (flags & FLAG_CBOR) != 0, hasIat, <u64>iatInt, hasName, intervalMs,
    (flags & FLAG_INTERVAL_FLOAT) != 0, nSensors, IN, strings, SIG_POS);
  const pos = <u32>(end - OUT);
  store<u32>(OUT_POS, pos);
  store<u64>(EMITTED, 0);
  store<u32>(FLAGS, flags);
  store<u32>(COLS, nSensors);
  store<u32>(ROWS, 0);
  store<u32>(PHASE, PHASE_VALUES);
  return <i32>pos;
}

/**
 * Encodes IN elements [first, first + count) of `kind` as rows of COLS values (flat when COLS is 1,
 * as Edge Impulse writes a single sensor). Stops early, at a row boundary, when OUT cannot hold
 * another row; returns the number of values consumed.
 */
export function msgValues(kind: u32, first: u32, count: u32): i32 {
  const cols = load<u32>(COLS);
  if (load<u32>(PHASE) != PHASE_VALUES || kind > KIND_MAX || count % cols != 0) return STATUS_ARG;
  const size = kindBytes(kind);
  // first + count ≤ 2·IN_CAP, times 8 stays far below 2^32: 32-bit arithmetic, no 64-bit multiply.
  if (first > <u32>IN_CAP || count > <u32>IN_CAP || (first + count) * <u32>size > <u32>IN_CAP) return STATUS_ARG;
  const cbor = isCbor();
  const rowMax = <usize>cols * (cbor ? CBOR_VALUE_MAX : JSON_VALUE_MAX) + 4;
  let pos = <usize>load<u32>(OUT_POS);
  let rows = load<u32>(ROWS);
  let src = IN + <usize>first * size;
  let done: u32 = 0;
  let dst = OUT + pos;
  const limit = OUT + OUT_CAP - rowMax;
  while (done < count && dst <= limit) {
    // `!JSON_ENABLED ||`: a CBOR-only profile compiles no JSON code (profile.ts).
    if (!JSON_ENABLED || cbor) {
      if (cols > 1) dst = cborRowHead(dst, cols);
      for (let c: u32 = 0; c < cols; c++) {
        dst = cborValue(dst, kind, src);
        src += size;
      }
    } else if (cols == 1) {
      if (rows != 0) store<u8>(dst++, 0x2c); // ,
      dst = jsonValue(dst, kind, src);
      src += size;
    } else {
      store<u8>(dst, 0x2c); // ,
      store<u8>(dst + (rows != 0 ? 1 : 0), 0x5b); // [
      dst += rows != 0 ? 2 : 1;
      dst = jsonValue(dst, kind, src);
      src += size;
      for (let c: u32 = 1; c < cols; c++) {
        store<u8>(dst++, 0x2c);
        dst = jsonValue(dst, kind, src);
        src += size;
      }
      store<u8>(dst++, 0x5d); // ]
    }
    rows++;
    done += cols;
  }
  store<u32>(OUT_POS, <u32>(dst - OUT));
  store<u32>(ROWS, rows);
  return <i32>done;
}

/** Appends IN[0, len) as one string element of `values` (binary references, format.md §2.3–2.4). */
export function msgString(len: u32): i32 {
  if (load<u32>(PHASE) != PHASE_VALUES || <usize>len > IN_CAP) return STATUS_ARG;
  const pos = <usize>load<u32>(OUT_POS);
  if (pos + jsonStringMax(len) + 9 > OUT_CAP) return STATUS_FULL;
  let dst = OUT + pos;
  const rows = load<u32>(ROWS);
  if (!JSON_ENABLED || isCbor()) {
    dst = cborText(dst, IN, len);
  } else {
    if (rows != 0) store<u8>(dst++, 0x2c);
    dst = jsonString(dst, IN, len);
  }
  store<u32>(OUT_POS, <u32>(dst - OUT));
  store<u32>(ROWS, rows + 1);
  return 0;
}

/** Absorbs the pending OUT bytes into the HMAC and hands them to the host; OUT restarts at 0. */
export function msgDrain(): u32 {
  const pos = load<u32>(OUT_POS);
  hashAbsorb(OUT, <usize>pos);
  store<u64>(EMITTED, load<u64>(EMITTED) + <u64>pos);
  store<u32>(OUT_POS, 0);
  return pos;
}

/** Ends `values` and the document: `]}}` in JSON, the indefinite array's break `ff` in CBOR. */
export function msgClose(): i32 {
  if (load<u32>(PHASE) != PHASE_VALUES) return STATUS_ARG;
  const pos = <usize>load<u32>(OUT_POS);
  if (pos + 3 > OUT_CAP) return STATUS_FULL;
  let dst = OUT + pos;
  if (!JSON_ENABLED || isCbor()) {
    store<u8>(dst++, 0xff);
  } else {
    store<u8>(dst++, 0x5d);
    store<u8>(dst++, 0x7d);
    store<u8>(dst++, 0x7d);
  }
  store<u32>(OUT_POS, <u32>(dst - OUT));
  store<u32>(PHASE, PHASE_CLOSED);
  return <i32>(dst - OUT);
}

/**
 * Absorbs what is left in OUT, finishes the HMAC, writes the tag and its hex to DIGEST, and patches the
 * hex over the placeholder if the placeholder has not been drained yet. Returns the bytes left in OUT
 * (the end of the message), which the host copies out; the context is then idle. STATUS_ARG when no
 * message is closed.
 */
export function msgFinish(): i32 {
  if (load<u32>(PHASE) != PHASE_CLOSED) return STATUS_ARG;
  const pos = load<u32>(OUT_POS);
  hashAbsorb(OUT, <usize>pos);
  hmacFinal();
  digestToHex();
  const emitted = load<u64>(EMITTED);
  const sig = <u64>load<u32>(SIG_POS);
  if (sig >= emitted) copyBytes(OUT + <usize>(sig - emitted), DIGEST + DIGEST_BYTES, DIGEST_HEX_BYTES);
  store<u32>(OUT_POS, 0);
  store<u32>(PHASE, PHASE_IDLE);
  return <i32>pos;
}

/** Offset of the signature placeholder from the start of the current message. */
export function sigOffset(): u32 {
  return load<u32>(SIG_POS);
}
