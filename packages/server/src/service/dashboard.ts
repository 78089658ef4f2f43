/**
 * The project's dashboard on the service's port: its prebuilt files (`dashboard-static.ts`) and its
 * login sessions (`dashboard-session.ts`). The page itself talks only to the public API (`/api/…`),
 * authenticated by the session cookie through the same `authenticate` as `x-api-key`.
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DashboardAssets } from './dashboard-static.js';
import { DashboardSessions } from './dashboard-session.js';
import type { BodyRoute } from './http-request.js';

export interface Dashboard {
  readonly assets: DashboardAssets;
  readonly sessions: DashboardSessions;
}

/** A dashboard serving the built files in `dir` (default: the package's `dist/dashboard/`). */
export function createDashboard(dir?: string): Dashboard {
  return { assets: new DashboardAssets(dir), sessions: new DashboardSessions() };
}

/** Answers the dashboard's pages, files and session routes; undefined for any other path. */
export const dashboardRoute: BodyRoute = async (ctx, req, res, method, path, expectContinue) => {
  const dashboard = ctx.dashboard;
  if (!dashboard) return undefined;
  return (await dashboard.sessions.route(ctx, req, res, method, path, expectContinue)) ?? dashboard.assets.route(res, method, path);
};

/**
 * What the dashboard's page asks of the port that serves it: its own files and session, and the
 * ingestion service's read and key API. Never the data routes (`/api/{category}/data`, `…/files`).
 */
const PAGE_PATHS = /^\/(?:$|dashboard(?:\/|$)|api\/(?:samples|keys|hmackeys|devkeys)(?:\/|$))/;

/**
 * Serves the dashboard on another port of the same service (the Studio port, where the page also
 * reaches the Studio API's devices): hands the request to the ingestion server, which answers it as
 * if it had arrived there (same routes, same sessions, same checks); false for any other path.
 */
export function forwardDashboardRequest(ingestion: { readonly server: Server }, req: IncomingMessage, res: ServerResponse): boolean {
  let path: string;
  try {
    path = new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return false;
  }
  if (!PAGE_PATHS.test(path)) return false;
  ingestion.server.emit('request', req, res);
  return true;
}
