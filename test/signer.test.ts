// The message signer: byte-exact with Edge Impulse's producers (vectors V1, V2, D1), JSON identical
// to JSON.stringify, CBOR read back by a real decoder, every signature checked with node:crypto.
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { decode as cborDecode, Decoder } from 'cbor-x';
import fc from 'fast-check';
import { assembleStream, createSigner, EdgesignError, signAttachment, toHex, type SignerOptions } from '../packages/edgesign/src/index.js';
import { getCore } from '../packages/edgesign/src/wasm/core.js';
import { loadEiVectors } from './helpers/edge-impulse-vectors.js';
import { referenceSignJson } from './helpers/reference-signer.js';
import { thrownCode } from './helpers/thrown-code.js';

const KEY = 'fed53116f20684c067774ebf9e7bcbdc';
const SENSORS = [{ name: 'accX', units: 'm/s2' }, { name: 'accY', units: 'm/s2' }, { name: 'accZ', units: 'm/s2' }];
const BASE: SignerOptions = { hmacKey: KEY, deviceName: 'ac:87:a3:0a:2d:1b', deviceType: 'DISCO-L475VG-IOT01A', intervalMs: 10, sensors: SENSORS };
const vectors = loadEiVectors();
const PLACEHOLDER = '0'.repeat(64);

/** Independent check: the signature at `offset` is the HMAC of the message with 64 '0' there. */
function expectSignedAt(msg: Uint8Array, offset: number, key: string | Uint8Array = KEY): void {
  const sig = Buffer.from(msg.subarray(offset, offset + 64)).toString('latin1');
  expect(sig).toMatch(/^[0-9a-f]{64}$/);
  const zeroed = Buffer.from(msg);
  zeroed.fill(0x30, offset, offset + 64);
  expect(createHmac('sha256', key).update(zeroed).digest('hex')).toBe(sig);
}

function jsonSigOffset(msg: Uint8Array): number {
  const text = Buffer.from(msg).toString('utf8');
  const sig = (JSON.parse(text) as { signature: string }).signature;
  const at = Buffer.from(msg).indexOf(`"signature":"${sig}"`);
  expect(at).toBeGreaterThan(0);
  return at + '"signature":"'.length;
}

function cborSigOffset(msg: Uint8Array): number {
  const at = Buffer.from(msg).indexOf(Buffer.from('697369676e61747572657840', 'hex')); // "signature" 78 40
  expect(at).toBeGreaterThanOrEqual(0);
  return at + 12;
}

describe.skipIf(!vectors)('published vectors', () => {
  const f32rows = (rows: number[][]) => Float32Array.from(rows.flat());

  it('V1 (C SDK: CBOR, float32, interval as a half float, no iat) byte for byte', () => {
    const v = vectors!.byId.V1!;
    const signer = createSigner({ ...BASE, hmacKey: vectors!.key, encoding: 'cbor', intervalAsFloat: true });
    const msg = signer.sign(f32rows(v.inputs!.values_float32!), { iat: null });
    expect(toHex(msg)).toBe(v.hex);
    expect(signer.contentType).toBe('application/cbor');
  });

  it('V2 (docs: CBOR, float32, integer interval, iat) byte for byte', () => {
    const v = vectors!.byId.V2!;
    const v1 = vectors!.byId.V1!;
    const rows = v1.inputs!.values_float32!.map((r) => [...r]);
    rows[1]![2] = 1.28;
    const msg = createSigner({ ...BASE, encoding: 'cbor' }).sign(f32rows(rows), { iat: v.inputs!.iat! });
    expect(toHex(msg)).toBe(v.hex);
  });

  it('D1 (JSON as JSON.stringify writes it) byte for byte, signature included', () => {
    const v = vectors!.byId.D1!;
    const msg = createSigner({ ...BASE, encoding: 'json' }).sign(v.inputs!.values!, { iat: v.inputs!.iat! });
    expect(Buffer.from(msg).toString('utf8')).toBe(v.unsigned_text!.replace(PLACEHOLDER, v.signature!));
  });
});

describe('JSON', () => {
  const eiWay = (o: SignerOptions, values: number[][] | number[], iat: number | null) => {
    // The Edge Impulse Node way (library/data-forwarder.ts): JSON.stringify with the placeholder, HMAC,
    // patch; done by the test suite's independent node:crypto signer.
    const doc = {
      protected: { ver: 'v1', alg: 'HS256', ...(iat === null ? {} : { iat }) },
      signature: PLACEHOLDER,
      payload: {
        ...(o.deviceName === undefined ? {} : { device_name: o.deviceName }),
        device_type: o.deviceType, interval_ms: o.intervalMs, sensors: o.sensors, values,
      },
    };
    return Buffer.from(referenceSignJson(doc, o.hmacKey)).toString('utf8');
  };

  it('equals JSON.stringify + createHmac for random doubles, edge values and strings (fast-check)', () => {
    const edge = fc.constantFrom(5e-324, 1e21, 1e-7, -0, 0.1 + 0.2, 2 ** 53 + 1, 1e-6, 123456789012345680000, -1.5e-300, 9.81, 100, 0.000001);
    const num = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), edge, fc.integer().map((i) => i / 1000));
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\u0001', '\u001f', '\u2028', '/', 'é', '🙂', '\u007f'), fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c))) });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(num, num), { minLength: 1, maxLength: 30 }),
        text, text, text, fc.option(fc.integer({ min: 0, max: 4_000_000_000 })), fc.double({ min: 0.001, max: 1e6, noNaN: true }),
        (rows, name, type, sensorName, iat, intervalMs) => {
          const o: SignerOptions = {
            hmacKey: KEY, deviceName: name.length ? name : 'n', deviceType: type.length ? type : 'T', intervalMs,
            sensors: [{ name: sensorName.length ? sensorName : 's', units: 'u' }, { name: 'b', units: 'm/s2' }],
          };
          const got = Buffer.from(createSigner(o).sign(rows, { iat })).toString('utf8');
          return got === eiWay(o, rows, iat);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('one sensor is written flat whatever the input shape', () => {
    const o: SignerOptions = { ...BASE, sensors: [SENSORS[0]!] };
    const signer = createSigner(o);
    const flat = Buffer.from(signer.sign([1.5, -2, 3], { iat: 5 })).toString();
    expect(flat).toBe(eiWay(o, [1.5, -2, 3], 5));
    expect(Buffer.from(signer.sign([[1.5], [-2], [3]], { iat: 5 })).toString()).toBe(flat);
    expect(Buffer.from(signer.sign(new Float64Array([1.5, -2, 3]), { iat: 5 })).toString()).toBe(flat);
  });

  it('float32 values get the shortest decimal that reads back to the same float32', () => {
    const o: SignerOptions = { ...BASE, sensors: [SENSORS[0]!] };
    const msg = JSON.parse(Buffer.from(createSigner(o).sign(Float32Array.of(-9.81, 0.03, 1.21, 16777216, 1e-45, 3.4028234663852886e38), { iat: 1 })).toString());
    expect(msg.payload.values).toEqual([-9.81, 0.03, 1.21, 16777216, 1e-45, 3.4028235e38]);
    for (const v of msg.payload.values as number[]) expect(Math.fround(v)).toBe(Math.fround(v));
  });

  it('integer arrays are written as integers', () => {
    const o: SignerOptions = { ...BASE, sensors: [SENSORS[0]!, SENSORS[1]!] };
    const s = createSigner(o);
    const cases: [Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array, number[][]][] = [
      [Int16Array.of(-32768, 32767), [[-32768, 32767]]],
      [Uint16Array.of(0, 65535), [[0, 65535]]],
      [Int8Array.of(-128, 127), [[-128, 127]]],
      [Uint8Array.of(0, 255), [[0, 255]]],
      [Int32Array.of(-2147483648, 2147483647), [[-2147483648, 2147483647]]],
      [Uint32Array.of(0, 4294967295), [[0, 4294967295]]],
    ];
    for (const [arr, rows] of cases) expect(Buffer.from(s.sign(arr, { iat: 1 })).toString()).toBe(eiWay(o, rows, 1));
  });

  it('iat defaults to now (seconds), and null omits it', () => {
    const before = Math.floor(Date.now() / 1000);
    const msg = JSON.parse(Buffer.from(createSigner(BASE).sign([[1, 2, 3]])).toString());
    expect(msg.protected.iat).toBeGreaterThanOrEqual(before);
    expect(msg.protected.iat).toBeLessThanOrEqual(before + 2);
    const none = JSON.parse(Buffer.from(createSigner(BASE).sign([[1, 2, 3]], { iat: null })).toString());
    expect(none.protected).toEqual({ ver: 'v1', alg: 'HS256' });
  });

  it('a 10-second 3-axis window (larger than the core windows) signs correctly', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [Math.sin(i) * 9.81, Math.cos(i) / 3, i * 1e-3]);
    const msg = createSigner(BASE).sign(rows, { iat: 1700000000 });
    expect(msg.length).toBeGreaterThan(40000);
    expect(Buffer.from(msg).toString()).toBe(eiWay(BASE, rows, 1700000000));
  });
});

describe('CBOR', () => {
  const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

  it('reads back with cbor-x, signature verifies with node:crypto', () => {
    const rows = [[-9.81, 0.5, 100], [1e300, -0, 5e-324]];
    const msg = createSigner({ ...BASE, encoding: 'cbor' }).sign(rows, { iat: 1564138813 });
    const doc = decoder.decode(msg) as { protected: object; payload: { values: number[][]; interval_ms: number } };
    expect(doc.protected).toEqual({ ver: 'v1', alg: 'HS256', iat: 1564138813 });
    expect(doc.payload.values).toEqual(rows);
    expect(Object.is(doc.payload.values[1]![1], -0)).toBe(true);
    expect(doc.payload.interval_ms).toBe(10);
    expectSignedAt(msg, cborSigOffset(msg));
  });

  it('floats use preferred serialization: 100.0 is f9 56 40, 1.25 is f9 3d 00, −0 keeps its sign', () => {
    const s = createSigner({ ...BASE, sensors: [SENSORS[0]!], encoding: 'cbor' });
    const hex = toHex(s.sign([100, 1.25, -0, 0.1, 65504, 5.960464477539063e-8], { iat: null }));
    expect(hex).toContain('9ff95640f93d00f98000fb3fb999999999999af97bfff90001ff');
  });

  it('integers stay integers; interval_ms is a float when fractional', () => {
    const s = createSigner({ ...BASE, sensors: [SENSORS[0]!], encoding: 'cbor', intervalMs: 0.0625 });
    const msg = s.sign(Int16Array.of(-1, 0, 500, -32768), { iat: null });
    expect(toHex(msg)).toContain('6b696e74657276616c5f6d73f92c00'); // interval_ms f9 2c 00
    expect(toHex(msg)).toContain('9f200019 01f4 397fff ff'.replace(/ /g, ''));
    expect((cborDecode(msg) as { payload: { values: number[] } }).payload.values).toEqual([-1, 0, 500, -32768]);
  });

  it('binary tail (audio): Ref-BINARY-i16 + raw little-endian samples, signed over header and tail', () => {
    const s = createSigner({ ...BASE, deviceName: undefined, sensors: [{ name: 'audio', units: 'wav' }], encoding: 'cbor', intervalMs: 0.0625 });
    const samples = Int16Array.from({ length: 20000 }, (_, i) => Math.round(Math.sin(i / 7) * 3000));
    const msg = s.signBinary(samples, { iat: null });
    const tailAt = msg.length - samples.byteLength;
    expect(Buffer.from(msg.subarray(tailAt)).equals(Buffer.from(samples.buffer))).toBe(true);
    expect(msg[tailAt - 1]).toBe(0xff);
    expect(Buffer.from(msg.subarray(0, tailAt)).includes('Ref-BINARY-i16')).toBe(true);
    const header = new Decoder({ mapsAsObjects: true }).decode(msg.subarray(0, tailAt)) as { payload: { values: string[] } };
    expect(header.payload.values).toEqual(['Ref-BINARY-i16']);
    expectSignedAt(msg, cborSigOffset(msg));
  });
});

describe('attachments', () => {
  it('reference string with length and HMAC of the file, in a signed message (vector D3 style)', () => {
    const file = Uint8Array.from({ length: 3209 }, (_, i) => (i * 31) & 255);
    const key = '00000000000000000000000000000000';
    const { message, reference, contentType } = signAttachment({ hmacKey: key, file, mime: 'image/jpeg', iat: null });
    expect(reference).toBe(`Ref-BINARY-image/jpeg (3209 bytes) ${createHmac('sha256', key).update(file).digest('hex')}`);
    expect(contentType).toBe('application/json');
    const doc = JSON.parse(Buffer.from(message).toString());
    expect(doc.payload).toEqual({ device_type: 'EDGE_IMPULSE_UPLOADER', interval_ms: 0, sensors: [{ name: 'image', units: 'rgba' }], values: [reference] });
    expectSignedAt(message, jsonSigOffset(message), key);
  });
});

describe('streaming', () => {
  it('random splits give the bytes of sign(), in both encodings, interleaved with other work', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.float({ noNaN: true, noDefaultInfinity: true }), fc.integer()), { minLength: 1, maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom('json' as const, 'cbor' as const),
        (rows, cuts, encoding) => {
          const signer = createSigner({ ...BASE, encoding });
          const rowsArr = rows.map((r) => [...r]);
          const whole = signer.sign(rowsArr, { iat: 99 });
          const points = [...new Set(cuts.map((c) => c % (rows.length + 1)))].sort((a, b) => a - b);
          const stream = signer.stream({ iat: 99 });
          const other = createSigner({ ...BASE, encoding: encoding === 'json' ? 'cbor' : 'json' }).stream({ iat: 1 });
          const pieces: Uint8Array[] = [];
          let prev = 0;
          for (const p of [...points, rows.length]) {
            pieces.push(stream.append(rowsArr.slice(prev, p)));
            other.append([[1, 2, 3]]);
            prev = p;
          }
          return Buffer.from(assembleStream(pieces, stream.finish())).equals(Buffer.from(whole));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a long recording never holds the whole message in the core', () => {
    const signer = createSigner(BASE);
    const stream = signer.stream({ iat: 7 });
    const pieces: Uint8Array[] = [];
    const all: number[][] = [];
    for (let s = 0; s < 50; s++) {
      const rows = Array.from({ length: 1000 }, (_, i) => [s + i / 1000, -s, i * 0.25]);
      all.push(...rows);
      const piece = stream.append(rows);
      expect(piece.length).toBeLessThan(getCore().OUT_CAP * 2);
      pieces.push(piece);
    }
    const end = stream.finish();
    const msg = assembleStream(pieces, end);
    expect(msg.length).toBeGreaterThan(800_000);
    expect(Buffer.from(msg).equals(Buffer.from(signer.sign(all, { iat: 7 })))).toBe(true);
    expectSignedAt(msg, end.signatureOffset);
  });
});

describe('allocation-free core', () => {
  it('thousands of signs never grow the module memory', () => {
    const core = getCore();
    const signer = createSigner(BASE);
    const rows = Array.from({ length: 100 }, (_, i) => [i, i / 3, -i]);
    for (let i = 0; i < 5000; i++) signer.sign(rows, { iat: i });
    expect(getCore()).toBe(core);
    expect(core.x.memory.buffer.byteLength).toBe(65536);
  });
});

describe('bad input is refused before anything is written', () => {
  const code = thrownCode;
  const signer = createSigner(BASE);

  it('keys: missing (never a silent "0" key), short, wrong type', () => {
    expect(code(() => createSigner({ ...BASE, hmacKey: undefined as never }))).toBe('E_KEY_MISSING');
    expect(code(() => createSigner({ ...BASE, hmacKey: null as never }))).toBe('E_KEY_MISSING');
    expect(code(() => createSigner({ ...BASE, hmacKey: '' }))).toBe('E_KEY_MISSING');
    expect(code(() => createSigner({ ...BASE, hmacKey: '0' }))).toBe('E_KEY_TOO_SHORT');
    expect(code(() => createSigner({ ...BASE, hmacKey: new Uint8Array(16) }))).toBe('E_KEY_TOO_SHORT');
    expect(code(() => createSigner({ ...BASE, hmacKey: 12345 as never }))).toBe('E_KEY_TYPE');
    const short = createSigner({ ...BASE, hmacKey: '0000', allowShortKey: true }).sign([[1, 2, 3]], { iat: 1 });
    expectSignedAt(short, jsonSigOffset(short), '0000');
  });

  it('NaN and ±Infinity with their row and column, in every input shape', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      try {
        signer.sign([[1, 2, 3], [4, bad, 6]], { iat: 1 });
        expect.unreachable();
      } catch (e) {
        expect((e as EdgesignError).code).toBe('E_NON_FINITE');
        expect((e as EdgesignError).details).toEqual({ row: 1, col: 1 });
      }
      expect(code(() => signer.sign(Float32Array.of(1, 2, 3, 4, 5, bad), { iat: 1 }))).toBe('E_NON_FINITE');
      expect(code(() => createSigner({ ...BASE, sensors: [SENSORS[0]!] }).sign([1, bad], { iat: 1 }))).toBe('E_NON_FINITE');
    }
  });

  it('ragged rows, wrong types, flat values with several sensors', () => {
    expect(code(() => signer.sign([[1, 2, 3], [1, 2]], { iat: 1 }))).toBe('E_SCHEMA');
    expect(code(() => signer.sign([[1, '2', 3]] as never, { iat: 1 }))).toBe('E_SCHEMA');
    expect(code(() => signer.sign([[1, null, 3]] as never, { iat: 1 }))).toBe('E_SCHEMA');
    expect(code(() => signer.sign([1, 2, 3], { iat: 1 }))).toBe('E_SCHEMA');
    expect(code(() => signer.sign(Float32Array.of(1, 2), { iat: 1 }))).toBe('E_SCHEMA');
    expect(code(() => signer.sign('1,2,3' as never, { iat: 1 }))).toBe('E_SCHEMA');
    expect(code(() => signer.sign([], { iat: 1 }))).toBe('E_EMPTY');
  });

  it('device configuration: empty sensors, bad interval, missing type, invalid Unicode', () => {
    expect(code(() => createSigner({ ...BASE, sensors: [] }))).toBe('E_SCHEMA');
    expect(code(() => createSigner({ ...BASE, sensors: [{ name: 'x' }] as never }))).toBe('E_SCHEMA');
    for (const iv of [0, -10, NaN, Infinity, '10']) expect(code(() => createSigner({ ...BASE, intervalMs: iv as never }))).toBe('E_SCHEMA');
    expect(code(() => createSigner({ ...BASE, deviceType: '' }))).toBe('E_SCHEMA');
    expect(code(() => createSigner({ ...BASE, deviceName: 'dev\uD800' }))).toBe('E_INVALID_UNICODE');
    expect(code(() => createSigner({ ...BASE, sensors: [{ name: '\uDC00\uD800', units: 'x' }] }))).toBe('E_INVALID_UNICODE');
  });

  it('iat: milliseconds by mistake, negative, fractional, non-finite, wrong type', () => {
    expect(code(() => signer.sign([[1, 2, 3]], { iat: Date.now() }))).toBe('E_IAT_UNITS');
    for (const bad of [-1, 1.5, NaN, Infinity]) expect(code(() => signer.sign([[1, 2, 3]], { iat: bad }))).toBe('E_IAT_INVALID');
    expect(code(() => signer.sign([[1, 2, 3]], { iat: '1700000000' as never }))).toBe('E_IAT_INVALID');
  });

  it('header strings too large for the core are E_TOO_LARGE, not a trap or a truncated message', () => {
    expect(code(() => createSigner({ ...BASE, deviceName: 'x'.repeat(20000) }))).toBe('E_TOO_LARGE');
    // Fits the input window but could need more than the output window once escaped (6 bytes per byte).
    expect(code(() => createSigner({ ...BASE, deviceName: 'x'.repeat(6000) }).sign([[1, 2, 3]], { iat: 1 }))).toBe('E_TOO_LARGE');
    const ok = createSigner({ ...BASE, deviceName: 'x'.repeat(4000) }).sign([[1, 2, 3]], { iat: 1 });
    expect(JSON.parse(Buffer.from(ok).toString()).payload.device_name).toHaveLength(4000);
    expect(code(() => signAttachment({ hmacKey: KEY, file: new Uint8Array(3), mime: `image/${'x'.repeat(9000)}` }))).toBe('E_TOO_LARGE');
  });

  it("the caller's arrays are never modified", () => {
    const rows = [[1.5, -0, 3], [4, 5, 6]];
    const copy = structuredClone(rows);
    const typed = Float32Array.of(1, 2, 3, 4, 5, 6);
    signer.sign(rows, { iat: 1 });
    signer.sign(typed, { iat: 1 });
    expect(rows).toEqual(copy);
    expect(Object.is(rows[0]![1], -0)).toBe(true);
    expect([...typed]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('non-ASCII device names are signed as their exact UTF-8 (NFC and NFD differ)', () => {
    const nfc = 'caf\u00e9 🙂 \u200d \u2028';
    const nfd = 'cafe\u0301 🙂 \u200d \u2028';
    const a = createSigner({ ...BASE, deviceName: nfc }).sign([[1, 2, 3]], { iat: 1 });
    const b = createSigner({ ...BASE, deviceName: nfd }).sign([[1, 2, 3]], { iat: 1 });
    expect(JSON.parse(Buffer.from(a).toString()).payload.device_name).toBe(nfc);
    expect(JSON.parse(Buffer.from(b).toString()).payload.device_name).toBe(nfd);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expectSignedAt(a, jsonSigOffset(a));
  });
});
