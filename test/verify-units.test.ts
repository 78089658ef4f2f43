// verifyMessage's contract outside the message rules: options (the only thing that throws), bodies,
// keys and rotation, the caller's buffers left untouched, scanner details, and large bodies.
import { describe, expect, it } from 'vitest';
import { createVerifier, verifyMessage, type VerifyResult } from '../packages/edgesign/src/verify/verify-message.js';
import { EdgesignError } from '../packages/edgesign/src/errors.js';
import { scanJson } from '../packages/edgesign/src/verify/json-scan.js';
import { scanCbor, decodeHalf } from '../packages/edgesign/src/verify/cbor-scan.js';
import { decodeHex64, isLowerHex64 } from '../packages/edgesign/src/verify/constant-time.js';
import { rawCbor, referenceSignCbor, referenceSignCborWithTail, referenceSignJson } from './helpers/reference-signer.js';
import { IAT, KEY, cborMessage, cborPayload, code, message, placeholderText, signText, signed, signedCbor } from './helpers/verify-fixtures.js';
import { thrownCode } from './helpers/thrown-code.js';

const verify = (body: Uint8Array | string, opts: Partial<Parameters<typeof verifyMessage>[1]> = {}): VerifyResult =>
  verifyMessage(body, { keys: [KEY], ...opts });

const throwsCode = (f: () => unknown, expected: string) => expect(thrownCode(f)).toBe(expected);

describe('options: bad options throw E_OPTIONS (bad keys their E_KEY_* code), bad messages never throw', () => {
  it('rejects malformed options', () => {
    const body = signed();
    const bad: Array<[string, unknown, string]> = [
      ['no options', undefined, 'E_OPTIONS'],
      ['keys missing', {}, 'E_OPTIONS'],
      ['keys not an array', { keys: KEY }, 'E_OPTIONS'],
      // Keys are checked by the one key check the signer and HmacSha256 use (src/hash/hmac-key.ts).
      ['empty string key', { keys: [''] }, 'E_KEY_MISSING'],
      ['empty byte key', { keys: [new Uint8Array(0)] }, 'E_KEY_MISSING'],
      ['number key', { keys: [42] }, 'E_KEY_TYPE'],
      ['null key', { keys: [null] }, 'E_KEY_MISSING'],
      ['key with a lone surrogate', { keys: ['\ud800abc'] }, 'E_INVALID_UNICODE'],
      ['{id,key} without id', { keys: [{ key: KEY }] }, 'E_OPTIONS'],
      ['{id,key} with empty id', { keys: [{ id: '', key: KEY }] }, 'E_OPTIONS'],
      ['{id,key} with empty key', { keys: [{ id: 'a', key: '' }] }, 'E_KEY_MISSING'],
      ['maxAgeSeconds negative', { keys: [KEY], maxAgeSeconds: -1 }, 'E_OPTIONS'],
      ['maxAgeSeconds NaN', { keys: [KEY], maxAgeSeconds: NaN }, 'E_OPTIONS'],
      ['maxFutureSeconds a string', { keys: [KEY], maxFutureSeconds: '60' }, 'E_OPTIONS'],
      ['maxBytes zero', { keys: [KEY], maxBytes: 0 }, 'E_OPTIONS'],
      ['maxBytes fractional', { keys: [KEY], maxBytes: 1.5 }, 'E_OPTIONS'],
      ['maxDepth zero', { keys: [KEY], maxDepth: 0 }, 'E_OPTIONS'],
      ['now not a function', { keys: [KEY], now: 5 }, 'E_OPTIONS'],
      ['allowUnsigned a string', { keys: [KEY], allowUnsigned: 'yes' }, 'E_OPTIONS'],
    ];
    for (const [name, opts, expected] of bad) {
      try {
        verifyMessage(body, opts as Parameters<typeof verifyMessage>[1]);
      } catch (e) {
        expect((e as EdgesignError).code, name).toBe(expected);
        continue;
      }
      throw new Error(`${name}: did not throw`);
    }
  });

  it('a body that is not bytes or text is a programming error (E_BODY_TYPE); ArrayBuffer and Buffer are fine', () => {
    for (const b of [null, undefined, 42, {}, [1, 2]]) throwsCode(() => verify(b as unknown as Uint8Array), 'E_BODY_TYPE');
    const body = signed();
    expect(code(verify(Buffer.from(body)))).toBe('ok');
    expect(code(verify(body.slice().buffer as unknown as Uint8Array))).toBe('ok');
    const offset = new Uint8Array(body.length + 10);
    offset.set(body, 7);
    expect(code(verify(offset.subarray(7, 7 + body.length)))).toBe('ok');
  });

  it('keys: [] gives E_NO_KEY for a signed message (never "accept as unsigned")', () => {
    const r = verifyMessage(signed(), { keys: [] });
    expect(code(r)).toBe('E_NO_KEY');
    expect(code(verifyMessage(signed(), { keys: [], allowUnsigned: true }))).toBe('E_NO_KEY');
  });

  it('maxBytes: E_TOO_LARGE before parsing, for bytes and strings', () => {
    const body = signed();
    expect(code(verify(body, { maxBytes: body.length }))).toBe('ok');
    const r = verify(body, { maxBytes: body.length - 1 });
    expect(code(r)).toBe('E_TOO_LARGE');
    expect(!r.ok && r.details).toEqual({ bytes: body.length, maxBytes: body.length - 1 });
    expect(code(verify('x'.repeat(100), { maxBytes: 99 }))).toBe('E_TOO_LARGE');
    // a string's UTF-8 can be longer than its length
    const text = Buffer.from(signed(message({ payload: { device_name: 'ééé' } }))).toString();
    expect(code(verify(text, { maxBytes: text.length }))).toBe('E_TOO_LARGE');
    expect(code(verify(text, { maxBytes: Buffer.byteLength(text) }))).toBe('ok');
  });
});

describe('keys and rotation', () => {
  it('tries every key in order, reports the first match, accepts bytes and strings', () => {
    const body = signed();
    const keyBytes = new Uint8Array(Buffer.from(KEY));
    const r1 = verifyMessage(body, { keys: ['wrong-key-0123456789', { id: 'current', key: keyBytes }, { id: 'dup', key: KEY }] });
    expect(r1.ok && r1.keyId).toBe('current');
    const r2 = verifyMessage(body, { keys: ['wrong-1', 'wrong-2'] });
    expect(!r2.ok && r2.details).toEqual({ keysTried: 2 });
    // a revoked key is simply absent
    expect(code(verifyMessage(body, { keys: ['new-key-after-rotation-012345678'] }))).toBe('E_SIG_MISMATCH');
  });

  it('keys longer than the block (hashed, RFC 2104) and non-ASCII keys (UTF-8) match node:crypto', () => {
    for (const key of ['k'.repeat(131), 'clé-ünïcødé-🔑', new Uint8Array(65).fill(7)]) {
      const body = referenceSignJson(message(), key);
      const r = verifyMessage(body, { keys: [key] });
      expect(r.ok && r.keyId, String(key)).toBe('0');
    }
  });

  it('a verifier keeps a copy of byte keys: changing the caller buffer later changes nothing', () => {
    const buf = new Uint8Array(Buffer.from(KEY));
    const v = createVerifier({ keys: [buf] });
    buf.fill(0);
    expect(code(v.verify(signed()))).toBe('ok');
  });

  it('createVerifier: one keyed verifier for many bodies, interleaved with other verifiers', () => {
    const a = createVerifier({ keys: [KEY] });
    const b = createVerifier({ keys: ['other-key-0000000000000000000000'] });
    const ma = signed();
    const mb = referenceSignJson(message(), 'other-key-0000000000000000000000');
    for (let i = 0; i < 5; i++) {
      expect(code(a.verify(ma))).toBe('ok');
      expect(code(b.verify(mb))).toBe('ok');
      expect(code(a.verify(mb))).toBe('E_SIG_MISMATCH');
      expect(code(b.verify(signedCbor()))).toBe('E_SIG_MISMATCH');
    }
  });
});

describe('signature failures carry the unauthenticated rest of the verdict', () => {
  const OTHER = 'another-key-of-32-characters-xyz';
  const enc = (text: string) => new TextEncoder().encode(text);
  const rest = (r: VerifyResult) => (r.ok ? undefined : r.unauthenticated);

  it('present for every signature-class code when the rest is well-formed: the fields as received', () => {
    const m = message();
    const cases: Array<[string, VerifyResult]> = [
      ['E_SIG_MISMATCH', verifyMessage(referenceSignJson(m, OTHER), { keys: [KEY] })],
      ['E_NO_KEY', verifyMessage(signed(), { keys: [] })],
      ['E_SIG_PLACEHOLDER', verify(enc(placeholderText(m)))],
      ['E_SIG_MISSING', verify(enc(JSON.stringify({ ...m, signature: '' })))],
      ['E_SIG_MISSING', verify(enc(JSON.stringify({ protected: m.protected, payload: m.payload })))],
      ['E_SIG_FORMAT', verify(enc(JSON.stringify({ ...m, signature: 'AB'.repeat(32) })))],
      ['E_SIG_FORMAT', verify(enc(placeholderText(m).replace(`"${'0'.repeat(64)}"`, `"\\u0061${'a'.repeat(63)}"`)))],
      ['E_SCHEMA', verify(enc(JSON.stringify({ ...m, signature: 42 })))],
      ['E_ALG_NONE', verify(enc(JSON.stringify({ ...m, protected: { ...m.protected, alg: 'none' } })))],
    ];
    for (const [expected, r] of cases) {
      expect(code(r), expected).toBe(expected);
      const prot = expected === 'E_ALG_NONE' ? { ...m.protected, alg: 'none' } : m.protected;
      expect(rest(r), expected).toEqual({ ok: true, protected: prot, payload: m.payload, encoding: 'json', freshness: 'unknown' });
    }
    const schema = verify(enc(JSON.stringify({ ...m, signature: 42 })));
    expect(!schema.ok && schema.details).toEqual({ path: 'signature' });
    // CBOR: the same, with the encoding it was read as
    const cbor = verifyMessage(signedCbor(), { keys: [OTHER] });
    expect(code(cbor)).toBe('E_SIG_MISMATCH');
    expect(rest(cbor)).toMatchObject({ ok: true, encoding: 'cbor', protected: { ver: 'v1', alg: 'HS256' }, payload: { device_type: 'T', interval_ms: 10 } });
    expect(code(verify(cborMessage()))).toBe('E_SIG_PLACEHOLDER');
    expect(rest(verify(cborMessage()))).toMatchObject({ ok: true, encoding: 'cbor' });
  });

  it('the checks after the signature run with it set aside; the reported code stays the signature failure', () => {
    // a broken payload behind a placeholder: E_SIG_PLACEHOLDER, and the payload's own E_SCHEMA inside
    const noType = message();
    delete (noType.payload as Record<string, unknown>)['device_type'];
    const r = verify(enc(placeholderText(noType)));
    expect(code(r)).toBe('E_SIG_PLACEHOLDER');
    expect(rest(r)).toMatchObject({ ok: false, code: 'E_SCHEMA', details: { path: 'payload.device_type' } });
    // an invalid iat behind alg "none" (refused before the iat check)
    const none = verify(enc(JSON.stringify(message({ protected: { alg: 'none', iat: -1 } }))));
    expect(code(none)).toBe('E_ALG_NONE');
    expect(rest(none)).toMatchObject({ ok: false, code: 'E_IAT_INVALID', details: { path: 'protected.iat' } });
    // the iat window, read from a clock only when a window applies
    const forged = referenceSignJson(message(), OTHER);
    const at = (now: number) => verify(forged, { maxAgeSeconds: 300, now: () => now });
    expect(rest(at(IAT + 10))).toMatchObject({ ok: true, freshness: 'fresh', protected: { iat: IAT } });
    const stale = at(IAT + 301);
    expect(code(stale)).toBe('E_SIG_MISMATCH');
    expect(rest(stale)).toMatchObject({ ok: false, code: 'E_STALE', message: `iat ${IAT} is 301 s old (max 300 s)`, details: { iat: IAT, now: IAT + 301, maxAgeSeconds: 300 } });
    expect(rest(at(IAT - 301))).toMatchObject({ ok: false, code: 'E_FUTURE', details: { maxFutureSeconds: 300 } });
    let reads = 0;
    verify(forged, { now: () => (reads++, IAT) });
    expect(reads).toBe(0);
  });

  it('absent for success and for every failure that is not about the signature', () => {
    const good = verify(signed());
    expect(good.ok).toBe(true);
    expect('unauthenticated' in good).toBe(false);
    const noType = message();
    delete (noType.payload as Record<string, unknown>)['device_type'];
    const body = signed();
    const cases: Array<[string, VerifyResult]> = [
      ['E_JSON_PARSE', verify('{"protected":')],
      ['E_CBOR_PARSE', verify(new Uint8Array([0xa1, 0x61]))],
      ['E_TOO_LARGE', verify(body, { maxBytes: 10 })],
      ['E_VERSION', verify(enc(JSON.stringify(message({ protected: { ver: 'v2' } }))))],
      ['E_ALG_UNSUPPORTED', verify(enc(JSON.stringify(message({ protected: { alg: 'RS256' } }))))],
      ['E_IAT_INVALID', verify(signed(message({ protected: { iat: 'soon' } })))],
      // a signed message with a broken payload: the payload is checked before the MAC
      ['E_SCHEMA', verifyMessage(referenceSignJson(noType, OTHER), { keys: [KEY] })],
      ['E_STALE', verify(body, { maxAgeSeconds: 300, now: () => IAT + 301 })],
      ['E_FUTURE', verify(body, { maxAgeSeconds: 300, now: () => IAT - 301 })],
    ];
    for (const [expected, r] of cases) {
      expect(code(r), expected).toBe(expected);
      expect(r.ok || 'unauthenticated' in r, expected).toBe(false);
    }
  });
});

describe('the caller’s bytes are never modified', () => {
  it('the body is unchanged after verification (the signature is zeroed only in the MAC input)', () => {
    for (const body of [signed(), signedCbor(), referenceSignCborWithTail(message({ payload: { values: ['Ref-BINARY-i16'] } }), new Uint8Array(10), KEY)]) {
      const before = Buffer.from(body);
      expect(code(verify(body))).toBe('ok');
      expect(code(verifyMessage(body, { keys: ['a', 'b', KEY] }))).toBe('ok');
      expect(Buffer.from(body).equals(before)).toBe(true);
    }
  });
});

describe('scanner details', () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it('JSON: member spans, offsets and paths', () => {
    const r = scanJson(enc('{ "a" : [1, {"b": "x"}], "signature":"s" }'));
    if (!r.ok) throw new Error(r.message);
    expect(r.members!.get('a')).toEqual({ keyStart: 2, valueStart: 8, valueEnd: 23 });
    expect(r.members!.get('signature')).toEqual({ keyStart: 25, valueStart: 37, valueEnd: 40 });
    const e = scanJson(enc('{"a":[1,{"b":tru}]}'));
    expect(e).toMatchObject({ ok: false, code: 'E_JSON_PARSE', offset: 13, path: 'a[1].b' });
    expect(scanJson(enc(''))).toMatchObject({ ok: false, code: 'E_JSON_PARSE', offset: 0 });
    expect(scanJson(enc('{"a":1}')).ok && scanJson(enc('[1]')).ok && scanJson(enc('"x"')).ok).toBe(true);
  });

  it('JSON: a member named __proto__ is an own property, not a prototype change', () => {
    const r = scanJson(enc('{"__proto__":{"polluted":true},"x":1}'));
    if (!r.ok) throw new Error(r.message);
    const v = r.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // and inside a signed message it is just an unknown member
    expect(code(verify(signText(placeholderText().replace('"device_type"', '"__proto__":{"device_type":1},"device_type"'))))).toBe('ok');
  });

  it('JSON: number forms', () => {
    const r = scanJson(enc('[0,-0,1.5,-2e3,1E-2,123456789012345,1234567890123456,9007199254740993,0.1]'));
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toEqual([0, -0, 1.5, -2000, 0.01, 123456789012345, 1234567890123456, 9007199254740992, 0.1]);
    for (const bad of ['[-]', '[1.]', '[1e]', '[1e+]', '[01]', '[.1]', '[1.e1]', '[- 1]']) {
      expect(scanJson(enc(bad)).ok, bad).toBe(false);
    }
  });

  it('CBOR: head forms, half floats, spans and the binary-tail end offset', () => {
    const { raw, cat, text } = rawCbor;
    const r = scanCbor(cat(raw(0xb8, 0x02), text('a'), raw(0x1b, 0, 0, 0, 1, 0, 0, 0, 0), text('b'), raw(0x39, 0x01, 0x00), raw(0x00)));
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toEqual({ a: 2 ** 32, b: -257 });
    expect(r.end).toBe(r.end); // end is before the trailing 0x00
    expect(r.end).toBe(1 + 1 + 2 + 9 + 2 + 3);
    expect([0x3c00, 0x3d00, 0xc000, 0x0001, 0x7bff, 0x8000].map(decodeHalf)).toEqual([1, 1.25, -2, 2 ** -24, 65504, -0]);
    expect(scanCbor(raw(0xa0))).toMatchObject({ ok: true, value: {} });
    // an empty indefinite values array is fine
    const empty = cborMessage({ payload: cborPayload(raw(0x9f, 0xff)) });
    const s = scanCbor(empty);
    expect(s.ok && (s.value as { payload: { values: unknown[] } }).payload.values).toEqual([]);
  });

  it('hex decoding of the signature is strict lowercase', () => {
    expect(isLowerHex64('0123456789abcdef'.repeat(4))).toBe(true);
    expect(isLowerHex64('0123456789ABCDEF'.repeat(4))).toBe(false);
    expect(decodeHex64('ff'.repeat(32))).toEqual(new Uint8Array(32).fill(255));
    expect(decodeHex64('f'.repeat(63))).toBeNull();
    expect(decodeHex64('é'.repeat(64))).toBeNull();
  });
});

describe('large bodies', () => {
  it('a ~1 MB JSON message and a ~1 MB CBOR message verify; one changed byte at the end does not', () => {
    const rows = Array.from({ length: 35_000 }, (_, i) => [i * 0.001 - 9.81, Math.sin(i), i % 977]);
    const m = message({ payload: { sensors: [{ name: 'x', units: 'g' }, { name: 'y', units: 'g' }, { name: 'z', units: 'g' }], values: rows } });
    for (const body of [referenceSignJson(m, KEY), referenceSignCbor(m, KEY)]) {
      expect(body.length).toBeGreaterThan(700_000);
      const t0 = performance.now();
      const r = verify(body);
      const ms = performance.now() - t0;
      expect(code(r)).toBe('ok');
      expect(r.ok && r.payload.values).toHaveLength(35_000);
      const copy = body.slice();
      copy[copy.length - 3]! ^= 1;
      expect(code(verify(copy))).not.toBe('ok');
      console.log(`verify ${r.ok ? r.encoding : ''} ${(body.length / 1e6).toFixed(2)} MB: ${ms.toFixed(1)} ms`);
    }
  });
});
