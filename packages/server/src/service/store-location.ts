/**
 * Where the service's store is: a data directory (the embedded SQLite store, the default) or a
 * `postgres://` URL (the server store shared by many receivers). One rule for every command:
 *
 * 1. `--store URL|DIR`, else `--data-dir DIR` (what the command line says);
 * 2. `EDGESIGN_STORE` (a URL or a directory), else `EDGESIGN_DATA_DIR`;
 * 3. `DATABASE_URL`, when it is a `postgres://` / `postgresql://` URL (the usual variable of hosted
 *    platforms; any other value is ignored);
 * 4. `./.edgesign`.
 * @module
 */
import { EdgesignError } from 'edgesign';
import { isPostgresUrl, PostgresStore, redactUrl, type PostgresStoreOptions } from './postgres-store.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
import type { Store } from './store.js';

/** Where a store is: a data directory (SQLite) or a `postgres://` URL. */
export type StoreLocation = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

/** Picks the store from the command line's `--store` / `--data-dir` and the environment (see the module doc). */
export function resolveStoreLocation(flags: { store?: string; dataDir?: string } = {}, env: NodeJS.ProcessEnv = process.env): StoreLocation {
  if (flags.store !== undefined && flags.dataDir !== undefined) {
    throw new EdgesignError('E_USAGE', 'give either --store or --data-dir, not both');
  }
  const spec =
    flags.store ?? flags.dataDir ?? (env['EDGESIGN_STORE'] || undefined) ?? (env['EDGESIGN_DATA_DIR'] || undefined) ?? databaseUrl(env) ?? './.edgesign';
  return locationOf(spec);
}

function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const u = env['DATABASE_URL'];
  return u && isPostgresUrl(u) ? u : undefined;
}

/** A URL names PostgreSQL; anything else is a directory for SQLite. */
export function locationOf(spec: string): StoreLocation {
  if (spec === '') throw new EdgesignError('E_USAGE', 'the store location is empty');
  if (isPostgresUrl(spec)) return { kind: 'postgres', url: spec };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    throw new EdgesignError('E_USAGE', `unsupported store URL ${JSON.stringify(spec.split('://')[0] + '://…')}: use a postgres:// URL or a directory`);
  }
  return { kind: 'sqlite', dataDir: spec };
}

/** How a location is shown to people (a URL without its password). */
export function describeLocation(loc: StoreLocation): string {
  return loc.kind === 'postgres' ? redactUrl(loc.url) : loc.dataDir;
}

/** Opens the store at `loc` (SQLite: creating the directory and file; PostgreSQL: connecting and migrating). */
export async function openStoreAt(loc: StoreLocation, options: { sqlite?: SqliteStoreOptions; postgres?: PostgresStoreOptions } = {}): Promise<Store> {
  if (loc.kind === 'postgres') return PostgresStore.open(loc.url, options.postgres);
  return new SqliteStore(loc.dataDir, options.sqlite);
}
