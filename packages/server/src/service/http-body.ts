/**
 * Request bodies are counted while they stream in: a declared `content-length` over the limit is
 * refused before any byte is read, a chunked body as soon as it crosses the limit (413, then the
 * connection is closed after a short lingering drain so the client reads the answer instead of a
 * reset: see `send` in `http-reply.ts`). `Expect: 100-continue` is answered only after the headers
 * passed every check: the handlers call {@link readBoundedBody} last.
 *
 * Upload bodies also draw on a {@link ByteBudget} shared by the whole server: the bytes of every
 * body being received, checked or stored count until its answer is sent, so memory stays bounded
 * whatever the number of concurrent uploads; past the budget a body is refused with 503 `E_BUSY`
 * (transient: retry later), before it is read when it declares its length.
 *
 * A body is read into an ArrayBuffer of its own (never a view on Node's shared Buffer pool or on a
 * socket read), so the handlers can move it to a worker thread (`postMessage` transfer list) instead
 * of copying it. A body that declares its length is written in place, chunk by chunk as it arrives,
 * into a buffer of exactly that size: no join at the end, which for a 12 MB body on a loaded machine
 * held the event loop for 50–90 ms. A chunked body is joined once, at its end.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EdgesignError } from 'edgesign';
import { refuse, type Refusal } from './http-reply.js';
import { ownedBuffer } from './movable-bytes.js';
import { header } from './http-request.js';

function tooLarge(limit: number): Refusal {
  return refuse(413, 'E_TOO_LARGE', `the body is larger than the limit of ${limit} bytes`);
}

/** Bytes of request bodies the server holds at once (received, being checked or stored, not yet answered). */
export class ByteBudget {
  #used = 0;
  constructor(readonly limit: number) {}
  get used(): number {
    return this.#used;
  }
  /** Takes `n` bytes if they fit. */
  tryTake(n: number): boolean {
    if (this.#used + n > this.limit) return false;
    this.#used += n;
    return true;
  }
  give(n: number): void {
    this.#used -= n;
  }
}

function busy(budget: ByteBudget): Refusal {
  return refuse(503, 'E_BUSY', `more than ${budget.limit} bytes of uploads are in progress; retry shortly`, { 'retry-after': '1' });
}

/**
 * Refuses a declared `content-length` over `limit` (413) or over what is left of `budget` (503),
 * answers `100 Continue` when asked, then reads the body. What the body took from `budget` is given
 * back when the answer has been sent (or the connection closed). The Buffer returned is the only view
 * on its whole ArrayBuffer (see the module comment): the caller owns it and may transfer it.
 */
export async function readBoundedBody(req: IncomingMessage, res: ServerResponse, limit: number, expectContinue: boolean, budget?: ByteBudget): Promise<Buffer> {
  const declared = Number(header(req, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  let taken = 0;
  // Null when the bytes fit, else the refusal.
  let take = (_n: number): Refusal | null => null;
  if (budget) {
    res.once('close', () => budget.give(taken));
    take = (n) => {
      if (!budget.tryTake(n)) return busy(budget);
      taken += n;
      return null;
    };
  }
  if (Number.isSafeInteger(declared) && declared >= 0) {
    const refusal = take(declared);
    if (refusal) throw refusal;
    take = () => null; // the whole body is accounted for
  }
  if (expectContinue) res.writeContinue();
  return readBody(req, limit, take);
}

/**
 * Reads a body, refusing it with 413 as soon as it passes `limit`, or with `take`'s refusal for a
 * chunk; rejects `E_ABORTED` if the client goes away.
 */
function readBody(req: IncomingMessage, limit: number, take: (n: number) => Refusal | null): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(header(req, 'content-length'));
    const exact = Number.isSafeInteger(declared) && declared >= 0 && declared <= limit ? declared : -1;
    // The declared length is within the limit and already drawn from the budget: its buffer can be
    // allocated now (zero-filled lazily by the allocator) and filled as the chunks come.
    const whole = exact >= 0 ? ownedBuffer(exact) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      fn();
    };
    const onData = (c: Buffer) => {
      const at = size;
      size += c.length;
      if (size > limit) {
        finish(() => reject(tooLarge(limit)));
        return;
      }
      const refusal = take(c.length);
      if (refusal) {
        finish(() => reject(refusal));
        return;
      }
      if (!whole) chunks.push(c);
      // Node's parser never passes a body beyond its content-length; refuse rather than overrun.
      else if (size > exact) finish(() => reject(abort('the body is longer than its content-length')));
      else c.copy(whole, at);
    };
    const onEnd = () =>
      finish(() => {
        if (whole) {
          if (size !== exact) reject(abort('the body ended before its content-length'));
          else resolve(whole);
          return;
        }
        const body = ownedBuffer(size);
        let at = 0;
        for (const c of chunks) at += c.copy(body, at);
        resolve(body);
      });
    const onClose = () => finish(() => reject(abort('the client closed the connection before the body ended')));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', () => {});
  });
}

function abort(message: string): EdgesignError {
  return new EdgesignError('E_ABORTED', message);
}
