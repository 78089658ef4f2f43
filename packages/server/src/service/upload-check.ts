/**
 * Everything the data endpoint decides from a body's bytes, as one synchronous function with no I/O:
 * split a multipart body, pick the message, verify it under the signature policy, pair and verify its
 * attachments, refuse any other part, and hash what is stored. It runs on the event loop for small
 * bodies and in a worker thread for large ones (`upload-check-pool.ts`), so its input and output are
 * plain data (structured-clonable), and it never throws for a bad body.
 * @module
 */
import { createHash } from 'node:crypto';
import { attachmentReferences, EdgesignError, isEdgesignError, verifyAttachment, type AttachmentReference } from 'edgesign';
import { splitMultipart, type Part } from './multipart.js';
import type { SignatureStatus } from './store.js';
import { checkMessage, type CheckOptions } from './verification.js';

/** The server's settings every check uses (fixed for a server's life). */
export interface UploadSettings {
  policy: 'reject' | 'flag';
  maxAgeSeconds: number | undefined;
  maxBytes: number;
  /** Refuse messages without `protected.iat` (`E_IAT_MISSING`). */
  requireIat: boolean;
}

/** One request's body and what it is checked against. */
export interface UploadJob {
  body: Uint8Array;
  /** The request's content type as sent. */
  contentType: string;
  multipart: boolean;
  /** The active HMAC keys (`{ id, key }`), oldest first. */
  keys: ReadonlyArray<{ id: string; key: string }>;
  /** The clock for the `iat` window when the server was given one (tests); else the system clock. */
  nowSeconds?: number | undefined;
}

/** What the service stores about an accepted body, or why it is refused (400). */
export type Verdict =
  | {
      ok: true;
      signature: SignatureStatus;
      signatureError: string | null;
      hmacKeyId: string | null;
      deviceName: string | null;
      deviceType: string | null;
      iat: number | null;
      encoding: string | null;
      /** SHA-256 of the whole body. */
      sha256: string;
      /** What duplicates are compared by (see `NewSample.dedupHash`). */
      dedupHash: string;
    }
  | { ok: false; code: string; message: string };

/** Declared types a message part may have (the Python SDK labels JSON as `application/cbor`). */
const MESSAGE_TYPES = new Set(['application/json', 'application/cbor', 'text/json']);

const refused = (code: string, message: string): Verdict => ({ ok: false, code, message });

/** Checks one body; see the module comment. */
export function checkUpload(job: UploadJob, settings: UploadSettings): Verdict {
  let message: Uint8Array = job.body;
  let others: Part[] = [];
  if (job.multipart) {
    let parts: Part[];
    try {
      parts = splitMultipart(job.body, job.contentType);
    } catch (e) {
      if (isEdgesignError(e)) return refused(e.code, e.message);
      throw e;
    }
    const picked = pickMessagePart(parts);
    if (!picked) {
      return refused('E_MESSAGE_MISSING', 'the multipart body has no data acquisition message part (declared application/json or application/cbor, or untyped)');
    }
    message = picked.bytes;
    others = parts.filter((p) => p !== picked);
  }

  const now = job.nowSeconds;
  const options: CheckOptions = { keys: job.keys, policy: settings.policy, maxAgeSeconds: settings.maxAgeSeconds, maxBytes: settings.maxBytes, ...(now !== undefined ? { now: () => now } : {}) };
  const checked = checkMessage(message, options);
  if (!checked.ok) return refused(checked.code, checked.message);
  if (settings.requireIat && checked.iat === null) {
    return refused('E_IAT_MISSING', 'the message has no protected.iat and this service requires one (serve --require-iat)');
  }
  let signature = checked.signature;
  let signatureError = checked.signatureError;
  let hmacKeyId = checked.keyId;

  // Each attachment a reference names, paired with a part; then no part may be left over: a part that
  // is neither the message nor a referenced attachment would be stored unsigned inside a valid sample.
  const refs = attachmentReferences((checked.payload as { values?: unknown } | null | undefined)?.values);
  const paired: Array<[AttachmentReference, Part]> = [];
  const used = new Set<Part>();
  for (const ref of refs) {
    const att = pickAttachment(others, ref, used);
    if (!att) {
      return refused(
        'E_ATTACHMENT_MISSING',
        `the message references a ${ref.mime} attachment of ${ref.length} bytes but the request does not carry it (send both as multipart/form-data)`,
      );
    }
    used.add(att);
    paired.push([ref, att]);
  }
  const extra = others.find((p) => !used.has(p));
  if (extra) {
    return refused('E_PART_UNEXPECTED', `part ${JSON.stringify(extra.name)} is neither the message nor an attachment the message references`);
  }

  // Exact length, then the HMAC under the key that verified the message ("signed with the same HMAC
  // key", format §2.4); any active key when the message is kept unverified under `flag` (its status
  // cannot get better than the message's anyway).
  const attachmentKeys = hmacKeyId ? job.keys.filter((k) => k.id === hmacKeyId) : job.keys;
  for (const [ref, att] of paired) {
    const r = verifyAttachment(ref, att.bytes, attachmentKeys);
    if (r.ok) continue;
    const code = r.code === 'E_ATTACHMENT_LENGTH' || r.code === 'E_ATTACHMENT_REF' ? r.code : `E_ATTACHMENT_${r.code.slice(2)}`;
    if (settings.policy === 'reject' || r.code === 'E_INTERNAL') return refused(code, r.message);
    if (signature === 'valid') {
      signature = 'invalid';
      signatureError = code;
      hmacKeyId = null;
    }
  }

  const sha256 = createHash('sha256').update(job.body).digest('hex');
  return {
    ok: true,
    signature,
    signatureError,
    hmacKeyId,
    deviceName: checked.deviceName,
    deviceType: checked.deviceType,
    iat: checked.iat,
    encoding: checked.encoding,
    sha256,
    dedupHash: job.multipart ? partsHash([message, ...paired.map(([, p]) => p.bytes)]) : sha256,
  };
}

/**
 * The message part: the first part declared as JSON or CBOR, else the first part that declares no
 * type (a plain form field). Which encoding it is in is the verifier's call, from its first byte.
 */
function pickMessagePart(parts: readonly Part[]): Part | undefined {
  return parts.find((p) => MESSAGE_TYPES.has(p.mimeType)) ?? parts.find((p) => !p.typed);
}

/**
 * The message bytes of a stored multipart body (the part {@link checkUpload} verified), byte for byte.
 * Throws `E_MULTIPART` or `E_MESSAGE_MISSING`.
 */
export function multipartMessage(body: Uint8Array, contentType: string): Uint8Array {
  const message = pickMessagePart(splitMultipart(body, contentType));
  if (!message) throw new EdgesignError('E_MESSAGE_MISSING', 'the multipart body has no data acquisition message part');
  return message.bytes;
}

/** The attachment a reference names: the first unused part of its content type, else the first unused part. */
function pickAttachment(parts: readonly Part[], ref: AttachmentReference, used: ReadonlySet<Part>): Part | undefined {
  const free = parts.filter((p) => !used.has(p));
  const mime = ref.mime.toLowerCase();
  return free.find((p) => p.mimeType === mime) ?? free[0];
}

/**
 * The multipart duplicate hash: SHA-256 over the message and its attachments, each prefixed with its
 * length (8 bytes, big-endian), in order. These are every part the body holds (any other part is
 * refused), so the hash covers exactly what is stored apart from the framing, whose boundary changes
 * with every request.
 */
function partsHash(parts: readonly Uint8Array[]): string {
  const h = createHash('sha256');
  const len = Buffer.alloc(8);
  for (const p of parts) {
    len.writeBigUInt64BE(BigInt(p.length));
    h.update(len).update(p);
  }
  return h.digest('hex');
}
