/**
 * A whole `edgesign serve` (ingestion + Studio API + remote management) on free loopback ports over a
 * fresh SQLite store, with one API key of each role, a development HMAC key, and a movable clock.
 */
import { createApiKey, createHmacKey, openStore, type SqliteStore } from '../../packages/server/src/service/index.js';
import { createPlatform, type Platform, type PlatformOptions, type PlatformUrls } from '../../packages/server/src/platform.js';
import { tempDir } from './service.js';

export const ROLES = ['admin', 'ingestion_deployment', 'ingestiononly', 'readonly'] as const;
export type Role = (typeof ROLES)[number];

export interface PlatformFixture {
  platform: Platform;
  urls: PlatformUrls & { studio: string; remoteManagement: string };
  store: SqliteStore;
  projectId: number;
  apiKeys: Record<Role, string>;
  hmacKey: string | null;
  /** The clock the servers use (ms); tests move it. */
  clock: { now: number };
  stop(): Promise<void>;
}

export async function startPlatform(
  options: Omit<PlatformOptions, 'store' | 'dataDir' | 'ingestionPort' | 'studioPort' | 'remotePort' | 'nowMs'> & { devHmacKey?: boolean } = {},
): Promise<PlatformFixture> {
  const { dir, cleanup } = tempDir('edgesign-platform-');
  const store = openStore(dir, { busyTimeoutMs: 200 });
  const clock = { now: Date.now() };
  const apiKeys = {} as Record<Role, string>;
  for (const role of ROLES) apiKeys[role] = (await createApiKey(store, { name: role, role })).key;
  const hmacKey = options.devHmacKey === false ? null : (await createHmacKey(store, { name: 'devices', dev: true })).key;
  const { devHmacKey: _d, ...rest } = options;
  const platform = createPlatform({ store, ingestionPort: 0, studioPort: 0, remotePort: 0, nowMs: () => clock.now, ...rest });
  const urls = (await platform.listen()) as PlatformFixture['urls'];
  return {
    platform,
    urls,
    store,
    projectId: urls.projectId!,
    apiKeys,
    hmacKey,
    clock,
    async stop() {
      await platform.close();
      await store.close();
      cleanup();
    },
  };
}
