// Types of postgres-cluster.mjs (plain JavaScript so the benchmark can run it with plain node).

/** The newest Debian PostgreSQL server binaries (`/usr/lib/postgresql/<v>/bin`), or null. `EDGESIGN_PG_BINDIR` overrides. */
export function postgresBinDir(): string | null;

export interface PgCluster {
  readonly port: number;
  /** The temp dir holding the cluster (`data/`), its log and the unix socket. */
  readonly dir: string;
  /** The server's major version (e.g. "15"). */
  readonly version: string;
  /** PID of the running postmaster (changes after a restart). */
  pid(): number;
  /** A connection URL for `database` (default `postgres`) over TCP on 127.0.0.1. */
  url(database?: string): string;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** `pg_ctl restart -m immediate`: the postmaster and its backends die without a checkpoint, then crash recovery. */
  restartImmediate(): Promise<void>;
  /** `pg_ctl stop -m immediate` (crash-like) and wait until the PID is gone. */
  stopImmediate(): Promise<void>;
  /** Starts the (stopped) cluster again. */
  start(): Promise<void>;
  /** Stops the server by its PID (SIGINT: fast shutdown), waits for it, removes the temp dir. */
  stop(): Promise<void>;
}

/** Creates and starts a cluster in a temp dir on a free port (as the `postgres` user under root). */
export function startPostgres(): Promise<PgCluster>;
