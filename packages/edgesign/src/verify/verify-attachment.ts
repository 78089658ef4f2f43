/**
 * Checking a multipart attachment against the `Ref-BINARY-<mime> (<n> bytes) <hex>` reference its
 * signed message carries (format §2.4, https://github.com/edgesign/edgesign/blob/main/docs/format.md): the length, then HMAC-SHA256 of the file's bytes under each
 * candidate key, compared in constant time.
 * @module
 */

import { EdgesignError } from '../errors.js';
import { decodeHex64, isPlaceholder } from './constant-time.js';
import { findMatchingKey, prepareKeys, type VerifyKey } from './candidate-keys.js';
import { parseAttachmentReference, type AttachmentReference } from './attachment-reference.js';

export type AttachmentErrorCode = 'E_ATTACHMENT_REF' | 'E_ATTACHMENT_LENGTH' | 'E_SIG_FORMAT' | 'E_SIG_PLACEHOLDER' | 'E_NO_KEY' | 'E_SIG_MISMATCH' | 'E_INTERNAL';

/** The outcome of {@link verifyAttachment}: the matching key's id, or why the file does not match its reference. */
export type AttachmentResult =
  | { readonly ok: true; readonly keyId: string }
  | { readonly ok: false; readonly code: AttachmentErrorCode; readonly message: string };

/**
 * Checks an attachment against its `Ref-BINARY-<mime> (<n> bytes) <hex>` reference: the length, then
 * HMAC-SHA256(key, bytes) against the hex, in constant time, for each key (same key forms as
 * `verifyMessage`). Never throws for bad input; throws the `E_KEY_*` code of a bad key.
 */
export function verifyAttachment(ref: string | AttachmentReference, bytes: Uint8Array, keys: readonly VerifyKey[]): AttachmentResult {
  const prepared = prepareKeys(keys);
  if (!(bytes instanceof Uint8Array)) throw new EdgesignError('E_BODY_TYPE', 'the attachment must be a Uint8Array');
  const parsed = typeof ref === 'string' ? parseAttachmentReference(ref) : ref;
  if (parsed === null || typeof parsed !== 'object' || typeof parsed.hmacHex !== 'string' || typeof parsed.length !== 'number') {
    return { ok: false, code: 'E_ATTACHMENT_REF', message: 'not an attachment reference (Ref-BINARY-<mime> (<n> bytes) <hex>)' };
  }
  if (parsed.length !== bytes.length) {
    return { ok: false, code: 'E_ATTACHMENT_LENGTH', message: `attachment is ${bytes.length} bytes, its reference says ${parsed.length}` };
  }
  if (isPlaceholder(parsed.hmacHex)) return { ok: false, code: 'E_SIG_PLACEHOLDER', message: 'attachment hash is the unsigned placeholder (64 zeros)' };
  const tag = decodeHex64(parsed.hmacHex);
  if (tag === null) return { ok: false, code: 'E_SIG_FORMAT', message: 'attachment hash must be exactly 64 lowercase hex characters' };
  if (prepared.length === 0) return { ok: false, code: 'E_NO_KEY', message: 'no HMAC key is configured to verify this attachment' };
  try {
    const keyId = findMatchingKey(prepared, [bytes], tag);
    return keyId === undefined
      ? { ok: false, code: 'E_SIG_MISMATCH', message: 'attachment hash does not match any key' }
      : { ok: true, keyId };
  } catch (e) {
    return { ok: false, code: 'E_INTERNAL', message: `internal error while verifying an attachment: ${e instanceof Error ? e.message : String(e)}` };
  }
}
