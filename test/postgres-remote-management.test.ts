/**
 * Remote management across receivers: real `edgesign serve --store postgres://…` processes (the built
 * CLI) on one real PostgreSQL cluster, a simulated device speaking Edge Impulse's remote management
 * protocol over a real WebSocket to receiver A, and the Studio API of receiver B driven by a real HTTP
 * client (fetch). B's device list shows A as the holder; a sample requested through B is taken by the
 * device on A, signed with the development key, stored, and its bytes verify with node:crypto; B answers
 * with the same codes a local call gives; the device moving to B is followed; and when A is SIGKILLed,
 * a request through B fails with E_RELAY_TIMEOUT (never a hang) and, once A's lease ran out (10 s by
 * default), the device is shown not connected and a request gets E_DEVICE_NOT_CONNECTED.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { connectSimulatedDevice, type SimulatedDevice } from '../packages/server/src/remote-management/simulated-device.js';
import { cliBuilt, startServe, type Served } from './helpers/cli.js';
import { havePostgres, startPostgres, type PgCluster } from './helpers/postgres.js';
import { postgresProject, type PostgresProject } from './helpers/postgres-project.js';

const ready = havePostgres() && cliBuilt();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** `edgesign serve`'s default receiver lease, and slack for the loaded 2-core test machine. */
const LEASE_MS = 10_000;
const SLACK_MS = 1_500;

interface Receiver {
  served: Served;
  ingestion: string;
  studio: string;
  remote: string;
}


describe.skipIf(!ready)('remote management across receivers on one PostgreSQL', () => {
  let cluster: PgCluster;
  const running: Served[] = [];
  const devices: SimulatedDevice[] = [];
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close().catch(() => {});
    for (const r of running.splice(0)) r.child.kill('SIGKILL');
  });

  const project = () => postgresProject(cluster);

  /** A receiver with its three endpoints (read from what it printed). */
  async function receiver(db: string, extra: string[] = []): Promise<Receiver> {
    const served = await startServe(db, ['--silent', ...extra]);
    running.push(served);
    const t0 = Date.now();
    for (;;) {
      const studio = /^studio api on (\S+)$/m.exec(served.stdout())?.[1];
      const remote = /^remote management on (\S+)$/m.exec(served.stdout())?.[1];
      if (studio && remote) return { served, ingestion: served.url, studio, remote };
      if (Date.now() - t0 > 10_000) throw new Error(`no Studio API / remote management URLs in: ${served.stdout()}`);
      await sleep(20);
    }
  }

  function device(r: Receiver, p: PostgresProject, deviceId: string, o: { realTime?: boolean } = {}): SimulatedDevice {
    const d = connectSimulatedDevice({ url: r.remote, ingestionUrl: r.ingestion, apiKey: p.ingest, deviceId, encoding: 'json', realTime: o.realTime ?? false, seed: 7 });
    devices.push(d);
    return d;
  }

  /** A Studio API call with a real HTTP client: status, JSON body, and how long it took. */
  async function studio(r: Receiver, key: string, method: string, path: string, body?: unknown) {
    const t0 = performance.now();
    const res = await fetch(`${r.studio}/api/${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    return { status: res.status, body: json, ms: performance.now() - t0 };
  }

  async function projectId(r: Receiver, key: string): Promise<number> {
    const { body } = await studio(r, key, 'GET', 'projects');
    return (body['projects'] as Array<{ id: number }>)[0]!.id;
  }

  type DeviceView = { deviceId: string; remote_mgmt_connected: boolean; remote_mgmt_host?: string; remoteMgmtReceiver?: { id: string; hostname: string; url: string } };
  async function deviceOn(r: Receiver, key: string, pid: number, deviceId: string): Promise<DeviceView | undefined> {
    const { body } = await studio(r, key, 'GET', `${pid}/devices`);
    return (body['devices'] as DeviceView[]).find((d) => d.deviceId === deviceId);
  }

  const order = (extra: Record<string, unknown> = {}) => ({ label: 'wave', lengthMs: 200, intervalMs: 10, category: 'training', ...extra });

  /** The stored sample's bytes, checked with node:crypto: HMAC-SHA256 over the body with the signature read as 64 '0' (RFC 2104). */
  async function expectSignedByDevKey(r: Receiver, p: PostgresProject, sampleId: number, deviceId: string): Promise<void> {
    const res = await fetch(`${r.ingestion}/api/samples/${sampleId}/raw`, { headers: { 'x-api-key': p.admin } });
    expect(res.status).toBe(200);
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    const parsed = JSON.parse(text) as { signature: string; payload: { device_name: string } };
    expect(parsed.payload.device_name).toBe(deviceId);
    expect(text.split(parsed.signature)).toHaveLength(2);
    const mac = createHmac('sha256', p.hmac.key).update(text.replace(parsed.signature, '0'.repeat(64)), 'utf8').digest('hex');
    expect(mac).toBe(parsed.signature);
  }

  test('a device on A is asked for a sample through B; B lists A as its holder; the same answers as locally; the device moving to B is followed', async () => {
    const p = await project();
    const a = await receiver(p.db);
    const b = await receiver(p.db);
    const pid = await projectId(b, p.admin);
    const dev = device(a, p, 'aa:00:00:00:00:01');
    await dev.ready;

    // B's list (Studio API, as the dashboard reads it) shows the device connected, held by A.
    const listed = await deviceOn(b, p.admin, pid, 'aa:00:00:00:00:01');
    expect(listed).toMatchObject({ remote_mgmt_connected: true, remote_mgmt_host: new URL(a.remote).host, remoteMgmtReceiver: { url: a.remote } });
    expect((await studio(b, p.admin, 'GET', `${pid}/device/aa:00:00:00:00:01`)).body['device']).toMatchObject({ remoteMgmtReceiver: listed!.remoteMgmtReceiver });

    // Through B: the request reaches the device on A; the sample lands and is followed from B.
    const viaB: number[] = [];
    const viaA: number[] = [];
    for (let i = 0; i < 5; i++) {
      for (const [r, times] of [[b, viaB], [a, viaA]] as const) {
        const started = await studio(r, p.ingest, 'POST', `${pid}/device/aa:00:00:00:00:01/start-sampling`, order({ label: `wave${i}` }));
        expect(started.status, JSON.stringify(started.body)).toBe(200);
        times.push(started.ms);
        const id = started.body['id'] as number;
        const followed = await studio(b, p.admin, 'GET', `${pid}/device/aa:00:00:00:00:01/sampling/${id}?waitMs=10000`);
        expect(followed.body['sampling']).toMatchObject({ id, state: 'finished', label: `wave${i}`, receiverId: listed!.remoteMgmtReceiver!.id, deviceFinished: true });
        const sample = (followed.body['sampling'] as { sample: { id: number; fileName: string } }).sample;
        expect(dev.uploads).toContain(sample.fileName);
        if (i === 0) await expectSignedByDevKey(b, p, sample.id, 'aa:00:00:00:00:01');
        // The holder answers for it too (from memory; B read it from the database).
        expect((await studio(a, p.admin, 'GET', `${pid}/device/aa:00:00:00:00:01/sampling/${id}`)).body['sampling']).toMatchObject({ id, state: 'finished', sample });
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    console.log(`start-sampling until the device took it: through B (relayed to A) median ${median(viaB).toFixed(1)} ms [${viaB.map((x) => x.toFixed(0)).join(', ')}]; through A (local) median ${median(viaA).toFixed(1)} ms`);

    // The same refusals as a local call, with the same codes and statuses.
    const refused = async (r: Receiver, body: unknown) => {
      const x = await studio(r, p.ingest, 'POST', `${pid}/device/aa:00:00:00:00:01/start-sampling`, body);
      return `${x.status} ${x.body['code'] as string}`;
    };
    expect(await refused(b, order({ sensor: 'Thermometer' }))).toBe('400 E_SENSOR_UNKNOWN');
    expect(await refused(b, order({ sensor: 'Thermometer' }))).toBe(await refused(a, order({ sensor: 'Thermometer' })));
    expect(await refused(b, order({ lengthMs: -1 }))).toBe('400 E_SAMPLE_REQUEST');
    expect(await refused(b, order({ label: 'x'.repeat(300) }))).toBe('400 E_SAMPLE_REQUEST');

    // Busy: a real-time device records for 2 s; a second request through B meets the first on A.
    const slow = device(a, p, 'aa:00:00:00:00:02', { realTime: true });
    await slow.ready;
    const long = await studio(a, p.ingest, 'POST', `${pid}/device/aa:00:00:00:00:02/start-sampling`, order({ lengthMs: 2000 }));
    expect(long.status).toBe(200);
    const busy = await studio(b, p.ingest, 'POST', `${pid}/device/aa:00:00:00:00:02/start-sampling`, order());
    expect(`${busy.status} ${busy.body['code'] as string}`).toBe('409 E_DEVICE_BUSY');
    // B follows A's request while it is in progress, then to its end.
    const progress = await studio(b, p.admin, 'GET', `${pid}/device/aa:00:00:00:00:02/sampling/${long.body['id'] as number}`);
    expect(progress.body['sampling']).toMatchObject({ state: 'in-progress', started: true });
    const ended = await studio(b, p.admin, 'GET', `${pid}/device/aa:00:00:00:00:02/sampling/${long.body['id'] as number}?waitMs=15000`);
    expect(ended.body['sampling']).toMatchObject({ state: 'finished' });

    // The device reconnects to B while its old session on A is still open: B holds it now, A's
    // session is closed, and a request through A is relayed to B.
    const moved = device(b, p, 'aa:00:00:00:00:01');
    await moved.ready;
    const nowHeld = await deviceOn(a, p.admin, pid, 'aa:00:00:00:00:01');
    expect(nowHeld?.remoteMgmtReceiver?.url).toBe(b.remote);
    const viaMoved = await studio(a, p.ingest, 'POST', `${pid}/device/aa:00:00:00:00:01/start-sampling`, order({ label: 'moved' }));
    expect(viaMoved.status, JSON.stringify(viaMoved.body)).toBe(200);
    const landed = await studio(a, p.admin, 'GET', `${pid}/device/aa:00:00:00:00:01/sampling/${viaMoved.body['id'] as number}?waitMs=10000`);
    expect(landed.body['sampling']).toMatchObject({ state: 'finished' });
    expect(moved.uploads).toHaveLength(1);

    // No development HMAC key: the holder refuses, and B's caller gets E_NO_DEV_KEYS as locally.
    expect((await fetch(`${a.ingestion}/api/hmackeys/${p.hmac.id}`, { method: 'DELETE', headers: { 'x-api-key': p.admin } })).status).toBe(200);
    let noKey = '';
    for (const t0 = Date.now(); Date.now() - t0 < 3000 && noKey !== '409 E_NO_DEV_KEYS'; await sleep(100)) noKey = await refused(a, order());
    expect(noKey).toBe('409 E_NO_DEV_KEYS');
  });

  test('a device that says hello to B while its old session on A is still open: A is told, and closes the stale session (4000)', async () => {
    const p = await project();
    const a = await receiver(p.db);
    const b = await receiver(p.db);
    // The old session: a plain WebSocket client saying hello v4 in JSON, as a device would.
    const old = new WebSocket(a.remote);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => old.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    const answered = new Promise<unknown>((resolve) => old.once('message', (data) => resolve(JSON.parse(String(data)))));
    await new Promise((resolve) => old.once('open', resolve));
    old.send(JSON.stringify({ hello: { version: 4, apiKey: p.ingest, deviceId: 'dd:00:00:00:00:01', deviceType: 'BOARD', connection: 'ip', sensors: [], supportsSnapshotStreaming: false, mode: 'ingestion' } }));
    expect(await answered).toMatchObject({ hello: true });

    const t0 = Date.now();
    const moved = device(b, p, 'dd:00:00:00:00:01');
    await moved.ready;
    const stale = await Promise.race([closed, sleep(10_000).then(() => 'still open after 10 s')]);
    old.terminate();
    expect(stale).toEqual({ code: 4000, reason: 'replaced by a new connection of the same device on another receiver' });
    console.log(`stale session on A closed ${Date.now() - t0} ms after the hello on B`);
    const pid = await projectId(a, p.admin);
    expect((await deviceOn(a, p.admin, pid, 'dd:00:00:00:00:01'))?.remoteMgmtReceiver?.url).toBe(b.remote);
  });

  test(`SIGKILL of the receiver holding a device: a request through another fails with E_RELAY_TIMEOUT, then the device is shown not connected within the ${LEASE_MS / 1000} s lease`, async () => {
    const p = await project();
    const a = await receiver(p.db);
    const b = await receiver(p.db);
    const pid = await projectId(b, p.admin);
    const dev = device(a, p, 'bb:00:00:00:00:01', { realTime: true });
    await dev.ready;
    // A request in progress on A when it dies.
    const inFlight = await studio(b, p.ingest, 'POST', `${pid}/device/bb:00:00:00:00:01/start-sampling`, order({ lengthMs: 60_000 }));
    expect(inFlight.status).toBe(200);
    expect((await deviceOn(b, p.admin, pid, 'bb:00:00:00:00:01'))?.remote_mgmt_connected).toBe(true);

    const killedAt = Date.now();
    a.served.child.kill('SIGKILL');
    // Within the lease, B still sees A as the holder: the relayed request times out with a clear code.
    const lost = await studio(b, p.ingest, 'POST', `${pid}/device/bb:00:00:00:00:01/start-sampling`, order());
    expect(`${lost.status} ${lost.body['code'] as string}`).toBe('504 E_RELAY_TIMEOUT');
    expect(lost.body['error']).toMatch(/did not take the request within 5000 ms/);
    console.log(`request through B to the killed A: ${lost.status} ${lost.body['code'] as string} after ${lost.ms.toFixed(0)} ms`);

    let shownAt = 0;
    while (Date.now() - killedAt < LEASE_MS + SLACK_MS + 5000) {
      if ((await deviceOn(b, p.admin, pid, 'bb:00:00:00:00:01'))?.remote_mgmt_connected === false) {
        shownAt = Date.now();
        break;
      }
      await sleep(100);
    }
    expect(shownAt, 'the device was still shown connected').toBeGreaterThan(0);
    console.log(`killed receiver's device shown not connected after ${shownAt - killedAt} ms (lease ${LEASE_MS} ms)`);
    expect(shownAt - killedAt).toBeLessThanOrEqual(LEASE_MS + SLACK_MS);

    const gone = await studio(b, p.ingest, 'POST', `${pid}/device/bb:00:00:00:00:01/start-sampling`, order());
    expect(`${gone.status} ${gone.body['code'] as string}`).toBe('409 E_DEVICE_NOT_CONNECTED');
    // The request that was in progress on A is reported failed, not in progress forever.
    const orphan = await studio(b, p.admin, 'GET', `${pid}/device/bb:00:00:00:00:01/sampling/${inFlight.body['id'] as number}`);
    expect(orphan.body['sampling']).toMatchObject({ state: 'failed', error: expect.stringMatching(/stopped before the sample request ended/) });
  });

  test('the database crashes (pg_ctl stop -m immediate), 2 s down, starts again: relayed requests answer with a code meanwhile, never hang, and work again by themselves', async () => {
    const p = await project();
    // A 30 s lease: the outage (stop, 2 s, crash recovery: 5-7 s on this machine) stays within it.
    // An outage longer than the lease shows the devices disconnected until the receivers renew
    // (within 250 ms of the database's return): the receiver-bus suite tests that case.
    const a = await receiver(p.db, ['--receiver-lease', '30']);
    const b = await receiver(p.db, ['--receiver-lease', '30']);
    const pid = await projectId(b, p.admin);
    const dev = device(a, p, 'cc:00:00:00:00:01');
    await dev.ready;
    expect((await studio(b, p.ingest, 'POST', `${pid}/device/cc:00:00:00:00:01/start-sampling`, order())).status).toBe(200);
    await sleep(500);

    // Notifications sent while a listener is down are lost; every answer meanwhile is a coded
    // refusal within the relay's deadlines (5 s to be taken + 10 s for the device + 5 s), and the
    // receivers recover without being restarted. The device stays connected to A throughout.
    const answers: string[] = [];
    await cluster.stopImmediate();
    try {
      for (const downAt = Date.now(); Date.now() - downAt < 2000; await sleep(200)) {
        const x = await studio(b, p.ingest, 'POST', `${pid}/device/cc:00:00:00:00:01/start-sampling`, order());
        expect(x.ms).toBeLessThan(20_000 + SLACK_MS);
        answers.push(`${x.status} ${x.body['code'] as string}`);
      }
    } finally {
      await cluster.start();
    }
    const upAt = Date.now();
    let okAfter = -1;
    while (Date.now() - upAt < 30_000) {
      const x = await studio(b, p.ingest, 'POST', `${pid}/device/cc:00:00:00:00:01/start-sampling`, order());
      expect(x.ms).toBeLessThan(20_000 + SLACK_MS);
      if (x.status === 200) {
        okAfter = Date.now() - upAt;
        const done = await studio(b, p.admin, 'GET', `${pid}/device/cc:00:00:00:00:01/sampling/${x.body['id'] as number}?waitMs=10000`);
        expect(done.body['sampling']).toMatchObject({ state: 'finished' });
        break;
      }
      answers.push(`${x.status} ${x.body['code'] as string}`);
      await sleep(200);
    }
    console.log(`database down 2 s: relayed sampling works again ${okAfter} ms after it is back; answers meanwhile: ${JSON.stringify([...new Set(answers)])}`);
    expect(okAfter).toBeGreaterThanOrEqual(0);
    expect(answers).toContain('503 E_STORE_UNAVAILABLE');
    // Within A's lease the device never looked disconnected.
    for (const x of answers) expect(['503 E_STORE_UNAVAILABLE', '504 E_RELAY_TIMEOUT']).toContain(x);
    expect((await deviceOn(b, p.admin, pid, 'cc:00:00:00:00:01'))?.remoteMgmtReceiver?.url).toBe(a.remote);
  });
});
