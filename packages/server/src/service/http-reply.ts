/**
 * How the ingestion service answers. Every refusal is a thrown {@link Refusal}, sent as `text/plain`
 * `E_CODE: message`; a successful answer is an {@link Answer} (text, JSON, or a stored body). When the
 * request body is still on its way, the connection is closed after the answer, with a short lingering
 * drain so the client reads the answer instead of a reset.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** After a refusal with the body still coming, read and drop it this long before closing the socket. */
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
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.complete) {
    // The body is still on its way (refused early, or over the limit): close after answering, and read
    // and drop what keeps coming for a moment so the client gets this answer rather than a reset.
    res.setHeader('connection', 'close');
    lingerOnClose(req);
  }
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(payload.length) });
  res.end(payload);
}

const lingering = new WeakSet<Socket>();

function lingerOnClose(req: IncomingMessage): void {
  const socket = req.socket;
  if (lingering.has(socket)) return;
  lingering.add(socket);
  req.removeAllListeners('data');
  req.on('data', () => {});
  req.on('error', () => {});
  req.resume();
  // node:http destroys the socket as soon as a `connection: close` answer is flushed; unread bytes then
  // make the kernel send a reset that can destroy the answer in flight. Half-close instead, keep
  // reading, and destroy when the client hangs up or after LINGER_MS.
  const s = socket as Socket & { destroySoon?: () => void };
  s.destroySoon = function destroySoonLingering(this: Socket) {
    this.end();
    const t = setTimeout(() => this.destroy(), LINGER_MS);
    t.unref();
    this.once('close', () => clearTimeout(t));
  };
}
