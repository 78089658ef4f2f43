// The message header, for both encodings, written from a template: literal text (JSON) or literal
// bytes (CBOR heads and keys) with numbered holes for what varies. One small expander instead of two
// hand-unrolled writers keeps the module inside its size budget; the templates read like the output.
//
// Key order is Edge Impulse's: protected{ver, alg, iat?}, signature, payload{device_name?,
// device_type, interval_ms, sensors, values} (format.md §1, vectors V1/V2/D1).

import { fillBytes } from './bytes';
import { jsonString } from './json';
import { cborF64, cborHead, cborText } from './cbor';
import { writeF64, writeU64 } from './dtoa';
import { JSON_ENABLED } from './profile';
import { safeUintOf } from './integral';

// Holes (code units below 9 never occur in the literal parts of either template).
// @ts-ignore: decorator
@inline const H_PROTECTED_MAP: u32 = 1; // CBOR: a2, or a3 with iat
// @ts-ignore: decorator
@inline const H_IAT: u32 = 2;
// @ts-ignore: decorator
@inline const H_PLACEHOLDER: u32 = 3;
// @ts-ignore: decorator
@inline const H_PAYLOAD_MAP: u32 = 4; // CBOR: a4, or a5 with device_name
// @ts-ignore: decorator
@inline const H_DEVICE_NAME: u32 = 5;
// @ts-ignore: decorator
@inline const H_DEVICE_TYPE: u32 = 6;
// @ts-ignore: decorator
@inline const H_INTERVAL: u32 = 7;
// @ts-ignore: decorator
@inline const H_SENSORS: u32 = 8;

// Both templates are lazy: compiled only where used, so a CBOR-only profile leaves the JSON one out.
// @ts-ignore: decorator
@lazy const JSON_HEADER = '{"protected":{"ver":"v1","alg":"HS256"\x02},"signature":"\x03","payload":{\x05"device_type":\x06,"interval_ms":\x07,"sensors":[\x08],"values":[';

// RFC 8949: a3 = map(3), 6N = text(N), 78 40 = text(64) with a one-byte length (what Edge Impulse's
// reference verifier expects before the signature, format.md §2.2), 9f = indefinite-length array.
// @ts-ignore: decorator
@lazy const CBOR_HEADER = '\xa3\x69protected\x01\x63ver\x62v1\x63alg\x65HS256\x02\x69signature\x78\x40\x03\x67payload\x04\x05\x6bdevice_type\x06\x6binterval_ms\x07\x67sensors\x08\x66values\x9f';

// The header's inputs, set by writeHeader for the duration of one call.
let cbor = false;
let hasIat = false;
let iat: u64 = 0;
let hasName = false;
let intervalMs: f64 = 0;
let intervalAsFloat = false;
let nSensors: u32 = 0;
let lens: usize = 0;
let strings: usize = 0;
let start: usize = 0;
let sigAt: usize = 0;

/**
 * Writes the header at `dst` up to and including the opening of `values`; stores the placeholder's
 * offset from `dst` at `sigOffsetOut`. `lensTable` and `stringBytes` are the IN layout of docs/abi.md.
 */
export function writeHeader(
  dst: usize, isCbor: bool, withIat: bool, iatSeconds: u64, withName: bool, interval: f64, asFloat: bool,
  sensors: u32, lensTable: usize, stringBytes: usize, sigOffsetOut: usize,
): usize {
  cbor = isCbor;
  hasIat = withIat;
  iat = iatSeconds;
  hasName = withName;
  intervalMs = interval;
  intervalAsFloat = asFloat;
  nSensors = sensors;
  lens = lensTable;
  strings = stringBytes;
  start = dst;
  sigAt = sigOffsetOut;
  // JSON_ENABLED tests (here and below): a CBOR-only profile compiles no JSON code or text (profile.ts).
  return expand(dst, JSON_ENABLED ? (!isCbor ? JSON_HEADER : CBOR_HEADER) : CBOR_HEADER);
}

/** Copies the template's literal code units as bytes and fills its holes. */
function expand(dst: usize, template: string): usize {
  const src = changetype<usize>(template);
  const n = <usize>template.length;
  for (let i: usize = 0; i < n; i++) {
    const c = <u32>load<u16>(src + (i << 1));
    if (c < 9) dst = fill(dst, c);
    else store<u8>(dst++, <u8>c);
  }
  return dst;
}

/**
 * Copies a literal without holes. Holes use this, never `expand`, so nothing in the module recurses
 * (firmware builds can then drop wasm2c's call-depth counting).
 */
function literal(dst: usize, text: string): usize {
  const src = changetype<usize>(text);
  const n = <usize>text.length;
  for (let i: usize = 0; i < n; i++) store<u8>(dst + i, <u8>load<u16>(src + (i << 1)));
  return dst + n;
}

/** Byte length of header string `i` (0 device_name, 1 device_type, 2 + 2k sensor k's name, 3 + 2k its units). */
// @ts-ignore: decorator
@inline function stringLen(i: u32): usize {
  return <usize>load<u32>(lens + (<usize>i << 2));
}

/** Address of header string `i`: the strings are stored back to back in table order. */
function stringAt(i: u32): usize {
  let p = strings;
  for (let k: u32 = 0; k < i; k++) p += stringLen(k);
  return p;
}

/** Writes header string `i` as a JSON string or CBOR text. */
function str(dst: usize, i: u32): usize {
  return !JSON_ENABLED || cbor ? cborText(dst, stringAt(i), stringLen(i)) : jsonString(dst, stringAt(i), stringLen(i));
}

function fill(dst: usize, hole: u32): usize {
  switch (hole) {
    case H_PROTECTED_MAP: {
      store<u8>(dst, hasIat ? 0xa3 : 0xa2);
      return dst + 1;
    }
    case H_IAT: {
      if (!hasIat) return dst;
      if (!JSON_ENABLED || cbor) return cborHead(literal(dst, '\x63iat'), 0, iat);
      dst = literal(dst, ',"iat":');
      return dst + writeU64(dst, iat);
    }
    case H_PLACEHOLDER: {
      store<u32>(sigAt, <u32>(dst - start));
      fillBytes(dst, 0x30, 64); // 64 ASCII '0' (format.md §3 step 1)
      return dst + 64;
    }
    case H_PAYLOAD_MAP: {
      store<u8>(dst, hasName ? 0xa5 : 0xa4);
      return dst + 1;
    }
    case H_DEVICE_NAME: {
      if (!hasName) return dst;
      if (!JSON_ENABLED || cbor) return str(literal(dst, '\x6bdevice_name'), 0);
      return literal(str(literal(dst, '"device_name":'), 0), ',');
    }
    case H_DEVICE_TYPE:
      return str(dst, 1);
    case H_INTERVAL: {
      if (JSON_ENABLED && !cbor) return dst + writeF64(dst, intervalMs);
      // Integral → integer (vector V2), unless the C SDK style is asked for (always a float, vector V1).
      // Whole numbers below 2^53 only (safeUintOf: no float-to-int conversion, which could trap).
      const whole = intervalAsFloat ? -1 : safeUintOf(intervalMs);
      if (whole >= 0) return cborHead(dst, 0, <u64>whole);
      return cborF64(dst, intervalMs);
    }
    default: { // H_SENSORS
      if (cbor) dst = cborHead(dst, 0x80, <u64>nSensors);
      for (let k: u32 = 0; k < nSensors; k++) {
        const name = 2 + (k << 1);
        if (!JSON_ENABLED || cbor) {
          dst = str(literal(str(literal(dst, '\xa2\x64name'), name), '\x65units'), name + 1);
        } else {
          dst = literal(dst, k == 0 ? '{"name":' : ',{"name":');
          dst = literal(str(literal(str(dst, name), ',"units":'), name + 1), '}');
        }
      }
      return dst;
    }
  }
}
