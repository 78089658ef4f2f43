/**
 * Request bodies are counted while they stream in: a declared `content-length` over the limit is
 * refused before any byte is read, a chunked body as soon as it crosses the limit (413, then the
 * connection is closed after a short lingering drain so the client reads the answer instead of a
 * reset: see `send` in `http-reply.ts`). `Expect: 100-continue` is answered only after the headers
 * passed every check: the handlers call {@link readBoundedBody} last.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EdgesignError } from 'edgesign';
import { refuse, type Refusal } from './http-reply.js';
import { header } from './http-request.js';

function tooLarge(limit: number): Refusal {
  return refuse(413, 'E_TOO_LARGE', `the body is larger than the limit of ${limit} bytes`);
}

/** Refuses a declared `content-length` over `limit` (413), answers `100 Continue` when asked, then reads the body. */
export async function readBoundedBody(req: IncomingMessage, res: ServerResponse, limit: number, expectContinue: boolean): Promise<Buffer> {
  const declared = Number(header(req, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (expectContinue) res.writeContinue();
  return readBody(req, limit);
}

/** Reads a body, refusing it with 413 as soon as it passes `limit`; rejects `E_ABORTED` if the client goes away. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(header(req, 'content-length'));
    const exact = Number.isSafeInteger(declared) && declared >= 0 && declared <= limit ? declared : -1;
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
      size += c.length;
      if (size > limit) {
        finish(() => reject(tooLarge(limit)));
        return;
      }
      chunks.push(c);
    };
    const onEnd = () =>
      finish(() => {
        if (exact >= 0 && size !== exact) reject(abort('the body ended before its content-length'));
        else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
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
