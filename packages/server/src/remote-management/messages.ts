/**
 * Edge Impulse's remote management messages (protocol versions 3 and 4), as devices send them and as
 * the server answers. Field names and shapes follow Edge Impulse's protocol page
 * (docs.edgeimpulse.com/tools/protocols/remote-management/websocket) and the types its own client
 * ships (`edge-impulse-linux` `shared/MgmtInterfaceTypes`): v4 adds `mode` (`ingestion` | `inference`).
 * @module
 */
import type { DeviceSensor } from '../service/store.js';

/** What a valid hello says. */
export interface Hello {
  version: 3 | 4;
  apiKey: string;
  deviceId: string;
  deviceType: string;
  connection: 'ip' | 'daemon';
  sensors: DeviceSensor[];
  supportsSnapshotStreaming: boolean;
  /** v4 only; v3 devices are ingestion devices. */
  mode: 'ingestion' | 'inference';
}

/** The server's sample request (`{sample:{…}}`): where to post, what to record, the key to sign with. */
export interface SampleRequest {
  label: string;
  /** Milliseconds to record. */
  length: number;
  /** The ingestion path to post to, e.g. `/api/training/data`. */
  path: string;
  /** The project's development HMAC key. */
  hmacKey: string;
  /** Milliseconds between readings (may be fractional). */
  interval: number;
  sensor?: string;
}

const MAX_ID = 256;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates a hello; the error names the first field that is wrong. */
export function parseHello(message: unknown): { ok: true; hello: Hello } | { ok: false; error: string } {
  if (!isObj(message) || !isObj(message['hello'])) return { ok: false, error: 'the first message must be a hello ({"hello":{…}})' };
  const h = message['hello'];
  const bad = (field: string, want: string) => ({ ok: false as const, error: `hello.${field} must be ${want}` });
  const version = h['version'];
  if (version !== 3 && version !== 4) {
    return { ok: false, error: `unsupported protocol version ${JSON.stringify(version)} (this server speaks versions 3 and 4)` };
  }
  if (typeof h['apiKey'] !== 'string' || h['apiKey'] === '') return bad('apiKey', 'a project API key (ei_…)');
  const deviceId = h['deviceId'];
  if (typeof deviceId !== 'string' || deviceId.trim() === '' || deviceId.length > MAX_ID) return bad('deviceId', `a non-empty string of at most ${MAX_ID} characters`);
  if (typeof h['deviceType'] !== 'string' || h['deviceType'].length > MAX_ID) return bad('deviceType', `a string of at most ${MAX_ID} characters`);
  const connection = h['connection'] ?? 'ip';
  if (connection !== 'ip' && connection !== 'daemon') return bad('connection', '"ip" or "daemon"');
  const sensorsIn = h['sensors'] ?? [];
  if (!Array.isArray(sensorsIn)) return bad('sensors', 'an array');
  const sensors: DeviceSensor[] = [];
  for (const [i, s] of sensorsIn.entries()) {
    if (!isObj(s) || typeof s['name'] !== 'string') return bad(`sensors[${i}].name`, 'a string');
    const max = s['maxSampleLengthS'];
    if (typeof max !== 'number' || !Number.isFinite(max) || max < 0) return bad(`sensors[${i}].maxSampleLengthS`, 'a non-negative number');
    const freqs = s['frequencies'] ?? [];
    if (!Array.isArray(freqs) || !freqs.every((f) => typeof f === 'number' && Number.isFinite(f) && f > 0)) {
      return bad(`sensors[${i}].frequencies`, 'an array of positive numbers (Hz)');
    }
    sensors.push({ name: s['name'], maxSampleLengthS: max, frequencies: freqs as number[] });
  }
  const snap = h['supportsSnapshotStreaming'] ?? false;
  if (typeof snap !== 'boolean') return bad('supportsSnapshotStreaming', 'a boolean');
  let mode: Hello['mode'] = 'ingestion';
  if (version === 4) {
    if (h['mode'] !== 'ingestion' && h['mode'] !== 'inference') return bad('mode', '"ingestion" or "inference" (protocol version 4)');
    mode = h['mode'];
  }
  return {
    ok: true,
    hello: { version, apiKey: h['apiKey'], deviceId, deviceType: h['deviceType'], connection, sensors, supportsSnapshotStreaming: snap, mode },
  };
}

/** One message a device sends after its hello, as the session understands it. */
export type DeviceEvent =
  | { kind: 'sampleAccepted' }
  | { kind: 'sampleFailed'; error: string }
  | { kind: 'sampleStarted' }
  | { kind: 'sampleProcessing' }
  | { kind: 'sampleReading'; progressPercentage: number | null }
  | { kind: 'sampleUploading' }
  | { kind: 'sampleFinished' }
  | { kind: 'snapshotFrame'; frame: string; fileName: string | null }
  | { kind: 'snapshotState'; state: 'started' | 'stopped' | 'failed'; error: string | null }
  | { kind: 'impulseRecord' }
  | { kind: 'ignored'; keys: string[] };

/** The error text a device attached (`err` in the protocol page, `error` in Edge Impulse's Node client). */
function errorText(m: Record<string, unknown>, fallback: string): string {
  const e = m['err'] ?? m['error'];
  return typeof e === 'string' && e !== '' ? e : fallback;
}

/** Classifies a device message. Unknown messages are `ignored` (newer devices may send more). */
export function parseDeviceMessage(m: unknown): DeviceEvent {
  if (!isObj(m)) return { kind: 'ignored', keys: [] };
  if ('sample' in m) return m['sample'] === true ? { kind: 'sampleAccepted' } : { kind: 'sampleFailed', error: errorText(m, 'the device refused the sample request') };
  if ('sampleStarted' in m) return m['sampleStarted'] === false ? { kind: 'sampleFailed', error: errorText(m, 'the device could not start sampling') } : { kind: 'sampleStarted' };
  if ('sampleProcessing' in m) return { kind: 'sampleProcessing' };
  if ('sampleReading' in m) {
    const p = m['progressPercentage'];
    return { kind: 'sampleReading', progressPercentage: typeof p === 'number' && Number.isFinite(p) ? p : null };
  }
  if ('sampleUploading' in m) return { kind: 'sampleUploading' };
  if ('sampleFinished' in m) return m['sampleFinished'] === false ? { kind: 'sampleFailed', error: errorText(m, 'the device could not finish the sample') } : { kind: 'sampleFinished' };
  if ('snapshotFrame' in m) {
    const f = m['snapshotFrame'];
    return { kind: 'snapshotFrame', frame: typeof f === 'string' ? f : '', fileName: typeof m['fileName'] === 'string' ? m['fileName'] : null };
  }
  if ('snapshotStarted' in m) return { kind: 'snapshotState', state: 'started', error: null };
  if ('snapshotStopped' in m) return { kind: 'snapshotState', state: 'stopped', error: null };
  if ('snapshotFailed' in m) return { kind: 'snapshotState', state: 'failed', error: errorText(m, 'snapshot streaming failed') };
  if ('impulseRecord' in m) return { kind: 'impulseRecord' };
  // A bare error (`{"err": "…"}` / `{"error": "…"}`) is about the request in progress.
  if ('err' in m || 'error' in m) return { kind: 'sampleFailed', error: errorText(m, 'the device reported an error') };
  return { kind: 'ignored', keys: Object.keys(m) };
}
