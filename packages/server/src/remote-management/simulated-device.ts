/**
 * A simulated device that speaks Edge Impulse's remote management protocol as a real one would: it
 * says hello (v3 or v4, JSON or CBOR), waits for sample requests, "records" synthetic accelerometer
 * data for `length` ms at `interval`, signs it with the HMAC key the request carried, posts it to the
 * ingestion service at the request's `path`, and reports progress (`sample`, `sampleStarted`,
 * `sampleReading`, `sampleUploading`, `sampleFinished`, or `sample:false` with `error`).
 * Used by `edgesign simulate --remote` and the tests.
 * @module
 */
import { createSigner } from 'edgesign';
import WebSocket from 'ws';
import { createClient } from '../cli/http-client.js';
import { prng } from '../cli/prng.js';
import { decodeFrame, encodeMessage, type WireEncoding } from './codec.js';
import type { SampleRequest } from './messages.js';

/** Options of {@link connectSimulatedDevice}. */
export interface SimulatedDeviceOptions {
  /** Remote management URL, e.g. `ws://127.0.0.1:4802`. */
  url: string;
  /** Ingestion base URL the device posts samples to, e.g. `http://127.0.0.1:4810`. */
  ingestionUrl: string;
  /** An API key of the project (admin or an ingestion role) for the hello and the uploads. */
  apiKey: string;
  /** The device's id (e.g. a MAC address); a second device with the same id replaces the first. */
  deviceId: string;
  /** The device type it announces and signs (default `EDGESIGN_SIMULATOR`). */
  deviceType?: string;
  /** The session's encoding (the hello's). Default `json`. */
  encoding?: WireEncoding;
  /** Protocol version of the hello (default 4, with `mode: 'ingestion'`). */
  version?: 3 | 4;
  /** How the recorded sample is encoded when posted (default: the session's encoding). */
  sampleEncoding?: 'json' | 'cbor';
  /** Record in real time (sleep `length` ms) — default true; false records instantly (tests). */
  realTime?: boolean;
  /** Seed of the synthetic accelerometer data (default 1): the same seed records the same values. */
  seed?: number;
  /** Progress and errors, one line each. */
  log?: (line: string) => void;
}

/** A connected simulated device (see {@link connectSimulatedDevice}). */
export interface SimulatedDevice {
  /** Resolves once the server accepted the hello; rejects with the server's `err` otherwise. */
  readonly ready: Promise<void>;
  /** Every stored file name the ingestion service answered, in order. */
  readonly uploads: string[];
  /** Resolves with the next upload's outcome. */
  nextUpload(): Promise<{ ok: true; fileName: string } | { ok: false; error: string }>;
  /** Closes its remote management connection. */
  close(): Promise<void>;
}

export const SIMULATED_SENSOR = { name: 'Accelerometer', maxSampleLengthS: 300, frequencies: [62.5, 100] };
const AXES = [
  { name: 'accX', units: 'm/s2' },
  { name: 'accY', units: 'm/s2' },
  { name: 'accZ', units: 'm/s2' },
];

/** Connects one simulated device to remote management: it says hello, then records, signs and uploads a synthetic accelerometer sample for every request. */
export function connectSimulatedDevice(o: SimulatedDeviceOptions): SimulatedDevice {
  const encoding = o.encoding ?? 'json';
  const version = o.version ?? 4;
  const log = o.log ?? (() => {});
  const rand = prng(o.seed ?? 1);
  const uploads: string[] = [];
  const waiters: Array<(r: { ok: true; fileName: string } | { ok: false; error: string }) => void> = [];
  const http = createClient({ maxSockets: 1 });
  const ws = new WebSocket(o.url);
  const send = (m: Record<string, unknown>) => {
    const f = encodeMessage(m, encoding);
    if (ws.readyState === ws.OPEN) ws.send(f, { binary: typeof f !== 'string' });
  };
  const report = (r: { ok: true; fileName: string } | { ok: false; error: string }) => {
    if (r.ok) uploads.push(r.fileName);
    waiters.shift()?.(r);
  };

  async function record(req: SampleRequest): Promise<void> {
    const interval = req.interval > 0 ? req.interval : 10;
    const rows = Math.max(1, Math.floor(req.length / interval));
    send({ sampleStarted: true });
    // Edge Impulse's client acknowledges one tick after it started (sampleStarted can come first).
    setTimeout(() => send({ sample: true }), 1);
    const values = new Float32Array(rows * 3);
    const phase = rand() * 6.283;
    for (let r = 0; r < rows; r++) {
      const t = (r * interval) / 1000;
      values[r * 3] = Math.round((0.3 * Math.sin(2 * Math.PI * 1.5 * t + phase) + 0.05 * (rand() - 0.5)) * 100) / 100;
      values[r * 3 + 1] = Math.round((0.2 * Math.cos(2 * Math.PI * 1.5 * t + phase) + 0.05 * (rand() - 0.5)) * 100) / 100;
      values[r * 3 + 2] = Math.round((9.81 + 0.05 * (rand() - 0.5)) * 100) / 100;
    }
    if (o.realTime !== false) {
      const steps = 4;
      for (let i = 1; i <= steps; i++) {
        await new Promise((r) => setTimeout(r, req.length / steps));
        send({ sampleReading: true, progressPercentage: Math.round((100 * i) / steps) });
      }
    } else send({ sampleReading: true, progressPercentage: 100 });
    send({ sampleProcessing: true });
    const sampleEncoding = o.sampleEncoding ?? encoding;
    const signer = createSigner({
      hmacKey: req.hmacKey,
      deviceType: o.deviceType ?? 'EDGESIGN_SIMULATOR',
      deviceName: o.deviceId,
      intervalMs: interval,
      sensors: AXES,
      encoding: sampleEncoding,
    });
    const body = signer.sign(values);
    send({ sampleUploading: true });
    const res = await http.request(
      'POST',
      new URL(req.path, o.ingestionUrl),
      {
        'x-api-key': o.apiKey,
        'x-file-name': encodeURIComponent(`${req.label}.${sampleEncoding}`),
        'x-label': encodeURIComponent(req.label),
        'x-add-date-id': '1',
        'content-type': signer.contentType,
      },
      body,
    );
    const text = res.body.toString('utf8');
    if (res.status !== 200) throw new Error(`upload refused (${res.status}): ${text}`);
    report({ ok: true, fileName: text });
    log(`${o.deviceId}: stored ${text}`);
    send({ sampleFinished: true });
  }

  const ready = new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      send({
        hello: {
          version,
          apiKey: o.apiKey,
          deviceId: o.deviceId,
          deviceType: o.deviceType ?? 'EDGESIGN_SIMULATOR',
          connection: 'ip',
          sensors: [SIMULATED_SENSOR],
          supportsSnapshotStreaming: false,
          ...(version === 4 ? { mode: 'ingestion' } : {}),
        },
      });
    });
    ws.once('error', reject);
    ws.once('close', (code, reason) => reject(new Error(`connection closed before the hello was answered (${code} ${reason.toString()})`)));
    let helloDone = false;
    ws.on('message', (data, isBinary) => {
      const d = decodeFrame(data as Buffer, isBinary);
      if (!d.ok) return log(`${o.deviceId}: unreadable message: ${d.error}`);
      const m = d.message as Record<string, unknown>;
      if (!helloDone) {
        helloDone = true;
        if (m['hello'] === true) resolve();
        else reject(new Error(String(m['err'] ?? 'hello refused')));
        return;
      }
      if (m['sample'] && typeof m['sample'] === 'object') {
        const req = m['sample'] as SampleRequest;
        log(`${o.deviceId}: sample request ${JSON.stringify({ ...req, hmacKey: '…' })}`);
        record(req).catch((e: unknown) => {
          const error = e instanceof Error ? e.message : String(e);
          log(`${o.deviceId}: ${error}`);
          report({ ok: false, error });
          send({ sample: false, error });
        });
      }
    });
  });
  ready.catch(() => {});

  return {
    ready,
    uploads,
    nextUpload: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        http.close();
        if (ws.readyState === ws.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}
