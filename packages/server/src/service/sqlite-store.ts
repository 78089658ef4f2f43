/**
 * The embedded store: one SQLite file (`<dataDir>/edgesign.db`) through better-sqlite3 12, in WAL mode
 * with `synchronous=FULL`, so a resolved `insertSample` means the sample's commit record reached the
 * disk (fsync of the WAL) before the service answers 200.
 *
 * Samples are written by a worker thread with its own connection (`sqlite-writer.ts`) that
 * group-commits them, so fsyncs never stall the event loop; reads and key changes use the main
 * connection. A failed commit rejects every insert of its batch with `E_STORE_UNAVAILABLE` (nothing
 * of it is visible); an error confined to one insert (inside its own savepoint) fails only that insert.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EdgesignError } from 'edgesign';
import { SqliteWriter } from './sqlite-writer.js';
import { DEVICE_WRITE_COLUMNS, KEY_COLUMNS, SAMPLE_LISTING_COLUMNS, sqliteInsertSql } from './store-columns.js';
import { SQLITE_RECORDS as records, type DeviceRow, type KeyRow, type SampleRecordRow } from './store-records.js';
import { keySnapshot, snapshotApiKey, snapshotKey, snapshotKeys, type KeySnapshot } from './key-snapshot.js';
import { InProcessReceiverHub } from './in-process-receiver-bus.js';
import type { JoinReceiversOptions, ReceiverBus } from './receiver-bus.js';
import { createOwnerOnly, missingStore, openDataDir, tightenStoreFiles } from './data-dir.js';
import type { DevicePatch, DeviceRecord, InsertSampleOptions, InsertSampleResult, KeyKind, KeyRecord, NewSample, SampleQuery, SampleRecord, Store } from './store.js';

/** The database file inside a data directory. */
export const DB_FILE_NAME = 'edgesign.db';
const SCHEMA_VERSION = 3;

/** Options of the {@link SqliteStore} constructor (and `openStore`). */
export interface SqliteStoreOptions {
  /**
   * Create the data directory and the database when missing (default true). With false, a missing
   * store fails with `E_STORE_MISSING` and nothing is created (listing or revoking keys in a
   * mistyped directory must not leave an empty store behind).
   */
  create?: boolean;
  /**
   * Called with one line for each file of an existing store whose mode let others read it, after it
   * was tightened to owner-only (or when that failed). Default: a Node process warning.
   */
  onWarning?: (line: string) => void;
  /**
   * How long a write waits for another connection's lock (e.g. a CLI command on the same file)
   * before failing with `E_STORE_UNAVAILABLE`. The wait blocks the event loop, so keep it short.
   * Default 2000 ms.
   */
  busyTimeoutMs?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS keys (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('api', 'hmac')),
  name        TEXT NOT NULL,
  role        TEXT CHECK (role IS NULL OR role IN ('admin', 'ingestion_deployment', 'ingestiononly', 'readonly')),
  secret      TEXT,
  secret_hash TEXT UNIQUE,
  is_dev      INTEGER NOT NULL DEFAULT 0 CHECK (is_dev IN (0, 1)),
  created_at  TEXT NOT NULL,
  revoked_at  TEXT,
  CHECK ((kind = 'api') = (role IS NOT NULL)),
  CHECK (kind = 'hmac' OR secret_hash IS NOT NULL),
  CHECK (kind = 'hmac' OR secret IS NULL OR is_dev = 1),
  CHECK (kind = 'api' OR secret IS NOT NULL)
);
CREATE UNIQUE INDEX IF NOT EXISTS keys_one_dev_per_kind ON keys (kind) WHERE is_dev = 1;
CREATE TABLE IF NOT EXISTS samples (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  file_name       TEXT NOT NULL,
  category        TEXT NOT NULL CHECK (category IN ('training', 'testing', 'anomaly')),
  label           TEXT,
  device_name     TEXT,
  device_type     TEXT,
  signature       TEXT NOT NULL CHECK (signature IN ('valid', 'invalid', 'unsigned')),
  signature_error TEXT,
  hmac_key_id     TEXT,
  sha256          TEXT NOT NULL,
  dedup_hash      TEXT NOT NULL,
  iat             NUMERIC,
  received_at     TEXT NOT NULL,
  bytes           INTEGER NOT NULL,
  content_type    TEXT NOT NULL,
  encoding        TEXT,
  metadata        TEXT,
  raw             BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS samples_dedup ON samples (dedup_hash);
CREATE INDEX IF NOT EXISTS samples_category ON samples (category, id);
-- Bumped by every change to keys (from any process), so a server can cache keys and still see a
-- revocation made by the CLI on its next request. (Schema 2.)
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (k, v) VALUES ('keys_version', 0);
CREATE TRIGGER IF NOT EXISTS keys_changed_insert AFTER INSERT ON keys BEGIN UPDATE meta SET v = v + 1 WHERE k = 'keys_version'; END;
CREATE TRIGGER IF NOT EXISTS keys_changed_update AFTER UPDATE ON keys BEGIN UPDATE meta SET v = v + 1 WHERE k = 'keys_version'; END;
CREATE TRIGGER IF NOT EXISTS keys_changed_delete AFTER DELETE ON keys BEGIN UPDATE meta SET v = v + 1 WHERE k = 'keys_version'; END;
`;

/**
 * Schema 2 → 3 (Studio API and remote management): key expiry; key usage in its own table (a
 * request touching it must not bump `keys_version` and flush every server's key cache); devices;
 * settings (the project's id and name).
 */
const MIGRATE_TO_3 = `
ALTER TABLE keys ADD COLUMN expires_at TEXT;
CREATE TABLE key_usage (
  key_id       TEXT PRIMARY KEY REFERENCES keys (id) ON DELETE CASCADE,
  last_used_at TEXT NOT NULL
);
CREATE TABLE devices (
  id                          INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id                   TEXT NOT NULL UNIQUE,
  name                        TEXT NOT NULL,
  device_type                 TEXT NOT NULL,
  sensors                     TEXT NOT NULL DEFAULT '[]',
  supports_snapshot_streaming INTEGER NOT NULL DEFAULT 0 CHECK (supports_snapshot_streaming IN (0, 1)),
  created_at                  TEXT NOT NULL,
  last_seen_at                TEXT NOT NULL
);
CREATE TABLE settings (k TEXT PRIMARY KEY, v TEXT NOT NULL);
`;


type SqliteKeyRow = KeyRow<number>;
type SqliteDeviceRow = DeviceRow<number, string>;
type SqliteSampleRow = SampleRecordRow<string>;

function prepareStatements(db: Database.Database) {
  return {
    insertKey: db.prepare(sqliteInsertSql('keys', KEY_COLUMNS)),
    touchKey: db.prepare(
      'INSERT INTO key_usage (key_id, last_used_at) SELECT id, ? FROM keys WHERE id = ? ON CONFLICT (key_id) DO UPDATE SET last_used_at = excluded.last_used_at',
    ),
    keyUsage: db.prepare('SELECT key_id, last_used_at FROM key_usage'),
    getDevice: db.prepare('SELECT * FROM devices WHERE device_id = ?'),
    listDevices: db.prepare('SELECT * FROM devices ORDER BY id'),
    insertDevice: db.prepare(sqliteInsertSql('devices', DEVICE_WRITE_COLUMNS)),
    updateDevice: db.prepare(
      'UPDATE devices SET name = @name, device_type = @device_type, sensors = @sensors, supports_snapshot_streaming = @supports_snapshot_streaming, last_seen_at = @last_seen_at WHERE device_id = @device_id',
    ),
    getSetting: db.prepare('SELECT v FROM settings WHERE k = ?').pluck(),
    setSetting: db.prepare('INSERT INTO settings (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v'),
    clearDev: db.prepare("UPDATE keys SET is_dev = 0, secret = CASE WHEN kind = 'api' THEN NULL ELSE secret END WHERE kind = ? AND is_dev = 1 AND id <> ?"),
    setDev: db.prepare('UPDATE keys SET is_dev = 1 WHERE id = ? AND revoked_at IS NULL'),
    getKey: db.prepare('SELECT * FROM keys WHERE id = ?'),
    listKeys: db.prepare('SELECT * FROM keys ORDER BY created_at, rowid'),
    keysVersion: db.prepare("SELECT v FROM meta WHERE k = 'keys_version'").pluck(),
    revoke: db.prepare(
      "UPDATE keys SET revoked_at = COALESCE(revoked_at, ?), is_dev = 0, secret = CASE WHEN kind = 'api' THEN NULL ELSE secret END WHERE id = ?",
    ),
    listAll: db.prepare(`SELECT ${SAMPLE_LISTING_COLUMNS} FROM samples ORDER BY id DESC LIMIT ? OFFSET ?`),
    listCategory: db.prepare(`SELECT ${SAMPLE_LISTING_COLUMNS} FROM samples WHERE category = ? ORDER BY id DESC LIMIT ? OFFSET ?`),
    getSample: db.prepare(`SELECT ${SAMPLE_LISTING_COLUMNS} FROM samples WHERE id = ?`),
    getRaw: db.prepare('SELECT content_type, raw FROM samples WHERE id = ?'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** Wraps a SQLite failure as the retryable `E_STORE_UNAVAILABLE` (HTTP 503). */
export function storeUnavailable(e: unknown, what = 'the store could not commit'): EdgesignError {
  if (e instanceof EdgesignError && e.code === 'E_STORE_UNAVAILABLE') return e;
  const sqliteCode = (e as { code?: unknown })?.code;
  const msg = e instanceof Error ? e.message : String(e);
  return new EdgesignError(
    'E_STORE_UNAVAILABLE',
    `${what}: ${typeof sqliteCode === 'string' ? `${sqliteCode}: ` : ''}${msg}`,
    typeof sqliteCode === 'string' ? { sqliteCode } : undefined,
    { cause: e },
  );
}

/** The embedded store (the default): one SQLite file, `<dataDir>/edgesign.db`, in WAL mode with durable commits; several processes may share it. */
export class SqliteStore implements Store {
  /**
   * The better-sqlite3 connection (for tests and tools; the service only uses the Store methods).
   * @internal Left out of the published types, which must not need @types/better-sqlite3.
   */
  readonly db: Database.Database;
  /** Path of the database file. */
  readonly path: string;
  readonly #writer: SqliteWriter;
  #keyCache: KeySnapshot | null = null;
  #keyCacheFresh = false;
  #closed = false;
  readonly #stmt: Statements;
  readonly #receivers = new InProcessReceiverHub();

  /** Opens (creating if needed, unless `create: false`) `<dataDir>/edgesign.db`. */
  constructor(dataDir: string, options: SqliteStoreOptions = {}) {
    const create = options.create ?? true;
    const warn = options.onWarning ?? ((line: string) => process.emitWarning(line, 'EdgesignWarning'));
    this.path = join(dataDir, DB_FILE_NAME);
    // The files hold HMAC secrets and the development API key: owner only, from the first byte.
    openDataDir(dataDir, create, warn);
    if (existsSync(this.path)) tightenStoreFiles(this.path, warn);
    else if (!create) throw missingStore(dataDir);
    else createOwnerOnly(this.path);
    let db: Database.Database;
    try {
      db = new Database(this.path, { timeout: options.busyTimeoutMs ?? 2000, fileMustExist: true });
    } catch (e) {
      throw storeUnavailable(e, `cannot open ${this.path}`);
    }
    this.db = db;
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      this.#migrate();
      this.#stmt = prepareStatements(db);
      this.#writer = new SqliteWriter(this.path, options.busyTimeoutMs ?? 2000);
    } catch (e) {
      db.close();
      if (e instanceof EdgesignError) throw e;
      throw storeUnavailable(e, `cannot open ${this.path}`);
    }
  }

  #migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new EdgesignError(
        'E_STORE_VERSION',
        `${this.path} was written by a newer edgesign (schema ${version}, this one knows ${SCHEMA_VERSION})`,
      );
    }
    if (version === SCHEMA_VERSION) return;
    this.db
      .transaction(() => {
        // Another process may have migrated while this one waited for the lock: read the version again.
        const current = this.db.pragma('user_version', { simple: true }) as number;
        if (current < 2) this.db.exec(SCHEMA); // idempotent: schema 1 files only lack the meta table and triggers
        if (current < 3) this.db.exec(MIGRATE_TO_3);
        this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })
      .immediate();
  }

  #assertOpen(): void {
    if (this.#closed) throw new EdgesignError('E_STORE_CLOSED', 'the store is closed');
  }

  /** Runs a synchronous read or key write, mapping SQLite failures to `E_STORE_UNAVAILABLE`. */
  #run<T>(what: string, fn: () => T): Promise<T> {
    try {
      this.#assertOpen();
      return Promise.resolve(fn());
    } catch (e) {
      if (e instanceof EdgesignError) return Promise.reject(e);
      return Promise.reject(storeUnavailable(e, what));
    }
  }

  insertKey(key: KeyRecord): Promise<void> {
    this.#keyCacheFresh = false;
    return this.#run('could not store the key', () => {
      this.db
        .transaction(() => {
          if (key.isDevelopmentKey) this.#stmt.clearDev.run(key.kind, key.id);
          this.#stmt.insertKey.run(records.keyRow(key));
        })
        .immediate();
    });
  }

  /**
   * All keys, from a cache that is reloaded whenever `meta.keys_version` moved (a trigger bumps it on
   * every change to `keys`, whichever process made it). One tiny read per call instead of a scan, so
   * a revocation by the CLI is seen on the server's next request.
   */
  #keys(): KeySnapshot {
    // One version read per event-loop turn serves every request handled in that turn.
    if (this.#keyCache && this.#keyCacheFresh) return this.#keyCache;
    const version = this.#stmt.keysVersion.get() as number;
    this.#keyCacheFresh = true;
    setImmediate(() => {
      this.#keyCacheFresh = false;
    });
    if (this.#keyCache?.version === version) return this.#keyCache;
    this.#keyCache = keySnapshot(version, (this.#stmt.listKeys.all() as SqliteKeyRow[]).map((r) => records.key(r)));
    return this.#keyCache;
  }

  getKey(id: string): Promise<KeyRecord | undefined> {
    return this.#run('could not read keys', () => snapshotKey(this.#keys(), id));
  }

  listKeys(filter: { kind?: KeyKind; includeRevoked?: boolean } = {}): Promise<KeyRecord[]> {
    return this.#run('could not read keys', () => snapshotKeys(this.#keys(), filter));
  }

  findApiKeyByHash(secretHash: string): Promise<KeyRecord | undefined> {
    return this.#run('could not read keys', () => snapshotApiKey(this.#keys(), secretHash));
  }

  revokeKey(id: string, revokedAt: string): Promise<KeyRecord | undefined> {
    this.#keyCacheFresh = false;
    return this.#run('could not revoke the key', () =>
      this.db
        .transaction(() => {
          this.#stmt.revoke.run(revokedAt, id);
          return this.#keyRecord(id);
        })
        .immediate(),
    );
  }

  setDevelopmentKey(id: string): Promise<KeyRecord | undefined> {
    this.#keyCacheFresh = false;
    return this.#run('could not set the development key', () =>
      this.db
        .transaction(() => {
          const key = this.#keyRecord(id);
          if (!key || key.revokedAt !== null) return key;
          this.#stmt.clearDev.run(key.kind, id);
          this.#stmt.setDev.run(id);
          return this.#keyRecord(id);
        })
        .immediate(),
    );
  }

  /** The key as stored now (not from the cache: inside a key-changing transaction). */
  #keyRecord(id: string): KeyRecord | undefined {
    const row = this.#stmt.getKey.get(id) as SqliteKeyRow | undefined;
    return row ? records.key(row) : undefined;
  }

  touchKey(id: string, usedAt: string): Promise<void> {
    return this.#run('could not record the key use', () => {
      this.#stmt.touchKey.run(usedAt, id);
    });
  }

  listKeyUsage(): Promise<Map<string, string>> {
    return this.#run('could not read keys', () => {
      const rows = this.#stmt.keyUsage.all() as Array<{ key_id: string; last_used_at: string }>;
      return new Map(rows.map((r) => [r.key_id, r.last_used_at]));
    });
  }

  upsertDevice(deviceId: string, patch: DevicePatch, now: string): Promise<DeviceRecord> {
    return this.#run('could not store the device', () =>
      this.db
        .transaction(() => {
          const row = this.#stmt.getDevice.get(deviceId) as SqliteDeviceRow | undefined;
          if (row) return this.#applyDevicePatch(row, patch);
          this.#stmt.insertDevice.run(records.deviceRow(records.newDevice(deviceId, patch, now)));
          return records.device(this.#stmt.getDevice.get(deviceId) as SqliteDeviceRow);
        })
        .immediate(),
    );
  }

  updateDevice(deviceId: string, patch: DevicePatch): Promise<DeviceRecord | undefined> {
    return this.#run('could not store the device', () =>
      this.db
        .transaction(() => {
          const row = this.#stmt.getDevice.get(deviceId) as SqliteDeviceRow | undefined;
          return row ? this.#applyDevicePatch(row, patch) : undefined;
        })
        .immediate(),
    );
  }

  #applyDevicePatch(row: SqliteDeviceRow, patch: DevicePatch): DeviceRecord {
    const d = records.patchedDevice(records.device(row), patch);
    this.#stmt.updateDevice.run(records.deviceRow(d));
    return d;
  }

  getDevice(deviceId: string): Promise<DeviceRecord | undefined> {
    return this.#run('could not read devices', () => {
      const row = this.#stmt.getDevice.get(deviceId) as SqliteDeviceRow | undefined;
      return row ? records.device(row) : undefined;
    });
  }

  listDevices(): Promise<DeviceRecord[]> {
    return this.#run('could not read devices', () => (this.#stmt.listDevices.all() as SqliteDeviceRow[]).map(records.device));
  }

  getSetting(name: string): Promise<string | undefined> {
    return this.#run('could not read settings', () => this.#stmt.getSetting.get(name) as string | undefined);
  }

  setSetting(name: string, value: string): Promise<void> {
    return this.#run('could not store the setting', () => {
      this.#stmt.setSetting.run(name, value);
    });
  }

  async insertSample(sample: NewSample, options: InsertSampleOptions = {}): Promise<InsertSampleResult> {
    this.#assertOpen();
    const row = records.sampleRow(sample);
    // row.bytes is taken now: with moveRaw, sample.raw is empty once the writer has it.
    const outcome = await this.#writer.insert(row, options.disallowDuplicates === true, options.moveRaw === true);
    if (!outcome.ok) {
      if (outcome.code === 'E_STORE_CLOSED') throw new EdgesignError('E_STORE_CLOSED', outcome.message);
      throw storeUnavailable(Object.assign(new Error(outcome.message), { code: outcome.code }));
    }
    if ('duplicateOf' in outcome) return { status: 'duplicate', existingId: outcome.duplicateOf };
    return { status: 'stored', sample: records.storedSample(sample, outcome.id, row.bytes) };
  }

  /** Starts the sample writer thread ahead of the first insert. */
  warmUp(): void {
    if (!this.#closed) this.#writer.warmUp();
  }

  /**
   * Runs SQL on the connection that writes samples, after the inserts queued before it. For tests and
   * tools that need that connection's per-connection settings (e.g. `PRAGMA max_page_count`).
   */
  async execOnWriter(sql: string): Promise<void> {
    this.#assertOpen();
    const outcome = await this.#writer.exec(sql);
    if (!outcome.ok) throw storeUnavailable(Object.assign(new Error(outcome.message), { code: outcome.code }), 'the writer could not run the statement');
  }

  listSamples(query: SampleQuery): Promise<SampleRecord[]> {
    return this.#run('could not read samples', () => {
      const rows = (
        query.category === undefined
          ? this.#stmt.listAll.all(query.limit, query.offset)
          : this.#stmt.listCategory.all(query.category, query.limit, query.offset)
      ) as SqliteSampleRow[];
      return rows.map(records.sample);
    });
  }

  getSample(id: number): Promise<SampleRecord | undefined> {
    return this.#run('could not read samples', () => {
      const row = this.#stmt.getSample.get(id) as SqliteSampleRow | undefined;
      return row ? records.sample(row) : undefined;
    });
  }

  getSampleRaw(id: number): Promise<{ contentType: string; body: Uint8Array } | undefined> {
    return this.#run('could not read samples', () => {
      const row = this.#stmt.getRaw.get(id) as { content_type: string; raw: Buffer } | undefined;
      return row ? { contentType: row.content_type, body: new Uint8Array(row.raw.buffer, row.raw.byteOffset, row.raw.byteLength) } : undefined;
    });
  }

  /** The receivers' bus of this store object: in memory (one process), shared by every receiver that joins here. */
  joinReceivers(options: JoinReceiversOptions): Promise<ReceiverBus> {
    if (this.#closed) return Promise.reject(new EdgesignError('E_STORE_CLOSED', 'the store is closed'));
    return Promise.resolve(this.#receivers.join(options));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Commit what is queued first: those callers are waiting for an answer.
    await this.#writer.close();
    this.db.close();
  }
}
