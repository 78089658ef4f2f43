/**
 * `edgesign keys …`: the project's API keys (roles, the development API key) and HMAC keys, managed
 * directly on the store in `--data-dir` (works while `edgesign serve` runs on it: WAL) or on
 * PostgreSQL with `--store postgres://…` (every receiver on that database sees the change within
 * a second: LISTEN/NOTIFY, https://github.com/edgesign/edgesign/blob/main/docs/scaling.md).
 * @module
 */
import { resolve } from 'node:path';
import { describeLocation, openStoreAt, resolveStoreLocation } from '../service/store-location.js';
import { createApiKey, createHmacKey, listKeys, revokeKey, setDevKey, API_KEY_ROLES, type ApiKeyInfo, type HmacKeyInfo } from '../service/keys.js';
import type { ApiKeyRole } from '../service/store.js';
import { bool, choice, err, out, parse, required, str, usageError, type Command } from './args.js';
import { escapeForTerminal } from '../service/text-rules.js';
import { ARGV_SECRET_NOTE, secret, secretOptions, writeSecret } from './secrets.js';

const HELP = `Usage: edgesign keys <subcommand> [options] [--store URL|DIR]

Subcommands:
  create-api-key --name NAME --role ROLE [--dev] [--key-out FILE]
        ROLE: admin, ingestion_deployment, ingestiononly or readonly. The ei_… secret is shown
        only now (or written to --key-out FILE, mode 0600, and not shown). --dev makes it the development API key (its secret is then kept, so tools with
        an admin key can fetch it; an API key can become the development key only when created).
  create-hmac-key --name NAME [--dev] [--key-file FILE] [--key-out FILE]
        A 32-hex-character key devices sign with: random, or read from --key-file FILE ("-":
        stdin; --key HEX32 on the command line is discouraged, see below). --dev makes it the
        development HMAC key. --key-out FILE writes the key there (mode 0600) instead of showing it.
  list [--all]          active keys (--all: revoked ones too)
  revoke ID             revoke an API key (ak_…) or HMAC key (hk_…)
  set-dev ID            make an HMAC key the development HMAC key

Options:
  --store URL|DIR       postgres://… or a SQLite data directory (default: EDGESIGN_STORE,
                        EDGESIGN_DATA_DIR, a postgres:// DATABASE_URL, else ./.edgesign)
  --data-dir DIR        the SQLite store's directory (same as --store DIR)
  --json                machine output (create: {"id","name","role"?,"isDevelopmentKey","key"})
  -h, --help            this help
  --version             edgesign's version

${ARGV_SECRET_NOTE}
`;

const OPTIONS = {
  store: { type: 'string' },
  'data-dir': { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  dev: { type: 'boolean' },
  ...secretOptions('key'),
  'key-out': { type: 'string' },
  all: { type: 'boolean' },
} as const;

const SUBCOMMANDS = ['create-api-key', 'create-hmac-key', 'list', 'revoke', 'set-dev'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

/** Which flags each subcommand takes (beyond --data-dir and the common ones). */
const ALLOWED: Record<Sub, readonly string[]> = {
  'create-api-key': ['name', 'role', 'dev', 'key-out'],
  'create-hmac-key': ['name', 'dev', 'key', 'key-file', 'key-out'],
  list: ['all'],
  revoke: [],
  'set-dev': [],
};

export const keysCommand: Command = {
  name: 'keys',
  summary: 'create, list and revoke API keys and HMAC keys; set development keys',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parse('keys', argv, OPTIONS, 2);
    const sub = positionals[0];
    if (sub === undefined) throw usageError(`a subcommand is required: ${SUBCOMMANDS.join(', ')} (see edgesign keys --help)`);
    if (!(SUBCOMMANDS as readonly string[]).includes(sub)) throw usageError(`unknown subcommand ${JSON.stringify(sub)}: ${SUBCOMMANDS.join(', ')} (see edgesign keys --help)`);
    const s = sub as Sub;
    for (const name of ['name', 'role', 'dev', 'key', 'key-file', 'key-out', 'all']) {
      if (values[name] !== undefined && !ALLOWED[s].includes(name)) throw usageError(`edgesign keys ${s} does not take --${name}`);
    }
    const needsId = s === 'revoke' || s === 'set-dev';
    if (needsId && positionals[1] === undefined) throw usageError(`edgesign keys ${s} needs a key ID (see edgesign keys list)`);
    if (!needsId && positionals[1] !== undefined) throw usageError(`unexpected argument ${JSON.stringify(positionals[1])}`);
    const json = bool(values, 'json');
    const location = resolveStoreLocation({ store: str(values, 'store'), dataDir: str(values, 'data-dir') });

    // Check the flags before the store is opened (and created).
    let role: ApiKeyRole | undefined;
    if (s === 'create-api-key') {
      required(values, 'name', 'keys create-api-key');
      required(values, 'role', 'keys create-api-key');
      role = choice<ApiKeyRole>(values, 'role', API_KEY_ROLES, 'readonly');
    }
    let importedKey: string | undefined;
    if (s === 'create-hmac-key') {
      required(values, 'name', 'keys create-hmac-key');
      importedKey = secret(values, 'key', null, 'E_KEY_FORMAT');
    }
    const keyOut = str(values, 'key-out');

    // Only creating a key creates a store: listing or revoking in a mistyped directory fails instead.
    const create = s === 'create-api-key' || s === 'create-hmac-key';
    const store = await openStoreAt(location, { sqlite: { create, onWarning: (line) => err(`edgesign: warning: ${line}`) } });
    try {
      switch (s) {
        case 'create-api-key': {
          const k = await createApiKey(store, { name: str(values, 'name')!, role: role!, dev: bool(values, 'dev') });
          if (keyOut !== undefined) await writeSecret(keyOut, k.key);
          await out(
            json
              ? JSON.stringify({ id: k.id, name: k.name, role: k.role, isDevelopmentKey: k.isDevelopmentKey, ...(keyOut === undefined ? { key: k.key } : {}) }) + '\n'
              : `created API key ${k.id} "${escapeForTerminal(k.name)}" (role ${k.role}${k.isDevelopmentKey ? ', development key' : ''})\n` +
                  (keyOut !== undefined ? `key written to ${keyOut}\n` : `key: ${k.key}\n` +
                  (k.isDevelopmentKey ? '' : 'This secret is shown only now: store it safely.\n')),
          );
          return 0;
        }
        case 'create-hmac-key': {
          const k = await createHmacKey(store, { name: str(values, 'name')!, dev: bool(values, 'dev'), ...(importedKey !== undefined ? { key: importedKey } : {}) });
          if (keyOut !== undefined) await writeSecret(keyOut, k.key);
          await out(
            json
              ? JSON.stringify({ id: k.id, name: k.name, isDevelopmentKey: k.isDevelopmentKey, ...(keyOut === undefined ? { key: k.key } : {}) }) + '\n'
              : `created HMAC key ${k.id} "${escapeForTerminal(k.name)}"${k.isDevelopmentKey ? ' (development key)' : ''}\n` +
                  (keyOut !== undefined ? `key written to ${keyOut}\n` : `key: ${k.key}\n`),
          );
          return 0;
        }
        case 'list': {
          const all = await listKeys(store, { includeRevoked: bool(values, 'all') });
          await out(json ? JSON.stringify(all) + '\n' : formatList(all, location.kind === 'sqlite' ? resolve(location.dataDir) : describeLocation(location)));
          return 0;
        }
        case 'revoke': {
          const k = await revokeKey(store, positionals[1]!);
          await out(json ? JSON.stringify(k) + '\n' : `revoked ${k.kind === 'api' ? 'API' : 'HMAC'} key ${k.id} "${escapeForTerminal(k.name)}"\n`);
          return 0;
        }
        case 'set-dev': {
          const k = await setDevKey(store, positionals[1]!);
          await out(json ? JSON.stringify(k) + '\n' : `${k.id} "${escapeForTerminal(k.name)}" is now the development HMAC key\n`);
          return 0;
        }
      }
    } finally {
      await store.close();
    }
  },
};

/** The human listing: every cell escaped for the terminal (a name could hold escapes from an older store). */
function formatList(all: { apiKeys: ApiKeyInfo[]; hmacKeys: HmacKeyInfo[] }, dir: string): string {
  const lines: string[] = [`keys in ${escapeForTerminal(dir)}`, ''];
  const table = (cells: string[][]): void => {
    const rows = cells.map((r) => r.map(escapeForTerminal));
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const r of rows) lines.push(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  };
  lines.push(`API keys (${all.apiKeys.length})`);
  if (all.apiKeys.length) {
    table([['ID', 'NAME', 'ROLE', 'DEV', 'CREATED', 'REVOKED'], ...all.apiKeys.map((k) => [k.id, k.name, k.role, k.isDevelopmentKey ? 'yes' : '', k.created, k.revoked ?? ''])]);
  }
  lines.push('', `HMAC keys (${all.hmacKeys.length})`);
  if (all.hmacKeys.length) {
    table([['ID', 'NAME', 'KEY', 'DEV', 'CREATED', 'REVOKED'], ...all.hmacKeys.map((k) => [k.id, k.name, k.key, k.isDevelopmentKey ? 'yes' : '', k.created, k.revoked ?? ''])]);
  }
  return lines.join('\n') + '\n';
}
