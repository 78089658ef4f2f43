/**
 * The keys a PostgreSQL-backed receiver authenticates and verifies with, cached in memory, and how a
 * change made on any receiver (or by `edgesign keys …`) reaches every other one within a bounded time.
 *
 * - **LISTEN/NOTIFY.** A trigger on `edgesign_keys` bumps `keys_version` and `pg_notify`s the
 *   `edgesign_keys` channel; notifications are delivered when the changing transaction commits. Each
 *   receiver keeps one dedicated connection LISTENing; a notification drops the cache, so the next
 *   request reloads the keys (typically milliseconds after the commit).
 * - **Fallback bound.** Notifications are lost while that connection is down (database restart,
 *   network), and a silently broken connection delivers nothing. So the cache is also trusted for at
 *   most `recheckMs` (default 1000 ms) after its last check: then the next request reads the one-row
 *   `keys_version` (a primary-key lookup) and reloads only if it moved. A key created, revoked or moved
 *   to development anywhere therefore takes effect on every receiver within `recheckMs` plus one
 *   round trip, with or without notifications. While the listening connection is down, it is
 *   reconnected with backoff (250 ms doubling to 5 s); a reconnect also drops the cache.
 * - Changes made through this store drop its cache at once (read-your-writes on one receiver).
 * - The database being unreachable is never papered over: a check that fails rejects (503), it does
 *   not serve keys it could not confirm.
 * @module
 */
import pg from 'pg';
import type { KeyRecord } from './store.js';
import { KEYS_CHANNEL } from './postgres-migrations.js';

export interface KeySnapshot {
  version: number;
  all: readonly Readonly<KeyRecord>[];
  byId: ReadonlyMap<string, Readonly<KeyRecord>>;
  activeApiByHash: ReadonlyMap<string, Readonly<KeyRecord>>;
}

export interface KeyCacheSource {
  /** The current `keys_version`. */
  version(): Promise<number>;
  /** Every key, oldest first. */
  load(): Promise<KeyRecord[]>;
}

export const DEFAULT_KEY_RECHECK_MS = 1000;

export class PostgresKeyCache {
  readonly #source: KeyCacheSource;
  readonly #recheckMs: number;
  #snapshot: KeySnapshot | null = null;
  /** Moves on every invalidation; a refresh that started before a move does not count as fresh. */
  #generation = 0;
  #checkedGeneration = -1;
  #checkedAt = 0;
  #refreshing: Promise<KeySnapshot> | null = null;

  #listener: pg.Client | null = null;
  #listenerConfig: pg.ClientConfig | null = null;
  #reconnectDelay = 250;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #closed = false;
  /** True while the LISTEN connection is up (tests and diagnostics). */
  listening = false;

  constructor(source: KeyCacheSource, recheckMs = DEFAULT_KEY_RECHECK_MS) {
    this.#source = source;
    this.#recheckMs = recheckMs;
  }

  /** Drops the cache: the next {@link get} reloads the keys. */
  invalidate(): void {
    this.#generation++;
  }

  /** The keys, from the cache while it is fresh, else confirmed against `keys_version` (reloaded if it moved). */
  get(): Promise<KeySnapshot> {
    const s = this.#snapshot;
    if (s && this.#checkedGeneration === this.#generation && Date.now() - this.#checkedAt < this.#recheckMs) return Promise.resolve(s);
    // One check at a time serves every request that arrives meanwhile.
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<KeySnapshot> {
    const generation = this.#generation;
    const startedAt = Date.now();
    const version = await this.#source.version();
    let s = this.#snapshot;
    if (!s || s.version !== version) {
      // The version is read before the keys: a change in between makes the keys newer than the
      // version, and the next check reloads again (never older keys under a newer version).
      const all = (await this.#source.load()).map((k) => Object.freeze(k));
      s = {
        version,
        all,
        byId: new Map(all.map((k) => [k.id, k])),
        activeApiByHash: new Map(all.filter((k) => k.kind === 'api' && k.revokedAt === null && k.secretHash).map((k) => [k.secretHash!, k])),
      };
      this.#snapshot = s;
    }
    this.#checkedGeneration = generation;
    this.#checkedAt = startedAt;
    return s;
  }

  /** Starts LISTENing on a dedicated connection (reconnecting by itself). Resolves once the first attempt settled. */
  async listen(config: pg.ClientConfig): Promise<void> {
    this.#listenerConfig = config;
    await this.#connectListener();
  }

  async #connectListener(): Promise<void> {
    if (this.#closed || !this.#listenerConfig) return;
    const client = new pg.Client(this.#listenerConfig);
    const lost = () => {
      if (this.#listener !== client && this.#listener !== null) return;
      this.#listener = null;
      this.listening = false;
      this.invalidate();
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      this.#scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      if (n.channel === KEYS_CHANNEL) this.invalidate();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${KEYS_CHANNEL}`);
    } catch {
      client.removeAllListeners('end');
      client.end().catch(() => {});
      this.#scheduleReconnect();
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#listener = client;
    this.listening = true;
    this.#reconnectDelay = 250;
    // Changes committed while nobody was listening were not announced.
    this.invalidate();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer) return;
    const delay = this.#reconnectDelay;
    this.#reconnectDelay = Math.min(5000, delay * 2);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      void this.#connectListener();
    }, delay);
    this.#reconnectTimer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    const l = this.#listener;
    this.#listener = null;
    this.listening = false;
    if (l) {
      l.removeAllListeners('end');
      await l.end().catch(() => {});
    }
  }
}
