/**
 * A stored sample in Edge Impulse's `Sample` shape (the raw-data listing). What the store does not keep
 * as columns — interval, sensors, number of readings — is read back from the stored message, parsed by
 * the library's verifier with the signature set aside (the message was verified when it arrived;
 * `signatureValidate` reports that verdict). Samples never change, so the parse is cached by id.
 * @module
 */
import { createVerifier, type Payload } from 'edgesign';
import { multipartMessage } from '../service/upload-check.js';
import type { SampleRecord, Store } from '../service/store.js';

interface Shape {
  intervalMs: number;
  sensors: Array<{ name: string; units: string }>;
  valuesCount: number;
}

const EMPTY: Shape = { intervalMs: 0, sensors: [], valuesCount: 0 };
// No keys: every HS256 message comes back as E_NO_KEY with the fields as received (`unauthenticated`).
const reader = createVerifier({ keys: [], allowUnsigned: true });
const cache = new Map<string, Shape>();
const CACHE_MAX = 10_000;

function shapeOf(payload: Payload): Shape {
  const values = Array.isArray(payload.values) ? payload.values : [];
  const sensors = Array.isArray(payload.sensors)
    ? payload.sensors.map((s) => ({ name: String((s as { name?: unknown }).name ?? ''), units: String((s as { units?: unknown }).units ?? '') }))
    : [];
  const interval = typeof payload.interval_ms === 'number' ? payload.interval_ms : 0;
  return { intervalMs: interval, sensors, valuesCount: values.length };
}

async function readShape(store: Store, s: SampleRecord, cacheKey: string): Promise<Shape> {
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const raw = await store.getSampleRaw(s.id);
  let shape = EMPTY;
  if (raw) {
    let bytes = raw.body;
    if (/^multipart\/form-data/i.test(raw.contentType)) {
      try {
        bytes = multipartMessage(raw.body, raw.contentType);
      } catch {
        bytes = new Uint8Array(0);
      }
    }
    const r = reader.verify(bytes);
    const payload = r.ok ? r.payload : r.unauthenticated?.ok ? r.unauthenticated.payload : undefined;
    if (payload) shape = shapeOf(payload);
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(cacheKey, shape);
  return shape;
}

/** Edge Impulse's `Sample` fields for one stored sample of project `projectId`. */
export async function sampleView(store: Store, s: SampleRecord, projectId: number): Promise<Record<string, unknown>> {
  // Keyed by content too: two stores (tests, several data dirs) may reuse ids.
  const shape = await readShape(store, s, `${s.id}:${s.sha256}`);
  const created = s.iat !== null ? new Date(s.iat * 1000).toISOString() : s.receivedAt;
  const frequency = shape.intervalMs > 0 ? 1000 / shape.intervalMs : 0;
  return {
    id: s.id,
    filename: s.fileName,
    signatureValidate: s.signature === 'valid',
    signatureMethod: s.signature === 'unsigned' ? 'none' : 'HS256',
    ...(s.hmacKeyId ? { signatureKey: s.hmacKeyId } : {}),
    // edgesign's own verdict (valid | invalid | unsigned) and, when not valid, the verifier's code.
    signature: s.signature,
    ...(s.signatureError ? { signatureError: s.signatureError } : {}),
    created,
    lastModified: s.receivedAt,
    added: s.receivedAt,
    category: s.category,
    coldstorageFilename: s.fileName,
    label: s.label ?? '',
    intervalMs: shape.intervalMs,
    frequency,
    originalIntervalMs: shape.intervalMs,
    originalFrequency: frequency,
    ...(s.deviceName !== null ? { deviceName: s.deviceName } : {}),
    deviceType: s.deviceType ?? '',
    sensors: shape.sensors,
    valuesCount: shape.valuesCount,
    totalLengthMs: shape.intervalMs * shape.valuesCount,
    boundingBoxes: [],
    chartType: /^image\//i.test(s.contentType) ? 'image' : /^video\//i.test(s.contentType) ? 'video' : 'chart',
    isDisabled: false,
    isProcessing: false,
    processingError: false,
    isCropped: false,
    ...(s.metadata ? { metadata: s.metadata } : {}),
    projectId,
    sha256Hash: s.sha256,
    datastreams: [],
  };
}
