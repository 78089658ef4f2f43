/**
 * `POST /api/{category}/files` (issue 15): Edge Impulse's uploader path. Bodies are built by Node's
 * own FormData (undici), a real multipart client; messages are signed by the independent reference
 * signer (node:crypto); each file is a sample of its own.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { signedJson, startFixture, type Fixture } from './helpers/service.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3, 4]);

function message(key: string): Uint8Array {
  return signedJson(key, { deviceName: 'files-device' });
}

async function upload(url: string, apiKey: string, files: Array<[string, Uint8Array, string]>, headers: Record<string, string> = {}, category = 'training') {
  const form = new FormData();
  for (const [name, bytes, type] of files) form.append('data', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${url}/api/${category}/files`, { method: 'POST', headers: { 'x-api-key': apiKey, ...headers }, body: form });
  const text = await res.text();
  return { status: res.status, text, json: res.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as { success: boolean; files: Array<Record<string, unknown>> }) : null };
}

async function listed(f: Fixture) {
  const res = await fetch(`${f.url}/api/samples?limit=100`, { headers: { 'x-api-key': f.apiKeys.readonly } });
  return ((await res.json()) as { samples: Array<Record<string, unknown>> }).samples;
}

async function rawOf(f: Fixture, id: unknown) {
  const res = await fetch(`${f.url}/api/samples/${id}/raw`, { headers: { 'x-api-key': f.apiKeys.readonly } });
  return { type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('POST /api/{category}/files', () => {
  test('messages verified as on /data, files that cannot carry an HMAC stored unsigned; one sample per file', async () => {
    fx = await startFixture();
    const good = message(fx.hmac.key);
    const forged = message('0123456789abcdef0123456789abcdef');
    const r = await upload(fx.url, fx.apiKeys.ingestiononly, [
      ['walk.01.json', good, 'application/json'],
      ['forged.json', forged, 'application/json'],
      ['cat.png', PNG, 'image/png'],
    ], { 'x-label': 'mixed' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      success: true,
      files: [
        { success: true, fileName: 'walk.01.json', sampleId: expect.any(Number) },
        { success: false, fileName: 'forged.json', error: expect.stringMatching(/^E_SIG_MISMATCH: /) },
        { success: true, fileName: 'cat.png', sampleId: expect.any(Number) },
      ],
    });
    const samples = await listed(fx);
    expect(samples.map((s) => [s['fileName'], s['label'], s['signature'], s['deviceName'], s['category']])).toEqual([
      ['cat.png', 'mixed', 'unsigned', null, 'training'],
      ['walk.01.json', 'mixed', 'valid', 'files-device', 'training'],
    ]);
    expect(await rawOf(fx, r.json!.files[0]!['sampleId'])).toEqual({ type: 'application/json', bytes: good });
    expect(await rawOf(fx, r.json!.files[2]!['sampleId'])).toEqual({ type: 'image/png', bytes: PNG });
  });

  test('refuseUnsignedFiles: the image fails alone; labels inferred from file names; duplicates per file', async () => {
    fx = await startFixture({ refuseUnsignedFiles: true });
    const good = message(fx.hmac.key);
    const r = await upload(fx.url, fx.apiKeys.admin, [
      ['idle.7.json', good, 'application/json'],
      ['cat.png', PNG, 'image/png'],
    ], {}, 'testing');
    expect(r.json!.files).toEqual([
      { success: true, fileName: 'idle.7.json', sampleId: expect.any(Number) },
      { success: false, fileName: 'cat.png', error: expect.stringMatching(/^E_UNSIGNED_FILE: /) },
    ]);
    expect((await listed(fx)).map((s) => [s['label'], s['category']])).toEqual([['idle', 'testing']]);
    const again = await upload(fx.url, fx.apiKeys.admin, [['idle.7.json', good, 'application/json']], { 'x-disallow-duplicates': '1' }, 'testing');
    expect(again.json!.files).toEqual([{ success: false, fileName: 'idle.7.json', error: expect.stringMatching(/^E_DUPLICATE: /) }]);
  });

  test('roles, media type, category', async () => {
    fx = await startFixture();
    const one: Array<[string, Uint8Array, string]> = [['a.json', message(fx.hmac.key), 'application/json']];
    expect((await upload(fx.url, fx.apiKeys.readonly, one)).status).toBe(403);
    expect((await upload(fx.url, 'ei_nope', one)).status).toBe(401);
    expect((await upload(fx.url, fx.apiKeys.admin, one, {}, 'elsewhere')).status).toBe(404);
    const notMultipart = await fetch(`${fx.url}/api/training/files`, { method: 'POST', headers: { 'x-api-key': fx.apiKeys.admin, 'content-type': 'application/json' }, body: '{}' });
    expect(notMultipart.status).toBe(415);
    expect(await notMultipart.text()).toMatch(/^E_UNSUPPORTED_MEDIA_TYPE: /);
  });
});
