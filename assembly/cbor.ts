// The CBOR writer for data acquisition messages (RFC 8949): definite-length maps, arrays and text,
// `values` an indefinite-length array of definite rows (as Edge Impulse's C SDK streams it, format.md
// §2.2), floats in preferred serialization (§4.2.2: the shortest of half, single, double that keeps
// the value), integers as major types 0/1. Vectors V1 and V2 come out byte for byte.

import { copyBytes } from './bytes';
import { KIND_F32, KIND_F64, KIND_I16, KIND_I32, KIND_I8, KIND_U16, KIND_U32 } from './abi-constants';

/** Worst-case bytes of one value (a double: f b + 8). */
export const CBOR_VALUE_MAX: usize = 9;

/** Writes a major type `major` (0..7, already shifted into the top 3 bits) head with argument `v` (§3). */
export function cborHead(dst: usize, major: u32, v: u64): usize {
  if (v < 24) {
    store<u8>(dst, <u8>(major | <u32>v));
    return dst + 1;
  }
  if (v < 0x100) {
    store<u8>(dst, <u8>(major | 24));
    store<u8>(dst, <u8>v, 1);
    return dst + 2;
  }
  if (v < 0x10000) {
    store<u8>(dst, <u8>(major | 25));
    store<u16>(dst + 1, bswap<u16>(<u16>v));
    return dst + 3;
  }
  if (v < 0x100000000) {
    store<u8>(dst, <u8>(major | 26));
    store<u32>(dst + 1, bswap<u32>(<u32>v));
    return dst + 5;
  }
  store<u8>(dst, <u8>(major | 27));
  store<u64>(dst + 1, bswap<u64>(v));
  return dst + 9;
}

// @ts-ignore: decorator
@inline const MAJOR_UINT: u32 = 0x00;
// @ts-ignore: decorator
@inline const MAJOR_NINT: u32 = 0x20;
// @ts-ignore: decorator
@inline const MAJOR_TEXT: u32 = 0x60;
// @ts-ignore: decorator
@inline const MAJOR_ARRAY: u32 = 0x80;

/** An integer as major type 0 (n ≥ 0) or 1 (−1 − n for n < 0). */
export function cborInt(dst: usize, n: i64): usize {
  return n >= 0 ? cborHead(dst, MAJOR_UINT, <u64>n) : cborHead(dst, MAJOR_NINT, <u64>(-1 - n));
}

/** A text string (major type 3) with the UTF-8 bytes at `src`. */
export function cborText(dst: usize, src: usize, len: usize): usize {
  dst = cborHead(dst, MAJOR_TEXT, <u64>len);
  copyBytes(dst, src, len);
  return dst + len;
}


/**
 * The IEEE 754 half-precision bits of `f` when the conversion is exact, else -1 (RFC 8949 §4.2.2).
 * Covers ±0, normal halves (exponent −14..15, low 13 mantissa bits zero) and subnormal halves
 * (multiples of 2^−24 below 2^−14). Callers pass finite values only.
 */
function halfBits(f: f32): i32 {
  const bits = reinterpret<u32>(f);
  const sign = (bits >>> 16) & 0x8000;
  const exp = <i32>((bits >>> 23) & 0xff);
  const mant = bits & 0x7fffff;
  if (exp == 0) return mant == 0 ? <i32>sign : -1; // ±0; float32 subnormals are far below half's range
  const e = exp - 127;
  if (e >= -14 && e <= 15) {
    return (mant & 0x1fff) == 0 ? <i32>(sign | (<u32>(e + 15) << 10) | (mant >>> 13)) : -1;
  }
  if (e >= -24 && e < -14) {
    const full = mant | 0x800000;
    const shift = <u32>(-(e + 1)); // value = full·2^(e−23) = m·2^−24 with m = full·2^(e+1)
    return (full & ((1 << shift) - 1)) == 0 ? <i32>(sign | (full >>> shift)) : -1;
  }
  return -1;
}

/** A float32 in preferred serialization: half when exact, else single. */
export function cborF32(dst: usize, f: f32): usize {
  const h = halfBits(f);
  if (h >= 0) {
    store<u8>(dst, 0xf9);
    store<u16>(dst + 1, bswap<u16>(<u16>h));
    return dst + 3;
  }
  store<u8>(dst, 0xfa);
  store<u32>(dst + 1, bswap<u32>(reinterpret<u32>(f)));
  return dst + 5;
}

/**
 * The IEEE 754 single-precision bits of `v` when converting it to single is exact, else -1: exactly
 * when `<f64><f32>v == v`. Covers ±0, ±infinity, normal singles (exponent −126..127, low 29 of the 52
 * mantissa bits zero) and subnormal singles (multiples of 2^−149 below 2^−126); NaN gives -1 (NaN is
 * never equal to itself). Read from the bits: the float conversions and compare would link soft-float
 * routines (~1.2 KB on a Cortex-M0) into firmware builds, for a value the header writes once.
 */
function singleBits(v: f64): i64 {
  const bits = reinterpret<u64>(v);
  const sign = (bits >> 32) & 0x80000000;
  const exp = <i32>((bits >> 52) & 0x7ff);
  const mant = bits & 0xfffffffffffff;
  if (exp == 0x7ff) return mant == 0 ? <i64>(sign | 0x7f800000) : -1; // ±infinity; NaN
  if (exp == 0) return mant == 0 ? <i64>sign : -1; // ±0; double subnormals are far below single's range
  const e = exp - 1023;
  if (e >= -126 && e <= 127) {
    return (mant & 0x1fffffff) == 0 ? <i64>(sign | (<u64>(e + 127) << 23) | (mant >> 29)) : -1;
  }
  if (e >= -149 && e < -126) {
    const full = mant | 0x10000000000000; // value = full·2^(e−52) = m·2^−149 with m = full·2^(e+97)
    const shift = <u64>(-97 - e); // 30..52
    return (full & ((<u64>1 << shift) - 1)) == 0 ? <i64>(sign | (full >> shift)) : -1;
  }
  return -1;
}

/** A double in preferred serialization: half or single when exact, else double. */
export function cborF64(dst: usize, v: f64): usize {
  const single = singleBits(v); // −0 keeps its sign bit
  if (single >= 0) return cborF32(dst, reinterpret<f32>(<u32>single));
  store<u8>(dst, 0xfb);
  store<u64>(dst + 1, bswap<u64>(reinterpret<u64>(v)));
  return dst + 9;
}

/** Writes the head of a row of `n` values (a definite array). */
// @ts-ignore: decorator
@inline export function cborRowHead(dst: usize, n: u32): usize {
  return cborHead(dst, MAJOR_ARRAY, <u64>n);
}

/** Writes one value of `kind` (docs/abi.md) read at `src`. */
// @ts-ignore: decorator
@inline export function cborValue(dst: usize, kind: u32, src: usize): usize {
  switch (kind) {
    case KIND_F64: return cborF64(dst, load<f64>(src));
    case KIND_F32: return cborF32(dst, load<f32>(src));
    case KIND_I32: return cborInt(dst, <i64>load<i32>(src));
    case KIND_U32: return cborHead(dst, MAJOR_UINT, <u64>load<u32>(src));
    case KIND_I16: return cborInt(dst, <i64>load<i16>(src));
    case KIND_U16: return cborHead(dst, MAJOR_UINT, <u64>load<u16>(src));
    case KIND_I8: return cborInt(dst, <i64>load<i8>(src));
    default: return cborHead(dst, MAJOR_UINT, <u64>load<u8>(src)); // KIND_U8
  }
}
