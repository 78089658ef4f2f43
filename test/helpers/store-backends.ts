/**
 * The two store backends as the contract suite sees them: a fresh, empty store location per test, a
 * way to open any number of stores on it (several receivers on one truth), and a raw SQL door for the
 * checks that must go around the Store interface (constraints the database itself enforces).
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PostgresStore, SqliteStore, type NewSample, type PostgresStoreOptions, type Store } from '../../packages/server/src/service/index.js';
import { havePostgres, startPostgres, type PgCluster } from './postgres.js';
import { tempDir } from './service.js';

export interface StoreLocationUnderTest {
  /** Opens another store on the same location. */
  open(options?: { postgres?: PostgresStoreOptions }): Promise<Store>;
  /** Runs SQL directly on the database (not through a Store); returns the rows. */
  sql(query: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Marks the schema as written by a newer edgesign. */
  bumpSchemaVersion(): Promise<void>;
  cleanup(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** False when the backend cannot run here (skipped loudly; CI=true fails instead). */
  available: boolean;
  beforeAll(): Promise<void>;
  afterAll(): Promise<void>;
  fresh(): Promise<StoreLocationUnderTest>;
}

export const sqliteBackend: Backend = {
  name: 'sqlite',
  available: true,
  async beforeAll() {},
  async afterAll() {},
  async fresh() {
    const { dir, cleanup } = tempDir('edgesign-contract-');
    const dbPath = `${dir}/edgesign.db`;
    const run = (fn: (db: Database.Database) => Record<string, unknown>[]) => {
      const db = new Database(dbPath, { timeout: 2000 });
      try {
        return fn(db);
      } finally {
        db.close();
      }
    };
    return {
      open: async () => new SqliteStore(dir, { busyTimeoutMs: 2000 }),
      sql: async (query, params = []) =>
        run((db) => {
          const st = db.prepare(query);
          return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), []);
        }),
      bumpSchemaVersion: async () => void run((db) => (db.pragma('user_version = 99'), [])),
      cleanup: async () => cleanup(),
    };
  },
};

/** The PostgreSQL backend: one cluster per suite file, one database per test. */
export function postgresBackend(): Backend & { cluster(): PgCluster } {
  let cluster: PgCluster | undefined;
  const available = havePostgres();
  return {
    name: 'postgres',
    available,
    cluster: () => cluster!,
    async beforeAll() {
      if (available) cluster = await startPostgres();
    },
    async afterAll() {
      await cluster?.stop();
    },
    async fresh() {
      const url = await cluster!.createDatabase();
      const sql = async (query: string, params: unknown[] = []) => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          return (await c.query(query, params)).rows as Record<string, unknown>[];
        } finally {
          await c.end();
        }
      };
      return {
        open: async (options = {}) => PostgresStore.open(url, options.postgres),
        sql,
        bumpSchemaVersion: async () => void (await sql("INSERT INTO edgesign_migrations (version, description) VALUES (99, 'from the future')")),
        cleanup: async () => {},
      };
    },
  };
}

let n = 0;
/** A sample row with distinct raw bytes (unless `raw` is given), every field set. */
export function sampleOf(overrides: Partial<NewSample> = {}): NewSample {
  const raw = overrides.raw ?? new TextEncoder().encode(`{"n":${n++},"pid":${process.pid}}`);
  const sha = createHash('sha256').update(raw).digest('hex');
  return {
    fileName: `s${n}.json`,
    category: 'training',
    label: 'idle',
    deviceName: 'd',
    deviceType: 't',
    signature: 'valid',
    signatureError: null,
    hmacKeyId: 'hk_1',
    sha256: sha,
    dedupHash: sha,
    iat: 1700000000.5,
    receivedAt: new Date().toISOString(),
    contentType: 'application/json',
    encoding: 'json',
    metadata: { a: 'b' },
    raw,
    ...overrides,
  };
}
