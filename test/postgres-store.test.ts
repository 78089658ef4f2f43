/**
 * What only the PostgreSQL store has (the shared contract is in store-contract.test.ts): migrations
 * applied once by many receivers opening a fresh database at the same moment, the database's own
 * checks on what it stores, waiting for an unreachable database at open, and recovery from a
 * database restart without reopening the store.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PostgresStore, locationOf, resolveStoreLocation } from '../packages/server/src/service/index.js';
import { LATEST_VERSION } from '../packages/server/src/service/postgres-migrations.js';
import { havePostgres, startPostgres, type PgCluster } from './helpers/postgres.js';
import { sampleOf } from './helpers/store-backends.js';

test('the store location: --store, --data-dir, EDGESIGN_STORE, EDGESIGN_DATA_DIR, a postgres:// DATABASE_URL, ./.edgesign', () => {
  const pgUrl = 'postgres://u:secret@db.example:5432/edgesign';
  expect(resolveStoreLocation({ store: pgUrl }, {})).toEqual({ kind: 'postgres', url: pgUrl });
  expect(resolveStoreLocation({ store: 'dir' }, { EDGESIGN_STORE: pgUrl })).toEqual({ kind: 'sqlite', dataDir: 'dir' });
  expect(resolveStoreLocation({ dataDir: 'd2' }, { EDGESIGN_STORE: pgUrl })).toEqual({ kind: 'sqlite', dataDir: 'd2' });
  expect(resolveStoreLocation({}, { EDGESIGN_STORE: pgUrl, EDGESIGN_DATA_DIR: 'x' })).toEqual({ kind: 'postgres', url: pgUrl });
  expect(resolveStoreLocation({}, { EDGESIGN_DATA_DIR: 'x', DATABASE_URL: pgUrl })).toEqual({ kind: 'sqlite', dataDir: 'x' });
  expect(resolveStoreLocation({}, { DATABASE_URL: pgUrl })).toEqual({ kind: 'postgres', url: pgUrl });
  expect(resolveStoreLocation({}, { DATABASE_URL: 'mysql://nope' })).toEqual({ kind: 'sqlite', dataDir: './.edgesign' });
  expect(locationOf('postgresql://h/db').kind).toBe('postgres');
  expect(() => locationOf('mysql://h/db')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  expect(() => resolveStoreLocation({ store: 'a', dataDir: 'b' }, {})).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
});

describe.skipIf(!havePostgres())('PostgreSQL store', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const query = async (url: string, sql: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as Array<Record<string, unknown>>;
    } finally {
      await c.end();
    }
  };

  test('eight receivers opening one fresh database at once: the schema is created once, all of them work', async () => {
    const url = await cluster.createDatabase();
    const stores = await Promise.all(Array.from({ length: 8 }, () => PostgresStore.open(url)));
    try {
      expect(await query(url, 'SELECT version FROM edgesign_migrations ORDER BY version')).toEqual(
        Array.from({ length: LATEST_VERSION }, (_, i) => ({ version: i + 1 })),
      );
      await Promise.all(stores.map((s) => s.insertSample(sampleOf())));
      expect((await stores[0]!.listSamples({ limit: 100, offset: 0 })).length).toBe(8);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  test('the database refuses a body that does not hash to its recorded SHA-256, and a wrong length', async () => {
    const url = await cluster.createDatabase();
    const store = await PostgresStore.open(url);
    try {
      const bad = sampleOf({ sha256: createHash('sha256').update('something else').digest('hex') });
      await expect(store.insertSample(bad)).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE', message: expect.stringMatching(/check constraint/) });
      const ok = await store.insertSample(sampleOf());
      if (ok.status !== 'stored') throw new Error('not stored');
      await expect(query(url, 'UPDATE edgesign_samples SET raw = $1', [Buffer.from('tampered')])).rejects.toThrow(/check constraint/);
      await expect(query(url, 'UPDATE edgesign_samples SET bytes = bytes + 1')).rejects.toThrow(/check constraint/);
      expect(await store.listSamples({ limit: 10, offset: 0 })).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  test('an unreachable database: open fails with E_STORE_UNAVAILABLE at once, or keeps retrying for waitForDatabaseMs', async () => {
    const closed = `postgres://postgres@127.0.0.1:1/nothing`;
    const t0 = Date.now();
    await expect(PostgresStore.open(closed)).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE', message: expect.stringMatching(/ECONNREFUSED/) });
    const retries: number[] = [];
    await expect(PostgresStore.open(closed, { waitForDatabaseMs: 1200, onWaiting: (_e, ms) => retries.push(ms) })).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE' });
    expect(retries).toEqual([250, 500]);
    expect(Date.now() - t0).toBeLessThan(10_000);
    // A configuration error is not waited for: no such database.
    const missing = cluster.url('no_such_database');
    await expect(PostgresStore.open(missing, { waitForDatabaseMs: 60_000 })).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE', message: expect.stringMatching(/3D000|does not exist/) });
  });

  test('after a database restart the same store answers again (503 meanwhile), and re-listens for key changes', async () => {
    const url = await cluster.createDatabase();
    const store = await PostgresStore.open(url, { keyRecheckMs: 60_000 });
    const other = await PostgresStore.open(url, { keyRecheckMs: 60_000 });
    try {
      await store.insertSample(sampleOf());
      await store.listKeys();
      expect(store.listening).toBe(true);
      await cluster.stopImmediate();
      await expect(store.insertSample(sampleOf())).rejects.toMatchObject({ code: 'E_STORE_UNAVAILABLE' });
      await cluster.start();
      let stored = false;
      for (let i = 0; i < 100 && !stored; i++) {
        stored = await store.insertSample(sampleOf()).then(
          () => true,
          () => new Promise<boolean>((r) => setTimeout(() => r(false), 100)),
        );
      }
      expect(stored).toBe(true);
      for (let i = 0; i < 100 && !(store.listening && other.listening); i++) await new Promise((r) => setTimeout(r, 100));
      expect(store.listening && other.listening).toBe(true);
      // With the re-check pushed to a minute, only a notification can make this visible in time.
      await store.listKeys();
      await other.insertKey({
        id: 'hk_after_restart',
        kind: 'hmac',
        name: 'n',
        role: null,
        secret: '0123456789abcdef0123456789abcdef',
        secretHash: null,
        isDevelopmentKey: false,
        createdAt: new Date().toISOString(),
        revokedAt: null,
        expiresAt: null,
      });
      let seen = false;
      for (let i = 0; i < 50 && !seen; i++) {
        seen = (await store.getKey('hk_after_restart')) !== undefined;
        if (!seen) await new Promise((r) => setTimeout(r, 20));
      }
      expect(seen).toBe(true);
    } finally {
      await store.close();
      await other.close();
    }
  });
});
