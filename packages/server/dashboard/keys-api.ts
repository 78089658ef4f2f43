/**
 * The key routes of the service's admin API (`/api/keys`, `/api/hmackeys`), typed for the Keys page.
 * Admin keys only: the server answers 403 to any other role.
 * @module
 */
import { getJson, sendJson } from './api.js';
import type { Role } from './session.js';

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  isDevelopmentKey: boolean;
  created: string;
  /** When the API reports them (the Studio API does). */
  lastUsed?: string | null;
  expires?: string | null;
}

export interface HmacKey {
  id: string;
  name: string;
  isDevelopmentKey: boolean;
  /** The 32 hex characters devices sign with. */
  key: string;
  created: string;
}

/** What creating an API key returns: the only time `key` (the `ei_…` secret) is seen. */
export interface CreatedApiKey {
  id: string;
  name: string;
  role: Role;
  isDevelopmentKey: boolean;
  key: string;
}

const id = (s: string) => encodeURIComponent(s);

export const listApiKeys = async (): Promise<ApiKey[]> => (await getJson<{ apiKeys: ApiKey[] }>('/api/keys')).apiKeys;
export const createApiKey = (body: { name: string; role: Role; isDevelopmentKey: boolean }) => sendJson<CreatedApiKey>('POST', '/api/keys', body);
export const revokeApiKey = (keyId: string) => sendJson<unknown>('DELETE', `/api/keys/${id(keyId)}`);

export const listHmacKeys = async (): Promise<HmacKey[]> => (await getJson<{ hmacKeys: HmacKey[] }>('/api/hmackeys')).hmacKeys;
/** `hmacKey` undefined: the service generates one. */
export const createHmacKey = (body: { name: string; isDevelopmentKey: boolean; hmacKey?: string }) => sendJson<HmacKey>('POST', '/api/hmackeys', body);
export const revokeHmacKey = (keyId: string) => sendJson<unknown>('DELETE', `/api/hmackeys/${id(keyId)}`);
export const setDevHmacKey = (keyId: string) => sendJson<HmacKey>('POST', `/api/hmackeys/${id(keyId)}/set-dev`);

/** HMAC key names by id, revoked keys included (samples keep pointing at the key that verified them). */
export async function hmacKeyNames(): Promise<Map<string, string>> {
  const { hmacKeys } = await getJson<{ hmacKeys: HmacKey[] }>('/api/hmackeys?includeRevoked=1');
  return new Map(hmacKeys.map((k) => [k.id, k.name]));
}

/**
 * When each API key was last used and when it expires, from the Studio API's key listing (the admin
 * API's does not carry them); on a port without the Studio API there is nothing to add.
 */
export async function apiKeyUsage(projectId: number): Promise<Map<string, { lastUsed: string | null; expires: string | null }>> {
  const { apiKeys } = await getJson<{ apiKeys: Array<{ id: string; lastUsed?: { date: string }; expires?: string }> }>(`/v1/api/${projectId}/apikeys`);
  return new Map(apiKeys.map((k) => [k.id, { lastUsed: k.lastUsed?.date ?? null, expires: k.expires ?? null }]));
}
