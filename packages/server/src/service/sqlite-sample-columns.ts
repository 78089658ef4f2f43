/**
 * The `samples` table's columns as the writer inserts them and the store reads them back: named once,
 * here, for the main thread (`sqlite-store.ts`) and the writer thread (`sqlite-writer-thread.ts`).
 * @module
 */

/** Every column of `samples` a new sample sets, in table order (`id` is assigned by SQLite). */
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

/** A sample row, named as the `samples` table's columns. */
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

/** `INSERT` of one {@link SampleRow} with named parameters. */
export const INSERT_SAMPLE_SQL = `INSERT INTO samples (${SAMPLE_ROW_COLUMNS.join(', ')}) VALUES (${SAMPLE_ROW_COLUMNS.map((c) => `@${c}`).join(', ')})`;

/** The columns a listing reads back: the id and everything but the raw bytes. */
export const SAMPLE_LISTING_COLUMNS = ['id', ...SAMPLE_ROW_COLUMNS.filter((c) => c !== 'raw')].join(', ');
