/**
 * The admin key API (admin API keys only): `/api/keys`, `/api/hmackeys` (list, create, revoke,
 * `set-dev`) and `/api/devkeys`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEdgesignError } from 'edgesign';
import { createApiKey, createHmacKey, getDevKeys, keyKindOf, listKeys, revokeKey, setDevKey, type ApiKeyInfo, type HmacKeyInfo } from './keys.js';
import type { Store } from './store.js';
import { readBoundedBody } from './http-body.js';
import { json, methodNotAllowed, refuse, type Answer } from './http-reply.js';
import { authenticate, type Ctx } from './http-request.js';

/** Largest JSON body of an admin request. */
const ADMIN_MAX_BYTES = 64 * 1024;
const KEY_RE = /^\/api\/(keys|hmackeys)\/([A-Za-z0-9_]{1,64})(\/set-dev)?\/?$/;

/** Answers the admin routes; undefined when `path` is none of them. */
export async function adminRoute(
  ctx: Ctx,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
  query: URLSearchParams,
  expectContinue: boolean,
): Promise<Answer | undefined> {
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
    return json(await (kind === 'api' ? revokeApiKeyKeepingAnAdmin(ctx.store, id) : revokeKey(ctx.store, id)).catch(keyError));
  }
  if (path === '/api/devkeys' || path === '/api/devkeys/') {
    if (method !== 'GET') throw methodNotAllowed('GET');
    await authenticate(ctx, req, 'admin');
    return json(await getDevKeys(ctx.store));
  }
  return undefined;
}

// API key revocations over HTTP run one after the other, so two admins revoking each other at once
// cannot both pass the "another admin remains" check.
let apiKeyRevocations: Promise<unknown> = Promise.resolve();

/**
 * Revokes an API key unless it is the last active admin key (409 `E_LAST_ADMIN`): over HTTP that
 * would leave the project with no one able to manage keys. The operator on the machine still can,
 * with `edgesign keys revoke` on the data directory.
 */
function revokeApiKeyKeepingAnAdmin(store: Store, id: string): Promise<ApiKeyInfo | HmacKeyInfo> {
  const run = apiKeyRevocations.then(async () => {
    const target = await store.getKey(id);
    if (target?.kind === 'api' && target.role === 'admin' && target.revokedAt === null) {
      const admins = (await store.listKeys({ kind: 'api' })).filter((k) => k.role === 'admin');
      if (admins.length <= 1) {
        throw refuse(
          409,
          'E_LAST_ADMIN',
          'this is the last active admin API key: create another admin key first (edgesign keys revoke on the data directory can still revoke it)',
        );
      }
    }
    return revokeKey(store, id);
  });
  apiKeyRevocations = run.catch(() => {});
  return run;
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
      case 'E_DEV_KEY_ADMIN':
        throw refuse(400, e.code, e.message);
    }
  }
  throw e;
}

async function readJsonBody(req: IncomingMessage, res: ServerResponse, expectContinue: boolean): Promise<Record<string, unknown>> {
  const raw = await readBoundedBody(req, res, ADMIN_MAX_BYTES, expectContinue);
  let v: unknown;
  try {
    v = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    throw refuse(400, 'E_BAD_REQUEST', 'the body must be a JSON object');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw refuse(400, 'E_BAD_REQUEST', 'the body must be a JSON object');
  return v as Record<string, unknown>;
}
