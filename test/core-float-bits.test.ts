// The core's header and value checks that read IEEE 754 bits instead of using floating-point
// instructions (assembly/cbor.ts singleBits, assembly/integral.ts isNonNegativeFinite, msgValues'
// 32-bit range check): on a core without an FPU the float forms linked ~1.3 KB of soft-float routines.
// Each is checked, on the release module and on the CBOR-only firmware profile, through the raw ABI,
// against an independent oracle: V8's own double arithmetic (Math.fround, comparisons), BigInt
// arithmetic, and cbor-x decoding the bytes back (RFC 8949 §4.2.2 preferred serialization).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decode as cborDecode } from 'cbor-x';
import fc from 'fast-check';
import { repoRoot } from './helpers/shared.js';

const MODULES = ['edgesign.wasm', 'edgesign-fw-cbor.wasm'].map((f) => ({ name: f, file: path.join(repoRoot, 'build', f) }));
const FLAG_CBOR = 1;
const FLAG_INTERVAL_FLOAT = 8;
const KIND_F64 = 0;

class Raw {
  readonly x: any;
  constructor(file: string) {
    this.x = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {}).exports;
    this.mem().set(Buffer.from('fed53116f20684c067774ebf9e7bcbdc'), this.x.inPtr());
    this.x.hmacKey(32);
  }
  mem(): Uint8Array {
    return new Uint8Array(this.x.memory.buffer);
  }
  /** msgBegin with one sensor ("a", "u") and the device type "t". */
  begin(flags: number, intervalMs: number): number {
    const strs = ['', 't', 'a', 'u'].map((s) => Buffer.from(s));
    const lens = Buffer.alloc(16);
    strs.forEach((s, i) => lens.writeUInt32LE(s.length, 4 * i));
    this.mem().set(Buffer.concat([lens, ...strs]), this.x.inPtr());
    return this.x.msgBegin(flags, 0, intervalMs, 1);
  }
  /** The whole message (short enough to stay in OUT) for `values` as float64 (kind 0). */
  sign(flags: number, intervalMs: number, values: number[]): Buffer {
    expect(this.begin(flags, intervalMs)).toBeGreaterThan(0);
    this.mem().set(new Uint8Array(new Float64Array(values).buffer), this.x.inPtr());
    expect(this.x.msgValues(KIND_F64, 0, values.length)).toBe(values.length);
    expect(this.x.msgClose()).toBeGreaterThan(0);
    const n = this.x.msgFinish();
    return Buffer.from(this.mem().subarray(this.x.outPtr(), this.x.outPtr() + n));
  }
}

/** Doubles around every case of the conversion: random bits, exact singles, single subnormals, halves. */
const anyDouble = fc.oneof(
  fc.double(),
  fc.float().map((f) => f), // exactly representable as single
  fc.tuple(fc.integer({ min: 1, max: 2 ** 24 }), fc.integer({ min: -175, max: -120 })).map(([m, e]) => m * 2 ** e),
  fc.tuple(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 40 })).map(([f, k]) => f * (1 + 2 ** -k)),
  fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 2 ** -149, 2 ** -150, 3 * 2 ** -150, 2 ** -126, 2 ** 127, 2 ** 128, 3.4028235677973366e38, 65504, 5e-324),
);

/** The first item after `values` 9f: its bytes. */
function firstValueItem(msg: Buffer): Buffer {
  const at = msg.indexOf(Buffer.from('6676616c7565739f', 'hex')) + 8;
  expect(at).toBeGreaterThan(8);
  const len = { 0xf9: 3, 0xfa: 5, 0xfb: 9 }[msg[at]!];
  expect(len, `head ${msg[at]}`).toBeDefined();
  return msg.subarray(at, at + len!);
}

describe.each(MODULES)('$name', ({ file }) => {
  const raw = new Raw(file);

  it('a float64 value is written as half/single exactly when Math.fround keeps it, else as the double', () => {
    fc.assert(
      fc.property(anyDouble, (v) => {
        const item = firstValueItem(raw.sign(FLAG_CBOR, 10, [v]));
        if (!Number.isNaN(v) && Math.fround(v) === v) {
          expect(item[0]).not.toBe(0xfb);
          expect(Object.is(cborDecode(item), v)).toBe(true); // −0 keeps its sign
        } else {
          const d = Buffer.alloc(9);
          d[0] = 0xfb;
          d.writeDoubleBE(v, 1);
          expect(item.equals(d), `${v}: ${item.toString('hex')}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('interval_ms as a float goes through the same conversion', () => {
    fc.assert(
      fc.property(anyDouble.filter((v) => v >= 0 && v < Infinity), (v) => {
        const msg = raw.sign(FLAG_CBOR | FLAG_INTERVAL_FLOAT, v, [1]);
        const at = msg.indexOf(Buffer.from('6b696e74657276616c5f6d73', 'hex')) + 12; // "interval_ms"
        const head = msg[at]!;
        expect(head === 0xfb).toBe(Math.fround(v) !== v);
        expect(Object.is((cborDecode(msg) as { payload: { interval_ms: number } }).payload.interval_ms, v)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('interval_ms is accepted exactly when v >= 0 && v < Infinity', () => {
    fc.assert(
      fc.property(fc.oneof(anyDouble, fc.double().map((v) => -v)), (v) => {
        const r = raw.begin(FLAG_CBOR, v);
        expect(r >= 0, `${v}`).toBe(v >= 0 && v < Infinity);
        if (r >= 0) raw.x.msgClose(), raw.x.msgFinish();
      }),
      { numRuns: 3000 },
    );
  });

  it('msgValues refuses exactly the ranges that overrun IN (BigInt arithmetic as the oracle)', () => {
    const inCap = BigInt(raw.x.inCap());
    const u32 = fc.oneof(fc.nat({ max: 3 * Number(inCap) }), fc.constantFrom(0xffffffff, 0x80000000, 0x20000000, 0x1fffffff), fc.nat({ max: 0xffffffff }));
    fc.assert(
      fc.property(u32, u32, (first, count) => {
        raw.begin(FLAG_CBOR, 10);
        const r = raw.x.msgValues(KIND_F64, first, count);
        const fits = (BigInt(first) + BigInt(count)) * 8n <= inCap;
        if (!fits) expect(r, `${first} ${count}`).toBe(-2);
        else expect(r).toBeGreaterThanOrEqual(0);
        raw.x.msgClose(), raw.x.msgFinish();
      }),
      { numRuns: 2000 },
    );
  });
});
