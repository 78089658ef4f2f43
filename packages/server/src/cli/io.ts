/**
 * Reading inputs (files or stdin) and writing outputs for the CLI, with failures turned into
 * `EdgesignError`s that say which file.
 * @module
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
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
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new EdgesignError('E_READ', `cannot read ${file}: ${why}`, { file });
  }
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
