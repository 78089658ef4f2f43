/**
 * What every Studio route handler gets: the store, the project, the remote management registry, the
 * clock, and the request (with its parsed path parameters and query).
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { RemoteManagementServer } from '../remote-management/remote-management-server.js';
import type { ApiKeyInfo } from '../service/keys.js';
import type { Store } from '../service/store.js';
import type { StudioNeed } from './auth.js';
import type { ProjectSettings } from './project.js';
import type { StudioAnswer } from './reply.js';

export interface StudioContext {
  store: Store;
  project: ProjectSettings;
  /** Absent when the Studio API runs without remote management (then start-sampling says so). */
  remote: RemoteManagementServer | undefined;
  /** Milliseconds since the epoch (key expiry and `created` of new keys). */
  now: () => number;
}

export interface StudioRequest {
  req: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body (POST routes), read before the handler runs. */
  body: unknown;
  /** The API key that authenticated the request. */
  key: ApiKeyInfo;
}

/** One route: `path` is relative to `/v1/api/{projectId}` (or absolute when `global`). */
export interface StudioRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  need: StudioNeed;
  global?: boolean;
  handle(ctx: StudioContext, r: StudioRequest): Promise<StudioAnswer>;
}

/** The body as an object, or a 400. */
export function bodyObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
