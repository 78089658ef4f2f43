// reliability.md §4, sections C, D and E: every item that concerns a message (#20–22, #24–38; the HTTP
// items #23, #39, #40 belong to the ingestion service), each a named test with the expected codes.
// Fixtures are signed by the independent reference signer, so a refusal is never a bad MAC in disguise.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { verifyMessage, createReplayGuard, constantTimeEqual, type VerifyResult } from '../packages/edgesign/src/verify/verify-message.js';
import { EdgesignError } from '../packages/edgesign/src/errors.js';
import { hmacSha256 } from '../packages/edgesign/src/hash/hmac-sha256.js';
import { sharedPath, hexToBytes } from './helpers/shared.js';
import { PLACEHOLDER, rawCbor, referenceSignCbor, referenceSignJson } from './helpers/reference-signer.js';
import {
  IAT,
  KEY,
  cborMessage,
  cborPayload,
  cborProtected,
  cborSensors,
  code,
  message,
  placeholderText,
  signJsonBytes,
  signText,
  signed,
  signedCbor,
} from './helpers/verify-fixtures.js';

const { text, map, array, indefiniteArray, f64, uint, raw, cat } = rawCbor;
const verify = (body: Uint8Array | string, opts: Partial<Parameters<typeof verifyMessage>[1]> = {}): VerifyResult =>
  verifyMessage(body, { keys: [KEY], ...opts });
const fail = (r: VerifyResult) => {
  if (r.ok) throw new Error('expected a failure');
  return r;
};

describe('fixtures', () => {
  it('the base JSON and CBOR fixtures verify (so each refusal below is caused by its one change)', () => {
    expect(code(verify(signed()))).toBe('ok');
    expect(code(verify(signedCbor()))).toBe('ok');
    expect(code(verify(signText(placeholderText())))).toBe('ok');
  });
});

describe('C. Parsing the envelope', () => {
  it('#20 invalid JSON → E_JSON_PARSE with the byte offset, even when the bytes carry a valid MAC', () => {
    const base = placeholderText();
    const cases: Array<[string, string, string]> = [
      ['NaN token (Python allow_nan)', base.replace('-9.81', 'NaN'), 'NaN'],
      ['Infinity token', base.replace('-9.81', 'Infinity'), 'Infinity'],
      ['-Infinity token', base.replace('-9.81', '-Infinity'), '-Infinity'],
      ['trailing comma in an object', base.replace('"interval_ms":10', '"interval_ms":10,}').replace(/}$/, ''), ',}'],
      ['trailing comma in an array', base.replace('[-9.81,0.03]', '[-9.81,0.03,]'), ',]'],
      ['block comment', base.replace('"payload":', '/* c */"payload":'), '/*'],
      ['line comment', base.replace('"payload":', '// c\n"payload":'), '//'],
      ['single quotes', base.replace('"DISCO-L475VG-IOT01A"', "'DISCO-L475VG-IOT01A'"), "'"],
      ['leading zero', base.replace('"interval_ms":10', '"interval_ms":010'), '010'],
      ['plus sign', base.replace('"interval_ms":10', '"interval_ms":+10'), '+10'],
      ['bare fraction', base.replace('0.03', '.03'), '.03'],
      ['hex number', base.replace('"interval_ms":10', '"interval_ms":0x10'), '0x10'],
      ['raw control character in a string', base.replace('ac:87', 'ac\t87'), '\t'],
      ['invalid escape', base.replace('ac:87', 'ac\\x87'), '\\x'],
      ['unpaired surrogate escape', base.replace('ac:87', 'ac\\ud83d87'), '\\ud83d'],
      ['garbage after the root', base + 'x', 'x'],
      ['a second JSON value after the root', base + '{}', '{}'],
    ];
    for (const [name, t, marker] of cases) {
      const r = verify(signText(t));
      expect(code(r), name).toBe('E_JSON_PARSE');
      // the offset points at (or just after) the offending token
      const expected = Buffer.byteLength(t.slice(0, t.indexOf(marker)));
      const off = fail(r).details!.offset as number;
      expect(off >= expected && off <= expected + marker.length, `${name}: offset ${off}, token at ${expected}`).toBe(true);
    }
  });

  it('#20 a byte order mark is refused at offset 0', () => {
    const body = signed();
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
    const r = fail(verify(withBom));
    expect(r.code).toBe('E_JSON_PARSE');
    expect(r.details!.offset).toBe(0);
  });

  it('#20 every truncation of a signed message is E_JSON_PARSE (JSON) or E_CBOR_PARSE (CBOR)', () => {
    const json = signed();
    for (let n = 0; n < json.length; n++) expect(code(verify(json.subarray(0, n))), `JSON prefix ${n}`).toBe('E_JSON_PARSE');
    const cbor = signedCbor();
    for (let n = 1; n < cbor.length; n++) expect(code(verify(cbor.subarray(0, n))), `CBOR prefix ${n}`).toBe('E_CBOR_PARSE');
  });

  it('#20 whitespace around the root is JSON and is fine', () => {
    expect(code(verify(signText(` \r\n\t${placeholderText()}\n`)))).toBe('ok');
  });

  it('#21 duplicate members at any depth → E_DUPLICATE_KEY, never last-wins (JSON)', () => {
    const base = placeholderText();
    const evil = JSON.stringify(message({ payload: { device_name: 'evil', values: [[666, 666]] } }).payload);
    const cases: Array<[string, string]> = [
      ['prepended evil payload', base.replace('{"protected"', `{"payload":${evil},"protected"`)],
      ['appended evil payload', base.replace(/}$/, `,"payload":${evil}}`)],
      ['two signatures', base.replace('"payload"', `"signature":"${'1'.repeat(64)}","payload"`)],
      ['two alg', base.replace('"alg":"HS256"', '"alg":"none","alg":"HS256"')],
      ['two ver', base.replace('"ver":"v1"', '"ver":"v1","ver":"v1"')],
      ['two iat', base.replace('"iat":', '"iat":1,"iat":')],
      ['inside a sensor (depth 4)', base.replace('"units":"m/s2"', '"units":"m/s2","name":"x"')],
      ['two unknown members', base.replace('"interval_ms"', '"x":1,"x":2,"interval_ms"')],
      ['same name after escape decoding', base.replace('{"protected"', `{"p\\u0061yload":${evil},"protected"`)],
    ];
    for (const [name, t] of cases) {
      const r = fail(verify(signText(t)));
      expect(r.code, name).toBe('E_DUPLICATE_KEY');
      expect(typeof r.details!.offset, name).toBe('number');
    }
    const r = fail(verify(signText(cases[6]![1])));
    expect(r.details!.path).toBe('payload.sensors[0].name');
  });

  it('#21 duplicate CBOR map keys at any depth → E_DUPLICATE_KEY', () => {
    const evilPayload = cborPayload(array([array([f64(666)])]));
    const prepended = cat(raw(0xa4), text('payload'), evilPayload, cborMessage().subarray(1));
    const twoSigs = map([['protected', cborProtected()], ['signature', text(PLACEHOLDER)], ['signature', text('1'.repeat(64))], ['payload', cborPayload()]]);
    const twoAlg = cborMessage({ prot: cborProtected([['alg', text('none')]]) });
    const inSensor = cborMessage({ payload: cborPayload(undefined, [['sensors', cborSensors]]) });
    for (const [name, bytes] of [['prepended evil payload', prepended], ['two signatures', twoSigs], ['two alg', twoAlg], ['duplicate in payload', inSensor]] as const) {
      expect(code(verify(rawCbor.cat(bytes))), name).toBe('E_DUPLICATE_KEY');
    }
    const deep = cborMessage({ payload: cborPayload(array([]), [['extra', array([map([['a', uint(1)], ['a', uint(2)]])])]]) });
    const r = fail(verify(deep));
    expect(r.code).toBe('E_DUPLICATE_KEY');
    expect(r.details!.path).toBe('payload.extra[0].a');
  });

  it('#22 deep nesting → E_DEPTH at the limit, checked without recursion; the verifier keeps working', () => {
    const arrays = new Uint8Array(100_000).fill(0x5b); // [[[[…
    const r = fail(verify(arrays));
    expect(r.code).toBe('E_DEPTH');
    expect(r.details!.offset).toBe(64);
    expect(code(verify('{"a":'.repeat(100_000)))).toBe('E_DEPTH');
    expect(code(verify(new Uint8Array(100_000).fill(0x81)))).toBe('E_DEPTH'); // CBOR array(1) ×100 000
    // inside a message: an unknown member nested to exactly the limit is fine, one more is refused
    const nest = (k: number): unknown => (k === 0 ? 0 : [nest(k - 1)]);
    expect(code(verify(signed(message({ payload: { extra: nest(62) } }))))).toBe('ok');
    expect(code(verify(signed(message({ payload: { extra: nest(63) } }))))).toBe('E_DEPTH');
    // the limit is configurable: a message needs 4 levels
    expect(code(verify(signed(), { maxDepth: 4 }))).toBe('ok');
    expect(code(verify(signed(), { maxDepth: 3 }))).toBe('E_DEPTH');
    expect(code(verify(signed()))).toBe('ok');
  });

  it('#24 wrong types → E_SCHEMA with a path (iat → E_IAT_INVALID, signature null → E_SIG_MISSING)', () => {
    const m = message();
    const cases: Array<[string, object, string, string]> = [
      ['root is an array', [m], 'E_SCHEMA', '$'],
      ['protected is a string', { ...m, protected: 'v1' }, 'E_SCHEMA', 'protected'],
      ['protected is an array', { ...m, protected: ['v1', 'HS256'] }, 'E_SCHEMA', 'protected'],
      ['protected is null', { ...m, protected: null }, 'E_SCHEMA', 'protected'],
      ['protected missing', { signature: PLACEHOLDER, payload: m.payload }, 'E_SCHEMA', 'protected'],
      ['ver missing', message({ protected: { ver: undefined } }), 'E_SCHEMA', 'protected.ver'],
      ['ver a number', message({ protected: { ver: 1 } }), 'E_SCHEMA', 'protected.ver'],
      ['alg missing', message({ protected: { alg: undefined } }), 'E_SCHEMA', 'protected.alg'],
      ['alg an object', message({ protected: { alg: { name: 'HS256' } } }), 'E_SCHEMA', 'protected.alg'],
      ['iat a string', message({ protected: { iat: '1700000000' } }), 'E_IAT_INVALID', 'protected.iat'],
      ['iat a boolean', message({ protected: { iat: true } }), 'E_IAT_INVALID', 'protected.iat'],
      ['iat negative', message({ protected: { iat: -1 } }), 'E_IAT_INVALID', 'protected.iat'],
      ['payload is an array', { ...m, payload: [m.payload] }, 'E_SCHEMA', 'payload'],
      ['payload missing', { protected: m.protected, signature: PLACEHOLDER }, 'E_SCHEMA', 'payload'],
      ['device_type missing', message({ payload: { device_type: undefined } }), 'E_SCHEMA', 'payload.device_type'],
      ['device_type a number', message({ payload: { device_type: 7 } }), 'E_SCHEMA', 'payload.device_type'],
      ['device_name a number', message({ payload: { device_name: 7 } }), 'E_SCHEMA', 'payload.device_name'],
      ['interval_ms a string', message({ payload: { interval_ms: '10' } }), 'E_SCHEMA', 'payload.interval_ms'],
      ['interval_ms missing', message({ payload: { interval_ms: undefined } }), 'E_SCHEMA', 'payload.interval_ms'],
      ['interval_ms negative', message({ payload: { interval_ms: -1 } }), 'E_SCHEMA', 'payload.interval_ms'],
      ['sensors an object', message({ payload: { sensors: { name: 'a', units: 'b' } } }), 'E_SCHEMA', 'payload.sensors'],
      ['sensors empty', message({ payload: { sensors: [] } }), 'E_SCHEMA', 'payload.sensors'],
      ['sensor without units', message({ payload: { sensors: [{ name: 'a' }] } }), 'E_SCHEMA', 'payload.sensors[0].units'],
      ['sensor name a number', message({ payload: { sensors: [{ name: 1, units: 'g' }] } }), 'E_SCHEMA', 'payload.sensors[0].name'],
      ['values missing', message({ payload: { values: undefined } }), 'E_SCHEMA', 'payload.values'],
      ['values an object', message({ payload: { values: { a: 1 } } }), 'E_SCHEMA', 'payload.values'],
      ['null in a row (Infinity via JSON.stringify)', message({ payload: { values: [[1, 2], [null, 3]] } }), 'E_SCHEMA', 'payload.values[1][0]'],
      ['string in a row', message({ payload: { values: [[1, '2']] } }), 'E_SCHEMA', 'payload.values[0][1]'],
      ['object as a row', message({ payload: { values: [{ x: 1 }] } }), 'E_SCHEMA', 'payload.values[0]'],
    ];
    for (const [name, msg, expected, path] of cases) {
      const body = Array.isArray(msg) ? signText(JSON.stringify([{ ...m, signature: PLACEHOLDER }])) : signed(msg);
      const r = fail(verify(body));
      expect(r.code, name).toBe(expected);
      expect(r.details!.path, name).toBe(path);
    }
    // signature of the wrong type
    for (const [name, value, expected] of [['number', 0, 'E_SCHEMA'], ['object', { hex: 'ab' }, 'E_SCHEMA'], ['array', ['ab'], 'E_SCHEMA'], ['boolean', true, 'E_SCHEMA'], ['null', null, 'E_SIG_MISSING']] as const) {
      const r = fail(verify(JSON.stringify({ ...m, signature: value })));
      expect(r.code, `signature ${name}`).toBe(expected);
      expect(r.details!.path).toBe('signature');
    }
    // CBOR: a byte-string signature is the wrong type too
    expect(code(verify(cborMessage({ sig: rawCbor.bytes(new Uint8Array(32).fill(1)) })))).toBe('E_SCHEMA');
  });

  it('#25 invalid UTF-8 → E_INVALID_UTF8 at the first bad byte (fatal decoding, never U+FFFD)', () => {
    const t = placeholderText();
    const at = Buffer.byteLength(t.slice(0, t.indexOf('ac:87')));
    const cases: Array<[string, number[]]> = [
      ['overlong "/" (C0 AF)', [0xc0, 0xaf]],
      ['overlong 3-byte (E0 80 AF)', [0xe0, 0x80, 0xaf]],
      ['UTF-8 encoded surrogate (ED A0 80)', [0xed, 0xa0, 0x80]],
      ['0xFF', [0xff]],
      ['lone continuation byte', [0x80]],
      ['truncated sequence (E2 82)', [0xe2, 0x82]],
      ['above U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80]],
    ];
    const prefix = Buffer.from(t.slice(0, t.indexOf('ac:87')));
    const suffix = Buffer.from(t.slice(t.indexOf('ac:87')));
    for (const [name, bad] of cases) {
      const body = signJsonBytes(new Uint8Array(Buffer.concat([prefix, Buffer.from(bad), suffix])));
      const r = fail(verify(body));
      expect(r.code, name).toBe('E_INVALID_UTF8');
      expect(r.details!.offset, name).toBe(at);
    }
    // outside any string, e.g. after the root
    expect(code(verify(new Uint8Array([...signed(), 0xff])))).toBe('E_INVALID_UTF8');
    // in a CBOR text string
    const badText = cat(raw(0x62, 0xc3, 0x28));
    const cbor = cborMessage({ payload: cborPayload(undefined, [['device_name', badText]]) });
    expect(code(verify(referenceSignRawCborSafe(cbor)))).toBe('E_INVALID_UTF8');
    // a string body with a lone surrogate has no UTF-8 encoding
    expect(code(verify(placeholderText().replace('ac:87', '\ud800')))).toBe('E_INVALID_UTF8');
    // well-formed non-ASCII is fine
    expect(code(verify(signed(message({ payload: { device_name: 'capteur-é-😀' } }))))).toBe('ok');
  });

  it('#26 numbers that are not finite doubles → E_NON_FINITE even with a valid MAC; precision loss is accepted', () => {
    const t = placeholderText();
    for (const big of ['1e400', '-1e400', '1E+999']) {
      const r = fail(verify(signText(t.replace('-9.81', big))));
      expect(r.code, big).toBe('E_NON_FINITE');
      expect(r.details!.path).toBe('payload.values[0][0]');
    }
    expect(code(verify(signText(t.replace('"interval_ms":10', '"interval_ms":1e309'))))).toBe('E_NON_FINITE');
    // underflow and long integers are finite: the MAC covers the raw bytes, so they verify
    const long = verify(signText(t.replace('-9.81', '1234567890123456789012345').replace('0.03', '1e-400')));
    if (!long.ok) throw new Error(long.code);
    expect(long.payload.values[0]).toEqual([1234567890123456789012345, 0]);
    // CBOR floats: float64 and float32 infinities, half-float NaN
    for (const [name, item] of [['f64 Infinity', f64(Infinity)], ['f32 -Infinity', raw(0xfa, 0xff, 0x80, 0, 0)], ['f16 NaN', raw(0xf9, 0x7e, 0x00)], ['f16 Infinity', raw(0xf9, 0x7c, 0x00)]] as const) {
      expect(code(verify(signedCbor({ payload: cborPayload(array([array([item])])) }))), name).toBe('E_NON_FINITE');
    }
  });

  it('#27 valid signatures over non-JS serializations are accepted (raw bytes, parsed span)', () => {
    const m = message({ payload: { device_name: 'capteur-é-😀' }, protected: { iat: 1700000000.123456 } });
    const reordered = { payload: m.payload, signature: PLACEHOLDER, protected: m.protected };
    const bodies: Array<[string, Uint8Array]> = [
      ['compact (JSON.stringify)', signed(m, 'compact')],
      ['Python json.dumps (", " / ": ", \\u00e9 escapes)', signed(m, 'python')],
      ['pretty-printed', signed(m, 'pretty')],
      ['payload first, signature last', signed(reordered, 'compact')],
      ['Python style, reordered', signed(reordered, 'python')],
      ['1.0 and \\u0041 escapes', signText(placeholderText(m).replace('"interval_ms":10', '"interval_ms":10.0').replace('"accX"', '"\\u0061ccX"'))],
      ['CRLF line breaks and tabs', signText(placeholderText(m).replace(/,"/g, ',\r\n\t"'))],
      ['CBOR, integers and float64', referenceSignCbor(m, KEY)],
      ['CBOR, every number float64 (as the ingestion docs)', referenceSignCbor(m, KEY, { float64: true })],
      ['CBOR, indefinite values (as the C SDK)', referenceSignCbor(reordered, KEY, { indefiniteValues: true })],
    ];
    for (const [name, body] of bodies) {
      const r = verify(body);
      expect(code(r), name).toBe('ok');
      if (r.ok) {
        expect(r.keyId, name).toBe('0');
        expect(r.payload.device_name, name).toBe('capteur-é-😀');
        expect(r.protected.iat, name).toBe(1700000000.123456);
      }
    }
    const escaped = verify(bodies[5]![1]);
    expect(escaped.ok && escaped.payload.sensors[0]!.name).toBe('accX'); // "\u0061ccX" decoded
    // same object, different bytes, different signatures: a re-serializing verifier would refuse one
    const sigOf = (b: Uint8Array) => {
      const r = verify(b);
      return r.ok ? Buffer.from(b.subarray(r.signatureSpan!.start, r.signatureSpan!.end)).toString() : '';
    };
    expect(sigOf(bodies[0]![1])).not.toBe(sigOf(bodies[1]![1]));
  });

  it('#28 CBOR edge cases are refused with specific codes', () => {
    const cases: Array<[string, Uint8Array, string]> = [
      ['indefinite-length text signature', cborMessage({ sig: cat(raw(0x7f), text('0'.repeat(32)), text('0'.repeat(32)), raw(0xff)) }), 'E_CBOR_PARSE'],
      ['indefinite-length map', cat(raw(0xbf), cborMessage().subarray(1), raw(0xff)), 'E_CBOR_PARSE'],
      ['indefinite-length byte string', cborMessage({ payload: cborPayload(undefined, [['blob', cat(raw(0x5f, 0x41, 1, 0xff))]]) }), 'E_CBOR_PARSE'],
      ['indefinite array outside values (sensors)', cborMessage({ payload: map([['device_type', text('T')], ['interval_ms', uint(1)], ['sensors', indefiniteArray([map([['name', text('a')], ['units', text('b')]])])], ['values', array([])]]) }), 'E_CBOR_PARSE'],
      ['signature of 63 characters', cborMessage({ sig: text('a'.repeat(63)) }), 'E_SIG_FORMAT'],
      ['signature of 65 characters', cborMessage({ sig: text('a'.repeat(65)) }), 'E_SIG_FORMAT'],
      ['signature with a non-minimal head (79 00 40)', cborMessage({ sig: cat(raw(0x79, 0x00, 0x40), Buffer.from('a'.repeat(64))) }), 'E_SIG_FORMAT'],
      ['a tag (epoch time on iat)', cborMessage({ prot: cborProtected([['iat', cat(raw(0xc1), uint(IAT))]]) }), 'E_CBOR_PARSE'],
      ['a tag on the root', cat(raw(0xd9, 0xd9, 0xf7), cborMessage()), 'E_CBOR_PARSE'],
      ['undefined', cborMessage({ payload: cborPayload(undefined, [['x', raw(0xf7)]]) }), 'E_CBOR_PARSE'],
      ['a simple value', cborMessage({ payload: cborPayload(undefined, [['x', raw(0xf8, 0x20)]]) }), 'E_CBOR_PARSE'],
      ['reserved additional information (0x1c)', cborMessage({ payload: cborPayload(undefined, [['x', raw(0x1c)]]) }), 'E_CBOR_PARSE'],
      ['a stray break', cborMessage({ payload: cborPayload(undefined, [['x', raw(0xff)]]) }), 'E_CBOR_PARSE'],
      ['a non-text map key', cborMessage({ payload: cborPayload(undefined, [[uint(7), uint(1)]]) }), 'E_CBOR_PARSE'],
      ['a length beyond the body', cat(raw(0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), cborMessage().subarray(1)), 'E_CBOR_PARSE'],
      ['trailing bytes after the message', cat(cborMessage(), raw(0x00)), 'E_TRAILING_BYTES'],
      ['a second CBOR item after the message', cat(cborMessage(), cborMessage()), 'E_TRAILING_BYTES'],
      ['half-float NaN in values', cborMessage({ payload: cborPayload(indefiniteArray([array([raw(0xf9, 0x7e, 0x00)])])) }), 'E_NON_FINITE'],
    ];
    for (const [name, bytes, expected] of cases) {
      expect(code(verify(referenceSignRawCborSafe(bytes))), name).toBe(expected);
    }
    // a tail is allowed only after ["Ref-BINARY-<type>"], and is then covered by the MAC
    const withRef = cborMessage({ payload: cborPayload(indefiniteArray([text('Ref-BINARY-i16  ')])) });
    const tail = new Uint8Array([1, 0, 2, 0, 3, 0]);
    const good = referenceSignRawCborSafe(cat(withRef, tail));
    const r = verify(good);
    if (!r.ok) throw new Error(r.code);
    expect(r.binaryTail).toMatchObject({ type: 'i16', offset: withRef.length });
    expect([...r.binaryTail!.bytes]).toEqual([...tail]);
    const attachmentRef = cborMessage({ payload: cborPayload(array([text(`Ref-BINARY-image/jpeg (6 bytes) ${'a'.repeat(64)}`)])) });
    expect(code(verify(referenceSignRawCborSafe(cat(attachmentRef, tail))))).toBe('E_TRAILING_BYTES');
  });
});

/** Signs hand-made CBOR when it holds the placeholder; otherwise returns it unchanged. */
function referenceSignRawCborSafe(bytes: Uint8Array): Uint8Array {
  const i = Buffer.from(bytes).indexOf(Buffer.from([0x69, ...Buffer.from('signature'), 0x78, 0x40, ...Buffer.from(PLACEHOLDER)]));
  if (i < 0) return bytes;
  const copy = Buffer.from(bytes);
  copy.write(createHmac('sha256', KEY).update(copy).digest('hex'), i + 12, 'ascii');
  return new Uint8Array(copy);
}

describe('D. Algorithm and signature checks', () => {
  it('#29 alg "none" → E_ALG_NONE unless allowUnsigned; then ok as unsigned, never with a keyId', () => {
    const variants: Array<[string, unknown]> = [['"00"', '00'], ['0', 0], ['null', null], ['absent', undefined], ['64 hex', 'ab'.repeat(32)]];
    for (const [name, sig] of variants) {
      const m: Record<string, unknown> = { ...message({ protected: { alg: 'none' } }), signature: sig };
      if (sig === undefined) delete m['signature'];
      const body = JSON.stringify(m);
      expect(code(verify(body)), name).toBe('E_ALG_NONE');
      const r = verify(body, { allowUnsigned: true });
      expect(code(r), name).toBe('ok');
      if (r.ok) {
        expect(r.alg).toBe('none');
        expect(r.keyId).toBeUndefined();
      }
    }
    // a MAC that happens to match a key does not make an alg-none message signed
    const real = verify(signed());
    if (!real.ok) throw new Error(real.code);
    const asNone = Buffer.from(signed()).toString().replace('"alg":"HS256"', '"alg":"none"');
    const r = verify(asNone, { allowUnsigned: true });
    expect(r.ok && r.alg === 'none' && r.keyId === undefined).toBe(true);
    // CBOR too
    expect(code(verify(cborMessage({ prot: map([['ver', text('v1')], ['alg', text('none')]]), sig: text('00') })))).toBe('E_ALG_NONE');
  });

  it('#30 alg variants → E_ALG_UNSUPPORTED; ver ≠ "v1" → E_VERSION; unknown protected members are ignored', () => {
    for (const alg of ['hs256', 'HS256 ', ' HS256', 'HS384', 'HS512', 'RS256', 'ES256', 'None', 'NONE', '']) {
      expect(code(verify(signed(message({ protected: { alg } })))), JSON.stringify(alg)).toBe('E_ALG_UNSUPPORTED');
    }
    for (const ver of ['v2', 'V1', 'v1 ', '1', 'v0', '']) {
      expect(code(verify(signed(message({ protected: { ver } })))), JSON.stringify(ver)).toBe('E_VERSION');
    }
    // policy: unknown members are ignored (Edge Impulse producers add their own), known or not never duplicated
    const extra = verify(signed(message({ protected: { exp: 1564127560, kid: 'k1', crit: ['exp'] }, payload: { label: 'idle', extra: { a: [1, 2] } } })));
    expect(code(extra)).toBe('ok');
    if (extra.ok) expect(extra.protected['exp']).toBe(1564127560);
    expect(code(verify(signText(placeholderText().replace('{"protected"', '{"x-unknown":true,"protected"'))))).toBe('ok');
  });

  it('#31 malformed signatures → E_SIG_FORMAT; the all-zero placeholder → E_SIG_PLACEHOLDER (never compared)', () => {
    const good = Buffer.from(signed()).toString();
    const hex = /"signature":"([0-9a-f]{64})"/.exec(good)![1]!;
    const b64 = Buffer.from(hex, 'hex').toString('base64');
    const cases: Array<[string, string]> = [
      ['63 characters', hex.slice(1)],
      ['65 characters', hex + 'a'],
      ['non-hex character', 'g' + hex.slice(1)],
      ['base64', b64],
      ['base64url', b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')],
      ['leading space', ' ' + hex.slice(1)],
      ['trailing space', hex.slice(1) + ' '],
      ['surrounding spaces', ` ${hex} `],
      ['uppercase hex (policy: lowercase only, as every producer writes)', hex.toUpperCase()],
      ['one uppercase digit', hex.slice(0, 63) + hex[63]!.toUpperCase().replace(/[0-9]/, 'A')],
      ['0x prefix', '0x' + hex.slice(2)],
    ];
    for (const [name, sig] of cases) {
      const r = fail(verify(good.replace(hex, sig)));
      expect(r.code, name).toBe('E_SIG_FORMAT');
    }
    // the same 64 hex characters, but written with JSON escapes: the raw span is not 64 plain bytes
    expect(code(verify(good.replace(hex, '\\u00' + hex.charCodeAt(0).toString(16) + hex.slice(1))))).toBe('E_SIG_FORMAT');
    expect(code(verify(good.replace(hex, PLACEHOLDER)))).toBe('E_SIG_PLACEHOLDER');
    expect(code(verify(cborMessage()))).toBe('E_SIG_PLACEHOLDER');
  });

  it('#32 a truncated tag (16 or 24 bytes) is refused by the length check; the compare never throws', () => {
    const good = Buffer.from(signed()).toString();
    const hex = /"signature":"([0-9a-f]{64})"/.exec(good)![1]!;
    for (const len of [32, 48]) expect(code(verify(good.replace(hex, hex.slice(0, len)))), `${len / 2} bytes`).toBe('E_SIG_FORMAT');
    const tag = hmacSha256(KEY, 'x');
    expect(constantTimeEqual(tag, tag.subarray(0, 16))).toBe(false);
    expect(constantTimeEqual(tag.subarray(0, 24), tag)).toBe(false);
    expect(constantTimeEqual(tag, new Uint8Array(0))).toBe(false);
    expect(constantTimeEqual(tag, 'not bytes' as unknown as Uint8Array)).toBe(false);
    expect(constantTimeEqual(tag, tag.slice())).toBe(true);
    // Wycheproof's truncated-tag groups (tagSize 128): a verifier of this format must refuse such tags
    const wy = sharedPath('vectors/wycheproof/testvectors_v1_hmac_sha256_test.json');
    if (wy) {
      const file = JSON.parse(readFileSync(wy, 'utf8')) as { testGroups: Array<{ tagSize: number; tests: Array<{ tag: string }> }> };
      const short = file.testGroups.filter((g) => g.tagSize === 128).flatMap((g) => g.tests);
      expect(short.length).toBeGreaterThan(0);
      for (const t of short) expect(code(verify(good.replace(hex, t.tag)))).toBe('E_SIG_FORMAT');
    }
  });

  it('#33 every single-bit change of the tag is rejected; Wycheproof ModifiedTag cases; one compare path for every mismatch position', () => {
    const body = signed();
    const r = verify(body);
    if (!r.ok) throw new Error(r.code);
    const { start } = r.signatureSpan!;
    const hex = Buffer.from(body.subarray(start, start + 64)).toString();
    const tag = Buffer.from(hex, 'hex');
    for (let bit = 0; bit < 256; bit++) {
      const t = Buffer.from(tag);
      t[bit >> 3]! ^= 1 << (bit & 7);
      const copy = body.slice();
      copy.set(Buffer.from(t.toString('hex'), 'ascii'), start);
      expect(code(verify(copy)), `bit ${bit}`).toBe('E_SIG_MISMATCH');
    }
    const ones = body.slice();
    ones.set(Buffer.from('f'.repeat(64)), start);
    expect(code(verify(ones))).toBe('E_SIG_MISMATCH');

    // Wycheproof v1 (full 32-byte tags): the compare accepts exactly the valid tags
    const wy = sharedPath('vectors/wycheproof/testvectors_v1_hmac_sha256_test.json');
    if (wy) {
      const file = JSON.parse(readFileSync(wy, 'utf8')) as { testGroups: Array<{ tagSize: number; tests: Array<{ tcId: number; key: string; msg: string; tag: string; result: string; flags: string[] }> }> };
      let modified = 0;
      for (const g of file.testGroups.filter((x) => x.tagSize === 256)) {
        for (const t of g.tests) {
          const mac = hmacSha256(hexToBytes(t.key), hexToBytes(t.msg));
          expect(constantTimeEqual(mac, hexToBytes(t.tag)), `tcId ${t.tcId}`).toBe(t.result === 'valid');
          if (t.flags.includes('ModifiedTag')) modified++;
        }
      }
      expect(modified).toBeGreaterThan(0);
    }

    // Constant-time by structure: the same reads, in the same order, whatever the mismatch position.
    const traceOf = (a: Uint8Array, b: Uint8Array): string[] => {
      const trace: string[] = [];
      const spy = (u: Uint8Array, name: string) =>
        new Proxy(u, {
          get(target, prop) {
            trace.push(`${name}.${String(prop)}`);
            const v = Reflect.get(target, prop);
            return typeof v === 'function' ? v.bind(target) : v;
          },
        });
      const result = constantTimeEqual(spy(a, 'a'), spy(b, 'b'));
      trace.push(`=${result}`);
      return trace;
    };
    const a = new Uint8Array(tag);
    const equalTrace = traceOf(a, a.slice()).slice(0, -1);
    expect(equalTrace.filter((s) => /^[ab]\.\d+$/.test(s))).toHaveLength(64); // every byte of both, once
    for (let pos = 0; pos < 32; pos++) {
      const b = a.slice();
      b[pos]! ^= 0x80;
      const t = traceOf(a, b);
      expect(t.slice(0, -1), `mismatch at ${pos}`).toEqual(equalTrace);
      expect(t.at(-1)).toBe('=false');
    }
    const allDifferent = a.map((x) => x ^ 0xff);
    expect(traceOf(a, allDifferent).slice(0, -1)).toEqual(equalTrace);
  });

  it('#34 the signature is zeroed at its parsed span, not found by text search', () => {
    // the placeholder text also appears before the signature (payload first): a first-match search would zero the wrong one
    const zerosName = { payload: { ...message().payload, device_name: PLACEHOLDER }, signature: PLACEHOLDER, protected: message().protected };
    expect(code(verify(signed(zerosName)))).toBe('ok');
    expect(code(verify(referenceSignCbor(zerosName, KEY)))).toBe('ok');
    // a nested member called "signature" is just an unknown payload member; it is not zeroed
    const nested = message({ payload: { signature: 'ab'.repeat(32) } });
    const body = signed(nested);
    expect(code(verify(body))).toBe('ok');
    const tampered = Buffer.from(body).toString().replace('ab'.repeat(32), 'ba'.repeat(32));
    expect(code(verify(tampered))).toBe('E_SIG_MISMATCH');
    // copying the signature into device_name (same length) is a change like any other
    const good = Buffer.from(signed(message({ payload: { device_name: 'x'.repeat(64) } }))).toString();
    const hex = /"signature":"([0-9a-f]{64})"/.exec(good)![1]!;
    expect(code(verify(good.replace('x'.repeat(64), hex)))).toBe('E_SIG_MISMATCH');
    // the span reported is the top-level member's
    const r = verify(signed(zerosName));
    if (!r.ok) throw new Error(r.code);
    const t = Buffer.from(signed(zerosName)).toString();
    expect(r.signatureSpan!.start).toBe(t.lastIndexOf('"signature":"') + 13);
  });

  it('#35 signature missing, null or "" → E_SIG_MISSING, never treated as alg none', () => {
    const m = message();
    const bodies: Array<[string, string | Uint8Array]> = [
      ['missing', JSON.stringify({ protected: m.protected, payload: m.payload })],
      ['null', JSON.stringify({ ...m, signature: null })],
      ['empty', JSON.stringify({ ...m, signature: '' })],
      ['CBOR missing', map([['protected', cborProtected()], ['payload', cborPayload()]])],
      ['CBOR null', cborMessage({ sig: raw(0xf6) })],
      ['CBOR empty', cborMessage({ sig: text('') })],
    ];
    for (const [name, body] of bodies) {
      expect(code(verify(body)), name).toBe('E_SIG_MISSING');
      expect(code(verify(body, { allowUnsigned: true })), `${name}, allowUnsigned`).toBe('E_SIG_MISSING');
    }
  });
});

describe('E. Freshness and replay', () => {
  it('#36 iat outside the window → E_STALE / E_FUTURE; no iat → freshness unknown; no window unless set', () => {
    const at = (iat: unknown) => signed(message({ protected: { iat } }));
    const now = () => IAT;
    const table: Array<[string, unknown, Partial<Parameters<typeof verifyMessage>[1]>, string, string?]> = [
      ['exactly max age', IAT - 300, { maxAgeSeconds: 300 }, 'ok', 'fresh'],
      ['one second too old', IAT - 301, { maxAgeSeconds: 300 }, 'E_STALE'],
      ['15 min window', IAT - 899, { maxAgeSeconds: 900 }, 'ok', 'fresh'],
      ['future within the symmetric default', IAT + 300, { maxAgeSeconds: 300 }, 'ok', 'fresh'],
      ['future beyond the symmetric default', IAT + 301, { maxAgeSeconds: 300 }, 'E_FUTURE'],
      ['future bound set separately', IAT + 61, { maxAgeSeconds: 300, maxFutureSeconds: 60 }, 'E_FUTURE'],
      ['future bound only', IAT - 86_400, { maxFutureSeconds: 60 }, 'ok', 'fresh'],
      ['fractional iat (Python time.time())', IAT - 299.75, { maxAgeSeconds: 300 }, 'ok', 'fresh'],
      ['no window configured: any iat', IAT - 10 * 365 * 86_400, {}, 'ok', 'unknown'],
      ['no iat: unknown, even with a window', undefined, { maxAgeSeconds: 300 }, 'ok', 'unknown'],
      ['iat null (Python SDK default): unknown', null, { maxAgeSeconds: 300 }, 'ok', 'unknown'],
      ['milliseconds by mistake', IAT * 1000, { maxAgeSeconds: 300 }, 'E_FUTURE'],
      ['clock unset on the device (1970)', 0, { maxAgeSeconds: 300 }, 'E_STALE'],
    ];
    for (const [name, iat, opts, expected, freshness] of table) {
      const r = verify(at(iat), { now, ...opts });
      expect(code(r), name).toBe(expected);
      if (r.ok) expect(r.freshness, name).toBe(freshness);
      else expect(r.details, name).toMatchObject({ iat, now: IAT });
    }
    // a stale message with a bad MAC reports the MAC: freshness is only judged on authentic messages
    const stale = Buffer.from(at(IAT - 1000)).toString().replace('"device_type":"D', '"device_type":"E');
    expect(code(verify(stale, { now, maxAgeSeconds: 300 }))).toBe('E_SIG_MISMATCH');
    // CBOR iat as an integer and as a float
    for (const iat of [uint(IAT - 10), f64(IAT - 10.5)]) {
      const r = verify(signedCbor({ prot: cborProtected([['iat', iat]]) }), { now, maxAgeSeconds: 5 });
      expect(code(r)).toBe('E_STALE');
    }
  });

  it('#37 exact replay of the same bytes: caught within the TTL by SHA-256, forgotten after it, bounded memory', () => {
    let t = IAT;
    const guard = createReplayGuard({ ttlSeconds: 300, now: () => t });
    const body = signed();
    expect(verify(body).ok).toBe(true);
    expect(guard.seen(body)).toBe(false);
    expect(guard.seen(body)).toBe(true); // the second copy
    expect(guard.seen(body.slice())).toBe(true); // same bytes, other buffer
    expect(guard.seen(Buffer.from(body).toString())).toBe(true); // same bytes as a string
    const other = body.slice();
    other[other.length - 2]! ^= 1;
    expect(guard.seen(other)).toBe(false);
    t += 299;
    expect(guard.has(body)).toBe(true);
    t += 2;
    expect(guard.has(body)).toBe(false); // after the TTL
    expect(guard.seen(body)).toBe(false);
    // has/add: record only after a durable write, so a retry after a failed write is not a replay
    const b2 = signed(message({ payload: { device_name: 'two' } }));
    expect(guard.has(b2)).toBe(false);
    expect(guard.has(b2)).toBe(false);
    guard.add(b2);
    expect(guard.has(b2)).toBe(true);
    // bounded: the oldest entries go first
    const small = createReplayGuard({ ttlSeconds: 3600, maxEntries: 100, now: () => t });
    for (let i = 0; i < 1000; i++) small.add(`message ${i}`);
    expect(small.size).toBe(100);
    expect(small.has('message 999')).toBe(true);
    expect(small.has('message 0')).toBe(false);
    expect(() => createReplayGuard({ ttlSeconds: 0 })).toThrow(EdgesignError);
    expect(() => createReplayGuard({ ttlSeconds: 1, maxEntries: 0 })).toThrow(EdgesignError);
  });

  it('#38 receiver clock skew and jumps: the window uses the injected clock (data-driven matrix)', () => {
    const body = signed(); // iat = IAT
    // [case, receiver clock minus true time (s), window, expected]; the device clock is right
    const matrix: Array<[string, number, number, string]> = [
      ['in sync', 0, 300, 'ok'],
      ['receiver 4 min behind', -240, 300, 'ok'],
      ['receiver 4 min ahead', 240, 300, 'ok'],
      ['NTP jump: receiver 10 min behind', -600, 300, 'E_FUTURE'],
      ['NTP jump: receiver 10 min ahead', 600, 300, 'E_STALE'],
      ['10 min skew under a 15 min window', 600, 900, 'ok'],
      ['DST change: epoch seconds are UTC, no effect', 0, 300, 'ok'],
      ['device wrote local time (UTC+1) as iat: looks 1 h ahead', -3600, 300, 'E_FUTURE'],
      ['leap second (receiver 1 s off)', 1, 300, 'ok'],
      ['fractional clock', 300.001, 300, 'E_STALE'],
    ];
    for (const [name, skew, window, expected] of matrix) {
      expect(code(verify(body, { maxAgeSeconds: window, now: () => IAT + skew })), name).toBe(expected);
    }
    // a broken clock is a bad option, not a bad message
    expect(() => verify(body, { maxAgeSeconds: 300, now: () => NaN })).toThrow(EdgesignError);
    expect(() => verify(body, { maxAgeSeconds: 300, now: () => { throw new Error('clock down'); } })).toThrow(/now\(\) threw: clock down/);
    // the clock is only read when a window applies
    let reads = 0;
    verify(body, { now: () => (reads++, IAT) });
    expect(reads).toBe(0);
    verify(body, { now: () => (reads++, IAT), maxAgeSeconds: 1 });
    expect(reads).toBe(1);
  });
});

it('the refusal codes of the checks above stay distinct from a MAC mismatch on a valid-looking body', () => {
  // sanity: an authentic message with one field edited is E_SIG_MISMATCH (the default outcome of tampering)
  const t = Buffer.from(signed()).toString().replace('"interval_ms":10', '"interval_ms":11');
  expect(code(verify(t))).toBe('E_SIG_MISMATCH');
  expect(code(verify(referenceSignJson(message(), 'another key 0123456789abcdef0123')))).toBe('E_SIG_MISMATCH');
});
