/**
 * The dashboard's only way to the service: its public HTTP API, authenticated by the session cookie
 * (sent by the browser, never visible to this code) plus the session's CSRF token in
 * `x-edgesign-csrf` (see dashboard-session.ts on the server). Refusals come back as the API's
 * `E_CODE: message` text and become {@link ApiError}s with that code.
 * @module
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onSessionEnded: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401 to a logged-in page (session ended, key revoked). */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

async function request(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (csrfToken !== null) headers['x-edgesign-csrf'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'E_NETWORK', `the service did not answer (${e instanceof Error ? e.message : String(e)})`);
  }
  if (res.ok) return res;
  const err = await toError(res);
  if (res.status === 401 && csrfToken !== null && path !== '/dashboard/session') onSessionEnded?.();
  throw err;
}

async function toError(res: Response): Promise<ApiError> {
  const text = (await res.text().catch(() => '')).trim();
  const coded = /^(E_[A-Z0-9_]+): ([\s\S]*)$/.exec(text);
  if (coded) return new ApiError(res.status, coded[1]!, coded[2]!);
  try {
    // Studio API answers: {"success": false, "error": "…", "code": "E_…"}.
    const j = JSON.parse(text) as { error?: unknown; code?: unknown };
    if (typeof j.error === 'string') return new ApiError(res.status, typeof j.code === 'string' ? j.code : `HTTP_${res.status}`, j.error);
  } catch {
    // not JSON
  }
  return new ApiError(res.status, `HTTP_${res.status}`, text || res.statusText);
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await request('GET', path)).json()) as T;
}

export async function sendJson<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return (await (await request(method, path, body)).json()) as T;
}

/** A body exactly as the service sent it, with its content type. */
export async function getBytes(path: string): Promise<{ bytes: Uint8Array; contentType: string }> {
  const res = await request('GET', path);
  return { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
}
