/**
 * The server store: PostgreSQL through `pg` (node-postgres) with a connection pool, for many
 * receivers on one database. Same {@link Store} contract as the embedded SQLite store
 * (`sqlite-store.ts`); the schema is created and migrated by {@link PostgresStore.open}
 * (`postgres-migrations.ts`).
 *
 * What holds across any number of receivers:
 * - **200 only after commit.** `insertSample` is one autocommitted `INSERT` (PostgreSQL's default
 *   `synchronous_commit = on`: the commit's WAL record is flushed before the server answers), and the
 *   promise resolves on that answer. Concurrent commits from all receivers share WAL flushes inside
 *   PostgreSQL (its own group commit), so no batching is needed here.
 * - **Duplicates by a constraint.** The first sample stored with a `dedup_hash` claims it in a partial
 *   unique index (`dedup_claim`); an insert with `disallowDuplicates` is `INSERT … ON CONFLICT DO
 *   NOTHING` on that index, so of two identical uploads racing on two receivers exactly one is stored
 *   (the other waits for the first's commit, then sees the conflict). Without the flag a sample whose
 *   hash is already claimed is stored unclaimed.
 * - **One development key of each kind** by a partial unique index; the transactions that move the
 *   flag also take an advisory lock, so two receivers moving it at once queue instead of failing.
 * - **Keys everywhere within a bound**: `postgres-key-cache.ts` (LISTEN/NOTIFY, and a re-check at
 *   most every `keyRecheckMs`, default 1 s).
 * - **Faults.** Any failure to reach the database rejects with `E_STORE_UNAVAILABLE` (503: nothing
 *   was acknowledged); the pool drops broken connections and opens new ones on the next request, so a
 *   receiver recovers by itself when the database is back. {@link PostgresStore.open} keeps retrying
 *   an unreachable database for `waitForDatabaseMs` instead of failing at once.
 * @module
 */
import pg from 'pg';
import { EdgesignError } from 'edgesign';
import { DEFAULT_KEY_RECHECK_MS, PostgresKeyCache } from './postgres-key-cache.js';
import { snapshotApiKey, snapshotKey, snapshotKeys } from './key-snapshot.js';
import { PostgresListener } from './postgres-listener.js';
import { migrate } from './postgres-migrations.js';
import { joinPostgresReceivers } from './postgres-receiver-bus.js';
import type { JoinReceiversOptions, ReceiverBus } from './receiver-bus.js';
import { isTransientConnectionError, postgresUnavailable } from './postgres-errors.js';
import { DEVICE_COLUMNS, DEVICE_WRITE_COLUMNS, KEY_COLUMNS, SAMPLE_LISTING_COLUMNS, SAMPLE_ROW_COLUMNS, columnList } from './store-columns.js';
import { POSTGRES_RECORDS as records, type DeviceRow, type KeyRow, type SampleRecordRow } from './store-records.js';
import type { DevicePatch, DeviceRecord, InsertSampleOptions, InsertSampleResult, KeyKind, KeyRecord, NewSample, SampleQuery, SampleRecord, Store } from './store.js';

/** Options of {@link PostgresStore.open}. */
export interface PostgresStoreOptions {
  /** Most connections this receiver opens for requests (default 10), plus one that LISTENs. */
  poolSize?: number;
  /** Longest time key changes made elsewhere can go unseen if notifications are lost (default 1000 ms). */
  keyRecheckMs?: number;
  /** How long to wait for a connection (new or from the pool) before answering 503 (default 5000 ms). */
  connectTimeoutMs?: number;
  /**
   * At open: how long to keep retrying while the database cannot be reached (refused, starting up,
   * in recovery), with backoff from 250 ms to 5 s. Default 0: fail at once. `Infinity`: wait forever.
   */
  waitForDatabaseMs?: number;
  /** Called before each retry while waiting for the database. */
  onWaiting?: (error: EdgesignError, retryInMs: number) => void;
  /** Server-side `statement_timeout` for this store's connections (default 60000 ms). */
  statementTimeoutMs?: number;
}

/** True for a `postgres://` or `postgresql://` connection URL. */
export function isPostgresUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

// Type parsers for this store's connections only (the global pg.types stay untouched): ids are int8
// (bigint) but always within Number.MAX_SAFE_INTEGER; timestamps come back as ISO 8601 UTC strings,
// as the Store interface carries them.
const INT8_OID = 20;
const TIMESTAMPTZ_OID = 1184;
const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (v: string) => Date;
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (v: string) => Number(v);
    if (oid === TIMESTAMPTZ_OID) return (v: string) => parseTimestamptz(v).toISOString();
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

/** Advisory lock key for transactions that move a development-key flag ("devkey" in ASCII). */
const DEV_KEY_LOCK = 0x6465766b6579;

const KEY_COLUMN_LIST = KEY_COLUMNS.join(', ');
const DEVICE_COLUMN_LIST = DEVICE_COLUMNS.join(', ');
/** A new sample's columns, then whether it claims its dedup hash (`dedup_claim`, PostgreSQL only). */
const INSERT_SAMPLE_COLUMNS = [...SAMPLE_ROW_COLUMNS, 'dedup_claim'] as const;
const INSERT_SAMPLE = postgresInsertSql('edgesign_samples', INSERT_SAMPLE_COLUMNS);

type PostgresKeyRow = KeyRow<boolean>;
type PostgresDeviceRow = DeviceRow<boolean, unknown>;
type PostgresSampleRow = SampleRecordRow<unknown>;

/** `INSERT INTO table (c1, …, cn) VALUES ($1, …, $n)`: values passed in the columns' order. */
function postgresInsertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} ${columnList(columns)} VALUES ${columnList(columns.map((_, i) => `$${i + 1}`))}`;
}

/** The server store for many receivers on one PostgreSQL database; open it with {@link PostgresStore.open}. */
export class PostgresStore implements Store {
  /**
   * The pool (for tests and tools such as `edgesign store copy`; the service only uses the Store methods).
   * @internal Left out of the published types, which must not need @types/pg.
   */
  readonly pool: pg.Pool;
  /** The connection URL without its password. */
  readonly url: string;
  readonly #keys: PostgresKeyCache;
  readonly #listener: PostgresListener;
  #closed = false;
  readonly #inFlight = new Set<Promise<unknown>>();

  private constructor(pool: pg.Pool, url: string, keys: PostgresKeyCache, listener: PostgresListener) {
    this.pool = pool;
    this.url = url;
    this.#keys = keys;
    this.#listener = listener;
  }

  /**
   * Connects, creates or migrates the schema, starts listening for key changes. Rejects with
   * `E_STORE_UNAVAILABLE` (database unreachable past `waitForDatabaseMs`, bad credentials, no such
   * database) or `E_STORE_VERSION` (migrated by a newer edgesign).
   */
  static async open(connectionString: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const statementTimeout = options.statementTimeoutMs ?? 60_000;
    const clientConfig: pg.ClientConfig = {
      connectionString,
      types: typeParsers,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      keepAlive: true,
      application_name: 'edgesign',
      statement_timeout: statementTimeout,
    };
    const pool = new pg.Pool({ ...clientConfig, max: options.poolSize ?? 10, idleTimeoutMillis: 30_000 });
    // An idle pooled connection that dies (database restart) is dropped by the pool; without a
    // listener the 'error' event would crash the process.
    pool.on('error', () => {});
    const url = redactUrl(connectionString);
    const keys = new PostgresKeyCache(
      {
        version: async () => Number((await pool.query<{ v: number }>({ name: 'edgesign_keys_version', text: "SELECT v FROM edgesign_meta WHERE k = 'keys_version'" })).rows[0]!.v),
        load: async () => (await pool.query<PostgresKeyRow>(`SELECT ${KEY_COLUMN_LIST} FROM edgesign_keys ORDER BY created_at, seq`)).rows.map(records.key),
      },
      options.keyRecheckMs ?? DEFAULT_KEY_RECHECK_MS,
    );
    const waitMs = options.waitForDatabaseMs ?? 0;
    const started = Date.now();
    let delay = 250;
    for (;;) {
      try {
        await migrate(pool);
        break;
      } catch (e) {
        const err = postgresUnavailable(e, `cannot open the PostgreSQL store at ${url}`);
        if (!isTransientConnectionError(e) || Date.now() - started + delay > waitMs) {
          await pool.end().catch(() => {});
          throw err;
        }
        options.onWaiting?.(err, delay);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(5000, delay * 2);
      }
    }
    // One LISTEN connection per receiver: key changes, and messages from other receivers (joinReceivers).
    const listener = new PostgresListener(clientConfig);
    await keys.attach(listener);
    await listener.start();
    return new PostgresStore(pool, url, keys, listener);
  }

  #assertOpen(): void {
    if (this.#closed) throw new EdgesignError('E_STORE_CLOSED', 'the store is closed');
  }

  /** Runs one store operation: refuses after close, maps failures, lets close() wait for it. */
  #run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      this.#assertOpen();
    } catch (e) {
      return Promise.reject(e);
    }
    const p = fn().catch((e: unknown) => {
      throw postgresUnavailable(e, what);
    });
    this.#inFlight.add(p);
    const forget = () => this.#inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }

  /** Runs `fn` in one transaction on one pooled connection (a broken connection is not reused). */
  async #transaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    let ok = false;
    try {
      await c.query('BEGIN');
      const r = await fn(c);
      await c.query('COMMIT');
      ok = true;
      return r;
    } finally {
      if (!ok) await c.query('ROLLBACK').catch(() => {});
      c.release(!ok);
    }
  }

  insertKey(key: KeyRecord): Promise<void> {
    return this.#run('could not store the key', async () => {
      try {
        await this.#transaction(async (c) => {
          if (key.isDevelopmentKey) {
            await c.query('SELECT pg_advisory_xact_lock($1)', [DEV_KEY_LOCK]);
            await clearDev(c, key.kind, key.id);
          }
          const row = records.keyRow(key);
          await c.query(postgresInsertSql('edgesign_keys', KEY_COLUMNS), KEY_COLUMNS.map((col) => row[col]));
        });
      } finally {
        this.#keys.invalidate();
      }
    });
  }

  getKey(id: string): Promise<KeyRecord | undefined> {
    return this.#run('could not read keys', async () => snapshotKey(await this.#keys.get(), id));
  }

  listKeys(filter: { kind?: KeyKind; includeRevoked?: boolean } = {}): Promise<KeyRecord[]> {
    return this.#run('could not read keys', async () => snapshotKeys(await this.#keys.get(), filter));
  }

  findApiKeyByHash(secretHash: string): Promise<KeyRecord | undefined> {
    return this.#run('could not read keys', async () => snapshotApiKey(await this.#keys.get(), secretHash));
  }

  revokeKey(id: string, revokedAt: string): Promise<KeyRecord | undefined> {
    return this.#run('could not revoke the key', async () => {
      try {
        const { rows } = await this.pool.query<PostgresKeyRow>(
          `UPDATE edgesign_keys SET revoked_at = COALESCE(revoked_at, $2), is_dev = false, secret = CASE WHEN kind = 'api' THEN NULL ELSE secret END WHERE id = $1 RETURNING ${KEY_COLUMN_LIST}`,
          [id, revokedAt],
        );
        return rows[0] ? records.key(rows[0]) : undefined;
      } finally {
        this.#keys.invalidate();
      }
    });
  }

  setDevelopmentKey(id: string): Promise<KeyRecord | undefined> {
    return this.#run('could not set the development key', async () => {
      try {
        return await this.#transaction(async (c) => {
          await c.query('SELECT pg_advisory_xact_lock($1)', [DEV_KEY_LOCK]);
          const row = (await c.query<PostgresKeyRow>(`SELECT ${KEY_COLUMN_LIST} FROM edgesign_keys WHERE id = $1 FOR UPDATE`, [id])).rows[0];
          if (!row || row.revoked_at !== null) return row ? records.key(row) : undefined;
          await clearDev(c, row.kind, id);
          const { rows } = await c.query<PostgresKeyRow>(`UPDATE edgesign_keys SET is_dev = true WHERE id = $1 RETURNING ${KEY_COLUMN_LIST}`, [id]);
          return records.key(rows[0]!);
        });
      } finally {
        this.#keys.invalidate();
      }
    });
  }

  touchKey(id: string, usedAt: string): Promise<void> {
    return this.#run('could not record the key use', async () => {
      // Several receivers touch the same key: keep the latest time, whichever write lands last.
      await this.pool.query(
        'INSERT INTO edgesign_key_usage (key_id, last_used_at) SELECT id, $2 FROM edgesign_keys WHERE id = $1 ' +
          'ON CONFLICT (key_id) DO UPDATE SET last_used_at = GREATEST(edgesign_key_usage.last_used_at, excluded.last_used_at)',
        [id, usedAt],
      );
    });
  }

  listKeyUsage(): Promise<Map<string, string>> {
    return this.#run('could not read keys', async () => {
      const { rows } = await this.pool.query<{ key_id: string; last_used_at: string }>('SELECT key_id, last_used_at FROM edgesign_key_usage');
      return new Map(rows.map((r) => [r.key_id, r.last_used_at]));
    });
  }

  upsertDevice(deviceId: string, patch: DevicePatch, now: string): Promise<DeviceRecord> {
    return this.#run('could not store the device', () =>
      this.#transaction(async (c) => {
        // Two receivers greeting the same new device at once: the unique device_id lets one insert win.
        const fresh = records.deviceRow(records.newDevice(deviceId, patch, now));
        const created = await c.query<PostgresDeviceRow>(
          `${postgresInsertSql('edgesign_devices', DEVICE_WRITE_COLUMNS)} ON CONFLICT (device_id) DO NOTHING RETURNING ${DEVICE_COLUMN_LIST}`,
          DEVICE_WRITE_COLUMNS.map((col) => fresh[col]),
        );
        if (created.rows[0]) return records.device(created.rows[0]);
        const row = (await c.query<PostgresDeviceRow>(`SELECT ${DEVICE_COLUMN_LIST} FROM edgesign_devices WHERE device_id = $1 FOR UPDATE`, [deviceId])).rows[0]!;
        return applyDevicePatch(c, row, patch);
      }),
    );
  }

  updateDevice(deviceId: string, patch: DevicePatch): Promise<DeviceRecord | undefined> {
    return this.#run('could not store the device', () =>
      this.#transaction(async (c) => {
        const row = (await c.query<PostgresDeviceRow>(`SELECT ${DEVICE_COLUMN_LIST} FROM edgesign_devices WHERE device_id = $1 FOR UPDATE`, [deviceId])).rows[0];
        return row ? applyDevicePatch(c, row, patch) : undefined;
      }),
    );
  }

  getDevice(deviceId: string): Promise<DeviceRecord | undefined> {
    return this.#run('could not read devices', async () => {
      const { rows } = await this.pool.query<PostgresDeviceRow>(`SELECT ${DEVICE_COLUMN_LIST} FROM edgesign_devices WHERE device_id = $1`, [deviceId]);
      return rows[0] ? records.device(rows[0]) : undefined;
    });
  }

  listDevices(): Promise<DeviceRecord[]> {
    return this.#run('could not read devices', async () => (await this.pool.query<PostgresDeviceRow>(`SELECT ${DEVICE_COLUMN_LIST} FROM edgesign_devices ORDER BY id`)).rows.map(records.device));
  }

  getSetting(name: string): Promise<string | undefined> {
    return this.#run('could not read settings', async () => (await this.pool.query<{ v: string }>('SELECT v FROM edgesign_settings WHERE k = $1', [name])).rows[0]?.v);
  }

  setSetting(name: string, value: string): Promise<void> {
    return this.#run('could not store the setting', async () => {
      await this.pool.query('INSERT INTO edgesign_settings (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = excluded.v', [name, value]);
    });
  }

  insertSample(sample: NewSample, options: InsertSampleOptions = {}): Promise<InsertSampleResult> {
    return this.#run('the store could not commit', async () => {
      // pg sends a Buffer as bytea (a view on the caller's bytes, not a copy), so `moveRaw` changes nothing here.
      const row = { ...records.sampleRow(sample), raw: Buffer.from(sample.raw.buffer, sample.raw.byteOffset, sample.raw.byteLength) };
      const params = (claim: boolean) => [...SAMPLE_ROW_COLUMNS.map((col) => row[col]), claim];
      // First try to claim the hash; the partial unique index decides, atomically across receivers.
      // A named statement: parsed and planned once per connection, not once per sample.
      const claimed = await this.pool.query<{ id: number }>({
        name: 'edgesign_insert_sample_claim',
        text: `${INSERT_SAMPLE} ON CONFLICT (dedup_hash) WHERE dedup_claim DO NOTHING RETURNING id`,
        values: params(true),
      });
      let id = claimed.rows[0]?.id;
      if (id === undefined) {
        if (options.disallowDuplicates === true) {
          const { rows } = await this.pool.query<{ id: number }>('SELECT id FROM edgesign_samples WHERE dedup_hash = $1 AND dedup_claim', [sample.dedupHash]);
          // The conflicting row is committed (ON CONFLICT waited for its transaction), so it is there.
          if (rows[0]) return { status: 'duplicate', existingId: rows[0].id };
        }
        id = (await this.pool.query<{ id: number }>(`${INSERT_SAMPLE} RETURNING id`, params(false))).rows[0]!.id;
      }
      return { status: 'stored', sample: records.storedSample(sample, id, row.bytes) };
    });
  }

  listSamples(query: SampleQuery): Promise<SampleRecord[]> {
    return this.#run('could not read samples', async () => {
      const { rows } =
        query.category === undefined
          ? await this.pool.query<PostgresSampleRow>(`SELECT ${SAMPLE_LISTING_COLUMNS} FROM edgesign_samples ORDER BY id DESC LIMIT $1 OFFSET $2`, [query.limit, query.offset])
          : await this.pool.query<PostgresSampleRow>(`SELECT ${SAMPLE_LISTING_COLUMNS} FROM edgesign_samples WHERE category = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`, [
              query.category,
              query.limit,
              query.offset,
            ]);
      return rows.map(records.sample);
    });
  }

  getSample(id: number): Promise<SampleRecord | undefined> {
    return this.#run('could not read samples', async () => {
      const { rows } = await this.pool.query<PostgresSampleRow>(`SELECT ${SAMPLE_LISTING_COLUMNS} FROM edgesign_samples WHERE id = $1`, [id]);
      return rows[0] ? records.sample(rows[0]) : undefined;
    });
  }

  getSampleRaw(id: number): Promise<{ contentType: string; body: Uint8Array } | undefined> {
    return this.#run('could not read samples', async () => {
      const { rows } = await this.pool.query<{ content_type: string; raw: Buffer }>('SELECT content_type, raw FROM edgesign_samples WHERE id = $1', [id]);
      const r = rows[0];
      return r ? { contentType: r.content_type, body: new Uint8Array(r.raw.buffer, r.raw.byteOffset, r.raw.byteLength) } : undefined;
    });
  }

  /**
   * Joins the receivers' bus (remote management across receivers): a lease in `edgesign_receivers`,
   * claims in `edgesign_device_connections`, messages by NOTIFY (`postgres-receiver-bus.ts`).
   */
  joinReceivers(options: JoinReceiversOptions): Promise<ReceiverBus> {
    this.#assertOpen();
    return joinPostgresReceivers(this.pool, this.#listener, options);
  }

  /** True while the key-change LISTEN connection is up. */
  get listening(): boolean {
    return this.#keys.listening;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Let the operations already started finish: their callers are waiting for an answer.
    await Promise.allSettled([...this.#inFlight]);
    await this.#listener.close();
    await this.pool.end();
  }
}

async function clearDev(c: pg.PoolClient, kind: KeyKind, exceptId: string): Promise<void> {
  await c.query(
    "UPDATE edgesign_keys SET is_dev = false, secret = CASE WHEN kind = 'api' THEN NULL ELSE secret END WHERE kind = $1 AND is_dev AND id <> $2",
    [kind, exceptId],
  );
}

/** Applies `patch` to a locked device row (inside the caller's transaction). */
async function applyDevicePatch(c: pg.PoolClient, row: PostgresDeviceRow, patch: DevicePatch): Promise<DeviceRecord> {
  const d = records.deviceRow(records.patchedDevice(records.device(row), patch));
  const { rows } = await c.query<PostgresDeviceRow>(
    `UPDATE edgesign_devices SET name = $2, device_type = $3, sensors = $4, supports_snapshot_streaming = $5, last_seen_at = $6 WHERE device_id = $1 RETURNING ${DEVICE_COLUMN_LIST}`,
    [d.device_id, d.name, d.device_type, d.sensors, d.supports_snapshot_streaming, d.last_seen_at],
  );
  return records.device(rows[0]!);
}
