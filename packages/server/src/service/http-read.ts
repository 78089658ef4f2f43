/**
 * The read API (any valid API key): `GET /api/samples` (newest first, category / limit / offset),
 * `GET /api/samples/:id` and `GET /api/samples/:id/raw` (the body exactly as received).
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { json, methodNotAllowed, refuse, type Answer } from './http-reply.js';
import { CATEGORIES, authenticate, type Ctx } from './http-request.js';
import type { SampleCategory, SampleRecord } from './store.js';

const MAX_LIMIT = 100_000;
const SAMPLE_RE = /^\/api\/samples\/(\d{1,15})(\/raw)?\/?$/;

/** Answers the read routes; undefined when `path` is none of them. */
export async function readRoute(ctx: Ctx, req: IncomingMessage, method: string, path: string, query: URLSearchParams): Promise<Answer | undefined> {
  if (path === '/api/samples' || path === '/api/samples/') {
    if (method !== 'GET') throw methodNotAllowed('GET');
    await authenticate(ctx, req, 'read');
    return listSamplesAnswer(ctx, query);
  }
  const sample = SAMPLE_RE.exec(path);
  if (sample) {
    if (method !== 'GET') throw methodNotAllowed('GET');
    await authenticate(ctx, req, 'read');
    const id = Number(sample[1]);
    if (sample[2]) {
      const raw = await ctx.store.getSampleRaw(id);
      if (!raw) throw refuse(404, 'E_NOT_FOUND', `no sample with id ${id}`);
      return { status: 200, contentType: raw.contentType, body: raw.body };
    }
    const rec = await ctx.store.getSample(id);
    if (!rec) throw refuse(404, 'E_NOT_FOUND', `no sample with id ${id}`);
    return json({ sample: { ...sampleListing(rec), signatureError: rec.signatureError, contentType: rec.contentType, encoding: rec.encoding, metadata: rec.metadata } });
  }
  return undefined;
}

function sampleListing(s: SampleRecord) {
  return {
    id: s.id,
    fileName: s.fileName,
    category: s.category,
    label: s.label,
    deviceName: s.deviceName,
    deviceType: s.deviceType,
    signature: s.signature,
    hmacKeyId: s.hmacKeyId,
    sha256: s.sha256,
    iat: s.iat,
    receivedAt: s.receivedAt,
    bytes: s.bytes,
  };
}

async function listSamplesAnswer(ctx: Ctx, query: URLSearchParams): Promise<Answer> {
  const category = query.get('category');
  if (category !== null && !CATEGORIES.has(category as SampleCategory)) {
    throw refuse(400, 'E_QUERY', `category must be training, testing or anomaly, got ${JSON.stringify(category)}`);
  }
  const limit = intParam(query, 'limit', 100, 0, MAX_LIMIT);
  const offset = intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const samples = await ctx.store.listSamples({ category: (category ?? undefined) as SampleCategory | undefined, limit, offset });
  return json({ samples: samples.map(sampleListing) });
}

function intParam(query: URLSearchParams, name: string, dflt: number, min: number, max: number): number {
  const v = query.get(name);
  if (v === null || v === '') return dflt;
  if (!/^\d{1,16}$/.test(v) || Number(v) < min || Number(v) > max) {
    throw refuse(400, 'E_QUERY', `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return Number(v);
}
