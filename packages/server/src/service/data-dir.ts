/**
 * The data directory's files and their modes. The store holds HMAC keys and the development API key's
 * secret in clear (README, "Protecting the data directory"), so:
 * - the directory is created 0700 and the database file 0600 by the calls that create them (mode
 *   given to mkdir(2) and open(2) with O_CREAT|O_EXCL), never created open and chmod-ed afterwards;
 *   SQLite gives its `-wal` and `-shm` files the database file's mode;
 * - an existing store whose files others may read is tightened to owner-only at open, with a warning;
 *   a directory others may enter is only warned about (it may be a directory the user chose and shares);
 * - a directory is created one level at a time, each step failing at once with one line (Node 20's
 *   recursive mkdir loops forever under `/proc`).
 * @module
 */
import { chmodSync, closeSync, constants, mkdirSync, openSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EdgesignError } from 'edgesign';

/** Most directory levels created for one data directory. */
const MAX_NEW_LEVELS = 16;

function failure(what: string, e: unknown): EdgesignError {
  const code = (e as NodeJS.ErrnoException)?.code;
  return new EdgesignError('E_STORE_UNAVAILABLE', `${what}: ${code ?? (e instanceof Error ? e.message : String(e))}`, code ? { errno: code } : undefined, { cause: e });
}

/** The path's stats, null when it does not exist; `what` names it in the error otherwise. */
function statOrNull(path: string, what: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw failure(`cannot use ${what}`, e);
  }
}

/** `E_STORE_MISSING` for a directory without a store (when the caller may not create one). */
export function missingStore(dataDir: string): EdgesignError {
  return new EdgesignError('E_STORE_MISSING', `no edgesign store in ${resolve(dataDir)} (check --data-dir or EDGESIGN_DATA_DIR; creating a key creates the store)`);
}

/** Makes sure `dataDir` is a directory only its owner can enter, creating it (0700) when allowed. */
export function openDataDir(dataDir: string, create: boolean, warn: (line: string) => void): void {
  const st = statOrNull(dataDir, `the data directory ${dataDir}`);
  if (st) {
    if (!st.isDirectory()) throw new EdgesignError('E_STORE_UNAVAILABLE', `the data directory ${dataDir} is not a directory`);
    if ((st.mode & 0o077) !== 0) {
      warn(`the data directory ${dataDir} is open to others (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}); its files are kept owner-only, consider chmod 700`);
    }
    return;
  }
  if (!create) throw missingStore(dataDir);
  // Find the nearest existing ancestor, then create each missing level with mode 0700.
  const missing: string[] = [];
  let dir = resolve(dataDir);
  while (statOrNull(dir, `the data directory ${dataDir}`) === null) {
    missing.unshift(dir);
    const parent = dirname(dir);
    if (parent === dir || missing.length > MAX_NEW_LEVELS) throw new EdgesignError('E_STORE_UNAVAILABLE', `cannot create the data directory ${dataDir}: too many missing levels`);
    dir = parent;
  }
  for (const level of missing) {
    try {
      mkdirSync(level, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw failure(`cannot create the data directory ${dataDir}`, e);
    }
  }
}

/** Creates the database file empty with mode 0600 (an empty file is an empty SQLite database). */
export function createOwnerOnly(path: string): void {
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw failure(`cannot create ${path}`, e);
  }
}

/** Tightens the database and its `-wal` / `-shm` files to 0600 when others may read them. */
export function tightenStoreFiles(dbPath: string, warn: (line: string) => void): void {
  for (const path of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
    const st = statOrNull(path, path);
    if (st) tighten(path, st, 0o600, warn);
  }
}

function tighten(path: string, st: Stats, mode: number, warn: (line: string) => void): void {
  const loose = st.mode & 0o077;
  if (loose === 0) return;
  const was = (st.mode & 0o777).toString(8).padStart(4, '0');
  try {
    chmodSync(path, mode);
    warn(`${path} was readable by others (mode ${was}): tightened to ${mode.toString(8).padStart(4, '0')}; it holds HMAC keys in clear`);
  } catch (e) {
    warn(`${path} is readable by others (mode ${was}) and could not be tightened (${(e as NodeJS.ErrnoException).code ?? String(e)}); it holds HMAC keys in clear`);
  }
}
