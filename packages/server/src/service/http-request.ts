/**
 * What the route handlers share: the server's context, a request header's value, and the `x-api-key`
 * check (401 / 403).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { INGESTION_ROLES, checkApiKey, type ApiKeyInfo } from './keys.js';
import { refuse, type Answer } from './http-reply.js';
import type { SampleCategory, Store } from './store.js';
import type { SignaturePolicy } from './http.js';
import type { Dashboard } from './dashboard.js';
import type { ByteBudget } from './http-body.js';
import type { UploadCheckPool } from './upload-check-pool.js';

/**
 * A route of the ingestion server that may read the body: its answer, or undefined when `path` is not
 * its own (the server then asks the next route). `expectContinue`: the client waits for 100 Continue.
 */
export type BodyRoute = (ctx: Ctx, req: IncomingMessage, res: ServerResponse, method: string, path: string, expectContinue: boolean) => Promise<Answer | undefined>;

/** The server's settings and store, as every handler reads them. */
export interface Ctx {
  store: Store;
  policy: SignaturePolicy;
  maxBytes: number;
  maxAgeSeconds: number | undefined;
  now: (() => number) | undefined;
  /** `/files`: refuse files that cannot carry an HMAC instead of storing them marked `unsigned`. */
  refuseUnsignedFiles?: boolean;
  /** The dashboard, whose session cookie stands in for `x-api-key` (absent: no dashboard). */
  dashboard?: Dashboard;
  /** Refuse an identical body whatever `x-disallow-duplicates` says (`serve --disallow-duplicates`). */
  disallowDuplicates: boolean;
  /** Bytes of upload bodies held at once (503 `E_BUSY` beyond). */
  inFlight: ByteBudget;
  /** Where upload bodies are checked (inline or in worker threads). */
  checks: UploadCheckPool;
}

/** The sample categories a path or a query may name. */
export const CATEGORIES = new Set<SampleCategory>(['training', 'testing', 'anomaly']);

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Checks `x-api-key`: 401 when missing or unknown/revoked, 403 when its role may not do `need`. */
export async function authenticate(ctx: Ctx, req: IncomingMessage, need: 'read' | 'ingest' | 'admin'): Promise<ApiKeyInfo> {
  const secret = header(req, 'x-api-key') ?? ctx.dashboard?.sessions.secretFor(req);
  if (secret === undefined || secret.trim() === '') throw refuse(401, 'E_API_KEY_MISSING', 'the x-api-key header is required');
  const checked = await checkApiKey(ctx.store, secret.trim());
  if (!checked.ok) {
    if (checked.reason === 'expired') throw refuse(401, 'E_API_KEY_EXPIRED', 'the API key in x-api-key has expired (its ttl ran out)');
    throw refuse(401, 'E_API_KEY_INVALID', 'the API key in x-api-key is not valid (unknown or revoked)');
  }
  const key = checked.key;
  if (need === 'ingest' && !INGESTION_ROLES.includes(key.role)) {
    throw refuse(403, 'E_FORBIDDEN', `an API key with role ${key.role} may not add data (admin, ingestion_deployment or ingestiononly can)`);
  }
  if (need === 'admin' && key.role !== 'admin') throw refuse(403, 'E_FORBIDDEN', `managing keys needs an admin API key (this one is ${key.role})`);
  return key;
}
