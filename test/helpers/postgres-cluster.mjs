// A throwaway PostgreSQL cluster, for the PostgreSQL store suites (through test/helpers/postgres.ts)
// and the load benchmark (bench/ingest-load.mjs): Debian's server binaries
// (/usr/lib/postgresql/<version>/bin, package `postgresql`), a fresh cluster in a temp dir, on a free
// loopback port with its unix socket in that dir, trust authentication for the `postgres` role.
// PostgreSQL refuses to run as root, so under root every server command runs as the `postgres`
// system user (`runuser`), and the temp dir is chowned to it. The server is stopped by its PID (from
// `postmaster.pid`), never by name. Plain JavaScript so that the benchmark (plain node) can use it;
// types in postgres-cluster.d.mts.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The newest Debian PostgreSQL server binaries, or null. `EDGESIGN_PG_BINDIR` overrides. */
export function postgresBinDir() {
  const override = process.env.EDGESIGN_PG_BINDIR;
  if (override) return existsSync(join(override, 'initdb')) ? override : null;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Runs a server binary, as the `postgres` user when we are root (the server refuses root), from `cwd`
 * (the cluster's own dir: the caller's working directory may not be readable by that user).
 */
async function pgRun(bin, args, cwd) {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    const { stdout } = await run(cmd, argv, { timeout: 120_000, cwd });
    return stdout;
  } catch (e) {
    throw new Error(`${bin.split('/').pop()} ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function waitGone(pid, ms = 30_000) {
  const until = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > until) throw new Error(`postgres (pid ${pid}) did not exit within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function postgresIds() {
  const { stdout: u } = await run('id', ['-u', 'postgres']);
  const { stdout: g } = await run('id', ['-g', 'postgres']);
  return { uid: Number(u.trim()), gid: Number(g.trim()) };
}

let dbCounter = 0;

/** Creates and starts a cluster (see postgres-cluster.d.mts for the returned API). */
export async function startPostgres() {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'edgesign-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const { uid, gid } = await postgresIds();
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  // --no-sync: the cluster is disposable; the server itself still fsyncs (fsync=on, the default),
  // so commit durability and crash recovery behave as in production.
  await pgRun(join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C'], dir);
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c max_connections=200',
    '-c shared_buffers=32MB',
    '-c log_min_messages=fatal',
  ].join(' ');
  const pgCtl = join(binDir, 'pg_ctl');
  const log = join(dir, 'server.log');
  const startIt = () => pgRun(pgCtl, ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start'], dir);
  const readPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  await startIt();
  let pid = readPid();

  const cluster = {
    port,
    dir,
    version: binDir.split('/').slice(-2, -1)[0],
    pid: () => pid,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async createDatabase(name = `t${process.pid}_${++dbCounter}_${Date.now() % 100000}`) {
      const c = new pg.Client({ connectionString: cluster.url() });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await c.end();
      }
      return cluster.url(name);
    },
    async restartImmediate() {
      const old = pid;
      await pgRun(pgCtl, ['-D', data, '-l', log, '-w', '-t', '60', '-m', 'immediate', 'restart'], dir);
      await waitGone(old);
      pid = readPid();
    },
    async stopImmediate() {
      await pgRun(pgCtl, ['-D', data, '-w', '-m', 'immediate', 'stop'], dir);
      await waitGone(pid);
    },
    async start() {
      await startIt();
      pid = readPid();
    },
    async stop() {
      if (alive(pid)) {
        process.kill(pid, 'SIGINT');
        await waitGone(pid);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
