/**
 * The ingestion service's HTTP server (node:http): Edge Impulse's data endpoints, a read API, and the
 * admin key API. Routes, status codes and shapes follow Edge Impulse's ingestion API (format §5); see `index.ts` for the
 * full map. Every refusal is `text/plain` `E_CODE: message`; a 200 on ingestion is sent only after the
 * store's durable commit, and its body is the stored file name.
 *
 * This file holds the server's lifecycle (listen, drain, close) and the routing; the routes live in
 * `http-ingest.ts`, `http-read.ts` and `http-admin.ts`, answers in `http-reply.ts`, request bodies (size
 * limits, `Expect: 100-continue`) in `http-body.ts`, and what the handlers share in `http-request.ts`.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { EdgesignError, isEdgesignError } from 'edgesign';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';
import { adminRoute } from './http-admin.js';
import { createDashboard, dashboardRoute, type Dashboard } from './dashboard.js';
import { ingestRoute } from './http-ingest.js';
import { filesRoute } from './http-files.js';
import { readRoute } from './http-read.js';
import { ByteBudget } from './http-body.js';
import { UploadCheckPool } from './upload-check-pool.js';
import { Refusal, refuse, send, type Answer } from './http-reply.js';
import type { Ctx } from './http-request.js';

export { inferLabel, withDateId } from './http-ingest.js';

/** What the service does with a message that does not verify: `reject` refuses it (400 with the verifier's code); `flag` stores it marked `invalid` or `unsigned`, as Edge Impulse does. */
export type SignaturePolicy = 'reject' | 'flag';

/** Options of {@link createIngestionServer}; every one has a default. */
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
  /**
   * Largest request body in bytes (default {@link DEFAULT_MAX_BYTES}, 16 MiB: a 3-axis 100 Hz JSON
   * recording of about an hour, far more than real samples; Edge Impulse's own limit is 100 MB per file).
   */
  maxBytes?: number;
  /**
   * `POST /api/{category}/files`: refuse (per file, `E_UNSIGNED_FILE`) files that cannot carry an HMAC
   * (images, audio, CSV) instead of storing them marked `unsigned` (default false, as Edge Impulse).
   */
  refuseUnsignedFiles?: boolean;
  /**
   * Bytes of upload bodies held at once, whether being received, checked or stored (default
   * {@link DEFAULT_MAX_BYTES_IN_FLIGHT}); an upload beyond it is refused with 503 `E_BUSY` and
   * `retry-after`. At least `maxBytes`.
   */
  maxBytesInFlight?: number;
  /** Refuse messages whose `iat` is more than this many seconds old or ahead (default: no window, like Edge Impulse). */
  maxAgeSeconds?: number;
  /** Refuse messages without `protected.iat` (400 `E_IAT_MISSING`); default false (Edge Impulse's C SDK sends none). */
  requireIat?: boolean;
  /** Refuse a body identical to a stored one (409 `E_DUPLICATE`) whatever `x-disallow-duplicates` says; default false. */
  disallowDuplicates?: boolean;
  /** How long a client may take to send the request headers (default {@link DEFAULT_HEADERS_TIMEOUT_MS}); then 408. */
  headersTimeoutMs?: number;
  /** Most open connections (default {@link DEFAULT_MAX_CONNECTIONS}); connections beyond are closed at once. */
  maxConnections?: number;
  /**
   * Worker threads that check large bodies (parse, MAC, attachments) off the event loop (default: one
   * less than the CPUs, 1 to 4); 0 checks every body on the event loop. Bodies up to 64 KiB are
   * always checked on the event loop.
   */
  checkThreads?: number;
  /** Clock in seconds since the epoch for the `iat` window (tests). */
  now?: () => number;
  /** How long `close()` waits for requests in progress before cutting connections (default 10 s). */
  drainTimeoutMs?: number;
  /** Busy timeout for the store this server opens (default 2000 ms). */
  busyTimeoutMs?: number;
  /** Called with unexpected errors (answered 500); default writes them to stderr. */
  onError?: (error: unknown) => void;
  /** The dashboard's built files (default: the package's `dist/dashboard/`); `null` serves no dashboard. */
  dashboardDir?: string | null;
  /** One line per noteworthy event that is not an answer: aborted uploads, store failures (503). Default: silent. */
  log?: (line: string) => void;
}

/** A created ingestion service: call `listen()` to start it and `close()` to stop it. */
export interface IngestionServer {
  /** The store samples and keys live in. */
  readonly store: Store;
  /** The underlying node:http server. */
  readonly server: Server;
  /** The dashboard this server serves (its sessions authenticate other ports of the service too). */
  readonly dashboard: Dashboard | undefined;
  /** Starts listening; resolves with the real address (also for port 0). */
  listen(): Promise<{ url: string; host: string; port: number }>;
  /** Stops accepting connections, lets requests in progress finish, then closes the store it opened. */
  close(): Promise<void>;
}

/** Default port: 4810, Edge Impulse's local ingestion port. */
export const DEFAULT_PORT = 4810;
/** Default host: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';
/** Default largest request body: 16 MiB (beyond, 413 `E_TOO_LARGE`). */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Default cap on upload bytes held at once: 64 MiB (beyond, 503 `E_BUSY`). */
export const DEFAULT_MAX_BYTES_IN_FLIGHT = 64 * 1024 * 1024;
/** Default time a client has to send its request headers: 15 s (then 408). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 15_000;
/** Default most open connections: 1000, below the usual 1024 open-file limit, well above the concurrent devices a local receiver serves. */
export const DEFAULT_MAX_CONNECTIONS = 1000;
/** Bodies up to this size are checked on the event loop: about a millisecond, less than a thread hop. */
const INLINE_CHECK_MAX_BYTES = 64 * 1024;
/** Data directory when none is given: `EDGESIGN_DATA_DIR`, else `./.edgesign`. */
export function defaultDataDir(): string {
  return process.env['EDGESIGN_DATA_DIR'] || './.edgesign';
}

/** Creates the ingestion service (Edge Impulse's ingestion API, the read and key API, the dashboard) on a store; nothing listens until `listen()`. `E_OPTIONS` for a bad option. */
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
  const maxBytesInFlight = options.maxBytesInFlight ?? Math.max(DEFAULT_MAX_BYTES_IN_FLIGHT, maxBytes);
  if (!Number.isSafeInteger(maxBytesInFlight) || maxBytesInFlight < maxBytes) {
    throw new EdgesignError('E_OPTIONS', `maxBytesInFlight must be an integer of at least maxBytes (${maxBytes}), got ${String(maxBytesInFlight)}`);
  }
  const headersTimeoutMs = positiveInteger(options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, 'headersTimeoutMs');
  const maxConnections = positiveInteger(options.maxConnections ?? DEFAULT_MAX_CONNECTIONS, 'maxConnections');
  const checkThreads = options.checkThreads ?? Math.min(4, Math.max(1, availableParallelism() - 1));
  if (!Number.isSafeInteger(checkThreads) || checkThreads < 0) throw new EdgesignError('E_OPTIONS', `checkThreads must be a non-negative integer, got ${String(checkThreads)}`);
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

  const dashboard = options.dashboardDir === null ? undefined : createDashboard(options.dashboardDir);
  const checks = new UploadCheckPool(
    { policy, maxAgeSeconds, maxBytes, requireIat: options.requireIat === true },
    { threads: checkThreads, inlineMaxBytes: INLINE_CHECK_MAX_BYTES },
  );
  const ctx: Ctx = {
    store,
    policy,
    maxBytes,
    maxAgeSeconds,
    now: options.now,
    disallowDuplicates: options.disallowDuplicates === true,
    inFlight: new ByteBudget(maxBytesInFlight),
    checks,
    dashboard,
    refuseUnsignedFiles: options.refuseUnsignedFiles === true,
  };

  // Node checks the headers and request timeouts on a timer (connectionsCheckingInterval, 30 s by
  // default): tick often enough for the headers timeout to mean what it says.
  const server = createServer({
    requestTimeout: Math.max(120_000, headersTimeoutMs),
    headersTimeout: headersTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
  });
  server.maxConnections = maxConnections;
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
    dashboard,
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
        await checks.close();
        if (ownsStore) await store.close();
      })();
      return closePromise;
    },
  };
}

function positiveInteger(v: unknown, name: string): number {
  if (!Number.isSafeInteger(v) || (v as number) < 1) throw new EdgesignError('E_OPTIONS', `${name} must be a positive integer, got ${String(v)}`);
  return v as number;
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

  const answer =
    (await ingestRoute(ctx, req, res, method, path, expectContinue)) ??
    (await filesRoute(ctx, req, res, method, path, expectContinue)) ??
    (await readRoute(ctx, req, method, path, query)) ??
    (await adminRoute(ctx, req, res, method, path, query, expectContinue)) ??
    (await dashboardRoute(ctx, req, res, method, path, expectContinue));
  if (answer) return answer;
  throw refuse(404, 'E_NOT_FOUND', `no route for ${method} ${path}`);
}
