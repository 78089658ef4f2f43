/**
 * How the ingestion service answers. Every refusal is a thrown {@link Refusal}, sent as `text/plain`
 * `E_CODE: message`; a successful answer is an {@link Answer} (text, JSON, or a stored body). When the
 * request body is still on its way, the connection is closed after the answer in stages, so the client
 * reads the answer instead of a reset.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** After an answer with the body still coming, read and drop it at most this long before closing the socket. */
const LINGER_MS = 2000;

/** An answer to send: status, `E_` code and message (text/plain `E_CODE: message`). */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const refuse = (status: number, code: string, message: string, headers?: Record<string, string>) => new Refusal(status, code, message, headers);

/** A successful answer. */
export interface Answer {
  status: number;
  contentType: string;
  body: string | Uint8Array;
}

export const text = (body: string, status = 200): Answer => ({ status, contentType: 'text/plain; charset=utf-8', body });
export const json = (value: unknown, status = 200): Answer => ({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) });

export function methodNotAllowed(allow: string): Refusal {
  return refuse(405, 'E_METHOD_NOT_ALLOWED', `use ${allow.split(', ').join(' or ')} here`, { allow });
}

export function send(req: IncomingMessage, res: ServerResponse, answer: Answer | Refusal): void {
  if (res.headersSent || res.destroyed) return;
  let status: number;
  let contentType: string;
  let body: string | Uint8Array;
  if (answer instanceof Refusal) {
    status = answer.status;
    contentType = 'text/plain; charset=utf-8';
    body = `${answer.code}: ${answer.message}`;
    for (const [k, v] of Object.entries(answer.headers)) res.setHeader(k, v);
  } else {
    ({ status, contentType, body } = answer);
  }
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.complete) {
    answerThenLinger(req, res, status, contentType, payload);
    return;
  }
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(payload.length) });
  res.end(payload);
}

/**
 * Answers a request whose body is still on its way (refused early, or over a limit), then closes the
 * connection in stages (RFC 9112 §9.6): the answer is written with `connection: close` and followed by
 * a FIN, the rest of the body is read and dropped, and the socket is closed once the client finished
 * sending, hung up, or after LINGER_MS. Closing at once would make the kernel answer the unread bytes
 * with a reset, which can destroy the answer before the client reads it. Only public socket calls are
 * used (`end`, `destroy`): the response is never ended through node:http, whose close on a
 * `connection: close` answer is that immediate one.
 */
function answerThenLinger(req: IncomingMessage, res: ServerResponse, status: number, contentType: string, payload: Uint8Array): void {
  const socket = req.socket;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(payload.length), connection: 'close' });
  res.write(payload);
  req.removeAllListeners('data');
  req.on('data', () => {});
  req.on('error', () => {});
  req.resume();
  socket.end();
  const close = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  req.once('end', close);
  socket.once('end', close);
  socket.once('close', () => clearTimeout(timer));
}
