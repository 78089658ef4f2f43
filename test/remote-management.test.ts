/**
 * Remote management (issue 15) with a real WebSocket client (ws) in both encodings (CBOR through
 * cbor-x): hello v3/v4 and the role matrix for connect, the reply's position and encoding, the whole
 * loop (device connects → start-sampling through the Studio API → the device signs with the key it was
 * handed → the sample is stored valid under the device's name and listed in raw-data), progress in any
 * order, `err`/`error`, snapshots, pings, disconnect and reconnect, key expiry.
 */
import { decode as cborDecode, encode as cborEncode } from 'cbor-x';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createApiKey, revokeKey } from '../packages/server/src/service/index.js';
import { connectSimulatedDevice } from '../packages/server/src/remote-management/simulated-device.js';
import { ROLES, startPlatform, type PlatformFixture } from './helpers/platform.js';
import { verifyMessage } from '../packages/edgesign/src/index.js';

type Enc = 'json' | 'cbor';
let f: PlatformFixture;
beforeAll(async () => {
  f = await startPlatform({ remote: { ackTimeoutMs: 1000, landingGraceMs: 300, helloTimeoutMs: 1000 } });
});
afterAll(async () => {
  await f?.stop();
});

/** A raw protocol client: every frame it receives, decoded, with the frame type it came in. */
class Client {
  readonly ws: WebSocket;
  readonly received: Array<{ binary: boolean; message: Record<string, unknown> }> = [];
  /** The frame kind (binary?) of every message received, in order. */
  readonly frames: boolean[] = [];
  #waiters: Array<() => void> = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number }>;
  constructor(readonly enc: Enc) {
    this.ws = new WebSocket(f.urls.remoteManagement);
    this.opened = new Promise((r) => this.ws.once('open', () => r()));
    this.closed = new Promise((r) => this.ws.once('close', (code) => r({ code })));
    this.ws.on('message', (data: Buffer, binary) => {
      this.frames.push(binary);
      this.received.push({ binary, message: (binary ? cborDecode(data) : JSON.parse(data.toString('utf8'))) as Record<string, unknown> });
      this.#waiters.splice(0).forEach((w) => w());
    });
  }
  send(m: unknown): void {
    if (this.enc === 'json') this.ws.send(JSON.stringify(m));
    else this.ws.send(cborEncode(m), { binary: true });
  }
  async next(pred: (m: Record<string, unknown>) => boolean = () => true, timeoutMs = 3000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find((r) => pred(r.message));
      if (hit) {
        this.received.splice(this.received.indexOf(hit), 1);
        return hit.message;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.#waiters.push(() => (clearTimeout(t), r()));
      });
    }
  }
  async hello(apiKey: string, deviceId: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    await this.opened;
    this.send({
      hello: {
        version: 3,
        apiKey,
        deviceId,
        deviceType: 'TEST-BOARD',
        connection: 'ip',
        sensors: [{ name: 'Accelerometer', maxSampleLengthS: 60, frequencies: [100] }],
        supportsSnapshotStreaming: true,
        ...extra,
      },
    });
    return this.next();
  }
  close(): Promise<{ code: number }> {
    this.ws.close();
    return this.closed;
  }
}

async function studio(method: string, path: string, body?: unknown, key = f.apiKeys.admin) {
  const res = await fetch(`${f.urls.studio}/api/${f.projectId}${path}`, {
    method,
    headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

let n = 0;
const newId = () => `02:aa:00:00:00:${(++n).toString(16).padStart(2, '0')}`;

describe.each(['json', 'cbor'] as const)('%s session', (enc) => {
  test('role matrix for connect: the answer is the first message, in the hello\'s encoding', async () => {
    for (const role of ROLES) {
      const c = new Client(enc);
      const reply = await c.hello(f.apiKeys[role], newId());
      expect(c.received).toEqual([]);
      if (role === 'readonly') {
        expect(reply).toEqual({ hello: false, err: expect.stringMatching(/role "readonly" may not connect/) });
        expect((await c.closed).code).toBe(1008);
      } else {
        expect(reply).toMatchObject({ hello: true });
        await c.close();
      }
    }
    for (const [key, why] of [
      ['ei_' + '0'.repeat(64), /Invalid API key/],
      ['', /apiKey/],
    ] as const) {
      const c = new Client(enc);
      expect(await c.hello(key, newId())).toEqual({ hello: false, err: expect.stringMatching(why) });
      await c.closed;
    }
  });

  test('frames: JSON in text frames, CBOR in binary frames, for every answer of the session', async () => {
    const c = new Client(enc);
    await c.hello(f.apiKeys.ingestiononly, newId());
    const deviceId = newId();
    const d = new Client(enc);
    await d.hello(f.apiKeys.ingestiononly, deviceId);
    const started = studio('POST', `/device/${encodeURIComponent(deviceId)}/start-sampling`, { label: 'x', lengthMs: 100, category: 'training', intervalMs: 10 });
    await d.next((m) => 'sample' in m);
    d.send({ sample: false, err: 'sensor busy' });
    expect(await started).toMatchObject({ status: 502, json: { success: false, code: 'E_DEVICE_REFUSED', error: expect.stringMatching(/sensor busy/) } });
    // Every frame the server sent was of the session's kind (hello answer, sample request).
    expect(c.frames).toEqual([enc === 'cbor']);
    expect(d.frames).toEqual([enc === 'cbor', enc === 'cbor']);
    await c.close();
    await d.close();
  });

  test('the whole loop: start-sampling → the device signs with the handed key → stored valid under its name, in raw-data', async () => {
    const deviceId = newId();
    const dev = connectSimulatedDevice({ url: f.urls.remoteManagement, ingestionUrl: f.urls.ingestion, apiKey: f.apiKeys.ingestiononly, deviceId, encoding: enc, realTime: false });
    await dev.ready;
    const landed = dev.nextUpload();
    const start = await studio('POST', `/device/${encodeURIComponent(deviceId)}/start-sampling`, { label: 'walk', lengthMs: 500, category: 'training', intervalMs: 10, sensor: 'Accelerometer' });
    expect(start).toMatchObject({ status: 200, json: { success: true, id: expect.any(Number) } });
    const upload = await landed;
    expect(upload).toMatchObject({ ok: true, fileName: expect.stringMatching(/^walk\..+\.(json|cbor)$/) });
    const done = await studio('GET', `/device/${encodeURIComponent(deviceId)}/sampling/${start.json['id']}?waitMs=3000`);
    expect(done.json['sampling']).toMatchObject({ state: 'finished', accepted: true, started: true, uploading: true, deviceFinished: true, sample: { fileName: (upload as { fileName: string }).fileName } });
    const list = await studio('GET', '/raw-data?category=training&limit=100', undefined, f.apiKeys.readonly);
    const sample = (list.json['samples'] as Array<Record<string, unknown>>).find((s) => s['filename'] === (upload as { fileName: string }).fileName)!;
    expect(sample).toMatchObject({ signatureValidate: true, deviceName: deviceId, label: 'walk', intervalMs: 10, valuesCount: 50 });
    // Independently: the stored bytes verify with the development key the device was handed.
    const raw = await fetch(`${f.urls.studio}/api/${f.projectId}/raw-data/${sample['id']}/raw`, { headers: { 'x-api-key': f.apiKeys.readonly } });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect(verifyMessage(bytes, { keys: [{ id: 'dev', key: f.hmacKey! }] })).toMatchObject({ ok: true, keyId: 'dev', payload: { device_name: deviceId } });
    await dev.close();
  });

  test('progress in any order; errors as err or error; snapshots and unknown messages accepted', async () => {
    const deviceId = newId();
    const c = new Client(enc);
    await c.hello(f.apiKeys.ingestion_deployment, deviceId);
    c.send({ snapshotFrame: Buffer.from('jpeg').toString('base64'), fileName: 'snap.jpg' });
    c.send({ somethingNew: true });
    const order = { label: 'idle', lengthMs: 200, category: 'testing', intervalMs: 20 };
    const started = studio('POST', `/device/${encodeURIComponent(deviceId)}/start-sampling`, order);
    const req = await c.next((m) => 'sample' in m);
    expect(c.received).toEqual([]);
    expect(req).toEqual({ sample: { label: 'idle', length: 200, path: '/api/testing/data', hmacKey: f.hmacKey, interval: 20 } });
    c.send({ sampleStarted: true }); // before sample:true, as Edge Impulse's Node client does
    c.send({ sampleReading: true, progressPercentage: 50 });
    c.send({ sample: true });
    const id = (await started).json['id'];
    c.send({ sampleUploading: true });
    c.send({ error: 'upload failed: network down' });
    const end = await studio('GET', `/device/${encodeURIComponent(deviceId)}/sampling/${id}?waitMs=2000`);
    expect(end.json['sampling']).toMatchObject({ state: 'failed', error: 'upload failed: network down', started: true, progressPercentage: 50, events: ['sampleStarted', 'sampleReading', 'sampleAccepted', 'sampleUploading', 'sampleFailed'] });
    // A new request works; `{sample:false, err}` is a refusal.
    const again = studio('POST', `/device/${encodeURIComponent(deviceId)}/start-sampling`, order);
    await c.next((m) => 'sample' in m);
    c.send({ sample: false, err: 'no sensor' });
    expect((await again).json).toMatchObject({ success: false, code: 'E_DEVICE_REFUSED', error: expect.stringMatching(/no sensor/) });
    // Finished without a sample landing: failed after the grace period.
    const third = studio('POST', `/device/${encodeURIComponent(deviceId)}/start-sampling`, order);
    await c.next((m) => 'sample' in m);
    c.send({ sample: true });
    c.send({ sampleFinished: true });
    const tid = (await third).json['id'];
    const late = await studio('GET', `/device/${encodeURIComponent(deviceId)}/sampling/${tid}?waitMs=2000`);
    expect(late.json['sampling']).toMatchObject({ state: 'failed', error: expect.stringMatching(/no sample from it was stored/) });
    await c.close();
  });

  test('pings are answered; disconnect → start-sampling fails clearly; reconnect is the same device', async () => {
    const deviceId = newId();
    const c = new Client(enc);
    await c.hello(f.apiKeys.ingestiononly, deviceId);
    const pong = new Promise<Buffer>((r) => c.ws.once('pong', r));
    c.ws.ping('hi');
    expect((await pong).toString()).toBe('hi');
    await studio('POST', `/devices/${encodeURIComponent(deviceId)}/rename`, { name: 'bench' });
    let dev = (await studio('GET', `/device/${encodeURIComponent(deviceId)}`)).json['device'] as Record<string, unknown>;
    expect(dev).toMatchObject({ name: 'bench', remote_mgmt_connected: true, remoteMgmtMode: 'ingestion', supportsSnapshotStreaming: true, sensors: [{ name: 'Accelerometer', maxSampleLengthS: 60, frequencies: [100] }] });
    const id = dev['id'];
    await c.close();
    await new Promise((r) => setTimeout(r, 50));
    dev = (await studio('GET', `/device/${encodeURIComponent(deviceId)}`)).json['device'] as Record<string, unknown>;
    expect(dev).toMatchObject({ remote_mgmt_connected: false, remoteMgmtMode: 'disconnected' });
    const refused = await studio('POST', `/device/${encodeURIComponent(deviceId)}/start-sampling`, { label: 'x', lengthMs: 100, category: 'training', intervalMs: 10 });
    expect(refused).toMatchObject({ status: 409, json: { success: false, code: 'E_DEVICE_NOT_CONNECTED', error: expect.stringMatching(/is not connected to remote management/) } });
    // Reconnect (v4): the same device record (id, name), connected again.
    const again = new Client(enc);
    expect(await again.hello(f.apiKeys.ingestiononly, deviceId, { version: 4, mode: 'ingestion' })).toMatchObject({ hello: true });
    dev = (await studio('GET', `/device/${encodeURIComponent(deviceId)}`)).json['device'] as Record<string, unknown>;
    expect(dev).toMatchObject({ id, name: 'bench', remote_mgmt_connected: true });
    // A second connection of the same device replaces the first.
    const third = new Client(enc);
    expect(await third.hello(f.apiKeys.ingestiononly, deviceId)).toMatchObject({ hello: true });
    expect((await again.closed).code).toBe(4000);
    await third.close();
  });
});

describe('hello validation, expiry, keys', () => {
  test('bad hellos are refused with a reason; v4 needs a mode; inference devices take no sample requests', async () => {
    const c1 = new Client('json');
    expect(await c1.hello(f.apiKeys.admin, newId(), { version: 2 })).toEqual({ hello: false, err: expect.stringMatching(/unsupported protocol version 2/) });
    const c2 = new Client('cbor');
    expect(await c2.hello(f.apiKeys.admin, newId(), { version: 4 })).toEqual({ hello: false, err: expect.stringMatching(/mode/) });
    const c3 = new Client('json');
    await c3.opened;
    c3.ws.send('{not json');
    expect(await c3.next()).toEqual({ hello: false, err: expect.stringMatching(/not valid JSON/) });
    const c4 = new Client('json');
    await c4.opened;
    c4.send({ sample: true });
    expect(await c4.next()).toEqual({ hello: false, err: expect.stringMatching(/first message must be a hello/) });
    const id = newId();
    const c5 = new Client('json');
    expect(await c5.hello(f.apiKeys.admin, id, { version: 4, mode: 'inference' })).toMatchObject({ hello: true });
    expect((await studio('POST', `/device/${encodeURIComponent(id)}/start-sampling`, { label: 'x', lengthMs: 100, category: 'training', intervalMs: 10 })).json).toMatchObject({
      code: 'E_DEVICE_MODE',
    });
    await c5.close();
    // Silence after connecting: closed after the hello timeout.
    const c6 = new Client('json');
    expect((await c6.closed).code).toBe(1008);
  });

  test('revoked and expired keys cannot connect (server clock)', async () => {
    const short = await createApiKey(f.store, { name: 'ttl', role: 'ingestiononly', ttlSeconds: 30, now: () => f.clock.now });
    const c = new Client('cbor');
    expect(await c.hello(short.key, newId())).toMatchObject({ hello: true });
    await c.close();
    f.clock.now += 30_000;
    try {
      const late = new Client('cbor');
      expect(await late.hello(short.key, newId())).toEqual({ hello: false, err: expect.stringMatching(/expired/) });
    } finally {
      f.clock.now -= 30_000;
    }
    const k = await createApiKey(f.store, { name: 'gone', role: 'admin' });
    await revokeKey(f.store, k.id);
    const r = new Client('json');
    expect(await r.hello(k.key, newId())).toEqual({ hello: false, err: expect.stringMatching(/unknown or revoked/) });
  });

  test('no development HMAC key: a clear error to the caller, nothing sent to the device', async () => {
    const g = await startPlatform({ devHmacKey: false });
    try {
      const ws = new WebSocket(g.urls.remoteManagement);
      const got: unknown[] = [];
      ws.on('message', (d: Buffer) => got.push(JSON.parse(d.toString())));
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ hello: { version: 3, apiKey: g.apiKeys.ingestiononly, deviceId: 'nokey', deviceType: 'T', connection: 'ip', sensors: [], supportsSnapshotStreaming: false } }));
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`${g.urls.studio}/api/${g.projectId}/device/nokey/start-sampling`, {
        method: 'POST',
        headers: { 'x-api-key': g.apiKeys.admin, 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'x', lengthMs: 100, category: 'training', intervalMs: 10 }),
      });
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ success: false, code: 'E_NO_DEV_KEYS', error: expect.stringMatching(/no development HMAC key/) });
      await new Promise((r) => setTimeout(r, 50));
      expect(got).toEqual([{ hello: true, serverTimestamp: expect.any(Number) }]);
      ws.close();
    } finally {
      await g.stop();
    }
  });
});
