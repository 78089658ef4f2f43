/**
 * The device simulator behind `edgesign simulate` (and `npm start`): N virtual devices, each with its
 * own device name and signers keyed once, produce realistic data — a 3-axis accelerometer (gravity,
 * a motion pattern per device, Gaussian noise) and, with `audio`, 16 kHz int16 microphone windows sent
 * as a CBOR header plus binary tail — sign it with the WebAssembly core and post it to
 * `/api/<category>/data` over kept-alive connections.
 *
 * Rates are bounded: each device sends on a fixed schedule of `rate` messages per second with at most
 * one request in flight; a device that falls behind (slow service) skips ahead instead of bursting to
 * catch up, so the offered load never exceeds `devices × rate`.
 * @module
 */
import { setMaxListeners } from 'node:events';
import { EdgesignError, isEdgesignError, createSigner, OCTET_STREAM, type Encoding, type Signer } from 'edgesign';
import { apiUrl, createClient, refusal, type HttpClient } from './http-client.js';
import { prng } from './prng.js';

export const LIMITS = Object.freeze({ devices: 1000, rate: 1000, totalRate: 20_000, duration: 24 * 3600, rows: 10_000 });

export interface SimulationOptions {
  /** The service's base URL. */
  url: URL;
  apiKey: string;
  hmacKey: string;
  devices: number;
  /** Signed messages per second per device. */
  rate: number;
  durationSeconds: number;
  category?: 'training' | 'testing' | 'anomaly';
  encoding?: Encoding;
  /** Every other message of each device is a 1 s, 16 kHz audio window with a binary tail. */
  audio?: boolean;
  deviceType?: string;
  /** Accelerometer: milliseconds between rows (default 10, i.e. 100 Hz). */
  intervalMs?: number;
  /** Accelerometer rows per message (default 100). */
  rows?: number;
  /** x-label for every message (default: inferred by the service from the file name: idle, walk, wave, audio). */
  label?: string;
  /** Seed of the data generator (default: random). */
  seed?: number;
  /** Called about five times a second with the running counts. */
  onProgress?: (p: Progress) => void;
  /** Stops scheduling new messages (requests in flight finish). */
  signal?: AbortSignal;
}

export interface Progress {
  elapsedSeconds: number;
  sent: number;
  accepted: number;
  rejected: number;
}

/** The summary, a fixed shape that scripts read (`--json`). */
export interface SimulationSummary {
  devices: number;
  sent: number;
  accepted: number;
  rejected: Record<string, number>;
  samplesPerSecond: number;
  latencyMs: { p50: number; p99: number };
}

export interface SimulationResult {
  summary: SimulationSummary;
  elapsedSeconds: number;
  bytesSent: number;
  /** The first message the service gave for each refusal code. */
  firstRefusal: Record<string, string>;
  deviceNames: string[];
}

const AUDIO_HZ = 16_000;
const AUDIO_MS = 1000;
const MOTIONS = ['idle', 'walk', 'wave'] as const;
type Motion = (typeof MOTIONS)[number];
/** Latencies kept for the percentiles (reservoir sampling beyond this). */
const LATENCY_RESERVOIR = 200_000;


/** A locally administered MAC address per device (`02:…`), as Edge Impulse devices name themselves. */
export function deviceName(index: number, run: number): string {
  const b = [0x02, 0xe5, (run >>> 8) & 0xff, run & 0xff, (index >>> 8) & 0xff, index & 0xff];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

class Device {
  readonly name: string;
  readonly motion: Motion;
  readonly #accel: Signer;
  readonly #audio: Signer | null;
  readonly #rand: () => number;
  readonly #rows: number;
  readonly #intervalMs: number;
  readonly #ext: string;
  readonly #phase: number[];
  readonly #bias: number[];
  #spare: number | null = null;
  #seq = 0;
  #t = 0;

  constructor(index: number, run: number, o: Required<Pick<SimulationOptions, 'hmacKey' | 'deviceType' | 'intervalMs' | 'rows' | 'encoding' | 'audio'>>, seed: number) {
    this.name = deviceName(index, run);
    this.motion = MOTIONS[index % MOTIONS.length]!;
    this.#rand = prng(seed + index * 0x9e3779b1);
    this.#rows = o.rows;
    this.#intervalMs = o.intervalMs;
    this.#ext = o.encoding === 'cbor' ? 'cbor' : 'json';
    this.#accel = createSigner({
      hmacKey: o.hmacKey,
      deviceType: o.deviceType,
      deviceName: this.name,
      intervalMs: o.intervalMs,
      sensors: [
        { name: 'accX', units: 'm/s2' },
        { name: 'accY', units: 'm/s2' },
        { name: 'accZ', units: 'm/s2' },
      ],
      encoding: o.encoding,
      allowShortKey: true,
    });
    this.#audio = o.audio
      ? createSigner({
          hmacKey: o.hmacKey,
          deviceType: o.deviceType,
          deviceName: this.name,
          intervalMs: 1000 / AUDIO_HZ,
          sensors: [{ name: 'audio', units: 'wav' }],
          encoding: 'cbor',
          allowShortKey: true,
        })
      : null;
    this.#phase = [this.#rand() * 6.283, this.#rand() * 6.283, this.#rand() * 6.283];
    // A slightly tilted board: a little of gravity on x and y, the rest on z.
    this.#bias = [(this.#rand() - 0.5) * 0.6, (this.#rand() - 0.5) * 0.6, 0];
  }

  /** A standard normal variate (Box–Muller, both halves used). */
  #gauss(): number {
    if (this.#spare !== null) {
      const s = this.#spare;
      this.#spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.#rand();
    const v = this.#rand();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** The next message: its bytes, content type and file name (whose prefix the service takes as the label). */
  next(run: string): { body: Uint8Array; contentType: string; fileName: string } {
    const seq = this.#seq++;
    const iat = Math.floor(Date.now() / 1000);
    const id = `${this.name.replace(/:/g, '')}.${run}.${String(seq).padStart(6, '0')}`;
    if (this.#audio !== null && seq % 2 === 1) {
      const n = (AUDIO_HZ * AUDIO_MS) / 1000;
      const pcm = new Int16Array(n);
      const f = 220 + 40 * (this.name.charCodeAt(this.name.length - 1) % 8);
      for (let i = 0; i < n; i++) {
        const s = 6000 * Math.sin((2 * Math.PI * f * i) / AUDIO_HZ + this.#phase[0]!) + 800 * this.#gauss();
        pcm[i] = Math.max(-32768, Math.min(32767, Math.round(s)));
      }
      return { body: this.#audio.signBinary(pcm, { iat }), contentType: OCTET_STREAM, fileName: `audio.${id}.cbor` };
    }
    const rows = this.#rows;
    const values = new Float32Array(rows * 3);
    const g = 9.81;
    for (let r = 0; r < rows; r++) {
      const t = (this.#t + r * this.#intervalMs) / 1000;
      let x = this.#bias[0]!;
      let y = this.#bias[1]!;
      let z = g;
      let noise = 0.04;
      if (this.motion === 'walk') {
        x += 2.5 * Math.sin(2 * Math.PI * 1.8 * t + this.#phase[0]!);
        y += 1.2 * Math.sin(2 * Math.PI * 0.9 * t + this.#phase[1]!);
        z += 3.0 * Math.sin(2 * Math.PI * 1.8 * t + this.#phase[2]!);
        noise = 0.3;
      } else if (this.motion === 'wave') {
        x += 6.0 * Math.sin(2 * Math.PI * 3.2 * t + this.#phase[0]!);
        y += 1.5 * Math.sin(2 * Math.PI * 6.4 * t + this.#phase[1]!);
        z += 0.8 * Math.sin(2 * Math.PI * 3.2 * t + this.#phase[2]!);
        noise = 0.2;
      }
      values[r * 3] = round2(x + noise * this.#gauss());
      values[r * 3 + 1] = round2(y + noise * this.#gauss());
      values[r * 3 + 2] = round2(z + noise * this.#gauss());
    }
    this.#t += rows * this.#intervalMs;
    return { body: this.#accel.sign(values, { iat }), contentType: this.#accel.contentType, fileName: `${this.motion}.${id}.${this.#ext}` };
  }
}

/** Sensors report a few significant digits, not float noise. */
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function checkSimulationOptions(o: SimulationOptions): void {
  const bad = (m: string) => new EdgesignError('E_USAGE', m);
  if (!Number.isInteger(o.devices) || o.devices < 1 || o.devices > LIMITS.devices) throw bad(`--devices must be an integer from 1 to ${LIMITS.devices}, got ${o.devices}`);
  if (!(o.rate > 0) || o.rate > LIMITS.rate) throw bad(`--rate must be greater than 0 and at most ${LIMITS.rate} messages per second per device, got ${o.rate}`);
  if (o.rate * o.devices > LIMITS.totalRate) throw bad(`--devices × --rate is ${o.rate * o.devices} messages per second; at most ${LIMITS.totalRate}`);
  if (!(o.durationSeconds > 0) || o.durationSeconds > LIMITS.duration) throw bad(`--duration must be greater than 0 and at most ${LIMITS.duration} seconds, got ${o.durationSeconds}`);
  const rows = o.rows ?? 100;
  if (!Number.isInteger(rows) || rows < 1 || rows > LIMITS.rows) throw bad(`--rows must be an integer from 1 to ${LIMITS.rows}, got ${rows}`);
}

/** Runs the simulation to the end of its duration (or until `signal` aborts) and summarizes it. */
export async function runSimulation(o: SimulationOptions): Promise<SimulationResult> {
  checkSimulationOptions(o);
  const category = o.category ?? 'training';
  const encoding = o.encoding ?? 'json';
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
  const runNo = seed & 0xffff;
  const run = runNo.toString(36);
  const cfg = {
    hmacKey: o.hmacKey,
    deviceType: o.deviceType ?? 'EDGESIGN_SIMULATOR',
    intervalMs: o.intervalMs ?? 10,
    rows: o.rows ?? 100,
    encoding,
    audio: o.audio === true,
  };
  const devices = Array.from({ length: o.devices }, (_, i) => new Device(i, runNo, cfg, seed));
  const url = apiUrl(o.url, `${category}/data`);
  const client: HttpClient = createClient({ maxSockets: Math.min(o.devices, 256) });

  const stop = new AbortController();
  // Every device's sleep listens to it: one listener per device is expected, not a leak.
  setMaxListeners(o.devices + 16, stop.signal);
  const onAbort = () => stop.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });

  let sent = 0;
  let accepted = 0;
  let rejectedTotal = 0;
  let bytesSent = 0;
  const rejected: Record<string, number> = {};
  const firstRefusal: Record<string, string> = {};
  const latencies = new Float64Array(LATENCY_RESERVOIR);
  let latencyCount = 0;
  let fatal: EdgesignError | null = null;
  const rand = prng(seed ^ 0x5bd1e995);

  const record = (ms: number) => {
    if (latencyCount < LATENCY_RESERVOIR) latencies[latencyCount] = ms;
    else {
      const j = Math.floor(rand() * (latencyCount + 1));
      if (j < LATENCY_RESERVOIR) latencies[j] = ms;
    }
    latencyCount++;
  };
  const reject = (code: string, message: string) => {
    rejected[code] = (rejected[code] ?? 0) + 1;
    firstRefusal[code] ??= message;
    rejectedTotal++;
  };

  const periodMs = 1000 / o.rate;
  const start = performance.now();
  const end = start + o.durationSeconds * 1000;
  let lastDone = start;
  const progress = o.onProgress
    ? setInterval(() => o.onProgress!({ elapsedSeconds: Math.min(o.durationSeconds, (performance.now() - start) / 1000), sent, accepted, rejected: rejectedTotal }), 200)
    : null;

  const headersBase: Record<string, string> = { 'x-api-key': o.apiKey, 'x-upload-source': 'EDGESIGN_SIMULATOR' };
  if (o.label !== undefined) headersBase['x-label'] = encodeURIComponent(o.label);

  const loop = async (device: Device, index: number) => {
    // Devices start spread over the first period so the load is even, not in lockstep.
    let next = start + (index / o.devices) * periodMs;
    while (!stop.signal.aborted) {
      if (next >= end) break;
      await sleep(next - performance.now(), stop.signal);
      if (stop.signal.aborted) break;
      const msg = device.next(run);
      const headers = { ...headersBase, 'content-type': msg.contentType, 'x-file-name': encodeURIComponent(msg.fileName) };
      sent++;
      bytesSent += msg.body.length;
      const t0 = performance.now();
      try {
        const res = await client.request('POST', url, headers, msg.body);
        const t1 = performance.now();
        lastDone = Math.max(lastDone, t1);
        record(t1 - t0);
        if (res.status === 200) accepted++;
        else {
          const r = refusal(res);
          reject(r.code, r.message);
        }
      } catch (e) {
        lastDone = Math.max(lastDone, performance.now());
        const code = isEdgesignError(e) ? e.code : 'E_NETWORK';
        reject(code, e instanceof Error ? e.message : String(e));
        // Nothing reached the service at all: stop instead of hammering a closed port for the whole run.
        if (code === 'E_NETWORK' && accepted === 0 && fatal === null) {
          fatal = isEdgesignError(e) ? e : new EdgesignError('E_NETWORK', String(e));
          stop.abort();
        }
      }
      // Fixed schedule, no catch-up bursts: a late device resumes from now.
      next = Math.max(next + periodMs, performance.now());
    }
  };

  try {
    await Promise.all(devices.map((d, i) => loop(d, i)));
  } finally {
    if (progress) clearInterval(progress);
    o.signal?.removeEventListener('abort', onAbort);
    client.close();
  }
  if (fatal) throw fatal;

  const elapsedSeconds = Math.max(1e-3, (lastDone - start) / 1000);
  o.onProgress?.({ elapsedSeconds: Math.min(o.durationSeconds, elapsedSeconds), sent, accepted, rejected: rejectedTotal });
  const kept = latencies.subarray(0, Math.min(latencyCount, LATENCY_RESERVOIR)).slice().sort();
  const r2 = (v: number) => Math.round(v * 100) / 100;
  return {
    summary: {
      devices: o.devices,
      sent,
      accepted,
      rejected,
      samplesPerSecond: Math.round((accepted / elapsedSeconds) * 10) / 10,
      latencyMs: { p50: r2(percentile(kept, 50)), p99: r2(percentile(kept, 99)) },
    },
    elapsedSeconds,
    bytesSent,
    firstRefusal,
    deviceNames: devices.map((d) => d.name),
  };
}
