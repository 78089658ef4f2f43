/**
 * The keys a PostgreSQL-backed receiver authenticates and verifies with, cached in memory, and how a
 * change made on any receiver (or by `edgesign keys …`) reaches every other one within a bounded time.
 *
 * - **LISTEN/NOTIFY.** A trigger on `edgesign_keys` bumps `keys_version` and `pg_notify`s the
 *   `edgesign_keys` channel; notifications are delivered when the changing transaction commits. Each
 *   receiver keeps one dedicated connection LISTENing (`postgres-listener.ts`, shared with the
 *   receivers' bus); a notification drops the cache, so the next request reloads the keys
 *   (typically milliseconds after the commit).
 * - **Fallback bound.** Notifications are lost while that connection is down (database restart,
 *   network), and a silently broken connection delivers nothing. So the cache is also trusted for at
 *   most `recheckMs` (default 1000 ms) after its last check: then the next request reads the one-row
 *   `keys_version` (a primary-key lookup) and reloads only if it moved. A key created, revoked or moved
 *   to development anywhere therefore takes effect on every receiver within `recheckMs` plus one
 *   round trip, with or without notifications. While the listening connection is down, it is
 *   reconnected with backoff (250 ms doubling to 1 s); a reconnect also drops the cache.
 * - Changes made through this store drop its cache at once (read-your-writes on one receiver).
 * - The database being unreachable is never papered over: a check that fails rejects (503), it does
 *   not serve keys it could not confirm.
 * @module
 */
import { keySnapshot, type KeySnapshot } from './key-snapshot.js';
import type { KeyRecord } from './store.js';
import { KEYS_CHANNEL } from './postgres-migrations.js';
import type { PostgresListener } from './postgres-listener.js';

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

  #listener: PostgresListener | null = null;

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
      s = keySnapshot(version, await this.#source.load());
      this.#snapshot = s;
    }
    this.#checkedGeneration = generation;
    this.#checkedAt = startedAt;
    return s;
  }

  /**
   * Follows key changes on the receiver's LISTEN connection: a notification on `edgesign_keys` drops
   * the cache, and so does the connection coming back or going away (changes committed while nobody
   * was listening were not announced).
   */
  async attach(listener: PostgresListener): Promise<void> {
    this.#listener = listener;
    listener.onConnect(() => this.invalidate());
    listener.onLost(() => this.invalidate());
    await listener.subscribe(KEYS_CHANNEL, () => this.invalidate());
  }

  /** True while the LISTEN connection is up (tests and diagnostics). */
  get listening(): boolean {
    return this.#listener?.listening ?? false;
  }
}
