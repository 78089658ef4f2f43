// The JSON writer for data acquisition messages: compact, keys in the order Edge Impulse's producers
// write them (format.md §1), strings escaped as JSON.stringify escapes them (RFC 8259 §7), numbers as
// ECMAScript's Number::toString writes them, so a number[][] signs to the bytes JSON.stringify gives.

import { writeF32, writeF64, writeI32, writeU32 } from './dtoa';
import { KIND_F32, KIND_F64, KIND_I16, KIND_I32, KIND_I8, KIND_U16, KIND_U32 } from './abi-constants';

/** Worst-case bytes of one value, separator included ("-1.2345678901234567e-308" is 24). */
export const JSON_VALUE_MAX: usize = 26;

/**
 * Writes the UTF-8 bytes at `src` as a JSON string with quotes. Only `"`, `\` and the C0 controls are
 * escaped, with the short forms where JSON has them and lowercase `\u00xx` otherwise — exactly what
 * JSON.stringify produces for a well-formed string (the host has already refused lone surrogates).
 */
export function jsonString(dst: usize, src: usize, len: usize): usize {
  store<u8>(dst++, 0x22);
  for (let end = src + len; src < end; src++) {
    const b = <u32>load<u8>(src);
    if (b >= 0x20 && b != 0x22 && b != 0x5c) {
      store<u8>(dst++, <u8>b);
      continue;
    }
    store<u8>(dst++, 0x5c);
    let short: u32 = 0;
    if (b == 0x22) short = 0x22;
    else if (b == 0x5c) short = 0x5c;
    else if (b == 0x08) short = 0x62; // \b
    else if (b == 0x09) short = 0x74; // \t
    else if (b == 0x0a) short = 0x6e; // \n
    else if (b == 0x0c) short = 0x66; // \f
    else if (b == 0x0d) short = 0x72; // \r
    if (short != 0) {
      store<u8>(dst++, <u8>short);
    } else {
      store<u8>(dst++, 0x75); // u
      store<u8>(dst++, 0x30);
      store<u8>(dst++, 0x30);
      store<u8>(dst++, <u8>(0x30 + (b >> 4)));
      const lo = b & 15;
      store<u8>(dst++, <u8>(lo < 10 ? 0x30 + lo : 0x57 + lo));
    }
  }
  store<u8>(dst++, 0x22);
  return dst;
}

/** Worst case of jsonString: every byte becomes six (`\u00xx`), plus the quotes. */
// @ts-ignore: decorator
@inline export function jsonStringMax(len: usize): usize {
  return len * 6 + 2;
}

/** Writes one value of `kind` (docs/abi.md) read at `src`. */
// @ts-ignore: decorator
@inline export function jsonValue(dst: usize, kind: u32, src: usize): usize {
  switch (kind) {
    case KIND_F64: return dst + writeF64(dst, load<f64>(src));
    case KIND_F32: return dst + writeF32(dst, load<f32>(src));
    case KIND_I32: return dst + writeI32(dst, load<i32>(src));
    case KIND_U32: return dst + writeU32(dst, load<u32>(src));
    case KIND_I16: return dst + writeI32(dst, <i32>load<i16>(src));
    case KIND_U16: return dst + writeU32(dst, <u32>load<u16>(src));
    case KIND_I8: return dst + writeI32(dst, <i32>load<i8>(src));
    default: return dst + writeU32(dst, <u32>load<u8>(src)); // KIND_U8
  }
}

