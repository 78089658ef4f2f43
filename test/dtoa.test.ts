// Number formatting of the core (assembly/dtoa.ts) against JavaScript itself.
//
// The harness (test/assembly/dtoa-harness.ts) is compiled here, in memory, with asc's API and the
// core's own flags (MVP only, stub runtime, one fixed page), so the code under test is the code that
// ships. Doubles are compared with String(x) (ECMA-262 §6.1.6.1.20, what JSON.stringify prints).
// Float32 values have no JS formatter, so an exact BigInt oracle computes the shortest decimal that
// reads back to the same float32 (closest, ties to even), and String(Number(thatDecimal)) lays it out.
// Random inputs come from a seeded generator: a failure prints the seed and the values.
import { beforeAll, describe, expect, it } from 'vitest';
import asc from 'assemblyscript/asc';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { haveTool } from './helpers/shared.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The core's build flags (asconfig.json), minus its entry file. */
const FLAGS = [
  '--runtime', 'stub', '--noAssert', '--use', 'abort=',
  '--disable', 'bulk-memory,sign-extension,nontrapping-f2i,mutable-globals',
  '--initialMemory', '1', '--maximumMemory', '1', '-O3',
];

interface Harness {
  memory: WebAssembly.Memory;
  bufPtr(): number;
  inPtr(): number;
  outPtr(): number;
  batchCap(): number;
  f64ToStr(v: number): number;
  f32ToStr(bits: number): number;
  u64ToStr(v: bigint): number;
  i32ToStr(v: number): number;
  u32ToStr(v: number): number;
  pow5(i: number, inv: number): number;
  f64Batch(count: number): number;
  f32Batch(count: number): number;
}

/** Compiles the harness with asc's API; the binary never touches the disk. */
async function compileHarness(): Promise<Uint8Array<ArrayBuffer>> {
  const files: Record<string, Uint8Array | string> = {};
  let errors = '';
  const { error } = await asc.main(['test/assembly/dtoa-harness.ts', '--outFile', 'dtoa-harness.wasm', '--baseDir', root, ...FLAGS], {
    // The repository's asconfig.json names the real entry (assembly/abi.ts): keep it out of this build.
    readFile(name: string, baseDir: string) {
      if (path.basename(name) === 'asconfig.json') return null;
      try {
        return readFileSync(path.resolve(baseDir, name), 'utf8');
      } catch {
        return null;
      }
    },
    writeFile(name: string, contents: Uint8Array | string) {
      files[path.basename(name)] = contents;
    },
    stdout: { write: () => true } as never,
    stderr: { write: (s: string) => ((errors += s), true) } as never,
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${errors}`);
  const bin = files['dtoa-harness.wasm'];
  if (!(bin instanceof Uint8Array)) throw new Error(`asc wrote no binary\n${errors}`);
  return new Uint8Array(bin); // a copy backed by a plain ArrayBuffer
}

let wasm: Uint8Array<ArrayBuffer>;
let h: Harness;
let mem: Uint8Array;
const latin1 = new TextDecoder('latin1');

beforeAll(async () => {
  wasm = await compileHarness();
  h = new WebAssembly.Instance(new WebAssembly.Module(wasm), {}).exports as unknown as Harness;
  mem = new Uint8Array(h.memory.buffer); // one fixed page: never detached
});

const text = (ptr: number, len: number): string => latin1.decode(mem.subarray(ptr, ptr + len));
const f64Str = (v: number): string => text(h.bufPtr(), h.f64ToStr(v));

// Seeded PRNG (Weyl sequence + murmur3 finalizer), so failures are reproducible.
const SEED = 0x5eed_d70a;
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const f64Buf = new Float64Array(1);
const f64Words = new Uint32Array(f64Buf.buffer);
const f64Bits = new BigUint64Array(f64Buf.buffer);
const f32Buf = new Float32Array(1);
const f32Word = new Uint32Array(f32Buf.buffer);
const f64FromWords = (lo: number, hi: number): number => ((f64Words[0] = lo), (f64Words[1] = hi), f64Buf[0]!);
const f32FromBits = (bits: number): number => ((f32Word[0] = bits), f32Buf[0]!);
const f32Bits = (x: number): number => ((f32Buf[0] = x), f32Word[0]!);
function nextUp64(x: number): number {
  if (x === 0) return 5e-324;
  f64Buf[0] = x;
  f64Bits[0] = x > 0 ? f64Bits[0]! + 1n : f64Bits[0]! - 1n;
  return f64Buf[0]!;
}
function nextDown64(x: number): number {
  return -nextUp64(-x);
}

/** Formats values with one batch call per 1024 and returns [value, got, want] for each mismatch. */
function compareBatch<T>(values: T[], kind: 'f64' | 'f32', store: (view: DataView, i: number, v: T) => void, want: (v: T) => string): Array<[T, string, string]> {
  const cap = h.batchCap();
  const view = new DataView(h.memory.buffer);
  const bad: Array<[T, string, string]> = [];
  for (let start = 0; start < values.length; start += cap) {
    const chunk = values.slice(start, start + cap);
    chunk.forEach((v, i) => store(view, i, v));
    const len = kind === 'f64' ? h.f64Batch(chunk.length) : h.f32Batch(chunk.length);
    const lines = text(h.outPtr(), len).split('\n');
    expect(lines.length).toBe(chunk.length + 1); // each value is followed by '\n'
    chunk.forEach((v, i) => {
      const w = want(v);
      if (lines[i] !== w && bad.length < 20) bad.push([v, lines[i]!, w]);
    });
  }
  return bad;
}

const compareF64 = (values: number[]): Array<[number, string, string]> =>
  compareBatch(values, 'f64', (view, i, v) => view.setFloat64(h.inPtr() + 8 * i, v, true), (v) => String(v));

// ---------------------------------------------------------------------------------------------------
// Float32 oracle, exact. A float32 is M × 2^E (integers), so it is D × 10^X exactly for integers D, X.
// For p = 1..9 the candidates are D cut to p digits (truncated) and one unit above it; the first p for
// which one of them lies in the float's rounding interval gives the shortest length, and the closer
// one wins (ties: even last digit). The interval test is exact rational arithmetic, not
// Math.fround(Number(s)), which rounds twice (decimal → f64 → f32).
//
// Why not simply Math.fround(x).toPrecision(p): toPrecision gives the closest p-digit decimal but
// breaks exact ties away from zero, and it never offers the other neighbour, which can be the only
// one inside the interval just above a power of two (the gap below is half the gap above).

const POW10N: bigint[] = [1n];
for (let i = 1; i <= 160; i++) POW10N.push(POW10N[i - 1]! * 10n);
const pow10n = (n: number): bigint => POW10N[n]!;

function f32Oracle(bits: number): string {
  const neg = bits >>> 31 === 1;
  const e = (bits >>> 23) & 0xff;
  const m = bits & 0x7fffff;
  if (e === 0 && m === 0) return '0';
  const M = BigInt(e === 0 ? m : m | 0x800000);
  const E = (e === 0 ? 1 : e) - 150;
  const powerOfTwo = m === 0 && e > 1;
  // Everything is scaled by S = 2^(2 − E) (when E < 2) so that the interval bounds are integers:
  // value = M·2^E, bounds = value − gapBelow/2 and value + 2^E/2, gapBelow = 2^E or 2^(E−1).
  const s2 = E < 2 ? 2 - E : 0;
  const v = M << BigInt(E + s2); // value × S
  const half = 1n << BigInt(E - 1 + s2); // 2^E/2 × S
  const lo = v - (powerOfTwo ? half / 2n : half);
  const hi = v + half;
  const inclusive = (M & 1n) === 0n;
  // Exact decimal digits of the value: D × 10^X.
  let D: bigint;
  let X: number;
  if (E >= 0) {
    D = M << BigInt(E);
    X = 0;
  } else {
    D = M * 5n ** BigInt(-E);
    X = E;
  }
  while (D % 10n === 0n) {
    D /= 10n;
    X++;
  }
  // Is c × 10^y inside [lo, hi] (scaled by S)?
  const inside = (c: bigint, y: number): boolean => {
    // c·10^y·S compared with lo, hi: multiply both sides by 10^(−y) when y < 0.
    const cs = y >= 0 ? (c * pow10n(y)) << BigInt(s2) : c << BigInt(s2);
    const k = y >= 0 ? 1n : pow10n(-y);
    const l = lo * k;
    const u = hi * k;
    return inclusive ? cs >= l && cs <= u : cs > l && cs < u;
  };
  const digits = D.toString();
  let best: [bigint, number] | null = null;
  for (let p = 1; p <= 9 && best === null; p++) {
    if (digits.length <= p) {
      best = [D, X];
      break;
    }
    const cut = digits.length - p;
    const down = D / pow10n(cut);
    const up = down + 1n;
    const y = X + cut;
    const okDown = inside(down, y);
    const okUp = inside(up, y);
    if (okDown && okUp) {
      const dDown = D - down * pow10n(cut);
      const dUp = up * pow10n(cut) - D;
      best = [dDown < dUp ? down : dUp < dDown ? up : down % 2n === 0n ? down : up, y];
    } else if (okDown) best = [down, y];
    else if (okUp) best = [up, y];
  }
  if (best === null) throw new Error(`no decimal found for float32 bits ${bits.toString(16)}`);
  // ≤ 9 digits read back from a double unchanged, so String() lays them out by ECMAScript's rules.
  return (neg ? '-' : '') + String(Number(`${best[0]}e${best[1]}`));
}

const compareF32 = (bitsList: number[]): Array<[number, string, string]> =>
  compareBatch(bitsList, 'f32', (view, i, b) => view.setUint32(h.inPtr() + 4 * i, b, true), f32Oracle);

// ---------------------------------------------------------------------------------------------------

describe('dtoa harness module', () => {
  it('imports nothing and has one fixed page (built with the core flags)', () => {
    const mod = new WebAssembly.Module(wasm);
    expect(WebAssembly.Module.imports(mod)).toEqual([]);
    expect(h.memory.buffer.byteLength).toBe(65536);
    expect(() => h.memory.grow(1)).toThrow(RangeError);
  });

  it.skipIf(!haveTool('wasm-validate', 'apt-get install wabt'))('validates as MVP WebAssembly (wabt, post-MVP features disabled)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edgesign-dtoa-'));
    try {
      const file = path.join(dir, 'dtoa-harness.wasm');
      writeFileSync(file, wasm);
      execFileSync('wasm-validate', [
        '--disable-mutable-globals', '--disable-saturating-float-to-int', '--disable-sign-extension',
        '--disable-simd', '--disable-multi-value', '--disable-bulk-memory', '--disable-reference-types',
        file,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Ryu small-table multipliers', () => {
  // Exact values of Ryu's full tables, 125 significant bits (paper §3.3).
  const bitlen5 = (i: number): bigint => BigInt((5n ** BigInt(i)).toString(2).length);
  const exactPow5 = (i: number): bigint => {
    const p = 5n ** BigInt(i);
    const L = bitlen5(i);
    return L <= 125n ? p << (125n - L) : p >> (L - 125n);
  };
  const exactInvPow5 = (q: number): bigint => (1n << (bitlen5(q) - 1n + 125n)) / 5n ** BigInt(q) + 1n;
  const read128 = (ptr: number): bigint => {
    const view = new DataView(h.memory.buffer);
    return view.getBigUint64(ptr, true) | (view.getBigUint64(ptr + 8, true) << 64n);
  };

  it('5^i equals the exact 125-bit value for every i used by doubles (0..325)', () => {
    for (let i = 0; i <= 325; i++) expect(read128(h.pow5(i, 0)), `5^${i}`).toBe(exactPow5(i));
  });

  it('2^k / 5^q equals the exact value for every q used by doubles (0..290)', () => {
    for (let q = 0; q <= 290; q++) expect(read128(h.pow5(q, 1)), `1/5^${q}`).toBe(exactInvPow5(q));
  });
});

describe('writeF64 = String(x)', () => {
  it('edge values and the layout thresholds', () => {
    const edges = [
      0, -0, 1, -1, 5e-324, -5e-324, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON,
      2.2250738585072014e-308, 2.225073858507201e-308, // smallest normal, largest subnormal
      1e21, 1e-7, 9.999999999999999e20, 1e-6, 123e-20, 0.1 + 0.2, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, Math.PI, Math.E,
      2 ** 53 + 1, 2 ** 53, 2 ** 53 - 1, 2 ** 53 + 2, 2 ** 54, 2 ** 63, 2 ** 64, 1e15, 1e16, 1e17, 999999999999999.9,
      123456789012345680000, 1.5e21, 1e22, 1e23, 5e-7, 1.5e-7, 0.000001, 0.0000015, 100, 1000000, 12345.678,
      -9.81, 0.03, 1.21, 9.81, -0.5, 0.5, 1.7976931348623157e308, 4.9406564584124654e-324,
      // Exact ties between the two shortest candidates (round half to even).
      1125899906842624.25, 1125899906842624.75, 1125899906842625.25, 562949953421312.125, 562949953421312.375,
      // Assorted hard cases: near powers of two and ten, large integers, long digit strings.
      9007199254740991, 9007199254740993, 1.8531501765868567e21, -3.347727380279489e33, 1.9430376160308388e16,
      -6.9741824662760956e19, 4.3816050601147837e29, 2.98023223876953125e-8, 1.0e23, 9.0071992547409915e15,
    ];
    for (let e = -1074; e <= 1023; e++) edges.push(2 ** e);
    for (let e = -323; e <= 308; e++) edges.push(Number(`1e${e}`));
    // Neighbours of every boundary above, so the thresholds are crossed in both directions.
    const withNeighbours = edges.flatMap((x) => [x, nextUp64(x), nextDown64(x), -x]).filter((x) => Number.isFinite(x));
    const bad = compareF64(withNeighbours);
    expect(bad, `seed-free edge values`).toEqual([]);
    // And one value through the single-value export, as the other assembly files call it.
    expect(f64Str(-9.81)).toBe('-9.81');
    expect(f64Str(-0)).toBe('0');
    expect(f64Str(1e21)).toBe('1e+21');
    expect(f64Str(-1.7976931348623157e308)).toBe('-1.7976931348623157e+308');
  });

  it('200,000 random bit patterns over all exponents, and subnormals', () => {
    const next = rng(SEED);
    const values: number[] = [];
    while (values.length < 200_000) {
      const v = f64FromWords(next(), next());
      if (Number.isFinite(v)) values.push(v);
    }
    for (let i = 0; i < 20_000; i++) values.push(f64FromWords(next(), next() & 0x800fffff)); // exponent 0
    expect(compareF64(values), `seed ${SEED}`).toEqual([]);
  });

  it('values with exact trailing decimal zeros or short binary fractions (Ryu exactness checks)', () => {
    // c · 5^k · 2^s is exact when c · 5^k < 2^53: its decimal digits end in zeros (s ≥ k) or it is a
    // short binary fraction (s < 0). These take Ryu's vrIsTrailingZeros / vmIsTrailingZeros branches.
    const next = rng(SEED + 5);
    const values: number[] = [];
    for (let k = 0; k <= 22; k++) {
      const limit = 2 ** 53 / 5 ** k;
      for (let n = 0; n < 40; n++) {
        const c = n < 4 ? n * 2 + 1 : Math.max(1, Math.floor((next() / 2 ** 32) * limit)) | 1;
        if (c >= limit) continue;
        for (let s = -90; s <= 90; s += 1 + (next() % 4)) {
          const x = c * 5 ** k * 2 ** s;
          values.push(x, nextUp64(x), nextDown64(x));
        }
      }
    }
    expect(compareF64(values), `seed ${SEED + 5}`).toEqual([]);
  });

  it('100,000 random doubles of every decade from 1e-7 to 2^53 (the fast path must reject them)', () => {
    const next = rng(SEED + 7);
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const mantissa = f64FromWords(next(), (next() & 0x000fffff) | 0x3ff00000); // [1, 2), 52 random bits
      values.push((next() & 1 ? -1 : 1) * mantissa * 2 ** ((next() % 77) - 24));
    }
    expect(compareF64(values), `seed ${SEED + 7}`).toEqual([]);
  });

  it('100,000 short decimals like sensor readings, and integers', () => {
    const next = rng(SEED + 1);
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const r = next() / 2 ** 32;
      const digits = 1 + (next() % 6); // 1..6 fractional digits
      const scale = 10 ** ((next() % 9) - 3); // 1e-3 .. 1e5
      const sign = next() & 1 ? -1 : 1;
      const d10 = 10 ** digits;
      values.push(sign * (Math.round(r * scale * d10) / d10));
    }
    for (let i = 0; i < 20_000; i++) values.push(Math.round((next() / 2 ** 32) * 1e3) / 1e3); // Math.round(r*1e3)/1e3
    for (let i = 0; i < 20_000; i++) values.push((next() * 2 ** 21 + (next() & 0x1fffff)) * (next() & 1 ? 1 : -1)); // integers < 2^53
    expect(compareF64(values), `seed ${SEED + 1}`).toEqual([]);
  });
});

describe('writeF32 = shortest float32 round-trip decimal, ECMAScript layout', () => {
  it('examples', () => {
    const f32Str = (x: number): string => text(h.bufPtr(), h.f32ToStr(f32Bits(x)));
    expect(f32Str(-9.81)).toBe('-9.81');
    expect(f32Str(0.1)).toBe('0.1');
    expect(f32Str(0.03)).toBe('0.03');
    expect(f32Str(1.21)).toBe('1.21');
    expect(f32Str(-0)).toBe('0');
    expect(f32Str(1e-45)).toBe('1e-45');
    expect(f32Str(3.4028235e38)).toBe('3.4028235e+38');
    expect(f32Str(16777217)).toBe('16777216');
    expect(f32Str(4194302.25)).toBe('4194302.2'); // exact tie at 8 digits: even, not away from zero
    expect(f32Str(4194302.75)).toBe('4194302.8');
    // Where a toPrecision search would answer differently: exact ties, and just above a power of two
    // (2^-96), where the closest 8-digit decimal is outside the narrower lower half of the interval.
    expect(f32Str(2183815.25)).toBe('2183815.2');
    expect(f32Str(2 ** -12)).toBe('0.00024414062');
    expect(f32Str(2 ** -96)).toBe('1.2621775e-29');
  });

  it('edge values: powers of two and ten, their neighbours, subnormals, the fast-path bounds', () => {
    const bits: number[] = [0, 0x80000000, 1, 2, 3, 0x7fffff, 0x800000, 0x800001, 0x7f7fffff, 0x7f7ffffe];
    const add = (x: number): void => {
      const b = f32Bits(x);
      if (((b >>> 23) & 0xff) === 0xff) return;
      for (const d of [-2, -1, 0, 1, 2]) {
        const n = (b + d) >>> 0;
        if (((n >>> 23) & 0xff) !== 0xff && (n & 0x80000000) === (b & 0x80000000)) bits.push(n, (n ^ 0x80000000) >>> 0);
      }
    };
    for (let e = -149; e <= 127; e++) add(2 ** e);
    for (let e = -45; e <= 38; e++) add(Number(`1e${e}`));
    for (const x of [-9.81, 0.03, 1.21, 16777216, 16777217, 8388608, 8388607.5, 1e-5, 1e7, 4194302.25, 0.3, 2 / 3, 123.456]) add(x);
    expect(compareF32(bits)).toEqual([]);
  });

  it('200,000 random bit patterns, and subnormals', () => {
    const next = rng(SEED + 2);
    const bits: number[] = [];
    while (bits.length < 200_000) {
      const b = next();
      if (((b >>> 23) & 0xff) !== 0xff) bits.push(b);
    }
    for (let i = 0; i < 10_000; i++) bits.push(next() & 0x807fffff);
    expect(compareF32(bits), `seed ${SEED + 2}`).toEqual([]);
  });

  it('50,000 float32 sensor readings (short decimals rounded to float32)', () => {
    const next = rng(SEED + 3);
    const bits: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const d10 = 10 ** (1 + (next() % 4));
      const scale = 10 ** ((next() % 6) - 2);
      bits.push(f32Bits(((next() & 1 ? -1 : 1) * Math.round((next() / 2 ** 32) * scale * d10)) / d10));
    }
    expect(compareF32(bits), `seed ${SEED + 3}`).toEqual([]);
  });
});

describe('writers stay inside what they report', () => {
  it('write only the bytes they return, at most 25 (f64) and 22 (f32)', () => {
    const next = rng(SEED + 6);
    const buf = h.bufPtr();
    const bad: string[] = [];
    const probe = (what: string, max: number, call: () => number): void => {
      mem.fill(0xaa, buf, buf + 64);
      const len = call();
      const stray = mem.subarray(buf + len, buf + 64).some((b) => b !== 0xaa);
      if (len > max || stray) bad.push(`${what}: len ${len}${stray ? ', wrote past it' : ''}`);
    };
    const f64s = [-1.7976931348623157e308, -5e-324, -1.2345678901234567e-7, -0.0000012345678901234567, -1.2345678901234567e20, -1e21, -0, 1e-7, -9.81];
    for (let i = 0; i < 2000; i++) f64s.push(-Math.abs(f64FromWords(next(), next())));
    for (const v of f64s.filter(Number.isFinite)) probe(`f64 ${v}`, 25, () => h.f64ToStr(v));
    const f32s = [-3.4028235e38, -1e-45, -9.9999998e20, -1.2345678e-7, -0.0000012345678, -1e21, -9.81];
    for (let i = 0; i < 2000; i++) f32s.push(f32FromBits(next() | 0x80000000));
    for (const x of f32s.filter(Number.isFinite)) probe(`f32 ${x}`, 22, () => h.f32ToStr(f32Bits(x)));
    probe('u64 max', 20, () => h.u64ToStr(2n ** 64n - 1n));
    probe('i32 min', 11, () => h.i32ToStr(-(2 ** 31)));
    expect(bad.slice(0, 20)).toEqual([]);
  });
});

describe('integer writers', () => {
  const next = rng(SEED + 4);
  const edgesU64: bigint[] = [0n, 1n, 9n, 10n, 99n, 100n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];
  for (let k = 1; k <= 19; k++) edgesU64.push(10n ** BigInt(k) - 1n, 10n ** BigInt(k), 10n ** BigInt(k) + 1n);
  edgesU64.push(10n ** 19n * 18n / 10n); // 1.8e19, 20 digits

  it('writeU64 = BigInt#toString', () => {
    const values = [...edgesU64];
    for (let i = 0; i < 20_000; i++) {
      const v = (BigInt(next()) << 32n) | BigInt(next());
      values.push(v, v >> BigInt(next() % 64));
    }
    const bad = values.map((v) => [v, text(h.bufPtr(), h.u64ToStr(v)), v.toString()]).filter(([, got, want]) => got !== want);
    expect(bad.slice(0, 20), `seed ${SEED + 4}`).toEqual([]);
  });

  it('writeI32 and writeU32 = String(n)', () => {
    const values = [0, 1, -1, 9, -9, 10, -10, 2 ** 31 - 1, -(2 ** 31), 2 ** 31 - 10, -(2 ** 31) + 1];
    for (let k = 1; k <= 9; k++) values.push(10 ** k - 1, 10 ** k, -(10 ** k), -(10 ** k) + 1);
    for (let i = 0; i < 20_000; i++) values.push(next() | 0, (next() | 0) >> (next() % 32));
    const bad: Array<[string, number, string, string]> = [];
    for (const v of values) {
      const i = text(h.bufPtr(), h.i32ToStr(v));
      if (i !== String(v)) bad.push(['i32', v, i, String(v)]);
      const u = text(h.bufPtr(), h.u32ToStr(v));
      if (u !== String(v >>> 0)) bad.push(['u32', v >>> 0, u, String(v >>> 0)]);
    }
    expect(bad.slice(0, 20), `seed ${SEED + 4}`).toEqual([]);
  });
});
