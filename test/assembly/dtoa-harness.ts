// Test-only entry for assembly/dtoa.ts: each export formats one value into a static buffer and
// returns its length; the batch exports format many values in one call (newline-separated) so the
// test can compare hundreds of thousands of values quickly. Compiled by test/dtoa.test.ts.
import { writeF64, writeF32, writeU64, writeI32, writeU32, ryuPow5 } from '../../assembly/dtoa';

// @ts-ignore: decorator
@inline const BATCH = 1024;

// @ts-ignore: decorator
@lazy const BUF = memory.data(64);
// Batch input: BATCH f64 values or f32 bit patterns (u32).
// @ts-ignore: decorator
@lazy const IN = memory.data(BATCH * 8);
// Batch output: at most 25 bytes + newline per value.
// @ts-ignore: decorator
@lazy const OUT = memory.data(BATCH * 26);

export function bufPtr(): usize { return BUF; }
export function inPtr(): usize { return IN; }
export function outPtr(): usize { return OUT; }
export function batchCap(): i32 { return BATCH; }

export function f64ToStr(v: f64): usize { return writeF64(BUF, v); }
export function f32ToStr(bits: u32): usize { return writeF32(BUF, reinterpret<f32>(bits)); }
export function u64ToStr(v: u64): usize { return writeU64(BUF, v); }
export function i32ToStr(v: i32): usize { return writeI32(BUF, v); }
export function u32ToStr(v: u32): usize { return writeU32(BUF, v); }
export function pow5(i: u32, inv: bool): usize { ryuPow5(BUF, i, inv); return BUF; }

/** Formats IN[0..count) as f64 into OUT, each followed by '\n'; returns the bytes written. */
export function f64Batch(count: i32): usize {
  let p = OUT;
  for (let i = 0; i < count; i++) {
    p += writeF64(p, load<f64>(IN + (<usize>i << 3)));
    store<u8>(p++, 10);
  }
  return p - OUT;
}

/** Formats IN[0..count) as f32 bit patterns into OUT, each followed by '\n'; returns the bytes written. */
export function f32Batch(count: i32): usize {
  let p = OUT;
  for (let i = 0; i < count; i++) {
    p += writeF32(p, reinterpret<f32>(load<u32>(IN + (<usize>i << 2))));
    store<u8>(p++, 10);
  }
  return p - OUT;
}
