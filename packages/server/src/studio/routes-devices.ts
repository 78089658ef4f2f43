/**
 * Devices (Edge Impulse's Studio API paths): create, list, get, rename, and start-sampling, which asks a
 * device connected to remote management for a sample. `GET …/device/{deviceId}/sampling/{id}` is
 * edgesign's own addition (Edge Impulse reports progress over its Studio websocket instead): the
 * request's progress and, once it landed, the stored sample's file name; `?waitMs=N` waits up to N ms
 * (at most 30 s) for the request to end.
 * @module
 */
import { isEdgesignError } from 'edgesign';
import type { SampleCategory } from '../service/store.js';
import { bodyObject, type StudioContext, type StudioRoute } from './context.js';
import { deviceView, listDeviceViews } from './device-view.js';
import { ok, studioError } from './reply.js';

const MAX_ID = 256;
const MAX_WAIT_MS = 30_000;

/** HTTP statuses for the remote management registry's refusals. */
const SAMPLING_STATUS: Record<string, number> = {
  E_SAMPLE_REQUEST: 400,
  E_SENSOR_UNKNOWN: 400,
  E_DEVICE_NOT_CONNECTED: 409,
  E_DEVICE_MODE: 409,
  E_DEVICE_BUSY: 409,
  E_NO_DEV_KEYS: 409,
  E_DEVICE_REFUSED: 502,
  E_DEVICE_TIMEOUT: 504,
  E_RELAY_TIMEOUT: 504,
};

async function existing(ctx: StudioContext, deviceId: string) {
  const d = await ctx.store.getDevice(deviceId);
  if (!d) throw studioError(404, 'E_DEVICE_NOT_FOUND', `No device with id ${JSON.stringify(deviceId)}`);
  return d;
}

function stringField(b: Record<string, unknown>, name: string, { required = true, max = MAX_ID } = {}): string | undefined {
  const v = b[name];
  if (v === undefined || v === null) {
    if (required) throw studioError(400, 'E_BAD_REQUEST', `${name} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || (required && v.trim() === '') || v.length > max) throw studioError(400, 'E_BAD_REQUEST', `${name} must be a non-empty string of at most ${max} characters`);
  return v;
}

export const deviceRoutes: StudioRoute[] = [
  {
    method: 'POST',
    path: '/devices/create',
    need: 'ingest',
    async handle(ctx, { body }) {
      const b = bodyObject(body);
      const deviceId = stringField(b, 'deviceId')!;
      const deviceType = stringField(b, 'deviceType')!;
      const ifNotExists = b['ifNotExists'] === true;
      const at = new Date(ctx.now()).toISOString();
      // Edge Impulse: "If you set ifNotExists to false and the device already exists, the deviceType will be overwritten."
      if (ifNotExists && (await ctx.store.getDevice(deviceId))) return ok();
      await ctx.store.upsertDevice(deviceId, { deviceType }, at);
      return ok();
    },
  },
  {
    method: 'GET',
    path: '/devices',
    need: 'read',
    async handle(ctx) {
      // Connections on every receiver of the store (which one holds each device is in the view).
      return ok({ devices: await listDeviceViews(ctx.store, ctx.remote, ctx.now()) });
    },
  },
  {
    method: 'GET',
    path: '/device/:deviceId',
    need: 'read',
    async handle(ctx, { params }) {
      // Edge Impulse answers success without `device` for an unknown id (its client reads `device ? … : …`).
      const d = await ctx.store.getDevice(params['deviceId']!);
      if (!d) return ok({});
      return ok({ device: deviceView(d, await ctx.remote?.deviceConnection(d.deviceId), ctx.now()) });
    },
  },
  {
    method: 'POST',
    path: '/devices/:deviceId/rename',
    need: 'ingest',
    async handle(ctx, { params, body }) {
      const name = stringField(bodyObject(body), 'name')!;
      const d = await ctx.store.updateDevice(params['deviceId']!, { name });
      if (!d) throw studioError(404, 'E_DEVICE_NOT_FOUND', `No device with id ${JSON.stringify(params['deviceId'])}`);
      return ok();
    },
  },
  {
    method: 'POST',
    path: '/device/:deviceId/start-sampling',
    need: 'ingest',
    async handle(ctx, { params, body }) {
      const deviceId = params['deviceId']!;
      await existing(ctx, deviceId);
      if (!ctx.remote) throw studioError(409, 'E_DEVICE_NOT_CONNECTED', 'remote management is not running on this server');
      const b = bodyObject(body);
      try {
        const status = await ctx.remote.requestSample(deviceId, {
          category: (b['category'] ?? 'training') as SampleCategory,
          label: b['label'] as string,
          lengthMs: b['lengthMs'] as number,
          intervalMs: b['intervalMs'] as number,
          sensor: (b['sensor'] ?? undefined) as string | undefined,
        });
        return ok({ id: status.id });
      } catch (e) {
        if (isEdgesignError(e) && SAMPLING_STATUS[e.code]) throw studioError(SAMPLING_STATUS[e.code]!, e.code, e.message);
        throw e;
      }
    },
  },
  {
    method: 'GET',
    path: '/device/:deviceId/sampling/:id',
    need: 'read',
    async handle(ctx, { params, query }) {
      const id = Number(params['id']);
      const waitMs = Math.min(MAX_WAIT_MS, Math.max(0, Number(query.get('waitMs') ?? 0) || 0));
      // Any receiver of the store answers for any request (the holder stores its progress).
      const status = Number.isSafeInteger(id) && id > 0 ? await ctx.remote?.findSampling(id, waitMs) : undefined;
      if (!status || status.deviceId !== params['deviceId']) throw studioError(404, 'E_SAMPLING_NOT_FOUND', `No sample request ${params['id']} for this device`);
      return ok({ sampling: status });
    },
  },
];
