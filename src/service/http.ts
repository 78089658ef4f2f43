/**
 * The ingestion service's HTTP server (node:http): Edge Impulse's data endpoints, a read API, and the
 * admin key API. Routes, status codes and shapes follow decisions.md § HTTP; see `index.ts` for the
 * full map. Every refusal is `text/plain` `E_CODE: message`; a 200 on ingestion is sent only after the
 * store's durable commit, and its body is the stored file name.
 *
 * Request bodies are counted while they stream in: a declared `content-length` over `maxBytes` is
 * refused before any byte is read, a chunked body as soon as it crosses the limit (413, then the
 * connection is closed after a short lingering drain so the client reads the answer instead of a
 * reset). `Expect: 100-continue` is answered only after the headers passed every check.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { EdgesignError, isEdgesignError } from '../errors.js';
import {
  INGESTION_ROLES,
  activeHmacKeys,
  authenticateApiKey,
  createApiKey,
  createHmacKey,
  getDevKeys,
  keyKindOf,
  listKeys,
  revokeKey,
  setDevKey,
  type ApiKeyInfo,
} from './keys.js';
import { attachmentRefs, parseMultipart, pickAttachment, pickMessagePart, type Part } from './multipart.js';
import { verifyAttachment } from '../verify.js';
import { SqliteStore } from './sqlite-store.js';
import type { NewSample, SampleCategory, SampleRecord, SignatureStatus, Store } from './store.js';
import { checkMessage } from './verification.js';

export type SignaturePolicy = 'reject' | 'flag';

export interface IngestionServerOptions {
  /** Data directory for the SQLite store (default `EDGESIGN_DATA_DIR`, else `./.edgesign`). Ignored with `store`. */
  dataDir?: string;
  /** A store to use instead of opening one; the caller keeps ownership (close() does not close it). */
  store?: Store;
  /** Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Default 4810 (Edge Impulse's local ingestion port); 0 picks a free one. */
  port?: number;
  /** `reject` (default): bad, missing or `none` signatures are refused (400). `flag`: stored, marked. */
  signaturePolicy?: SignaturePolicy;
  /** Largest request body in bytes (default 100 MiB, Edge Impulse's per-file limit). */
  maxBytes?: number;
  /** Refuse messages whose `iat` is more than this many seconds old or ahead (default: no window, like Edge Impulse). */
  maxAgeSeconds?: number;
  /** Clock in seconds since the epoch for the `iat` window (tests). */
  now?: () => number;
  /** How long `close()` waits for requests in progress before cutting connections (default 10 s). */
  drainTimeoutMs?: number;
  /** Busy timeout for the store this server opens (default 2000 ms). */
  busyTimeoutMs?: number;
  /** Called with unexpected errors (answered 500); default writes them to stderr. */
  onError?: (error: unknown) => void;
  /** One line per noteworthy event that is not an answer: aborted uploads, store failures (503). Default: silent. */
  log?: (line: string) => void;
}

export interface IngestionServer {
  /** The store samples and keys live in. */
  readonly store: Store;
  /** The underlying node:http server. */
  readonly server: Server;
  /** Starts listening; resolves with the real address (also for port 0). */
  listen(): Promise<{ url: string; host: string; port: number }>;
  /** Stops accepting connections, lets requests in progress finish, then closes the store it opened. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4810;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
/** Data directory when none is given: `EDGESIGN_DATA_DIR`, else `./.edgesign`. */
export function defaultDataDir(): string {
  return process.env['EDGESIGN_DATA_DIR'] || './.edgesign';
}

const CATEGORIES = new Set<SampleCategory>(['training', 'testing', 'anomaly']);
const BODY_TYPES = new Set(['application/json', 'application/cbor', 'application/octet-stream', 'multipart/form-data']);
/** Largest JSON body of an admin request. */
const ADMIN_MAX_BYTES = 64 * 1024;
/** After a refusal with the body still coming, read and drop it this long before closing the socket. */
const LINGER_MS = 2000;
const MAX_LIMIT = 100_000;
const MAX_FILE_NAME = 1024;

/** An answer to send: status, `E_` code and message (text/plain `E_CODE: message`). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const refuse = (status: number, code: string, message: string, headers?: Record<string, string>) => new Refusal(status, code, message, headers);

export function createIngestionServer(options: IngestionServerOptions = {}): IngestionServer {
  const policy: SignaturePolicy = options.signaturePolicy ?? 'reject';
  if (policy !== 'reject' && policy !== 'flag') {
    throw new EdgesignError('E_OPTIONS', `signaturePolicy must be "reject" or "flag", got ${JSON.stringify(policy)}`);
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new EdgesignError('E_OPTIONS', `maxBytes must be a positive integer, got ${String(maxBytes)}`);
  const maxAgeSeconds = options.maxAgeSeconds;
  if (maxAgeSeconds !== undefined && !(typeof maxAgeSeconds === 'number' && maxAgeSeconds >= 0 && Number.isFinite(maxAgeSeconds))) {
    throw new EdgesignError('E_OPTIONS', `maxAgeSeconds must be a non-negative number, got ${String(maxAgeSeconds)}`);
  }
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const ownsStore = options.store === undefined;
  const store: Store = options.store ?? new SqliteStore(options.dataDir ?? defaultDataDir(), { busyTimeoutMs: options.busyTimeoutMs });
  const onError = options.onError ?? ((e: unknown) => console.error('edgesign service: internal error:', e));
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  const log = options.log ?? (() => {});

  let closing = false;
  let closePromise: Promise<void> | null = null;
  let inFlight = 0;
  let drained: (() => void) | null = null;

  const ctx: Ctx = { store, policy, maxBytes, maxAgeSeconds, now: options.now };

  const server = createServer({ requestTimeout: 120_000 });
  const onRequest = (req: IncomingMessage, res: ServerResponse, expectContinue: boolean) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (closing) {
        server.closeIdleConnections();
        if (inFlight === 0) drained?.();
      }
    });
    if (closing) res.setHeader('connection', 'close');
    route(ctx, req, res, expectContinue).then(
      (answer) => send(req, res, answer),
      (e: unknown) => {
        if (e instanceof Refusal) return send(req, res, e);
        if (isEdgesignError(e) && (e.code === 'E_STORE_UNAVAILABLE' || e.code === 'E_STORE_CLOSED')) {
          log(`store unavailable, answered 503 (${req.method} ${req.url}): ${e.message}`);
          return send(req, res, refuse(503, 'E_STORE_UNAVAILABLE', e.message, { 'retry-after': '1' }));
        }
        if (isEdgesignError(e) && e.code === 'E_ABORTED') {
          log(`aborted upload, nothing stored (${req.method} ${req.url}): ${e.message}`);
          return res.destroy();
        }
        onError(e);
        send(req, res, refuse(500, 'E_INTERNAL', e instanceof Error ? e.message : String(e)));
      },
    ).catch((e: unknown) => {
      // Answering itself failed: nothing more can be said on this connection.
      onError(e);
      res.destroy();
    });
  };
  server.on('request', (req, res) => onRequest(req, res, false));
  server.on('checkContinue', (req, res) => onRequest(req, res, true));
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (socket.writable && !socket.destroyed && err.code !== 'ECONNRESET') {
      const [status, body] =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? ['431 Request Header Fields Too Large', 'E_HEADERS_TOO_LARGE: the request headers are too large']
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? ['408 Request Timeout', 'E_TIMEOUT: the request took too long']
            : ['400 Bad Request', 'E_BAD_REQUEST: malformed HTTP request'];
      socket.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
    } else socket.destroy();
  });

  return {
    store,
    server,
    listen() {
      return new Promise((resolve, reject) => {
        if (closing) return reject(new EdgesignError('E_CLOSED', 'the server was closed'));
        const onErr = (e: Error) => reject(e);
        server.once('error', onErr);
        server.listen(port, host, () => {
          server.off('error', onErr);
          (store as { warmUp?: () => void }).warmUp?.();
          const addr = server.address();
          const realPort = typeof addr === 'object' && addr ? addr.port : port;
          const h = host.includes(':') ? `[${host}]` : host;
          resolve({ url: `http://${h}:${realPort}`, host, port: realPort });
        });
      });
    },
    close() {
      if (closePromise) return closePromise;
      closing = true;
      closePromise = (async () => {
        const serverClosed = new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.close(() => resolve());
        });
        server.closeIdleConnections();
        if (inFlight > 0) {
          await new Promise<void>((resolve) => {
            drained = resolve;
            const t = setTimeout(resolve, drainTimeoutMs);
            t.unref();
          });
        }
        server.closeAllConnections();
        await serverClosed;
        if (ownsStore) await store.close();
      })();
      return closePromise;
    },
  };
}

interface Ctx {
  store: Store;
  policy: SignaturePolicy;
  maxBytes: number;
  maxAgeSeconds: number | undefined;
  now: (() => number) | undefined;
}

/** A successful answer. */
interface Answer {
  status: number;
  contentType: string;
  body: string | Uint8Array;
}

const text = (body: string, status = 200): Answer => ({ status, contentType: 'text/plain; charset=utf-8', body });
const json = (value: unknown, status = 200): Answer => ({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) });

function send(req: IncomingMessage, res: ServerResponse, answer: Answer | Refusal): void {
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

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function flag(req: IncomingMessage, name: string): boolean {
  const v = header(req, name)?.trim().toLowerCase();
  return v === '1' || v === 'true' || v === 'yes';
}

const INGEST_RE = /^\/api\/([a-z]+)\/data\/?$/;
const SAMPLE_RE = /^\/api\/samples\/(\d{1,15})(\/raw)?\/?$/;
const KEY_RE = /^\/api\/(keys|hmackeys)\/([A-Za-z0-9_]{1,64})(\/set-dev)?\/?$/;

function methodNotAllowed(allow: string): Refusal {
  return refuse(405, 'E_METHOD_NOT_ALLOWED', `use ${allow.split(', ').join(' or ')} here`, { allow });
}

async function route(ctx: Ctx, req: IncomingMessage, res: ServerResponse, expectContinue: boolean): Promise<Answer> {
  let path: string;
  let query: URLSearchParams;
  try {
    const u = new URL(req.url ?? '/', 'http://localhost');
    path = u.pathname;
    query = u.searchParams;
  } catch {
    throw refuse(400, 'E_BAD_REQUEST', 'malformed request URL');
  }
  const method = req.method ?? 'GET';

  const ingest = INGEST_RE.exec(path);
  if (ingest) {
    if (!CATEGORIES.has(ingest[1] as SampleCategory)) throw refuse(404, 'E_NOT_FOUND', `unknown category ${JSON.stringify(ingest[1])} (training, testing or anomaly)`);
    if (method !== 'POST') throw methodNotAllowed('POST');
    return ingestData(ctx, req, res, ingest[1] as SampleCategory, expectContinue);
  }
  if (path === '/api/samples' || path === '/api/samples/') {
    if (method !== 'GET') throw methodNotAllowed('GET');
    await authenticate(ctx, req, 'read');
    return listSamplesAnswer(ctx, query);
  }
  const sample = SAMPLE_RE.exec(path);
  if (sample) {
    if (method !== 'GET') throw methodNotAllowed('GET');
    await authenticate(ctx, req, 'read');
    const id = Number(sample[1]);
    if (sample[2]) {
      const raw = await ctx.store.getSampleRaw(id);
      if (!raw) throw refuse(404, 'E_NOT_FOUND', `no sample with id ${id}`);
      return { status: 200, contentType: raw.contentType, body: raw.body };
    }
    const rec = await ctx.store.getSample(id);
    if (!rec) throw refuse(404, 'E_NOT_FOUND', `no sample with id ${id}`);
    return json({ sample: { ...sampleListing(rec), signatureError: rec.signatureError, contentType: rec.contentType, encoding: rec.encoding, metadata: rec.metadata } });
  }
  if (path === '/api/keys' || path === '/api/keys/') {
    if (method === 'GET') {
      await authenticate(ctx, req, 'admin');
      return json({ apiKeys: (await listKeys(ctx.store, { includeRevoked: flag2(query.get('includeRevoked')) })).apiKeys });
    }
    if (method === 'POST') {
      await authenticate(ctx, req, 'admin');
      const body = await readJsonBody(req, res, expectContinue);
      const created = await createApiKey(ctx.store, {
        name: body['name'] as string,
        role: body['role'] as ApiKeyInfo['role'],
        dev: devFlag(body),
      }).catch(keyError);
      return json(created);
    }
    throw methodNotAllowed('GET, POST');
  }
  if (path === '/api/hmackeys' || path === '/api/hmackeys/') {
    if (method === 'GET') {
      await authenticate(ctx, req, 'admin');
      return json({ hmacKeys: (await listKeys(ctx.store, { includeRevoked: flag2(query.get('includeRevoked')) })).hmacKeys });
    }
    if (method === 'POST') {
      await authenticate(ctx, req, 'admin');
      const body = await readJsonBody(req, res, expectContinue);
      const key = body['hmacKey'] ?? body['key'];
      const created = await createHmacKey(ctx.store, {
        name: body['name'] as string,
        dev: devFlag(body),
        key: key === undefined || key === null ? undefined : (key as string),
      }).catch(keyError);
      return json(created);
    }
    throw methodNotAllowed('GET, POST');
  }
  const keyPath = KEY_RE.exec(path);
  if (keyPath) {
    const kind = keyPath[1] === 'keys' ? 'api' : 'hmac';
    const id = keyPath[2]!;
    if (keyPath[3]) {
      if (kind !== 'hmac') throw refuse(404, 'E_NOT_FOUND', 'not found');
      if (method !== 'POST') throw methodNotAllowed('POST');
      await authenticate(ctx, req, 'admin');
      if (keyKindOf(id) !== 'hmac') throw refuse(404, 'E_KEY_NOT_FOUND', `no HMAC key with id ${JSON.stringify(id)}`);
      return json(await setDevKey(ctx.store, id).catch(keyError));
    }
    if (method !== 'DELETE') throw methodNotAllowed('DELETE');
    await authenticate(ctx, req, 'admin');
    if (keyKindOf(id) !== kind) throw refuse(404, 'E_KEY_NOT_FOUND', `no ${kind === 'api' ? 'API' : 'HMAC'} key with id ${JSON.stringify(id)}`);
    return json(await revokeKey(ctx.store, id).catch(keyError));
  }
  if (path === '/api/devkeys' || path === '/api/devkeys/') {
    if (method !== 'GET') throw methodNotAllowed('GET');
    await authenticate(ctx, req, 'admin');
    return json(await getDevKeys(ctx.store));
  }
  throw refuse(404, 'E_NOT_FOUND', `no route for ${method} ${path}`);
}

function flag2(v: string | null): boolean {
  return v === '1' || v === 'true';
}

function devFlag(body: Record<string, unknown>): boolean {
  const v = body['isDevelopmentKey'] ?? body['dev'];
  return v === true || v === 1 || v === '1' || v === 'true';
}

/** Maps key-management errors to HTTP answers. */
function keyError(e: unknown): never {
  if (isEdgesignError(e)) {
    switch (e.code) {
      case 'E_KEY_NOT_FOUND':
        throw refuse(404, e.code, e.message);
      case 'E_KEY_REVOKED':
        throw refuse(409, e.code, e.message);
      case 'E_KEY_NAME':
      case 'E_KEY_ROLE':
      case 'E_KEY_FORMAT':
      case 'E_DEV_KEY_API':
        throw refuse(400, e.code, e.message);
    }
  }
  throw e;
}

/** Checks `x-api-key`: 401 when missing or unknown/revoked, 403 when its role may not do `need`. */
async function authenticate(ctx: Ctx, req: IncomingMessage, need: 'read' | 'ingest' | 'admin'): Promise<ApiKeyInfo> {
  const secret = header(req, 'x-api-key');
  if (secret === undefined || secret.trim() === '') throw refuse(401, 'E_API_KEY_MISSING', 'the x-api-key header is required');
  const key = await authenticateApiKey(ctx.store, secret.trim());
  if (!key) throw refuse(401, 'E_API_KEY_INVALID', 'the API key in x-api-key is not valid (unknown or revoked)');
  if (need === 'ingest' && !INGESTION_ROLES.includes(key.role)) {
    throw refuse(403, 'E_FORBIDDEN', `an API key with role ${key.role} may not add data (admin, ingestion_deployment or ingestiononly can)`);
  }
  if (need === 'admin' && key.role !== 'admin') throw refuse(403, 'E_FORBIDDEN', `managing keys needs an admin API key (this one is ${key.role})`);
  return key;
}

function sampleListing(s: SampleRecord) {
  return {
    id: s.id,
    fileName: s.fileName,
    category: s.category,
    label: s.label,
    deviceName: s.deviceName,
    deviceType: s.deviceType,
    signature: s.signature,
    hmacKeyId: s.hmacKeyId,
    sha256: s.sha256,
    iat: s.iat,
    receivedAt: s.receivedAt,
    bytes: s.bytes,
  };
}

async function listSamplesAnswer(ctx: Ctx, query: URLSearchParams): Promise<Answer> {
  const category = query.get('category');
  if (category !== null && !CATEGORIES.has(category as SampleCategory)) {
    throw refuse(400, 'E_QUERY', `category must be training, testing or anomaly, got ${JSON.stringify(category)}`);
  }
  const limit = intParam(query, 'limit', 100, 0, MAX_LIMIT);
  const offset = intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const samples = await ctx.store.listSamples({ category: (category ?? undefined) as SampleCategory | undefined, limit, offset });
  return json({ samples: samples.map(sampleListing) });
}

function intParam(query: URLSearchParams, name: string, dflt: number, min: number, max: number): number {
  const v = query.get(name);
  if (v === null || v === '') return dflt;
  if (!/^\d{1,16}$/.test(v) || Number(v) < min || Number(v) > max) {
    throw refuse(400, 'E_QUERY', `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return Number(v);
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
        finish(() => reject(refuse(413, 'E_TOO_LARGE', `the body is larger than the limit of ${limit} bytes`)));
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

async function readJsonBody(req: IncomingMessage, res: ServerResponse, expectContinue: boolean): Promise<Record<string, unknown>> {
  const declared = Number(header(req, 'content-length'));
  if (Number.isFinite(declared) && declared > ADMIN_MAX_BYTES) throw refuse(413, 'E_TOO_LARGE', `the body is larger than the limit of ${ADMIN_MAX_BYTES} bytes`);
  if (expectContinue) res.writeContinue();
  const raw = await readBody(req, ADMIN_MAX_BYTES);
  let v: unknown;
  try {
    v = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    throw refuse(400, 'E_BAD_REQUEST', 'the body must be a JSON object');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw refuse(400, 'E_BAD_REQUEST', 'the body must be a JSON object');
  return v as Record<string, unknown>;
}

/** The media type of a content-type header, lowercased, without parameters. */
function mediaType(ct: string): string {
  return ct.split(';', 1)[0]!.trim().toLowerCase();
}

function decodeHeaderValue(v: string, name: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    throw refuse(400, 'E_HEADER_INVALID', `the ${name} header is not valid URI encoding`);
  }
}

/** The stored file name: the last path segment of `x-file-name`, without control characters. */
function cleanFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

/** Edge Impulse infers a label from the file name: its leading run of `[a-zA-Z0-9\s_-]` (`idle.01` → `idle`). */
export function inferLabel(fileName: string): string | null {
  const m = /^[a-zA-Z0-9\s_-]+/.exec(fileName);
  const label = m ? m[0].trim() : '';
  return label === '' ? null : label;
}

let dateIdCounter = 0;

/** `idle.01.json` → `idle.01.<date id>.json`: a base-36 timestamp plus a random and a counter part. */
export function withDateId(fileName: string): string {
  const id = Date.now().toString(36) + randomBytes(3).toString('hex') + (dateIdCounter++ % 1296).toString(36).padStart(2, '0');
  const m = /^(.+)(\.[A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? `${m[1]}.${id}${m[2]}` : `${fileName}.${id}`;
}

function parseMetadata(v: string | undefined): Record<string, string> | null {
  if (v === undefined || v.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw refuse(400, 'E_METADATA', 'x-metadata must be a JSON object of string values');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse(400, 'E_METADATA', 'x-metadata must be a JSON object of string values');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(parsed)) {
    if (typeof val !== 'string') throw refuse(400, 'E_METADATA', `x-metadata values must be strings (${JSON.stringify(k)} is not)`);
    out[k] = val;
  }
  return out;
}

function sha256Hex(...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** The multipart dedup hash: message and attachments, each length-prefixed, in order. */
function multipartDedupHash(message: Part, attachments: readonly Part[]): string {
  const h = createHash('sha256');
  for (const p of [message, ...attachments]) {
    const len = Buffer.alloc(8);
    len.writeBigUInt64BE(BigInt(p.bytes.length));
    h.update(len).update(p.bytes);
  }
  return h.digest('hex');
}

async function ingestData(ctx: Ctx, req: IncomingMessage, res: ServerResponse, category: SampleCategory, expectContinue: boolean): Promise<Answer> {
  // 1. Who is asking (401 / 403).
  await authenticate(ctx, req, 'ingest');

  // 2. Required headers (421), media type (415), optional headers (400).
  const contentType = header(req, 'content-type');
  if (contentType === undefined || contentType.trim() === '') throw refuse(421, 'E_HEADER_MISSING', 'the content-type header is required');
  const type = mediaType(contentType);
  if (!BODY_TYPES.has(type)) {
    throw refuse(415, 'E_UNSUPPORTED_MEDIA_TYPE', `content type ${type} is not accepted (application/json, application/cbor, application/octet-stream or multipart/form-data)`);
  }
  if (type === 'multipart/form-data' && !/;\s*boundary=/i.test(contentType)) throw refuse(400, 'E_MULTIPART', 'a multipart/form-data content type needs a boundary');
  const fileNameHeader = header(req, 'x-file-name');
  if (fileNameHeader === undefined || fileNameHeader.trim() === '') throw refuse(421, 'E_HEADER_MISSING', 'the x-file-name header is required');
  const originalName = cleanFileName(decodeHeaderValue(fileNameHeader, 'x-file-name'));
  if (originalName === '') throw refuse(400, 'E_HEADER_INVALID', 'x-file-name names no file');
  if (originalName.length > MAX_FILE_NAME) throw refuse(400, 'E_HEADER_INVALID', `x-file-name is longer than ${MAX_FILE_NAME} characters`);
  let label: string | null;
  const labelHeader = header(req, 'x-label');
  if (flag(req, 'x-no-label')) label = null;
  else if (labelHeader !== undefined && labelHeader !== '') label = decodeHeaderValue(labelHeader, 'x-label');
  else label = inferLabel(originalName);
  const metadata = parseMetadata(header(req, 'x-metadata'));
  const fileName = flag(req, 'x-add-date-id') ? withDateId(originalName) : originalName;

  // 3. The body, counted as it streams (413).
  const declared = Number(header(req, 'content-length'));
  if (Number.isFinite(declared) && declared > ctx.maxBytes) throw refuse(413, 'E_TOO_LARGE', `the body is larger than the limit of ${ctx.maxBytes} bytes`);
  if (expectContinue) res.writeContinue();
  const body = await readBody(req, ctx.maxBytes);
  const receivedAt = new Date().toISOString();

  // 4. Find the message (multipart) and verify it with the project's HMAC keys.
  let messageBytes: Uint8Array = body;
  let attachments: Part[] = [];
  let dedupHash: string | null = null;
  if (type === 'multipart/form-data') {
    let parts: Part[];
    try {
      parts = await parseMultipart(body, contentType);
      const picked = pickMessagePart(parts);
      messageBytes = picked.message.bytes;
      attachments = picked.attachments;
      dedupHash = multipartDedupHash(picked.message, attachments);
    } catch (e) {
      if (isEdgesignError(e)) throw refuse(400, e.code, e.message);
      throw e;
    }
  }
  const keys = await activeHmacKeys(ctx.store);
  const checked = checkMessage(messageBytes, {
    keys,
    policy: ctx.policy,
    maxAgeSeconds: ctx.maxAgeSeconds,
    now: ctx.now,
    maxBytes: ctx.maxBytes,
  });
  if (!checked.ok) throw refuse(400, checked.code, checked.message);
  let signature: SignatureStatus = checked.signature;
  let signatureError = checked.signatureError;
  let hmacKeyId = checked.keyId;

  // 5. Each attachment a reference names: exact length, then its HMAC under the key that verified the
  //    message ("signed with the same HMAC key", format.md §2.4); any active key when the message is
  //    kept unverified under `flag` (its status cannot get better than the message's anyway).
  const ordered = hmacKeyId ? keys.filter((k) => k.id === hmacKeyId) : keys;
  const used = new Set<Part>();
  for (const ref of attachmentRefs(checked.payload)) {
    const att = pickAttachment(attachments, ref, used);
    if (!att) {
      throw refuse(
        400,
        'E_ATTACHMENT_MISSING',
        `the message references a ${ref.mime} attachment of ${ref.length} bytes but the request does not carry it (send both as multipart/form-data)`,
      );
    }
    used.add(att);
    const r = verifyAttachment(ref, att.bytes, ordered);
    if (r.ok) continue;
    const code = r.code === 'E_ATTACHMENT_LENGTH' || r.code === 'E_ATTACHMENT_REF' ? r.code : `E_ATTACHMENT_${r.code.slice(2)}`;
    if (ctx.policy === 'reject' || r.code === 'E_INTERNAL') throw refuse(400, code, r.message);
    if (signature === 'valid') {
      signature = 'invalid';
      signatureError = code;
      hmacKeyId = null;
    }
  }

  // 6. Store durably, then answer with the file name.
  const sha = sha256Hex(body);
  const sample: NewSample = {
    fileName,
    category,
    label,
    deviceName: checked.deviceName,
    deviceType: checked.deviceType,
    signature,
    signatureError,
    hmacKeyId,
    sha256: sha,
    dedupHash: dedupHash ?? sha,
    iat: checked.iat,
    receivedAt,
    contentType,
    encoding: checked.encoding,
    metadata,
    raw: body,
  };
  const result = await ctx.store.insertSample(sample, { disallowDuplicates: flag(req, 'x-disallow-duplicates') });
  if (result.status === 'duplicate') {
    throw refuse(409, 'E_DUPLICATE', `an identical sample is already stored (id ${result.existingId}) and x-disallow-duplicates is set`);
  }
  return text(result.sample.fileName);
}

