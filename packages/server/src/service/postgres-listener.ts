/**
 * One dedicated PostgreSQL connection per receiver that LISTENs on every channel the receiver cares
 * about (key changes, messages from other receivers), and reconnects by itself. Notifications are
 * delivered when the notifying transaction commits; while this connection is down they are lost,
 * so every user has its own fallback (the key cache re-checks a version; relayed requests time out)
 * and is told when the connection comes back (`onConnect`) or goes away (`onLost`). Reconnects are
 * tried 250 ms, 500 ms, then every 1 s.
 * @module
 */
import pg from 'pg';

/** Reconnect attempts start 250 ms apart and double up to this. */
const MAX_RECONNECT_DELAY_MS = 1000;

export class PostgresListener {
  readonly #config: pg.ClientConfig;
  readonly #channels = new Map<string, (payload: string) => void>();
  readonly #onConnect: Array<() => void> = [];
  readonly #onLost: Array<() => void> = [];
  #client: pg.Client | null = null;
  #reconnectDelay = 250;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #closed = false;
  /** True while the LISTEN connection is up. */
  listening = false;

  constructor(config: pg.ClientConfig) {
    this.#config = config;
  }

  /** Delivers notifications on `channel` (a plain lowercase identifier) to `handler`; LISTENs at once when connected. */
  async subscribe(channel: string, handler: (payload: string) => void): Promise<void> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new RangeError(`not a plain channel name: ${channel}`);
    this.#channels.set(channel, handler);
    // If the LISTEN fails the connection is broken: the reconnect LISTENs on every channel again.
    if (this.#client) await this.#client.query(`LISTEN ${channel}`).catch(() => {});
  }

  async unsubscribe(channel: string): Promise<void> {
    this.#channels.delete(channel);
    if (this.#client) await this.#client.query(`UNLISTEN ${channel}`).catch(() => {});
  }

  onConnect(f: () => void): void {
    this.#onConnect.push(f);
  }

  onLost(f: () => void): void {
    this.#onLost.push(f);
  }

  /** Connects (reconnecting by itself afterwards). Resolves once the first attempt settled. */
  start(): Promise<void> {
    return this.#connect();
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client(this.#config);
    const lost = () => {
      if (this.#client !== client && this.#client !== null) return;
      const wasUp = this.#client === client;
      this.#client = null;
      this.listening = false;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      if (wasUp) for (const f of this.#onLost) f();
      this.#scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => this.#channels.get(n.channel)?.(n.payload ?? ''));
    try {
      await client.connect();
      for (const channel of this.#channels.keys()) await client.query(`LISTEN ${channel}`);
    } catch {
      client.removeAllListeners('end');
      client.end().catch(() => {});
      this.#scheduleReconnect();
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.listening = true;
    this.#reconnectDelay = 250;
    for (const f of this.#onConnect) f();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer) return;
    const delay = this.#reconnectDelay;
    // Capped low: every notification sent while this connection is down is lost (relayed requests
    // answer 503 or time out meanwhile), and an attempt costs one connect.
    this.#reconnectDelay = Math.min(MAX_RECONNECT_DELAY_MS, delay * 2);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      void this.#connect();
    }, delay);
    this.#reconnectTimer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    const c = this.#client;
    this.#client = null;
    this.listening = false;
    if (c) {
      c.removeAllListeners('end');
      await c.end().catch(() => {});
    }
  }
}
