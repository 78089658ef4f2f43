/**
 * Verify Edge Impulse data acquisition messages exactly as received (format §3–4, https://github.com/edgesign/edgesign/blob/main/docs/format.md).
 *
 * The MAC is checked over the raw bytes, never a re-serialization: the body is parsed strictly (JSON
 * or CBOR, plus the CBOR binary-tail form), the `signature` value is located by its *parsed byte
 * span*, those 64 bytes are replaced by ASCII `0` in the MAC input, and HMAC-SHA256 over the whole
 * body is compared in constant time against each candidate key. Every producer Edge Impulse accepts
 * verifies (Node's compact JSON, Python's `", "`/`": "` separators and `\u00e9` escapes, pretty JSON,
 * any key order, integer/half/single/double CBOR numbers, fractional `iat`); anything ambiguous
 * (duplicate members, trailing data, invalid UTF-8, non-finite numbers) is refused before any MAC.
 *
 * `verifyMessage` never throws for a bad message: it returns `{ ok: false, code, message, details? }`
 * with a stable code. It throws `EdgesignError` only for bad options or a body that is not bytes.
 *
 * Order of checks (the first failure is reported): size → parse (`E_INVALID_UTF8`, `E_JSON_PARSE`,
 * `E_CBOR_PARSE`, `E_TRAILING_BYTES`, `E_DUPLICATE_KEY`, `E_DEPTH`, `E_NON_FINITE`) → header
 * (`E_SCHEMA`, `E_VERSION`, `E_ALG_UNSUPPORTED`) → `E_ALG_NONE` → `E_IAT_INVALID` → signature text
 * (`E_SIG_MISSING`, `E_SCHEMA`, `E_SIG_PLACEHOLDER`, `E_SIG_FORMAT`) → payload (`E_SCHEMA`) →
 * `E_NO_KEY` → `E_SIG_MISMATCH` → freshness (`E_STALE`, `E_FUTURE`). So `E_STALE`/`E_FUTURE` are only
 * ever reported for authentic messages (or unsigned ones, when allowed).
 *
 * A failure about the signature itself (`E_ALG_NONE`, `E_SIG_*`, `E_NO_KEY`, or `E_SCHEMA` at path
 * `signature`) also carries `unauthenticated`: the remaining checks run with the signature set aside,
 * for receivers that keep such messages marked (Edge Impulse's "flag" behaviour). See
 * {@link VerifyFailure.unauthenticated}: nothing in it is authenticated.
 * @module
 */

import { EdgesignError } from '../errors.js';
import { isWellFormed } from '../encoding.js';
import { scanJson } from './json-scan.js';
import { scanCbor } from './cbor-scan.js';
import { startsLikeJson } from './content-type.js';
import { DEFAULT_MAX_DEPTH, type ScanCode } from './scan-types.js';
import { checkHeader, checkIat, checkPayload, type Payload, type ProtectedHeader, type SchemaFailure } from './schema.js';
import { decodeHex64, isPlaceholder } from './constant-time.js';
import { findMatchingKey, prepareKeys, type PreparedKey, type VerifyKey } from './candidate-keys.js';
import { attachmentReferences, binaryTailType, type AttachmentReference } from './attachment-reference.js';
import { skimSignature } from './signature-skim.js';

export { createReplayGuard, type ReplayGuard, type ReplayGuardOptions } from './replay-guard.js';
export { constantTimeEqual } from './constant-time.js';
export { attachmentReferences, parseAttachmentReference, type AttachmentReference } from './attachment-reference.js';
export type { VerifyKey } from './candidate-keys.js';
export { verifyAttachment, type AttachmentResult, type AttachmentErrorCode } from './verify-attachment.js';
export type { Payload, ProtectedHeader, Sensor } from './schema.js';

/** Options of {@link verifyMessage} and {@link createVerifier}: the keys, and the optional policy checks. */
export interface VerifyOptions {
  /**
   * Candidate keys, tried in order (rotation). A key without an id is reported by its index as a
   * string. An empty list is allowed: every `HS256` message then fails with `E_NO_KEY`.
   */
  keys: readonly VerifyKey[];
  /** Accept `alg: "none"` as `{ ok: true, alg: 'none' }` (never with a `keyId`). Default false (`E_ALG_NONE`). */
  allowUnsigned?: boolean;
  /**
   * Refuse an `iat` older than this many seconds (`E_STALE`). When set and `maxFutureSeconds` is not,
   * the future bound is the same number (a symmetric window), so a post-dated message cannot outlive it.
   */
  maxAgeSeconds?: number;
  /** Refuse an `iat` more than this many seconds ahead of `now()` (`E_FUTURE`). */
  maxFutureSeconds?: number;
  /** Clock in seconds since the epoch (like `iat`); default `Date.now() / 1000`. */
  now?: () => number;
  /** Refuse larger bodies with `E_TOO_LARGE` before parsing. Default 100 MiB (Edge Impulse's file limit). */
  maxBytes?: number;
  /** Nesting limit for JSON and CBOR (`E_DEPTH`); default 64. */
  maxDepth?: number;
  /**
   * Check the MAC before any value is materialised, for receivers that refuse bad signatures and
   * must not spend a parse on them (an ingestion service under attack). A structural skim locates the
   * top-level `signature` (`signature-skim.ts`); when it is a plain 64-hex tag that matches none of
   * the keys, the result is `E_SIG_MISMATCH` at once, without `unauthenticated`, whatever else is
   * wrong with the message (so a malformed body with a wrong tag reads `E_SIG_MISMATCH`, not its
   * parse error). A message whose MAC matches, and any body the skim cannot settle (no plain tag, no
   * keys, unusual syntax), gets exactly the default result. Default false: the order of checks in
   * the module comment.
   */
  macFirst?: boolean;
}

/** The codes a failed verification reports (a subset of `EdgesignErrorCode`; see `ERROR_CODES` for their meaning). */
export type VerifyErrorCode =
  | ScanCode
  | 'E_TOO_LARGE'
  | 'E_SCHEMA'
  | 'E_VERSION'
  | 'E_ALG_UNSUPPORTED'
  | 'E_ALG_NONE'
  | 'E_IAT_INVALID'
  | 'E_SIG_MISSING'
  | 'E_SIG_FORMAT'
  | 'E_SIG_PLACEHOLDER'
  | 'E_NO_KEY'
  | 'E_SIG_MISMATCH'
  | 'E_STALE'
  | 'E_FUTURE'
  | 'E_INTERNAL';

/** Raw samples appended after a CBOR message whose `values` is `["Ref-BINARY-<type>"]` (covered by the MAC). */
export interface BinaryTail {
  /** The type from the reference, e.g. `i16`. */
  readonly type: string;
  /** Offset of the first tail byte in the body. */
  readonly offset: number;
  /** A view of the caller's body (not a copy). */
  readonly bytes: Uint8Array;
}

/** A message whose signature (or, with `allowUnsigned`, whose unsigned form) checked out. */
export interface VerifySuccess {
  /** Always `true`: the discriminant of {@link VerifyResult}. */
  readonly ok: true;
  /** `'none'` only with `allowUnsigned`: well-formed but unsigned, never authenticated. */
  readonly alg: 'HS256' | 'none';
  /** The id (or index, as a string) of the key whose MAC matched; only for `HS256`. */
  readonly keyId?: string;
  /** The protected header as received. */
  readonly protected: ProtectedHeader;
  /** The payload as received (device, sensors, values). */
  readonly payload: Payload;
  /** `'fresh'`: `iat` was checked against a configured window. `'unknown'`: no `iat`, or no window set. */
  readonly freshness: 'fresh' | 'unknown';
  /** Which encoding the body was in. */
  readonly encoding: 'json' | 'cbor';
  /** Byte span `[start, end)` of the 64 signature characters in the body (`HS256` only). */
  readonly signatureSpan?: { readonly start: number; readonly end: number };
  /** The raw samples after a CBOR message whose values reference them; absent otherwise. */
  readonly binaryTail?: BinaryTail;
  /** `Ref-BINARY-<mime> (<n> bytes) <hmac>` references in `values` (check each with `verifyAttachment`). */
  readonly attachments?: readonly AttachmentReference[];
}

/** A message that did not verify: why, as a stable code and one line. */
export interface VerifyFailure {
  /** Always `false`: the discriminant of {@link VerifyResult}. */
  readonly ok: false;
  /** Why, as a stable code. */
  readonly code: VerifyErrorCode;
  /** Why, in one line for people. */
  readonly message: string;
  /** E.g. `{ offset, path }` for parse and schema errors, `{ iat, now }` for freshness. */
  readonly details?: Readonly<Record<string, unknown>>;
  /**
   * **UNAUTHENTICATED — do not trust anything in it.** Present only when the message parsed, its
   * header is valid, and the failure is about the signature: `E_ALG_NONE`, `E_SIG_MISSING`,
   * `E_SIG_PLACEHOLDER`, `E_SIG_FORMAT`, `E_SCHEMA` with `details.path === 'signature'` (a signature
   * that is not a string), `E_NO_KEY` or `E_SIG_MISMATCH`. Absent for every other code, including a
   * parse or header error.
   *
   * It is what the checks after the signature (`E_IAT_INVALID`, payload `E_SCHEMA`, then the `iat`
   * window: `E_STALE`, `E_FUTURE`) say when the signature is set aside: either that failure, or the
   * message's fields as received ({@link UnauthenticatedMessage}, `ok: true`); that nested failure never
   * carries `unauthenticated` itself. `code` above stays the signature failure, so the order of checks
   * in the module comment is unchanged. Meant for receivers that store bad or missing signatures marked
   * instead of refusing them; anyone could have written these fields.
   */
  readonly unauthenticated?: UnauthenticatedMessage | VerifyFailure;
}

/**
 * The fields of a message whose signature failed (see {@link VerifyFailure.unauthenticated}).
 * **UNAUTHENTICATED**: `ok: true` means only that the rest of the message is well-formed and its `iat`
 * is inside the configured window, not that anyone with a key wrote it.
 */
export interface UnauthenticatedMessage {
  /** Always `true` here: the fields parsed and passed the checks other than the signature. */
  readonly ok: true;
  /** The protected header as received (unauthenticated). */
  readonly protected: ProtectedHeader;
  /** The payload as received (unauthenticated). */
  readonly payload: Payload;
  /** Which encoding the body was in. */
  readonly encoding: 'json' | 'cbor';
  /** As on {@link VerifySuccess}, but for an `iat` nobody vouches for. */
  readonly freshness: 'fresh' | 'unknown';
}

/** The outcome of a verification: check `ok` first. */
export type VerifyResult = VerifySuccess | VerifyFailure;

/** A verifier with its keys prepared once (see {@link createVerifier}). */
export interface Verifier {
  /** Verifies one message body as received; never throws for a bad message. */
  verify(body: Uint8Array | string): VerifyResult;
}

interface Config {
  readonly keys: readonly PreparedKey[];
  readonly allowUnsigned: boolean;
  readonly maxAge: number | undefined;
  readonly maxFuture: number | undefined;
  readonly now: () => number;
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly macFirst: boolean;
}

const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
const ZEROS_64 = /* @__PURE__ */ new Uint8Array(64).fill(0x30);
const encoder = /* @__PURE__ */ new TextEncoder();
const latin1 = /* @__PURE__ */ new TextDecoder('latin1');

function optionError(message: string): EdgesignError {
  return new EdgesignError('E_OPTIONS', message);
}

function seconds(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw optionError(`${name} must be a non-negative number of seconds, got ${String(v)}`);
  return v;
}

function configure(options: VerifyOptions): Config {
  if (typeof options !== 'object' || options === null) throw optionError('verifyMessage needs an options object with keys');
  const { allowUnsigned = false, now = () => Date.now() / 1000, maxBytes = DEFAULT_MAX_BYTES, maxDepth = DEFAULT_MAX_DEPTH } = options;
  if (typeof allowUnsigned !== 'boolean') throw optionError('allowUnsigned must be a boolean');
  const macFirst = options.macFirst ?? false;
  if (typeof macFirst !== 'boolean') throw optionError('macFirst must be a boolean');
  if (typeof now !== 'function') throw optionError('now must be a function returning seconds since the epoch');
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw optionError(`maxBytes must be a positive integer, got ${String(maxBytes)}`);
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 1 || maxDepth > 1024) throw optionError(`maxDepth must be an integer from 1 to 1024, got ${String(maxDepth)}`);
  const maxAge = seconds(options.maxAgeSeconds, 'maxAgeSeconds');
  const maxFuture = seconds(options.maxFutureSeconds, 'maxFutureSeconds') ?? maxAge;
  const keys = prepareKeys(options.keys);
  return { keys, allowUnsigned, maxAge, maxFuture, now, maxBytes, maxDepth, macFirst };
}

function failure(code: VerifyErrorCode, message: string, details?: Record<string, unknown>): VerifyFailure {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}

function schemaFailure(f: SchemaFailure): VerifyFailure {
  return failure(f.code, f.message, { path: f.path });
}

/**
 * Keys the candidate keys once; `verify` can then be called for any number of bodies (the hot path of
 * a receiver). Throws `EdgesignError`: `E_OPTIONS` for bad options, `E_KEY_*` for a bad key.
 */
export function createVerifier(options: VerifyOptions): Verifier {
  const cfg = configure(options);
  const scratch = new Uint8Array(32);
  return {
    verify(body) {
      const bytes = toBytes(body, cfg.maxBytes);
      if (!(bytes instanceof Uint8Array)) return bytes;
      try {
        return verifyBytes(bytes, cfg, scratch);
      } catch (e) {
        if (e instanceof EdgesignError && e.code === 'E_OPTIONS') throw e;
        return failure('E_INTERNAL', `internal error while verifying: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

/**
 * Verifies one message. See the module comment for the rules and the order of checks.
 *
 * @example
 * const r = verifyMessage(body, { keys: [{ id: 'hk_1', key: 'fed53116f20684c067774ebf9e7bcbdc' }], maxAgeSeconds: 300 });
 * if (r.ok) store(r.payload, r.keyId); else reply(400, `${r.code}: ${r.message}`);
 */
export function verifyMessage(body: Uint8Array | string, options: VerifyOptions): VerifyResult {
  return createVerifier(options).verify(body);
}

function toBytes(body: unknown, maxBytes: number): Uint8Array | VerifyFailure {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') {
    // A string is JSON text; its UTF-8 is at least as long as it.
    if (body.length > maxBytes) return failure('E_TOO_LARGE', `body is larger than maxBytes (${maxBytes})`, { maxBytes });
    if (!isWellFormed(body)) return failure('E_INVALID_UTF8', 'string body contains a lone surrogate (no UTF-8 encoding)');
    return encoder.encode(body);
  }
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw new EdgesignError('E_BODY_TYPE', 'the message body must be a Uint8Array (or a string of JSON text)');
}

function verifyBytes(bytes: Uint8Array, cfg: Config, scratch: Uint8Array): VerifyResult {
  const n = bytes.length;
  if (n > cfg.maxBytes) return failure('E_TOO_LARGE', `body of ${n} bytes is larger than maxBytes (${cfg.maxBytes})`, { bytes: n, maxBytes: cfg.maxBytes });

  // JSON when the first byte can start a JSON text (or is a BOM, which the JSON scanner names);
  // anything else is read as CBOR, whose messages start with a map head (0xa0–0xbb).
  const encoding = startsLikeJson(bytes[0]) ? 'json' : 'cbor';
  const premac = cfg.macFirst ? macBeforeValues(bytes, encoding, cfg, scratch) : undefined;
  if (premac?.ok === false) return premac;
  const scan = encoding === 'cbor' ? scanCbor(bytes, cfg.maxDepth) : scanJson(bytes, cfg.maxDepth);
  if (!scan.ok) return failure(scan.code, scan.message, { offset: scan.offset, ...(scan.path ? { path: scan.path } : {}) });

  let binaryTail: BinaryTail | undefined;
  if (scan.end < n) {
    const type = binaryTailType(scan.value);
    if (type === null) {
      return failure('E_TRAILING_BYTES', `${n - scan.end} bytes after the CBOR message at byte ${scan.end} (allowed only when values is ["Ref-BINARY-<type>"])`, { offset: scan.end });
    }
    binaryTail = { type, offset: scan.end, bytes: bytes.subarray(scan.end) };
  }

  const header = checkHeader(scan.value);
  if (!header.ok) return schemaFailure(header);
  const root = scan.value as Record<string, unknown>;
  const parsed: Parsed = { root, protected: header.protected, encoding };
  const alg = header.alg;
  if (alg === 'none' && !cfg.allowUnsigned) {
    return setAside(failure('E_ALG_NONE', 'unsigned message (alg "none") refused; set allowUnsigned to accept it as unsigned'), parsed, cfg);
  }
  const iat = checkIat(header.protected);
  if (typeof iat === 'object') return schemaFailure(iat);

  // The signature text and where exactly it sits in the body.
  let sigStart = -1;
  let tag: Uint8Array | null = null;
  if (alg === 'HS256') {
    const sig = root['signature'];
    if (sig === undefined || sig === null || sig === '') {
      return setAside(failure('E_SIG_MISSING', `alg HS256 needs a signature, got ${sig === undefined ? 'none' : JSON.stringify(sig)}`, { path: 'signature' }), parsed, cfg);
    }
    if (typeof sig !== 'string') return setAside(failure('E_SCHEMA', `signature must be a string, got ${sig instanceof Uint8Array ? 'a byte string' : typeof sig}`, { path: 'signature' }), parsed, cfg);
    if (isPlaceholder(sig)) return setAside(failure('E_SIG_PLACEHOLDER', 'signature is the unsigned placeholder (64 zeros)', { path: 'signature' }), parsed, cfg);
    tag = decodeHex64(sig);
    if (tag === null) return setAside(failure('E_SIG_FORMAT', `signature must be exactly 64 lowercase hex characters (got ${sig.length} characters)`, { path: 'signature' }), parsed, cfg);
    const span = scan.members!.get('signature')!;
    const len = span.valueEnd - span.valueStart;
    if (encoding === 'json' && len === 66 && bytes[span.valueStart] === 0x22) sigStart = span.valueStart + 1;
    else if (encoding === 'cbor' && len === 66 && bytes[span.valueStart] === 0x78 && bytes[span.valueStart + 1] === 0x40) sigStart = span.valueStart + 2;
    else {
      const message = encoding === 'json' ? 'signature must be written as 64 plain hex characters, without escapes' : 'signature must be a definite text string encoded 78 40';
      return setAside(failure('E_SIG_FORMAT', message, { path: 'signature', offset: span.valueStart }), parsed, cfg);
    }
  }

  const bad = checkPayload(root);
  if (bad) return schemaFailure(bad);
  const payload = root['payload'] as Payload;

  let keyId: string | undefined;
  if (alg === 'HS256') {
    if (cfg.keys.length === 0) return setAside(failure('E_NO_KEY', 'no HMAC key is configured to verify this message'), parsed, cfg, { iat });
    // The skim found the span the strict scanner found: its MAC stands (same bytes, same keys, same order).
    keyId = premac?.start === sigStart ? premac.keyId : findMatchingKey(cfg.keys, macPieces(bytes, sigStart), tag!, scratch);
    if (keyId === undefined) return setAside(mismatch(cfg), parsed, cfg, { iat });
  }

  const freshness = checkFreshness(iat, cfg);
  if (typeof freshness === 'object') return freshness;

  const attachments = attachmentReferences(payload.values);
  return {
    ok: true,
    alg,
    ...(keyId !== undefined ? { keyId } : {}),
    protected: header.protected,
    payload,
    freshness,
    encoding,
    ...(sigStart >= 0 ? { signatureSpan: { start: sigStart, end: sigStart + 64 } } : {}),
    ...(binaryTail ? { binaryTail } : {}),
    ...(attachments.length ? { attachments } : {}),
  };
}

/** The MAC input: the body with the 64 signature characters at `sigStart` read as ASCII `0` (format §3). */
function macPieces(bytes: Uint8Array, sigStart: number): Uint8Array[] {
  return [bytes.subarray(0, sigStart), ZEROS_64, bytes.subarray(sigStart + 64)];
}

function mismatch(cfg: Config): VerifyFailure {
  const message = `signature does not match ${cfg.keys.length === 1 ? 'the key' : `any of the ${cfg.keys.length} keys`}`;
  return failure('E_SIG_MISMATCH', message, { keysTried: cfg.keys.length });
}

/**
 * `macFirst`: the MAC over the raw body at the span the skim found, before any value is built.
 * `E_SIG_MISMATCH` when no key matches; the matching key and the span when one does; undefined when
 * the skim cannot settle the body (the strict path then decides everything, as by default).
 */
function macBeforeValues(
  bytes: Uint8Array,
  encoding: 'json' | 'cbor',
  cfg: Config,
  scratch: Uint8Array,
): VerifyFailure | { ok: true; start: number; keyId: string } | undefined {
  if (cfg.keys.length === 0) return undefined;
  const span = skimSignature(bytes, encoding === 'json', cfg.maxDepth);
  if (span === null) return undefined;
  const tag = decodeHex64(latin1.decode(bytes.subarray(span.start, span.start + 64)));
  if (tag === null) return undefined;
  const keyId = findMatchingKey(cfg.keys, macPieces(bytes, span.start), tag, scratch);
  return keyId === undefined ? mismatch(cfg) : { ok: true, start: span.start, keyId };
}

/** A message that parsed and whose header is valid; nothing about it is authenticated yet. */
interface Parsed {
  readonly root: Record<string, unknown>;
  readonly protected: ProtectedHeader;
  readonly encoding: 'json' | 'cbor';
}

/**
 * Adds to a signature failure what the checks after the signature say with it set aside (see
 * {@link VerifyFailure.unauthenticated}). The reported code stays the signature failure's.
 * `checked` is given when `iat` and the payload have already passed (failures at the MAC), so they
 * are not checked twice.
 */
function setAside(f: VerifyFailure, m: Parsed, cfg: Config, checked?: { iat: number | undefined }): VerifyFailure {
  return { ...f, unauthenticated: remainingChecks(m, cfg, checked) };
}

/** The checks after the signature, in the same order as `verifyBytes`: `iat`, payload, then the `iat` window. */
function remainingChecks(m: Parsed, cfg: Config, checked?: { iat: number | undefined }): UnauthenticatedMessage | VerifyFailure {
  let iat: number | undefined;
  if (checked !== undefined) {
    iat = checked.iat;
  } else {
    const i = checkIat(m.protected);
    if (typeof i === 'object') return schemaFailure(i);
    const bad = checkPayload(m.root);
    if (bad) return schemaFailure(bad);
    iat = i;
  }
  const freshness = checkFreshness(iat, cfg);
  if (typeof freshness === 'object') return freshness;
  return { ok: true, protected: m.protected, payload: m.root['payload'] as Payload, freshness, encoding: m.encoding };
}

/**
 * The `iat` window: `'fresh'` when checked, `'unknown'` without an `iat` or a window, else `E_STALE` /
 * `E_FUTURE`. The clock is read only when a window applies; a broken clock throws `E_OPTIONS`.
 */
function checkFreshness(iat: number | undefined, cfg: Config): 'fresh' | 'unknown' | VerifyFailure {
  if (iat === undefined || (cfg.maxAge === undefined && cfg.maxFuture === undefined)) return 'unknown';
  let t: unknown;
  try {
    t = cfg.now();
  } catch (e) {
    throw new EdgesignError('E_OPTIONS', `now() threw: ${e instanceof Error ? e.message : String(e)}`, undefined, { cause: e });
  }
  if (typeof t !== 'number' || !Number.isFinite(t)) throw optionError(`now() must return finite seconds since the epoch, got ${String(t)}`);
  if (cfg.maxAge !== undefined && t - iat > cfg.maxAge) {
    return failure('E_STALE', `iat ${iat} is ${Math.round(t - iat)} s old (max ${cfg.maxAge} s)`, { iat, now: t, maxAgeSeconds: cfg.maxAge });
  }
  if (cfg.maxFuture !== undefined && iat - t > cfg.maxFuture) {
    return failure('E_FUTURE', `iat ${iat} is ${Math.round(iat - t)} s in the future (max ${cfg.maxFuture} s)`, { iat, now: t, maxFutureSeconds: cfg.maxFuture });
  }
  return 'fresh';
}
