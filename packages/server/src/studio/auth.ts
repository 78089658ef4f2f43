/**
 * Who may call which Studio route: the seed's roles, as Edge Impulse's Keys tab describes them
 * (docs.edgeimpulse.com/studio/projects/dashboard/api-keys): Admin — full access; Ingestion + deployment
 * — add data, connect to remote management, read data, deploy; Ingestion — add data, connect to remote
 * management, read data; Read-only — read data and impulse state only.
 *
 * | need | roles | routes |
 * |---|---|---|
 * | `read` | all four | project, devices list/get, raw-data, start-sampling status |
 * | `ingest` | admin, ingestion_deployment, ingestiononly | devices create/rename, start-sampling, devkeys/hmac |
 * | `admin` | admin | apikeys, hmackeys, devkeys |
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { INGESTION_ROLES, checkApiKey, type ApiKeyInfo } from '../service/keys.js';
import type { Store } from '../service/store.js';
import type { DashboardSessions } from '../service/dashboard-session.js';
import { studioError } from './reply.js';

export type StudioNeed = 'read' | 'ingest' | 'admin';

/** Checks `x-api-key` for a Studio route: 401 missing/unknown/revoked/expired, 403 role. */
export async function studioAuth(store: Store, req: IncomingMessage, need: StudioNeed, now: () => number, sessions?: DashboardSessions): Promise<ApiKeyInfo> {
  const raw = req.headers['x-api-key'];
  let secret = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  // Without x-api-key, the dashboard's login session (cookie + CSRF header) stands in for it.
  const session = raw === undefined ? sessions?.check(req) : undefined;
  if (session && 'code' in session) throw studioError(session.status, session.code, session.message);
  if (session) secret = session.secret;
  if (!secret) throw studioError(401, 'E_API_KEY_MISSING', 'Missing x-api-key header: this server takes project API keys (ei_…)');
  const r = await checkApiKey(store, secret, now);
  if (!r.ok) {
    throw r.reason === 'expired'
      ? studioError(401, 'E_API_KEY_EXPIRED', 'This API key has expired')
      : studioError(401, 'E_API_KEY_INVALID', 'Invalid API key (unknown or revoked)');
  }
  const role = r.key.role;
  if (need === 'admin' && role !== 'admin') throw studioError(403, 'E_FORBIDDEN', `This route needs an admin API key (this one is ${role})`);
  if (need === 'ingest' && !INGESTION_ROLES.includes(role)) {
    throw studioError(403, 'E_FORBIDDEN', `An API key with role ${role} may not do this (admin, ingestion_deployment or ingestiononly can)`);
  }
  return r.key;
}
