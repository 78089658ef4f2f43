/**
 * Shared fixtures for the ingestion service suites: a temp data dir with a real SQLite file, a server
 * on a free loopback port, keys of every role, and signed messages made by the independent reference
 * signer (node:crypto + cbor-x, no edgesign code).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApiKey,
  createHmacKey,
  createIngestionServer,
  openStore,
  type IngestionServer,
  type IngestionServerOptions,
  type SqliteStore,
} from '../../packages/server/src/service/index.js';
import { referenceSignJson } from './reference-signer.js';

export function tempDir(prefix = 'edgesign-svc-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Fixture {
  dir: string;
  url: string;
  svc: IngestionServer;
  store: SqliteStore;
  /** `ei_…` secrets by role. */
  apiKeys: { admin: string; ingestiononly: string; ingestion_deployment: string; readonly: string };
  hmac: { id: string; key: string };
  stop: () => Promise<void>;
}

/** A server on 127.0.0.1:0 over a fresh store with one key of each role and one (development) HMAC key. */
export async function startFixture(options: Omit<IngestionServerOptions, 'store' | 'dataDir' | 'port'> = {}): Promise<Fixture> {
  const { dir, cleanup } = tempDir();
  const store = openStore(dir, { busyTimeoutMs: 200 });
  const roles = ['admin', 'ingestiononly', 'ingestion_deployment', 'readonly'] as const;
  const apiKeys = {} as Fixture['apiKeys'];
  for (const role of roles) apiKeys[role] = (await createApiKey(store, { name: role, role })).key;
  const hk = await createHmacKey(store, { name: 'devices', dev: true });
  const svc = createIngestionServer({ store, port: 0, ...options });
  const { url } = await svc.listen();
  return {
    dir,
    url,
    svc,
    store,
    apiKeys,
    hmac: { id: hk.id, key: hk.key },
    stop: async () => {
      await svc.close();
      await store.close();
      cleanup();
    },
  };
}

let counter = 0;

/** A small valid message (3-axis accelerometer, a few rows); `seed` makes each body distinct. */
export function message(overrides: { iat?: number | null; alg?: 'HS256' | 'none'; deviceName?: string | null; values?: unknown[]; sensors?: unknown[]; seed?: number } = {}) {
  const seed = overrides.seed ?? counter++;
  const prot: Record<string, unknown> = { ver: 'v1', alg: overrides.alg ?? 'HS256' };
  if (overrides.iat !== null) prot['iat'] = overrides.iat ?? Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {};
  if (overrides.deviceName !== null) payload['device_name'] = overrides.deviceName ?? 'ac:87:a3:0a:2d:1b';
  Object.assign(payload, {
    device_type: 'EDGESIGN_TEST',
    interval_ms: 10,
    sensors: overrides.sensors ?? [
      { name: 'accX', units: 'm/s2' },
      { name: 'accY', units: 'm/s2' },
      { name: 'accZ', units: 'm/s2' },
    ],
    values: overrides.values ?? [
      [-9.81, 0.03, seed],
      [-9.83, 0.04, 1.27],
      [-9.12, 0.03, 1.23],
    ],
  });
  return { protected: prot, signature: '0'.repeat(64), payload };
}

/** A signed compact-JSON body. */
export function signedJson(key: string, overrides: Parameters<typeof message>[0] = {}): Uint8Array {
  return referenceSignJson(message(overrides), key);
}

export interface PostOptions {
  apiKey?: string | null;
  fileName?: string | null;
  contentType?: string | null;
  headers?: Record<string, string>;
  category?: string;
}

/** POSTs a body to `/api/{category}/data` with the usual headers (null drops one). */
export async function post(fx: Pick<Fixture, 'url'>, body: BodyInit | Uint8Array, o: PostOptions = {}): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.apiKey !== null && o.apiKey !== undefined) headers['x-api-key'] = o.apiKey;
  if (o.fileName !== null) headers['x-file-name'] = o.fileName ?? 'idle.01.json';
  if (o.contentType !== null) headers['content-type'] = o.contentType ?? 'application/json';
  const res = await fetch(`${fx.url}/api/${o.category ?? 'training'}/data`, { method: 'POST', headers, body: body as BodyInit });
  return { status: res.status, text: await res.text() };
}

export async function getJson<T = unknown>(fx: Pick<Fixture, 'url'>, path: string, apiKey: string): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${fx.url}${path}`, { headers: { 'x-api-key': apiKey } });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = JSON.parse(text);
  } catch {
    /* text answers */
  }
  return { status: res.status, body: body as T, text };
}

export interface FormPart {
  name: string;
  filename?: string;
  type?: string;
  bytes: Uint8Array | string;
}

/** A multipart/form-data body built by hand, so each part's headers are exactly as given. */
export function multipart(parts: FormPart[], boundary = `edgesign${Math.random().toString(36).slice(2)}`): { body: Uint8Array; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += '\r\n';
    if (p.type !== undefined) head += `Content-Type: ${p.type}\r\n`;
    head += '\r\n';
    chunks.push(Buffer.from(head, 'latin1'), Buffer.from(typeof p.bytes === 'string' ? Buffer.from(p.bytes, 'utf8') : p.bytes), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface SampleListing {
  id: number;
  fileName: string;
  category: string;
  label: string | null;
  deviceName: string | null;
  deviceType: string | null;
  signature: 'valid' | 'invalid' | 'unsigned';
  hmacKeyId: string | null;
  sha256: string;
  iat: number | null;
  receivedAt: string;
  bytes: number;
}

export async function samples(fx: Pick<Fixture, 'url' | 'apiKeys'>, query = ''): Promise<SampleListing[]> {
  const r = await getJson<{ samples: SampleListing[] }>(fx, `/api/samples${query ? `?${query}` : ''}`, fx.apiKeys.readonly);
  if (r.status !== 200) throw new Error(`GET /api/samples → ${r.status} ${r.text}`);
  return r.body.samples;
}
