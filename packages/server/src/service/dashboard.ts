/**
 * The project's dashboard on the service's port: its prebuilt files (`dashboard-static.ts`) and its
 * login sessions (`dashboard-session.ts`). The page itself talks only to the public API (`/api/…`),
 * authenticated by the session cookie through the same `authenticate` as `x-api-key`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DashboardAssets } from './dashboard-static.js';
import { DashboardSessions } from './dashboard-session.js';
import type { Answer } from './http-reply.js';
import type { Ctx } from './http-request.js';

export interface Dashboard {
  readonly assets: DashboardAssets;
  readonly sessions: DashboardSessions;
}

/** A dashboard serving the built files in `dir` (default: the package's `dist/dashboard/`). */
export function createDashboard(dir?: string): Dashboard {
  return { assets: new DashboardAssets(dir), sessions: new DashboardSessions() };
}

/** Answers the dashboard's pages, files and session routes; undefined for any other path. */
export async function dashboardRoute(
  ctx: Ctx,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
  expectContinue: boolean,
): Promise<Answer | undefined> {
  const dashboard = ctx.dashboard;
  if (!dashboard) return undefined;
  return (await dashboard.sessions.route(ctx, req, res, method, path, expectContinue)) ?? dashboard.assets.route(res, method, path);
}
