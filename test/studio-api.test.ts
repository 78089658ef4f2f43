/**
 * The Studio API subset (issue 15) through Edge Impulse's own published client, `edge-impulse-api`
 * (generated from their OpenAPI), unmodified and pointed at loopback; the role matrix of every route
 * with plain fetch (statuses and `{success:false, error}` bodies).
 */
import { EdgeImpulseApi } from 'edge-impulse-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSigner } from '../packages/edgesign/src/index.js';
import { ROLES, startPlatform, type PlatformFixture, type Role } from './helpers/platform.js';

let f: PlatformFixture;
beforeAll(async () => {
  f = await startPlatform();
});
afterAll(async () => {
  await f?.stop();
});

async function ei(role: Role | string): Promise<EdgeImpulseApi> {
  const api = new EdgeImpulseApi({ endpoint: f.urls.studio });
  await api.authenticate({ method: 'apiKey', apiKey: role in f.apiKeys ? f.apiKeys[role as Role] : role });
  return api;
}

async function call(method: string, path: string, key: string | undefined, body?: unknown) {
  const res = await fetch(`${f.urls.studio}/api/${f.projectId}${path}`, {
    method,
    headers: { ...(key ? { 'x-api-key': key } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* raw bytes */
  }
  return { status: res.status, json, text };
}

describe('role matrix: every Studio route', () => {
  // [method, path, body, roles allowed]
  const all: Role[] = [...ROLES];
  const ingest: Role[] = ['admin', 'ingestion_deployment', 'ingestiononly'];
  const admin: Role[] = ['admin'];
  const routes: Array<[string, string, unknown, Role[]]> = [
    ['GET', '', undefined, all],
    ['GET', '/apikeys', undefined, admin],
    ['POST', '/apikeys', { name: 'm', role: 'readonly', isDevelopmentKey: false }, admin],
    ['DELETE', '/apikeys/ak_0000000000000000', undefined, admin],
    ['GET', '/hmackeys', undefined, admin],
    ['POST', '/hmackeys', { name: 'm', hmacKey: '0123456789abcdef0123456789abcdef', isDevelopmentKey: false }, admin],
    ['DELETE', '/hmackeys/hk_0000000000000000', undefined, admin],
    ['GET', '/devkeys', undefined, admin],
    ['GET', '/devkeys/hmac', undefined, ingest],
    ['POST', '/devices/create', { deviceId: 'matrix', deviceType: 'T', ifNotExists: true }, ingest],
    ['GET', '/devices', undefined, all],
    ['GET', '/device/matrix', undefined, all],
    ['POST', '/devices/matrix/rename', { name: 'matrix' }, ingest],
    ['POST', '/device/matrix/start-sampling', { label: 'x', lengthMs: 100, category: 'training', intervalMs: 10 }, ingest],
    ['GET', '/device/matrix/sampling/999', undefined, all],
    ['GET', '/raw-data?category=training', undefined, all],
    ['GET', '/raw-data/999999', undefined, all],
    ['GET', '/raw-data/999999/raw', undefined, all],
  ];
  test.each(routes)('%s %s', async (method, path, body, allowed) => {
    const none = await call(method, path, undefined, body);
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ success: false, code: 'E_API_KEY_MISSING', error: expect.any(String) });
    expect((await call(method, path, 'ei_' + 'f'.repeat(64), body)).json).toMatchObject({ success: false, code: 'E_API_KEY_INVALID' });
    for (const role of ROLES) {
      const r = await call(method, path, f.apiKeys[role], body);
      if (allowed.includes(role)) {
        // Allowed: anything but an auth refusal (a missing device/key/sample is a 404/409 of its own).
        expect([401, 403], `${role} ${r.text}`).not.toContain(r.status);
      } else {
        expect(r.status, role).toBe(403);
        expect(r.json).toMatchObject({ success: false, code: 'E_FORBIDDEN' });
      }
    }
  });

  test('another project id, unknown routes and methods', async () => {
    const other = await fetch(`${f.urls.studio}/api/${f.projectId + 1}/devices`, { headers: { 'x-api-key': f.apiKeys.admin } });
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ success: false, code: 'E_PROJECT_NOT_FOUND' });
    expect((await call('PUT', '/devices', f.apiKeys.admin)).status).toBe(405);
    expect((await call('GET', '/nope', f.apiKeys.admin)).status).toBe(404);
  });
});

describe('through edge-impulse-api (Edge Impulse\'s client, unmodified)', () => {
  test('projects and project info; development keys by role', async () => {
    const api = await ei('admin');
    const list = await api.projects.listProjects();
    expect(list.projects).toEqual([expect.objectContaining({ id: f.projectId, name: 'edgesign', owner: 'edgesign' })]);
    const info = await api.projects.getProjectInfo(f.projectId, {});
    expect(info.project.id).toBe(f.projectId);
    expect(info.developmentKeys).toEqual({ hmacKey: f.hmacKey });
    const ro = await (await ei('readonly')).projects.getProjectInfo(f.projectId, {});
    expect(ro.developmentKeys).toEqual({});
    const ing = await (await ei('ingestiononly')).projects.getProjectInfo(f.projectId, {});
    expect(ing.developmentKeys).toEqual({ hmacKey: f.hmacKey });
  });

  test('API keys: create with role and ttl, masked listing, lastUsed, expiry, revoke', async () => {
    const api = await ei('admin');
    const created = await api.projects.addProjectApiKey(f.projectId, { name: 'short-lived', role: 'ingestiononly', isDevelopmentKey: false, ttl: 60 });
    expect(created.apiKey).toMatch(/^ei_[0-9a-f]{64}$/);
    const mine = await ei(created.apiKey);
    await mine.devices.listDevices(f.projectId);
    const listed = (await api.projects.listProjectApiKeys(f.projectId)).apiKeys.find((k) => String(k.id) === String(created.id))!;
    expect(listed).toMatchObject({ name: 'short-lived', role: 'ingestiononly', isDevelopmentKey: false });
    expect(listed.apiKey).toMatch(/^ei_\*{64}$/);
    expect(listed.apiKey).not.toContain(created.apiKey.slice(3, 10));
    // The client turns ISO strings into Dates.
    expect(new Date(listed.expires!).getTime()).toBe(Math.floor(f.clock.now / 1000) * 1000 + 60_000 + (f.clock.now % 1000));
    expect(new Date(listed.lastUsed!.date).getTime()).toBe(f.clock.now);
    // Expiry by the server's clock: 60 s later the key no longer authenticates.
    f.clock.now += 60_000;
    try {
      await expect(mine.devices.listDevices(f.projectId)).rejects.toThrow(/expired/);
    } finally {
      f.clock.now -= 60_000;
    }
    await expect(mine.devices.listDevices(f.projectId)).resolves.toMatchObject({ success: true });
    await api.projects.revokeProjectApiKey(f.projectId, created.id);
    await expect(mine.devices.listDevices(f.projectId)).rejects.toThrow(/Invalid API key/);
    await expect(api.projects.addProjectApiKey(f.projectId, { name: 'x', role: 'owner' as never, isDevelopmentKey: false })).rejects.toThrow(/role/);
  });

  test('HMAC keys and development keys', async () => {
    const api = await ei('admin');
    await api.projects.addProjectHmacKey(f.projectId, { name: 'rotated', hmacKey: 'aaaabbbbccccddddeeeeffff00001111', isDevelopmentKey: false });
    // (the role matrix above added keys named "m")
    const keys = (await api.projects.listProjectHmacKeys(f.projectId)).hmacKeys.filter((k) => k.name !== 'm');
    expect(keys.map((k) => [k.name, k.hmacKey, k.isDevelopmentKey])).toEqual([
      ['devices', f.hmacKey, true],
      ['rotated', 'aaaabbbbccccddddeeeeffff00001111', false],
    ]);
    expect(await api.projects.listDevkeys(f.projectId)).toMatchObject({ success: true, hmacKey: f.hmacKey });
    expect(await (await ei('ingestiononly')).projects.getHmacDevkey(f.projectId)).toMatchObject({ hmacKey: f.hmacKey });
    await expect(api.projects.addProjectHmacKey(f.projectId, { name: 'bad', hmacKey: 'short', isDevelopmentKey: false })).rejects.toThrow(/32 hex/);
    const rotated = keys.find((k) => k.name === 'rotated')!;
    await api.projects.revokeProjectHmacKey(f.projectId, rotated.id);
    expect((await api.projects.listProjectHmacKeys(f.projectId)).hmacKeys.map((k) => k.name).filter((n) => n !== 'm')).toEqual(['devices']);
  });

  test('devices: create (ifNotExists), list, get, rename; Edge Impulse\'s device shape', async () => {
    const api = await ei('ingestiononly');
    await api.devices.createDevice(f.projectId, { deviceId: '02:e5:00:00:00:01', deviceType: 'BOARD-A', ifNotExists: true });
    await api.devices.createDevice(f.projectId, { deviceId: '02:e5:00:00:00:01', deviceType: 'BOARD-B', ifNotExists: true });
    let d = (await api.devices.getDevice(f.projectId, '02:e5:00:00:00:01')).device!;
    expect(d).toMatchObject({ deviceId: '02:e5:00:00:00:01', name: '02:e5:00:00:00:01', deviceType: 'BOARD-A', remote_mgmt_connected: false, remoteMgmtMode: 'disconnected', sensors: [] });
    expect(d.created).toBeInstanceOf(Date);
    await api.devices.createDevice(f.projectId, { deviceId: '02:e5:00:00:00:01', deviceType: 'BOARD-B', ifNotExists: false });
    await api.devices.renameDevice(f.projectId, '02:e5:00:00:00:01', { name: 'desk' });
    d = (await api.devices.getDevice(f.projectId, '02:e5:00:00:00:01')).device!;
    expect(d).toMatchObject({ name: 'desk', deviceType: 'BOARD-B' });
    expect((await api.devices.listDevices(f.projectId)).devices.map((x) => x.name)).toContain('desk');
    expect((await api.devices.getDevice(f.projectId, 'never-seen')).device).toBeUndefined();
    await expect(api.devices.renameDevice(f.projectId, 'never-seen', { name: 'x' })).rejects.toThrow(/No device/);
    await expect(api.devices.startSampling(f.projectId, '02:e5:00:00:00:01', { label: 'idle', lengthMs: 1000, category: 'training', intervalMs: 10 })).rejects.toThrow(
      /not connected to remote management/,
    );
  });

  test('raw-data: Edge Impulse\'s sample shape, and the raw bytes as received', async () => {
    const signer = createSigner({
      hmacKey: f.hmacKey!,
      deviceType: 'BOARD-A',
      deviceName: 'raw-device',
      intervalMs: 10,
      sensors: [
        { name: 'accX', units: 'm/s2' },
        { name: 'accY', units: 'm/s2' },
      ],
      encoding: 'cbor',
    });
    const body = signer.sign([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const up = await fetch(`${f.urls.ingestion}/api/testing/data`, {
      method: 'POST',
      headers: { 'x-api-key': f.apiKeys.ingestiononly, 'x-file-name': 'wave.01.cbor', 'content-type': 'application/cbor' },
      body: new Uint8Array(body),
    });
    expect(up.status).toBe(200);
    const api = await ei('readonly');
    const list = await api.rawData.listSamples(f.projectId, { category: 'testing', limit: 10, offset: 0 });
    expect(list.totalCount).toBe(1);
    expect(list.samples[0]).toMatchObject({
      filename: 'wave.01.cbor',
      label: 'wave',
      category: 'testing',
      signatureValidate: true,
      deviceName: 'raw-device',
      deviceType: 'BOARD-A',
      intervalMs: 10,
      frequency: 100,
      valuesCount: 3,
      sensors: [
        { name: 'accX', units: 'm/s2' },
        { name: 'accY', units: 'm/s2' },
      ],
      projectId: f.projectId,
    });
    const raw = await fetch(`${f.urls.studio}/api/${f.projectId}/raw-data/${list.samples[0]!.id}/raw`, { headers: { 'x-api-key': f.apiKeys.readonly } });
    expect(raw.headers.get('content-type')).toBe('application/cbor');
    expect(new Uint8Array(await raw.arrayBuffer())).toEqual(body);
    expect((await api.rawData.listSamples(f.projectId, { category: 'training' })).samples).toEqual([]);
  });
});
