/**
 * How PostgreSQL failures surface from the store: every failure to read or commit becomes the
 * retryable `E_STORE_UNAVAILABLE` (HTTP 503: nothing was stored), carrying the SQLSTATE or socket
 * error code; and which failures mean "the database cannot be reached right now" (worth waiting for
 * at startup) as opposed to a configuration error (wrong password, no such database) that retrying
 * will not fix.
 * @module
 */
import { EdgesignError } from 'edgesign';

/** Wraps a pg / socket failure as `E_STORE_UNAVAILABLE` (keeps `E_STORE_*` errors as they are). */
export function postgresUnavailable(e: unknown, what = 'the store could not commit'): EdgesignError {
  if (e instanceof EdgesignError && /^E_STORE_/.test(e.code)) return e;
  const code = (e as { code?: unknown })?.code;
  const msg = e instanceof Error ? e.message : String(e);
  return new EdgesignError(
    'E_STORE_UNAVAILABLE',
    `${what}: ${typeof code === 'string' ? `${code}: ` : ''}${msg}`,
    typeof code === 'string' ? { pgCode: code } : undefined,
    { cause: e },
  );
}

// SQLSTATE classes and codes (PostgreSQL manual, Appendix A) that mean the server is unreachable,
// starting, stopping or in recovery: 08 connection exception, 57P01 admin_shutdown, 57P02
// crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
const TRANSIENT_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const TRANSIENT_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOENT']);

/** True when `e` says the database cannot be reached now (retry later), not that the request is wrong. */
export function isTransientConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_SOCKET.has(code))) return true;
  const msg = e instanceof Error ? e.message : '';
  // pg's own wording when a socket closes or a connect attempt times out.
  return /Connection terminated|timeout expired|Client has encountered a connection error/i.test(msg);
}
