/**
 * `edgesign-server`: a local Edge Impulse ingestion service (Node only: node:http + SQLite) and the
 * project's keys. Nothing here is reachable from the runtime-neutral main entry.
 *
 * ## Programmatic key management (what `edgesign keys …` calls)
 *
 * ```ts
 * import { openStore, createApiKey, createHmacKey, listKeys, revokeKey, setDevKey, getDevKeys } from 'edgesign-server';
 * const store = openStore();                       // EDGESIGN_DATA_DIR or ./.edgesign
 * const api = await createApiKey(store, { name: 'ci', role: 'ingestiononly', dev: true });
 * //   → { id: 'ak_…', name, role, isDevelopmentKey: true, key: 'ei_…' }   (`key` is shown only here)
 * const hk = await createHmacKey(store, { name: 'devices', dev: true }); // { id: 'hk_…', name, isDevelopmentKey, key: '<32 hex>' }
 * await listKeys(store);                           // { apiKeys: ApiKeyInfo[], hmacKeys: HmacKeyInfo[] } (active; includeRevoked option)
 * await setDevKey(store, hk.id);                   // HMAC keys only (E_DEV_KEY_API for API keys)
 * await revokeKey(store, api.id);                  // either kind, idempotent (E_KEY_NOT_FOUND)
 * await getDevKeys(store);                         // { apiKey: 'ei_…' | null, hmacKey: '…' | null }
 * await requireDevKeys(store, 'hmac');             // throws E_NO_DEV_KEYS with "You don't have any development keys set…"
 * await store.close();
 * ```
 * Errors are `EdgesignError`s: `E_KEY_NAME`, `E_KEY_ROLE`, `E_KEY_FORMAT` (HMAC key not 32 hex
 * characters), `E_KEY_NOT_FOUND`, `E_KEY_REVOKED`, `E_DEV_KEY_API`, `E_NO_DEV_KEYS`,
 * `E_STORE_UNAVAILABLE` (SQLite could not read or commit), `E_STORE_VERSION`.
 *
 * ## The server
 *
 * ```ts
 * const svc = createIngestionServer({ dataDir, port: 0, signaturePolicy: 'reject' });
 * const { url, port } = await svc.listen();  // print `listening on ${url}`
 * await svc.close();                         // stop accepting, drain requests in progress, close the store
 * ```
 *
 * Routes (every refusal is `text/plain` `E_CODE: message`; JSON answers are `application/json`):
 *
 * | route | who | answers |
 * |---|---|---|
 * | `POST /api/{training,testing,anomaly}/data` | admin, ingestion_deployment, ingestiononly | 200 file name (text/plain), after the durable commit |
 * | `POST /api/{training,testing,anomaly}/files` | admin, ingestion_deployment, ingestiononly | `{success, files:[{success, fileName, sampleId} \| {success:false, fileName, error}]}` (multipart, one sample per file; non-messages stored `unsigned` unless `refuseUnsignedFiles`) |
 * | `GET /api/samples?category=&limit=&offset=` | any valid key | `{"samples":[{id,fileName,category,label,deviceName,deviceType,signature,hmacKeyId,sha256,iat,receivedAt,bytes}]}` newest first; limit ≤ 100000 (default 100) |
 * | `GET /api/samples/:id` | any valid key | `{"sample":{…the above, signatureError, contentType, encoding, metadata}}` |
 * | `GET /api/samples/:id/raw` | any valid key | the body exactly as received, with its content type |
 * | `GET /api/keys` · `POST /api/keys` `{name, role, isDevelopmentKey?}` | admin | `{"apiKeys":[…]}` · `{id,name,role,isDevelopmentKey,key}` |
 * | `DELETE /api/keys/:id` | admin | the revoked key (409 `E_LAST_ADMIN` for the last active admin key) |
 * | `GET /api/hmackeys` · `POST /api/hmackeys` `{name, isDevelopmentKey?, hmacKey?}` | admin | `{"hmacKeys":[…]}` · `{id,name,isDevelopmentKey,key}` |
 * | `DELETE /api/hmackeys/:id` · `POST /api/hmackeys/:id/set-dev` | admin | the key |
 * | `GET /api/devkeys` | admin | `{"apiKey": "ei_…" \| null, "hmacKey": "…" \| null}` |
 *
 * Ingestion statuses, in the order they are checked:
 * - 401 `E_API_KEY_MISSING` (no `x-api-key`) / `E_API_KEY_INVALID` (unknown or revoked); 403 `E_FORBIDDEN` (readonly);
 * - 421 `E_HEADER_MISSING`: the required headers are `x-api-key` (401 when absent, as Edge Impulse
 *   documents), `content-type` and `x-file-name` (Edge Impulse's older docs call it required, every
 *   official client sends it, and the stored file name and the inferred label come from it);
 * - 415 `E_UNSUPPORTED_MEDIA_TYPE`: not `application/json`, `application/cbor`, `application/octet-stream`
 *   (CBOR + binary tail) or `multipart/form-data`;
 * - 400 `E_HEADER_INVALID` (bad URI encoding of `x-file-name`/`x-label`, a label over 256 characters or
 *   with control characters), `E_METADATA` (`x-metadata` not a JSON object of strings);
 * - 413 `E_TOO_LARGE`: body over `maxBytes` (default 16 MiB), by `content-length` before reading or while streaming;
 * - 503 `E_BUSY` (with `retry-after: 1`): the upload bytes held at once would pass `maxBytesInFlight`;
 * - 400 `E_MULTIPART` (not a strict RFC 7578 body: preamble, epilogue, a part without form-data
 *   disposition…), `E_MESSAGE_MISSING`, `E_PART_UNEXPECTED` (a part that is neither the message nor an
 *   attachment it references);
 * - 400 with the verifier's code: malformed (`E_JSON_PARSE`, `E_CBOR_PARSE`, `E_SCHEMA`, …), bad or missing
 *   signature (`E_SIG_MISMATCH`, `E_SIG_FORMAT`, `E_SIG_MISSING`, `E_SIG_PLACEHOLDER`, `E_NO_KEY`),
 *   unsigned under `reject` (`E_ALG_NONE`), `iat` outside `maxAgeSeconds` (`E_STALE`, `E_FUTURE`), no `iat`
 *   with `requireIat` (`E_IAT_MISSING`); under `reject` a wrong tag is `E_SIG_MISMATCH` before any value is
 *   parsed, even for an otherwise malformed message;
 *   attachments: `E_ATTACHMENT_MISSING`, `E_ATTACHMENT_LENGTH`, `E_ATTACHMENT_SIG_MISMATCH`, …;
 * - 409 `E_DUPLICATE` with `x-disallow-duplicates: 1` (or the server's `disallowDuplicates`) when an identical body is stored;
 * - 503 `E_STORE_UNAVAILABLE` (with `retry-after: 1`) when the store cannot commit: nothing was stored.
 * Other answers: 404 `E_NOT_FOUND`, 405 `E_METHOD_NOT_ALLOWED`, 500 `E_INTERNAL`.
 *
 * Headers: `x-label` (URI-decoded) else a label inferred from the file name (`^[a-zA-Z0-9\s_-]+`,
 * `idle.01.json` → `idle`) unless `x-no-label: 1`; `x-add-date-id: 1` inserts a unique id before the
 * extension (`idle.01.<id>.json`); `x-metadata` is kept with the sample. Under `signaturePolicy: 'flag'`
 * bad and missing signatures are stored with `signature: 'invalid'` / `'unsigned'` instead of refused.
 * Duplicates are compared by SHA-256 of the body (for multipart: of the message and attachment parts,
 * since the boundary changes per request); `sha256` in the listing is always that of the raw body.
 *
 * ## Storage
 *
 * `SqliteStore` keeps everything in `<dataDir>/edgesign.db` (directory 0700, files 0600 from the first
 * byte, loose modes tightened at open; WAL, `synchronous=FULL`).
 * Samples are written by a worker thread that group-commits whatever arrived during the previous
 * commit's fsync, so a 200 always follows a durable commit without stalling the event loop; reads and
 * key changes use the main connection, and keys are cached behind a version counter that a trigger
 * bumps on every key change (so `edgesign keys revoke` in another process takes effect on the next
 * request). Any other database can stand behind the {@link Store} interface (`store.ts` states the
 * contract). `PostgresStore.open(url)` is the server store for many receivers on one PostgreSQL
 * (`postgres-store.ts`; deployment in https://github.com/edgesign/edgesign/blob/main/docs/scaling.md); `openStoreAt(resolveStoreLocation(…))` picks
 * either from `--store` / `EDGESIGN_STORE` / `DATABASE_URL`. `store.execOnWriter(sql)` runs SQL on the writer's connection (tests use it for
 * per-connection pragmas such as `max_page_count`).
 * @module
 */
export {
  createIngestionServer,
  defaultDataDir,
  inferLabel,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_BYTES_IN_FLIGHT,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_PORT,
  type IngestionServer,
  type IngestionServerOptions,
  type SignaturePolicy,
} from './http.js';
export {
  API_KEY_ROLES,
  INGESTION_ROLES,
  NO_DEV_KEYS_MESSAGE,
  activeHmacKeys,
  authenticateApiKey,
  checkApiKey,
  isExpired,
  createApiKey,
  createHmacKey,
  getDevKeys,
  hashApiKeySecret,
  isApiKeyRole,
  keyInfo,
  listKeys,
  missingDevKeysMessage,
  requireDevKeys,
  revokeKey,
  setDevKey,
  type ApiKeyInfo,
  type ApiKeyRefusal,
  type CreatedApiKey,
  type CreatedHmacKey,
  type DevKeys,
  type HmacKeyInfo,
} from './keys.js';
export { SqliteStore, DB_FILE_NAME, type SqliteStoreOptions } from './sqlite-store.js';
export { PostgresStore, isPostgresUrl, redactUrl, type PostgresStoreOptions } from './postgres-store.js';
export { describeLocation, locationOf, openStoreAt, resolveStoreLocation, type StoreLocation } from './store-location.js';
export type {
  ApiKeyRole,
  DevicePatch,
  DeviceRecord,
  DeviceSensor,
  InsertSampleOptions,
  InsertSampleResult,
  KeyKind,
  KeyRecord,
  NewSample,
  SampleCategory,
  SampleQuery,
  SampleRecord,
  SignatureStatus,
  Store,
} from './store.js';
// Remote management across receivers: the store's receivers' bus (Store.joinReceivers).
export {
  DEFAULT_RECEIVER_LEASE_MS,
  RELAY_MESSAGE_MAX_BYTES,
  type DeviceConnectionRecord,
  type JoinReceiversOptions,
  type ReceiverBus,
  type ReceiverIdentity,
  type RelayMessage,
  type StoredSampling,
} from './receiver-bus.js';

import { defaultDataDir } from './http.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';

/**
 * Opens (creating if needed) the SQLite store in `dataDir` (default `EDGESIGN_DATA_DIR`, else
 * `./.edgesign`). Several processes may open the same store (WAL): e.g. `edgesign keys …` while
 * `edgesign serve` runs; key changes take effect on the server's next request.
 */
export function openStore(dataDir: string = defaultDataDir(), options?: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(dataDir, options);
}

// Edge Impulse's Studio API and remote management next to ingestion, on one store.
export { createPlatform, type Platform, type PlatformOptions, type PlatformUrls } from '../platform.js';
export { createStudioServer, DEFAULT_STUDIO_PORT, type StudioServer, type StudioServerOptions } from '../studio/studio-server.js';
export {
  createRemoteManagementServer,
  DEFAULT_REMOTE_MANAGEMENT_PORT,
  type Connection,
  type RemoteManagementServer,
  type RemoteManagementOptions,
  type SampleOrder,
} from '../remote-management/remote-management-server.js';
export type { SamplingStatus } from '../remote-management/sampling.js';
export { connectSimulatedDevice, type SimulatedDevice, type SimulatedDeviceOptions } from '../remote-management/simulated-device.js';
