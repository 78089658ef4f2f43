/**
 * The ingestion endpoints over real HTTP (fetch on loopback) into a real SQLite file: every body form,
 * authentication and roles, signature policies, key rotation, headers, the read API.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHmacKey, revokeKey } from '../packages/server/src/service/index.js';
import { referenceAttachmentHmac, referenceSignCbor, referenceSignCborWithTail, referenceSignJson } from './helpers/reference-signer.js';
import { message, multipart, post, samples, signedJson, startFixture, getJson, type Fixture } from './helpers/service.js';
import { hexToBytes, sharedPath } from './helpers/shared.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.stop();
});

async function newest() {
  return (await samples(fx, 'limit=1'))[0]!;
}

async function rawOf(id: number): Promise<{ type: string | null; bytes: Uint8Array }> {
  const res = await fetch(`${fx.url}/api/samples/${id}/raw`, { headers: { 'x-api-key': fx.apiKeys.readonly } });
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Asserts that `fn` stores nothing. */
async function storesNothing(fn: () => Promise<void>) {
  const before = (await samples(fx, 'limit=100000')).length;
  await fn();
  expect((await samples(fx, 'limit=100000')).length).toBe(before);
}

describe('accepted bodies (default reject policy)', () => {
  test('JSON: 200 with the stored file name; raw bytes, hash and verification result kept', async () => {
    const body = signedJson(fx.hmac.key, { iat: 1700000000, deviceName: 'dev-1' });
    const r = await post(fx, body, { apiKey: fx.apiKeys.ingestiononly, fileName: 'idle.01.json' });
    expect(r).toEqual({ status: 200, text: 'idle.01.json' });
    const s = await newest();
    expect(s).toMatchObject({
      fileName: 'idle.01.json',
      category: 'training',
      label: 'idle',
      deviceName: 'dev-1',
      deviceType: 'EDGESIGN_TEST',
      signature: 'valid',
      hmacKeyId: fx.hmac.id,
      sha256: sha256(body),
      iat: 1700000000,
      bytes: body.length,
    });
    expect(new Date(s.receivedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const raw = await rawOf(s.id);
    expect(raw.type).toBe('application/json');
    expect(Buffer.compare(raw.bytes, body)).toBe(0);
  });

  test('JSON as Python and pretty-printed serializers write it', async () => {
    for (const style of ['python', 'pretty'] as const) {
      const body = referenceSignJson(message({ deviceName: 'caf\u00e9' }), fx.hmac.key, { style });
      const r = await post(fx, body, { apiKey: fx.apiKeys.ingestiononly, fileName: `${style}.json` });
      expect(r).toEqual({ status: 200, text: `${style}.json` });
      expect(await newest()).toMatchObject({ deviceName: 'caf\u00e9', signature: 'valid', sha256: sha256(body) });
    }
  });

  test('CBOR (float64 numbers, indefinite values), each category', async () => {
    for (const [category, opts] of [
      ['testing', { float64: true }],
      ['anomaly', { indefiniteValues: true }],
    ] as const) {
      const body = referenceSignCbor(message(), fx.hmac.key, opts);
      const r = await post(fx, body, { apiKey: fx.apiKeys.ingestion_deployment, contentType: 'application/cbor', fileName: `${category}.cbor`, category });
      expect(r).toEqual({ status: 200, text: `${category}.cbor` });
      const s = await newest();
      expect(s).toMatchObject({ category, signature: 'valid', sha256: sha256(body) });
      expect((await getJson<{ sample: { encoding: string } }>(fx, `/api/samples/${s.id}`, fx.apiKeys.readonly)).body.sample.encoding).toBe('cbor');
      expect(Buffer.compare((await rawOf(s.id)).bytes, body)).toBe(0);
    }
  });

  test('octet-stream: CBOR plus a raw binary tail, MAC over both', async () => {
    const tail = new Uint8Array(new Int16Array([1, -2, 300, -400, 5000, 6, 7, 8]).buffer);
    const msg = message({ sensors: [{ name: 'audio', units: 'wav' }], values: ['Ref-BINARY-i16'] });
    (msg.payload as Record<string, unknown>)['interval_ms'] = 0.0625;
    const body = referenceSignCborWithTail(msg, tail, fx.hmac.key);
    const r = await post(fx, body, { apiKey: fx.apiKeys.admin, contentType: 'application/octet-stream', fileName: 'noise.1.cbor' });
    expect(r).toEqual({ status: 200, text: 'noise.1.cbor' });
    const s = await newest();
    expect(s).toMatchObject({ label: 'noise', signature: 'valid', bytes: body.length });
    const raw = await rawOf(s.id);
    expect(raw.type).toBe('application/octet-stream');
    expect(Buffer.compare(raw.bytes, body)).toBe(0);

    // One byte of the tail changed: refused.
    const bad = body.slice();
    bad[bad.length - 1]! ^= 1;
    await storesNothing(async () => {
      const rb = await post(fx, bad, { apiKey: fx.apiKeys.admin, contentType: 'application/octet-stream' });
      expect(rb.status).toBe(400);
      expect(rb.text).toMatch(/^E_SIG_MISMATCH: /);
    });
  });

  test("Edge Impulse's published vector V1 verifies with its key", async () => {
    const file = sharedPath('vectors/edge-impulse/vectors.json');
    if (!file) return;
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { key: string; vectors: Array<{ id: string; hex: string }> };
    const hk = await createHmacKey(fx.store, { name: 'ei-docs', key: doc.key });
    try {
      const v1 = hexToBytes(doc.vectors.find((v) => v.id === 'V1')!.hex);
      const r = await post(fx, v1, { apiKey: fx.apiKeys.ingestiononly, contentType: 'application/cbor', fileName: 'v1.cbor' });
      expect(r).toEqual({ status: 200, text: 'v1.cbor' });
      expect(await newest()).toMatchObject({ signature: 'valid', hmacKeyId: hk.id, deviceType: 'DISCO-L475VG-IOT01A', iat: null, sha256: sha256(v1) });
    } finally {
      await revokeKey(fx.store, hk.id);
    }
  });
});

describe('multipart with an attachment', () => {
  const image = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 7), Buffer.from([0xff, 0xd9])]));

  function imageMessage(key: string, opts: { length?: number; hmac?: string } = {}) {
    const ref = `Ref-BINARY-image/jpeg (${opts.length ?? image.length} bytes) ${opts.hmac ?? referenceAttachmentHmac(image, key)}`;
    const msg = message({ sensors: [{ name: 'image', units: 'rgba' }], values: [ref] });
    (msg.payload as Record<string, unknown>)['interval_ms'] = 0;
    return msg;
  }

  test('message and image picked by content and type, whatever the field names (JSON, CBOR, JSON labelled CBOR)', async () => {
    const json = referenceSignJson(imageMessage(fx.hmac.key), fx.hmac.key);
    const cbor = referenceSignCbor(imageMessage(fx.hmac.key), fx.hmac.key);
    const layouts = [
      // edge-impulse-cli (old): body + attachments
      [{ name: 'body', filename: 'body.cbor', type: 'application/cbor', bytes: cbor }, { name: 'attachments', filename: 'a.jpg', type: 'image/jpeg', bytes: image }],
      // example-ingestion-jpg: attachments[] twice, image first
      [{ name: 'attachments[]', filename: 'mark.jpg', type: 'image/jpeg', bytes: image }, { name: 'attachments[]', filename: 'metadata.json', type: 'application/json', bytes: json }],
      // Python SDK: JSON bytes labelled application/cbor
      [{ name: 'data', filename: 'x.cbor', type: 'application/cbor', bytes: json }, { name: 'data', filename: 'x.jpg', type: 'image/jpeg', bytes: image }],
      // mobile client names, and the message as a plain (non-file) field
      [{ name: 'image', filename: 'image.jpg', type: 'image/jpeg', bytes: image }, { name: 'message', type: 'application/json', bytes: json }],
      // binary CBOR as a non-file field without a charset: recovered byte for byte
      [{ name: 'zzz', bytes: cbor }, { name: 'yyy', filename: 'y.jpg', type: 'image/jpeg', bytes: image }],
    ];
    for (const [i, parts] of layouts.entries()) {
      const { body, contentType } = multipart(parts);
      const r = await post(fx, body, { apiKey: fx.apiKeys.ingestiononly, contentType, fileName: `cat.${i}.jpg` });
      expect(r, `layout ${i}`).toEqual({ status: 200, text: `cat.${i}.jpg` });
      const s = await newest();
      expect(s).toMatchObject({ label: 'cat', signature: 'valid', hmacKeyId: fx.hmac.id, sha256: sha256(body), bytes: body.length });
      const raw = await rawOf(s.id);
      expect(raw.type).toBe(contentType);
      expect(Buffer.compare(raw.bytes, body)).toBe(0);
    }
  });

  test('bad length, bad HMAC, missing attachment, no message: 400, nothing stored', async () => {
    const cases: Array<[string, ReturnType<typeof multipart>]> = [
      ['E_ATTACHMENT_LENGTH', multipart([{ name: 'm', filename: 'm.json', type: 'application/json', bytes: referenceSignJson(imageMessage(fx.hmac.key, { length: image.length + 1 }), fx.hmac.key) }, { name: 'i', filename: 'i.jpg', type: 'image/jpeg', bytes: image }])],
      ['E_ATTACHMENT_SIG_MISMATCH', multipart([{ name: 'm', filename: 'm.json', type: 'application/json', bytes: referenceSignJson(imageMessage(fx.hmac.key, { hmac: referenceAttachmentHmac(image, 'another-key-another-key-another-') }), fx.hmac.key) }, { name: 'i', filename: 'i.jpg', type: 'image/jpeg', bytes: image }])],
      ['E_ATTACHMENT_SIG_MISMATCH', multipart([{ name: 'm', filename: 'm.json', type: 'application/json', bytes: referenceSignJson(imageMessage(fx.hmac.key), fx.hmac.key) }, { name: 'i', filename: 'i.jpg', type: 'image/jpeg', bytes: image.map((b, j) => (j === 100 ? b ^ 1 : b)) }])],
      ['E_ATTACHMENT_MISSING', multipart([{ name: 'm', filename: 'm.json', type: 'application/json', bytes: referenceSignJson(imageMessage(fx.hmac.key), fx.hmac.key) }])],
      ['E_MESSAGE_MISSING', multipart([{ name: 'i', filename: 'i.jpg', type: 'image/jpeg', bytes: image }])],
    ];
    await storesNothing(async () => {
      for (const [code, { body, contentType }] of cases) {
        const r = await post(fx, body, { apiKey: fx.apiKeys.ingestiononly, contentType });
        expect(r.status, code).toBe(400);
        expect(r.text).toMatch(new RegExp(`^${code}: `));
      }
      // A message referencing an attachment, sent without multipart.
      const r = await post(fx, referenceSignJson(imageMessage(fx.hmac.key), fx.hmac.key), { apiKey: fx.apiKeys.ingestiononly });
      expect(r.text).toMatch(/^E_ATTACHMENT_MISSING: /);
      // A broken multipart body.
      const broken = await post(fx, 'garbage', { apiKey: fx.apiKeys.ingestiononly, contentType: 'multipart/form-data; boundary=xyz' });
      expect(broken.status).toBe(400);
      expect(broken.text).toMatch(/^E_(MULTIPART|MESSAGE_MISSING): /);
      const noBoundary = await post(fx, 'garbage', { apiKey: fx.apiKeys.ingestiononly, contentType: 'multipart/form-data' });
      expect(noBoundary.text).toMatch(/^E_MULTIPART: /);
    });
  });

  test('the attachment must be signed with the key that verified the message', async () => {
    const other = await createHmacKey(fx.store, { name: 'other' });
    try {
      const msg = imageMessage(other.key); // attachment HMAC under `other`, message signed with the fixture key
      const { body, contentType } = multipart([
        { name: 'm', filename: 'm.json', type: 'application/json', bytes: referenceSignJson(msg, fx.hmac.key) },
        { name: 'i', filename: 'i.jpg', type: 'image/jpeg', bytes: image },
      ]);
      await storesNothing(async () => {
        expect(await post(fx, body, { apiKey: fx.apiKeys.ingestiononly, contentType })).toEqual({ status: 400, text: expect.stringMatching(/^E_ATTACHMENT_SIG_MISMATCH: /) });
      });
    } finally {
      await revokeKey(fx.store, other.id);
    }
  });

  test('flag policy: an attachment that does not verify (e.g. the mobile client\'s literal "xyz") makes the sample invalid', async () => {
    const f = await startFixture({ signaturePolicy: 'flag' });
    try {
      for (const [hmac, code] of [
        ['xyz', 'E_ATTACHMENT_SIG_FORMAT'],
        [referenceAttachmentHmac(image, 'another-key-another-key-another-'), 'E_ATTACHMENT_SIG_MISMATCH'],
      ] as const) {
        const { body, contentType } = multipart([
          { name: 'message', filename: 'message.json', type: 'application/json', bytes: referenceSignJson(imageMessage(f.hmac.key, { hmac }), f.hmac.key) },
          { name: 'image', filename: 'image.jpg', type: 'image/jpeg', bytes: image },
        ]);
        expect((await post(f, body, { apiKey: f.apiKeys.ingestiononly, contentType })).status).toBe(200);
        const s = (await samples(f, 'limit=1'))[0]!;
        expect(s).toMatchObject({ signature: 'invalid', hmacKeyId: null });
        expect((await getJson<{ sample: { signatureError: string } }>(f, `/api/samples/${s.id}`, f.apiKeys.readonly)).body.sample.signatureError).toBe(code);
      }
    } finally {
      await f.stop();
    }
  });
});

describe('authentication and roles', () => {
  test('401 for a missing, unknown or revoked API key; 403 for readonly; nothing stored', async () => {
    const body = signedJson(fx.hmac.key);
    await storesNothing(async () => {
      expect(await post(fx, body, { apiKey: null })).toEqual({ status: 401, text: expect.stringMatching(/^E_API_KEY_MISSING: /) });
      expect(await post(fx, body, { apiKey: 'ei_' + '0'.repeat(64) })).toEqual({ status: 401, text: expect.stringMatching(/^E_API_KEY_INVALID: /) });
      expect(await post(fx, body, { apiKey: fx.hmac.key })).toMatchObject({ status: 401 });
      expect(await post(fx, body, { apiKey: fx.apiKeys.readonly })).toEqual({ status: 403, text: expect.stringMatching(/^E_FORBIDDEN: .*readonly/) });
    });
    const { createApiKey } = await import('../packages/server/src/service/index.js');
    const k = await createApiKey(fx.store, { name: 'temp', role: 'ingestiononly' });
    expect((await post(fx, signedJson(fx.hmac.key), { apiKey: k.key })).status).toBe(200);
    await revokeKey(fx.store, k.id);
    expect(await post(fx, signedJson(fx.hmac.key), { apiKey: k.key })).toMatchObject({ status: 401, text: expect.stringMatching(/^E_API_KEY_INVALID/) });
  });

  test('refusals are text/plain "E_CODE: message"', async () => {
    const res = await fetch(`${fx.url}/api/training/data`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/^E_[A-Z_]+: \S/);
  });
});

describe('headers', () => {
  test('421 without x-file-name or content-type; 415 for other types', async () => {
    const body = signedJson(fx.hmac.key);
    await storesNothing(async () => {
      expect(await post(fx, body, { apiKey: fx.apiKeys.admin, fileName: null })).toEqual({ status: 421, text: expect.stringMatching(/^E_HEADER_MISSING: .*x-file-name/) });
      expect(await post(fx, body, { apiKey: fx.apiKeys.admin, fileName: '' })).toMatchObject({ status: 421 });
      // fetch adds text/plain to a string body, so send bytes without a type.
      expect(await post(fx, body, { apiKey: fx.apiKeys.admin, contentType: null })).toEqual({ status: 421, text: expect.stringMatching(/^E_HEADER_MISSING: .*content-type/) });
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'image/jpeg']) {
        expect(await post(fx, body, { apiKey: fx.apiKeys.admin, contentType: type })).toEqual({ status: 415, text: expect.stringMatching(/^E_UNSUPPORTED_MEDIA_TYPE: /) });
      }
    });
    // Parameters and case do not matter.
    expect((await post(fx, signedJson(fx.hmac.key), { apiKey: fx.apiKeys.admin, contentType: 'Application/JSON; charset=utf-8' })).status).toBe(200);
  });

  test('labels: x-label, inferred from the file name, x-no-label; file names are URI-decoded and kept to their last segment', async () => {
    const cases: Array<[Record<string, string>, string, string | null, string]> = [
      [{}, 'idle.01.json', 'idle', 'idle.01.json'],
      [{}, 'walking%202.cbor', 'walking 2', 'walking 2.cbor'],
      [{}, 'up-down_3.json', 'up-down_3', 'up-down_3.json'],
      [{}, '.hidden.json', null, '.hidden.json'],
      [{ 'x-label': 'wave%20hand' }, 'idle.02.json', 'wave hand', 'idle.02.json'],
      [{ 'x-no-label': '1', 'x-label': '' }, 'idle.03.json', null, 'idle.03.json'],
      [{}, '..%2F..%2Fetc%2Fpasswd', 'passwd', 'passwd'],
    ];
    for (const [headers, name, label, stored] of cases) {
      const r = await post(fx, signedJson(fx.hmac.key), { apiKey: fx.apiKeys.ingestiononly, fileName: name, headers });
      expect(r, name).toEqual({ status: 200, text: stored });
      expect(await newest()).toMatchObject({ fileName: stored, label });
    }
    expect((await post(fx, signedJson(fx.hmac.key), { apiKey: fx.apiKeys.ingestiononly, fileName: '%E0%A4%A' })).text).toMatch(/^E_HEADER_INVALID: /);
  });

  test('x-add-date-id gives each upload a unique name; the label still comes from the original name', async () => {
    const names = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const r = await post(fx, signedJson(fx.hmac.key), { apiKey: fx.apiKeys.ingestiononly, fileName: 'idle.json', headers: { 'x-add-date-id': '1' } });
      expect(r.status).toBe(200);
      expect(r.text).toMatch(/^idle\.[0-9a-z]+\.json$/);
      names.add(r.text);
      expect(await newest()).toMatchObject({ fileName: r.text, label: 'idle' });
    }
    expect(names.size).toBe(5);
  });

  test('x-metadata is kept; a malformed one is refused', async () => {
    const r = await post(fx, signedJson(fx.hmac.key), { apiKey: fx.apiKeys.ingestiononly, headers: { 'x-metadata': JSON.stringify({ site: 'lab 4', operator: 'ann' }) } });
    expect(r.status).toBe(200);
    const s = await newest();
    const full = await getJson<{ sample: { metadata: unknown } }>(fx, `/api/samples/${s.id}`, fx.apiKeys.readonly);
    expect(full.body.sample.metadata).toEqual({ site: 'lab 4', operator: 'ann' });
    await storesNothing(async () => {
      for (const bad of ['{', '[1]', '{"n": 1}', '"x"']) {
        expect(await post(fx, signedJson(fx.hmac.key), { apiKey: fx.apiKeys.ingestiononly, headers: { 'x-metadata': bad } })).toEqual({ status: 400, text: expect.stringMatching(/^E_METADATA: /) });
      }
    });
  });

  test('duplicates are stored again unless x-disallow-duplicates, then 409', async () => {
    const body = signedJson(fx.hmac.key);
    expect((await post(fx, body, { apiKey: fx.apiKeys.ingestiononly })).status).toBe(200);
    expect((await post(fx, body, { apiKey: fx.apiKeys.ingestiononly })).status).toBe(200);
    await storesNothing(async () => {
      for (const v of ['1', 'true']) {
        expect(await post(fx, body, { apiKey: fx.apiKeys.ingestiononly, headers: { 'x-disallow-duplicates': v } })).toEqual({ status: 409, text: expect.stringMatching(/^E_DUPLICATE: /) });
      }
    });
    // Concurrent identical uploads with the header: exactly one is stored.
    const fresh = signedJson(fx.hmac.key);
    const results = await Promise.all(Array.from({ length: 8 }, () => post(fx, fresh, { apiKey: fx.apiKeys.ingestiononly, headers: { 'x-disallow-duplicates': '1' } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect((await samples(fx, 'limit=100000')).filter((s) => s.sha256 === sha256(fresh))).toHaveLength(1);
  });
});

describe('signatures under the default reject policy', () => {
  test('tampered, wrong key, unsigned, placeholder, malformed, stale: 400 with the verifier code, nothing stored', async () => {
    const good = signedJson(fx.hmac.key);
    const tampered = good.slice();
    const at = Buffer.from(tampered).indexOf('-9.83');
    tampered[at + 4] = '4'.charCodeAt(0);
    const unsigned = new TextEncoder().encode(JSON.stringify({ ...message({ alg: 'none' }), signature: '00' }));
    const placeholder = new TextEncoder().encode(JSON.stringify(message()));
    const cases: Array<[Uint8Array, RegExp]> = [
      [tampered, /^E_SIG_MISMATCH: /],
      [signedJson('another-key-of-32-characters-xyz'), /^E_SIG_MISMATCH: /],
      [unsigned, /^E_ALG_NONE: /],
      [placeholder, /^E_SIG_PLACEHOLDER: /],
      [new TextEncoder().encode('{"protected":'), /^E_JSON_PARSE: /],
      [new TextEncoder().encode('{"protected":{"ver":"v1","alg":"HS256"},"protected":{},"signature":"","payload":{}}'), /^E_DUPLICATE_KEY: /],
      [new Uint8Array(0), /^E_JSON_PARSE: /],
    ];
    await storesNothing(async () => {
      for (const [body, re] of cases) {
        const r = await post(fx, body, { apiKey: fx.apiKeys.ingestiononly });
        expect(r.status, r.text).toBe(400);
        expect(r.text).toMatch(re);
      }
    });
  });

  test('rotation: two active HMAC keys, the sample records which matched; a revoked key no longer verifies', async () => {
    const next = await createHmacKey(fx.store, { name: 'next' });
    const a = signedJson(fx.hmac.key);
    const b = signedJson(next.key);
    expect((await post(fx, a, { apiKey: fx.apiKeys.ingestiononly })).status).toBe(200);
    expect((await newest()).hmacKeyId).toBe(fx.hmac.id);
    expect((await post(fx, b, { apiKey: fx.apiKeys.ingestiononly })).status).toBe(200);
    expect((await newest()).hmacKeyId).toBe(next.id);
    await revokeKey(fx.store, next.id);
    await storesNothing(async () => {
      expect((await post(fx, signedJson(next.key), { apiKey: fx.apiKeys.ingestiononly })).text).toMatch(/^E_SIG_MISMATCH: /);
    });
    expect((await post(fx, signedJson(fx.hmac.key), { apiKey: fx.apiKeys.ingestiononly })).status).toBe(200);
  });
});

describe('flag policy and iat window', () => {
  test('flag: invalid and unsigned messages are stored, marked; malformed ones still refused', async () => {
    const f = await startFixture({ signaturePolicy: 'flag' });
    try {
      const tampered = signedJson(f.hmac.key, { deviceName: 'tamper' });
      tampered[Buffer.from(tampered).indexOf('-9.83') + 4] = '4'.charCodeAt(0);
      const unsigned = new TextEncoder().encode(JSON.stringify({ ...message({ alg: 'none', deviceName: 'nosig' }), signature: '00' }));
      const cases: Array<[Uint8Array, string, 'valid' | 'invalid' | 'unsigned', string | null]> = [
        [signedJson(f.hmac.key, { deviceName: 'good' }), 'good', 'valid', 'E_NONE'],
        [tampered, 'tamper', 'invalid', 'E_SIG_MISMATCH'],
        [signedJson('another-key-of-32-characters-xyz', { deviceName: 'other' }), 'other', 'invalid', 'E_SIG_MISMATCH'],
        [unsigned, 'nosig', 'unsigned', 'E_ALG_NONE'],
        [new TextEncoder().encode(JSON.stringify(message({ deviceName: 'ph' }))), 'ph', 'invalid', 'E_SIG_PLACEHOLDER'],
      ];
      for (const [body, device, signature, code] of cases) {
        const r = await post(f, body, { apiKey: f.apiKeys.ingestiononly, fileName: `${device}.json` });
        expect(r, device).toEqual({ status: 200, text: `${device}.json` });
        const s = (await samples(f, 'limit=1'))[0]!;
        expect(s).toMatchObject({ deviceName: device, signature, hmacKeyId: signature === 'valid' ? f.hmac.id : null, sha256: sha256(body) });
        const full = await getJson<{ sample: { signatureError: string | null } }>(f, `/api/samples/${s.id}`, f.apiKeys.readonly);
        expect(full.body.sample.signatureError).toBe(signature === 'valid' ? null : code);
      }
      const before = (await samples(f, 'limit=100000')).length;
      for (const body of ['{"protected":', '{"protected":{"ver":"v2","alg":"HS256"},"signature":"00","payload":{}}']) {
        const r = await post(f, new TextEncoder().encode(body), { apiKey: f.apiKeys.ingestiononly });
        expect(r.status).toBe(400);
      }
      // Signature fine to flag, payload broken: refused as malformed.
      const noType = message();
      delete (noType.payload as Record<string, unknown>)['device_type'];
      expect(await post(f, referenceSignJson(noType, 'another-key-of-32-characters-xyz'), { apiKey: f.apiKeys.ingestiononly })).toMatchObject({ status: 400, text: expect.stringMatching(/^E_SCHEMA: /) });
      expect((await samples(f, 'limit=100000')).length).toBe(before);
    } finally {
      await f.stop();
    }
  });

  test('maxAgeSeconds: iat outside the window is refused with 400 E_STALE / E_FUTURE', async () => {
    const now = 1_800_000_000;
    const f = await startFixture({ maxAgeSeconds: 300, now: () => now });
    try {
      expect((await post(f, signedJson(f.hmac.key, { iat: now - 100 }), { apiKey: f.apiKeys.ingestiononly })).status).toBe(200);
      expect((await post(f, signedJson(f.hmac.key, { iat: null }), { apiKey: f.apiKeys.ingestiononly })).status).toBe(200);
      expect(await post(f, signedJson(f.hmac.key, { iat: now - 301 }), { apiKey: f.apiKeys.ingestiononly })).toEqual({ status: 400, text: expect.stringMatching(/^E_STALE: /) });
      expect(await post(f, signedJson(f.hmac.key, { iat: now + 301 }), { apiKey: f.apiKeys.ingestiononly })).toEqual({ status: 400, text: expect.stringMatching(/^E_FUTURE: /) });
      expect((await samples(f, 'limit=100000')).length).toBe(2);
    } finally {
      await f.stop();
    }
  });

  test('no HMAC key configured: HS256 messages are refused with E_NO_KEY', async () => {
    const f = await startFixture();
    try {
      await revokeKey(f.store, f.hmac.id);
      expect(await post(f, signedJson(f.hmac.key), { apiKey: f.apiKeys.ingestiononly })).toEqual({ status: 400, text: expect.stringMatching(/^E_NO_KEY: /) });
    } finally {
      await f.stop();
    }
  });
});

describe('read API', () => {
  test('list: newest first, category filter, limit and offset; any valid key; raw bytes with their type', async () => {
    const f = await startFixture();
    try {
      const bodies: Uint8Array[] = [];
      for (let i = 0; i < 6; i++) {
        const body = signedJson(f.hmac.key);
        bodies.push(body);
        const category = i % 2 === 0 ? 'training' : 'testing';
        expect((await post(f, body, { apiKey: f.apiKeys.ingestiononly, fileName: `s${i}.json`, category })).status).toBe(200);
      }
      const all = await samples(f);
      expect(all.map((s) => s.fileName)).toEqual(['s5.json', 's4.json', 's3.json', 's2.json', 's1.json', 's0.json']);
      expect(Object.keys(all[0]!).sort()).toEqual(['bytes', 'category', 'deviceName', 'deviceType', 'fileName', 'hmacKeyId', 'iat', 'id', 'label', 'receivedAt', 'sha256', 'signature'].sort());
      expect((await samples(f, 'category=testing')).map((s) => s.fileName)).toEqual(['s5.json', 's3.json', 's1.json']);
      expect((await samples(f, 'limit=2&offset=1')).map((s) => s.fileName)).toEqual(['s4.json', 's3.json']);
      expect(await samples(f, 'category=anomaly')).toEqual([]);
      for (const role of ['admin', 'ingestiononly', 'ingestion_deployment', 'readonly'] as const) {
        expect((await getJson(f, '/api/samples?limit=1', f.apiKeys[role])).status).toBe(200);
      }
      expect((await fetch(`${f.url}/api/samples`)).status).toBe(401);
      expect((await getJson(f, '/api/samples', 'ei_nope')).status).toBe(401);
      for (const q of ['limit=100001', 'limit=-1', 'limit=x', 'offset=-2', 'category=nope']) {
        const r = await getJson(f, `/api/samples?${q}`, f.apiKeys.readonly);
        expect(r.status, q).toBe(400);
        expect(r.text).toMatch(/^E_QUERY: /);
      }
      const s0 = all[5]!;
      const res = await fetch(`${f.url}/api/samples/${s0.id}/raw`, { headers: { 'x-api-key': f.apiKeys.readonly } });
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(Buffer.compare(new Uint8Array(await res.arrayBuffer()), bodies[0]!)).toBe(0);
      expect((await getJson(f, '/api/samples/999999/raw', f.apiKeys.readonly)).status).toBe(404);
      expect((await fetch(`${f.url}/api/samples/${s0.id}/raw`)).status).toBe(401);
    } finally {
      await f.stop();
    }
  });

  test('unknown routes 404, wrong methods 405', async () => {
    expect((await fetch(`${fx.url}/api/validation/data`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${fx.url}/nope`)).status).toBe(404);
    const r = await fetch(`${fx.url}/api/training/data`);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect((await fetch(`${fx.url}/api/samples`, { method: 'DELETE' })).status).toBe(405);
  });
});
