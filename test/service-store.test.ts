/** The SQLite store itself: group commit, per-insert isolation, duplicates, close, schema versions. */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openStore, type SqliteStore } from '../packages/server/src/service/index.js';
import { tempDir } from './helpers/service.js';
import { sampleOf as sample } from './helpers/store-backends.js';

let dir: string;
let cleanup: () => void;
let store: SqliteStore;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('edgesign-store-'));
  store = openStore(dir);
});
afterEach(async () => {
  await store.close();
  cleanup();
});

test('round trip: every field, the raw bytes, newest first', async () => {
  const a = sample();
  const b = sample({ category: 'testing', label: null, metadata: null, iat: null, signature: 'unsigned', signatureError: 'E_ALG_NONE', hmacKeyId: null });
  const ra = await store.insertSample(a);
  const rb = await store.insertSample(b);
  expect(ra.status).toBe('stored');
  expect(rb.status).toBe('stored');
  const list = await store.listSamples({ limit: 10, offset: 0 });
  const { raw: _a, ...restA } = a;
  const { raw: _b, ...restB } = b;
  expect(list).toEqual([
    { ...restB, id: 2, bytes: b.raw.length },
    { ...restA, id: 1, bytes: a.raw.length },
  ]);
  expect(await store.listSamples({ category: 'testing', limit: 10, offset: 0 })).toHaveLength(1);
  expect(await store.getSample(1)).toEqual({ ...restA, id: 1, bytes: a.raw.length });
  expect(await store.getSampleRaw(1)).toEqual({ contentType: 'application/json', body: new Uint8Array(a.raw) });
  expect(await store.getSample(99)).toBeUndefined();
  expect(await store.getSampleRaw(99)).toBeUndefined();
});

test('concurrent inserts share commits; a bad insert fails alone', async () => {
  const good = Array.from({ length: 50 }, () => sample());
  const bad = sample({ category: 'bogus' as never });
  const results = await Promise.allSettled([...good.slice(0, 25).map((s) => store.insertSample(s)), store.insertSample(bad), ...good.slice(25).map((s) => store.insertSample(s))]);
  expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  expect((results[25] as PromiseRejectedResult).reason).toMatchObject({ code: 'E_STORE_UNAVAILABLE', message: expect.stringMatching(/CHECK/) });
  const stored = await store.listSamples({ limit: 100, offset: 0 });
  expect(stored.map((s) => s.sha256).sort()).toEqual(good.map((s) => s.sha256).sort());
});

test('disallowDuplicates is atomic within one commit and across commits', async () => {
  const s = sample();
  const results = await Promise.all(Array.from({ length: 5 }, () => store.insertSample({ ...s }, { disallowDuplicates: true })));
  expect(results.filter((r) => r.status === 'stored')).toHaveLength(1);
  expect(results.filter((r) => r.status === 'duplicate')).toEqual(Array(4).fill({ status: 'duplicate', existingId: 1 }));
  expect(await store.insertSample({ ...s }, { disallowDuplicates: true })).toEqual({ status: 'duplicate', existingId: 1 });
  expect((await store.insertSample({ ...s })).status).toBe('stored');
});

test('close() commits the inserts already queued; later ones are refused', async () => {
  const pending = Array.from({ length: 20 }, () => store.insertSample(sample()));
  await store.close();
  expect((await Promise.all(pending)).every((r) => r.status === 'stored')).toBe(true);
  await expect(store.insertSample(sample())).rejects.toMatchObject({ code: 'E_STORE_CLOSED' });
  await expect(store.listSamples({ limit: 1, offset: 0 })).rejects.toMatchObject({ code: 'E_STORE_CLOSED' });
  store = openStore(dir);
  expect(await store.listSamples({ limit: 100, offset: 0 })).toHaveLength(20);
});

test('a store written by a newer edgesign is refused', async () => {
  await store.close();
  const db = new Database(`${dir}/edgesign.db`);
  db.pragma('user_version = 99');
  db.close();
  expect(() => openStore(dir)).toThrow(expect.objectContaining({ code: 'E_STORE_VERSION' }));
  store = openStore(`${dir}/other`);
});

test('a data dir that cannot be used is E_STORE_UNAVAILABLE', async () => {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${dir}/a-file`, 'x');
  expect(() => openStore(`${dir}/a-file/data`)).toThrow(expect.objectContaining({ code: 'E_STORE_UNAVAILABLE', message: expect.stringMatching(/data directory/) }));
  expect(() => openStore(`${dir}/a-file`)).toThrow(expect.objectContaining({ code: 'E_STORE_UNAVAILABLE' }));
});
