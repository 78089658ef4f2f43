/**
 * The Studio API subset at `http://HOST:4800/v1` (Edge Impulse's tools use that port when `EI_HOST` is
 * an IP address): project, keys, devices and start-sampling, raw data. Paths and JSON shapes follow
 * Edge Impulse's published OpenAPI as its generated client `edge-impulse-api` calls them; `x-api-key`
 * auth with the seed's roles (`auth.ts`); every failure is `{success:false, error, code}`.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isEdgesignError } from 'edgesign';
import type { RemoteManagementServer } from '../remote-management/remote-management-server.js';
import type { Store } from '../service/store.js';
import type { DashboardSessions } from '../service/dashboard-session.js';
import { studioAuth } from './auth.js';
import type { StudioContext, StudioRoute } from './context.js';
import { loadProject } from './project.js';
import { StudioError, sendStudio, studioError, type StudioAnswer } from './reply.js';
import { dataRoutes } from './routes-data.js';
import { deviceRoutes } from './routes-devices.js';
import { keyRoutes } from './routes-keys.js';

/** Default Studio API port: 4800, where Edge Impulse's tools look when `EI_HOST` is an IP address. */
export const DEFAULT_STUDIO_PORT = 4800;
const MAX_BODY = 1024 * 1024;

/** Options of {@link createStudioServer}. */
export interface StudioServerOptions {
  /** The store the project's keys, devices and samples live in. */
  store: Store;
  /** Remote management, for the devices' connection state and sample requests; without it no device is connected. */
  remote?: RemoteManagementServer | undefined;
  /** Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Default 4800; 0 picks a free one. */
  port?: number;
  /** The project's id (default: the stored one, else 1); saved in the store. */
  projectId?: number | undefined;
  /** The project's name (default: the stored one, else `edgesign`); saved in the store. */
  projectName?: string | undefined;
  /** Clock, ms since the epoch (key expiry). */
  now?: () => number;
  /** Called with unexpected errors (answered 500); default writes them to stderr. */
  onError?: (e: unknown) => void;
  /** The dashboard on this port (`service/dashboard.ts`): its paths, and its sessions as API keys. */
  dashboard?: { sessions: DashboardSessions; forward(req: IncomingMessage, res: ServerResponse): boolean };
}

/** A created Studio API server: call `listen()` to start it and `close()` to stop it. */
export interface StudioServer {
  /** The underlying node:http server. */
  readonly server: Server;
  /** Starts listening; resolves with the real address (also for port 0), the API's base URL and the project's id. */
  listen(): Promise<{ url: string; host: string; port: number; projectId: number }>;
  /** Stops accepting connections and closes the open ones; the store stays open (the caller owns it). */
  close(): Promise<void>;
}

/** Statuses for the key functions' refusals (service/keys.ts). */
const KEY_ERRORS: Record<string, number> = {
  E_KEY_NAME: 400,
  E_KEY_ROLE: 400,
  E_KEY_FORMAT: 400,
  E_KEY_TTL: 400,
  E_KEY_EXISTS: 409,
  E_KEY_NOT_FOUND: 404,
  E_KEY_REVOKED: 409,
  E_STORE_UNAVAILABLE: 503,
  E_STORE_CLOSED: 503,
};

interface Compiled {
  route: StudioRoute;
  re: RegExp;
  names: string[];
}

function compile(routes: StudioRoute[]): Compiled[] {
  return routes.map((route) => {
    const names: string[] = [];
    const pattern = (route.global ? route.path : '/v1/api/:projectId' + route.path).replace(/:([A-Za-z]+)/g, (_, n: string) => {
      names.push(n);
      return '([^/]+)';
    });
    return { route, re: new RegExp(`^${pattern}/?$`), names };
  });
}

const ROUTES = compile([...dataRoutes, ...keyRoutes, ...deviceRoutes]);

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw studioError(413, 'E_TOO_LARGE', `request bodies are limited to ${MAX_BODY} bytes`);
    chunks.push(c);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw studioError(400, 'E_BAD_REQUEST', 'the request body is not valid JSON');
  }
}

/** Creates Edge Impulse's Studio API subset (`/v1`: project, keys, devices, start-sampling, raw data) on a store; nothing listens until `listen()`. */
export function createStudioServer(options: StudioServerOptions): StudioServer {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_STUDIO_PORT;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((e: unknown) => console.error('edgesign studio API: internal error:', e));
  let ctx: StudioContext | null = null;

  async function handle(req: IncomingMessage): Promise<StudioAnswer> {
    if (!ctx) throw studioError(503, 'E_STARTING', 'the server is starting');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    let pathMatched = false;
    for (const { route, re, names } of ROUTES) {
      const m = re.exec(url.pathname);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      const key = await studioAuth(ctx.store, req, route.need, now, options.dashboard?.sessions);
      if (!route.global && params['projectId'] !== String(ctx.project.id)) {
        throw studioError(404, 'E_PROJECT_NOT_FOUND', `Project ${params['projectId']} not found (this server holds project ${ctx.project.id})`);
      }
      const body = method === 'POST' ? await readJson(req) : undefined;
      return route.handle(ctx, { req, params, query: url.searchParams, body, key });
    }
    if (pathMatched) throw studioError(405, 'E_METHOD_NOT_ALLOWED', `${method} is not supported on ${url.pathname}`);
    throw studioError(404, 'E_NOT_FOUND', `No Studio API route for ${method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    if (options.dashboard?.forward(req, res)) return;
    handle(req).then(
      (answer) => sendStudio(res, answer),
      (e: unknown) => {
        if (e instanceof StudioError) return sendStudio(res, e);
        if (isEdgesignError(e) && KEY_ERRORS[e.code]) return sendStudio(res, studioError(KEY_ERRORS[e.code]!, e.code, e.message));
        onError(e);
        sendStudio(res, studioError(500, 'E_INTERNAL', e instanceof Error ? e.message : String(e)));
      },
    );
  });

  return {
    server,
    async listen() {
      const project = await loadProject(options.store, { id: options.projectId, name: options.projectName }, now);
      ctx = { store: options.store, project, remote: options.remote, now };
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const a = server.address() as AddressInfo;
      const h = host.includes(':') ? `[${host}]` : host;
      return { url: `http://${h}:${a.port}/v1`, host, port: a.port, projectId: project.id };
    },
    close() {
      return new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
