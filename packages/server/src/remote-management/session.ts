/**
 * One device's WebSocket session: the hello (authenticated with the project's API keys; the answer is
 * the first message the server sends, in the hello's encoding, and the session keeps that encoding),
 * then the device's progress messages for the sample requests it is sent.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { INGESTION_ROLES, checkApiKey } from '../service/keys.js';
import type { Store } from '../service/store.js';
import { decodeFrame, encodeMessage, type WireEncoding } from './codec.js';
import { parseDeviceMessage, parseHello, type DeviceEvent, type Hello } from './messages.js';

export interface SessionHost {
  store: Store;
  /** Milliseconds since the epoch. */
  now: () => number;
  helloTimeoutMs: number;
  log: (line: string) => void;
  /** A device passed its hello: register it (replacing an older session of the same device). */
  attach(session: DeviceSession): Promise<void>;
  /** The session ended (after `attach`). */
  detach(session: DeviceSession, reason: string): void;
  /** A device message other than the hello. */
  event(session: DeviceSession, ev: DeviceEvent): void;
}

/** Why a hello is refused, as the device is told (`{hello:false, err}`). */
function refusalFor(reason: 'unknown' | 'expired' | 'role', role?: string): string {
  if (reason === 'expired') return 'Invalid API key: this API key has expired';
  if (reason === 'role') return `API key role "${role}" may not connect to remote management (admin, ingestion_deployment or ingestiononly can)`;
  return 'Invalid API key: unknown or revoked';
}

export class DeviceSession {
  /** This WebSocket session's id (the receivers' bus tells sessions of one device apart by it). */
  readonly sessionId = randomUUID();
  hello: Hello | null = null;
  encoding: WireEncoding | null = null;
  connectedAt: string | null = null;
  /** The last snapshot frame the device streamed (base64 JPEG), if any. */
  lastSnapshot: { frame: string; fileName: string | null; at: string } | null = null;
  #closed = false;
  #helloSeen = false;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: WebSocket,
    readonly remote: string,
    private readonly host: SessionHost,
  ) {
    const t = setTimeout(() => {
      if (!this.hello) this.close(1008, 'no hello within the time limit');
    }, host.helloTimeoutMs);
    t.unref();
    socket.on('message', (data, isBinary) => {
      // Messages are handled one after the other (the hello's key check is async).
      this.#queue = this.#queue.then(() => this.#onFrame(data as Buffer, isBinary)).catch((e: unknown) => host.log(`remote management: ${String(e)}`));
    });
    socket.on('close', () => {
      clearTimeout(t);
      this.#closed = true;
      if (this.hello) host.detach(this, 'the device disconnected');
    });
    socket.on('error', (e) => host.log(`remote management: socket error from ${remote}: ${e.message}`));
  }

  get deviceId(): string | undefined {
    return this.hello?.deviceId;
  }

  get open(): boolean {
    return !this.#closed && this.socket.readyState === this.socket.OPEN;
  }

  /** Sends a message in the session's encoding. */
  send(message: Record<string, unknown>): void {
    if (!this.open || this.encoding === null) return;
    const frame = encodeMessage(message, this.encoding);
    this.socket.send(frame, { binary: typeof frame !== 'string' });
  }

  close(code = 1000, reason = ''): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(code, reason.slice(0, 120));
  }

  async #onFrame(data: Buffer, isBinary: boolean): Promise<void> {
    if (this.#closed) return;
    const decoded = decodeFrame(data, isBinary);
    if (!this.#helloSeen) {
      this.#helloSeen = true;
      this.encoding = decoded.encoding;
      if (!decoded.ok) return this.#refuse(decoded.error);
      return this.#onHello(decoded.message);
    }
    if (!this.hello) return; // refused: the socket is closing
    if (!decoded.ok) {
      this.host.log(`remote management: ${this.hello.deviceId}: unreadable message (${decoded.error})`);
      return;
    }
    const ev = parseDeviceMessage(decoded.message);
    // Edge Impulse's client waits for this answer before it sends the next inference record.
    if (ev.kind === 'impulseRecord') this.send({ impulseRecordAck: true });
    if (ev.kind === 'snapshotFrame') this.lastSnapshot = { frame: ev.frame, fileName: ev.fileName, at: new Date(this.host.now()).toISOString() };
    this.host.event(this, ev);
  }

  async #onHello(message: unknown): Promise<void> {
    const parsed = parseHello(message);
    if (!parsed.ok) return this.#refuse(parsed.error);
    const hello = parsed.hello;
    const key = await checkApiKey(this.host.store, hello.apiKey, this.host.now);
    if (!key.ok) return this.#refuse(refusalFor(key.reason));
    if (!INGESTION_ROLES.includes(key.key.role)) return this.#refuse(refusalFor('role', key.key.role));
    if (this.#closed) return;
    this.hello = hello;
    this.connectedAt = new Date(this.host.now()).toISOString();
    try {
      await this.host.attach(this);
    } catch (e) {
      this.hello = null;
      return this.#refuse(`the server could not register the device: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.send({ hello: true, serverTimestamp: this.host.now() });
    this.host.log(`remote management: device ${hello.deviceId} (${hello.deviceType}) connected from ${this.remote}, protocol v${hello.version}, ${this.encoding}`);
  }

  #refuse(err: string): void {
    this.host.log(`remote management: hello from ${this.remote} refused: ${err}`);
    this.send({ hello: false, err });
    this.close(1008, 'hello refused');
  }
}
