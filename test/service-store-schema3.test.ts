/**
 * Schema 3 of the SQLite store (issue 15): key expiry and usage, and the 2 → 3 migration. Devices and
 * settings are in the store contract suite (store-contract.test.ts), which runs on SQLite too.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { checkApiKey, createApiKey, openStore, type SqliteStore } from '../packages/server/src/service/index.js';
import { tempDir } from './helpers/service.js';

let dir: string;
let cleanup: () => void;
let store: SqliteStore;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('edgesign-store3-'));
  store = openStore(dir);
});
afterEach(async () => {
  await store.close();
  cleanup();
});

test('a schema 2 file is migrated in place: its keys keep working, the new tables exist', async () => {
  const kept = await createApiKey(store, { name: 'old', role: 'admin' });
  await store.close();
  // Turn the file back into schema 2 (what edgesign wrote before issue 15).
  const db = new Database(`${dir}/edgesign.db`);
  db.exec('DROP TABLE key_usage; DROP TABLE devices; DROP TABLE settings; ALTER TABLE keys DROP COLUMN expires_at;');
  db.pragma('user_version = 2');
  db.close();

  store = openStore(dir);
  expect(store.db.pragma('user_version', { simple: true })).toBe(3);
  const r = await checkApiKey(store, kept.key);
  expect(r).toMatchObject({ ok: true, key: { id: kept.id }, record: { expiresAt: null } });
  expect((await store.getKey(kept.id))?.expiresAt).toBeNull();
  expect(await store.listDevices()).toEqual([]);
  expect(await store.getSetting('project')).toBeUndefined();
});

test('key expiry is checked against the caller clock; lastUsed is recorded apart from the key', async () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const k = await createApiKey(store, { name: 'short', role: 'ingestiononly', ttlSeconds: 60, now: () => now });
  expect((await store.getKey(k.id))?.expiresAt).toBe('2026-01-01T00:01:00.000Z');
  const versionBefore = store.db.prepare("SELECT v FROM meta WHERE k = 'keys_version'").pluck().get();
  now += 59_000;
  expect(await checkApiKey(store, k.key, () => now)).toMatchObject({ ok: true });
  await new Promise((r) => setImmediate(r));
  expect((await store.listKeyUsage()).get(k.id)).toBe('2026-01-01T00:00:59.000Z');
  // Usage does not bump keys_version (it would flush every server's key cache on every request).
  expect(store.db.prepare("SELECT v FROM meta WHERE k = 'keys_version'").pluck().get()).toBe(versionBefore);
  now += 1_000;
  expect(await checkApiKey(store, k.key, () => now)).toEqual({ ok: false, reason: 'expired' });
  expect(await checkApiKey(store, 'ei_nope', () => now)).toEqual({ ok: false, reason: 'unknown' });
  await expect(createApiKey(store, { name: 'x', role: 'admin', ttlSeconds: 0 })).rejects.toMatchObject({ code: 'E_KEY_TTL' });
  await expect(createApiKey(store, { name: 'x', role: 'admin', secret: 'ei_short' })).rejects.toMatchObject({ code: 'E_KEY_FORMAT' });
  const chosen = 'ei_' + 'a'.repeat(40);
  await createApiKey(store, { name: 'x', role: 'admin', secret: chosen });
  await expect(createApiKey(store, { name: 'y', role: 'admin', secret: chosen })).rejects.toMatchObject({ code: 'E_KEY_EXISTS' });
});
