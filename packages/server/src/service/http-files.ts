/**
 * Edge Impulse's files endpoint, `POST /api/{training,testing,anomaly}/files` (their uploader's path,
 * docs.edgeimpulse.com/apis/ingestion): a multipart/form-data body of files (form field `data`), each
 * stored as its own sample, answered with JSON `{success, files:[{success, fileName, sampleId} |
 * {success:false, fileName, error}]}` — a file can fail while the others are stored.
 *
 * A file that is a data acquisition message (declared JSON/CBOR, or named `.json`/`.cbor`) goes through
 * the same check as a `/data` body (`checkUpload`, in a worker thread when large). Any other file
 * (images, audio, CSV) cannot carry an HMAC: it is stored marked `unsigned`
 * (`signatureError: E_UNSIGNED_FILE`), or refused per file when the server refuses unsigned files
 * (`serve --refuse-unsigned-files`).
 * @module
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEdgesignError } from 'edgesign';
import { readBoundedBody } from './http-body.js';
import { checkLabel, cleanFileName, decodeHeaderValue, flag, inferLabel, parseMetadata, withDateId } from './http-ingest.js';
import { json, methodNotAllowed, refuse, type Answer } from './http-reply.js';
import { CATEGORIES, authenticate, header, type BodyRoute, type Ctx } from './http-request.js';
import { activeHmacKeys } from './keys.js';
import { multipartBoundary, splitMultipart, type Part } from './multipart.js';
import type { NewSample, SampleCategory } from './store.js';

const FILES_RE = /^\/api\/([a-z]+)\/files\/?$/;
const MESSAGE_TYPES = new Set(['application/json', 'application/cbor', 'text/json']);

type FileResult = { success: true; fileName: string; sampleId: number } | { success: false; fileName: string; error: string };

/** Answers the files endpoint; undefined when `path` is not it. */
export const filesRoute: BodyRoute = async (ctx, req, res, method, path, expectContinue) => {
  const m = FILES_RE.exec(path);
  if (!m) return undefined;
  if (!CATEGORIES.has(m[1] as SampleCategory)) throw refuse(404, 'E_NOT_FOUND', `unknown category ${JSON.stringify(m[1])} (training, testing or anomaly)`);
  if (method !== 'POST') throw methodNotAllowed('POST');
  return ingestFiles(ctx, req, res, m[1] as SampleCategory, expectContinue);
};

/** A data acquisition message rather than a file that cannot carry an HMAC. */
function isMessageFile(p: Part, fileName: string): boolean {
  return MESSAGE_TYPES.has(p.mimeType) || /\.(json|cbor)$/i.test(fileName);
}

async function ingestFiles(ctx: Ctx, req: IncomingMessage, res: ServerResponse, category: SampleCategory, expectContinue: boolean): Promise<Answer> {
  await authenticate(ctx, req, 'ingest');
  const contentType = header(req, 'content-type') ?? '';
  if (contentType.split(';', 1)[0]!.trim().toLowerCase() !== 'multipart/form-data') {
    throw refuse(415, 'E_UNSUPPORTED_MEDIA_TYPE', 'the files endpoint takes multipart/form-data (one part per file, field "data")');
  }
  if (multipartBoundary(contentType) === null) throw refuse(400, 'E_MULTIPART', 'a multipart/form-data content type needs a boundary (1 to 70 characters)');
  const labelHeader = header(req, 'x-label');
  const noLabel = flag(req, 'x-no-label');
  const fixedLabel = !noLabel && labelHeader !== undefined && labelHeader !== '' ? checkLabel(decodeHeaderValue(labelHeader, 'x-label')) : null;
  const metadata = parseMetadata(header(req, 'x-metadata'));
  const addDateId = flag(req, 'x-add-date-id');
  const disallowDuplicates = ctx.disallowDuplicates || flag(req, 'x-disallow-duplicates');

  const body = await readBoundedBody(req, res, ctx.maxBytes, expectContinue, ctx.inFlight);
  const receivedAt = new Date().toISOString();
  let parts: Part[];
  try {
    parts = splitMultipart(body, contentType);
  } catch (e) {
    if (isEdgesignError(e)) throw refuse(400, e.code, e.message);
    throw e;
  }
  if (parts.length === 0) throw refuse(400, 'E_MULTIPART', 'the body carries no file');
  const keys = await activeHmacKeys(ctx.store);

  const files: FileResult[] = [];
  for (const part of parts) {
    const original = cleanFileName(part.filename ?? part.name);
    const fileName = original === '' ? `${part.name || 'file'}` : original;
    const result = await storeFile(ctx, part, {
      category,
      fileName: addDateId ? withDateId(fileName) : fileName,
      label: noLabel ? null : (fixedLabel ?? inferLabel(fileName)),
      metadata,
      receivedAt,
      disallowDuplicates,
      keys,
    });
    files.push(result.ok ? { success: true, fileName: result.fileName, sampleId: result.sampleId } : { success: false, fileName, error: result.error });
  }
  return json({ success: true, files });
}

async function storeFile(
  ctx: Ctx,
  part: Part,
  o: {
    category: SampleCategory;
    fileName: string;
    label: string | null;
    metadata: Record<string, string> | null;
    receivedAt: string;
    disallowDuplicates: boolean;
    keys: ReadonlyArray<{ id: string; key: string }>;
  },
): Promise<{ ok: true; fileName: string; sampleId: number } | { ok: false; error: string }> {
  const contentType = part.mimeType || 'application/octet-stream';
  let sample: NewSample;
  if (isMessageFile(part, o.fileName)) {
    // The same check as a /data body (the verifier under the server's policy), off the event loop when
    // large. The part is a view of the request body, which other parts share: the pool copies it for the
    // thread, and hands back those bytes (a buffer of their own) or, checked here, the view itself.
    const { verdict, body } = await ctx.checks.check({ body: part.bytes, contentType, multipart: false, keys: o.keys, nowSeconds: ctx.now?.() });
    if (!verdict.ok) return { ok: false, error: `${verdict.code}: ${verdict.message}` };
    const sha256 = verdict.sha256;
    sample = {
      fileName: o.fileName,
      category: o.category,
      label: o.label,
      deviceName: verdict.deviceName,
      deviceType: verdict.deviceType,
      signature: verdict.signature,
      signatureError: verdict.signatureError,
      hmacKeyId: verdict.hmacKeyId,
      sha256,
      dedupHash: sha256,
      iat: verdict.iat,
      receivedAt: o.receivedAt,
      contentType,
      encoding: verdict.encoding,
      metadata: o.metadata,
      raw: body,
    };
  } else {
    if (ctx.refuseUnsignedFiles) {
      return { ok: false, error: 'E_UNSIGNED_FILE: this file cannot carry an HMAC (not a data acquisition message) and this service refuses unsigned files' };
    }
    const sha256 = createHash('sha256').update(part.bytes).digest('hex');
    sample = {
      fileName: o.fileName,
      category: o.category,
      label: o.label,
      deviceName: null,
      deviceType: null,
      signature: 'unsigned',
      signatureError: 'E_UNSIGNED_FILE',
      hmacKeyId: null,
      sha256,
      dedupHash: sha256,
      iat: null,
      receivedAt: o.receivedAt,
      contentType,
      encoding: null,
      metadata: o.metadata,
      raw: part.bytes,
    };
  }
  // Nothing reads these bytes after the store: a buffer of their own (from the check's thread) is moved to
  // the writer; a view of the request body (which spans only part of it) is copied by the store.
  const r = await ctx.store.insertSample(sample, { disallowDuplicates: o.disallowDuplicates, moveRaw: true });
  if (r.status === 'duplicate') return { ok: false, error: `E_DUPLICATE: an identical sample is already stored (id ${r.existingId})` };
  return { ok: true, fileName: r.sample.fileName, sampleId: r.sample.id };
}
