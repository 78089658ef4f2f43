/**
 * Bodies move between threads instead of being copied on the event loop: the body reader gives each
 * body an ArrayBuffer of its own, the upload check pool moves it to its thread and back, and the
 * SQLite writer moves what the caller gives up. Asserted by what moving leaves behind (the caller's
 * view reads as empty: a copy would leave it whole), by what must not move (a view of a larger buffer,
 * a caller that keeps its bytes), and by every byte stored, checked against node:crypto's SHA-256.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { openStore, type SqliteStore } from '../packages/server/src/service/index.js';
import { UploadCheckPool } from '../packages/server/src/service/upload-check-pool.js';
import { multipart, post, signedJson, startFixture, tempDir, type Fixture } from './helpers/service.js';
import { sampleOf } from './helpers/store-backends.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A valid message of about `rows` × 3 values (≈ 40 bytes a row), signed with `key`. */
function largeMessage(key: string, rows: number, seed: number): Uint8Array {
  const values = Array.from({ length: rows }, (_, i) => [-9.81 + (i % 997) / 1000, 0.03 + seed, 1.21 - (i % 101) / 1000]);
  return signedJson(key, { values, seed });
}

/** `bytes` in a Buffer over an ArrayBuffer of its own, as the body reader makes them. */
function owned(bytes: Uint8Array): Buffer {
  const b = Buffer.from(new ArrayBuffer(bytes.length));
  b.set(bytes);
  return b;
}

describe('upload check pool', () => {
  const key = 'a'.repeat(32);
  const settings = { policy: 'reject' as const, maxAgeSeconds: undefined, maxBytes: 16 << 20, requireIat: false };
  let pool: UploadCheckPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });
  const job = (body: Uint8Array) => ({ body, contentType: 'application/json', multipart: false, keys: [{ id: 'k', key }] });

  test('a body given up is moved to the thread and its bytes come back with the verdict', async () => {
    pool = new UploadCheckPool(settings, { threads: 1, inlineMaxBytes: 0 });
    const sent = largeMessage(key, 3000, 1);
    const body = owned(sent);
    const { verdict, body: back } = await pool.check(job(body), true);
    expect(verdict).toMatchObject({ ok: true, signature: 'valid', sha256: sha256(sent) });
    expect(body.byteLength).toBe(0); // moved, not cloned
    expect(Buffer.from(back).equals(sent)).toBe(true);
  });

  test('a body the caller keeps, or a view of a larger buffer, is copied for the thread and left intact', async () => {
    pool = new UploadCheckPool(settings, { threads: 1, inlineMaxBytes: 0 });
    const sent = largeMessage(key, 3000, 2);
    const kept = owned(sent);
    const a = await pool.check(job(kept));
    expect(kept.byteLength).toBe(sent.length);
    expect(Buffer.from(a.body).equals(sent)).toBe(true);
    expect(a.body.buffer).not.toBe(kept.buffer);

    const larger = Buffer.from(new ArrayBuffer(sent.length + 10));
    larger.set(sent, 5);
    const view = larger.subarray(5, 5 + sent.length);
    const b = await pool.check(job(view), true);
    expect(b.verdict).toMatchObject({ ok: true, sha256: sha256(sent) });
    expect(larger.byteLength).toBe(sent.length + 10);
    expect(view.equals(sent)).toBe(true);
    expect(Buffer.from(b.body).equals(sent)).toBe(true);
  });
});

describe('SQLite store: moveRaw', () => {
  let store: SqliteStore | undefined;
  let cleanup = () => {};
  afterEach(async () => {
    await store?.close();
    cleanup();
    store = undefined;
  });
  const open = () => {
    const t = tempDir('edgesign-move-');
    cleanup = t.cleanup;
    return (store = openStore(t.dir));
  };
  const rawOf = async (s: SqliteStore, id: number) => Buffer.from((await s.getSampleRaw(id))!.body);

  test('given up whole, the bytes are moved to the writer and stored exactly', async () => {
    const s = open();
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
    const raw = owned(bytes);
    const r = await s.insertSample(sampleOf({ raw }), { moveRaw: true });
    expect(raw.byteLength).toBe(0);
    if (r.status !== 'stored') throw new Error(r.status);
    expect(r.sample.bytes).toBe(bytes.length);
    expect(sha256(await rawOf(s, r.sample.id))).toBe(sha256(bytes));
  });

  test('kept, or a slice of a shared buffer: copied when insertSample is called, the caller\'s bytes intact', async () => {
    const s = open();
    const bytes = new TextEncoder().encode('{"kept":1}');
    const kept = owned(bytes);
    const pending = s.insertSample(sampleOf({ raw: kept }));
    kept.fill(0x20); // after the call: must not reach the store
    const a = await pending;
    // A small Buffer is a slice of Node's shared pool: moving it would take its neighbours along.
    const pooled = Buffer.from('{"pooled":1}');
    const neighbour = Buffer.from('neighbour');
    const b = await s.insertSample(sampleOf({ raw: pooled }), { moveRaw: true });
    expect(pooled.toString()).toBe('{"pooled":1}');
    expect(neighbour.toString()).toBe('neighbour');
    if (a.status !== 'stored' || b.status !== 'stored') throw new Error('not stored');
    expect((await rawOf(s, a.sample.id)).equals(bytes)).toBe(true);
    expect((await rawOf(s, b.sample.id)).toString()).toBe('{"pooled":1}');
  });
});

describe('HTTP: large bodies stored byte for byte', () => {
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.stop();
    fx = undefined;
  });

  async function stored(f: Fixture): Promise<Array<{ id: number; fileName: string; sha256: string; bytes: number }>> {
    const res = await fetch(`${f.url}/api/samples?limit=100`, { headers: { 'x-api-key': f.apiKeys.readonly } });
    return ((await res.json()) as { samples: Array<{ id: number; fileName: string; sha256: string; bytes: number }> }).samples;
  }
  async function raw(f: Fixture, id: number): Promise<Buffer> {
    const res = await fetch(`${f.url}/api/samples/${id}/raw`, { headers: { 'x-api-key': f.apiKeys.readonly } });
    return Buffer.from(await res.arrayBuffer());
  }
  /** POSTs `body` in pieces with no content-length (chunked transfer encoding). */
  function postChunked(f: Fixture, body: Uint8Array, fileName: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${f.url}/api/training/data`, { method: 'POST', headers: { 'x-api-key': f.apiKeys.ingestiononly, 'x-file-name': fileName, 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      for (let at = 0; at < body.length; at += 50_000) req.write(body.subarray(at, at + 50_000));
      req.end();
    });
  }

  test.each(['reject', 'flag'] as const)('policy %s: /data with content-length and chunked, /files with large and small parts', async (policy) => {
    fx = await startFixture({ signaturePolicy: policy });
    const f = fx;
    const declared = largeMessage(f.hmac.key, 20_000, 3); // ≈ 800 KB: checked in a thread
    const chunked = largeMessage(f.hmac.key, 20_000, 4);
    expect(declared.length).toBeGreaterThan(256 * 1024);
    expect(await post(f, declared, { apiKey: f.apiKeys.ingestiononly, fileName: 'declared.json' })).toEqual({ status: 200, text: 'declared.json' });
    expect(await postChunked(f, chunked, 'chunked.json')).toEqual({ status: 200, text: 'chunked.json' });

    const big1 = largeMessage(f.hmac.key, 5000, 5);
    const big2 = largeMessage(f.hmac.key, 6000, 6);
    const small = signedJson(f.hmac.key, { seed: 7 });
    const form = multipart([
      { name: 'data', filename: 'big1.json', type: 'application/json', bytes: big1 },
      { name: 'data', filename: 'small.json', type: 'application/json', bytes: small },
      { name: 'data', filename: 'big2.json', type: 'application/json', bytes: big2 },
    ]);
    const res = await fetch(`${f.url}/api/training/files`, { method: 'POST', headers: { 'x-api-key': f.apiKeys.ingestiononly, 'content-type': form.contentType }, body: new Uint8Array(form.body) });
    expect(((await res.json()) as { files: Array<{ success: boolean }> }).files.map((x) => x.success)).toEqual([true, true, true]);

    const sent = new Map<string, Uint8Array>([
      ['declared.json', declared],
      ['chunked.json', chunked],
      ['big1.json', big1],
      ['small.json', small],
      ['big2.json', big2],
    ]);
    const list = await stored(f);
    expect(list.map((s) => s.fileName).sort()).toEqual([...sent.keys()].sort());
    for (const s of list) {
      const bytes = sent.get(s.fileName)!;
      expect(s.sha256, s.fileName).toBe(sha256(bytes));
      expect(s.bytes, s.fileName).toBe(bytes.length);
      expect((await raw(f, s.id)).equals(bytes), s.fileName).toBe(true);
    }
  });
});
