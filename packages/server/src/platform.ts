/**
 * `edgesign serve` as one process with Edge Impulse's three local endpoints on one store: ingestion
 * (`http://HOST:4810`), the Studio API (`http://HOST:4800/v1`) and remote management
 * (`ws://HOST:4802/`) — where Edge Impulse's tools look when `EI_HOST` is an IP address. Remote
 * management finds the sample a device uploaded for a request in the shared store.
 * @module
 */
import { createIngestionServer, type IngestionServer, type IngestionServerOptions } from './service/http.js';
import { SqliteStore } from './service/sqlite-store.js';
import type { Store } from './service/store.js';
import { createRemoteManagementServer, type RemoteManagementServer } from './remote-management/remote-management-server.js';
import { createStudioServer, type StudioServer } from './studio/studio-server.js';
import { defaultDataDir } from './service/http.js';
import { forwardDashboardRequest } from './service/dashboard.js';

/** Options of {@link createPlatform}: the ingestion service's options, plus the other two endpoints' ports and the Studio project. */
export interface PlatformOptions extends Omit<IngestionServerOptions, 'port' | 'store'> {
  /** A store to use instead of opening the SQLite store in `dataDir`; the caller keeps ownership (close() does not close it). */
  store?: Store;
  /** Ingestion port (default 4810; 0 picks a free one). */
  ingestionPort?: number;
  /** Studio API port (default 4800); null: no Studio API. */
  studioPort?: number | null;
  /** Remote management port (default 4802); null: no remote management. */
  remotePort?: number | null;
  /** The Studio project's id (default: the stored one, else 1); saved in the store. */
  projectId?: number;
  /** The Studio project's name (default: the stored one, else `edgesign`); saved in the store. */
  projectName?: string;
  /** Clock in ms for key expiry in the Studio API and remote management (tests). */
  nowMs?: () => number;
  /** Remote management timing (tests). */
  remote?: { ackTimeoutMs?: number; landingGraceMs?: number; helloTimeoutMs?: number; heartbeatMs?: number; leaseMs?: number; relayTimeoutMs?: number };
}

/** Where each endpoint listens once `listen()` resolved (null for an endpoint that is off). */
export interface PlatformUrls {
  /** The ingestion service, e.g. `http://127.0.0.1:4810`. */
  ingestion: string;
  /** The Studio API's base, e.g. `http://127.0.0.1:4800/v1`. */
  studio: string | null;
  /** Remote management, e.g. `ws://127.0.0.1:4802`. */
  remoteManagement: string | null;
  /** The Studio project's id (null without the Studio API). */
  projectId: number | null;
}

/** What `edgesign serve` runs: ingestion, the Studio API and remote management on one store. */
export interface Platform {
  /** The store all three endpoints share. */
  readonly store: Store;
  /** The ingestion service. */
  readonly ingestion: IngestionServer;
  /** The Studio API (and the dashboard), or null when off. */
  readonly studio: StudioServer | null;
  /** Remote management, or null when off. */
  readonly remote: RemoteManagementServer | null;
  /** Starts every endpoint; resolves with their real URLs (also for port 0). */
  listen(): Promise<PlatformUrls>;
  /** Stops every endpoint, then closes the store if it opened it. */
  close(): Promise<void>;
}

/** Creates ingestion, the Studio API and remote management on one store, as `edgesign serve` does; nothing listens until `listen()`. */
export function createPlatform(options: PlatformOptions = {}): Platform {
  const ownsStore = options.store === undefined;
  const base: Store = options.store ?? new SqliteStore(options.dataDir ?? defaultDataDir(), { busyTimeoutMs: options.busyTimeoutMs });
  const host = options.host ?? '127.0.0.1';
  const now = options.nowMs ?? Date.now;
  const remote =
    options.remotePort === null
      ? null
      : createRemoteManagementServer({ store: base, host, port: options.remotePort ?? undefined, now, log: options.log, ...options.remote });
  const { ingestionPort, studioPort, remotePort: _r, projectId, projectName, nowMs: _n, remote: _t, ...ingestOptions } = options;
  const ingestion = createIngestionServer({ ...ingestOptions, store: base, host, port: ingestionPort });
  const studio =
    studioPort === null
      ? null
      : createStudioServer({
          store: base,
          remote: remote ?? undefined,
          host,
          port: studioPort,
          projectId,
          projectName,
          now,
          onError: options.onError,
          // The dashboard lives on the Studio port, next to the Studio API its Devices page uses.
          ...(ingestion.dashboard ? { dashboard: { sessions: ingestion.dashboard.sessions, forward: (req, res) => forwardDashboardRequest(ingestion, req, res) } } : {}),
        });
  return {
    store: base,
    ingestion,
    studio,
    remote,
    async listen() {
      const ing = await ingestion.listen();
      const st = studio ? await studio.listen() : null;
      const rm = remote ? await remote.listen() : null;
      return { ingestion: ing.url, studio: st?.url ?? null, remoteManagement: rm?.url ?? null, projectId: st?.projectId ?? null };
    },
    async close() {
      await Promise.all([studio?.close(), remote?.close()]);
      await ingestion.close();
      if (ownsStore) await base.close();
    },
  };
}
