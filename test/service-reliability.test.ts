/**
 * Nothing lost, nothing half-stored: oversized and aborted uploads, storage failures (locked database,
 * full disk, read-only database, a store that cannot commit), graceful close, 100-continue, and a
 * concurrent burst. After every failure the service keeps serving.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createIngestionServer, openStore, type InsertSampleResult, type NewSample, type Store } from '../packages/server/src/service/index.js';
import { post, samples, signedJson, startFixture, tempDir, type Fixture } from './helpers/service.js';
import { createApiKey, createHmacKey } from '../packages/server/src/service/index.js';
import { EdgesignError } from '../packages/edgesign/src/errors.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

const count = async (f: Fixture) => (await samples(f, 'limit=100000')).length;

/** Sends raw bytes on a fresh connection and returns the socket plus a promise of everything it receives. */
function rawConnection(url: string): { sock: Socket; received: Promise<string>; ready: Promise<void> } {
  const { hostname, port } = new URL(url);
  const sock = connect(Number(port), hostname);
  const ready = new Promise<void>((resolve) => sock.once('connect', () => resolve()));
  const received = new Promise<string>((resolve) => {
    let data = '';
    sock.on('data', (c) => (data += c.toString('latin1')));
    sock.on('close', () => resolve(data));
    sock.on('error', () => {});
  });
  return { sock, received, ready };
}

function head(f: Fixture, extra: string): string {
  return `POST /api/training/data HTTP/1.1\r\nhost: localhost\r\nx-api-key: ${f.apiKeys.ingestiononly}\r\nx-file-name: partial.json\r\ncontent-type: application/json\r\n${extra}\r\n`;
}

describe('413 while streaming', () => {
  test('declared length over the limit: refused before reading; chunked: as soon as it crosses the limit', async () => {
    fx = await startFixture({ maxBytes: 64 * 1024 });
    const f = fx;
    // Declared length.
    expect(await post(f, new Uint8Array(64 * 1024 + 1), { apiKey: f.apiKeys.ingestiononly })).toEqual({ status: 413, text: expect.stringMatching(/^E_TOO_LARGE: /) });

    // Chunked, slow: the answer comes while the client is still sending, not after it sent everything.
    let pulled = 0;
    const slow = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (pulled++ >= 200) return c.close();
        await delay(10);
        c.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    const t0 = Date.now();
    const res = await fetch(`${f.url}/api/training/data`, {
      method: 'POST',
      headers: { 'x-api-key': f.apiKeys.ingestiononly, 'x-file-name': 'big.json', 'content-type': 'application/json' },
      body: slow,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/^E_TOO_LARGE: /);
    expect(res.headers.get('connection')).toBe('close');
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(pulled).toBeLessThan(100);

    // A large chunked body sent as fast as possible also gets its 413 (not a reset).
    const fast = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 128; i++) c.enqueue(new Uint8Array(64 * 1024));
        c.close();
      },
    });
    const res2 = await fetch(`${f.url}/api/training/data`, {
      method: 'POST',
      headers: { 'x-api-key': f.apiKeys.ingestiononly, 'x-file-name': 'big.json', 'content-type': 'application/json' },
      body: fast,
      duplex: 'half',
    } as RequestInit);
    expect(res2.status).toBe(413);

    // A client that writes its whole (8 MiB) body before reading: it reads the 413 and sees a clean
    // close, not a reset or a broken pipe (the server drains a little before closing).
    const naive = rawConnection(f.url);
    await naive.ready;
    let socketError: string | null = null;
    naive.sock.on('error', (e: NodeJS.ErrnoException) => (socketError = e.code ?? e.message));
    naive.sock.write(head(f, 'transfer-encoding: chunked\r\n'));
    const mib = Buffer.alloc(1024 * 1024, 0x20);
    for (let k = 0; k < 8; k++) naive.sock.write(`${mib.length.toString(16)}\r\n`), naive.sock.write(mib), naive.sock.write('\r\n');
    naive.sock.end('0\r\n\r\n');
    expect(await naive.received).toMatch(/^HTTP\/1\.1 413 [^]*connection: close[^]*E_TOO_LARGE: /i);
    expect(socketError).toBeNull();

    // The service still serves, and a body of exactly the limit is fine.
    expect(await count(f)).toBe(0);
    const body = signedJson(f.hmac.key);
    expect((await post(f, body, { apiKey: f.apiKeys.ingestiononly })).status).toBe(200);
    const exact = await startFixture({ maxBytes: body.length });
    try {
      const same = signedJson(exact.hmac.key, { seed: 1 });
      const sameLength = same.length === body.length ? same : signedJson(exact.hmac.key, { seed: 1, deviceName: 'x'.repeat(17 + body.length - same.length) });
      expect(sameLength.length).toBe(body.length);
      expect((await post(exact, sameLength, { apiKey: exact.apiKeys.ingestiononly })).status).toBe(200);
      const longer = signedJson(exact.hmac.key, { seed: 1, deviceName: 'x'.repeat(18 + body.length - same.length) });
      expect((await post(exact, longer, { apiKey: exact.apiKeys.ingestiononly })).status).toBe(413);
    } finally {
      await exact.stop();
    }
  });
});

describe('aborted uploads store nothing', () => {
  test('client resets mid-body (declared length and chunked), or half-closes early', async () => {
    const onError = vi.fn();
    fx = await startFixture({ onError });
    const f = fx;
    const body = Buffer.from(signedJson(f.hmac.key));

    const resetMid = rawConnection(f.url);
    await resetMid.ready;
    resetMid.sock.write(head(f, `content-length: ${body.length}\r\n`));
    resetMid.sock.write(body.subarray(0, body.length >> 1));
    await delay(50);
    resetMid.sock.resetAndDestroy();

    const resetChunked = rawConnection(f.url);
    await resetChunked.ready;
    resetChunked.sock.write(head(f, 'transfer-encoding: chunked\r\n'));
    resetChunked.sock.write(`${(body.length - 1).toString(16)}\r\n`);
    resetChunked.sock.write(body.subarray(0, body.length - 1));
    resetChunked.sock.write('\r\n');
    await delay(50);
    resetChunked.sock.resetAndDestroy();

    // Everything but the last byte, then the client closes its side: no answer, nothing stored.
    const truncated = rawConnection(f.url);
    await truncated.ready;
    truncated.sock.write(head(f, `content-length: ${body.length}\r\n`));
    truncated.sock.write(body.subarray(0, body.length - 1));
    await delay(50);
    truncated.sock.end();
    expect(await truncated.received).not.toMatch(/^HTTP\/1\.1 200/);

    await delay(100);
    expect(await count(f)).toBe(0);
    // The same bytes, complete, are stored: the aborted attempts left no duplicate record either.
    expect((await post(f, body, { apiKey: f.apiKeys.ingestiononly, headers: { 'x-disallow-duplicates': '1' } })).status).toBe(200);
    expect(await count(f)).toBe(1);
    expect(onError).not.toHaveBeenCalled();
  });

  test('malformed HTTP gets 400 and the service keeps serving', async () => {
    fx = await startFixture();
    const c = rawConnection(fx.url);
    await c.ready;
    c.sock.write('POST /api/training/data HTTP/1.1\r\ncontent-length: zz\r\n\r\n');
    expect(await c.received).toMatch(/^HTTP\/1\.1 400/);
    expect((await post(fx, signedJson(fx.hmac.key), { apiKey: fx.apiKeys.ingestiononly })).status).toBe(200);
  });
});

describe('storage failures answer 503 and acknowledge nothing', () => {
  test('locked database (another connection holds the write lock), then a retry succeeds', async () => {
    fx = await startFixture();
    const f = fx;
    const other = new Database(f.store.path);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const bodies = Array.from({ length: 6 }, () => signedJson(f.hmac.key));
      const results = await Promise.all(bodies.map((b) => post(f, b, { apiKey: f.apiKeys.ingestiononly, headers: { 'x-disallow-duplicates': '1' } })));
      for (const r of results) expect(r).toEqual({ status: 503, text: expect.stringMatching(/^E_STORE_UNAVAILABLE: .*(locked|busy)/i) });
      const res = await fetch(`${f.url}/api/training/data`, { method: 'POST', headers: { 'x-api-key': f.apiKeys.ingestiononly, 'x-file-name': 'a.json', 'content-type': 'application/json' }, body: bodies[0] as BodyInit });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      // Reads still work meanwhile (WAL).
      expect(await count(f)).toBe(0);
      other.exec('ROLLBACK');
      // Retries of the same bytes are not refused as duplicates: nothing of the failed attempts remains.
      for (const b of bodies) expect((await post(f, b, { apiKey: f.apiKeys.ingestiononly, headers: { 'x-disallow-duplicates': '1' } })).status).toBe(200);
      expect((await samples(f, 'limit=100')).map((s) => s.sha256).sort()).toEqual(bodies.map(sha256).sort());
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });

  test('full disk (SQLITE_FULL), then space again', async () => {
    fx = await startFixture();
    const f = fx;
    const pages = f.store.db.pragma('page_count', { simple: true }) as number;
    await f.store.execOnWriter(`PRAGMA max_page_count = ${pages}`);
    const big = signedJson(f.hmac.key, { values: Array.from({ length: 3000 }, (_, i) => [i, i + 0.5, -i]) });
    const r = await post(f, big, { apiKey: f.apiKeys.ingestiononly });
    expect(r).toEqual({ status: 503, text: expect.stringMatching(/^E_STORE_UNAVAILABLE: .*full/i) });
    expect(await count(f)).toBe(0);
    await f.store.execOnWriter('PRAGMA max_page_count = 1073741823');
    expect((await post(f, big, { apiKey: f.apiKeys.ingestiononly })).status).toBe(200);
    expect(await count(f)).toBe(1);
  });

  test('read-only database, then writable again', async () => {
    fx = await startFixture();
    const f = fx;
    await f.store.execOnWriter('PRAGMA query_only = 1');
    expect(await post(f, signedJson(f.hmac.key), { apiKey: f.apiKeys.ingestiononly })).toEqual({ status: 503, text: expect.stringMatching(/^E_STORE_UNAVAILABLE: /) });
    await f.store.execOnWriter('PRAGMA query_only = 0');
    expect((await post(f, signedJson(f.hmac.key), { apiKey: f.apiKeys.ingestiononly })).status).toBe(200);
    expect(await count(f)).toBe(1);
  });

  test('any Store whose commit fails (the seam for other databases)', async () => {
    const { dir, cleanup } = tempDir();
    const inner = openStore(dir);
    const api = await createApiKey(inner, { name: 'i', role: 'ingestiononly' });
    const hk = await createHmacKey(inner, { name: 'h' });
    let failNext = 2;
    const store = new FailingStore(inner, () => failNext-- > 0);
    const svc = createIngestionServer({ store, port: 0 });
    const { url } = await svc.listen();
    try {
      const body = signedJson(hk.key);
      expect(await post({ url }, body, { apiKey: api.key })).toEqual({ status: 503, text: 'E_STORE_UNAVAILABLE: the disk is full (simulated)' });
      expect(await post({ url }, body, { apiKey: api.key })).toMatchObject({ status: 503 });
      expect(await post({ url }, body, { apiKey: api.key })).toEqual({ status: 200, text: 'idle.01.json' });
      expect((await inner.listSamples({ limit: 10, offset: 0 })).map((s) => s.sha256)).toEqual([sha256(body)]);
    } finally {
      await svc.close();
      await inner.close();
      cleanup();
    }
  });
});

/** Delegates to a real store, but its commits fail while `fail()` says so. */
class FailingStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly fail: () => boolean,
  ) {}
  insertSample(s: NewSample, o?: { disallowDuplicates?: boolean }): Promise<InsertSampleResult> {
    if (this.fail()) return Promise.reject(new EdgesignError('E_STORE_UNAVAILABLE', 'the disk is full (simulated)'));
    return this.inner.insertSample(s, o);
  }
  insertKey: Store['insertKey'] = (k) => this.inner.insertKey(k);
  getKey: Store['getKey'] = (id) => this.inner.getKey(id);
  listKeys: Store['listKeys'] = (f) => this.inner.listKeys(f);
  findApiKeyByHash: Store['findApiKeyByHash'] = (h) => this.inner.findApiKeyByHash(h);
  revokeKey: Store['revokeKey'] = (id, at) => this.inner.revokeKey(id, at);
  setDevelopmentKey: Store['setDevelopmentKey'] = (id) => this.inner.setDevelopmentKey(id);
  touchKey: Store['touchKey'] = (id, at) => this.inner.touchKey(id, at);
  listKeyUsage: Store['listKeyUsage'] = () => this.inner.listKeyUsage();
  upsertDevice: Store['upsertDevice'] = (id, p, now) => this.inner.upsertDevice(id, p, now);
  updateDevice: Store['updateDevice'] = (id, p) => this.inner.updateDevice(id, p);
  getDevice: Store['getDevice'] = (id) => this.inner.getDevice(id);
  listDevices: Store['listDevices'] = () => this.inner.listDevices();
  getSetting: Store['getSetting'] = (n) => this.inner.getSetting(n);
  setSetting: Store['setSetting'] = (n, v) => this.inner.setSetting(n, v);
  listSamples: Store['listSamples'] = (q) => this.inner.listSamples(q);
  getSample: Store['getSample'] = (id) => this.inner.getSample(id);
  getSampleRaw: Store['getSampleRaw'] = (id) => this.inner.getSampleRaw(id);
  joinReceivers: Store['joinReceivers'] = (o) => this.inner.joinReceivers(o);
  close: Store['close'] = () => this.inner.close();
}

describe('lifecycle', () => {
  test('close() lets a request in progress finish (and store) before the store closes; new connections are refused', async () => {
    const { dir, cleanup } = tempDir();
    const setup = openStore(dir);
    const api = await createApiKey(setup, { name: 'i', role: 'ingestiononly' });
    const hk = await createHmacKey(setup, { name: 'h' });
    await setup.close();
    const svc = createIngestionServer({ dataDir: dir, port: 0 });
    const { url } = await svc.listen();
    const body = signedJson(hk.key);
    let step = 0;
    const slow = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (step === 0) c.enqueue(body.subarray(0, 10));
        else if (step === 1) {
          await delay(300);
          c.enqueue(body.subarray(10));
        } else c.close();
        step++;
      },
    });
    const inFlight = fetch(`${url}/api/training/data`, {
      method: 'POST',
      headers: { 'x-api-key': api.key, 'x-file-name': 'slow.json', 'content-type': 'application/json' },
      body: slow,
      duplex: 'half',
    } as RequestInit).then(async (r) => ({ status: r.status, text: await r.text() }));
    await delay(100);
    const closed = svc.close();
    expect(await inFlight).toEqual({ status: 200, text: 'slow.json' });
    await closed;
    await expect(fetch(`${url}/api/samples`)).rejects.toThrow();
    const after = openStore(dir);
    try {
      expect((await after.listSamples({ limit: 10, offset: 0 })).map((s) => s.sha256)).toEqual([sha256(body)]);
    } finally {
      await after.close();
      cleanup();
    }
  });

  test('Expect: 100-continue is answered only after the headers pass', async () => {
    fx = await startFixture();
    const f = fx;
    const body = Buffer.from(signedJson(f.hmac.key));
    const send = (apiKey: string) =>
      new Promise<{ status: number; continued: boolean; text: string }>((resolve, reject) => {
        let continued = false;
        const req = request(`${f.url}/api/training/data`, {
          method: 'POST',
          headers: { expect: '100-continue', 'x-api-key': apiKey, 'x-file-name': 'c.json', 'content-type': 'application/json', 'content-length': body.length },
        });
        req.on('continue', () => {
          continued = true;
          req.end(body);
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, continued, text }));
        });
        req.on('error', reject);
      });
    expect(await send('ei_wrong')).toMatchObject({ status: 401, continued: false });
    expect(await send(f.apiKeys.readonly)).toMatchObject({ status: 403, continued: false });
    expect(await send(f.apiKeys.ingestiononly)).toEqual({ status: 200, continued: true, text: 'c.json' });
    expect(await count(f)).toBe(1);
  });

  test('a concurrent burst: every 200 is stored intact (group commit)', async () => {
    fx = await startFixture();
    const f = fx;
    const bodies = Array.from({ length: 300 }, () => signedJson(f.hmac.key));
    const results = await Promise.all(bodies.map((b, i) => post(f, b, { apiKey: f.apiKeys.ingestiononly, fileName: `burst.${i}.json` })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const stored = await samples(f, 'limit=100000');
    expect(stored).toHaveLength(300);
    const byName = new Map(stored.map((s) => [s.fileName, s]));
    bodies.forEach((b, i) => expect(byName.get(`burst.${i}.json`)?.sha256).toBe(sha256(b)));
  });
});
