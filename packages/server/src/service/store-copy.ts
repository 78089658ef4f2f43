/**
 * `edgesign store copy`: moves a project from the embedded SQLite store to a PostgreSQL store, so a
 * user can grow from one receiver into many. Everything is copied with its ids (keys — revoked ones,
 * expiry and the development flags included — key usage, devices, settings, and samples with their
 * raw bodies), in one PostgreSQL
 * transaction: a copy that fails leaves the target as it was. The target must be empty
 * (`E_STORE_NOT_EMPTY`), so a copy never merges two projects by accident.
 *
 * Then it is verified, reading both stores back through the {@link Store} interface: the counts must
 * be equal, every key, device, setting and sample record (all fields) must be equal, and every raw body
 * must hash (SHA-256, FIPS 180-4) to the same value on both sides — computed by node:crypto from the
 * SQLite file and by PostgreSQL's own `sha256()` from what it stored. A difference is
 * `E_COPY_MISMATCH`. Stop the receivers writing to the source first; the copy reads one consistent
 * snapshot of it (a read transaction), so samples stored after that are not in it.
 * @module
 */
import { createHash } from 'node:crypto';
import { EdgesignError } from 'edgesign';
import type { PostgresStore } from './postgres-store.js';
import type { SqliteStore } from './sqlite-store.js';
import { DEVICE_COLUMNS, KEY_COLUMNS, SAMPLE_ROW_COLUMNS, columnList, type SampleRow } from './store-columns.js';
import { POSTGRES_RECORDS, SQLITE_RECORDS, type DeviceRow, type KeyRow } from './store-records.js';
import type { SampleRecord } from './store.js';

export interface CopyReport {
  keys: number;
  devices: number;
  settings: number;
  samples: number;
  /** Sum of the raw bodies' lengths. */
  bytes: number;
  /** SHA-256 over every sample record (ids, fields, body hashes), identical on both sides. */
  digest: string;
}

/** Rows per multi-row INSERT; also capped by {@link BATCH_BYTES}. */
const BATCH_ROWS = 200;
const BATCH_BYTES = 16 * 1024 * 1024;

/** A source row: its id, the columns of a new sample (`raw` as a Buffer), and whether it claims its hash. */
interface SourceSample extends SampleRow {
  id: number;
  claim: number;
}

/** The samples' columns with their ids, then `dedup_claim` (PostgreSQL only). */
const SAMPLE_INSERT_COLUMNS = ['id', ...SAMPLE_ROW_COLUMNS, 'dedup_claim'] as const;

/** One row's placeholders for a multi-row INSERT, `($n+1, …)`, its values appended to `params` (n: how many were there). */
function tuple(values: unknown[], params: unknown[]): string {
  const base = params.length;
  params.push(...values);
  return columnList(values.map((_, i) => `$${base + i + 1}`));
}

/** Copies every key and sample of `from` into the empty `to`, then verifies the copy (see the module doc). */
export async function copySqliteToPostgres(from: SqliteStore, to: PostgresStore, onProgress?: (samplesCopied: number) => void): Promise<CopyReport> {
  const db = from.db;
  const client = await to.pool.connect();
  let ok = false;
  db.exec('BEGIN'); // one consistent snapshot of the source (WAL readers don't block its writers)
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM edgesign_keys) + (SELECT count(*) FROM edgesign_samples) + (SELECT count(*) FROM edgesign_devices) + (SELECT count(*) FROM edgesign_settings) AS n',
    );
    if (Number(rows[0]!.n) > 0) throw new EdgesignError('E_STORE_NOT_EMPTY', `${to.url} already holds a project (keys, devices, settings or samples): copy into an empty database`);

    type Row = Record<string, string | number | null>;
    // Keys and devices go through their records, so each column is converted as the stores read and write it.
    const keys = db.prepare(`SELECT ${KEY_COLUMNS.join(', ')} FROM keys ORDER BY created_at, rowid`).all() as KeyRow<number>[];
    for (const k of keys) {
      const row = POSTGRES_RECORDS.keyRow(SQLITE_RECORDS.key(k));
      const params: unknown[] = [];
      await client.query(`INSERT INTO edgesign_keys ${columnList(KEY_COLUMNS)} VALUES ${tuple(KEY_COLUMNS.map((c) => row[c]), params)}`, params);
    }
    for (const u of db.prepare('SELECT key_id, last_used_at FROM key_usage').all() as Row[]) {
      await client.query('INSERT INTO edgesign_key_usage (key_id, last_used_at) VALUES ($1, $2)', [u['key_id'], u['last_used_at']]);
    }
    for (const d of db.prepare(`SELECT ${DEVICE_COLUMNS.join(', ')} FROM devices ORDER BY id`).all() as DeviceRow<number, string>[]) {
      const row = { id: d.id, ...POSTGRES_RECORDS.deviceRow(SQLITE_RECORDS.device(d)) };
      const params: unknown[] = [];
      await client.query(`INSERT INTO edgesign_devices ${columnList(DEVICE_COLUMNS)} VALUES ${tuple(DEVICE_COLUMNS.map((c) => row[c]), params)}`, params);
    }
    await client.query("SELECT setval(pg_get_serial_sequence('edgesign_devices', 'id'), GREATEST((SELECT max(id) FROM edgesign_devices), 1), (SELECT count(*) > 0 FROM edgesign_devices))");
    for (const st of db.prepare('SELECT k, v FROM settings').all() as Row[]) {
      await client.query('INSERT INTO edgesign_settings (k, v) VALUES ($1, $2)', [st['k'], st['v']]);
    }

    // The first sample of each dedup hash (lowest id) is the one that claims it, as if the samples
    // had been stored in id order by the PostgreSQL store.
    const it = db
      .prepare(
        'SELECT s.*, (s.id = (SELECT min(t.id) FROM samples t WHERE t.dedup_hash = s.dedup_hash)) AS claim FROM samples s ORDER BY s.id',
      )
      .iterate() as IterableIterator<SourceSample>;
    let batch: SourceSample[] = [];
    let batchBytes = 0;
    let copied = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const params: unknown[] = [];
      const tuples = batch.map((s) => tuple([s.id, ...SAMPLE_ROW_COLUMNS.map((c) => s[c]), s.claim === 1], params));
      await client.query(`INSERT INTO edgesign_samples ${columnList(SAMPLE_INSERT_COLUMNS)} VALUES ${tuples.join(', ')}`, params);
      copied += batch.length;
      onProgress?.(copied);
      batch = [];
      batchBytes = 0;
    };
    for (const s of it) {
      batch.push(s);
      batchBytes += s.raw.length;
      if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await flush();
    }
    await flush();
    // New samples continue after the copied ids.
    await client.query("SELECT setval(pg_get_serial_sequence('edgesign_samples', 'id'), GREATEST((SELECT max(id) FROM edgesign_samples), 1), (SELECT count(*) > 0 FROM edgesign_samples))");
    await client.query('COMMIT');
    ok = true;
  } finally {
    if (!ok) await client.query('ROLLBACK').catch(() => {});
    client.release(!ok);
    db.exec('COMMIT');
  }
  return verifyCopy(from, to);
}

/**
 * Compares the two stores through the Store interface: key records, sample records, and each raw
 * body's SHA-256 (node:crypto over the SQLite bytes; PostgreSQL's sha256() over the stored bytes).
 */
export async function verifyCopy(from: SqliteStore, to: PostgresStore): Promise<CopyReport> {
  const mismatch = (what: string) => new EdgesignError('E_COPY_MISMATCH', `the copy differs from the source: ${what}`);
  const [ka, kb] = await Promise.all([from.listKeys({ includeRevoked: true }), to.listKeys({ includeRevoked: true })]);
  if (ka.length !== kb.length) throw mismatch(`${ka.length} keys in the source, ${kb.length} in the copy`);
  ka.forEach((k, i) => {
    if (JSON.stringify(k) !== JSON.stringify(kb[i])) throw mismatch(`key ${k.id}`);
  });

  const [ua, ub] = await Promise.all([from.listKeyUsage(), to.listKeyUsage()]);
  if (JSON.stringify([...ua].sort()) !== JSON.stringify([...ub].sort())) throw mismatch('key usage');
  const [da, dbv] = await Promise.all([from.listDevices(), to.listDevices()]);
  if (da.length !== dbv.length) throw mismatch(`${da.length} devices in the source, ${dbv.length} in the copy`);
  da.forEach((d, i) => {
    if (JSON.stringify(d) !== JSON.stringify(dbv[i])) throw mismatch(`device ${d.deviceId}`);
  });
  const settings = from.db.prepare('SELECT k, v FROM settings').all() as Array<{ k: string; v: string }>;
  const copiedSettings = Number((await to.pool.query<{ n: number }>('SELECT count(*) AS n FROM edgesign_settings')).rows[0]!.n);
  if (copiedSettings !== settings.length) throw mismatch(`${settings.length} settings in the source, ${copiedSettings} in the copy`);
  for (const { k, v } of settings) if ((await to.getSetting(k)) !== v) throw mismatch(`setting ${k}`);

  const pgHashes = new Map<number, string>();
  for (const r of (await to.pool.query<{ id: number; h: string }>("SELECT id, encode(sha256(raw), 'hex') AS h FROM edgesign_samples")).rows) pgHashes.set(r.id, r.h);
  const srcHash = from.db.prepare('SELECT raw FROM samples WHERE id = ?').pluck();

  const digest = createHash('sha256');
  let samples = 0;
  let bytes = 0;
  const page = 1000;
  for (let offset = 0; ; offset += page) {
    const [a, b] = await Promise.all([from.listSamples({ limit: page, offset }), to.listSamples({ limit: page, offset })]);
    if (a.length !== b.length) throw mismatch(`sample counts differ (page at offset ${offset})`);
    for (let i = 0; i < a.length; i++) {
      const sa = a[i]!;
      if (recordJson(sa) !== recordJson(b[i]!)) throw mismatch(`sample ${sa.id}'s record`);
      const actual = createHash('sha256').update(srcHash.get(sa.id) as Buffer).digest('hex');
      if (actual !== sa.sha256) throw mismatch(`sample ${sa.id}'s body in the source does not hash to its recorded SHA-256`);
      if (pgHashes.get(sa.id) !== actual) throw mismatch(`sample ${sa.id}'s body`);
      digest.update(recordJson(sa)).update(actual);
      samples++;
      bytes += sa.bytes;
    }
    if (a.length < page) break;
  }
  if (samples !== pgHashes.size) throw mismatch(`${samples} samples in the source, ${pgHashes.size} in the copy`);
  return { keys: ka.length, devices: da.length, settings: settings.length, samples, bytes, digest: digest.digest('hex') };
}

/** A record as canonical JSON (fixed key order) for comparing two stores' answers. */
function recordJson(s: SampleRecord): string {
  const keys = Object.keys(s).sort() as Array<keyof SampleRecord>;
  return JSON.stringify(keys.map((k) => [k, k === 'metadata' && s.metadata ? Object.entries(s.metadata).sort() : s[k]]));
}

