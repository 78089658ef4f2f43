/**
 * Keys in Edge Impulse's Studio API shapes: `apikeys` (roles, `ttl`, `lastUsed`, masked secrets),
 * `hmackeys`, `devkeys`. The same functions as `edgesign keys …` and the admin API (`service/keys.ts`).
 * @module
 */
import { createApiKey, createHmacKey, getDevKeys, isApiKeyRole, keyKindOf, revokeKey } from '../service/keys.js';
import type { KeyRecord } from '../service/store.js';
import { bodyObject, type StudioRoute } from './context.js';
import { ok, studioError } from './reply.js';

/**
 * API key secrets are stored hashed, so a listing cannot show them; Edge Impulse masks them too. The
 * development key's secret is kept (tooling fetches it), and its last four characters are shown.
 */
function masked(k: KeyRecord): string {
  const tail = k.secret ? k.secret.slice(-4) : '';
  return 'ei_' + '*'.repeat(64 - tail.length) + tail;
}

function optionalBoolean(v: unknown, name: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw studioError(400, 'E_BAD_REQUEST', `${name} must be a boolean`);
  return v;
}

export const keyRoutes: StudioRoute[] = [
  {
    method: 'GET',
    path: '/apikeys',
    need: 'admin',
    async handle(ctx) {
      const [keys, usage] = await Promise.all([ctx.store.listKeys({ kind: 'api' }), ctx.store.listKeyUsage()]);
      return ok({
        apiKeys: keys.map((k) => ({
          id: k.id,
          apiKey: masked(k),
          isDevelopmentKey: k.isDevelopmentKey,
          name: k.name,
          created: k.createdAt,
          role: k.role,
          ...(usage.has(k.id) ? { lastUsed: { date: usage.get(k.id) } } : {}),
          ...(k.expiresAt !== null ? { expires: k.expiresAt } : {}),
        })),
      });
    },
  },
  {
    method: 'POST',
    path: '/apikeys',
    need: 'admin',
    async handle(ctx, { body }) {
      const b = bodyObject(body);
      if (!isApiKeyRole(b['role'])) throw studioError(400, 'E_KEY_ROLE', 'role must be one of admin, ingestion_deployment, ingestiononly, readonly');
      const ttl = b['ttl'];
      if (ttl !== undefined && ttl !== null && typeof ttl !== 'number') throw studioError(400, 'E_KEY_TTL', 'ttl must be a number of seconds');
      const secret = b['apiKey'];
      if (secret !== undefined && secret !== null && typeof secret !== 'string') throw studioError(400, 'E_KEY_FORMAT', 'apiKey must be a string');
      const created = await createApiKey(ctx.store, {
        name: b['name'] as string,
        role: b['role'],
        dev: optionalBoolean(b['isDevelopmentKey'], 'isDevelopmentKey'),
        ...(typeof ttl === 'number' ? { ttlSeconds: ttl } : {}),
        ...(typeof secret === 'string' ? { secret } : {}),
        now: ctx.now,
      });
      return ok({ id: created.id, apiKey: created.key });
    },
  },
  {
    method: 'DELETE',
    path: '/apikeys/:id',
    need: 'admin',
    async handle(ctx, { params }) {
      if (keyKindOf(params['id']!) !== 'api') throw studioError(404, 'E_KEY_NOT_FOUND', `No API key with id ${params['id']}`);
      await revokeKey(ctx.store, params['id']!);
      return ok();
    },
  },
  {
    method: 'GET',
    path: '/hmackeys',
    need: 'admin',
    async handle(ctx) {
      const keys = await ctx.store.listKeys({ kind: 'hmac' });
      return ok({ hmacKeys: keys.map((k) => ({ id: k.id, hmacKey: k.secret, isDevelopmentKey: k.isDevelopmentKey, name: k.name, created: k.createdAt })) });
    },
  },
  {
    method: 'POST',
    path: '/hmackeys',
    need: 'admin',
    async handle(ctx, { body }) {
      const b = bodyObject(body);
      const key = b['hmacKey'];
      if (key !== undefined && key !== null && typeof key !== 'string') throw studioError(400, 'E_KEY_FORMAT', 'hmacKey must be a string of 32 hex characters');
      const created = await createHmacKey(ctx.store, {
        name: b['name'] as string,
        dev: optionalBoolean(b['isDevelopmentKey'], 'isDevelopmentKey'),
        ...(typeof key === 'string' ? { key } : {}),
      });
      return ok({ id: created.id, hmacKey: created.key });
    },
  },
  {
    method: 'DELETE',
    path: '/hmackeys/:id',
    need: 'admin',
    async handle(ctx, { params }) {
      if (keyKindOf(params['id']!) !== 'hmac') throw studioError(404, 'E_KEY_NOT_FOUND', `No HMAC key with id ${params['id']}`);
      await revokeKey(ctx.store, params['id']!);
      return ok();
    },
  },
  {
    method: 'GET',
    path: '/devkeys',
    need: 'admin',
    async handle(ctx) {
      const d = await getDevKeys(ctx.store);
      return ok({ ...(d.apiKey !== null ? { apiKey: d.apiKey } : {}), ...(d.hmacKey !== null ? { hmacKey: d.hmacKey } : {}) });
    },
  },
  {
    method: 'GET',
    path: '/devkeys/hmac',
    // Devices sign with it: every role that may add data may read it.
    need: 'ingest',
    async handle(ctx) {
      const d = await getDevKeys(ctx.store);
      return ok(d.hmacKey !== null ? { hmacKey: d.hmacKey } : {});
    },
  },
];
