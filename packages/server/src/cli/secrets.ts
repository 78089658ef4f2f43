/**
 * Where the CLI takes secrets from (HMAC keys, API keys): a file (`--hmac-key-file`, `--api-key-file`;
 * `-` is stdin), an environment variable, or — still accepted, never shown in examples — the flag's
 * value on the command line, which every local user can read in /proc/<pid>/cmdline and `ps`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { EdgesignError } from 'edgesign';
import type { EdgesignErrorCode } from 'edgesign';
import { list, usageError, type OptionSpecs, type Values } from './args.js';

/** The sentence each help text carries about secrets on the command line. */
export const ARGV_SECRET_NOTE =
  'A key given as a flag value is visible to every user of this machine (/proc/PID/cmdline, ps):\n' +
  '  prefer the -file flag (- reads stdin) or the environment variable.';

/** The option specs of a secret: the value flag (repeatable when `multiple`) and its -file twin. */
export function secretOptions(flag: string, multiple = false): OptionSpecs {
  return {
    [flag]: { type: 'string', ...(multiple ? { multiple: true } : {}) },
    [`${flag}-file`]: { type: 'string', ...(multiple ? { multiple: true } : {}) },
  };
}

let stdinTaken = false;

/** The secret(s) in `file`: one per non-empty line, surrounding whitespace trimmed; `-` is stdin (once). */
function readSecretFile(file: string, flag: string): string[] {
  let text: string;
  try {
    if (file === '-') {
      if (stdinTaken) throw usageError(`stdin ("-") can be read only once (--${flag}-file)`);
      stdinTaken = true;
      text = readFileSync(0, 'utf8');
    } else {
      text = readFileSync(file, 'utf8');
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'EdgesignError') throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw usageError(`cannot read --${flag}-file ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 'E_READ');
  }
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

/**
 * Every secret given for `flag`, in order: the -file flags' (each line of each file), then the flag
 * values; if neither is given, `env`'s value. Empty values are `missingCode` errors.
 */
export function secrets(values: Values, flag: string, env: string | null, missingCode: EdgesignErrorCode): string[] {
  const fromFiles = list(values, `${flag}-file`).flatMap((f) => {
    const keys = readSecretFile(f, flag);
    if (keys.length === 0) throw usageError(`--${flag}-file ${f} holds no key`, missingCode);
    return keys;
  });
  const fromArgv = list(values, flag);
  if (fromArgv.some((k) => k === '')) throw usageError(`--${flag} must not be empty`, missingCode);
  const given = [...fromFiles, ...fromArgv];
  if (given.length > 0) return given;
  const v = env ? process.env[env] : undefined;
  return v === undefined || v === '' ? [] : [v];
}

/** The one secret for `flag` (see {@link secrets}); more than one is a usage error. */
export function secret(values: Values, flag: string, env: string | null, missingCode: EdgesignErrorCode): string | undefined {
  const all = secrets(values, flag, env, missingCode);
  if (all.length > 1) throw usageError(`give one ${flag.replace(/-/g, ' ')}: --${flag}-file holds ${all.length} lines, or both --${flag} and --${flag}-file were given`);
  return all[0];
}

/** Writes a created secret to `file` (one line, mode 0600: readable by its owner only). */
export async function writeSecret(file: string, key: string): Promise<void> {
  try {
    await writeFile(file, key + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new EdgesignError('E_WRITE', `cannot write ${file}: ${code === 'EEXIST' ? 'it exists (a key is never overwritten)' : (e as Error).message}`, { file });
  }
}

/** Refuses `-` (stdin) as both a data input and a `--FLAG-file`: stdin can be read only once. */
export function stdinOnce(values: Values, flag: string, inputs: readonly string[]): void {
  if (inputs.includes('-') && list(values, `${flag}-file`).includes('-')) {
    throw usageError(`stdin ("-") can be read only once: it cannot be both the input and --${flag}-file`);
  }
}
