/**
 * The receivers' bus: what lets remote management work across receivers on one store. A
 * device holds one WebSocket to one receiver; a Studio API request for it may arrive at any other.
 * Each receiver joins the bus with its {@link ReceiverIdentity}; the store then records which receiver
 * holds which device (a *claim*), carries small messages from one receiver to another, and keeps the
 * status of sample requests where every receiver can read it.
 *
 * `Store.joinReceivers()` returns the bus:
 * - PostgreSQL (`postgres-receiver-bus.ts`): claims in `edgesign_device_connections`, valid while the
 *   holding receiver renews its lease in `edgesign_receivers`; messages by NOTIFY on a channel per
 *   receiver; sample request statuses in `edgesign_sample_requests`.
 * - SQLite (`in-process-receiver-bus.ts`): one process, so all of it lives in memory, and the same
 *   remote-management code runs on it unchanged.
 *
 * Delivery is at most once: a message can be lost (PostgreSQL restarted, the listening connection
 * broken, the receiver killed). Callers never wait without a deadline.
 * @module
 */

/** A receiver process (one `edgesign serve`) as the other receivers and the device list see it. */
export interface ReceiverIdentity {
  /** Unique for the life of the process: hostname, process id and a random part. */
  id: string;
  /** The machine's host name (os.hostname()). */
  hostname: string;
  /** The remote management URL the receiver advertises (`ws://HOST:PORT`), or null. */
  url: string | null;
}

/** A device connected to remote management, and the receiver holding its WebSocket. */
export interface DeviceConnectionRecord {
  /** The device's own id (its hello's `deviceId`). */
  deviceId: string;
  /** One per WebSocket session: a stale session's release never removes a newer claim. */
  sessionId: string;
  /** The receiver holding the device's WebSocket. */
  receiver: ReceiverIdentity;
  /** The hello's `mode` (v3 devices are `ingestion`). */
  mode: 'ingestion' | 'inference';
  /** The hello's protocol version. */
  version: 3 | 4;
  /** The session's encoding (the hello's). */
  encoding: 'json' | 'cbor';
  /** ISO 8601 (UTC). */
  connectedAt: string;
  /** The device's address as the receiver saw it (`IP:PORT`). */
  remote: string;
}

/** A message between receivers: a JSON object; its JSON text is at most {@link RELAY_MESSAGE_MAX_BYTES}. */
export type RelayMessage = Record<string, unknown>;

/**
 * Largest message, in UTF-8 bytes of its JSON text. PostgreSQL's NOTIFY payloads must stay under
 * 8000 bytes; messages carry ids and short fields only (bigger data goes in tables).
 */
export const RELAY_MESSAGE_MAX_BYTES = 7000;

/** A stored sample request status, and whether the receiver that holds it is still alive. */
export interface StoredSampling {
  /** The status as its holder last stored it (a `SamplingStatus`, as JSON). */
  status: Record<string, unknown>;
  /** The receiver that holds the request (sent it to the device). */
  receiverId: string;
  /** False once the holding receiver stopped renewing its lease (killed, cut off) or left. */
  holderAlive: boolean;
}

/** What `Store.joinReceivers()` needs from the receiver joining. */
export interface JoinReceiversOptions {
  /** The receiver joining (its id must be unique among the receivers of the store). */
  self: ReceiverIdentity;
  /** Called with every message sent to this receiver (in arrival order). */
  onMessage: (message: RelayMessage) => void;
  /**
   * How long a receiver's claims outlive its last lease renewal (default 10 000 ms; renewed every
   * quarter of it). Bounds how long a killed receiver's devices are still shown as connected.
   */
  leaseMs?: number;
  /** Background failures (lease renewal while the database is down, …). */
  onError?: (e: unknown) => void;
}

/** The receivers' bus as one receiver uses it, from `Store.joinReceivers()` until `close()`. */
export interface ReceiverBus {
  /** The receiver that joined. */
  readonly self: ReceiverIdentity;
  /** See {@link JoinReceiversOptions.leaseMs}; Infinity for a single-process store (no one to outlive). */
  readonly leaseMs: number;
  /** True while messages sent to this receiver can arrive (PostgreSQL: its LISTEN connection is up). */
  readonly receiving: boolean;
  /**
   * Records that this receiver now holds the device (the newest hello wins, wherever it arrived).
   * Resolves with the claim it replaced when that one was held by another live receiver (which
   * should then close its stale session), else undefined.
   */
  claimDevice(c: Omit<DeviceConnectionRecord, 'receiver'>): Promise<DeviceConnectionRecord | undefined>;
  /** Drops this receiver's claim on the device if it is still the one of session `sessionId`. */
  releaseDevice(deviceId: string, sessionId: string): Promise<void>;
  /** The live claim on a device (its holder's lease is current), if any. */
  deviceConnection(deviceId: string): Promise<DeviceConnectionRecord | undefined>;
  /** Every live claim, by device id. */
  deviceConnections(): Promise<Map<string, DeviceConnectionRecord>>;
  /**
   * Sends a message to receiver `receiverId` (to itself too). Resolves once handed to the transport;
   * delivery is not confirmed. Rejects `E_STORE_UNAVAILABLE` when it cannot be sent.
   */
  send(receiverId: string, message: RelayMessage): Promise<void>;
  /** A sample request id unique across every receiver of the store. */
  nextSamplingId(): Promise<number>;
  /** Stores (or replaces) the status of sample request `id`, held by this receiver. */
  saveSampling(id: number, deviceId: string, status: Record<string, unknown>): Promise<void>;
  /** The stored status of sample request `id` (written by whichever receiver holds it), if any. */
  getSampling(id: number): Promise<StoredSampling | undefined>;
  /** Leaves: drops this receiver's claims and stops listening. */
  close(): Promise<void>;
}

/** Checks a message's size before it is sent; returns its JSON text. */
export function encodeRelayMessage(message: RelayMessage): string {
  const text = JSON.stringify(message);
  if (Buffer.byteLength(text, 'utf8') > RELAY_MESSAGE_MAX_BYTES) {
    throw new RangeError(`relay message of ${Buffer.byteLength(text, 'utf8')} bytes is over ${RELAY_MESSAGE_MAX_BYTES}`);
  }
  return text;
}

/** The default {@link JoinReceiversOptions.leaseMs}: a killed receiver's devices show as connected for at most 10 s. */
export const DEFAULT_RECEIVER_LEASE_MS = 10_000;
