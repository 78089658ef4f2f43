/**
 * `Ref-BINARY-…` strings in `payload.values` (format §2.3, §2.4, https://github.com/edgesign/edgesign/blob/main/docs/format.md):
 * - an attachment reference, `Ref-BINARY-<mime> (<n> bytes) <hex HMAC-SHA256(key, attachment)>`, for a
 *   file sent next to the message in the same multipart request (images, video);
 * - a binary-tail marker, `Ref-BINARY-<type>` (e.g. `i16`, optionally padded with spaces on the
 *   right), for raw samples appended after a CBOR message (audio).
 * @module
 */

import { isObject } from './schema.js';

export interface AttachmentReference {
  /** Content type, e.g. `image/jpeg`. */
  readonly mime: string;
  /** Byte length the reference promises. */
  readonly length: number;
  /** The reference's HMAC text as written (checked by `verifyAttachment`, not here). */
  readonly hmacHex: string;
}

const ATTACHMENT = /^Ref-BINARY-(\S+) \((\d{1,15}) bytes\) (\S+)$/;
const TAIL = /^Ref-BINARY-([A-Za-z0-9_.+/-]+) *$/;

/** Parses an attachment reference; null when `ref` is not one (the hash text is not validated here). */
export function parseAttachmentReference(ref: unknown): AttachmentReference | null {
  if (typeof ref !== 'string') return null;
  const m = ATTACHMENT.exec(ref);
  if (!m) return null;
  return { mime: m[1]!, length: Number(m[2]), hmacHex: m[3]! };
}

/**
 * The binary-tail type named by a message whose `payload.values` is exactly one `Ref-BINARY-<type>`
 * string (trailing spaces trimmed), else null. Only such a message may carry bytes after its CBOR.
 */
export function binaryTailType(root: unknown): string | null {
  if (!isObject(root)) return null;
  const payload = root['payload'];
  if (!isObject(payload)) return null;
  const values = payload['values'];
  if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') return null;
  const m = TAIL.exec(values[0]);
  return m ? m[1]! : null;
}

/**
 * The attachment references among a message's `payload.values`, in order (empty when there are none,
 * or when `values` is not an array). The verifier reports them as `attachments`; a receiver pairing
 * multipart parts with an unauthenticated payload uses this same parser.
 */
export function attachmentReferences(values: unknown): AttachmentReference[] {
  if (!Array.isArray(values)) return [];
  const out: AttachmentReference[] = [];
  for (const v of values) {
    const ref = parseAttachmentReference(v);
    if (ref) out.push(ref);
  }
  return out;
}
