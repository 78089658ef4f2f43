/**
 * The ingestion service under misuse, over real HTTP and raw sockets: labels and key names with control
 * characters, replay options decided by the server, mismatch answers that say nothing about the keys,
 * the last admin key, an admin development key, the headers timeout, the connection cap and the cap
 * on upload bytes in flight.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { createApiKey, createHmacKey } from '../packages/server/src/service/index.js';
import { referenceSignJson } from './helpers/reference-signer.js';
import { message, post, samples, signedJson, startFixture, type Fixture } from './helpers/service.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

function socketTo(url: string): { sock: Socket; closed: Promise<string> } {
  const { hostname, port } = new URL(url);
  const sock = connect(Number(port), hostname);
  let data = '';
  sock.on('data', (c) => (data += c.toString('latin1')));
  sock.on('error', () => {});
  const closed = new Promise<string>((resolve) => sock.on('close', () => resolve(data)));
  return { sock, closed };
}

describe('labels and key names', () => {
  test('an x-label with control characters or over 256 characters is refused (400), nothing stored', async () => {
    fx = await startFixture();
    const f = fx;
    for (const label of ['%1B%5B31mred', 'a%00b', 'two%0Alines', 'bidi%E2%80%AEtxt.exe', 'x'.repeat(257)]) {
      const r = await post(f, signedJson(f.hmac.key), { apiKey: f.apiKeys.ingestiononly, headers: { 'x-label': label } });
      expect(r.status, label).toBe(400);
      expect(r.text).toMatch(/^E_HEADER_INVALID: x-label /);
    }
    expect(await samples(f)).toEqual([]);
    expect((await post(f, signedJson(f.hmac.key), { apiKey: f.apiKeys.ingestiononly, headers: { 'x-label': 'x'.repeat(256) } })).status).toBe(200);
    // A label inferred from a long file name is capped too.
    expect((await post(f, signedJson(f.hmac.key), { apiKey: f.apiKeys.ingestiononly, fileName: `${'y'.repeat(600)}.json` })).status).toBe(200);
    expect((await samples(f, 'limit=1'))[0]!.label).toBe('y'.repeat(256));
  });

  test('key names with control characters or over 256 characters are refused (E_KEY_NAME), over HTTP too', async () => {
    fx = await startFixture();
    const f = fx;
    for (const name of ['a\u001b[2Jb', 'new\nline', 'nul\u0000', 'rtl\u202e', 'n'.repeat(257)]) {
      await expect(createApiKey(f.store, { name, role: 'readonly' })).rejects.toMatchObject({ code: 'E_KEY_NAME' });
      await expect(createHmacKey(f.store, { name })).rejects.toMatchObject({ code: 'E_KEY_NAME' });
    }
    const res = await fetch(`${f.url}/api/keys`, { method: 'POST', headers: { 'x-api-key': f.apiKeys.admin }, body: JSON.stringify({ name: 'x\r\ny', role: 'readonly' }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^E_KEY_NAME: /);
  });
});

describe('replay options decided by the server', () => {
  test('disallowDuplicates refuses an identical body without the header; requireIat refuses a message without iat', async () => {
    fx = await startFixture({ disallowDuplicates: true, requireIat: true });
    const f = fx;
    const body = signedJson(f.hmac.key);
    expect((await post(f, body, { apiKey: f.apiKeys.ingestiononly })).status).toBe(200);
    const again = await post(f, body, { apiKey: f.apiKeys.ingestiononly });
    expect(again.status).toBe(409);
    expect(again.text).toMatch(/^E_DUPLICATE: .*this service refuses duplicates/);
    const noIat = await post(f, signedJson(f.hmac.key, { iat: null }), { apiKey: f.apiKeys.ingestiononly });
    expect(noIat.status).toBe(400);
    expect(noIat.text).toMatch(/^E_IAT_MISSING: /);
    expect(await samples(f)).toHaveLength(1);
  });
});

describe('answers that reveal nothing about the keys', () => {
  test('E_SIG_MISMATCH reads the same with one active HMAC key and with three', async () => {
    fx = await startFixture();
    const f = fx;
    const forged = () => referenceSignJson(message(), 'attacker-key-attacker-key-attack');
    const one = await post(f, forged(), { apiKey: f.apiKeys.ingestiononly });
    await createHmacKey(f.store, { name: 'second' });
    await createHmacKey(f.store, { name: 'third' });
    const three = await post(f, forged(), { apiKey: f.apiKeys.ingestiononly });
    expect(one).toEqual({ status: 400, text: 'E_SIG_MISMATCH: the signature does not match any active HMAC key' });
    expect(three).toEqual(one);
  });
});

describe('admin keys', () => {
  const call = (f: Fixture, method: string, path: string, body?: unknown) =>
    fetch(`${f.url}${path}`, { method, headers: { 'x-api-key': f.apiKeys.admin }, ...(body ? { body: JSON.stringify(body) } : {}) }).then(async (r) => ({
      status: r.status,
      text: await r.text(),
    }));

  test('the last active admin key cannot be revoked over HTTP (409 E_LAST_ADMIN); with another admin it can', async () => {
    fx = await startFixture();
    const f = fx;
    const self = (await f.store.listKeys({ kind: 'api' })).find((k) => k.role === 'admin')!;
    const r = await call(f, 'DELETE', `/api/keys/${self.id}`);
    expect(r.status).toBe(409);
    expect(r.text).toMatch(/^E_LAST_ADMIN: /);
    const other = await createApiKey(f.store, { name: 'admin2', role: 'admin' });
    // Two admins revoking each other at once: one revocation wins (the other is refused: 409, or 401
    // when its own key went first), and one admin remains.
    const [a, b] = await Promise.all([
      call(f, 'DELETE', `/api/keys/${other.id}`),
      fetch(`${f.url}/api/keys/${self.id}`, { method: 'DELETE', headers: { 'x-api-key': other.key } }).then((x) => x.status),
    ]);
    expect([a.status, b].filter((s) => s === 200)).toHaveLength(1);
    expect((await f.store.listKeys({ kind: 'api' })).filter((k) => k.role === 'admin')).toHaveLength(1);
  });

  test('an admin key cannot be the development key (its secret would be kept in clear)', async () => {
    fx = await startFixture();
    const f = fx;
    await expect(createApiKey(f.store, { name: 'dev', role: 'admin', dev: true })).rejects.toMatchObject({ code: 'E_DEV_KEY_ADMIN' });
    const r = await call(f, 'POST', '/api/keys', { name: 'dev', role: 'admin', isDevelopmentKey: true });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/^E_DEV_KEY_ADMIN: /);
  });
});

describe('connections', () => {
  test('a client that does not finish its headers in time gets 408 and is disconnected', async () => {
    fx = await startFixture({ headersTimeoutMs: 300 });
    const { sock, closed } = socketTo(fx.url);
    sock.write('POST /api/training/data HTTP/1.1\r\nhost: x\r\n'); // and nothing more
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('connections beyond maxConnections are closed at once; the others are served', async () => {
    fx = await startFixture({ maxConnections: 2 });
    const f = fx;
    const held = [socketTo(f.url), socketTo(f.url)];
    await Promise.all(held.map((h) => new Promise((r) => h.sock.once('connect', r))));
    await new Promise((r) => setTimeout(r, 50)); // let the server accept both
    const extra = socketTo(f.url);
    extra.sock.write('GET /api/samples HTTP/1.1\r\nhost: x\r\n\r\n');
    expect(await extra.closed).toBe(''); // closed without an answer
    held[0]!.sock.write(`GET /api/samples HTTP/1.1\r\nhost: x\r\nx-api-key: ${f.apiKeys.readonly}\r\nconnection: close\r\n\r\n`);
    expect(await held[0]!.closed).toMatch(/^HTTP\/1\.1 200 /);
    held[1]!.sock.destroy();
  });

  test('upload bytes in flight are capped: beyond maxBytesInFlight an upload is refused with 503 E_BUSY, and served once room is back', async () => {
    fx = await startFixture({ maxBytes: 64 * 1024, maxBytesInFlight: 64 * 1024 });
    const f = fx;
    const body = Buffer.from(signedJson(f.hmac.key));
    // One upload declares 64 KiB less 16 bytes and sends only its headers: those bytes are reserved.
    const slow = socketTo(f.url);
    slow.sock.write(
      `POST /api/training/data HTTP/1.1\r\nhost: x\r\nx-api-key: ${f.apiKeys.ingestiononly}\r\nx-file-name: a.json\r\ncontent-type: application/json\r\ncontent-length: ${64 * 1024 - 16}\r\n\r\n`,
    );
    await new Promise((r) => setTimeout(r, 200));
    const busy = await fetch(`${f.url}/api/training/data`, {
      method: 'POST',
      headers: { 'x-api-key': f.apiKeys.ingestiononly, 'x-file-name': 'b.json', 'content-type': 'application/json' },
      body,
    });
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(await busy.text()).toMatch(/^E_BUSY: /);
    slow.sock.destroy();
    await slow.closed;
    await new Promise((r) => setTimeout(r, 100));
    expect((await post(f, body, { apiKey: f.apiKeys.ingestiononly })).status).toBe(200);
  });
});
