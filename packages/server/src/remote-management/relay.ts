/**
 * Sample requests between receivers, over the store's receivers' bus (`service/receiver-bus.ts`): the
 * receiver a Studio API request arrived at (the *requester*) asks the receiver holding the device's
 * WebSocket (the *holder*, possibly itself) to send it the sample request, and gets the same answer
 * a local call would give — the request's status, or an `EdgesignError` with the same code.
 *
 * Messages (JSON, ids and short fields only: they travel as PostgreSQL notifications, under 8000 bytes):
 * - `{t:'sample', rid, from, device, order}` requester → holder;
 * - `{t:'taken', rid}` holder → requester, at once: the holder is alive and got the message;
 * - `{t:'result', rid, ok:true, status}` or `{t:'result', rid, ok:false, code, message, notHere?}`;
 *   `notHere`: the device is not connected to the holder (it disconnected or moved meanwhile), so the
 *   requester looks the holder up again once;
 * - `{t:'moved', device, session}` new holder → old holder: close that stale session.
 *
 * Delivery is at most once, so the requester never waits without a deadline: `taken` must come within
 * `relayTimeoutMs` (else `E_RELAY_TIMEOUT`: the holder stopped, or the notification was lost to a
 * database restart), the result within the device's own deadline plus `relayTimeoutMs` more.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { EdgesignError, isEdgesignError, isErrorCode } from 'edgesign';
import type { ReceiverBus, ReceiverIdentity, RelayMessage } from '../service/receiver-bus.js';
import type { SamplingStatus } from './sampling.js';

/** What a sample request asks for (the Studio API's start-sampling body, checked). */
export interface RelayedOrder {
  category: 'training' | 'testing' | 'anomaly';
  label: string;
  lengthMs: number;
  intervalMs: number;
  sensor?: string | undefined;
}

/** Thrown by the holder's handler when the device has no session here. */
export class DeviceNotHere extends Error {}

export interface RelayHandlers {
  /** Holder side: sends the request to the local device; throws `EdgesignError` or {@link DeviceNotHere}. */
  sample(deviceId: string, order: RelayedOrder): Promise<SamplingStatus>;
  /** Holder side: the device said hello to another receiver; close session `sessionId` if still open. */
  moved(deviceId: string, sessionId: string): void;
}

export interface RelayOptions {
  bus: ReceiverBus;
  handlers: RelayHandlers;
  /** How long the holder has to confirm it got a message, and the slack on top of the device's deadline (default 5000 ms). */
  relayTimeoutMs: number;
  /** How long the holder waits for the device to take a request (its `ackTimeoutMs`). */
  deviceAckTimeoutMs: number;
  log: (line: string) => void;
}

interface Pending {
  holder: ReceiverIdentity;
  taken: boolean;
  timer: NodeJS.Timeout;
  resolve(status: SamplingStatus | null): void;
  reject(e: Error): void;
}

const str = (v: unknown): v is string => typeof v === 'string';

export class SampleRelay {
  readonly #o: RelayOptions;
  readonly #pending = new Map<string, Pending>();

  constructor(options: RelayOptions) {
    this.#o = options;
  }

  /**
   * Asks `holder` to send the sample request to the device. Resolves with the status, or null when the
   * device is not connected there (the caller may look the holder up again); rejects like a local call.
   */
  request(holder: ReceiverIdentity, deviceId: string, order: RelayedOrder): Promise<SamplingStatus | null> {
    const { bus, relayTimeoutMs } = this.#o;
    if (holder.id !== bus.self.id && !bus.receiving) {
      return Promise.reject(
        new EdgesignError('E_STORE_UNAVAILABLE', `the device is held by receiver ${holder.id}, and this receiver cannot hear its answer right now (its LISTEN connection to the database is down); try again`),
      );
    }
    const rid = randomUUID();
    return new Promise<SamplingStatus | null>((resolve, reject) => {
      const p: Pending = {
        holder,
        taken: false,
        timer: this.#deadline(rid, relayTimeoutMs, `did not take the request within ${relayTimeoutMs} ms: it stopped, or the notification was lost (database restart)`),
        resolve,
        reject,
      };
      this.#pending.set(rid, p);
      const message: RelayMessage = { t: 'sample', rid, from: bus.self.id, device: deviceId, order };
      bus.send(holder.id, message).catch((e: unknown) => this.#settle(rid, (q) => q.reject(e instanceof Error ? e : new Error(String(e)))));
    });
  }

  /** Tells `receiverId` that the device said hello here, so its session `sessionId` is stale. */
  moved(receiverId: string, deviceId: string, sessionId: string): void {
    this.#o.bus.send(receiverId, { t: 'moved', device: deviceId, session: sessionId }).catch((e: unknown) => this.#o.log(`remote management: relay: ${String(e)}`));
  }

  /** Every message sent to this receiver. */
  onMessage(m: RelayMessage): void {
    switch (m['t']) {
      case 'sample':
        if (str(m['rid']) && str(m['from']) && str(m['device']) && typeof m['order'] === 'object' && m['order'] !== null) {
          void this.#serve(m['rid'], m['from'], m['device'], m['order'] as RelayedOrder);
        }
        return;
      case 'taken':
        if (str(m['rid'])) this.#taken(m['rid']);
        return;
      case 'result':
        if (str(m['rid'])) this.#result(m['rid'], m);
        return;
      case 'moved':
        if (str(m['device']) && str(m['session'])) this.#o.handlers.moved(m['device'], m['session']);
        return;
      default:
        this.#o.log(`remote management: relay: unknown message ${JSON.stringify(m['t'])}`);
    }
  }

  /** Rejects every request still waiting (the server is closing). */
  close(): void {
    for (const rid of [...this.#pending.keys()]) this.#settle(rid, (p) => p.reject(new EdgesignError('E_STORE_CLOSED', 'the server is shutting down')));
  }

  /** Holder side: one request from a requester (maybe this receiver). */
  async #serve(rid: string, from: string, deviceId: string, order: RelayedOrder): Promise<void> {
    const reply = (m: RelayMessage) => this.#o.bus.send(from, { ...m, rid }).catch((e: unknown) => this.#o.log(`remote management: relay: cannot answer ${from}: ${String(e)}`));
    await reply({ t: 'taken' });
    try {
      const status = await this.#o.handlers.sample(deviceId, order);
      await reply({ t: 'result', ok: true, status });
    } catch (e) {
      if (e instanceof DeviceNotHere) {
        this.#o.log(`remote management: relay: ${e.message} (request from ${from})`);
        return void (await reply({ t: 'result', ok: false, notHere: true, code: 'E_DEVICE_NOT_CONNECTED', message: e.message }));
      }
      const code = isEdgesignError(e) ? e.code : 'E_INTERNAL';
      // Messages name devices and keys' commands; bounded so the answer always fits a notification.
      const message = (e instanceof Error ? e.message : String(e)).slice(0, 2000);
      await reply({ t: 'result', ok: false, code, message });
    }
  }

  #deadline(rid: string, ms: number, what: string): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.#settle(rid, (p) => p.reject(new EdgesignError('E_RELAY_TIMEOUT', `receiver ${p.holder.id} (${p.holder.url ?? p.holder.hostname}), which holds the device, ${what}`)));
    }, ms);
    t.unref();
    return t;
  }

  #taken(rid: string): void {
    const p = this.#pending.get(rid);
    if (!p || p.taken) return;
    p.taken = true;
    clearTimeout(p.timer);
    const ms = this.#o.deviceAckTimeoutMs + this.#o.relayTimeoutMs;
    p.timer = this.#deadline(rid, ms, `took the request but sent no answer within ${ms} ms: it stopped, or the notification was lost (database restart)`);
  }

  #result(rid: string, m: RelayMessage): void {
    this.#settle(rid, (p) => {
      if (m['ok'] === true) return p.resolve(m['status'] as SamplingStatus);
      if (m['notHere'] === true) return p.resolve(null);
      p.reject(new EdgesignError(isErrorCode(m['code']) ? m['code'] : 'E_INTERNAL', str(m['message']) ? m['message'] : 'the receiver holding the device refused the request'));
    });
  }

  #settle(rid: string, f: (p: Pending) => void): void {
    const p = this.#pending.get(rid);
    if (!p) return;
    this.#pending.delete(rid);
    clearTimeout(p.timer);
    f(p);
  }
}
