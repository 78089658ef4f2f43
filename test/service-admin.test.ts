/** The admin HTTP API for keys: admin only (401 without a valid key, 403 for other roles). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { post, signedJson, startFixture, type Fixture } from './helpers/service.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.stop();
});

async function call(method: string, path: string, apiKey: string | null, body?: unknown, on: Pick<Fixture, 'url'> = fx) {
  const headers: Record<string, string> = {};
  if (apiKey !== null) headers['x-api-key'] = apiKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${on.url}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, type: res.headers.get('content-type') };
}

describe('access', () => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/api/keys'],
    ['POST', '/api/keys', { name: 'x', role: 'admin' }],
    ['DELETE', '/api/keys/ak_0000000000000000'],
    ['GET', '/api/hmackeys'],
    ['POST', '/api/hmackeys', { name: 'x' }],
    ['DELETE', '/api/hmackeys/hk_0000000000000000'],
    ['POST', '/api/hmackeys/hk_0000000000000000/set-dev'],
    ['GET', '/api/devkeys'],
  ];
  test.each(routes)('%s %s: 401 without a valid key, 403 for non-admin roles', async (method, path, body) => {
    expect(await call(method, path, null, body)).toMatchObject({ status: 401, text: expect.stringMatching(/^E_API_KEY_MISSING: /) });
    expect(await call(method, path, 'ei_wrong', body)).toMatchObject({ status: 401, text: expect.stringMatching(/^E_API_KEY_INVALID: /) });
    for (const role of ['ingestiononly', 'ingestion_deployment', 'readonly'] as const) {
      const r = await call(method, path, fx.apiKeys[role], body);
      expect(r.status, role).toBe(403);
      expect(r.text).toMatch(/^E_FORBIDDEN: /);
      expect(r.type).toMatch(/^text\/plain/);
    }
  });
});

describe('API keys', () => {
  test('create, list (never with secrets), use, revoke', async () => {
    const created = await call('POST', '/api/keys', fx.apiKeys.admin, { name: 'ci uploader', role: 'ingestiononly' });
    expect(created.status).toBe(200);
    expect(created.type).toMatch(/^application\/json/);
    expect(created.json).toEqual({ id: expect.stringMatching(/^ak_/), name: 'ci uploader', role: 'ingestiononly', isDevelopmentKey: false, key: expect.stringMatching(/^ei_[0-9a-f]{64}$/) });

    const list = await call('GET', '/api/keys', fx.apiKeys.admin);
    expect(list.status).toBe(200);
    expect(list.json.apiKeys.map((k: { name: string }) => k.name)).toEqual(['admin', 'ingestiononly', 'ingestion_deployment', 'readonly', 'ci uploader']);
    expect(list.json.apiKeys[4]).toEqual({ id: created.json.id, kind: 'api', name: 'ci uploader', role: 'ingestiononly', isDevelopmentKey: false, created: expect.any(String), revoked: null });
    expect(list.text).not.toMatch(/ei_/);

    expect((await post(fx, signedJson(fx.hmac.key), { apiKey: created.json.key })).status).toBe(200);
    const del = await call('DELETE', `/api/keys/${created.json.id}`, fx.apiKeys.admin);
    expect(del).toMatchObject({ status: 200, json: { id: created.json.id, revoked: expect.any(String) } });
    expect((await post(fx, signedJson(fx.hmac.key), { apiKey: created.json.key })).status).toBe(401);
    expect((await call('GET', '/api/keys', fx.apiKeys.admin)).json.apiKeys.map((k: { id: string }) => k.id)).not.toContain(created.json.id);
    expect((await call('GET', '/api/keys?includeRevoked=1', fx.apiKeys.admin)).json.apiKeys.map((k: { id: string }) => k.id)).toContain(created.json.id);
  });

  test('bad requests: 400 with a code; unknown ids 404', async () => {
    expect(await call('POST', '/api/keys', fx.apiKeys.admin, { name: 'x', role: 'owner' })).toMatchObject({ status: 400, text: expect.stringMatching(/^E_KEY_ROLE: /) });
    expect(await call('POST', '/api/keys', fx.apiKeys.admin, { role: 'admin' })).toMatchObject({ status: 400, text: expect.stringMatching(/^E_KEY_NAME: /) });
    expect(await call('POST', '/api/keys', fx.apiKeys.admin, '{nope')).toMatchObject({ status: 400, text: expect.stringMatching(/^E_BAD_REQUEST: /) });
    expect(await call('POST', '/api/keys', fx.apiKeys.admin, '[1]')).toMatchObject({ status: 400 });
    expect(await call('DELETE', '/api/keys/ak_0000000000000000', fx.apiKeys.admin)).toMatchObject({ status: 404, text: expect.stringMatching(/^E_KEY_NOT_FOUND: /) });
    // An HMAC key id on the API key route (and the reverse) is not found.
    expect((await call('DELETE', `/api/keys/${fx.hmac.id}`, fx.apiKeys.admin)).status).toBe(404);
    expect((await call('PUT', '/api/keys', fx.apiKeys.admin)).status).toBe(405);
    expect((await call('POST', '/api/keys', fx.apiKeys.admin, { name: 'x'.repeat(70_000), role: 'admin' })).status).toBe(413);
  });
});

describe('HMAC keys and development keys', () => {
  test('create (random or given), list with secrets, set-dev, revoke; devkeys follows', async () => {
    const f = await startFixture();
    const admin = f.apiKeys.admin;
    const c = (m: string, p: string, b?: unknown) => call(m, p, admin, b, f);
    try {
      // The fixture's HMAC key is the development key; there is no development API key.
      expect((await c('GET', '/api/devkeys')).json).toEqual({ apiKey: null, hmacKey: f.hmac.key });

      const given = await c('POST', '/api/hmackeys', { name: 'docs', hmacKey: 'fed53116f20684c067774ebf9e7bcbdc' });
      expect(given.json).toEqual({ id: expect.stringMatching(/^hk_/), name: 'docs', isDevelopmentKey: false, key: 'fed53116f20684c067774ebf9e7bcbdc' });
      const random = await c('POST', '/api/hmackeys', { name: 'rand', isDevelopmentKey: true });
      expect(random.json).toMatchObject({ isDevelopmentKey: true, key: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect((await c('GET', '/api/devkeys')).json).toEqual({ apiKey: null, hmacKey: random.json.key });
      expect((await c('POST', '/api/hmackeys', { name: 'bad', hmacKey: 'short' })).text).toMatch(/^E_KEY_FORMAT: /);

      const list = await c('GET', '/api/hmackeys');
      expect(list.json.hmacKeys.map((k: { name: string; isDevelopmentKey: boolean }) => [k.name, k.isDevelopmentKey])).toEqual([
        ['devices', false],
        ['docs', false],
        ['rand', true],
      ]);
      expect(list.json.hmacKeys[1].key).toBe('fed53116f20684c067774ebf9e7bcbdc');

      expect((await c('POST', `/api/hmackeys/${given.json.id}/set-dev`)).json).toMatchObject({ id: given.json.id, isDevelopmentKey: true });
      expect((await c('GET', '/api/devkeys')).json.hmacKey).toBe('fed53116f20684c067774ebf9e7bcbdc');

      // A development API key created over HTTP is fetchable from devkeys.
      const devApi = await c('POST', '/api/keys', { name: 'dev', role: 'ingestiononly', isDevelopmentKey: true });
      expect((await c('GET', '/api/devkeys')).json).toEqual({ apiKey: devApi.json.key, hmacKey: 'fed53116f20684c067774ebf9e7bcbdc' });

      // Revoking the development HMAC key leaves none; messages signed with it are refused.
      expect((await c('DELETE', `/api/hmackeys/${given.json.id}`)).status).toBe(200);
      expect((await c('GET', '/api/devkeys')).json).toEqual({ apiKey: devApi.json.key, hmacKey: null });
      expect((await post(f, signedJson('fed53116f20684c067774ebf9e7bcbdc'), { apiKey: devApi.json.key })).text).toMatch(/^E_SIG_MISMATCH/);
      expect((await c('POST', `/api/hmackeys/${given.json.id}/set-dev`)).status).toBe(409);
      expect((await c('DELETE', `/api/hmackeys/${devApi.json.id}`)).status).toBe(404);
    } finally {
      await f.stop();
    }
  });

  test('no development keys at all: both null', async () => {
    const f = await startFixture();
    try {
      const { revokeKey } = await import('../packages/server/src/service/index.js');
      await revokeKey(f.store, f.hmac.id);
      const res = await fetch(`${f.url}/api/devkeys`, { headers: { 'x-api-key': f.apiKeys.admin } });
      expect(await res.json()).toEqual({ apiKey: null, hmacKey: null });
    } finally {
      await f.stop();
    }
  });
});
