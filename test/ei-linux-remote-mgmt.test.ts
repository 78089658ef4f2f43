/**
 * Edge Impulse's own remote management client — `RemoteMgmt` from the published `edge-impulse-linux`
 * 1.25.2 package (build/cli-common/remote-mgmt-service.js), unmodified — against `edgesign serve`'s
 * remote management and Studio API, with Edge Impulse's Studio client (`edge-impulse-api`) as the
 * `eiConfig.api` it calls (createDevice, getDevice, getProjectInfo). Its device is ours: it records
 * and signs with the key in the sample request, as a device's firmware would.
 *
 * edge-impulse-linux is not a dependency (it pulls AWS SDKs and native modules); the test unpacks its
 * tarball with `npm pack --offline` from the npm cache (`npm cache add edge-impulse-linux@1.25.2` fills
 * it) and skips loudly when it is not there (fails under CI=true).
 */
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EdgeImpulseApi } from 'edge-impulse-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createSigner, verifyMessage } from '../packages/edgesign/src/index.js';
import { startPlatform, type PlatformFixture } from './helpers/platform.js';
import { inCI } from './helpers/shared.js';

const EI_LINUX = 'edge-impulse-linux@1.25.2';

function unpackEiLinux(): { dir: string; RemoteMgmt: new (...args: unknown[]) => RemoteMgmtLike } | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'ei-linux-'));
  try {
    execFileSync('npm', ['pack', '--offline', '--silent', EI_LINUX], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    execFileSync('tar', ['xzf', 'edge-impulse-linux-1.25.2.tgz'], { cwd: dir });
    const req = createRequire(path.join(dir, 'package', 'package.json'));
    const mod = req('./build/cli-common/remote-mgmt-service.js') as { RemoteMgmt: new (...args: unknown[]) => RemoteMgmtLike };
    return { dir, RemoteMgmt: mod.RemoteMgmt };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const msg = `${EI_LINUX} is not in the npm cache (npm cache add ${EI_LINUX}): ${String(e).split('\n')[0]}`;
    if (inCI) throw new Error(`${msg}; CI=true requires it`);
    console.warn(`\n*** SKIPPING Edge Impulse client test: ${msg} ***\n`);
    return null;
  }
}

interface RemoteMgmtLike extends EventEmitter {
  readonly isConnected: boolean;
  connect(reconnectOnFailure?: boolean): Promise<void>;
}

const unpacked = unpackEiLinux();
let f: PlatformFixture;

/** The device behind Edge Impulse's client: records, signs with the request's key, uploads. */
class TestDevice extends EventEmitter {
  constructor(
    readonly deviceId: string,
    readonly apiKey: string,
  ) {
    super();
  }
  connected() {
    return true;
  }
  async beforeConnect() {}
  async getDeviceId() {
    return this.deviceId;
  }
  async getDeviceType() {
    return 'EI_LINUX_CLIENT_TEST';
  }
  getConnectionType() {
    return 'ip';
  }
  getSensors() {
    return [{ name: 'Accelerometer', maxSampleLengthS: 60, frequencies: [100] }];
  }
  supportsSnapshotStreaming() {
    return false;
  }
  supportsSnapshotStreamingWhileCapturing() {
    return false;
  }
  async sampleRequest(s: { label: string; length: number; path: string; hmacKey: string; interval: number }, ee: EventEmitter) {
    ee.emit('started');
    const rows = Math.floor(s.length / s.interval);
    const values = Array.from({ length: rows }, (_, i) => [Math.sin(i / 5), Math.cos(i / 5), 9.81]);
    ee.emit('reading', 100);
    const signer = createSigner({
      hmacKey: s.hmacKey,
      deviceType: 'EI_LINUX_CLIENT_TEST',
      deviceName: this.deviceId,
      intervalMs: s.interval,
      sensors: [
        { name: 'accX', units: 'm/s2' },
        { name: 'accY', units: 'm/s2' },
        { name: 'accZ', units: 'm/s2' },
      ],
      encoding: 'json',
    });
    ee.emit('uploading');
    const res = await fetch(new URL(s.path, f.urls.ingestion), {
      method: 'POST',
      headers: { 'x-api-key': this.apiKey, 'x-file-name': `${s.label}.json`, 'x-label': s.label, 'content-type': 'application/json' },
      body: new Uint8Array(signer.sign(values)),
    });
    if (res.status !== 200) throw new Error(`upload refused: ${await res.text()}`);
  }
}

describe.skipIf(!unpacked)('edge-impulse-linux RemoteMgmt (unmodified) against edgesign', () => {
  let rm: RemoteMgmtLike & { _ws?: WebSocket };
  const logs: string[] = [];
  const consoleLog = console.log;

  beforeAll(async () => {
    f = await startPlatform();
    // Their client logs every step with console.log: keep it for the assertions, out of the report.
    console.log = (...a: unknown[]) => logs.push(a.map(String).join(' '));
    const api = new EdgeImpulseApi({ endpoint: f.urls.studio });
    await api.authenticate({ method: 'apiKey', apiKey: f.apiKeys.ingestiononly });
    const eiConfig = { endpoints: { internal: { ws: f.urls.remoteManagement, api: f.urls.studio } }, api, command: 'edge-impulse-linux' };
    const device = new TestDevice('ei-linux:01', f.apiKeys.ingestiononly);
    rm = new unpacked!.RemoteMgmt(f.projectId, { apiKey: f.apiKeys.ingestiononly, hmacKey: '0' }, eiConfig, device, undefined, (url: string) => new WebSocket(url), async (n: string) => n) as typeof rm;
    await rm.connect(false);
    const deadline = Date.now() + 10_000;
    while (!rm.isConnected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }, 30_000);

  afterAll(async () => {
    console.log = consoleLog;
    // Their client reconnects on close: detach it first, then drop the socket.
    const ws = rm?._ws;
    if (ws) {
      rm._ws = undefined;
      ws.removeAllListeners();
      ws.terminate();
    }
    await f?.stop();
    if (unpacked) rmSync(unpacked.dir, { recursive: true, force: true });
  });

  test('hello v4 JSON is accepted; the client registers the device through the Studio API', async () => {
    expect(rm.isConnected).toBe(true);
    expect(logs.join('\n')).toMatch(/Device "ei-linux:01" is now connected to project "edgesign"/);
    const api = new EdgeImpulseApi({ endpoint: f.urls.studio });
    await api.authenticate({ method: 'apiKey', apiKey: f.apiKeys.readonly });
    const d = (await api.devices.getDevice(f.projectId, 'ei-linux:01')).device!;
    expect(d).toMatchObject({ deviceType: 'EI_LINUX_CLIENT_TEST', remote_mgmt_connected: true, remoteMgmtMode: 'ingestion', sensors: [{ name: 'Accelerometer' }] });
  });

  test('start-sampling through edge-impulse-api reaches their client; the signed sample lands valid', async () => {
    const api = new EdgeImpulseApi({ endpoint: f.urls.studio });
    await api.authenticate({ method: 'apiKey', apiKey: f.apiKeys.admin });
    const { id } = await api.devices.startSampling(f.projectId, 'ei-linux:01', { label: 'circle', lengthMs: 300, category: 'testing', intervalMs: 10 });
    const status = (await (
      await fetch(`${f.urls.studio}/api/${f.projectId}/device/ei-linux:01/sampling/${id}?waitMs=5000`, { headers: { 'x-api-key': f.apiKeys.admin } })
    ).json()) as { sampling: { state: string; events: string[]; sample: { id: number; fileName: string } } };
    expect(status.sampling).toMatchObject({ state: 'finished', sample: { fileName: 'circle.json' } });
    // Their client sends sampleStarted, then sample:true one tick later, then the rest.
    expect(status.sampling.events[0]).toBe('sampleStarted');
    expect([...status.sampling.events].sort()).toEqual(['sampleAccepted', 'sampleFinished', 'sampleReading', 'sampleStarted', 'sampleUploading']);
    const samples = (await api.rawData.listSamples(f.projectId, { category: 'testing' })).samples;
    expect(samples[0]).toMatchObject({ id: status.sampling.sample.id, filename: 'circle.json', signatureValidate: true, deviceName: 'ei-linux:01', valuesCount: 30 });
    const raw = await fetch(`${f.urls.studio}/api/${f.projectId}/raw-data/${status.sampling.sample.id}/raw`, { headers: { 'x-api-key': f.apiKeys.admin } });
    expect(verifyMessage(new Uint8Array(await raw.arrayBuffer()), { keys: [{ id: 'dev', key: f.hmacKey! }] })).toMatchObject({ ok: true });
  });
});
