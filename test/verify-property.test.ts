// Properties (fast-check): a single-byte change of a signed message never verifies; random messages
// from the reference signer verify and read back; the scanners agree with JSON.parse, cbor-x and the
// WHATWG fatal decoder on valid input; no input makes verifyMessage throw.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Encoder, decode as cborxDecode } from 'cbor-x';
import { verifyMessage, type VerifyErrorCode, type VerifyResult } from '../packages/edgesign/src/verify/verify-message.js';
import { scanJson } from '../packages/edgesign/src/verify/json-scan.js';
import { scanCbor } from '../packages/edgesign/src/verify/cbor-scan.js';
import { findInvalidUtf8 } from '../packages/edgesign/src/verify/utf8.js';
import { referenceSignCbor, referenceSignCborWithTail, referenceSignJson } from './helpers/reference-signer.js';
import { IAT, KEY, message, signedCbor } from './helpers/verify-fixtures.js';

const OTHER = 'a-second-key-that-is-also-32-byt';
const verify = (body: Uint8Array | string): VerifyResult => verifyMessage(body, { keys: [KEY, OTHER], allowUnsigned: false });

const CODES: ReadonlySet<VerifyErrorCode> = new Set<VerifyErrorCode>([
  'E_JSON_PARSE', 'E_CBOR_PARSE', 'E_TRAILING_BYTES', 'E_DUPLICATE_KEY', 'E_DEPTH', 'E_NON_FINITE', 'E_INVALID_UTF8',
  'E_TOO_LARGE', 'E_SCHEMA', 'E_VERSION', 'E_ALG_UNSUPPORTED', 'E_ALG_NONE', 'E_IAT_INVALID', 'E_SIG_MISSING',
  'E_SIG_FORMAT', 'E_SIG_PLACEHOLDER', 'E_NO_KEY', 'E_SIG_MISMATCH', 'E_STALE', 'E_FUTURE',
]);

const audio = message({ payload: { sensors: [{ name: 'audio', units: 'wav' }], values: ['Ref-BINARY-i16'] } });
const BASES: Array<[string, Uint8Array]> = [
  ['JSON compact', referenceSignJson(message(), KEY, { style: 'compact' })],
  ['JSON python', referenceSignJson(message({ payload: { device_name: 'é' } }), KEY, { style: 'python' })],
  ['JSON pretty', referenceSignJson(message(), KEY, { style: 'pretty' })],
  ['CBOR (cbor-x)', referenceSignCbor(message(), KEY)],
  ['CBOR float64, indefinite values', referenceSignCbor(message(), KEY, { float64: true, indefiniteValues: true })],
  ['CBOR hand-made', signedCbor()],
  ['CBOR + binary tail', referenceSignCborWithTail(audio, new Uint8Array(64).map((_, i) => i * 5), KEY)],
];

describe('any single-byte change of a signed message fails verification', () => {
  for (const [name, body] of BASES) {
    it(`${name}: random positions and values (fast-check)`, () => {
      const base = verify(body);
      expect(base.ok && base.keyId).toBe('0');
      fc.assert(
        fc.property(fc.nat({ max: body.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
          const copy = body.slice();
          copy[i]! ^= x;
          const r = verify(copy);
          // never ok (so never ok with the same keyId), always one of the stable codes
          return !r.ok && CODES.has(r.code);
        }),
        { numRuns: 400 },
      );
    });
  }

  it('JSON compact and CBOR: every byte position, three kinds of change each (exhaustive)', () => {
    for (const [name, body] of [BASES[0]!, BASES[3]!, BASES[6]!]) {
      for (let i = 0; i < body.length; i++) {
        for (const x of [0x01, 0x20, 0x80]) {
          const copy = body.slice();
          copy[i]! ^= x;
          const r = verify(copy);
          if (r.ok) throw new Error(`${name}: byte ${i} ^ ${x} still verifies`);
        }
      }
    }
  });
});

describe('random messages from the reference signer verify and read back exactly', () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v));
  const arbMessage = fc.record({
    device_name: fc.option(fc.string({ unit: 'binary', maxLength: 24 }), { nil: undefined }),
    device_type: fc.string({ unit: 'grapheme', maxLength: 24 }),
    interval_ms: fc.oneof(fc.nat({ max: 1000 }), fc.double({ min: 0, max: 1000, noNaN: true })),
    axes: fc.integer({ min: 1, max: 4 }),
    rows: fc.array(fc.array(finite, { minLength: 4, maxLength: 4 }), { maxLength: 8 }),
    iat: fc.option(fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.double({ min: 0, max: 2e9, noNaN: true })), { nil: undefined }),
    payloadFirst: fc.boolean(),
  });
  type Arb = typeof arbMessage extends fc.Arbitrary<infer T> ? T : never;
  const build = (a: Arb) => {
    const sensors = Array.from({ length: a.axes }, (_, i) => ({ name: `s${i}`, units: 'N/A' }));
    const values = a.rows.map((r) => r.slice(0, a.axes));
    const prot: Record<string, unknown> = { ver: 'v1', alg: 'HS256' };
    if (a.iat !== undefined) prot['iat'] = a.iat;
    const payload: Record<string, unknown> = { device_type: a.device_type, interval_ms: a.interval_ms, sensors, values };
    if (a.device_name !== undefined) payload['device_name'] = a.device_name;
    return a.payloadFirst ? { payload, signature: '', protected: prot } : { protected: prot, signature: '', payload };
  };

  for (const enc of ['compact', 'python', 'pretty', 'cbor', 'cbor-float64'] as const) {
    it(enc, () => {
      fc.assert(
        fc.property(arbMessage, (a) => {
          const m = build(a);
          const body =
            enc === 'cbor' ? referenceSignCbor(m, KEY) : enc === 'cbor-float64' ? referenceSignCbor(m, KEY, { float64: true }) : referenceSignJson(m, KEY, { style: enc });
          const r = verify(body);
          if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
          expect(r.keyId).toBe('0');
          expect(r.payload).toEqual(m.payload);
          expect(r.protected).toEqual(m.protected);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('scanners agree with established decoders on valid input', () => {
  const escapeNonAscii = (s: string) => s.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  const noProto = (v: unknown): boolean =>
    v === null || typeof v !== 'object' ? true : Array.isArray(v) ? v.every(noProto) : Object.entries(v).every(([k, x]) => k !== '__proto__' && noProto(x));

  it('scanJson ≡ JSON.parse (compact, indented, \\u-escaped)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 6 }), fc.constantFrom(0, 1, 2), (v, form) => {
        const text = form === 0 ? JSON.stringify(v) : form === 1 ? JSON.stringify(v, null, 2) : escapeNonAscii(JSON.stringify(v));
        const r = scanJson(new TextEncoder().encode(text));
        if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
        expect(r.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('JSON numbers: every grammar form reads exactly as JSON.parse reads it (fast path and fallback)', () => {
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const num = fc
      .tuple(fc.boolean(), fc.oneof(fc.constant('0'), fc.tuple(fc.constantFrom(...'123456789'), digits(0, 24)).map(([a, b]) => a + b)), fc.option(digits(1, 25)), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 3))))
      .map(([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac === null ? '' : '.' + frac}${exp === null ? '' : exp.join('')}`);
    fc.assert(
      fc.property(fc.array(num, { minLength: 1, maxLength: 6 }), (nums) => {
        const text = `[${nums.join(',')}]`;
        const expected = JSON.parse(text) as number[];
        const r = scanJson(new TextEncoder().encode(text));
        if (expected.every(Number.isFinite)) {
          if (!r.ok) throw new Error(`${text}: ${r.message}`);
          expect(r.value).toEqual(expected);
          // as a lone value too (the general path, not the row path)
          for (const n of nums) expect(scanJson(new TextEncoder().encode(n))).toMatchObject({ ok: true, value: JSON.parse(n) });
        } else expect(r).toMatchObject({ ok: false, code: 'E_NON_FINITE' });
      }),
      { numRuns: 3000 },
    );
  });

  it('scanCbor ≡ cbor-x decode on cbor-x output (definite maps and arrays)', () => {
    const enc = new Encoder({ useRecords: false, mapsAsObjects: true, variableMapSize: true, tagUint8Array: false } as ConstructorParameters<typeof Encoder>[0]);
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 6 }).filter(noProto), (v) => {
        const bytes = new Uint8Array(enc.encode(v));
        const r = scanCbor(bytes);
        if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
        expect(r.end).toBe(bytes.length);
        expect(r.value).toEqual(cborxDecode(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('findInvalidUtf8 ≡ the WHATWG fatal decoder on arbitrary bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    const interesting = fc.constantFrom(0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0, 0x8f, 0x90);
    fc.assert(
      fc.property(fc.array(fc.oneof(interesting, fc.integer({ min: 0, max: 255 })), { maxLength: 16 }), (arr) => {
        const b = new Uint8Array(arr);
        let ok = true;
        try {
          fatal.decode(b);
        } catch {
          ok = false;
        }
        return (findInvalidUtf8(b) < 0) === ok;
      }),
      { numRuns: 5000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => findInvalidUtf8(new TextEncoder().encode(s)) === -1));
  });
});

describe('no input makes verifyMessage throw', () => {
  it('random bytes and random edits of signed messages always give ok:false with a stable code', () => {
    const edit = fc.tuple(fc.constantFrom(...BASES.map(([, b]) => b)), fc.nat(), fc.nat({ max: 8 }), fc.uint8Array({ maxLength: 8 }));
    const edited = edit.map(([b, at, del, ins]) => {
      const i = at % (b.length + 1);
      const out = new Uint8Array([...b.subarray(0, i), ...ins, ...b.subarray(Math.min(b.length, i + del))]);
      return Buffer.from(out).equals(Buffer.from(b)) ? null : out; // null: the edit changed nothing
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), edited), (bytes) => {
        if (bytes === null) return true;
        const r = verify(bytes);
        return !r.ok && CODES.has(r.code) && typeof r.message === 'string';
      }),
      { numRuns: 2000 },
    );
  });

  it('random strings as bodies', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const r = verify(s);
        return !r.ok && CODES.has(r.code);
      }),
      { numRuns: 500 },
    );
  });
});

it('property fixtures use the shared key and an iat the window tests know', () => {
  expect(KEY).toHaveLength(32);
  expect(IAT).toBeGreaterThan(1.6e9);
});
