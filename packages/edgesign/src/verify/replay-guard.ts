/**
 * A bounded replay guard: remembers the SHA-256 of message bodies for `ttlSeconds`. It is keyed on the exact raw bytes, as Edge Impulse's `x-disallow-duplicates` is, so it works
 * for messages without `iat`. Memory is bounded by `maxEntries`: when full, the oldest entry is dropped
 * first (so size `maxEntries` to at least the message rate × TTL, or a flood can push out entries early).
 *
 * Receivers that store messages should call `has()` before storing and `add()` only after the write is
 * durable, so a retry after a failed write is not refused as a replay; `seen()` is
 * the one-call check-and-record for receivers that don't store.
 * @module
 */

import { EdgesignError } from '../errors.js';
import { sha256 } from '../hash/sha256.js';
import { toHex } from '../encoding.js';

export interface ReplayGuardOptions {
  /** How long a body is remembered, in seconds; use at least the `iat` window. */
  ttlSeconds: number;
  /** Upper bound on remembered bodies (default 100,000 ≈ 10 MB). */
  maxEntries?: number;
  /** Clock in seconds since the epoch (default `Date.now() / 1000`). */
  now?: () => number;
}

/** Remembers message bodies for a while, to refuse a message received twice (see {@link createReplayGuard}). */
export interface ReplayGuard {
  /** True when `body` was recorded within the TTL; otherwise records it and returns false. */
  seen(body: Uint8Array | string): boolean;
  /** True when `body` was recorded within the TTL (does not record). */
  has(body: Uint8Array | string): boolean;
  /** Records `body` (refreshing its TTL if it was already there). */
  add(body: Uint8Array | string): void;
  /** Bodies currently remembered (expired ones may linger until the next call). */
  readonly size: number;
  /** Forgets every remembered body. */
  clear(): void;
}

/** A replay guard keyed on the SHA-256 of the exact body, remembering each for `ttlSeconds` (at most `maxEntries`; `E_OPTIONS` for bad options). */
export function createReplayGuard(options: ReplayGuardOptions): ReplayGuard {
  if (typeof options !== 'object' || options === null) throw new EdgesignError('E_OPTIONS', 'createReplayGuard needs an options object');
  const { ttlSeconds, maxEntries = 100_000, now = () => Date.now() / 1000 } = options;
  if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new EdgesignError('E_OPTIONS', `ttlSeconds must be a positive number, got ${String(ttlSeconds)}`);
  }
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new EdgesignError('E_OPTIONS', `maxEntries must be a positive integer, got ${String(maxEntries)}`);
  }
  if (typeof now !== 'function') throw new EdgesignError('E_OPTIONS', 'now must be a function returning seconds');

  // Insertion order is expiry order as long as the clock does not go backwards; if it does, entries
  // simply live longer (the safe direction).
  const expiry = new Map<string, number>();
  const clock = (): number => {
    const t = now();
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new EdgesignError('E_OPTIONS', `now() must return finite seconds, got ${String(t)}`);
    return t;
  };
  const purge = (t: number): void => {
    for (const [k, exp] of expiry) {
      if (exp > t) break;
      expiry.delete(k);
    }
  };
  const digest = (body: Uint8Array | string): string => toHex(sha256(body));
  const hasAt = (k: string, t: number): boolean => {
    const exp = expiry.get(k);
    return exp !== undefined && exp > t;
  };
  const addAt = (k: string, t: number): void => {
    expiry.delete(k);
    expiry.set(k, t + ttlSeconds);
    while (expiry.size > maxEntries) expiry.delete(expiry.keys().next().value as string);
  };

  return {
    seen(body) {
      const t = clock();
      purge(t);
      const k = digest(body);
      if (hasAt(k, t)) return true;
      addAt(k, t);
      return false;
    },
    has(body) {
      const t = clock();
      purge(t);
      return hasAt(digest(body), t);
    },
    add(body) {
      const t = clock();
      purge(t);
      addAt(digest(body), t);
    },
    get size() {
      return expiry.size;
    },
    clear() {
      expiry.clear();
    },
  };
}
