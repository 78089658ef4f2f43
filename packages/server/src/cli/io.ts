/**
 * Reading inputs (files or stdin) and writing outputs for the CLI, with failures turned into
 * `EdgesignError`s that say which file.
 * @module
 */
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { EdgesignError } from 'edgesign';

/** Reads all of stdin. */
export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/** A file's bytes (`-` is stdin); `E_READ` with the reason when it cannot be read. */
export async function readInput(file: string): Promise<Buffer> {
  if (file === '-') return readStdin();
  try {
    return await readFile(file);
  } catch (e) {
    throw readError(file, e);
  }
}

/**
 * True when `head` (the first bytes of `file`) is CSV text rather than a signed message: the name
 * ends in .csv, or the text does not start like a message (a JSON object `{`, or a CBOR map: major
 * type 5, initial bytes 0xa0–0xbf, RFC 8949 §3.1) and its first line has a comma.
 */
export function looksLikeCsv(file: string, head: Uint8Array): boolean {
  if (/\.csv$/i.test(file)) return true;
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0xef || head[i] === 0xbb || head[i] === 0xbf)) i++;
  const first = head[i];
  if (first === undefined || first === 0x7b || (first >= 0xa0 && first <= 0xbf)) return false;
  const line = Buffer.from(head.subarray(i, i + 4096)).toString('latin1').split(/\r?\n/, 1)[0]!;
  return line.includes(',') && /^[\x20-\x7e\t]*$/.test(line);
}

/** `E_CSV_INPUT`: a CSV given where a signed message is expected, with the command that signs it. */
export function csvInputError(file: string): EdgesignError {
  return new EdgesignError(
    'E_CSV_INPUT',
    `${file} is CSV, not a signed message: sign it first, e.g. edgesign sign --hmac-key-file KEYFILE --interval-ms 10 ${file} > sample.cbor`,
    { file },
  );
}

/** The first `n` bytes of a file (less if it is shorter); `E_READ` as {@link readInput}. */
export async function readHead(file: string, n = 4096): Promise<Uint8Array> {
  try {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fh.read(buf, 0, n, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw readError(file, e);
  }
}

function readError(file: string, e: unknown): EdgesignError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
  return new EdgesignError('E_READ', `cannot read ${file}: ${why}`, { file });
}

/** Writes `data` to `file` whole (a temp file renamed over it), so a failed run leaves no half file. */
export async function writeOutput(file: string, data: Uint8Array): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    throw new EdgesignError('E_WRITE', `cannot write ${file}: ${(e as Error).message}`, { file });
  }
}
