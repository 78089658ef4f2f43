/**
 * The Store contract (store.ts), one suite run against both backends: the embedded SQLite store and
 * the PostgreSQL server store (a real cluster started by the suite). Several stores opened on one
 * location stand for several receivers (or a receiver and the CLI) sharing one truth.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createApiKey, createHmacKey, hashApiKeySecret, type KeyRecord, type Store } from '../packages/server/src/service/index.js';
import { postgresBackend, sampleOf, sqliteBackend, type Backend, type StoreLocationUnderTest } from './helpers/store-backends.js';

const backends: Backend[] = [sqliteBackend, postgresBackend()];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function apiKey(overrides: Partial<KeyRecord> = {}): KeyRecord {
  const id = `ak_${Math.random().toString(16).slice(2, 18)}`;
  return {
    id,
    kind: 'api',
    name: id,
    role: 'ingestiononly',
    secret: null,
    secretHash: hashApiKeySecret(id),
    isDevelopmentKey: false,
    createdAt: new Date().toISOString(),
    revokedAt: null,
    expiresAt: null,
    ...overrides,
  };
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`Store contract: ${backend.name}`, () => {
    let loc: StoreLocationUnderTest;
    let store: Store;
    const others: Store[] = [];
    /** Another store on the same location (another receiver). */
    const another = async () => {
      const s = await loc.open();
      others.push(s);
      return s;
    };

    beforeAll(() => backend.beforeAll());
    afterAll(() => backend.afterAll());
    beforeEach(async () => {
      loc = await backend.fresh();
      store = await loc.open();
    });
    afterEach(async () => {
      await Promise.all([store.close(), ...others.splice(0).map((s) => s.close())]);
      await loc.cleanup();
    });

    test('round trip: every field, the raw bytes, newest first, by category', async () => {
      const a = sampleOf();
      const b = sampleOf({ category: 'testing', label: null, metadata: null, iat: null, signature: 'unsigned', signatureError: 'E_ALG_NONE', hmacKeyId: null });
      const ra = await store.insertSample(a);
      const rb = await store.insertSample(b);
      if (ra.status !== 'stored' || rb.status !== 'stored') throw new Error('not stored');
      const { raw: _a, ...restA } = a;
      const { raw: _b, ...restB } = b;
      const idA = ra.sample.id;
      const idB = rb.sample.id;
      expect(idB).toBeGreaterThan(idA);
      expect(ra.sample).toEqual({ ...restA, id: idA, bytes: a.raw.length });
      expect(await store.listSamples({ limit: 10, offset: 0 })).toEqual([
        { ...restB, id: idB, bytes: b.raw.length },
        { ...restA, id: idA, bytes: a.raw.length },
      ]);
      expect((await store.listSamples({ category: 'testing', limit: 10, offset: 0 })).map((s) => s.id)).toEqual([idB]);
      expect((await store.listSamples({ limit: 1, offset: 1 })).map((s) => s.id)).toEqual([idA]);
      expect(await store.getSample(idA)).toEqual({ ...restA, id: idA, bytes: a.raw.length });
      expect(await store.getSampleRaw(idA)).toEqual({ contentType: 'application/json', body: new Uint8Array(a.raw) });
      expect(await store.getSample(idB + 1000)).toBeUndefined();
      expect(await store.getSampleRaw(idB + 1000)).toBeUndefined();
    });

    test('raw bodies come back byte for byte: every byte value, empty-ish and 1 MiB bodies', async () => {
      const all = Uint8Array.from({ length: 256 * 4 }, (_, i) => i % 256);
      const big = new Uint8Array(1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
      for (const raw of [all, big, new Uint8Array([0])]) {
        const r = await store.insertSample(sampleOf({ raw, contentType: 'application/octet-stream' }));
        if (r.status !== 'stored') throw new Error('not stored');
        expect(Buffer.from((await store.getSampleRaw(r.sample.id))!.body).equals(Buffer.from(raw))).toBe(true);
      }
    });

    test('concurrent inserts all commit; a bad insert fails alone with E_STORE_UNAVAILABLE', async () => {
      const good = Array.from({ length: 50 }, () => sampleOf());
      const bad = sampleOf({ category: 'bogus' as never });
      const results = await Promise.allSettled([
        ...good.slice(0, 25).map((s) => store.insertSample(s)),
        store.insertSample(bad),
        ...good.slice(25).map((s) => store.insertSample(s)),
      ]);
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
      expect((results[25] as PromiseRejectedResult).reason).toMatchObject({ code: 'E_STORE_UNAVAILABLE', message: expect.stringMatching(/check/i) });
      const stored = await store.listSamples({ limit: 100, offset: 0 });
      expect(stored.map((s) => s.sha256).sort()).toEqual(good.map((s) => s.sha256).sort());
    });

    test('disallowDuplicates is one atomic step, also across stores on one database', async () => {
      const second = await another();
      const s = sampleOf();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? second : store).insertSample({ ...s }, { disallowDuplicates: true })));
      const stored = results.filter((r) => r.status === 'stored');
      expect(stored).toHaveLength(1);
      const id = stored[0]!.status === 'stored' ? stored[0]!.sample.id : -1;
      expect(results.filter((r) => r.status === 'duplicate')).toEqual(Array(7).fill({ status: 'duplicate', existingId: id }));
      // Without the flag the same body is stored again; with it, still a duplicate of the first.
      expect((await second.insertSample({ ...s })).status).toBe('stored');
      expect(await store.insertSample({ ...s }, { disallowDuplicates: true })).toEqual({ status: 'duplicate', existingId: id });
      expect(await store.listSamples({ limit: 100, offset: 0 })).toHaveLength(2);
    });

    test('a body first stored without the flag still counts as the original for a later disallowDuplicates', async () => {
      const s = sampleOf();
      const first = await store.insertSample({ ...s });
      const second = await store.insertSample({ ...s });
      if (first.status !== 'stored' || second.status !== 'stored') throw new Error('not stored');
      expect(await store.insertSample({ ...s }, { disallowDuplicates: true })).toEqual({ status: 'duplicate', existingId: first.sample.id });
    });

    test('keys: insert, get, list (oldest first), find by hash, revoke (idempotent), development flags', async () => {
      const a = await createApiKey(store, { name: 'ci', role: 'ingestiononly', dev: true });
      const h1 = await createHmacKey(store, { name: 'h1', dev: true });
      const h2 = await createHmacKey(store, { name: 'h2' });
      expect((await store.listKeys()).map((k) => k.id)).toEqual([a.id, h1.id, h2.id]);
      expect((await store.listKeys({ kind: 'hmac' })).map((k) => k.id)).toEqual([h1.id, h2.id]);
      const ak = await store.getKey(a.id);
      expect(ak).toMatchObject({ kind: 'api', role: 'ingestiononly', secret: a.key, secretHash: hashApiKeySecret(a.key), isDevelopmentKey: true, revokedAt: null });
      expect(ak!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect((await store.findApiKeyByHash(hashApiKeySecret(a.key)))?.id).toBe(a.id);
      expect(await store.findApiKeyByHash(hashApiKeySecret('ei_nope'))).toBeUndefined();

      // A second development API key takes the flag, and the first one's kept secret is dropped.
      const a2 = await createApiKey(store, { name: 'ci2', role: 'ingestion_deployment', dev: true });
      expect(await store.getKey(a.id)).toMatchObject({ isDevelopmentKey: false, secret: null });
      expect(await store.getKey(a2.id)).toMatchObject({ isDevelopmentKey: true, secret: a2.key });

      expect(await store.setDevelopmentKey(h2.id)).toMatchObject({ id: h2.id, isDevelopmentKey: true });
      expect(await store.getKey(h1.id)).toMatchObject({ isDevelopmentKey: false, secret: h1.key });

      const revokedAt = new Date().toISOString();
      expect(await store.revokeKey(h2.id, revokedAt)).toMatchObject({ revokedAt, isDevelopmentKey: false });
      expect(await store.revokeKey(h2.id, new Date(Date.now() + 5000).toISOString())).toMatchObject({ revokedAt });
      expect(await store.revokeKey('hk_missing', revokedAt)).toBeUndefined();
      expect(await store.setDevelopmentKey(h2.id)).toMatchObject({ revokedAt, isDevelopmentKey: false });
      expect(await store.setDevelopmentKey('hk_missing')).toBeUndefined();
      expect((await store.listKeys()).map((k) => k.id)).toEqual([a.id, h1.id, a2.id]);
      expect((await store.listKeys({ includeRevoked: true })).map((k) => k.id)).toEqual([a.id, h1.id, h2.id, a2.id]);
      await store.revokeKey(a2.id, revokedAt);
      expect(await store.findApiKeyByHash(hashApiKeySecret(a2.key))).toBeUndefined();
    });

    test('at most one development key of each kind, enforced by the database, also under concurrent changes', async () => {
      const second = await another();
      const keys = await Promise.all(Array.from({ length: 6 }, (_, i) => createHmacKey(i % 2 ? second : store, { name: `h${i}`, dev: true })));
      await Promise.all(keys.map((k, i) => (i % 2 ? store : second).setDevelopmentKey(k.id)));
      await Promise.all(Array.from({ length: 4 }, (_, i) => (i % 2 ? store : second).insertKey(apiKey({ isDevelopmentKey: true, secret: `ei_${i}` }))));
      const dev = await loc.sql('SELECT kind FROM ' + (backend.name === 'postgres' ? 'edgesign_keys WHERE is_dev' : 'keys WHERE is_dev = 1'));
      expect(dev.map((r) => r['kind']).sort()).toEqual(['api', 'hmac']);
      // Around the Store: the database itself refuses a second development key.
      const flag = backend.name === 'postgres' ? 'UPDATE edgesign_keys SET is_dev = true' : 'UPDATE keys SET is_dev = 1';
      await expect(loc.sql(`${flag} WHERE kind = 'hmac'`)).rejects.toThrow(/unique/i);
    });

    test('a key change made through one store is seen by another within the documented bound (1 s)', async () => {
      const reader = await another();
      const a = await createApiKey(store, { name: 'x', role: 'ingestiononly' });
      const hash = hashApiKeySecret(a.key);
      const seen = async (want: boolean) => {
        const t0 = Date.now();
        while (Date.now() - t0 < 3000) {
          if (((await reader.findApiKeyByHash(hash)) !== undefined) === want) return Date.now() - t0;
          await sleep(20);
        }
        return Infinity;
      };
      expect(await seen(true)).toBeLessThan(1500);
      await store.revokeKey(a.id, new Date().toISOString());
      expect(await seen(false)).toBeLessThan(1500);
    });

    test('key expiry round-trips; usage is kept apart from the key (latest time wins) and never moves the key cache', async () => {
      const second = await another();
      const k = apiKey({ expiresAt: '2030-01-01T00:00:00.000Z' });
      await store.insertKey(k);
      expect(await second.getKey(k.id)).toMatchObject({ expiresAt: '2030-01-01T00:00:00.000Z' });
      expect(await store.listKeyUsage()).toEqual(new Map());
      await store.touchKey(k.id, '2026-01-01T00:00:02.000Z');
      await second.touchKey(k.id, '2026-01-01T00:00:03.000Z');
      expect((await store.listKeyUsage()).get(k.id)).toBe('2026-01-01T00:00:03.000Z');
      await store.touchKey('ak_missing', '2026-01-01T00:00:03.000Z');
      expect([...(await second.listKeyUsage()).keys()]).toEqual([k.id]);
    });

    test('devices: upsert creates then patches (also when two stores greet one new device at once), update never creates', async () => {
      const second = await another();
      const sensors = [{ name: 'Accelerometer', maxSampleLengthS: 300, frequencies: [62.5, 100] }];
      const [a, a2] = await Promise.all([
        store.upsertDevice('ac:87:a3', { deviceType: 'DISCO', sensors }, '2026-01-01T00:00:00.000Z'),
        second.upsertDevice('ac:87:a3', { deviceType: 'DISCO', sensors }, '2026-01-01T00:00:00.000Z'),
      ]);
      expect(a2).toEqual(a);
      expect(a).toEqual({
        id: a.id,
        deviceId: 'ac:87:a3',
        name: 'ac:87:a3',
        deviceType: 'DISCO',
        sensors,
        supportsSnapshotStreaming: false,
        createdAt: '2026-01-01T00:00:00.000Z',
        lastSeenAt: '2026-01-01T00:00:00.000Z',
      });
      const b = await second.upsertDevice('ac:87:a3', { lastSeenAt: '2026-01-02T00:00:00.000Z', deviceType: undefined }, '2026-01-02T00:00:00.000Z');
      expect(b).toEqual({ ...a, lastSeenAt: '2026-01-02T00:00:00.000Z' });
      expect(await store.updateDevice('ac:87:a3', { name: 'desk', supportsSnapshotStreaming: true })).toMatchObject({ name: 'desk', deviceType: 'DISCO', supportsSnapshotStreaming: true });
      expect(await store.updateDevice('missing', { name: 'x' })).toBeUndefined();
      expect(await second.getDevice('missing')).toBeUndefined();
      await store.upsertDevice('second', {}, '2026-01-03T00:00:00.000Z');
      expect((await second.listDevices()).map((d) => [d.deviceId, d.name])).toEqual([
        ['ac:87:a3', 'desk'],
        ['second', 'second'],
      ]);
    });

    test('settings: set, overwrite, read from another store', async () => {
      const second = await another();
      expect(await store.getSetting('project')).toBeUndefined();
      await store.setSetting('project', '{"id":1}');
      await second.setSetting('project', '{"id":2}');
      expect(await store.getSetting('project')).toBe('{"id":2}');
    });

    test('close() lets operations already started finish; later ones are E_STORE_CLOSED; nothing is lost', async () => {
      const pending = Array.from({ length: 20 }, () => store.insertSample(sampleOf()));
      await store.close();
      expect((await Promise.all(pending)).every((r) => r.status === 'stored')).toBe(true);
      await expect(store.insertSample(sampleOf())).rejects.toMatchObject({ code: 'E_STORE_CLOSED' });
      await expect(store.listSamples({ limit: 1, offset: 0 })).rejects.toMatchObject({ code: 'E_STORE_CLOSED' });
      store = await loc.open();
      expect(await store.listSamples({ limit: 100, offset: 0 })).toHaveLength(20);
    });

    test('a store written by a newer edgesign is refused with E_STORE_VERSION', async () => {
      await store.close();
      await loc.bumpSchemaVersion();
      await expect(loc.open()).rejects.toMatchObject({ code: 'E_STORE_VERSION' });
      // Keep afterEach's close() meaningful.
      store = { close: async () => {} } as Store;
    });
  });
}
