/**
 * A small HTTP client for the CLI (node:http / node:https) that keeps connections alive, so a device
 * or an upload batch reuses its socket instead of paying a handshake per message.
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import { EdgesignError, isErrorCode, type EdgesignErrorCode } from 'edgesign';
import { usageError } from './args.js';

export const DEFAULT_URL = 'http://127.0.0.1:4810';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A body read from somewhere else (a file) while it is sent, so it never has to fit in memory;
 * `open()` is called once per attempt, so a retry sends it again from the start.
 */
export interface BodySource {
  readonly length: number;
  open(): NodeJS.ReadableStream;
  /** Called with the number of bytes as each chunk is handed to the socket. */
  onChunk?(bytes: number): void;
}

export interface HttpClient {
  request(method: string, url: URL, headers: Record<string, string>, body?: Uint8Array | BodySource): Promise<HttpResponse>;
  /** Closes the idle sockets (the process can then exit). */
  close(): void;
}

/** The service's base URL: `--url`, else `EDGESIGN_URL`, else the local service. */
export function baseUrl(flag: string | undefined): URL {
  const raw = flag ?? process.env['EDGESIGN_URL'] ?? DEFAULT_URL;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw usageError(`--url must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw usageError(`--url must be an http(s) URL, got ${JSON.stringify(raw)}`);
  return u;
}

/** `<base>/api/<path>` (the base may carry a path prefix). */
export function apiUrl(base: URL, path: string): URL {
  const u = new URL(base.href);
  u.pathname = u.pathname.replace(/\/+$/, '') + '/api/' + path.replace(/^\/+/, '');
  u.search = '';
  return u;
}

export function createClient(options: { maxSockets?: number; timeoutMs?: number } = {}): HttpClient {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 8, maxFreeSockets: options.maxSockets ?? 8, scheduling: 'lifo' as const };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    request(method, url, headers, body) {
      return new Promise((resolve, reject) => {
        const mod = url.protocol === 'https:' ? https : http;
        const req = mod.request(
          url,
          {
            method,
            agent: agents[url.protocol as 'http:' | 'https:'],
            headers: { ...headers, ...(body !== undefined ? { 'content-length': String(body.length) } : {}) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
            res.on('error', (e) => reject(networkError(url, e)));
          },
        );
        req.setTimeout(timeoutMs, () => req.destroy(new EdgesignError('E_TIMEOUT', `no answer from ${url.origin} within ${timeoutMs} ms`)));
        req.on('error', (e) => reject(e instanceof EdgesignError ? e : networkError(url, e)));
        if (body === undefined || body instanceof Uint8Array) {
          req.end(body);
          return;
        }
        const src = body.open();
        src.on('error', (e: Error) => req.destroy(new EdgesignError('E_READ', `reading the body failed: ${e.message}`)));
        if (body.onChunk) src.on('data', (c: Buffer | string) => body.onChunk!(c.length));
        src.pipe(req); // backpressure: the file is read no faster than the socket drains
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function networkError(url: URL, e: Error): EdgesignError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ECONNREFUSED' ? 'connection refused (is `edgesign serve` running?)' : code ? `${code} ${e.message}` : e.message;
  return new EdgesignError('E_NETWORK', `cannot reach ${url.origin}: ${why}`, { cause: code });
}

/**
 * A refusal's code and message from the service's `E_CODE: message` text body. A body that is not
 * such a line, or names a code this version does not know, is `E_BAD_RESPONSE` with the HTTP status
 * and the start of the body in the message.
 */
export function refusal(res: HttpResponse): { code: EdgesignErrorCode; message: string } {
  const text = res.body.toString('utf8').trim();
  const m = /^(E_[A-Z0-9_]+):\s*([\s\S]*)$/.exec(text);
  if (m && isErrorCode(m[1])) return { code: m[1], message: m[2]!.replace(/\s+/g, ' ').trim() };
  return { code: 'E_BAD_RESPONSE', message: `HTTP ${res.status}: ${text.replace(/\s+/g, ' ').slice(0, 300)}`.trim() };
}
