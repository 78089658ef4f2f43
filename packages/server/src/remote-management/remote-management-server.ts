/**
 * Edge Impulse's remote management service, locally: a WebSocket server (ws) where devices say hello
 * with a project API key, and the registry of connected devices that the Studio API asks for samples.
 *
 * - A device is its `deviceId`: a second hello with the same id (a reconnect) replaces the first
 *   session and keeps the device record (name, created) — "only a single device with this ID can
 *   connect at any given point" (Edge Impulse's protocol page).
 * - A sample request carries the project's development HMAC key (`E_NO_DEV_KEYS` to the caller, never
 *   a request without a key to the device) and the ingestion path `/api/{category}/data`. It ends
 *   `finished` when the device said `sampleFinished` and its sample is in the store (found there, so
 *   the ingestion service may be another process on the same store).
 * - WebSocket pings are answered by ws itself; the server pings every `heartbeatMs` and drops a socket
 *   that did not answer the previous ping.
 * - **Across receivers**: the server joins the store's receivers' bus
 *   (`service/receiver-bus.ts`) as soon as it listens, claims each device that says hello, and sends
 *   every sample request — local or not — to the receiver holding the device through `relay.ts`. A
 *   request's status is stored on the bus, so any receiver answers `sampling(id)`. On SQLite the bus
 *   is in this process; on PostgreSQL it is leases, a table and LISTEN/NOTIFY.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { EdgesignError } from 'edgesign';
import { WebSocketServer, type WebSocket } from 'ws';
import { getDevKeys } from '../service/keys.js';
import type { ReceiverBus, ReceiverIdentity } from '../service/receiver-bus.js';
import type { SampleCategory, Store } from '../service/store.js';
import type { DeviceEvent, SampleRequest } from './messages.js';
import { DeviceNotHere, SampleRelay } from './relay.js';
import { Sampling, type SamplingStatus } from './sampling.js';
import { DeviceSession } from './session.js';

/** Default remote management port: 4802, where Edge Impulse's tools look when `EI_HOST` is an IP address. */
export const DEFAULT_REMOTE_MANAGEMENT_PORT = 4802;
const CATEGORIES: readonly SampleCategory[] = ['training', 'testing', 'anomaly'];

/** Options of {@link createRemoteManagementServer}. */
export interface RemoteManagementOptions {
  /** The store whose API keys devices authenticate with and where device records and their samples land. */
  store: Store;
  /** Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Default 4802 (Edge Impulse's local remote management port); 0 picks a free one. */
  port?: number;
  /** Clock, ms since the epoch (key expiry, timestamps). */
  now?: () => number;
  /** A socket that has not said hello after this long is closed (default 10 s). */
  helloTimeoutMs?: number;
  /** How long a sample request waits for the device to take it (default 10 s). */
  ackTimeoutMs?: number;
  /** After `sampleFinished`, how long to wait for the upload to land before failing (default 5 s). */
  landingGraceMs?: number;
  /** Beyond the sample's length, how long a request may take in all (default 120 s). */
  sampleSlackMs?: number;
  /** Server ping interval (default 30 s, as Edge Impulse's client pings). */
  heartbeatMs?: number;
  /** Largest message accepted (snapshot frames are base64 JPEGs; default 16 MiB). */
  maxPayload?: number;
  /**
   * How long a killed receiver's devices are still shown as connected, at most (PostgreSQL; default
   * 10 000 ms, renewed every quarter of it). See `service/receiver-bus.ts`.
   */
  leaseMs?: number;
  /** How long another receiver has to confirm it got a relayed request, and the slack past the device's deadline (default 5000 ms). */
  relayTimeoutMs?: number;
  /** The remote management URL this receiver advertises to the others (default `ws://HOST:PORT`, the machine's name for a wildcard HOST). */
  advertisedUrl?: string;
  /** One line per connection event (hello, refusal, disconnect). Default: silent. */
  log?: (line: string) => void;
}

/** What the Studio API asks for (its `start-sampling` body). */
export interface SampleOrder {
  /** Where the sample goes: training, testing or anomaly. */
  category: SampleCategory;
  /** The sample's label. */
  label: string;
  /** How long to record, in milliseconds. */
  lengthMs: number;
  /** Milliseconds between readings (1000 / frequency). */
  intervalMs: number;
  /** Which of the device's sensors to record (default: its first). */
  sensor?: string | undefined;
}

/** A connected device as the Studio API shows it. */
export interface Connection {
  /** The hello's `mode` (v3 devices are `ingestion`). */
  mode: 'ingestion' | 'inference';
  /** The hello's protocol version. */
  version: 3 | 4;
  /** The session's encoding (the hello's). */
  encoding: 'json' | 'cbor';
  /** ISO 8601 (UTC): when the device said hello. */
  connectedAt: string;
  /** The device's address as its receiver saw it. */
  remote: string;
  /** The receiver (`edgesign serve` process) holding the device's WebSocket. */
  receiver: ReceiverIdentity;
}

/** A created remote management server: the connected devices, and sample requests to them. */
export interface RemoteManagementServer {
  /** This receiver, as the others and the device list see it (its `url` is set once listening). */
  readonly receiver: ReceiverIdentity;
  /** Starts listening; resolves with the real `ws://` address (also for port 0). */
  listen(): Promise<{ url: string; host: string; port: number }>;
  /** Closes every device connection and stops listening; requests in progress fail. */
  close(): Promise<void>;
  /** The device's connection if it is held by this receiver. */
  connection(deviceId: string): Connection | undefined;
  /** The device's connection on whichever receiver of the store holds it. */
  deviceConnection(deviceId: string): Promise<Connection | undefined>;
  /** Every connected device on every receiver of the store, by device id. */
  connections(): Promise<Map<string, Connection>>;
  /**
   * Sends a sample request to a connected device — through the receiver holding it, whichever that
   * is — and resolves once the device took it. Throws `EdgesignError`: `E_DEVICE_NOT_CONNECTED`,
   * `E_DEVICE_MODE` (inference mode), `E_DEVICE_BUSY`, `E_NO_DEV_KEYS`, `E_SAMPLE_REQUEST` (bad
   * order), `E_SENSOR_UNKNOWN`, `E_DEVICE_REFUSED`, `E_DEVICE_TIMEOUT`; across receivers also
   * `E_RELAY_TIMEOUT` (the holder did not answer in time) and `E_STORE_UNAVAILABLE`.
   */
  requestSample(deviceId: string, order: SampleOrder): Promise<SamplingStatus>;
  /** A sample request sent by this receiver (undefined for others': see {@link findSampling}). */
  sampling(id: number): SamplingStatus | undefined;
  /** Resolves when sample request `id` (sent by this receiver) is finished or failed (undefined for an unknown id). */
  samplingEnded(id: number): Promise<SamplingStatus | undefined>;
  /**
   * Sample request `id` sent by any receiver of the store, waiting up to `waitMs` for it to end while it
   * is in progress. A request whose receiver stopped (its lease ran out) before it ended is reported
   * `failed`. Undefined for an unknown id.
   */
  findSampling(id: number, waitMs?: number): Promise<SamplingStatus | undefined>;
}

/** A receiver id: the machine, the process and a random part (the process may restart with the same pid). */
function newReceiverId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Creates Edge Impulse's remote management service (WebSocket, hello v3/v4 in JSON or CBOR) on a store.
 * The socket binds at once (ws listens on construction) and the server joins the store's receivers' bus
 * as soon as its port is known; `listen()` resolves with the address once both are done.
 */
export function createRemoteManagementServer(options: RemoteManagementOptions): RemoteManagementServer {
  const store = options.store;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_REMOTE_MANAGEMENT_PORT;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const landingGraceMs = options.landingGraceMs ?? 5_000;
  const sampleSlackMs = options.sampleSlackMs ?? 120_000;
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const relayTimeoutMs = options.relayTimeoutMs ?? 5_000;
  const receiver: ReceiverIdentity = { id: newReceiverId(), hostname: hostname(), url: null };

  const sessions = new Map<string, DeviceSession>();
  const active = new Map<string, Sampling>(); // deviceId → the request in progress
  const recent = new Map<number, Sampling>(); // id → request (the last 1000)
  const alive = new WeakMap<WebSocket, boolean>();
  let relay: SampleRelay | null = null;

  const hostApi = {
    store,
    now,
    helloTimeoutMs: options.helloTimeoutMs ?? 10_000,
    log,
    async attach(session: DeviceSession) {
      const h = session.hello!;
      const bus = await joined;
      await store.upsertDevice(
        h.deviceId,
        { deviceType: h.deviceType, sensors: h.sensors, supportsSnapshotStreaming: h.supportsSnapshotStreaming, lastSeenAt: new Date(now()).toISOString() },
        new Date(now()).toISOString(),
      );
      const previous = sessions.get(h.deviceId);
      sessions.set(h.deviceId, session);
      if (previous && previous !== session) {
        active.get(h.deviceId)?.fail('the device reconnected before finishing the sample');
        previous.close(4000, 'replaced by a new connection of the same device');
      }
      const replaced = await bus.claimDevice({
        deviceId: h.deviceId,
        sessionId: session.sessionId,
        mode: h.mode,
        version: h.version,
        encoding: session.encoding!,
        connectedAt: session.connectedAt!,
        remote: session.remote,
      });
      // The device said hello here while another receiver still had a session of it: that one is stale.
      if (replaced) relay?.moved(replaced.receiver.id, h.deviceId, replaced.sessionId);
      // It left while the claim was being written: the release may have run first, so release again.
      if (sessions.get(h.deviceId) !== session) await bus.releaseDevice(h.deviceId, session.sessionId);
    },
    detach(session: DeviceSession, reason: string) {
      const id = session.deviceId!;
      if (sessions.get(id) !== session) return;
      sessions.delete(id);
      active.get(id)?.fail(`${reason} before finishing the sample`);
      joined.then((bus) => bus.releaseDevice(id, session.sessionId)).catch((e: unknown) => log(`remote management: ${String(e)}`));
      store.updateDevice(id, { lastSeenAt: new Date(now()).toISOString() }).catch((e: unknown) => log(`remote management: ${String(e)}`));
    },
    event(session: DeviceSession, ev: DeviceEvent) {
      const id = session.deviceId!;
      if (sessions.get(id) !== session) return;
      const s = active.get(id);
      if (s) {
        s.apply(ev);
        // The device says it finished after its upload was answered, i.e. after the durable commit.
        if (ev.kind === 'sampleFinished' && !s.done) void findLanded(s);
      } else if (ev.kind === 'ignored') log(`remote management: ${id}: ignored message with keys ${ev.keys.join(', ')}`);
    },
  };

  /** Samples newer than a request's baseline are looked for among this many of the newest. */
  const LOOKBACK = 1000;
  const baselines = new WeakMap<Sampling, number>();

  /** The newest stored sample id (the baseline a request's upload must be newer than). */
  async function newestSampleId(): Promise<number> {
    return (await store.listSamples({ limit: 1, offset: 0 }))[0]?.id ?? 0;
  }

  /**
   * Finds the sample the device stored for request `s`: the newest one from this device (payload
   * `device_name` = its deviceId) in the request's category, newer than the request. Looked up in the
   * store, so the ingestion service may be any process on the same store. Retried for `landingGraceMs`.
   */
  async function findLanded(s: Sampling): Promise<void> {
    // Real time, not the injectable clock (which only dates things and expires keys).
    const deadline = Date.now() + landingGraceMs;
    const baseline = baselines.get(s) ?? 0;
    for (;;) {
      try {
        const recentSamples = await store.listSamples({ category: s.status.category, limit: LOOKBACK, offset: 0 });
        const hit = recentSamples.find((x) => x.id > baseline && x.deviceName === s.status.deviceId);
        if (hit) return s.landed({ id: hit.id, fileName: hit.fileName });
      } catch (e) {
        log(`remote management: ${String(e)}`);
      }
      if (s.done) return;
      if (Date.now() >= deadline) {
        return s.fail('the device finished, but no sample from it was stored: the ingestion service refused its upload, or it posted under another device name');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const wss = new WebSocketServer({ noServer: false, host, port, maxPayload: options.maxPayload ?? 16 * 1024 * 1024, clientTracking: true });
  /** The socket listens from here on; the server joins the receivers' bus once its port is known. */
  const bound = new Promise<AddressInfo>((resolve, reject) => {
    wss.once('listening', () => resolve(wss.address() as AddressInfo));
    wss.once('error', reject);
  });
  const joined: Promise<ReceiverBus> = bound.then(async (a) => {
    receiver.url = options.advertisedUrl ?? advertised(a.port);
    const bus = await store.joinReceivers({
      self: receiver,
      onMessage: (m) => relay?.onMessage(m),
      ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
      onError: (e) => log(`remote management: receivers' bus: ${e instanceof Error ? e.message : String(e)}`),
    });
    relay = new SampleRelay({ bus, handlers: { sample: sampleHere, moved }, relayTimeoutMs, deviceAckTimeoutMs: ackTimeoutMs, log });
    return bus;
  });
  // Failures surface through listen() and attach(); never as an unhandled rejection.
  joined.catch(() => {});

  /** `ws://HOST:PORT` with this machine's name for a wildcard host (the others need a reachable name). */
  function advertised(p: number): string {
    const wildcard = host === '0.0.0.0' || host === '::' || host === '';
    const h = wildcard ? hostname() : host;
    return `ws://${h.includes(':') ? `[${h}]` : h}:${p}`;
  }

  function moved(deviceId: string, sessionId: string): void {
    const s = sessions.get(deviceId);
    if (s && s.sessionId === sessionId) s.close(4000, 'replaced by a new connection of the same device on another receiver');
  }

  /** Keeps the stored copy of a request's status current: one write at a time, the latest state last. */
  const saving = new WeakMap<Sampling, { running: boolean; again: boolean }>();
  function persist(s: Sampling): void {
    const st = saving.get(s) ?? { running: false, again: false };
    saving.set(s, st);
    if (st.running) {
      st.again = true;
      return;
    }
    st.running = true;
    void (async () => {
      do {
        st.again = false;
        try {
          await (await joined).saveSampling(s.status.id, s.status.deviceId, { ...s.status });
        } catch (e) {
          log(`remote management: ${String(e)}`);
        }
      } while (st.again);
      st.running = false;
    })();
  }

  function liveConnection(c: { mode: Connection['mode']; version: Connection['version']; encoding: Connection['encoding']; connectedAt: string; remote: string; receiver: ReceiverIdentity }): Connection {
    return { mode: c.mode, version: c.version, encoding: c.encoding, connectedAt: c.connectedAt, remote: c.remote, receiver: { ...c.receiver } };
  }
  wss.on('connection', (socket, req) => {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    new DeviceSession(socket, `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`, hostApi);
  });
  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (alive.get(socket) === false) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, heartbeatMs);
  heartbeat.unref();

  function track(s: Sampling): void {
    recent.set(s.status.id, s);
    if (recent.size > 1000) recent.delete(recent.keys().next().value!);
    active.set(s.status.deviceId, s);
    void s.ended().then(() => {
      if (active.get(s.status.deviceId) === s) active.delete(s.status.deviceId);
    });
  }

  function checkOrder(order: SampleOrder): void {
    const bad = (msg: string) => new EdgesignError('E_SAMPLE_REQUEST', msg);
    if (!CATEGORIES.includes(order.category)) throw bad(`category must be one of ${CATEGORIES.join(', ')}`);
    if (typeof order.label !== 'string' || order.label.trim() === '') throw bad('label must be a non-empty string');
    if (!Number.isSafeInteger(order.lengthMs) || order.lengthMs <= 0) throw bad('lengthMs must be a positive integer (milliseconds)');
    if (typeof order.intervalMs !== 'number' || !Number.isFinite(order.intervalMs) || order.intervalMs <= 0) throw bad('intervalMs must be a positive number (milliseconds)');
    if (order.sensor !== undefined && typeof order.sensor !== 'string') throw bad('sensor must be a string');
    // Bounded like ingestion labels, so a request always fits a message between receivers.
    if (order.label.length > 256) throw bad('label must be at most 256 characters');
    if (order.sensor !== undefined && order.sensor.length > 256) throw bad('sensor must be at most 256 characters');
  }

  /**
   * The holder's side of a sample request (this receiver holds the device's WebSocket): the checks that
   * need the session, the development key, then the request to the device.
   */
  async function sampleHere(deviceId: string, order: SampleOrder): Promise<SamplingStatus> {
    checkOrder(order);
    const session = sessions.get(deviceId);
    if (!session?.hello || !session.open) throw new DeviceNotHere(`device ${JSON.stringify(deviceId)} is not connected to receiver ${receiver.id}`);
    if (session.hello.mode !== 'ingestion') {
      throw new EdgesignError('E_DEVICE_MODE', `device ${JSON.stringify(deviceId)} is connected in ${session.hello.mode} mode and cannot take sample requests`);
    }
    if (active.has(deviceId)) {
      throw new EdgesignError('E_DEVICE_BUSY', `device ${JSON.stringify(deviceId)} is already sampling (request ${active.get(deviceId)!.status.id})`);
    }
    const sensors = session.hello.sensors;
    if (order.sensor !== undefined && sensors.length > 0 && !sensors.some((s) => s.name === order.sensor)) {
      throw new EdgesignError('E_SENSOR_UNKNOWN', `device ${JSON.stringify(deviceId)} has no sensor ${JSON.stringify(order.sensor)} (it has ${sensors.map((s) => JSON.stringify(s.name)).join(', ')})`);
    }
    const { hmacKey } = await getDevKeys(store);
    if (hmacKey === null) {
      throw new EdgesignError(
        'E_NO_DEV_KEYS',
        'the project has no development HMAC key, so the device would have nothing to sign with: create one (`edgesign keys create-hmac-key --name NAME --dev`, or POST /v1/api/{projectId}/hmackeys with isDevelopmentKey)',
      );
    }
    const request: SampleRequest = {
      label: order.label,
      length: order.lengthMs,
      path: `/api/${order.category}/data`,
      hmacKey,
      interval: order.intervalMs,
      // "only populated if the sensors field in the hello request was populated" (protocol page)
      ...(order.sensor !== undefined && sensors.length > 0 ? { sensor: order.sensor } : {}),
    };
    const bus = await joined;
    const [id, baseline] = await Promise.all([bus.nextSamplingId(), newestSampleId()]);
    // Checked again after the awaits: another request for this device may have started meanwhile.
    if (active.has(deviceId)) {
      throw new EdgesignError('E_DEVICE_BUSY', `device ${JSON.stringify(deviceId)} is already sampling (request ${active.get(deviceId)!.status.id})`);
    }
    if (sessions.get(deviceId) !== session || !session.open) throw new DeviceNotHere(`device ${JSON.stringify(deviceId)} disconnected from receiver ${receiver.id}`);
    const sampling = new Sampling(id, deviceId, order.category, request, new Date(now()).toISOString(), receiver.id);
    baselines.set(sampling, baseline);
    track(sampling);
    // Stored before anyone is told the id, so every receiver can answer for it from then on.
    await bus.saveSampling(id, deviceId, { ...sampling.status }).catch((e: unknown) => log(`remote management: ${String(e)}`));
    sampling.onChange = () => persist(sampling);
    const overall = setTimeout(() => sampling.fail(`the device did not finish within ${order.lengthMs + sampleSlackMs} ms`), order.lengthMs + sampleSlackMs);
    overall.unref();
    void sampling.ended().then(() => clearTimeout(overall));
    session.send({ sample: { ...request } });
    let timer: NodeJS.Timeout | undefined;
    const ack = await Promise.race([
      sampling.acknowledged(),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), ackTimeoutMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
    if (ack === 'timeout') {
      sampling.fail(`the device did not answer the sample request within ${ackTimeoutMs} ms`);
      throw new EdgesignError('E_DEVICE_TIMEOUT', sampling.status.error!);
    }
    if (ack !== null) throw new EdgesignError('E_DEVICE_REFUSED', `the device refused the sample request: ${ack}`);
    return { ...sampling.status };
  }

  function notConnected(deviceId: string): EdgesignError {
    return new EdgesignError('E_DEVICE_NOT_CONNECTED', `device ${JSON.stringify(deviceId)} is not connected to remote management`);
  }

  return {
    receiver,
    async listen() {
      const a = await bound;
      await joined;
      const h = host.includes(':') ? `[${host}]` : host;
      return { url: `ws://${h}:${a.port}`, host, port: a.port };
    },
    async close() {
      clearInterval(heartbeat);
      for (const s of active.values()) s.fail('the server is shutting down');
      relay?.close();
      for (const socket of wss.clients) socket.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          for (const socket of wss.clients) socket.terminate();
        }, 1000);
        t.unref();
        wss.close(() => {
          clearTimeout(t);
          resolve();
        });
      });
      // Leaving drops this receiver's claims at once (its devices are disconnected anyway).
      await joined.then((bus) => bus.close()).catch(() => {});
    },
    connection(deviceId) {
      const s = sessions.get(deviceId);
      if (!s?.hello || !s.open) return undefined;
      return { mode: s.hello.mode, version: s.hello.version, encoding: s.encoding!, connectedAt: s.connectedAt!, remote: s.remote, receiver: { ...receiver } };
    },
    async deviceConnection(deviceId) {
      const c = await (await joined).deviceConnection(deviceId);
      return c ? liveConnection(c) : undefined;
    },
    async connections() {
      const all = await (await joined).deviceConnections();
      return new Map([...all].map(([id, c]) => [id, liveConnection(c)]));
    },
    async requestSample(deviceId, order) {
      checkOrder(order);
      const bus = await joined;
      // The holder may change under us (the device reconnects elsewhere): look it up again, once.
      for (let attempt = 0; attempt < 2; attempt++) {
        const holder = await bus.deviceConnection(deviceId);
        if (!holder) break;
        const status = await relay!.request(holder.receiver, deviceId, order);
        if (status) return status;
      }
      throw notConnected(deviceId);
    },
    sampling(id) {
      return recent.get(id)?.status;
    },
    async samplingEnded(id) {
      const s = recent.get(id);
      return s ? s.ended() : undefined;
    },
    async findSampling(id, waitMs = 0) {
      const deadline = Date.now() + waitMs;
      const local = recent.get(id);
      if (local) {
        if (waitMs > 0 && !local.done) {
          let t: NodeJS.Timeout | undefined;
          await Promise.race([local.ended(), new Promise((r) => (t = setTimeout(r, waitMs)))]);
          clearTimeout(t);
        }
        return { ...local.status };
      }
      const bus = await joined;
      for (;;) {
        const stored = await bus.getSampling(id);
        if (!stored) return undefined;
        let status = stored.status as unknown as SamplingStatus;
        if (status.state === 'in-progress' && !stored.holderAlive) {
          status = { ...status, state: 'failed', error: `receiver ${stored.receiverId}, which held the device, stopped before the sample request ended` };
        }
        if (status.state !== 'in-progress' || Date.now() >= deadline) return status;
        // Another receiver holds it: its progress is in the store (written on every change).
        await sleep(Math.min(200, deadline - Date.now()));
      }
    },
  };
}
