/**
 * Edge Impulse's data endpoint, `POST /api/{training,testing,anomaly}/data`: headers, the body (JSON,
 * CBOR, CBOR with a binary tail, or multipart with attachments), the signature policy, and the durable
 * store. A 200 is sent only after the store's durable commit, and its body is the stored file name.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { activeHmacKeys } from './keys.js';
import { multipartBoundary } from './multipart.js';
import type { NewSample, SampleCategory } from './store.js';
import { readBoundedBody } from './http-body.js';
import { methodNotAllowed, refuse, text, type Answer } from './http-reply.js';
import { CATEGORIES, authenticate, header, type BodyRoute, type Ctx } from './http-request.js';
import { MAX_LABEL_LENGTH, textProblem } from './text-rules.js';

const BODY_TYPES = new Set(['application/json', 'application/cbor', 'application/octet-stream', 'multipart/form-data']);
const MAX_FILE_NAME = 1024;
const INGEST_RE = /^\/api\/([a-z]+)\/data\/?$/;

/** Answers the data endpoint; undefined when `path` is not it. */
export const ingestRoute: BodyRoute = async (ctx, req, res, method, path, expectContinue) => {
  const ingest = INGEST_RE.exec(path);
  if (ingest) {
    if (!CATEGORIES.has(ingest[1] as SampleCategory)) throw refuse(404, 'E_NOT_FOUND', `unknown category ${JSON.stringify(ingest[1])} (training, testing or anomaly)`);
    if (method !== 'POST') throw methodNotAllowed('POST');
    return ingestData(ctx, req, res, ingest[1] as SampleCategory, expectContinue);
  }
  return undefined;
};

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

/** Edge Impulse infers a label from the file name: its leading run of `[a-zA-Z0-9\s_-]` (`idle.01` → `idle`), at most {@link MAX_LABEL_LENGTH} characters. */
export function inferLabel(fileName: string): string | null {
  const m = /^[a-zA-Z0-9\s_-]+/.exec(fileName);
  const label = m ? m[0].slice(0, MAX_LABEL_LENGTH).trim() : '';
  return label === '' ? null : label;
}

/** An `x-label` as sent (URI-decoded): refused, never altered, when too long or holding control characters. */
export function checkLabel(label: string): string {
  const why = textProblem(label, MAX_LABEL_LENGTH);
  if (why !== null) throw refuse(400, 'E_HEADER_INVALID', `x-label ${why}`);
  return label;
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
  if (type === 'multipart/form-data' && multipartBoundary(contentType) === null) {
    throw refuse(400, 'E_MULTIPART', 'a multipart/form-data content type needs a boundary (1 to 70 characters)');
  }
  const fileNameHeader = header(req, 'x-file-name');
  if (fileNameHeader === undefined || fileNameHeader.trim() === '') throw refuse(421, 'E_HEADER_MISSING', 'the x-file-name header is required');
  const originalName = cleanFileName(decodeHeaderValue(fileNameHeader, 'x-file-name'));
  if (originalName === '') throw refuse(400, 'E_HEADER_INVALID', 'x-file-name names no file');
  if (originalName.length > MAX_FILE_NAME) throw refuse(400, 'E_HEADER_INVALID', `x-file-name is longer than ${MAX_FILE_NAME} characters`);
  let label: string | null;
  const labelHeader = header(req, 'x-label');
  if (flag(req, 'x-no-label')) label = null;
  else if (labelHeader !== undefined && labelHeader !== '') label = checkLabel(decodeHeaderValue(labelHeader, 'x-label'));
  else label = inferLabel(originalName);
  const metadata = parseMetadata(header(req, 'x-metadata'));
  const fileName = flag(req, 'x-add-date-id') ? withDateId(originalName) : originalName;

  // 3. The body, counted as it streams (413) and against the bytes in flight (503), in a buffer of its own.
  const received = await readBoundedBody(req, res, ctx.maxBytes, expectContinue, ctx.inFlight);
  const receivedAt = new Date().toISOString();

  // 4. Everything decided from the bytes (multipart parts, the message's signature under the policy,
  //    attachments, hashes): on the event loop for a small body, in a worker thread for a large one.
  //    The body is given up to the check (moved to the thread, not copied); its bytes come back with the verdict.
  const keys = await activeHmacKeys(ctx.store);
  const { verdict, body } = await ctx.checks.check({ body: received, contentType, multipart: type === 'multipart/form-data', keys, nowSeconds: ctx.now?.() }, true);
  if (!verdict.ok) throw refuse(400, verdict.code, verdict.message);

  // 5. Store durably, then answer with the file name.
  const sample: NewSample = {
    fileName,
    category,
    label,
    deviceName: verdict.deviceName,
    deviceType: verdict.deviceType,
    signature: verdict.signature,
    signatureError: verdict.signatureError,
    hmacKeyId: verdict.hmacKeyId,
    sha256: verdict.sha256,
    dedupHash: verdict.dedupHash,
    iat: verdict.iat,
    receivedAt,
    contentType,
    encoding: verdict.encoding,
    metadata,
    raw: body,
  };
  const disallowDuplicates = ctx.disallowDuplicates || flag(req, 'x-disallow-duplicates');
  // The body is given up again, to the store (SQLite moves it to its writer thread).
  const result = await ctx.store.insertSample(sample, { disallowDuplicates, moveRaw: true });
  if (result.status === 'duplicate') {
    const why = ctx.disallowDuplicates ? 'this service refuses duplicates' : 'x-disallow-duplicates is set';
    throw refuse(409, 'E_DUPLICATE', `an identical sample is already stored (id ${result.existingId}) and ${why}`);
  }
  return text(result.sample.fileName);
}
