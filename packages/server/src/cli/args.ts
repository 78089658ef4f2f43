/**
 * Flag parsing and the conventions every `edgesign` command shares: `node:util` `parseArgs` in strict
 * mode, kebab-case flags in Edge Impulse's dialect, `--help`/`--version` everywhere, one-line errors
 * (`edgesign: E_CODE: message`) and stable exit codes (0 ok, 1 bad input / invalid message / refused
 * upload, 2 internal).
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EdgesignError, isEdgesignError, type EdgesignErrorCode } from 'edgesign';

export const EXIT_INPUT = 1;
export const EXIT_INTERNAL = 2;

/** Codes that mean "something went wrong on our side or in the environment", not "bad input". */
const INTERNAL_CODES = new Set(['E_INTERNAL', 'E_STORE_UNAVAILABLE', 'E_STORE_VERSION', 'E_STORE_CLOSED', 'E_COPY_MISMATCH']);

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };
export type OptionSpecs = Record<string, OptionSpec>;

/** Flags every command takes. */
export const COMMON_OPTIONS: OptionSpecs = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  json: { type: 'boolean' },
  silent: { type: 'boolean' },
  verbose: { type: 'boolean' },
};

/** Parsed flags: strings, booleans, or string lists for repeatable flags. */
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Parsed {
  values: Values;
  positionals: string[];
}

/** A bad command line or bad input: exit 1 with `edgesign: E_USAGE: …` (or the given code). */
export function usageError(message: string, code: EdgesignErrorCode = 'E_USAGE'): EdgesignError {
  return new EdgesignError(code, message);
}

/**
 * Parses `argv` strictly against `options` (plus the common ones). Unknown flags, missing values and
 * unexpected positionals become `E_USAGE` errors that name the command's `--help`.
 */
export function parse(command: string, argv: readonly string[], options: OptionSpecs, positionals: boolean | number = false): Parsed {
  let result: { values: Values; positionals: string[] };
  try {
    result = parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...options },
      strict: true,
      allowPositionals: positionals !== false,
    }) as unknown as { values: Values; positionals: string[] };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]!.replace(/\.?\s*To specify a positional argument.*$/, '') : String(e);
    throw usageError(`${msg.replace(/\.$/, '')} (see edgesign ${command} --help)`);
  }
  if (typeof positionals === 'number' && result.positionals.length > positionals && !result.values['help'] && !result.values['version']) {
    throw usageError(`unexpected argument ${JSON.stringify(result.positionals[positionals])} (see edgesign ${command} --help)`);
  }
  return result;
}

export function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function list(values: Values, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function bool(values: Values, name: string): boolean {
  return values[name] === true;
}

/** A required string flag (or its environment fallback). */
export function required(values: Values, name: string, command: string, env?: string): string {
  const v = str(values, name) ?? (env ? process.env[env] : undefined);
  if (v === undefined || v === '') {
    throw usageError(`--${name} is required${env ? ` (or set ${env})` : ''} (see edgesign ${command} --help)`);
  }
  return v;
}

/** A numeric flag: finite, within [min, max], an integer when `integer`. */
export function num(
  values: Values,
  name: string,
  o: { min?: number; max?: number; integer?: boolean; default?: number; minExclusive?: boolean } = {},
): number | undefined {
  const raw = str(values, name);
  if (raw === undefined) return o.default;
  const n = raw.trim() === '' ? NaN : Number(raw);
  const what = o.integer ? 'an integer' : 'a number';
  if (!Number.isFinite(n) || (o.integer && !Number.isInteger(n))) throw usageError(`--${name} must be ${what}, got ${JSON.stringify(raw)}`);
  if (o.min !== undefined && (o.minExclusive ? n <= o.min : n < o.min)) {
    throw usageError(`--${name} must be ${o.minExclusive ? 'greater than' : 'at least'} ${o.min}, got ${raw}`);
  }
  if (o.max !== undefined && n > o.max) throw usageError(`--${name} must be at most ${o.max}, got ${raw}`);
  return n;
}

/** One of a fixed set of words. */
export function choice<T extends string>(values: Values, name: string, allowed: readonly T[], dflt: T): T {
  const v = str(values, name);
  if (v === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(v)) throw usageError(`--${name} must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}, got ${JSON.stringify(v)}`);
  return v as T;
}

let cachedVersion: string | undefined;

/** The package version (from package.json next to dist/). */
export function version(): string {
  if (cachedVersion === undefined) {
    try {
      cachedVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}

/** The one-line form of an error, and the exit code it maps to. */
export function describeError(e: unknown): { line: string; exit: number; code: string } {
  let code: string;
  let message: string;
  if (isEdgesignError(e)) {
    code = e.code;
    message = e.message;
  } else if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!)) {
    // System errors (ENOENT, EACCES, …) reached here mean the environment failed us.
    code = 'E_INTERNAL';
    message = `${(e as NodeJS.ErrnoException).code}: ${e.message}`;
  } else {
    code = 'E_INTERNAL';
    message = e instanceof Error ? e.message : String(e);
  }
  return { line: `edgesign: ${code}: ${oneLine(message)}`, exit: INTERNAL_CODES.has(code) ? EXIT_INTERNAL : EXIT_INPUT, code };
}

export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Writes to stdout, resolving once the bytes are handed to the OS (or buffered with room left). */
export function out(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(data, (err) => (err ? reject(err) : resolve()));
  });
}

export function err(line: string): void {
  process.stderr.write(line.endsWith('\n') ? line : line + '\n');
}

/** A command: its help text and what it does. Resolves with the exit code. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  run(argv: readonly string[]): Promise<number>;
}
