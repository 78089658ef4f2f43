/**
 * Which encoding a signed message's bytes are in, decided once for the verifier, the service and the
 * CLI: a JSON text (RFC 8259 §2) can only start with whitespace, a BOM, `{`, `[`, `"`, a digit, `-`,
 * `t`, `f` or `n`; every other first byte is read as CBOR, whose messages start with a map head
 * (RFC 8949 §3.1, major type 5: 0xa0–0xbb).
 * @module
 */
import { scanCbor } from './cbor-scan.js';

/** The media types of Edge Impulse's ingestion API for a signed message. */
export type MessageContentType = 'application/json' | 'application/cbor' | 'application/octet-stream';

/** True when `first` (a message's first byte; `undefined` for an empty body) can start a JSON text. */
export function startsLikeJson(first: number | undefined): boolean {
  if (first === undefined) return true; // empty: reported as a JSON parse error
  return (
    first === 0x7b || first === 0x5b || first === 0x22 || first === 0x20 || first === 0x0a || first === 0x0d ||
    first === 0x09 || first === 0x2d || (first >= 0x30 && first <= 0x39) || first === 0x74 || first === 0x66 ||
    first === 0x6e || first === 0xef
  );
}

/**
 * The `content-type` to send a signed message with: `application/json`, `application/cbor`, or
 * `application/octet-stream` for a CBOR message followed by a binary tail (Edge Impulse's
 * `Ref-BINARY-*` audio). A malformed body gets the type its first byte suggests, so the receiver's
 * verifier names what is wrong with it.
 *
 * @example
 * ```ts
 * await fetch(url, { method: 'POST', body, headers: { 'content-type': messageContentType(body) } });
 * ```
 */
export function messageContentType(bytes: Uint8Array): MessageContentType {
  if (startsLikeJson(bytes[0])) return 'application/json';
  const scan = scanCbor(bytes);
  return scan.ok && scan.end < bytes.length ? 'application/octet-stream' : 'application/cbor';
}
