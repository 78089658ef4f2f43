/**
 * The keys a store authenticates and verifies with, held in memory as one immutable snapshot per
 * `keys_version`, and the reads both stores answer from it. Each store decides when a snapshot is
 * stale (SQLite: `meta.keys_version` once per event-loop turn, `sqlite-store.ts`; PostgreSQL:
 * LISTEN/NOTIFY with a timed re-check, `postgres-key-cache.ts`); what a snapshot holds and how it is
 * read is the same for both.
 * @module
 */
import type { KeyKind, KeyRecord } from './store.js';

/** Every key at one `keys_version`, frozen and shared by every request that reads it. */
export interface KeySnapshot {
  readonly version: number;
  readonly all: readonly Readonly<KeyRecord>[];
  readonly byId: ReadonlyMap<string, Readonly<KeyRecord>>;
  /** Unrevoked API keys by the SHA-256 of their secret (expiry is checked by the caller, at its clock). */
  readonly activeApiByHash: ReadonlyMap<string, Readonly<KeyRecord>>;
}

/** A snapshot of `records` (oldest first) at `version`. */
export function keySnapshot(version: number, records: readonly KeyRecord[]): KeySnapshot {
  const all = records.map((k) => Object.freeze(k));
  return {
    version,
    all,
    byId: new Map(all.map((k) => [k.id, k])),
    activeApiByHash: new Map(all.filter((k) => k.kind === 'api' && k.revokedAt === null && k.secretHash).map((k) => [k.secretHash!, k])),
  };
}

/** The caller's own copy of key `id`. */
export function snapshotKey(s: KeySnapshot, id: string): KeyRecord | undefined {
  return copy(s.byId.get(id));
}

/** The caller's own copies of the keys `filter` selects (unrevoked only, unless `includeRevoked`). */
export function snapshotKeys(s: KeySnapshot, filter: { kind?: KeyKind; includeRevoked?: boolean }): KeyRecord[] {
  return s.all.filter((k) => (filter.kind === undefined || k.kind === filter.kind) && (filter.includeRevoked || k.revokedAt === null)).map((k) => ({ ...k }));
}

/** The caller's own copy of the unrevoked API key whose secret hashes to `secretHash`. */
export function snapshotApiKey(s: KeySnapshot, secretHash: string): KeyRecord | undefined {
  return copy(s.activeApiByHash.get(secretHash));
}

function copy(k: Readonly<KeyRecord> | undefined): KeyRecord | undefined {
  return k ? { ...k } : undefined;
}
