/**
 * Whether an address to listen on is this machine only. The service speaks plain HTTP: API keys and
 * samples cross the network in clear, so binding anything else deserves a warning.
 * @module
 */
import { isIP } from 'node:net';

/** True for `localhost`, 127.0.0.0/8 (RFC 1122 §3.2.1.3), `::1` and IPv4-mapped 127/8 (RFC 4291 §2.5.5.2). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}
