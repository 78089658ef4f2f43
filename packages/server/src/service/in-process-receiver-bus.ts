/**
 * The receivers' bus of a single-process store (SQLite): claims, messages and sample request
 * statuses live in memory, shared by every receiver that joined through the same store object.
 * There is usually one; two remote management servers on one `SqliteStore` behave exactly as two
 * receivers on one PostgreSQL database, minus leases (a receiver in this process cannot die without
 * leaving, so claims never expire).
 * @module
 */
import { EdgesignError } from 'edgesign';
import {
  encodeRelayMessage,
  type DeviceConnectionRecord,
  type JoinReceiversOptions,
  type ReceiverBus,
  type ReceiverIdentity,
  type RelayMessage,
  type StoredSampling,
} from './receiver-bus.js';

/** Sample request statuses kept (the newest). */
const KEEP_SAMPLINGS = 1000;

export class InProcessReceiverHub {
  readonly #members = new Map<string, { self: ReceiverIdentity; onMessage: (m: RelayMessage) => void }>();
  readonly #claims = new Map<string, DeviceConnectionRecord>();
  readonly #samplings = new Map<number, StoredSampling>();
  #nextSamplingId = 1;

  join(options: JoinReceiversOptions): ReceiverBus {
    const self = { ...options.self };
    if (this.#members.has(self.id)) throw new EdgesignError('E_INTERNAL', `receiver ${self.id} already joined`);
    this.#members.set(self.id, { self, onMessage: options.onMessage });
    let closed = false;
    const open = () => {
      if (closed) throw new EdgesignError('E_STORE_CLOSED', 'this receiver left the bus');
    };
    return {
      self,
      leaseMs: Infinity,
      get receiving() {
        return !closed;
      },
      claimDevice: async (c) => {
        open();
        const previous = this.#claims.get(c.deviceId);
        this.#claims.set(c.deviceId, { ...c, receiver: self });
        return previous && previous.receiver.id !== self.id ? previous : undefined;
      },
      releaseDevice: async (deviceId, sessionId) => {
        const c = this.#claims.get(deviceId);
        if (c && c.sessionId === sessionId && c.receiver.id === self.id) this.#claims.delete(deviceId);
      },
      deviceConnection: async (deviceId) => {
        const c = this.#claims.get(deviceId);
        return c ? { ...c } : undefined;
      },
      deviceConnections: async () => new Map([...this.#claims].map(([k, c]) => [k, { ...c }])),
      send: async (receiverId, message) => {
        open();
        // Through JSON, as on the wire: the receiver gets a copy, and an oversized message fails here too.
        const text = encodeRelayMessage(message);
        const to = this.#members.get(receiverId);
        // A receiver that is gone gets nothing: the sender's deadline covers it, as with a lost NOTIFY.
        if (to) setImmediate(() => to.onMessage(JSON.parse(text) as RelayMessage));
      },
      nextSamplingId: async () => this.#nextSamplingId++,
      saveSampling: async (id, _deviceId, status) => {
        this.#samplings.delete(id);
        this.#samplings.set(id, { status: structuredClone(status), receiverId: self.id, holderAlive: true });
        if (this.#samplings.size > KEEP_SAMPLINGS) this.#samplings.delete(this.#samplings.keys().next().value!);
      },
      getSampling: async (id) => {
        const s = this.#samplings.get(id);
        return s ? { status: structuredClone(s.status), receiverId: s.receiverId, holderAlive: this.#members.has(s.receiverId) } : undefined;
      },
      close: async () => {
        if (closed) return;
        closed = true;
        this.#members.delete(self.id);
        for (const [k, c] of this.#claims) if (c.receiver.id === self.id) this.#claims.delete(k);
      },
    };
  }
}
