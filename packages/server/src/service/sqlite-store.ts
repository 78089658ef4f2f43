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
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EdgesignError } from 'edgesign';
import { SqliteWriter, type SampleRow } from './sqlite-writer.js';
import type {
  ApiKeyRole,
  InsertSampleResult,
  KeyKind,
  KeyRecord,
  NewSample,
  SampleCategory,
  SampleQuery,
  SampleRecord,
  SignatureStatus,
  Store,
} from './store.js';

/** The database file inside a data directory. */
export const DB_FILE_NAME = 'edgesign.db';
const SCHEMA_VERSION = 2;

export interface SqliteStoreOptions {
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

const SAMPLE_COLUMNS =
  'id, file_name, category, label, device_name, device_type, signature, signature_error, hmac_key_id, sha256, dedup_hash, iat, received_at, bytes, content_type, encoding, metadata';

interface KeyRow {
  id: string;
  kind: KeyKind;
  name: string;
  role: ApiKeyRole | null;
  secret: string | null;
  secret_hash: string | null;
  is_dev: number;
  created_at: string;
  revoked_at: string | null;
}

/** A row of `samples` as read back: the writer's columns without the raw bytes, plus the id. */
interface StoredSampleRow extends Omit<SampleRow, 'raw' | 'category' | 'signature'> {
  id: number;
  category: SampleCategory;
  signature: SignatureStatus;
}

function prepareStatements(db: Database.Database) {
  return {
    insertKey: db.prepare(
      'INSERT INTO keys (id, kind, name, role, secret, secret_hash, is_dev, created_at, revoked_at) VALUES (@id, @kind, @name, @role, @secret, @secret_hash, @is_dev, @created_at, @revoked_at)',
    ),
    clearDev: db.prepare("UPDATE keys SET is_dev = 0, secret = CASE WHEN kind = 'api' THEN NULL ELSE secret END WHERE kind = ? AND is_dev = 1 AND id <> ?"),
    setDev: db.prepare('UPDATE keys SET is_dev = 1 WHERE id = ? AND revoked_at IS NULL'),
    getKey: db.prepare('SELECT * FROM keys WHERE id = ?'),
    listKeys: db.prepare('SELECT * FROM keys ORDER BY created_at, rowid'),
    keysVersion: db.prepare("SELECT v FROM meta WHERE k = 'keys_version'").pluck(),
    revoke: db.prepare(
      "UPDATE keys SET revoked_at = COALESCE(revoked_at, ?), is_dev = 0, secret = CASE WHEN kind = 'api' THEN NULL ELSE secret END WHERE id = ?",
    ),
    listAll: db.prepare(`SELECT ${SAMPLE_COLUMNS} FROM samples ORDER BY id DESC LIMIT ? OFFSET ?`),
    listCategory: db.prepare(`SELECT ${SAMPLE_COLUMNS} FROM samples WHERE category = ? ORDER BY id DESC LIMIT ? OFFSET ?`),
    getSample: db.prepare(`SELECT ${SAMPLE_COLUMNS} FROM samples WHERE id = ?`),
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

export class SqliteStore implements Store {
  /** The better-sqlite3 connection (for tests and tools; the service only uses the Store methods). */
  readonly db: Database.Database;
  /** Path of the database file. */
  readonly path: string;
  readonly #writer: SqliteWriter;
  #keyCache: KeyCache | null = null;
  #keyCacheFresh = false;
  #closed = false;
  readonly #stmt: Statements;

  /** Opens (creating if needed) `<dataDir>/edgesign.db`. */
  constructor(dataDir: string, options: SqliteStoreOptions = {}) {
    try {
      if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw storeUnavailable(e, `cannot create the data directory ${dataDir}`);
    }
    this.path = join(dataDir, DB_FILE_NAME);
    const fresh = !existsSync(this.path);
    let db: Database.Database;
    try {
      db = new Database(this.path, { timeout: options.busyTimeoutMs ?? 2000 });
    } catch (e) {
      throw storeUnavailable(e, `cannot open ${this.path}`);
    }
    this.db = db;
    try {
      // The file holds HMAC secrets and the development API key: owner only.
      if (fresh) chmodSync(this.path, 0o600);
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
        this.db.exec(SCHEMA);
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
          this.#stmt.insertKey.run({
            id: key.id,
            kind: key.kind,
            name: key.name,
            role: key.role,
            secret: key.secret,
            secret_hash: key.secretHash,
            is_dev: key.isDevelopmentKey ? 1 : 0,
            created_at: key.createdAt,
            revoked_at: key.revokedAt,
          });
        })
        .immediate();
    });
  }

  /**
   * All keys, from a cache that is reloaded whenever `meta.keys_version` moved (a trigger bumps it on
   * every change to `keys`, whichever process made it). One tiny read per call instead of a scan, so
   * a revocation by the CLI is seen on the server's next request.
   */
  #keys(): KeyCache {
    // One version read per event-loop turn serves every request handled in that turn.
    if (this.#keyCache && this.#keyCacheFresh) return this.#keyCache;
    const version = this.#stmt.keysVersion.get() as number;
    this.#keyCacheFresh = true;
    setImmediate(() => {
      this.#keyCacheFresh = false;
    });
    if (this.#keyCache?.version === version) return this.#keyCache;
    const all = (this.#stmt.listKeys.all() as KeyRow[]).map((r) => Object.freeze(keyFromRow(r)!));
    const byId = new Map(all.map((k) => [k.id, k]));
    const activeApiByHash = new Map(all.filter((k) => k.kind === 'api' && k.revokedAt === null && k.secretHash).map((k) => [k.secretHash!, k]));
    this.#keyCache = { version, all, byId, activeApiByHash };
    return this.#keyCache;
  }

  getKey(id: string): Promise<KeyRecord | undefined> {
    return this.#run('could not read keys', () => copy(this.#keys().byId.get(id)));
  }

  listKeys(filter: { kind?: KeyKind; includeRevoked?: boolean } = {}): Promise<KeyRecord[]> {
    return this.#run('could not read keys', () =>
      this.#keys()
        .all.filter((k) => (filter.kind === undefined || k.kind === filter.kind) && (filter.includeRevoked || k.revokedAt === null))
        .map((k) => ({ ...k })),
    );
  }

  findApiKeyByHash(secretHash: string): Promise<KeyRecord | undefined> {
    return this.#run('could not read keys', () => copy(this.#keys().activeApiByHash.get(secretHash)));
  }

  revokeKey(id: string, revokedAt: string): Promise<KeyRecord | undefined> {
    this.#keyCacheFresh = false;
    return this.#run('could not revoke the key', () =>
      this.db
        .transaction(() => {
          this.#stmt.revoke.run(revokedAt, id);
          return keyFromRow(this.#stmt.getKey.get(id) as KeyRow | undefined);
        })
        .immediate(),
    );
  }

  setDevelopmentKey(id: string): Promise<KeyRecord | undefined> {
    this.#keyCacheFresh = false;
    return this.#run('could not set the development key', () =>
      this.db
        .transaction(() => {
          const row = this.#stmt.getKey.get(id) as KeyRow | undefined;
          if (!row || row.revoked_at !== null) return keyFromRow(row);
          this.#stmt.clearDev.run(row.kind, id);
          this.#stmt.setDev.run(id);
          return keyFromRow(this.#stmt.getKey.get(id) as KeyRow);
        })
        .immediate(),
    );
  }

  async insertSample(sample: NewSample, options: { disallowDuplicates?: boolean } = {}): Promise<InsertSampleResult> {
    this.#assertOpen();
    const s = sample;
    const outcome = await this.#writer.insert(
      {
        file_name: s.fileName,
        category: s.category,
        label: s.label,
        device_name: s.deviceName,
        device_type: s.deviceType,
        signature: s.signature,
        signature_error: s.signatureError,
        hmac_key_id: s.hmacKeyId,
        sha256: s.sha256,
        dedup_hash: s.dedupHash,
        iat: s.iat,
        received_at: s.receivedAt,
        bytes: s.raw.length,
        content_type: s.contentType,
        encoding: s.encoding,
        metadata: s.metadata === null ? null : JSON.stringify(s.metadata),
        raw: s.raw,
      },
      options.disallowDuplicates === true,
    );
    if (!outcome.ok) {
      if (outcome.code === 'E_STORE_CLOSED') throw new EdgesignError('E_STORE_CLOSED', outcome.message);
      throw storeUnavailable(Object.assign(new Error(outcome.message), { code: outcome.code }));
    }
    if ('duplicateOf' in outcome) return { status: 'duplicate', existingId: outcome.duplicateOf };
    const { raw: _raw, ...rest } = s;
    return { status: 'stored', sample: { ...rest, id: outcome.id, bytes: s.raw.length } };
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
      ) as StoredSampleRow[];
      return rows.map(sampleFromRow);
    });
  }

  getSample(id: number): Promise<SampleRecord | undefined> {
    return this.#run('could not read samples', () => {
      const row = this.#stmt.getSample.get(id) as StoredSampleRow | undefined;
      return row ? sampleFromRow(row) : undefined;
    });
  }

  getSampleRaw(id: number): Promise<{ contentType: string; body: Uint8Array } | undefined> {
    return this.#run('could not read samples', () => {
      const row = this.#stmt.getRaw.get(id) as { content_type: string; raw: Buffer } | undefined;
      return row ? { contentType: row.content_type, body: new Uint8Array(row.raw.buffer, row.raw.byteOffset, row.raw.byteLength) } : undefined;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Commit what is queued first: those callers are waiting for an answer.
    await this.#writer.close();
    this.db.close();
  }
}

interface KeyCache {
  version: number;
  all: readonly Readonly<KeyRecord>[];
  byId: ReadonlyMap<string, Readonly<KeyRecord>>;
  activeApiByHash: ReadonlyMap<string, Readonly<KeyRecord>>;
}

function copy(k: Readonly<KeyRecord> | undefined): KeyRecord | undefined {
  return k ? { ...k } : undefined;
}

function keyFromRow(r: KeyRow | undefined): KeyRecord | undefined {
  if (!r) return undefined;
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    role: r.role,
    secret: r.secret,
    secretHash: r.secret_hash,
    isDevelopmentKey: r.is_dev === 1,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

function sampleFromRow(r: StoredSampleRow): SampleRecord {
  return {
    id: r.id,
    fileName: r.file_name,
    category: r.category,
    label: r.label,
    deviceName: r.device_name,
    deviceType: r.device_type,
    signature: r.signature,
    signatureError: r.signature_error,
    hmacKeyId: r.hmac_key_id,
    sha256: r.sha256,
    dedupHash: r.dedup_hash,
    iat: r.iat,
    receivedAt: r.received_at,
    bytes: r.bytes,
    contentType: r.content_type,
    encoding: r.encoding,
    metadata: r.metadata === null ? null : (JSON.parse(r.metadata) as Record<string, string>),
  };
}
