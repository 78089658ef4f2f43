/**
 * Writing a streamed message: its pieces go to a temporary file as they are signed, the signature is
 * patched in at its offset at the end (with a positional write, as Edge Impulse's C SDK seeks back in
 * its file), and only then does the file become the output — renamed over `--out`, or copied to stdout.
 * A failed run leaves no half-written output.
 * @module
 */
import { createReadStream } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EdgesignError, type StreamEnd } from 'edgesign';

export class MessageFile {
  readonly #tmp: string;
  readonly #target: string | null;
  #fh: FileHandle | null = null;
  #bytes = 0;

  /** A message headed for `target` (a path), or for stdout when `target` is null. */
  constructor(target: string | null) {
    this.#target = target;
    this.#tmp = target === null ? join(tmpdir(), `edgesign-sign-${process.pid}-${Date.now()}.tmp`) : join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Appends a piece of the message. */
  async write(piece: Uint8Array): Promise<void> {
    try {
      this.#fh ??= await open(this.#tmp, 'w', 0o644);
      await this.#fh.write(piece);
      this.#bytes += piece.length;
    } catch (e) {
      throw this.#failed(e);
    }
  }

  /** Writes the last piece, patches the signature in, and moves the message to its destination. */
  async finish(end: StreamEnd): Promise<void> {
    try {
      await this.write(end.tail);
      await this.#fh!.write(Buffer.from(end.signature, 'latin1'), 0, 64, end.signatureOffset);
      await this.#fh!.close();
      this.#fh = null;
      if (this.#target !== null) {
        await rename(this.#tmp, this.#target);
      } else {
        await pipeline(createReadStream(this.#tmp), process.stdout, { end: false });
        await unlink(this.#tmp);
      }
    } catch (e) {
      throw this.#failed(e);
    }
  }

  /** Removes the temporary file (after a failure). */
  async discard(): Promise<void> {
    await this.#fh?.close().catch(() => {});
    this.#fh = null;
    await unlink(this.#tmp).catch(() => {});
  }

  #failed(e: unknown): unknown {
    if (e instanceof EdgesignError) return e;
    const where = this.#target ?? 'stdout';
    return new EdgesignError('E_WRITE', `cannot write ${where}: ${(e as Error).message}`, { file: where });
  }
}
