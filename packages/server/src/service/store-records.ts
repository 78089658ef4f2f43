/**
 * Rows ↔ records, once for both stores. The SQLite store (`sqlite-store.ts`) and the PostgreSQL store
 * (`postgres-store.ts`) hold the same columns under the same names (`store-columns.ts`) and differ
 * only in how their drivers carry two kinds of value, which a {@link RowDialect} says: booleans
 * (SQLite: the integers 0 and 1; PostgreSQL: booleans) and JSON columns when read (SQLite: the text;
 * PostgreSQL `json`: already parsed by pg). JSON is written as text to both.
 * @module
 */
import type { SampleRow } from './store-columns.js';
import type {
  ApiKeyRole,
  DevicePatch,
  DeviceRecord,
  DeviceSensor,
  KeyKind,
  KeyRecord,
  NewSample,
  SampleCategory,
  SampleRecord,
  SignatureStatus,
} from './store.js';

/** How one driver carries booleans (`Flag`) and JSON columns as read (`Json`). */
interface RowDialect<Flag, Json> {
  readFlag(v: Flag): boolean;
  writeFlag(v: boolean): Flag;
  readJson(v: Json): unknown;
}

/** better-sqlite3: booleans are 0/1 (CHECK-ed in the schema), JSON columns are TEXT. */
const SQLITE_ROWS: RowDialect<number, string> = {
  readFlag: (v) => v === 1,
  writeFlag: (v) => (v ? 1 : 0),
  readJson: (v) => JSON.parse(v),
};

/** pg: `boolean` columns are booleans, `json` columns arrive parsed. */
const POSTGRES_ROWS: RowDialect<boolean, unknown> = {
  readFlag: (v) => v,
  writeFlag: (v) => v,
  readJson: (v) => v,
};

export interface KeyRow<Flag> {
  id: string;
  kind: KeyKind;
  name: string;
  role: ApiKeyRole | null;
  secret: string | null;
  secret_hash: string | null;
  is_dev: Flag;
  created_at: string;
  revoked_at: string | null;
  expires_at: string | null;
}

/** A device row as written (`sensors` as JSON text); read back, it also has `id` and `sensors` as the driver returns it. */
export interface DeviceWriteRow<Flag> {
  device_id: string;
  name: string;
  device_type: string;
  sensors: string;
  supports_snapshot_streaming: Flag;
  created_at: string;
  last_seen_at: string;
}

export interface DeviceRow<Flag, Json> extends Omit<DeviceWriteRow<Flag>, 'sensors'> {
  id: number;
  sensors: Json;
}

/** A sample row as read back: the listing columns (no raw bytes), `metadata` as the driver returns it. */
export interface SampleRecordRow<Json> extends Omit<SampleRow, 'raw' | 'category' | 'signature' | 'metadata'> {
  id: number;
  category: SampleCategory;
  signature: SignatureStatus;
  metadata: Json | null;
}

function keyFromRow<F, J>(r: KeyRow<F>, dialect: RowDialect<F, J>): KeyRecord {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    role: r.role,
    secret: r.secret,
    secretHash: r.secret_hash,
    isDevelopmentKey: dialect.readFlag(r.is_dev),
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    expiresAt: r.expires_at,
  };
}

function keyRowOf<F, J>(k: KeyRecord, dialect: RowDialect<F, J>): KeyRow<F> {
  return {
    id: k.id,
    kind: k.kind,
    name: k.name,
    role: k.role,
    secret: k.secret,
    secret_hash: k.secretHash,
    is_dev: dialect.writeFlag(k.isDevelopmentKey),
    created_at: k.createdAt,
    revoked_at: k.revokedAt,
    expires_at: k.expiresAt,
  };
}

function deviceFromRow<F, J>(r: DeviceRow<F, J>, dialect: RowDialect<F, J>): DeviceRecord {
  return {
    id: r.id,
    deviceId: r.device_id,
    name: r.name,
    deviceType: r.device_type,
    sensors: dialect.readJson(r.sensors) as DeviceSensor[],
    supportsSnapshotStreaming: dialect.readFlag(r.supports_snapshot_streaming),
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
  };
}

function deviceRowOf<F, J>(d: Omit<DeviceRecord, 'id'>, dialect: RowDialect<F, J>): DeviceWriteRow<F> {
  return {
    device_id: d.deviceId,
    name: d.name,
    device_type: d.deviceType,
    sensors: JSON.stringify(d.sensors),
    supports_snapshot_streaming: dialect.writeFlag(d.supportsSnapshotStreaming),
    created_at: d.createdAt,
    last_seen_at: d.lastSeenAt,
  };
}

/** A device seen for the first time: named by its id until renamed, no sensors unless announced. */
function newDevice(deviceId: string, patch: DevicePatch, now: string): Omit<DeviceRecord, 'id'> {
  return {
    deviceId,
    name: patch.name ?? deviceId,
    deviceType: patch.deviceType ?? '',
    sensors: patch.sensors ?? [],
    supportsSnapshotStreaming: patch.supportsSnapshotStreaming === true,
    createdAt: now,
    lastSeenAt: patch.lastSeenAt ?? now,
  };
}

/** `device` with the patch's members applied; an `undefined` member leaves the stored value. */
function patchedDevice(device: DeviceRecord, patch: DevicePatch): DeviceRecord {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as DevicePatch;
  return { ...device, ...defined };
}

function sampleFromRow<J>(r: SampleRecordRow<J>, dialect: RowDialect<unknown, J>): SampleRecord {
  return {
    id: r.id,
    fileName: r.file_name,
    category: r.category,
    label: r.label,
    deviceName: r.device_name,
    deviceType: r.device_type,
    signature: r.signature,
    signatureError: r.signature_error,
    hmacKeyId: r.hmac_key_id,
    sha256: r.sha256,
    dedupHash: r.dedup_hash,
    iat: r.iat,
    receivedAt: r.received_at,
    bytes: r.bytes,
    contentType: r.content_type,
    encoding: r.encoding,
    metadata: r.metadata === null ? null : (dialect.readJson(r.metadata) as Record<string, string>),
  };
}

function sampleRowOf(s: NewSample): SampleRow {
  return {
    file_name: s.fileName,
    category: s.category,
    label: s.label,
    device_name: s.deviceName,
    device_type: s.deviceType,
    signature: s.signature,
    signature_error: s.signatureError,
    hmac_key_id: s.hmacKeyId,
    sha256: s.sha256,
    dedup_hash: s.dedupHash,
    iat: s.iat,
    received_at: s.receivedAt,
    bytes: s.raw.length,
    content_type: s.contentType,
    encoding: s.encoding,
    metadata: s.metadata === null ? null : JSON.stringify(s.metadata),
    raw: s.raw,
  };
}

/**
 * The record of a sample just stored under `id`: what the caller sent, without the bytes, whose length
 * the caller passes as its row had it (a store may have moved `s.raw` to another thread meanwhile).
 */
function storedSample(s: NewSample, id: number, bytes: number): SampleRecord {
  const { raw: _raw, ...rest } = s;
  return { ...rest, id, bytes };
}

/**
 * The mapping for one driver, with its dialect bound: what a store uses (`SQLITE_RECORDS`,
 * `POSTGRES_RECORDS`). Records are the {@link Store}'s; rows are named as the columns.
 */
export function recordsFor<F, J>(dialect: RowDialect<F, J>) {
  return {
    key: (r: KeyRow<F>): KeyRecord => keyFromRow(r, dialect),
    keyRow: (k: KeyRecord): KeyRow<F> => keyRowOf(k, dialect),
    /** A caller's own copy of a cached key record (the cache's records are frozen and shared). */
    device: (r: DeviceRow<F, J>): DeviceRecord => deviceFromRow(r, dialect),
    deviceRow: (d: Omit<DeviceRecord, 'id'>): DeviceWriteRow<F> => deviceRowOf(d, dialect),
    newDevice,
    patchedDevice,
    sample: (r: SampleRecordRow<J>): SampleRecord => sampleFromRow(r, dialect),
    sampleRow: sampleRowOf,
    storedSample,
  };
}

export const SQLITE_RECORDS = recordsFor(SQLITE_ROWS);
export const POSTGRES_RECORDS = recordsFor(POSTGRES_ROWS);
