/**
 * `edgesign verify FILE...`: checks each message's signature over its exact bytes with the given keys
 * (tried in order, for rotation). Exit 0 when every file is valid, 1 otherwise.
 * @module
 */
import { createVerifier, type VerifyKey, isEdgesignError } from 'edgesign';
import { bool, num, out, parse, usageError, type Command } from './args.js';
import { ARGV_SECRET_NOTE, secretOptions, secrets, stdinOnce } from './secrets.js';
import { csvInputError, looksLikeCsv, readInput } from './io.js';

const HELP = `Usage: edgesign verify FILE... --hmac-key-file KEYFILE [options]

Verifies each signed message (JSON, CBOR, or CBOR with a binary tail) over its exact bytes.
"-" reads one message from stdin. Exit code 0 when every file is valid, 1 otherwise.

Options:
  --hmac-key-file FILE  candidate keys, one per line, tried in order (repeatable; "-": stdin);
                        default EDGESIGN_HMAC_KEY. Write hk_ID=KEY (an id from \`edgesign keys list\`)
                        to have the key reported by that id; bare keys are reported by their
                        position ("0", "1", ...).
  --hmac-key KEY        a candidate key on the command line (repeatable; discouraged, see below)
  --allow-unsigned      accept alg "none" messages as valid but unsigned
  --max-age SECONDS     refuse an iat older (or further ahead) than this
  --json                one line per file: {"file","ok","code"?,"keyId"?}
  --silent              print nothing; only the exit code tells
  -h, --help            this help
  --version             edgesign's version

A CSV file is refused with E_CSV_INPUT: sign it first (edgesign sign).
${ARGV_SECRET_NOTE}
`;

const OPTIONS = {
  ...secretOptions('hmac-key', true),
  'allow-unsigned': { type: 'boolean' },
  'max-age': { type: 'string' },
} as const;

/** `hk_ID=KEY` names a key; anything else is a bare key, reported by its position. */
function toKey(flag: string, index: number): VerifyKey {
  const m = /^(hk_[A-Za-z0-9_]{1,61})=(.+)$/.exec(flag);
  return m ? { id: m[1]!, key: m[2]! } : { id: String(index), key: flag };
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'verify signed messages',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parse('verify', argv, OPTIONS, true);
    if (positionals.length === 0) throw usageError('give at least one FILE to verify (see edgesign verify --help)');
    stdinOnce(values, 'hmac-key', positionals);
    const flags = secrets(values, 'hmac-key', 'EDGESIGN_HMAC_KEY', 'E_KEY_MISSING');
    const allowUnsigned = bool(values, 'allow-unsigned');
    if (flags.length === 0 && !allowUnsigned) throw usageError('an HMAC key is required: --hmac-key-file FILE or EDGESIGN_HMAC_KEY', 'E_KEY_MISSING');
    if (positionals.filter((f) => f === '-').length > 1) throw usageError('stdin ("-") can be read only once');
    const maxAge = num(values, 'max-age', { min: 0 });
    const verifier = createVerifier({
      keys: flags.map(toKey),
      allowUnsigned,
      ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}),
    });
    const json = bool(values, 'json');
    const silent = bool(values, 'silent');
    let allOk = true;
    for (const file of positionals) {
      let line: { file: string; ok: boolean; code?: string; keyId?: string };
      let message = '';
      try {
        const bytes = await readInput(file);
        if (looksLikeCsv(file, bytes)) throw csvInputError(file);
        const r = verifier.verify(bytes);
        if (r.ok) {
          line = { file, ok: true, ...(r.keyId !== undefined ? { keyId: r.keyId } : {}) };
          message = r.alg === 'none' ? 'valid, unsigned (alg none)' : `valid (key ${r.keyId})`;
        } else {
          line = { file, ok: false, code: r.code };
          message = `invalid: ${r.code}: ${r.message}`;
        }
      } catch (e) {
        if (!isEdgesignError(e) || (e.code !== 'E_READ' && e.code !== 'E_CSV_INPUT')) throw e;
        line = { file, ok: false, code: e.code };
        message = `invalid: ${e.code}: ${e.message}`;
      }
      if (!line.ok) allOk = false;
      if (silent) continue;
      await out(json ? JSON.stringify(line) + '\n' : `${file}: ${message}\n`);
    }
    return allOk ? 0 : 1;
  },
};
