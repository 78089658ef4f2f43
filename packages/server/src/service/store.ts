/**
 * The storage seam of the ingestion service: the small interface every store implements, and the
 * records it holds. SQLite (`sqlite-store.ts`) is the embedded default; a server database shared by
 * many receivers implements the same interface.
 *
 * Contract every implementation keeps:
 * - `insertSample` resolves only after the sample is durably committed (the HTTP layer answers 200 on
 *   that promise), and rejects with `EdgesignError('E_STORE_UNAVAILABLE')` when it cannot commit;
 *   a rejected insert left nothing behind.
 * - The duplicate check of `insertSample(…, { disallowDuplicates: true })` and the insert are one
 *   atomic step (two identical concurrent uploads cannot both be stored).
 * - At most one development key of each kind: `insertKey` of a development key and
 *   `setDevelopmentKey` move the flag atomically. Only the development API key keeps its secret in
 *   clear (`secret`); the others keep only `secretHash`.
 * - Every method is async so that a networked database fits behind it.
 * - Schema 3 added key expiry (`KeyRecord.expiresAt`), key usage (`touchKey`), devices and settings
 *   for the Studio API and remote management.
 * - `joinReceivers` is the receivers' bus: on PostgreSQL (migration 2) which receiver holds each
 *   device, with leases, and messages between receivers; SQLite keeps it in memory.
 * @module
 */
import type { JoinReceiversOptions, ReceiverBus } from './receiver-bus.js';

/** Edge Impulse's API key roles. Ingestion needs `admin`, `ingestion_deployment` or `ingestiononly`. */
export type ApiKeyRole = 'admin' | 'ingestion_deployment' | 'ingestiononly' | 'readonly';

/** `api`: an `ak_…` key whose secret is an `ei_…` string; `hmac`: an `hk_…` key devices sign with. */
export type KeyKind = 'api' | 'hmac';

/** Ingestion categories (the `{category}` of `/api/{category}/data`). */
export type SampleCategory = 'training' | 'testing' | 'anomaly';

/** How a stored sample's signature fared: `invalid` and `unsigned` only exist under the `flag` policy. */
export type SignatureStatus = 'valid' | 'invalid' | 'unsigned';

/** One key as the store keeps it (both kinds share one id space: `ak_…` and `hk_…`). */
export interface KeyRecord {
  /** `ak_…` for an API key, `hk_…` for an HMAC key. */
  id: string;
  /** Which of the two kinds it is. */
  kind: KeyKind;
  /** The name given at creation. */
  name: string;
  /** API keys only; null for HMAC keys. */
  role: ApiKeyRole | null;
  /**
   * The secret in clear: always for HMAC keys (the verifier needs it); for an API key only while it is
   * the development key (so tooling can fetch it, as Edge Impulse does); null otherwise.
   */
  secret: string | null;
  /** API keys: lowercase hex SHA-256 of the `ei_…` secret (what a request's `x-api-key` is matched by). */
  secretHash: string | null;
  /** Whether it is the development key of its kind (at most one of each). */
  isDevelopmentKey: boolean;
  /** ISO 8601 (UTC). */
  createdAt: string;
  /** ISO 8601 (UTC) when revoked; revoked keys never authenticate or verify. */
  revokedAt: string | null;
  /**
   * ISO 8601 (UTC) from which an API key no longer authenticates (the Studio API's `ttl`, schema 3);
   * null: it never expires. Expiry is checked by the caller against its clock (`keys.ts`).
   */
  expiresAt: string | null;
}

/** One sensor as a device announces it in its remote management hello (Edge Impulse's shape). */
export interface DeviceSensor {
  /** The sensor's name, e.g. `Accelerometer`. */
  name: string;
  /** The longest sample it can record, in seconds. */
  maxSampleLengthS: number;
  /** The sampling frequencies it offers, in Hz. */
  frequencies: number[];
}

/**
 * A device of the project (schema 3): created by the Studio API's `devices/create` or when it says hello
 * over remote management. Whether it is connected right now is not stored (the remote management
 * server knows); what it last announced is.
 */
export interface DeviceRecord {
  /** Store-assigned number (Edge Impulse's `Device.id`). */
  id: number;
  /** The device's own id (e.g. its MAC address): unique, what the API's `{deviceId}` names. */
  deviceId: string;
  /** Display name; `deviceId` until renamed. */
  name: string;
  /** The kind of device it announced (e.g. the board's name). */
  deviceType: string;
  /** The sensors it announced in its last hello. */
  sensors: DeviceSensor[];
  /** Whether it said it can stream camera snapshots. */
  supportsSnapshotStreaming: boolean;
  /** ISO 8601 (UTC). */
  createdAt: string;
  /** ISO 8601 (UTC): creation, or the last hello / activity. */
  lastSeenAt: string;
}

/** The fields of a device that can change. */
export type DevicePatch = Partial<Pick<DeviceRecord, 'name' | 'deviceType' | 'sensors' | 'supportsSnapshotStreaming' | 'lastSeenAt'>>;

/** What the service hands the store for one accepted message. */
export interface NewSample {
  /** The stored file name (`x-file-name`, with a date id when `x-add-date-id` asked for one). */
  fileName: string;
  /** Where it goes: training, testing or anomaly. */
  category: SampleCategory;
  /** `x-label`, else the label inferred from the file name; null with `x-no-label`. */
  label: string | null;
  /** `payload.device_name` of the message, when it has one. */
  deviceName: string | null;
  /** `payload.device_type` of the message (null for a file that is not a message). */
  deviceType: string | null;
  /** How its signature fared. */
  signature: SignatureStatus;
  /** The verifier's code when `signature` is not `valid` (e.g. `E_SIG_MISMATCH`, `E_ALG_NONE`). */
  signatureError: string | null;
  /** Id of the HMAC key that verified the message (null unless `valid`). */
  hmacKeyId: string | null;
  /** Lowercase hex SHA-256 of `raw`. */
  sha256: string;
  /**
   * What `x-disallow-duplicates` compares: the SHA-256 of the body for a plain message; for a multipart
   * body (whose boundary changes per request) a SHA-256 over the message part and the attachments.
   */
  dedupHash: string;
  /** `protected.iat` (seconds), when the message had one. */
  iat: number | null;
  /** ISO 8601 (UTC). */
  receivedAt: string;
  /** The request's content type, exactly as sent (multipart keeps its boundary). */
  contentType: string;
  /** `json`, `cbor`, … as the verifier reported it (null if unknown). */
  encoding: string | null;
  /** The `x-metadata` object (string → string), or null. */
  metadata: Record<string, string> | null;
  /** The request body exactly as received. */
  raw: Uint8Array;
}

/** A stored sample without its raw bytes. */
export interface SampleRecord extends Omit<NewSample, 'raw'> {
  /** Store-assigned id, increasing with each stored sample. */
  id: number;
  /** Length of the raw body in bytes. */
  bytes: number;
}

/** Options of {@link Store.insertSample}. */
export interface InsertSampleOptions {
  /** Refuse the sample when an identical one (same `dedupHash`) is stored: the result is then `duplicate`. */
  disallowDuplicates?: boolean;
  /**
   * The caller gives up `sample.raw` and holds no other view of its ArrayBuffer: when `raw` spans that
   * whole ArrayBuffer, the store may move it to its writer thread instead of copying it, and `raw`
   * reads as empty afterwards. Otherwise the store copies what it needs, as without this option.
   */
  moveRaw?: boolean;
}

/** What `insertSample` did: stored the sample, or found an identical one already stored (when duplicates are refused). */
export type InsertSampleResult =
  | { status: 'stored'; sample: SampleRecord }
  | { status: 'duplicate'; existingId: number };

/** Which samples `listSamples` returns, newest first. */
export interface SampleQuery {
  /** Only this category; all when absent. */
  category?: SampleCategory;
  /** At most this many (newest first). */
  limit: number;
  /** Skip this many first (paging). */
  offset: number;
}

/** Where keys, devices, settings and samples live. `SqliteStore` and `PostgresStore` implement it; the service only ever uses these methods. */
export interface Store {
  /** Adds a key; a development key takes the flag (and, for API keys, the kept secret) from the previous one. */
  insertKey(key: KeyRecord): Promise<void>;
  /** The key with this id, revoked or not; undefined if none. */
  getKey(id: string): Promise<KeyRecord | undefined>;
  /** Keys, oldest first; revoked keys only with `includeRevoked`. */
  listKeys(filter?: { kind?: KeyKind; includeRevoked?: boolean }): Promise<KeyRecord[]>;
  /** The active API key whose `secretHash` is `secretHash`. */
  findApiKeyByHash(secretHash: string): Promise<KeyRecord | undefined>;
  /** Marks a key revoked (idempotent) and drops its development flag; undefined if no such key. */
  revokeKey(id: string, revokedAt: string): Promise<KeyRecord | undefined>;
  /** Makes an active key the development key of its kind (the caller checks the kind rules). */
  setDevelopmentKey(id: string): Promise<KeyRecord | undefined>;

  /**
   * Records that API key `id` authenticated a request at `usedAt` (ISO 8601). Kept apart from the key
   * itself so that it never invalidates key caches; callers may coalesce calls (last write wins).
   */
  touchKey(id: string, usedAt: string): Promise<void>;
  /** When each API key was last used (key id → ISO 8601); keys never used are absent. */
  listKeyUsage(): Promise<Map<string, string>>;

  /**
   * Creates device `deviceId` (name = `deviceId`, `createdAt` = `lastSeenAt` = `now`, the patch applied
   * over empty defaults) or applies `patch` to the existing one, atomically. Returns the record.
   */
  upsertDevice(deviceId: string, patch: DevicePatch, now: string): Promise<DeviceRecord>;
  /** Applies `patch` to an existing device; undefined when there is no such device. */
  updateDevice(deviceId: string, patch: DevicePatch): Promise<DeviceRecord | undefined>;
  /** The device with this `deviceId`; undefined if none. */
  getDevice(deviceId: string): Promise<DeviceRecord | undefined>;
  /** Devices, oldest first. */
  listDevices(): Promise<DeviceRecord[]>;

  /** A project setting (e.g. the Studio project's id and name; one project per store). */
  getSetting(name: string): Promise<string | undefined>;
  /** Sets a project setting (created or replaced). */
  setSetting(name: string, value: string): Promise<void>;

  /** Stores a sample durably, or reports the stored duplicate. Rejects `E_STORE_UNAVAILABLE`. */
  insertSample(sample: NewSample, options?: InsertSampleOptions): Promise<InsertSampleResult>;
  /** Samples without their raw bytes, newest first, as `query` selects. */
  listSamples(query: SampleQuery): Promise<SampleRecord[]>;
  /** The sample with this id, without its raw bytes; undefined if none. */
  getSample(id: number): Promise<SampleRecord | undefined>;
  /** A sample's body exactly as received, with the request's content type; undefined if none. */
  getSampleRaw(id: number): Promise<{ contentType: string; body: Uint8Array } | undefined>;

  /**
   * Joins the receivers' bus as `options.self` (remote management across receivers): which
   * receiver holds which device, messages between receivers, sample request statuses
   * (`receiver-bus.ts`). PostgreSQL shares it between processes (leases, LISTEN/NOTIFY); SQLite keeps
   * it in this process. Leave with `bus.close()` before closing the store.
   */
  joinReceivers(options: JoinReceiversOptions): Promise<ReceiverBus>;

  /** Finishes pending writes and releases the store. */
  close(): Promise<void>;
}
