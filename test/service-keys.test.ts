/**
 * Keys on a real SQLite store: API key roles and hashing, HMAC keys, development keys, revocation, and
 * the invariants the database itself enforces.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  API_KEY_ROLES,
  NO_DEV_KEYS_MESSAGE,
  activeHmacKeys,
  authenticateApiKey,
  createApiKey,
  createHmacKey,
  getDevKeys,
  hashApiKeySecret,
  listKeys,
  missingDevKeysMessage,
  openStore,
  requireDevKeys,
  revokeKey,
  setDevKey,
  type SqliteStore,
} from '../packages/server/src/service/index.js';
import { tempDir } from './helpers/service.js';

let dir: string;
let cleanup: () => void;
let store: SqliteStore;

beforeEach(() => {
  ({ dir, cleanup } = tempDir('edgesign-keys-'));
  store = openStore(dir);
});
afterEach(async () => {
  await store.close();
  cleanup();
});

/** Every byte SQLite wrote for this store (main file and WAL). */
function fileBytes(): Buffer {
  const files = ['edgesign.db', 'edgesign.db-wal'].map((f) => join(dir, f)).filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

describe('API keys', () => {
  test.each(API_KEY_ROLES)('role %s: ak_ id, ei_ secret shown once, stored only as its SHA-256', async (role) => {
    const k = await createApiKey(store, { name: `k-${role}`, role });
    expect(k).toEqual({ id: expect.stringMatching(/^ak_[0-9a-f]{16}$/), name: `k-${role}`, role, isDevelopmentKey: false, key: expect.stringMatching(/^ei_[0-9a-f]{64}$/) });
    const rec = await store.getKey(k.id);
    expect(rec).toMatchObject({ kind: 'api', role, secret: null, secretHash: hashApiKeySecret(k.key), isDevelopmentKey: false, revokedAt: null });
    // The secret never reached the disk, in the database file or its WAL.
    expect(fileBytes().includes(k.key)).toBe(false);
    expect(fileBytes().includes(hashApiKeySecret(k.key))).toBe(true);
    // A listing never carries it either.
    expect(JSON.stringify(await listKeys(store))).not.toContain(k.key);
    expect((await authenticateApiKey(store, k.key))?.id).toBe(k.id);
    expect(await authenticateApiKey(store, k.key + 'x')).toBeUndefined();
    expect(await authenticateApiKey(store, '')).toBeUndefined();
  });

  test('the development API key keeps its secret (and only it)', async () => {
    const dev = await createApiKey(store, { name: 'dev', role: 'ingestiononly', dev: true });
    expect(dev.isDevelopmentKey).toBe(true);
    expect((await store.getKey(dev.id))?.secret).toBe(dev.key);
    expect(await getDevKeys(store)).toEqual({ apiKey: dev.key, hmacKey: null });

    // Creating another development API key moves the flag, and the old secret is dropped.
    const dev2 = await createApiKey(store, { name: 'dev2', role: 'ingestion_deployment', dev: true });
    expect((await store.getKey(dev.id))).toMatchObject({ isDevelopmentKey: false, secret: null });
    expect((await store.getKey(dev2.id))).toMatchObject({ isDevelopmentKey: true, secret: dev2.key });
    expect((await getDevKeys(store)).apiKey).toBe(dev2.key);
    // Both still authenticate.
    expect((await authenticateApiKey(store, dev.key))?.id).toBe(dev.id);
    expect((await authenticateApiKey(store, dev2.key))?.id).toBe(dev2.id);
    const { apiKeys } = await listKeys(store);
    expect(apiKeys.filter((k) => k.isDevelopmentKey).map((k) => k.id)).toEqual([dev2.id]);
  });

  test('an API key becomes the development key only at creation', async () => {
    const k = await createApiKey(store, { name: 'k', role: 'ingestiononly' });
    await expect(setDevKey(store, k.id)).rejects.toMatchObject({ code: 'E_DEV_KEY_API', message: expect.stringContaining('--dev') });
  });

  test('bad names and roles are refused', async () => {
    await expect(createApiKey(store, { name: '', role: 'admin' })).rejects.toMatchObject({ code: 'E_KEY_NAME' });
    await expect(createApiKey(store, { name: 'x', role: 'owner' as never })).rejects.toMatchObject({ code: 'E_KEY_ROLE' });
    await expect(createApiKey(store, { name: 'x', role: 'wladmin' as never })).rejects.toMatchObject({ code: 'E_KEY_ROLE' });
    expect((await listKeys(store)).apiKeys).toEqual([]);
  });
});

describe('HMAC keys', () => {
  test('default secret is 32 random hex characters; a given one must be 32 hex characters', async () => {
    const a = await createHmacKey(store, { name: 'a' });
    const b = await createHmacKey(store, { name: 'b' });
    expect(a).toEqual({ id: expect.stringMatching(/^hk_[0-9a-f]{16}$/), name: 'a', isDevelopmentKey: false, key: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(a.key).not.toBe(b.key);
    const c = await createHmacKey(store, { name: 'c', key: 'fed53116f20684c067774ebf9e7bcbdc' });
    expect(c.key).toBe('fed53116f20684c067774ebf9e7bcbdc');
    for (const bad of ['fed53116', 'fed53116f20684c067774ebf9e7bcbdcz', 'fed53116f20684c067774ebf9e7bcbdc00', 'x'.repeat(32)]) {
      await expect(createHmacKey(store, { name: 'bad', key: bad })).rejects.toMatchObject({ code: 'E_KEY_FORMAT' });
    }
    expect((await listKeys(store)).hmacKeys.map((k) => k.name)).toEqual(['a', 'b', 'c']);
    expect(await activeHmacKeys(store)).toEqual([
      { id: a.id, key: a.key },
      { id: b.id, key: b.key },
      { id: c.id, key: c.key },
    ]);
  });

  test('dev flag: at most one, create --dev moves it, set-dev moves it', async () => {
    const a = await createHmacKey(store, { name: 'a', dev: true });
    const b = await createHmacKey(store, { name: 'b', dev: true });
    const devs = () => listKeys(store).then((l) => l.hmacKeys.filter((k) => k.isDevelopmentKey).map((k) => k.id));
    expect(await devs()).toEqual([b.id]);
    expect((await getDevKeys(store)).hmacKey).toBe(b.key);
    expect(await setDevKey(store, a.id)).toMatchObject({ id: a.id, isDevelopmentKey: true, key: a.key });
    expect(await devs()).toEqual([a.id]);
    expect((await getDevKeys(store)).hmacKey).toBe(a.key);
    // Setting it again is harmless.
    await setDevKey(store, a.id);
    expect(await devs()).toEqual([a.id]);
    await expect(setDevKey(store, 'hk_nope')).rejects.toMatchObject({ code: 'E_KEY_NOT_FOUND' });
  });

  test('the database itself refuses a second development key of a kind', async () => {
    await createHmacKey(store, { name: 'a', dev: true });
    expect(() =>
      store.db
        .prepare("INSERT INTO keys (id, kind, name, secret, is_dev, created_at) VALUES ('hk_x', 'hmac', 'x', '0123456789abcdef0123456789abcdef', 1, 'now')")
        .run(),
    ).toThrow(/UNIQUE/);
    // …and an API key secret kept in clear without being the development key.
    expect(() =>
      store.db
        .prepare("INSERT INTO keys (id, kind, name, role, secret, secret_hash, is_dev, created_at) VALUES ('ak_x', 'api', 'x', 'admin', 'ei_x', 'h', 0, 'now')")
        .run(),
    ).toThrow(/CHECK/);
  });
});

describe('development keys', () => {
  test("none set: says so plainly and how to create them", async () => {
    expect(await getDevKeys(store)).toEqual({ apiKey: null, hmacKey: null });
    expect(NO_DEV_KEYS_MESSAGE).toMatch(/^You don't have any development keys set/);
    const err = await requireDevKeys(store).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_NO_DEV_KEYS', message: NO_DEV_KEYS_MESSAGE });
    expect(NO_DEV_KEYS_MESSAGE).toContain('edgesign keys create-hmac-key --name NAME --dev');
    expect(NO_DEV_KEYS_MESSAGE).toContain('edgesign keys create-api-key');
  });

  test('only one kind missing: names which', async () => {
    const hk = await createHmacKey(store, { name: 'h', dev: true });
    const keys = await getDevKeys(store);
    expect(keys).toEqual({ apiKey: null, hmacKey: hk.key });
    expect(missingDevKeysMessage(keys, 'hmac')).toBeNull();
    expect(missingDevKeysMessage(keys, 'both')).toMatch(/development API key.*create-api-key/);
    await expect(requireDevKeys(store, 'hmac')).resolves.toEqual(keys);
    await expect(requireDevKeys(store, 'api')).rejects.toMatchObject({ code: 'E_NO_DEV_KEYS' });
  });
});

describe('revocation', () => {
  test('revoked keys neither authenticate nor verify, drop the dev flag, and stay listable', async () => {
    const api = await createApiKey(store, { name: 'dev', role: 'ingestiononly', dev: true });
    const hk = await createHmacKey(store, { name: 'h', dev: true });
    const hk2 = await createHmacKey(store, { name: 'h2' });

    const r1 = await revokeKey(store, api.id);
    expect(r1).toMatchObject({ id: api.id, isDevelopmentKey: false, revoked: expect.any(String) });
    expect(await authenticateApiKey(store, api.key)).toBeUndefined();
    expect((await store.getKey(api.id))?.secret).toBeNull();

    await revokeKey(store, hk.id);
    expect(await activeHmacKeys(store)).toEqual([{ id: hk2.id, key: hk2.key }]);
    expect(await getDevKeys(store)).toEqual({ apiKey: null, hmacKey: null });
    await expect(setDevKey(store, hk.id)).rejects.toMatchObject({ code: 'E_KEY_REVOKED' });

    // Idempotent, and listed only on request.
    const again = await revokeKey(store, hk.id);
    expect(again.revoked).toBe((await store.getKey(hk.id))?.revokedAt);
    expect((await listKeys(store)).hmacKeys.map((k) => k.id)).toEqual([hk2.id]);
    expect((await listKeys(store, { includeRevoked: true })).hmacKeys.map((k) => k.id)).toEqual([hk.id, hk2.id]);
    await expect(revokeKey(store, 'ak_missing')).rejects.toMatchObject({ code: 'E_KEY_NOT_FOUND' });
  });
});

test('keys persist across reopen, and a second connection (the CLI) sees the same store', async () => {
  const api = await createApiKey(store, { name: 'a', role: 'ingestiononly' });
  const other = openStore(dir);
  try {
    const hk = await createHmacKey(other, { name: 'from-cli', dev: true });
    expect((await getDevKeys(store)).hmacKey).toBe(hk.key);
    expect((await authenticateApiKey(other, api.key))?.id).toBe(api.id);
  } finally {
    await other.close();
  }
  await store.close();
  store = openStore(dir);
  expect((await listKeys(store)).apiKeys.map((k) => k.id)).toEqual([api.id]);
  expect((await authenticateApiKey(store, api.key))?.role).toBe('ingestiononly');
});

test('the store is WAL with synchronous=FULL, and the file is private', async () => {
  expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
  const { statSync } = await import('node:fs');
  expect(statSync(join(dir, 'edgesign.db')).mode & 0o777).toBe(0o600);
});
