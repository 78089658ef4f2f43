/**
 * The project and its data in Edge Impulse's Studio API shapes: `GET /v1/api/projects`,
 * `GET /v1/api/{projectId}`, `GET …/raw-data?category=&limit=&offset=`, `GET …/raw-data/{sampleId}`
 * and `GET …/raw-data/{sampleId}/raw` (the bytes exactly as received).
 * @module
 */
import { INGESTION_ROLES, getDevKeys } from '../service/keys.js';
import type { SampleCategory } from '../service/store.js';
import type { StudioContext, StudioRoute } from './context.js';
import { listDeviceViews } from './device-view.js';
import { projectView } from './project.js';
import { ok, studioError } from './reply.js';
import { sampleView } from './sample-view.js';

const CATEGORIES = new Set<SampleCategory>(['training', 'testing', 'anomaly']);
const MAX_LIMIT = 100_000;

function categoryOf(v: string | null): SampleCategory {
  if (v === null || !CATEGORIES.has(v as SampleCategory)) throw studioError(400, 'E_BAD_REQUEST', 'category must be training, testing or anomaly');
  return v as SampleCategory;
}

function intParam(v: string | null, name: string, dflt: number, max: number): number {
  if (v === null || v === '') return dflt;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0 || n > max) throw studioError(400, 'E_BAD_REQUEST', `${name} must be an integer from 0 to ${max}`);
  return n;
}

async function sampleOr404(ctx: StudioContext, idText: string) {
  const id = Number(idText);
  const s = Number.isSafeInteger(id) && id > 0 ? await ctx.store.getSample(id) : undefined;
  if (!s) throw studioError(404, 'E_SAMPLE_NOT_FOUND', `No sample with id ${idText}`);
  return s;
}

export const dataRoutes: StudioRoute[] = [
  {
    method: 'GET',
    path: '/v1/api/projects',
    global: true,
    need: 'read',
    async handle(ctx) {
      return ok({ projects: [projectView(ctx.project)] });
    },
  },
  {
    method: 'GET',
    path: '',
    need: 'read',
    async handle(ctx, { key }) {
      const dev = await getDevKeys(ctx.store);
      const nowMs = ctx.now();
      // The development API key's secret only to admins; the HMAC key to every role that adds data.
      const developmentKeys = {
        ...(key.role === 'admin' && dev.apiKey !== null ? { apiKey: dev.apiKey } : {}),
        ...(INGESTION_ROLES.includes(key.role) && dev.hmacKey !== null ? { hmacKey: dev.hmacKey } : {}),
      };
      return ok({
        project: projectView(ctx.project),
        developmentKeys,
        impulse: { created: false, configured: false, complete: false },
        devices: await listDeviceViews(ctx.store, ctx.remote, nowMs),
        collaborators: [],
        studioUrl: '',
      });
    },
  },
  {
    method: 'GET',
    path: '/raw-data',
    need: 'read',
    async handle(ctx, { query }) {
      const category = categoryOf(query.get('category'));
      const limit = intParam(query.get('limit'), 'limit', 100, MAX_LIMIT);
      const offset = intParam(query.get('offset'), 'offset', 0, Number.MAX_SAFE_INTEGER);
      const page = await ctx.store.listSamples({ category, limit, offset });
      // The Store has no count; list the category's rows (no bodies) up to the listing limit.
      const totalCount = (await ctx.store.listSamples({ category, limit: MAX_LIMIT, offset: 0 })).length;
      const samples = [];
      for (const s of page) samples.push(await sampleView(ctx.store, s, ctx.project.id));
      return ok({ samples, totalCount });
    },
  },
  {
    method: 'GET',
    path: '/raw-data/:sampleId',
    need: 'read',
    async handle(ctx, { params }) {
      const s = await sampleOr404(ctx, params['sampleId']!);
      return ok({ sample: await sampleView(ctx.store, s, ctx.project.id) });
    },
  },
  {
    method: 'GET',
    path: '/raw-data/:sampleId/raw',
    need: 'read',
    async handle(ctx, { params }) {
      const s = await sampleOr404(ctx, params['sampleId']!);
      const raw = await ctx.store.getSampleRaw(s.id);
      if (!raw) throw studioError(404, 'E_SAMPLE_NOT_FOUND', `No sample with id ${params['sampleId']}`);
      return { bytes: raw.body, contentType: raw.contentType };
    },
  },
];
