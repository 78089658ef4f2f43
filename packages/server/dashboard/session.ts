/**
 * Logging in and out (`/dashboard/session` on the server). The session id lives in an HttpOnly cookie
 * this code cannot read; what it gets back is who is logged in and the CSRF token for its requests,
 * kept in memory only (a reload asks the server again).
 * @module
 */
import { ApiError, getJson, sendJson, setCsrfToken } from './api.js';

export type Role = 'admin' | 'ingestion_deployment' | 'ingestiononly' | 'readonly';

export interface Session {
  keyId: string;
  name: string;
  role: Role;
  csrf: string;
}

/** The seed's labels for the four roles, in its order. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'Admin (full access)',
  ingestion_deployment: 'Ingestion + deployment',
  ingestiononly: 'Ingestion',
  readonly: 'Read-only',
};

/** Key management needs an admin key (the API refuses the others with 403 anyway). */
export function canManageKeys(s: Session): boolean {
  return s.role === 'admin';
}

const PATH = '/dashboard/session';

/** The current session, or null when not logged in. */
export async function currentSession(): Promise<Session | null> {
  try {
    const s = await getJson<Session>(PATH);
    setCsrfToken(s.csrf);
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export async function logIn(apiKey: string): Promise<Session> {
  setCsrfToken(null);
  const s = await sendJson<Session>('POST', PATH, { apiKey });
  setCsrfToken(s.csrf);
  return s;
}

export async function logOut(): Promise<void> {
  try {
    await sendJson('DELETE', PATH);
  } finally {
    setCsrfToken(null);
  }
}
