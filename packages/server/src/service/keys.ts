/**
 * Key management on a {@link Store}: the project's API keys (`ak_…` ids, `ei_…` secrets, Edge Impulse's
 * roles) and HMAC keys (`hk_…` ids, 32-hex-character secrets used as their ASCII bytes), development
 * keys, revocation. The CLI (`edgesign keys …`) calls these directly on the store; the admin HTTP API
 * calls the same functions.
 *
 * - An API key's `ei_…` secret is returned once, by `createApiKey`. The store keeps only its SHA-256,
 *   except for the development API key, whose secret is kept so tooling can fetch it (Edge Impulse does
 *   the same); when the flag moves to another key, or the key is revoked, the kept secret is dropped.
 * - An admin API key is never the development key (`E_DEV_KEY_ADMIN`): that secret is kept in clear.
 * - Key names: at most {@link MAX_NAME_LENGTH} characters, no control characters (`E_KEY_NAME`).
 * - At most one development key of each kind. Creating a key with `dev: true` moves the flag; an API key
 *   can become the development key only at creation (its secret is gone afterwards); `setDevKey` moves
 *   the flag between HMAC keys.
 * - Revoked keys stay listed with `includeRevoked` (samples keep pointing at the HMAC key that verified
 *   them) but never authenticate or verify again.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { EdgesignError } from 'edgesign';
import type { ApiKeyRole, KeyKind, KeyRecord, Store } from './store.js';
import { MAX_NAME_LENGTH, textProblem } from './text-rules.js';

/** Edge Impulse's four API key roles: `admin` (everything, keys included), `ingestion_deployment` and `ingestiononly` (add data and devices), `readonly`. */
export const API_KEY_ROLES: readonly ApiKeyRole[] = Object.freeze(['admin', 'ingestion_deployment', 'ingestiononly', 'readonly']);

/** Roles that may post data to `/api/{category}/data`. */
export const INGESTION_ROLES: readonly ApiKeyRole[] = Object.freeze(['admin', 'ingestion_deployment', 'ingestiononly']);

/** What tooling tells a user who asks for development keys when none is set. */
export const NO_DEV_KEYS_MESSAGE =
  "You don't have any development keys set. Create them with `edgesign keys create-api-key --name NAME --role ingestiononly --dev` " +
  'and `edgesign keys create-hmac-key --name NAME --dev` (or make an existing HMAC key the development key with `edgesign keys set-dev ID`).';

/** An API key as listed (its secret is never part of a listing). */
export interface ApiKeyInfo {
  /** The key's id (`ak_…`); not a secret. */
  id: string;
  /** Always `api`. */
  kind: 'api';
  /** The name given at creation. */
  name: string;
  /** What the key may do (see {@link API_KEY_ROLES}). */
  role: ApiKeyRole;
  /** Whether it is the project's development API key (whose secret the store keeps so tooling can fetch it). */
  isDevelopmentKey: boolean;
  /** When it was created (ISO 8601). */
  created: string;
  /** When it was revoked (ISO 8601), or null while active. */
  revoked: string | null;
}

/** An HMAC key as listed; `key` is the secret devices sign with. */
export interface HmacKeyInfo {
  /** The key's id (`hk_…`); not a secret. */
  id: string;
  /** Always `hmac`. */
  kind: 'hmac';
  /** The name given at creation. */
  name: string;
  /** Whether it is the project's development HMAC key (the one sample requests hand to devices). */
  isDevelopmentKey: boolean;
  /** The 32 hex characters, used by devices as their 32 ASCII bytes. */
  key: string;
  /** When it was created (ISO 8601). */
  created: string;
  /** When it was revoked (ISO 8601), or null while active. */
  revoked: string | null;
}

/** What `createApiKey` returns: the only time the `ei_…` secret (`key`) is shown. */
export interface CreatedApiKey {
  /** The new key's id (`ak_…`). */
  id: string;
  /** The name given. */
  name: string;
  /** Its role. */
  role: ApiKeyRole;
  /** Whether it became the development API key. */
  isDevelopmentKey: boolean;
  /** The `ei_…` secret: shown this once; the store keeps only its SHA-256 (unless it is the development key). */
  key: string;
}

/** What `createHmacKey` returns: the new key and its secret. */
export interface CreatedHmacKey {
  /** The new key's id (`hk_…`). */
  id: string;
  /** The name given. */
  name: string;
  /** Whether it became the development HMAC key. */
  isDevelopmentKey: boolean;
  /** The 32 hex characters devices sign with (as their ASCII bytes). */
  key: string;
}

/** The development keys: the development API key's `ei_…` secret and the development HMAC key. */
export interface DevKeys {
  /** The development API key's `ei_…` secret, or null when none is set. */
  apiKey: string | null;
  /** The development HMAC key, or null when none is set. */
  hmacKey: string | null;
}

const HMAC_KEY_RE = /^[0-9a-fA-F]{32}$/;

/**
 * Lowercase hex SHA-256 of an `ei_…` secret: how API keys are stored and looked up. Computed for every
 * request (about a microsecond): no cache of secrets, so nothing an attacker sends outlives its request.
 */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function newId(prefix: 'ak_' | 'hk_'): string {
  return prefix + randomBytes(8).toString('hex');
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new EdgesignError('E_KEY_NAME', 'a key needs a non-empty name');
  const why = textProblem(name, MAX_NAME_LENGTH);
  if (why !== null) throw new EdgesignError('E_KEY_NAME', `a key name ${why}`);
  return name;
}

/** True for one of Edge Impulse's four API key roles. */
export function isApiKeyRole(role: unknown): role is ApiKeyRole {
  return typeof role === 'string' && (API_KEY_ROLES as readonly string[]).includes(role);
}

/**
 * Creates an API key. The returned `key` (`ei_` + 64 hex characters) is shown here only; the store keeps
 * its SHA-256 (and, for a development key, the secret itself).
 */
export async function createApiKey(
  store: Store,
  options: {
    name: string;
    role: ApiKeyRole;
    dev?: boolean;
    /** Seconds the key authenticates for (the Studio API's `ttl`); default: no expiry. */
    ttlSeconds?: number;
    /** A caller-chosen secret (the Studio API's `apiKey`): `ei_` and at least 32 characters, as Edge Impulse requires. */
    secret?: string;
    /** Clock (ms since the epoch) for `created` and the expiry; default `Date.now`. */
    now?: () => number;
  },
): Promise<CreatedApiKey> {
  const name = checkName(options?.name);
  if (!isApiKeyRole(options.role)) {
    throw new EdgesignError('E_KEY_ROLE', `the role must be one of ${API_KEY_ROLES.join(', ')}, got ${JSON.stringify(options.role)}`);
  }
  const ttl = options.ttlSeconds;
  if (ttl !== undefined && !(typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0)) {
    throw new EdgesignError('E_KEY_TTL', `ttl must be a positive number of seconds, got ${JSON.stringify(ttl)}`);
  }
  if (options.secret !== undefined && !(typeof options.secret === 'string' && /^ei_[\x21-\x7e]{29,}$/.test(options.secret))) {
    throw new EdgesignError('E_KEY_FORMAT', 'a chosen API key must start with "ei_" and have at least 32 printable characters');
  }
  const dev = options.dev === true;
  if (dev && options.role === 'admin') {
    // The development API key's secret is kept in clear and served by GET /api/devkeys; an admin
    // secret stored that way would hand key management to anyone who can read the data directory.
    throw new EdgesignError(
      'E_DEV_KEY_ADMIN',
      'an admin API key cannot be the development key (its secret would be stored in clear): use role ingestiononly or ingestion_deployment with --dev',
    );
  }
  const nowMs = (options.now ?? Date.now)();
  const secret = options.secret ?? 'ei_' + randomBytes(32).toString('hex');
  const expiresAt = ttl === undefined ? null : new Date(nowMs + ttl * 1000).toISOString();
  const record: KeyRecord = {
    id: newId('ak_'),
    kind: 'api',
    name,
    role: options.role,
    secret: dev ? secret : null,
    secretHash: hashApiKeySecret(secret),
    isDevelopmentKey: dev,
    createdAt: new Date(nowMs).toISOString(),
    revokedAt: null,
    expiresAt,
  };
  try {
    await store.insertKey(record);
  } catch (e) {
    // A chosen secret that is already some key's: the unique secret_hash refuses it.
    if (options.secret !== undefined && /UNIQUE/i.test(String((e as Error)?.message))) {
      throw new EdgesignError('E_KEY_EXISTS', 'that API key is already in use');
    }
    throw e;
  }
  return { id: record.id, name, role: options.role, isDevelopmentKey: dev, key: secret };
}

/**
 * Creates an HMAC key: `key` is 32 hex characters (random by default), used by devices as its 32 ASCII
 * bytes (never hex-decoded), which is also the most Edge Impulse's C SDK takes without truncating.
 */
export async function createHmacKey(store: Store, options: { name: string; dev?: boolean; key?: string }): Promise<CreatedHmacKey> {
  const name = checkName(options?.name);
  const dev = options.dev === true;
  let key: string;
  if (options.key === undefined) key = randomBytes(16).toString('hex');
  else if (typeof options.key === 'string' && HMAC_KEY_RE.test(options.key)) key = options.key;
  else throw new EdgesignError('E_KEY_FORMAT', 'an HMAC key must be 32 hex characters (it is used as its 32 ASCII bytes)');
  const record: KeyRecord = {
    id: newId('hk_'),
    kind: 'hmac',
    name,
    role: null,
    secret: key,
    secretHash: null,
    isDevelopmentKey: dev,
    createdAt: new Date().toISOString(),
    revokedAt: null,
    expiresAt: null,
  };
  await store.insertKey(record);
  return { id: record.id, name, isDevelopmentKey: dev, key };
}

/** The listing form of a key record (API key secrets never appear in it). */
export function keyInfo(k: KeyRecord): ApiKeyInfo | HmacKeyInfo {
  if (k.kind === 'api') {
    return {
      id: k.id,
      kind: 'api',
      name: k.name,
      role: k.role!,
      isDevelopmentKey: k.isDevelopmentKey,
      created: k.createdAt,
      revoked: k.revokedAt,
    };
  }
  return { id: k.id, kind: 'hmac', name: k.name, isDevelopmentKey: k.isDevelopmentKey, key: k.secret!, created: k.createdAt, revoked: k.revokedAt };
}

/** All keys, oldest first, split by kind. Revoked ones only with `includeRevoked`. */
export async function listKeys(
  store: Store,
  options: { includeRevoked?: boolean } = {},
): Promise<{ apiKeys: ApiKeyInfo[]; hmacKeys: HmacKeyInfo[] }> {
  const all = await store.listKeys({ includeRevoked: options.includeRevoked === true });
  return {
    apiKeys: all.filter((k) => k.kind === 'api').map((k) => keyInfo(k) as ApiKeyInfo),
    hmacKeys: all.filter((k) => k.kind === 'hmac').map((k) => keyInfo(k) as HmacKeyInfo),
  };
}

/**
 * Revokes a key of either kind by id (idempotent: revoking a revoked key returns it unchanged). A
 * revoked development key stops being the development key. Throws `E_KEY_NOT_FOUND`.
 */
export async function revokeKey(store: Store, id: string): Promise<ApiKeyInfo | HmacKeyInfo> {
  const rec = await store.revokeKey(String(id), new Date().toISOString());
  if (!rec) throw new EdgesignError('E_KEY_NOT_FOUND', `no key with id ${JSON.stringify(id)}`);
  return keyInfo(rec);
}

/**
 * Makes an HMAC key the development HMAC key (the previous one loses the flag). Throws
 * `E_KEY_NOT_FOUND`, `E_KEY_REVOKED`, or `E_DEV_KEY_API` for an API key (which can only become the
 * development key when created, because its secret is not kept otherwise).
 */
export async function setDevKey(store: Store, id: string): Promise<HmacKeyInfo> {
  const existing = await store.getKey(String(id));
  if (!existing) throw new EdgesignError('E_KEY_NOT_FOUND', `no key with id ${JSON.stringify(id)}`);
  if (existing.revokedAt !== null) throw new EdgesignError('E_KEY_REVOKED', `key ${id} is revoked`);
  if (existing.kind === 'api') {
    if (existing.isDevelopmentKey) throw new EdgesignError('E_DEV_KEY_API', `${id} is already the development API key`);
    throw new EdgesignError(
      'E_DEV_KEY_API',
      `an API key can become the development key only when it is created (its secret is not kept): use \`edgesign keys create-api-key --name NAME --role ROLE --dev\``,
    );
  }
  const rec = await store.setDevelopmentKey(existing.id);
  if (!rec) throw new EdgesignError('E_KEY_NOT_FOUND', `no key with id ${JSON.stringify(id)}`);
  if (rec.revokedAt !== null) throw new EdgesignError('E_KEY_REVOKED', `key ${id} is revoked`);
  return keyInfo(rec) as HmacKeyInfo;
}

/** The development keys, each null when none is set (see {@link NO_DEV_KEYS_MESSAGE}). */
export async function getDevKeys(store: Store): Promise<DevKeys> {
  const dev = (await store.listKeys()).filter((k) => k.isDevelopmentKey);
  return {
    apiKey: dev.find((k) => k.kind === 'api')?.secret ?? null,
    hmacKey: dev.find((k) => k.kind === 'hmac')?.secret ?? null,
  };
}

/**
 * What to tell a user about missing development keys: null when every key in `need` is set, else
 * {@link NO_DEV_KEYS_MESSAGE} (naming which one is missing when only one is).
 */
export function missingDevKeysMessage(keys: DevKeys, need: 'api' | 'hmac' | 'both' = 'both'): string | null {
  const missApi = need !== 'hmac' && keys.apiKey === null;
  const missHmac = need !== 'api' && keys.hmacKey === null;
  if (!missApi && !missHmac) return null;
  if (missApi && missHmac) return NO_DEV_KEYS_MESSAGE;
  return missApi
    ? "You don't have a development API key set. Create one with `edgesign keys create-api-key --name NAME --role ingestiononly --dev`."
    : "You don't have a development HMAC key set. Create one with `edgesign keys create-hmac-key --name NAME --dev`, or pick one with `edgesign keys set-dev ID`.";
}

/** Like {@link getDevKeys}, but throws `E_NO_DEV_KEYS` with the plain message when a needed key is missing. */
export async function requireDevKeys(store: Store, need: 'api' | 'hmac' | 'both' = 'both'): Promise<DevKeys> {
  const keys = await getDevKeys(store);
  const msg = missingDevKeysMessage(keys, need);
  if (msg !== null) throw new EdgesignError('E_NO_DEV_KEYS', msg);
  return keys;
}

/** Why an `x-api-key` value does not authenticate. */
export type ApiKeyRefusal = 'unknown' | 'expired';

/** True when an API key's expiry (if any) is at or before `nowMs`. */
export function isExpired(key: Pick<KeyRecord, 'expiresAt'>, nowMs: number): boolean {
  return key.expiresAt !== null && Date.parse(key.expiresAt) <= nowMs;
}

// `lastUsed` is written at most once per key per this many ms: a device posting many samples a second
// must not turn every request into a SQLite commit (Edge Impulse's `lastUsed` is a date, not a counter).
const TOUCH_EVERY_MS = 1000;
const lastTouched = new WeakMap<Store, Map<string, number>>();

function touch(store: Store, id: string, nowMs: number): void {
  let m = lastTouched.get(store);
  if (!m) lastTouched.set(store, (m = new Map()));
  const prev = m.get(id);
  if (prev !== undefined && nowMs - prev < TOUCH_EVERY_MS && nowMs >= prev) return;
  m.set(id, nowMs);
  // Best effort: a failed usage write must not fail the request it belongs to.
  store.touchKey(id, new Date(nowMs).toISOString()).catch(() => m.delete(id));
}

/**
 * The active API key for an `x-api-key` value, or why not: `unknown` (unknown, revoked, or not an
 * `ei_` key) or `expired` (its `ttl` ran out at `now`). A successful check records `lastUsed`.
 */
export async function checkApiKey(
  store: Store,
  secret: string,
  now: () => number = Date.now,
): Promise<{ ok: true; key: ApiKeyInfo; record: KeyRecord } | { ok: false; reason: ApiKeyRefusal }> {
  if (typeof secret !== 'string' || secret === '') return { ok: false, reason: 'unknown' };
  const rec = await store.findApiKeyByHash(hashApiKeySecret(secret));
  if (!rec || rec.kind !== 'api' || rec.revokedAt !== null) return { ok: false, reason: 'unknown' };
  const nowMs = now();
  if (isExpired(rec, nowMs)) return { ok: false, reason: 'expired' };
  touch(store, rec.id, nowMs);
  return { ok: true, key: keyInfo(rec) as ApiKeyInfo, record: rec };
}

/** The active, unexpired API key for an `x-api-key` value, or undefined. */
export async function authenticateApiKey(store: Store, secret: string, now: () => number = Date.now): Promise<ApiKeyInfo | undefined> {
  const r = await checkApiKey(store, secret, now);
  return r.ok ? r.key : undefined;
}

/** The active HMAC keys as the verifier takes them (`{ id, key }`), oldest first. */
export async function activeHmacKeys(store: Store): Promise<Array<{ id: string; key: string }>> {
  return (await store.listKeys({ kind: 'hmac' })).map((k) => ({ id: k.id, key: k.secret! }));
}

/** The kind a key id names, from its prefix. */
export function keyKindOf(id: string): KeyKind | undefined {
  return id.startsWith('ak_') ? 'api' : id.startsWith('hk_') ? 'hmac' : undefined;
}
