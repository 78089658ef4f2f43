/**
 * `macFirst`: the MAC is checked before any value is materialised. Messages whose MAC matches get
 * exactly the default result (deep equality, over every serializer style and generated messages);
 * a body with a wrong tag is refused with E_SIG_MISMATCH even where the default order would first
 * have found a value error deep in the payload (which shows no value was parsed); bodies the skim
 * cannot settle get the default result. Messages come from the independent reference signer
 * (node:crypto, cbor-x).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { verifyMessage, type VerifyOptions } from '../packages/edgesign/src/verify/verify-message.js';
import { skimSignature } from '../packages/edgesign/src/verify/signature-skim.js';
import { referenceSignCbor, referenceSignCborWithTail, referenceSignJson, referenceSignRawJson } from './helpers/reference-signer.js';
import { IAT, KEY, message, placeholderText, signText, signedCbor, cborMessage } from './helpers/verify-fixtures.js';

const OTHER = 'another-key-of-32-characters-xyz';
const FORGER = 'not-the-key-not-the-key-not-the-';
const keys = [
  { id: 'old', key: OTHER },
  { id: 'current', key: KEY },
];
const opts: VerifyOptions = { keys, maxAgeSeconds: 600, now: () => IAT + 1 };
const both = (body: Uint8Array | string, o: Partial<VerifyOptions> = {}) => ({
  byDefault: verifyMessage(body, { ...opts, ...o }),
  macFirst: verifyMessage(body, { ...opts, ...o, macFirst: true }),
});
const enc = (s: string) => new TextEncoder().encode(s);

/** Signs JSON text whose signature member name is written with an escape (`"sign\u0061ture"`). */
function signEscapedName(text: string): Uint8Array {
  const at = text.indexOf('"sign\\u0061ture":"') + '"sign\\u0061ture":"'.length;
  const mac = createHmac('sha256', KEY).update(text).digest('hex');
  return enc(text.slice(0, at) + mac + text.slice(at + 64));
}

describe('same result whenever the MAC matches', () => {
  test('every serializer style, JSON and CBOR, a binary tail, rotation, a stale iat', () => {
    const bodies = [
      referenceSignJson(message(), KEY),
      referenceSignJson(message(), KEY, { style: 'python' }),
      referenceSignJson(message(), KEY, { style: 'pretty' }),
      referenceSignJson(message({ payload: { device_name: 'caf\u00e9 \u{1F600}' } }), KEY, { style: 'python' }),
      referenceSignJson(message(), OTHER),
      referenceSignCbor(message(), KEY),
      referenceSignCbor(message(), KEY, { float64: true, indefiniteValues: true }),
      signedCbor(),
      referenceSignCborWithTail(message({ payload: { values: ['Ref-BINARY-i16'] } }), new Uint8Array([1, 2, 3, 4]), KEY),
      referenceSignJson(message({ protected: { iat: IAT - 10_000 } }), KEY),
      signEscapedName(`{"payload":${JSON.stringify(message().payload)},"sign\\u0061ture":"${'0'.repeat(64)}","protected":${JSON.stringify(message().protected)}}`),
    ];
    for (const body of bodies) {
      const { byDefault, macFirst } = both(body);
      expect(macFirst).toEqual(byDefault);
    }
    expect(both(bodies[0]!).macFirst).toMatchObject({ ok: true, keyId: 'current' });
    expect(both(bodies[4]!).macFirst).toMatchObject({ ok: true, keyId: 'old' });
  });

  test('generated messages: equal results, and the skim finds the span the strict scanner records', () => {
    const row = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 2, maxLength: 2 });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 30 }),
        fc.string({ maxLength: 20 }),
        fc.constantFrom('compact', 'python', 'pretty', 'cbor') as fc.Arbitrary<'compact' | 'python' | 'pretty' | 'cbor'>,
        (values, name, style) => {
          const m = message({ payload: { values, device_name: name } });
          const body = style === 'cbor' ? referenceSignCbor(m, KEY) : referenceSignJson(m, KEY, { style });
          const { byDefault, macFirst } = both(body);
          expect(macFirst).toEqual(byDefault);
          if (byDefault.ok) expect(skimSignature(body, style !== 'cbor', 64)?.start).toBe(byDefault.signatureSpan!.start);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('a wrong tag is refused before any value is built', () => {
  test('JSON: a non-finite number or a duplicate member deep in the values is never reached', () => {
    const base = placeholderText(message());
    for (const [edit, deepCode] of [
      [base.replace('[1.21,-0.5]', '[1.21,1e400]'), 'E_NON_FINITE'],
      [base.replace('{"name":"accX","units":"m/s2"}', '{"name":"accX","name":"accY","units":"m/s2"}'), 'E_DUPLICATE_KEY'],
      [base.replace('"interval_ms":10', '"interval_ms":"ten"'), 'E_SCHEMA'],
    ] as const) {
      const forged = referenceSignRawJson(edit, FORGER);
      const { byDefault, macFirst } = both(forged);
      expect(byDefault).toMatchObject({ ok: false, code: deepCode });
      expect(macFirst).toEqual({ ok: false, code: 'E_SIG_MISMATCH', message: 'signature does not match any of the 2 keys', details: { keysTried: 2 } });
      // Signed with a real key, the same body gets its own error first, as by default.
      expect(both(referenceSignRawJson(edit, KEY)).macFirst).toEqual(both(referenceSignRawJson(edit, KEY)).byDefault);
    }
  });

  test('CBOR: a forged message with a malformed payload is a mismatch, not a schema error', () => {
    const m = message({ payload: { interval_ms: 'ten' } });
    const forged = referenceSignCbor(m, FORGER);
    const { byDefault, macFirst } = both(forged);
    expect(byDefault).toMatchObject({ ok: false, code: 'E_SCHEMA' });
    expect(macFirst).toMatchObject({ ok: false, code: 'E_SIG_MISMATCH' });
    expect('unauthenticated' in macFirst).toBe(false);
  });
});

describe('bodies the skim cannot settle get the default result', () => {
  test('placeholder, missing or escaped signature, alg none, duplicates, trailing bytes, truncation, no keys', () => {
    const m = message();
    const text = placeholderText(m);
    const bodies: Array<Uint8Array | string> = [
      text,
      JSON.stringify({ protected: m.protected, payload: m.payload }),
      JSON.stringify({ ...m, signature: 'AB'.repeat(32) }),
      JSON.stringify({ ...m, signature: 42 }),
      text.replace(/"signature":"0{64}"/, `"signature":"\\u0030${'0'.repeat(63)}"`),
      JSON.stringify({ ...m, protected: { ver: 'v1', alg: 'none' } }),
      signText(`${text.slice(0, -1)},"signature":"${'1'.repeat(64)}"}`),
      `${new TextDecoder().decode(referenceSignJson(m, KEY))} x`,
      new TextDecoder().decode(referenceSignJson(m, KEY)).slice(0, -1),
      cborMessage(),
      enc('[]'),
      enc(''),
      new Uint8Array([0xa1, 0x69]),
    ];
    for (const body of bodies) {
      const { byDefault, macFirst } = both(body);
      expect(macFirst).toEqual(byDefault);
    }
    const signed = referenceSignJson(m, KEY);
    expect(both(signed, { keys: [] }).macFirst).toEqual(both(signed, { keys: [] }).byDefault);
  });

  test('random corruption of a signed body: macFirst answers the default result or E_SIG_MISMATCH, never anything else', () => {
    const json = referenceSignJson(message(), KEY);
    const cbor = referenceSignCbor(message(), KEY);
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(4), (isJson, at, byte, cut) => {
        const src = isJson ? json : cbor;
        const body = src.slice(0, src.length - cut);
        body[at % body.length] = byte;
        const { byDefault, macFirst } = both(body);
        if (!macFirst.ok && macFirst.code === 'E_SIG_MISMATCH') return;
        expect(macFirst).toEqual(byDefault);
      }),
      { numRuns: 500 },
    );
  });
});
