/**
 * `edgesign store copy --from DIR --to postgres://…`: moves a project (keys, devices, samples) from the
 * embedded SQLite store to PostgreSQL, in one transaction, then verifies it by counts, records and
 * SHA-256 of every body (service/store-copy.ts).
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EdgesignError } from 'edgesign';
import { PostgresStore, isPostgresUrl, redactUrl } from '../service/postgres-store.js';
import { DB_FILE_NAME, SqliteStore } from '../service/sqlite-store.js';
import { copySqliteToPostgres } from '../service/store-copy.js';
import { bool, err, out, parse, required, usageError, type Command } from './args.js';

const HELP = `Usage: edgesign store copy --from DIR --to postgres://user@host/db

Copies a project from the embedded SQLite store in DIR to an empty PostgreSQL database (tables are
created): every key (revoked ones and the development keys too), key usage, devices, settings, and
every sample with its raw body, keeping ids, in one transaction. Then verifies the copy: equal
counts, equal records, and
the SHA-256 of every body equal on both sides (PostgreSQL hashes what it stored). Stop the receivers
writing to DIR first; the source is read as one snapshot and left unchanged.

Options:
  --from DIR     the SQLite data directory (must exist)
  --to URL       a postgres:// URL of an empty database (its password from PGPASSWORD: one on
                 the command line is readable by every local user in /proc/PID/cmdline)
  --json         {"keys","devices","settings","samples","bytes","digest"}
  --silent       no progress on stderr
  -h, --help     this help
  --version      edgesign's version
`;

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

export const storeCommand: Command = {
  name: 'store',
  summary: 'copy a project from the embedded SQLite store to PostgreSQL',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parse('store', argv, OPTIONS, 1);
    if (positionals[0] !== 'copy') throw usageError(`a subcommand is required: copy (see edgesign store --help)`);
    const from = required(values, 'from', 'store copy');
    const to = required(values, 'to', 'store copy');
    if (!isPostgresUrl(to)) throw usageError('--to must be a postgres:// URL');
    if (!existsSync(join(from, DB_FILE_NAME))) throw new EdgesignError('E_STORE_NOT_FOUND', `no edgesign store in ${resolve(from)} (${DB_FILE_NAME} is missing)`);
    const silent = bool(values, 'silent') || bool(values, 'json');

    const source = new SqliteStore(from);
    let target: PostgresStore | undefined;
    try {
      target = await PostgresStore.open(to);
      const report = await copySqliteToPostgres(source, target, (n) => {
        if (!silent && n % 1000 === 0) err(`copied ${n} samples…`);
      });
      await out(
        bool(values, 'json')
          ? JSON.stringify(report) + '\n'
          : `copied ${report.keys} keys, ${report.devices} devices, ${report.settings} settings and ${report.samples} samples (${report.bytes} bytes) from ${resolve(from)} to ${redactUrl(to)}\n` +
              `verified: equal counts, equal records, every body's SHA-256 equal on both sides (digest ${report.digest})\n`,
      );
      return 0;
    } finally {
      await target?.close();
      await source.close();
    }
  },
};
