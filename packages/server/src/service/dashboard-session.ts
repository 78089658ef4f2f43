/**
 * Dashboard sessions: a person logs in with an API key once, and the browser gets an opaque session id
 * in an `HttpOnly; SameSite=Strict` cookie (script can never read it; nothing goes to localStorage).
 * Every request the page makes then goes through the same public API and the same `x-api-key` check as
 * any other client: {@link DashboardSessions.secretFor} hands `authenticate` the session's key, so a
 * role's limits, revocation and expiry apply to the page exactly as they do to a script.
 *
 * Why a CSRF token on top of SameSite=Strict: browsers treat every port of a host as the same *site*
 * (RFC 6265bis §5.2 ignores ports), so a page from another local server (say `127.0.0.1:8080`) would
 * still send the cookie. A cookie-authenticated request must also carry `x-edgesign-csrf` with the
 * session's token, which only the dashboard's own origin can read (the server answers no CORS), and a
 * custom header makes a cross-origin browser send a preflight that this server never approves.
 *
 * Routes (`/dashboard/session`):
 * - `POST` `{"apiKey":"ei_…"}` (JSON only) → `{name, role, keyId, csrf}` and the cookie; 401 for an
 *   unknown or revoked key.
 * - `GET` → the same for the current session; 401 `E_SESSION_MISSING` / `E_SESSION_EXPIRED`.
 * - `DELETE` (with the CSRF header) → logs out: forgets the session and expires the cookie.
 *
 * Sessions live in this process's memory only (a restart logs everyone out) and end after
 * {@link SESSION_IDLE_MS} without a request, or {@link SESSION_MAX_MS} after login.
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateApiKey, type ApiKeyInfo } from './keys.js';
import { readBoundedBody } from './http-body.js';
import { json, methodNotAllowed, refuse, type Answer } from './http-reply.js';
import { header, type Ctx } from './http-request.js';

export const SESSION_PATH = '/dashboard/session';
/** The header a cookie-authenticated request must carry (see the module comment). */
export const CSRF_HEADER = 'x-edgesign-csrf';
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
const MAX_SESSIONS = 1000;
const LOGIN_MAX_BYTES = 4096;

interface Session {
  /** The API key the person logged in with, kept in memory only; checked again on every request. */
  secret: string;
  csrf: string;
  created: number;
  lastSeen: number;
}

/** What the page learns about its session (never the key's secret). */
export interface SessionInfo {
  keyId: string;
  name: string;
  role: ApiKeyInfo['role'];
  csrf: string;
}

export class DashboardSessions {
  private readonly sessions = new Map<string, Session>();
  constructor(private readonly clock: () => number = Date.now) {}

  /**
   * The API key secret of the request's session, for `authenticate`; undefined when the request has no
   * session cookie. Throws 401 for an unknown or expired session and 403 without the right CSRF token.
   */
  secretFor(req: IncomingMessage): string | undefined {
    const c = this.check(req);
    if (c !== undefined && 'code' in c) throw refuse(c.status, c.code, c.message);
    return c?.secret;
  }

  /**
   * {@link secretFor} without throwing, for servers that answer refusals in their own shape (the
   * Studio API's JSON): the session's key, a refusal to send, or undefined without a session cookie.
   */
  check(req: IncomingMessage): { secret: string } | { status: number; code: 'E_SESSION_EXPIRED' | 'E_CSRF'; message: string } | undefined {
    const id = readCookie(req, cookieName(req));
    if (id === undefined) return undefined;
    const s = this.live(id);
    if (!s) return { status: 401, code: 'E_SESSION_EXPIRED', message: 'the dashboard session has ended: log in again' };
    const token = header(req, CSRF_HEADER);
    if (token === undefined || !sameText(token, s.csrf)) {
      return { status: 403, code: 'E_CSRF', message: `a request authenticated by the session cookie must carry the ${CSRF_HEADER} header of its session` };
    }
    s.lastSeen = this.clock();
    return { secret: s.secret };
  }

  /** Answers `/dashboard/session`; undefined for any other path. */
  async route(ctx: Ctx, req: IncomingMessage, res: ServerResponse, method: string, path: string, expectContinue: boolean): Promise<Answer | undefined> {
    if (path !== SESSION_PATH) return undefined;
    res.setHeader('cache-control', 'no-store');
    if (method === 'POST') return this.login(ctx, req, res, expectContinue);
    if (method === 'GET') {
      const id = readCookie(req, cookieName(req));
      const s = id === undefined ? undefined : this.live(id);
      if (!s) throw refuse(401, id === undefined ? 'E_SESSION_MISSING' : 'E_SESSION_EXPIRED', 'not logged in');
      const key = await authenticateApiKey(ctx.store, s.secret);
      if (!key) {
        this.sessions.delete(id!);
        throw refuse(401, 'E_SESSION_EXPIRED', 'the API key of this session is no longer valid: log in again');
      }
      return json(info(key, s));
    }
    if (method === 'DELETE') {
      this.secretFor(req); // the CSRF check: another site must not be able to log the person out
      const id = readCookie(req, cookieName(req));
      if (id !== undefined) this.sessions.delete(id);
      res.setHeader('set-cookie', cookie(req, '', 0));
      return json({ loggedOut: true });
    }
    throw methodNotAllowed('GET, POST, DELETE');
  }

  private async login(ctx: Ctx, req: IncomingMessage, res: ServerResponse, expectContinue: boolean): Promise<Answer> {
    // JSON only: a cross-origin page cannot send it without a CORS preflight, which is never approved.
    if (!/^application\/json\s*(;|$)/i.test(header(req, 'content-type') ?? '')) {
      throw refuse(415, 'E_UNSUPPORTED_MEDIA_TYPE', 'log in with a JSON body {"apiKey": "ei_…"}');
    }
    const raw = await readBoundedBody(req, res, LOGIN_MAX_BYTES, expectContinue);
    let apiKey: unknown;
    try {
      apiKey = (JSON.parse(raw.toString('utf8')) as { apiKey?: unknown } | null)?.apiKey;
    } catch {
      throw refuse(400, 'E_BAD_REQUEST', 'the body must be a JSON object {"apiKey": "ei_…"}');
    }
    if (typeof apiKey !== 'string' || apiKey.trim() === '') throw refuse(400, 'E_API_KEY_MISSING', 'enter an API key');
    const secret = apiKey.trim();
    const key = await authenticateApiKey(ctx.store, secret);
    if (!key) throw refuse(401, 'E_API_KEY_INVALID', 'this API key is not valid (unknown or revoked)');
    this.sweep();
    const now = this.clock();
    const id = randomBytes(32).toString('base64url');
    const s: Session = { secret, csrf: randomBytes(32).toString('base64url'), created: now, lastSeen: now };
    this.sessions.set(id, s);
    res.setHeader('set-cookie', cookie(req, id, Math.floor(SESSION_MAX_MS / 1000)));
    return json(info(key, s));
  }

  private live(id: string): Session | undefined {
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const now = this.clock();
    if (now - s.lastSeen > SESSION_IDLE_MS || now - s.created > SESSION_MAX_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  /** Drops ended sessions, and the oldest ones past {@link MAX_SESSIONS}, so the table stays bounded. */
  private sweep(): void {
    for (const id of [...this.sessions.keys()]) this.live(id);
    while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
  }
}

function info(key: ApiKeyInfo, s: Session): SessionInfo {
  return { keyId: key.id, name: key.name, role: key.role, csrf: s.csrf };
}

/**
 * One cookie per port: cookies are shared by every port of a host (RFC 6265 §8.5), so the ingestion
 * and Studio ports, or two services on one machine, would otherwise overwrite each other's session.
 */
function cookieName(req: IncomingMessage): string {
  return `edgesign_session_${req.socket.localPort ?? 0}`;
}

function cookie(req: IncomingMessage, value: string, maxAgeSeconds: number): string {
  return `${cookieName(req)}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  const raw = header(req, 'cookie');
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const v = part.slice(eq + 1).trim();
      return v === '' ? undefined : v;
    }
  }
  return undefined;
}

/** Constant-time comparison of two tokens (a timing difference must not reveal the CSRF token). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
