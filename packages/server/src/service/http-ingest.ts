/**
 * Edge Impulse's data endpoint, `POST /api/{training,testing,anomaly}/data`: headers, the body (JSON,
 * CBOR, CBOR with a binary tail, or multipart with attachments), the signature policy, and the durable
 * store. A 200 is sent only after the store's durable commit, and its body is the stored file name.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEdgesignError, verifyAttachment } from 'edgesign';
import { activeHmacKeys } from './keys.js';
import { attachmentRefs, parseMultipart, pickAttachment, pickMessagePart, type Part } from './multipart.js';
import type { NewSample, SampleCategory, SignatureStatus } from './store.js';
import { checkMessage } from './verification.js';
import { readBoundedBody } from './http-body.js';
import { methodNotAllowed, refuse, text, type Answer } from './http-reply.js';
import { CATEGORIES, authenticate, header, type Ctx } from './http-request.js';

const BODY_TYPES = new Set(['application/json', 'application/cbor', 'application/octet-stream', 'multipart/form-data']);
const MAX_FILE_NAME = 1024;
const INGEST_RE = /^\/api\/([a-z]+)\/data\/?$/;

/** Answers the data endpoint; undefined when `path` is not it. */
export async function ingestRoute(
  ctx: Ctx,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
  expectContinue: boolean,
): Promise<Answer | undefined> {
  const ingest = INGEST_RE.exec(path);
  if (ingest) {
    if (!CATEGORIES.has(ingest[1] as SampleCategory)) throw refuse(404, 'E_NOT_FOUND', `unknown category ${JSON.stringify(ingest[1])} (training, testing or anomaly)`);
    if (method !== 'POST') throw methodNotAllowed('POST');
    return ingestData(ctx, req, res, ingest[1] as SampleCategory, expectContinue);
  }
  return undefined;
}

export function flag(req: IncomingMessage, name: string): boolean {
  const v = header(req, name)?.trim().toLowerCase();
  return v === '1' || v === 'true' || v === 'yes';
}

/** The media type of a content-type header, lowercased, without parameters. */
function mediaType(ct: string): string {
  return ct.split(';', 1)[0]!.trim().toLowerCase();
}

export function decodeHeaderValue(v: string, name: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    throw refuse(400, 'E_HEADER_INVALID', `the ${name} header is not valid URI encoding`);
  }
}

/** The stored file name: the last path segment of `x-file-name`, without control characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

/** Edge Impulse infers a label from the file name: its leading run of `[a-zA-Z0-9\s_-]` (`idle.01` → `idle`). */
export function inferLabel(fileName: string): string | null {
  const m = /^[a-zA-Z0-9\s_-]+/.exec(fileName);
  const label = m ? m[0].trim() : '';
  return label === '' ? null : label;
}

let dateIdCounter = 0;

/** `idle.01.json` → `idle.01.<date id>.json`: a base-36 timestamp plus a random and a counter part. */
export function withDateId(fileName: string): string {
  const id = Date.now().toString(36) + randomBytes(3).toString('hex') + (dateIdCounter++ % 1296).toString(36).padStart(2, '0');
  const m = /^(.+)(\.[A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? `${m[1]}.${id}${m[2]}` : `${fileName}.${id}`;
}

export function parseMetadata(v: string | undefined): Record<string, string> | null {
  if (v === undefined || v.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw refuse(400, 'E_METADATA', 'x-metadata must be a JSON object of string values');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse(400, 'E_METADATA', 'x-metadata must be a JSON object of string values');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(parsed)) {
    if (typeof val !== 'string') throw refuse(400, 'E_METADATA', `x-metadata values must be strings (${JSON.stringify(k)} is not)`);
    out[k] = val;
  }
  return out;
}

function sha256Hex(...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** The multipart dedup hash: message and attachments, each length-prefixed, in order. */
function multipartDedupHash(message: Part, attachments: readonly Part[]): string {
  const h = createHash('sha256');
  for (const p of [message, ...attachments]) {
    const len = Buffer.alloc(8);
    len.writeBigUInt64BE(BigInt(p.bytes.length));
    h.update(len).update(p.bytes);
  }
  return h.digest('hex');
}

async function ingestData(ctx: Ctx, req: IncomingMessage, res: ServerResponse, category: SampleCategory, expectContinue: boolean): Promise<Answer> {
  // 1. Who is asking (401 / 403).
  await authenticate(ctx, req, 'ingest');

  // 2. Required headers (421), media type (415), optional headers (400).
  const contentType = header(req, 'content-type');
  if (contentType === undefined || contentType.trim() === '') throw refuse(421, 'E_HEADER_MISSING', 'the content-type header is required');
  const type = mediaType(contentType);
  if (!BODY_TYPES.has(type)) {
    throw refuse(415, 'E_UNSUPPORTED_MEDIA_TYPE', `content type ${type} is not accepted (application/json, application/cbor, application/octet-stream or multipart/form-data)`);
  }
  if (type === 'multipart/form-data' && !/;\s*boundary=/i.test(contentType)) throw refuse(400, 'E_MULTIPART', 'a multipart/form-data content type needs a boundary');
  const fileNameHeader = header(req, 'x-file-name');
  if (fileNameHeader === undefined || fileNameHeader.trim() === '') throw refuse(421, 'E_HEADER_MISSING', 'the x-file-name header is required');
  const originalName = cleanFileName(decodeHeaderValue(fileNameHeader, 'x-file-name'));
  if (originalName === '') throw refuse(400, 'E_HEADER_INVALID', 'x-file-name names no file');
  if (originalName.length > MAX_FILE_NAME) throw refuse(400, 'E_HEADER_INVALID', `x-file-name is longer than ${MAX_FILE_NAME} characters`);
  let label: string | null;
  const labelHeader = header(req, 'x-label');
  if (flag(req, 'x-no-label')) label = null;
  else if (labelHeader !== undefined && labelHeader !== '') label = decodeHeaderValue(labelHeader, 'x-label');
  else label = inferLabel(originalName);
  const metadata = parseMetadata(header(req, 'x-metadata'));
  const fileName = flag(req, 'x-add-date-id') ? withDateId(originalName) : originalName;

  // 3. The body, counted as it streams (413).
  const body = await readBoundedBody(req, res, ctx.maxBytes, expectContinue);
  const receivedAt = new Date().toISOString();

  // 4. Find the message (multipart) and verify it with the project's HMAC keys.
  let messageBytes: Uint8Array = body;
  let attachments: Part[] = [];
  let dedupHash: string | null = null;
  if (type === 'multipart/form-data') {
    let parts: Part[];
    try {
      parts = await parseMultipart(body, contentType);
      const picked = pickMessagePart(parts);
      messageBytes = picked.message.bytes;
      attachments = picked.attachments;
      dedupHash = multipartDedupHash(picked.message, attachments);
    } catch (e) {
      if (isEdgesignError(e)) throw refuse(400, e.code, e.message);
      throw e;
    }
  }
  const keys = await activeHmacKeys(ctx.store);
  const checked = checkMessage(messageBytes, {
    keys,
    policy: ctx.policy,
    maxAgeSeconds: ctx.maxAgeSeconds,
    now: ctx.now,
    maxBytes: ctx.maxBytes,
  });
  if (!checked.ok) throw refuse(400, checked.code, checked.message);
  let signature: SignatureStatus = checked.signature;
  let signatureError = checked.signatureError;
  let hmacKeyId = checked.keyId;

  // 5. Each attachment a reference names: exact length, then its HMAC under the key that verified the
  //    message ("signed with the same HMAC key", format.md §2.4); any active key when the message is
  //    kept unverified under `flag` (its status cannot get better than the message's anyway).
  const ordered = hmacKeyId ? keys.filter((k) => k.id === hmacKeyId) : keys;
  const used = new Set<Part>();
  for (const ref of attachmentRefs(checked.payload)) {
    const att = pickAttachment(attachments, ref, used);
    if (!att) {
      throw refuse(
        400,
        'E_ATTACHMENT_MISSING',
        `the message references a ${ref.mime} attachment of ${ref.length} bytes but the request does not carry it (send both as multipart/form-data)`,
      );
    }
    used.add(att);
    const r = verifyAttachment(ref, att.bytes, ordered);
    if (r.ok) continue;
    const code = r.code === 'E_ATTACHMENT_LENGTH' || r.code === 'E_ATTACHMENT_REF' ? r.code : `E_ATTACHMENT_${r.code.slice(2)}`;
    if (ctx.policy === 'reject' || r.code === 'E_INTERNAL') throw refuse(400, code, r.message);
    if (signature === 'valid') {
      signature = 'invalid';
      signatureError = code;
      hmacKeyId = null;
    }
  }

  // 6. Store durably, then answer with the file name.
  const sha = sha256Hex(body);
  const sample: NewSample = {
    fileName,
    category,
    label,
    deviceName: checked.deviceName,
    deviceType: checked.deviceType,
    signature,
    signatureError,
    hmacKeyId,
    sha256: sha,
    dedupHash: dedupHash ?? sha,
    iat: checked.iat,
    receivedAt,
    contentType,
    encoding: checked.encoding,
    metadata,
    raw: body,
  };
  const result = await ctx.store.insertSample(sample, { disallowDuplicates: flag(req, 'x-disallow-duplicates') });
  if (result.status === 'duplicate') {
    throw refuse(409, 'E_DUPLICATE', `an identical sample is already stored (id ${result.existingId}) and x-disallow-duplicates is set`);
  }
  return text(result.sample.fileName);
}
