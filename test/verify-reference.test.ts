// Messages from the independent test-only signer (node:crypto + cbor-x, test/helpers/reference-signer.ts)
// verify — every JSON style, key order, CBOR number form, the binary tail and attachments — and a
// duplicated `payload` or `signature` member never verifies, however it is signed.
import { describe, expect, it } from 'vitest';
import { verifyMessage, verifyAttachment, parseAttachmentReference, attachmentReferences, type VerifyResult } from '../packages/edgesign/src/verify/verify-message.js';
import {
  PLACEHOLDER,
  rawCbor,
  referenceAttachmentHmac,
  referenceSignCbor,
  referenceSignCborWithTail,
  referenceSignJson,
  referenceSignRawCbor,
} from './helpers/reference-signer.js';
import { IAT, KEY, cborMessage, cborPayload, cborProtected, code, message, placeholderText, signText } from './helpers/verify-fixtures.js';

const verify = (body: Uint8Array | string, opts: Partial<Parameters<typeof verifyMessage>[1]> = {}): VerifyResult =>
  verifyMessage(body, { keys: [KEY], ...opts });

function ok(r: VerifyResult): Extract<VerifyResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r;
}

const DEVICE_NAMES = ['plain', 'café (é, NFC)', 'cafe\u0301 (NFD)', '😀 astral', 'rtl \u200f mark', 'zwj 👩\u200d💻', 'line\u2028sep\u2029', 'quote " backslash \\ slash /', 'control \u0001\u001f\u007f', 'nul \u0000 inside'];

describe('reference signer → verifyMessage', () => {
  for (const style of ['compact', 'python', 'pretty'] as const) {
    it(`JSON ${style}: every device name, both key orders, integer and fractional iat`, () => {
      for (const name of DEVICE_NAMES) {
        for (const iat of [IAT, IAT + 0.123456, undefined]) {
          const m = message({ payload: { device_name: name }, protected: { iat } });
          const reordered = { payload: m.payload, protected: m.protected, signature: '' };
          for (const msg of [m, reordered]) {
            const r = ok(verify(referenceSignJson(msg, KEY, { style })));
            expect(r.payload.device_name).toBe(name);
            expect(r.protected.iat).toBe(iat);
            expect(r.encoding).toBe('json');
          }
        }
      }
    });
  }

  it('NFC and NFD names are different bytes, so different signatures (no normalization)', () => {
    const nfc = ok(verify(referenceSignJson(message({ payload: { device_name: 'caf\u00e9' } }), KEY)));
    const nfd = ok(verify(referenceSignJson(message({ payload: { device_name: 'cafe\u0301' } }), KEY)));
    expect(nfc.payload.device_name).not.toBe(nfd.payload.device_name);
  });

  it('Python style writes \\u escapes and Python floats; the verifier reads the same values', () => {
    const m = message({ payload: { device_name: 'é😀', values: [[1e-5, 1e16, 2.5e20, -0.001, 123.456]] } });
    const body = referenceSignJson(m, KEY, { style: 'python' });
    const text = Buffer.from(body).toString();
    expect(text).toContain('"device_name": "\\u00e9\\ud83d\\ude00"');
    expect(text).toContain('[[1e-05, 1e+16, 2.5e+20, -0.001, 123.456]]');
    expect(ok(verify(body)).payload.values).toEqual([[1e-5, 1e16, 2.5e20, -0.001, 123.456]]);
  });

  it('CBOR: integers, float64 everywhere, indefinite values, and both key orders', () => {
    const m = message({ payload: { device_name: '😀', values: [[1, -2], [0.5, 1e-7], [65536, -4294967296]] } });
    const reordered = { payload: m.payload, signature: '', protected: m.protected };
    for (const msg of [m, reordered]) {
      for (const opts of [{}, { float64: true }, { indefiniteValues: true }, { float64: true, indefiniteValues: true }]) {
        const body = referenceSignCbor(msg, KEY, opts);
        const r = ok(verify(body));
        expect(r.encoding).toBe('cbor');
        expect(r.payload.values).toEqual(m.payload['values']);
        expect(r.protected.iat).toBe(IAT);
        // the signature text is the definite 64-char string 78 40
        expect([body[r.signatureSpan!.start - 2], body[r.signatureSpan!.start - 1]]).toEqual([0x78, 0x40]);
      }
    }
  });

  it('CBOR + binary tail (audio): the tail is covered by the MAC and returned as a view', () => {
    const samples = new Int16Array([0, 1, -1, 32767, -32768, 1234, -4321, 7]);
    const tail = new Uint8Array(samples.buffer);
    const m = message({ payload: { sensors: [{ name: 'audio', units: 'wav' }], interval_ms: 0.0625, values: ['Ref-BINARY-i16'] } });
    for (const opts of [{}, { indefiniteValues: false }, { float64: true }]) {
      const body = referenceSignCborWithTail(m, tail, KEY, opts);
      const r = ok(verify(body));
      expect(r.binaryTail!.type).toBe('i16');
      expect(r.binaryTail!.offset).toBe(body.length - tail.length);
      expect(new Int16Array(r.binaryTail!.bytes.slice().buffer)).toEqual(samples);
      for (const i of [r.binaryTail!.offset, body.length - 1]) {
        const t = body.slice();
        t[i]! ^= 0x01;
        expect(code(verify(t)), `tail byte ${i}`).toBe('E_SIG_MISMATCH');
      }
      // dropping or adding tail bytes changes the MAC input too
      expect(code(verify(body.subarray(0, body.length - 1)))).toBe('E_SIG_MISMATCH');
      expect(code(verify(new Uint8Array([...body, 0])))).toBe('E_SIG_MISMATCH');
    }
    // padded with spaces on the right, as firmware does for alignment
    const padded = message({ payload: { values: ['Ref-BINARY-i16   '], sensors: [{ name: 'audio', units: 'wav' }] } });
    expect(ok(verify(referenceSignCborWithTail(padded, tail, KEY))).binaryTail!.type).toBe('i16');
  });

  it('attachments: the reference is parsed, the attachment is checked by length and HMAC', () => {
    const image = new Uint8Array(3209).map((_, i) => (i * 7) & 0xff);
    const ref = `Ref-BINARY-image/jpeg (${image.length} bytes) ${referenceAttachmentHmac(image, KEY)}`;
    const m = message({ payload: { device_type: 'EDGE_IMPULSE_UPLOADER', interval_ms: 0, sensors: [{ name: 'image', units: 'rgba' }], values: [ref] } });
    for (const body of [referenceSignJson(m, KEY), referenceSignCbor(m, KEY)]) {
      const r = ok(verify(body));
      expect(r.attachments).toEqual([{ mime: 'image/jpeg', length: 3209, hmacHex: ref.slice(-64) }]);
      expect(r.binaryTail).toBeUndefined();
      expect(verifyAttachment(r.attachments![0]!, image, [KEY])).toEqual({ ok: true, keyId: '0' });
    }
    expect(verifyAttachment(ref, image, [{ id: 'hk_1', key: KEY }])).toEqual({ ok: true, keyId: 'hk_1' });
    expect(verifyAttachment(ref, image.subarray(1), [KEY])).toMatchObject({ ok: false, code: 'E_ATTACHMENT_LENGTH' });
    const tampered = image.slice();
    tampered[100]! ^= 1;
    expect(verifyAttachment(ref, tampered, [KEY])).toMatchObject({ ok: false, code: 'E_SIG_MISMATCH' });
    expect(verifyAttachment(ref, image, ['another key'])).toMatchObject({ ok: false, code: 'E_SIG_MISMATCH' });
    expect(verifyAttachment(ref, image, [])).toMatchObject({ ok: false, code: 'E_NO_KEY' });
    // the Edge Impulse mobile client writes "xyz" as the hash
    expect(verifyAttachment(`Ref-BINARY-image/jpeg (${image.length} bytes) xyz`, image, [KEY])).toMatchObject({ ok: false, code: 'E_SIG_FORMAT' });
    expect(verifyAttachment(`Ref-BINARY-image/jpeg (${image.length} bytes) ${PLACEHOLDER}`, image, [KEY])).toMatchObject({ ok: false, code: 'E_SIG_PLACEHOLDER' });
    expect(verifyAttachment('Ref-BINARY-i16', image, [KEY])).toMatchObject({ ok: false, code: 'E_ATTACHMENT_REF' });
    expect(parseAttachmentReference('Ref-BINARY-video/mp4 (12 bytes) abc')).toEqual({ mime: 'video/mp4', length: 12, hmacHex: 'abc' });
    for (const s of ['Ref-BINARY-i16', 'Ref-Binary-image/jpeg (1 bytes) ab', 'Ref-BINARY-image/jpeg (x bytes) ab', 'Ref-BINARY-image/jpeg (1 bytes)', 42]) {
      expect(parseAttachmentReference(s), String(s)).toBeNull();
    }
  });

  it('attachmentReferences: the references among values, in order, as the verifier reports them', () => {
    const a = `Ref-BINARY-image/jpeg (3 bytes) ${'a'.repeat(64)}`;
    const b = `Ref-BINARY-video/mp4 (12 bytes) ${'b'.repeat(64)}`;
    const values = [a, 1.5, 'Ref-BINARY-i16', b, null];
    expect(attachmentReferences(values)).toEqual([
      { mime: 'image/jpeg', length: 3, hmacHex: 'a'.repeat(64) },
      { mime: 'video/mp4', length: 12, hmacHex: 'b'.repeat(64) },
    ]);
    for (const notValues of [undefined, null, 'x', { 0: a }]) expect(attachmentReferences(notValues)).toEqual([]);
    const m = message({ payload: { device_type: 'EDGE_IMPULSE_UPLOADER', interval_ms: 0, sensors: [{ name: 'image', units: 'rgba' }], values: [a, b] } });
    expect(ok(verify(referenceSignJson(m, KEY))).attachments).toEqual(attachmentReferences([a, b]));
  });
});

describe('a duplicated payload or signature member never verifies', () => {
  const evil = message({ payload: { device_name: 'evil', values: [[666, 666]] } }).payload;

  it('JSON: prepended or appended evil payload, a second signature — even when the MAC covers those bytes', () => {
    const t = placeholderText();
    const evilJson = JSON.stringify(evil);
    const texts = [
      t.replace('{"protected"', `{"payload":${evilJson},"protected"`),
      t.replace(/}$/, `,"payload":${evilJson}}`),
      t.replace('"payload":', `"signature":"${PLACEHOLDER}","payload":`),
      t.replace(/}$/, `,"signature":"${PLACEHOLDER}"}`),
    ];
    for (const [i, text] of texts.entries()) {
      // signed over the exact bytes, with the first or the second placeholder carrying the MAC
      for (const which of text.split(`"signature":"${PLACEHOLDER}"`).length > 2 ? [0, 1] : [0]) {
        expect(code(verify(signText(text, which))), `case ${i}/${which}`).toBe('E_DUPLICATE_KEY');
      }
    }
    // Python spacing does not hide a duplicate
    const py = Buffer.from(referenceSignJson(message(), KEY, { style: 'python' })).toString();
    expect(code(verify(py.replace('{"protected"', `{"payload": ${JSON.stringify(evil)}, "protected"`)))).toBe('E_DUPLICATE_KEY');
  });

  it('JSON: a genuine signed message with an evil payload spliced in front', () => {
    const good = Buffer.from(referenceSignJson(message(), KEY)).toString();
    expect(code(verify(good))).toBe('ok');
    const spliced = good.replace('{"protected"', `{"payload":${JSON.stringify(evil)},"protected"`);
    expect(code(verify(spliced))).toBe('E_DUPLICATE_KEY');
  });

  it('CBOR: an evil payload before the genuine one, or a second signature, in a signed map', () => {
    const { text, cat, raw, map } = rawCbor;
    const evilPayload = cborPayload(rawCbor.array([rawCbor.array([rawCbor.f64(666)])]));
    const genuine = referenceSignRawCbor(cborMessage(), KEY);
    expect(code(verify(genuine))).toBe('ok');
    const spliced = cat(raw(0xa4), text('payload'), evilPayload, genuine.subarray(1));
    expect(code(verify(spliced))).toBe('E_DUPLICATE_KEY');
    const resigned = referenceSignRawCbor(cat(raw(0xa4), text('payload'), evilPayload, cborMessage().subarray(1)), KEY);
    expect(code(verify(resigned))).toBe('E_DUPLICATE_KEY');
    const twoSigs = referenceSignRawCbor(map([['protected', cborProtected()], ['signature', text(PLACEHOLDER)], ['payload', cborPayload()], ['signature', text('ab'.repeat(32))]]), KEY);
    expect(code(verify(twoSigs))).toBe('E_DUPLICATE_KEY');
    // and the cbor-x decoder itself would have taken the last one: this is why the scan is our own
  });
});
