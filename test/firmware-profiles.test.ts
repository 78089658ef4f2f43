// The firmware profiles (assembly/profile.ts: build/edgesign-fw.wasm with small windows,
// build/edgesign-fw-cbor.wasm also without JSON) are the same sources built with other settings. They
// must sign exactly what the release module signs: on Edge Impulse's vectors and on random windows
// (float32 and int16, 1-6 sensors, any header), with every OUT drain the small windows force. And what
// a runtime relies on to back only [0, memoryTop()) must hold: no data segment at or past it.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { RawCore, type RawHeader, type RawValues } from './helpers/raw-core.js';
import { hexToBytes, repoRoot } from './helpers/shared.js';
import { loadEiVectors } from './helpers/edge-impulse-vectors.js';

const build = (name: string) => path.join(repoRoot, 'build', name);
const RELEASE = build('edgesign.wasm');
const PROFILES = [
  { file: build('edgesign-fw.wasm'), json: true },
  { file: build('edgesign-fw-cbor.wasm'), json: false },
];
const vectors = loadEiVectors();
const KEY = Buffer.from('fed53116f20684c067774ebf9e7bcbdc');

/** End of every data segment in a module: (offset, size) from the data section (MVP, active, i32.const). */
function dataSegmentsEnd(bytes: Uint8Array): number {
  let p = 8;
  const leb = () => {
    let v = 0, shift = 0, b;
    do {
      b = bytes[p++]!;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return v;
  };
  let end = 0;
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const size = leb();
    const next = p + size;
    if (id === 11) {
      for (let n = leb(); n > 0; n--) {
        expect(leb()).toBe(0); // active, memory 0
        expect(bytes[p++]).toBe(0x41); // i32.const
        let off = 0, shift = 0, b;
        do {
          b = bytes[p++]!;
          off += (b & 0x7f) * 2 ** shift;
          shift += 7;
        } while (b & 0x80);
        expect(bytes[p++]).toBe(0x0b); // end
        const len = leb();
        p += len;
        end = Math.max(end, off + len);
      }
    }
    p = next;
  }
  return end;
}

describe.skipIf(!existsSync(PROFILES[1]!.file))('firmware profiles sign exactly what the release module signs', () => {
  let release: RawCore;
  let profiles: { core: RawCore; json: boolean; file: string }[];
  beforeAll(() => {
    release = new RawCore(RELEASE);
    profiles = PROFILES.map((p) => ({ ...p, core: new RawCore(p.file) }));
    for (const c of [release, ...profiles.map((p) => p.core)]) c.setKey(KEY);
  });

  it('are small: windows, context and data all below memoryTop(), a few KiB into the page', () => {
    for (const { core, file, json } of profiles) {
      const x = core.x;
      const top = x.memoryTop();
      const bytes = readFileSync(file);
      expect(dataSegmentsEnd(bytes)).toBeLessThanOrEqual(top);
      for (const [ptr, size] of [[x.inPtr(), x.inCap()], [x.outPtr(), x.outCap()], [x.ctxPtr(), x.ctxSize()], [x.digestPtr(), 96]]) {
        expect(ptr + size).toBeLessThanOrEqual(top);
      }
      expect(x.inPtr()).toBeLessThan(64); // statics start at the bottom of the page
      expect(top).toBeLessThan(json ? 5 * 1024 : 3 * 1024);
    }
  });

  it('CBOR-only: JSON is refused by msgBegin (ERR_ARG), CBOR accepted', () => {
    const h: RawHeader = { flags: 0, iat: 0, intervalMs: 10, deviceName: '', deviceType: 't', sensors: [['x', 'u']] };
    expect(profiles[1]!.core.begin(h)).toBe(-2);
    expect(profiles[1]!.core.begin({ ...h, flags: 1 })).toBeGreaterThan(0);
    expect(profiles[0]!.core.begin(h)).toBeGreaterThan(0);
  });

  it.skipIf(!vectors)('vectors V1, V2 (CBOR) and D1 (JSON) byte for byte', () => {
    const v1 = vectors!.byId.V1!;
    const v2 = vectors!.byId.V2!;
    const d1 = vectors!.byId.D1!;
    const base = (i: NonNullable<typeof v1.inputs>) => ({
      deviceName: i.device_name!, deviceType: i.device_type!, intervalMs: i.interval_ms!, sensors: i.sensors!,
    });
    const cases: { h: RawHeader; v: RawValues; want: Uint8Array; json: boolean }[] = [
      { h: { ...base(v1.inputs!), flags: 1 | 4 | 8, iat: 0 }, v: { kind: 1, data: new Float32Array(v1.inputs!.values_float32!.flat()) }, want: hexToBytes(v1.hex!), json: false },
      { h: { ...base(v1.inputs!), flags: 1 | 2 | 4, iat: v2.inputs!.iat! }, v: { kind: 1, data: new Float32Array(v1.inputs!.values_float32!.flat()) }, want: hexToBytes(v2.hex!), json: false },
      {
        h: { ...base(d1.inputs!), flags: 2 | 4, iat: d1.inputs!.iat! }, v: { kind: 1, data: new Float32Array(d1.inputs!.values!.flat()) },
        want: Buffer.from(d1.unsigned_text!.replace('0'.repeat(64), d1.signature!)), json: true,
      },
    ];
    for (const c of cases) {
      for (const core of [release, ...profiles.filter((p) => p.json || !c.json).map((p) => p.core)]) {
        const r = core.sign(c.h, c.v);
        expect(typeof r).toBe('object');
        expect(Buffer.from((r as { bytes: Buffer }).bytes).equals(Buffer.from(c.want))).toBe(true);
      }
    }
  });

  it('the 1-s and 10-s windows of the issue (V1 rows cycled, CBOR, no iat): 1,825 B, 20f4b2ad…', () => {
    if (!vectors) return;
    const v1 = vectors.byId.V1!.inputs!;
    const rows = (n: number) => new Float32Array(Array.from({ length: n }, (_, i) => v1.values_float32![i % 4]!).flat());
    const h: RawHeader = { flags: 1 | 4 | 8, iat: 0, intervalMs: 10, deviceName: v1.device_name!, deviceType: v1.device_type!, sensors: v1.sensors! };
    const one = release.sign(h, { kind: 1, data: rows(100) }) as { bytes: Buffer };
    expect(one.bytes.length).toBe(1825);
    expect(one.bytes.subarray(41, 49).toString()).toBe('20f4b2ad'); // the figure of the side-by-side run
    for (const n of [100, 1000]) {
      const want = (release.sign(h, { kind: 1, data: rows(n) }) as { bytes: Buffer }).bytes;
      for (const { core } of profiles) {
        const got = core.sign(h, { kind: 1, data: rows(n) }) as { bytes: Buffer; drains: number };
        expect(got.drains).toBeGreaterThan(0); // the small OUT window really streamed
        expect(got.bytes.equals(want)).toBe(true);
      }
    }
  });

  it('random windows: float32 and int16, 1-6 sensors, any header, iat and interval', () => {
    // Header strings small enough for the firmware profiles' OUT window (see the next test for larger).
    const text = fc.string({ maxLength: 5, unit: 'grapheme' });
    const header = fc.record({
      cbor: fc.boolean(), withIat: fc.boolean(), withName: fc.boolean(), asFloat: fc.boolean(),
      iat: fc.integer({ min: 0, max: 2 ** 40 }),
      intervalMs: fc.oneof(fc.constantFrom(1, 10, 16, 0.0625, 1000 / 3), fc.double({ min: 0.001, max: 1e6, noNaN: true })),
      deviceName: text, deviceType: text, nSensors: fc.integer({ min: 1, max: 6 }), names: fc.array(text, { minLength: 12, maxLength: 12 }),
    });
    const f32 = fc.oneof(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -70000, max: 70000 }).map((i) => i / 64));
    fc.assert(
      fc.property(header, fc.integer({ min: 0, max: 400 }), fc.boolean(), fc.array(f32, { minLength: 2400, maxLength: 2400 }), (hd, rows, ints, pool) => {
        const h: RawHeader = {
          flags: (hd.cbor ? 1 : 0) | (hd.withIat ? 2 : 0) | (hd.withName ? 4 : 0) | (hd.cbor && hd.asFloat ? 8 : 0),
          iat: hd.iat, intervalMs: hd.intervalMs, deviceName: hd.deviceName, deviceType: hd.deviceType,
          sensors: Array.from({ length: hd.nSensors }, (_, i) => [hd.names[2 * i]!, hd.names[2 * i + 1]!] as [string, string]),
        };
        const n = rows * hd.nSensors;
        const v: RawValues = ints
          ? { kind: 4, data: Int16Array.from(pool.slice(0, n), (x) => Math.max(-32768, Math.min(32767, Math.round(x)))) }
          : { kind: 1, data: Float32Array.from(pool.slice(0, n)) };
        const want = release.sign(h, v);
        expect(typeof want).toBe('object');
        const bytes = (want as { bytes: Buffer }).bytes;
        const sigAt = bytes.indexOf(hd.cbor ? Buffer.from([0x78, 0x40]) : Buffer.from('"signature":"')) + (hd.cbor ? 2 : 13);
        const zeroed = Buffer.from(bytes).fill(0x30, sigAt, sigAt + 64);
        expect(bytes.subarray(sigAt, sigAt + 64).toString()).toBe(createHmac('sha256', KEY).update(zeroed).digest('hex'));
        for (const p of profiles) {
          const got = p.core.sign(h, v);
          if (!p.json && !hd.cbor) expect(got).toBe(-2);
          else expect((got as { bytes: Buffer }).bytes.equals(bytes)).toBe(true);
        }
      }),
      { numRuns: 60, seed: 20261202 },
    );
  });

  it('a header larger than a small OUT window is refused (ERR_FULL) before anything is written', () => {
    const long = 'd'.repeat(100); // two of them fit the 256-byte IN window
    const h: RawHeader = { flags: 0, iat: 0, intervalMs: 10, deviceName: long, deviceType: long, sensors: [['x', 'u']] };
    expect(release.begin(h)).toBeGreaterThan(0);
    expect(profiles[0]!.core.begin(h)).toBe(-1); // JSON: 6 bytes per input byte in the worst case
    expect(profiles[0]!.core.begin({ ...h, flags: 1 })).toBeGreaterThan(0); // CBOR: bytes as they are
    const many = Array.from({ length: 20 }, () => ['a', 'b'] as [string, string]); // 20 × 48 B of fixed text
    expect(release.begin({ ...h, deviceName: "n", deviceType: "t", flags: 1, sensors: many })).toBeGreaterThan(0);
    expect(profiles[1]!.core.begin({ ...h, deviceName: "n", deviceType: "t", flags: 1, sensors: many })).toBe(-1);
    expect(profiles[1]!.core.begin({ ...h, deviceName: long + long + long, flags: 1 })).toBe(-2); // past IN: ERR_ARG
    // and the instance goes on working
    const v1 = { ...h, flags: 1, deviceName: 'n', deviceType: 't' };
    expect((profiles[1]!.core.sign(v1, { kind: 1, data: new Float32Array([1.5]) }) as { bytes: Buffer }).bytes)
      .toEqual((release.sign(v1, { kind: 1, data: new Float32Array([1.5]) }) as { bytes: Buffer }).bytes);
  });

  it('iat and interval_ms checks (integers read from the bits, no float-to-int) agree with the formula', () => {
    const edge = [0, -0, 1, 0.5, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 52 + 0.5, 1e-310, -1, NaN, Infinity, -Infinity, 1.5e15, 4503599627370495.5];
    const h = (iat: number, interval: number, flags: number): RawHeader => ({ flags, iat, intervalMs: interval, deviceName: '', deviceType: 't', sensors: [['x', 'u']] });
    fc.assert(fc.property(fc.oneof(fc.constantFrom(...edge), fc.double()), fc.oneof(fc.constantFrom(...edge), fc.double()), (iat, interval) => {
      for (const flags of [1 | 2, 2]) {
        const okIat = iat >= 0 && iat < 2 ** 53 && Math.floor(iat) === iat;
        const okInterval = interval >= 0 && interval < Infinity;
        const want = release.begin(h(iat, interval, flags));
        expect(want >= 0).toBe(okIat && okInterval);
        for (const p of profiles) if (p.json || flags & 1) expect(p.core.begin(h(iat, interval, flags))).toBe(want);
        if (want >= 0 && flags & 1) {
          // the integral-interval branch of the CBOR header: an integer exactly when the formula says so
          const r = release.sign(h(iat, interval, flags), { kind: 1, data: new Float32Array([1]) }) as { bytes: Buffer };
          const at = r.bytes.indexOf(Buffer.from('interval_ms')) + 11;
          const whole = Math.floor(interval) === interval && interval < 2 ** 53;
          expect(r.bytes[at]! < 0x20).toBe(whole); // major type 0 (unsigned) vs 7 (float)
        }
      }
    }), { numRuns: 400, seed: 7 });
  });
});
