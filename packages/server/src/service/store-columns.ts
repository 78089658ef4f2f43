/**
 * The stores' column names, named once for both stores: the SQLite store (`sqlite-store.ts` and its
 * writer thread) and the PostgreSQL store (`postgres-store.ts`) have the same columns under the same
 * names (`samples` / `edgesign_samples` and so on; PostgreSQL adds `dedup_claim`), and
 * `store-copy.ts` moves rows from one to the other by these lists.
 * @module
 */

/** The key columns, as both stores read and write them. */
export const KEY_COLUMNS = ['id', 'kind', 'name', 'role', 'secret', 'secret_hash', 'is_dev', 'created_at', 'revoked_at', 'expires_at'] as const;

/** The device columns a store writes (`id` is assigned by the database). */
export const DEVICE_WRITE_COLUMNS = ['device_id', 'name', 'device_type', 'sensors', 'supports_snapshot_streaming', 'created_at', 'last_seen_at'] as const;

/** The device columns a store reads back. */
export const DEVICE_COLUMNS = ['id', ...DEVICE_WRITE_COLUMNS] as const;

/** Every column of the samples table a new sample sets, in table order (`id` is assigned by the database). */
export const SAMPLE_ROW_COLUMNS = [
  'file_name',
  'category',
  'label',
  'device_name',
  'device_type',
  'signature',
  'signature_error',
  'hmac_key_id',
  'sha256',
  'dedup_hash',
  'iat',
  'received_at',
  'bytes',
  'content_type',
  'encoding',
  'metadata',
  'raw',
] as const;

/** A new sample's row, named as the samples table's columns (metadata as JSON text). */
export interface SampleRow {
  file_name: string;
  category: string;
  label: string | null;
  device_name: string | null;
  device_type: string | null;
  signature: string;
  signature_error: string | null;
  hmac_key_id: string | null;
  sha256: string;
  dedup_hash: string;
  iat: number | null;
  received_at: string;
  bytes: number;
  content_type: string;
  encoding: string | null;
  metadata: string | null;
  raw: Uint8Array;
}

// Compile-time check that the list and the interface name the same columns.
type Listed = (typeof SAMPLE_ROW_COLUMNS)[number];
const _sameColumns: [Exclude<Listed, keyof SampleRow>, Exclude<keyof SampleRow, Listed>] extends [never, never] ? true : never = true;
void _sameColumns;

/** The sample columns a listing reads back: the id and everything but the raw bytes. */
export const SAMPLE_LISTING_COLUMNS = ['id', ...SAMPLE_ROW_COLUMNS.filter((c) => c !== 'raw')].join(', ');

/** `(c1, c2, …)` for an INSERT's column list. */
export function columnList(columns: readonly string[]): string {
  return `(${columns.join(', ')})`;
}

/** better-sqlite3's `INSERT INTO table (c1, …) VALUES (@c1, …)`: it binds each `@c` from a row object's member `c`. */
export function sqliteInsertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} ${columnList(columns)} VALUES ${columnList(columns.map((c) => `@${c}`))}`;
}
