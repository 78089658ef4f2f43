// Integral doubles read from their IEEE 754 bits instead of with floating-point instructions. The
// header checks `iat` and `interval_ms` once per message; written with Math.floor and a float-to-u64
// conversion, wasm2c turns them into libm's floor (which adds doubles) and libgcc's __aeabi_d2ulz
// (which multiplies and subtracts them): on a core without an FPU that links ~1.5 KB (Cortex-M3) to
// ~5 KB (Cortex-M0) of software floating point for two checks. Integer operations link nothing.

// @ts-ignore: decorator
@inline const MANTISSA_BITS: u64 = 52;
// @ts-ignore: decorator
@inline const EXPONENT_BIAS: i32 = 1023;

/**
 * `x` as an integer if it is a whole number in [0, 2^53) (−0 counts as 0), else −1: exactly what
 * `x >= 0 && x < 2^53 && Math.floor(x) == x ? <u64>x : -1` gives, NaN and infinities included.
 */
export function safeUintOf(x: f64): i64 {
  const bits = reinterpret<u64>(x);
  if ((bits << 1) == 0) return 0; // +0 or −0
  if ((bits >> 63) != 0) return -1; // negative (NaN with the sign bit set too)
  const exponent = <i32>(bits >> MANTISSA_BITS) - EXPONENT_BIAS; // unbiased; NaN/inf: 1024
  if (exponent < 0 || exponent >= <i32>MANTISSA_BITS + 1) return -1; // below 1, or 2^53 and above
  const mantissa = (bits & ((<u64>1 << MANTISSA_BITS) - 1)) | (<u64>1 << MANTISSA_BITS);
  const fractionBits = MANTISSA_BITS - <u64>exponent; // 0..52 bits below the binary point
  if ((mantissa & ((<u64>1 << fractionBits) - 1)) != 0) return -1; // not a whole number
  return <i64>(mantissa >> fractionBits);
}

/**
 * `x >= 0 && x < Infinity` from the bits: true for ±0 and positive finite numbers; false for negative
 * numbers, +infinity and NaN (a comparison with NaN is false). No double compare is linked.
 */
export function isNonNegativeFinite(x: f64): bool {
  const bits = reinterpret<u64>(x);
  return (bits << 1) == 0 || (bits >> 52) < 0x7ff; // −0, or sign 0 with an exponent below all-ones
}
