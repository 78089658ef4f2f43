/**
 * The receivers' bus on PostgreSQL (schema 2, `postgres-migrations.ts`), for remote management across
 * any number of receivers on one database:
 *
 * - **Leases.** Each receiver has a row in `edgesign_receivers` whose `lease_until` it pushes
 *   `leaseMs` ahead of the database's clock every `leaseMs / 4` (every 250 ms while the database is
 *   unreachable, so that it is renewed as soon as the database is back). Claims on devices
 *   (`edgesign_device_connections`) count only while their receiver's lease is current, so a receiver
 *   that is SIGKILLed or cut off stops being shown as holding its devices at most `leaseMs` after its
 *   last renewal (default 10 s). A receiver that renews after its lease ran out (the database was
 *   unreachable) claims its live sessions again, unless another receiver took the device meanwhile.
 *   Leaving (`close()`) deletes the row and, by cascade, its claims at once.
 * - **Messages.** A receiver LISTENs on its own channel, `edgesign_rx_` + 32 hex characters of the
 *   SHA-256 of its id, on the shared LISTEN connection (`postgres-listener.ts`); others send with
 *   `pg_notify(channel, json)`. PostgreSQL delivers a notification when the sending transaction
 *   commits, at most once, and loses it if the listener's connection is down; payloads stay under
 *   NOTIFY's 8000-byte limit (`RELAY_MESSAGE_MAX_BYTES`). A message to oneself never leaves the process.
 * - **Sample requests.** Ids come from the `edgesign_sampling_ids` sequence; statuses are JSON rows in
 *   `edgesign_sample_requests` written by the holding receiver, read by any. Pruned after a day;
 *   receivers gone for an hour are pruned with their claims.
 * @module
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { postgresUnavailable } from './postgres-errors.js';
import type { PostgresListener } from './postgres-listener.js';
import { RECEIVER_CHANNEL_PREFIX } from './postgres-migrations.js';
import {
  DEFAULT_RECEIVER_LEASE_MS,
  encodeRelayMessage,
  type DeviceConnectionRecord,
  type JoinReceiversOptions,
  type ReceiverBus,
  type RelayMessage,
} from './receiver-bus.js';

/** The NOTIFY channel of receiver `id` (a plain identifier whatever the id holds). */
export function receiverChannel(id: string): string {
  return RECEIVER_CHANNEL_PREFIX + createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32);
}

/** Pruning runs on one lease renewal in this many (about once a minute with the default lease). */
const PRUNE_EVERY = 24;
/** After a failed renewal (database unreachable), the next attempt comes this soon. */
const RETRY_MS = 250;

interface ConnectionRow {
  device_id: string;
  session_id: string;
  receiver_id: string;
  hostname: string;
  url: string | null;
  mode: 'ingestion' | 'inference';
  version: 3 | 4;
  encoding: 'json' | 'cbor';
  connected_at: string;
  remote: string;
}

const LIVE_CONNECTIONS =
  'SELECT c.device_id, c.session_id, c.receiver_id, r.hostname, r.url, c.mode, c.version, c.encoding, c.connected_at, c.remote ' +
  'FROM edgesign_device_connections c JOIN edgesign_receivers r ON r.id = c.receiver_id WHERE r.lease_until > now()';

function connectionFromRow(r: ConnectionRow): DeviceConnectionRecord {
  return {
    deviceId: r.device_id,
    sessionId: r.session_id,
    receiver: { id: r.receiver_id, hostname: r.hostname, url: r.url },
    mode: r.mode,
    version: r.version,
    encoding: r.encoding,
    connectedAt: r.connected_at,
    remote: r.remote,
  };
}

/** Joins the bus as `options.self`: registers the receiver with its lease and LISTENs on its channel. */
export async function joinPostgresReceivers(pool: pg.Pool, listener: PostgresListener, options: JoinReceiversOptions): Promise<ReceiverBus> {
  const self = { ...options.self };
  const leaseMs = options.leaseMs ?? DEFAULT_RECEIVER_LEASE_MS;
  const onError = options.onError ?? (() => {});
  const channel = receiverChannel(self.id);
  /** This receiver's claims, to claim again after its lease ran out. */
  const held = new Map<string, Omit<DeviceConnectionRecord, 'receiver'>>();
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let renewals = 0;
  let failing = false;

  const q = async <R extends pg.QueryResultRow>(what: string, text: string, values: unknown[]): Promise<pg.QueryResult<R>> => {
    try {
      return await pool.query<R>(text, values);
    } catch (e) {
      throw postgresUnavailable(e, what);
    }
  };

  /** Pushes the lease ahead; true when it was still current (or the row is new: nothing to reclaim). */
  async function renew(): Promise<boolean> {
    const { rows } = await q<{ was_live: boolean | null }>(
      'could not renew the receiver lease',
      // Both parts of the statement see the row as it was before the upsert.
      'WITH old AS (SELECT lease_until > now() AS live FROM edgesign_receivers WHERE id = $1) ' +
        'INSERT INTO edgesign_receivers (id, hostname, url, lease_until) VALUES ($1, $2, $3, now() + make_interval(secs => $4::float8 / 1000)) ' +
        'ON CONFLICT (id) DO UPDATE SET lease_until = excluded.lease_until, url = excluded.url RETURNING (SELECT live FROM old) AS was_live',
      [self.id, self.hostname, self.url, leaseMs],
    );
    return rows[0]?.was_live === true;
  }

  async function claim(c: Omit<DeviceConnectionRecord, 'receiver'>, onlyIfFree: boolean): Promise<ConnectionRow | undefined> {
    const { rows } = await q<ConnectionRow>(
      'could not record the device connection',
      'WITH prev AS (' +
        'SELECT c.device_id, c.session_id, c.receiver_id, r.hostname, r.url, c.mode, c.version, c.encoding, c.connected_at, c.remote, r.lease_until > now() AS live ' +
        'FROM edgesign_device_connections c JOIN edgesign_receivers r ON r.id = c.receiver_id WHERE c.device_id = $1), ' +
        'up AS (INSERT INTO edgesign_device_connections (device_id, session_id, receiver_id, mode, version, encoding, connected_at, remote) ' +
        'VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (device_id) DO UPDATE SET session_id = excluded.session_id, receiver_id = excluded.receiver_id, ' +
        'mode = excluded.mode, version = excluded.version, encoding = excluded.encoding, connected_at = excluded.connected_at, remote = excluded.remote ' +
        // Reclaiming after a lapsed lease must not take a device another live receiver holds now.
        (onlyIfFree
          ? 'WHERE edgesign_device_connections.receiver_id = $3 OR NOT EXISTS (SELECT 1 FROM edgesign_receivers r WHERE r.id = edgesign_device_connections.receiver_id AND r.lease_until > now()) '
          : '') +
        'RETURNING 1) ' +
        'SELECT * FROM prev WHERE live AND receiver_id <> $3 AND EXISTS (SELECT 1 FROM up)',
      [c.deviceId, c.sessionId, self.id, c.mode, c.version, c.encoding, c.connectedAt, c.remote],
    );
    return rows[0];
  }

  async function beat(): Promise<void> {
    let next = leaseMs / 4;
    try {
      const wasLive = await renew();
      if (!wasLive) for (const c of held.values()) await claim(c, true);
      if (++renewals % PRUNE_EVERY === 0) {
        await q('could not prune receivers', "DELETE FROM edgesign_receivers WHERE lease_until < now() - interval '1 hour'", []);
        await q('could not prune sample requests', "DELETE FROM edgesign_sample_requests WHERE updated_at < now() - interval '1 day'", []);
      }
      failing = false;
    } catch (e) {
      // Told once per outage, not at every retry.
      if (!failing) onError(e);
      failing = true;
      // The database is unreachable: renew as soon as it is back, before the lease runs out.
      next = Math.min(next, RETRY_MS);
    }
    if (!closed) {
      timer = setTimeout(() => void beat(), next);
      timer.unref();
    }
  }

  await renew();
  await listener.subscribe(channel, (payload) => {
    let m: unknown;
    try {
      m = JSON.parse(payload);
    } catch {
      return onError(new Error(`unreadable relay message on ${channel}`));
    }
    if (typeof m === 'object' && m !== null && !Array.isArray(m)) options.onMessage(m as RelayMessage);
  });
  timer = setTimeout(() => void beat(), leaseMs / 4);
  timer.unref();

  return {
    self,
    leaseMs,
    get receiving() {
      return !closed && listener.listening;
    },
    async claimDevice(c) {
      const prev = await claim(c, false);
      held.set(c.deviceId, { ...c });
      return prev ? connectionFromRow(prev) : undefined;
    },
    async releaseDevice(deviceId, sessionId) {
      if (held.get(deviceId)?.sessionId === sessionId) held.delete(deviceId);
      await q('could not record the device disconnection', 'DELETE FROM edgesign_device_connections WHERE device_id = $1 AND session_id = $2 AND receiver_id = $3', [
        deviceId,
        sessionId,
        self.id,
      ]);
    },
    async deviceConnection(deviceId) {
      const { rows } = await q<ConnectionRow>('could not read device connections', `${LIVE_CONNECTIONS} AND c.device_id = $1`, [deviceId]);
      return rows[0] ? connectionFromRow(rows[0]) : undefined;
    },
    async deviceConnections() {
      const { rows } = await q<ConnectionRow>('could not read device connections', LIVE_CONNECTIONS, []);
      return new Map(rows.map((r) => [r.device_id, connectionFromRow(r)]));
    },
    async send(receiverId, message) {
      const text = encodeRelayMessage(message);
      if (receiverId === self.id) {
        setImmediate(() => options.onMessage(JSON.parse(text) as RelayMessage));
        return;
      }
      await q('could not send to the other receiver', 'SELECT pg_notify($1, $2)', [receiverChannel(receiverId), text]);
    },
    async nextSamplingId() {
      const { rows } = await q<{ id: number }>('could not number the sample request', "SELECT nextval('edgesign_sampling_ids') AS id", []);
      return rows[0]!.id;
    },
    async saveSampling(id, deviceId, status) {
      await q(
        'could not store the sample request',
        'INSERT INTO edgesign_sample_requests (id, device_id, receiver_id, status) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = now()',
        [id, deviceId, self.id, JSON.stringify(status)],
      );
    },
    async getSampling(id) {
      const { rows } = await q<{ status: Record<string, unknown>; receiver_id: string; alive: boolean | null }>(
        'could not read the sample request',
        'SELECT s.status, s.receiver_id, r.lease_until > now() AS alive FROM edgesign_sample_requests s LEFT JOIN edgesign_receivers r ON r.id = s.receiver_id WHERE s.id = $1',
        [id],
      );
      const r = rows[0];
      return r ? { status: r.status, receiverId: r.receiver_id, holderAlive: r.alive === true } : undefined;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      held.clear();
      await listener.unsubscribe(channel);
      // The claims go with the row (ON DELETE CASCADE): this receiver's devices are disconnected at once.
      await q('could not leave', 'DELETE FROM edgesign_receivers WHERE id = $1', [self.id]).catch(onError);
    },
  };
}
