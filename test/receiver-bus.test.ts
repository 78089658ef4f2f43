/**
 * The receivers' bus (service/receiver-bus.ts) as the Store seam offers it, on both backends: two
 * receivers joined on one store location (PostgreSQL: two stores on one real database, as two
 * `edgesign serve` processes would be; SQLite: one store object, its bus being in process). Claims,
 * the newest hello winning, releases that only remove their own session, messages both ways, sample
 * request ids and statuses shared; on PostgreSQL also the lease: a receiver that stops renewing loses
 * its devices within `leaseMs`, and one whose lease lapsed while it was alive claims them again
 * unless another receiver took them meanwhile.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Store } from '../packages/server/src/service/index.js';
import { RELAY_MESSAGE_MAX_BYTES, type ReceiverBus, type RelayMessage } from '../packages/server/src/service/receiver-bus.js';
import { postgresBackend, sqliteBackend, type Backend, type StoreLocationUnderTest } from './helpers/store-backends.js';

const backends: Backend[] = [sqliteBackend, postgresBackend()];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `check` holds (polled every 20 ms), with the time it took; rejects after `ms`. */
async function until(check: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`condition not met within ${ms} ms`);
    await sleep(20);
  }
}

const conn = (deviceId: string, sessionId: string) => ({
  deviceId,
  sessionId,
  mode: 'ingestion' as const,
  version: 4 as const,
  encoding: 'json' as const,
  connectedAt: new Date().toISOString(),
  remote: '127.0.0.1:5000',
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`receivers' bus: ${backend.name}`, () => {
    let loc: StoreLocationUnderTest;
    const stores: Store[] = [];
    const buses: ReceiverBus[] = [];
    beforeAll(() => backend.beforeAll());
    afterAll(() => backend.afterAll());
    beforeEach(async () => {
      loc = await backend.fresh();
    });
    afterEach(async () => {
      for (const b of buses.splice(0)) await b.close();
      for (const s of stores.splice(0)) await s.close();
      await loc.cleanup();
    });

    /** Two receivers on the location, each with its inbox. */
    async function two(leaseMs?: number) {
      const s1 = await loc.open();
      stores.push(s1);
      // SQLite's bus lives in the store object: both receivers join through the same one.
      const s2 = backend.name === 'sqlite' ? s1 : await loc.open();
      if (s2 !== s1) stores.push(s2);
      const inbox: [RelayMessage[], RelayMessage[]] = [[], []];
      const join = (s: Store, i: 0 | 1) =>
        s.joinReceivers({ self: { id: `r${i + 1}-${Math.random()}`, hostname: 'test', url: `ws://127.0.0.1:${1000 + i}` }, onMessage: (m) => inbox[i].push(m), ...(leaseMs ? { leaseMs } : {}) });
      const r1 = await join(s1, 0);
      const r2 = await join(s2, 1);
      buses.push(r1, r2);
      await s1.upsertDevice('dev-1', { deviceType: 't' }, new Date().toISOString());
      return { s1, s2, r1, r2, inbox };
    }

    test('claims: the newest hello wins wherever it arrived; a stale session releases nothing; leaving drops the claims', async () => {
      const { r1, r2 } = await two();
      expect(await r2.deviceConnection('dev-1')).toBeUndefined();
      expect(await r1.claimDevice(conn('dev-1', 's1'))).toBeUndefined();
      const held = await r2.deviceConnection('dev-1');
      expect(held).toMatchObject({ deviceId: 'dev-1', sessionId: 's1', mode: 'ingestion', version: 4, encoding: 'json', receiver: r1.self });
      expect([...(await r2.deviceConnections()).keys()]).toEqual(['dev-1']);

      // The device says hello to r2 while r1 still has its session: r2 is told which one to close.
      const replaced = await r2.claimDevice(conn('dev-1', 's2'));
      expect(replaced).toMatchObject({ sessionId: 's1', receiver: { id: r1.self.id } });
      expect((await r1.deviceConnection('dev-1'))?.receiver.id).toBe(r2.self.id);
      // r1's stale session ends later: its release must not remove r2's claim.
      await r1.releaseDevice('dev-1', 's1');
      expect((await r1.deviceConnection('dev-1'))?.sessionId).toBe('s2');
      // A reconnect to the same receiver replaces nothing elsewhere.
      expect(await r2.claimDevice(conn('dev-1', 's3'))).toBeUndefined();
      await r2.releaseDevice('dev-1', 's3');
      expect(await r1.deviceConnection('dev-1')).toBeUndefined();

      await r1.claimDevice(conn('dev-1', 's4'));
      await r1.close();
      expect(await r2.deviceConnection('dev-1')).toBeUndefined();
    });

    test('messages reach the receiver they are sent to (itself too), in order; oversized ones are refused before sending', async () => {
      const { r1, r2, inbox } = await two();
      await r1.send(r2.self.id, { t: 'a', n: 1 });
      await r1.send(r2.self.id, { t: 'a', n: 2 });
      await r2.send(r1.self.id, { t: 'b', text: 'é'.repeat(100) });
      await r1.send(r1.self.id, { t: 'self' });
      await until(async () => inbox[1].length === 2 && inbox[0].length === 2, 5000);
      expect(inbox[1]).toEqual([
        { t: 'a', n: 1 },
        { t: 'a', n: 2 },
      ]);
      expect(inbox[0]).toEqual(expect.arrayContaining([{ t: 'b', text: 'é'.repeat(100) }, { t: 'self' }]));
      await expect(r1.send(r2.self.id, { t: 'big', text: 'x'.repeat(RELAY_MESSAGE_MAX_BYTES) })).rejects.toThrow(RangeError);
      // A receiver nobody knows: the message is dropped (delivery is at most once; callers time out).
      await r1.send('nobody', { t: 'lost' });
    });

    test('sample request ids are unique across receivers; a status written by its holder is read by the other, and marked when the holder left', async () => {
      const { r1, r2 } = await two();
      const ids = await Promise.all([r1.nextSamplingId(), r2.nextSamplingId(), r1.nextSamplingId(), r2.nextSamplingId()]);
      expect(new Set(ids).size).toBe(4);
      await r1.saveSampling(ids[0]!, 'dev-1', { id: ids[0], state: 'in-progress', events: [] });
      await r1.saveSampling(ids[0]!, 'dev-1', { id: ids[0], state: 'in-progress', events: ['sampleStarted'] });
      expect(await r2.getSampling(ids[0]!)).toEqual({ status: { id: ids[0], state: 'in-progress', events: ['sampleStarted'] }, receiverId: r1.self.id, holderAlive: true });
      expect(await r2.getSampling(ids[1]!)).toBeUndefined();
      await r1.close();
      expect((await r2.getSampling(ids[0]!))?.holderAlive).toBe(false);
    });

    if (backend.name === 'postgres') {
      test('a receiver that stops renewing its lease (killed) no longer holds its devices within leaseMs', async () => {
        const leaseMs = 1000;
        const { s1, r1, r2 } = await two(leaseMs);
        await r1.claimDevice(conn('dev-1', 's1'));
        expect(await r2.deviceConnection('dev-1')).toBeDefined();
        // r1's database connections go away without leaving the bus (as when its process is killed):
        // its renewals fail from now on, and its claim stays in the table.
        const t0 = Date.now();
        await s1.close();
        const gone = await until(async () => (await r2.deviceConnection('dev-1')) === undefined, leaseMs + 2000);
        console.log(`lease ${leaseMs} ms: the device of a receiver that stopped renewing was shown disconnected after ${Date.now() - t0} ms`);
        expect(gone).toBeLessThanOrEqual(leaseMs + 500);
      });

      test('a receiver whose lease lapsed while alive (database unreachable) claims its devices again, but not one another receiver took', async () => {
        const leaseMs = 800;
        const { s1, r1, r2 } = await two(leaseMs);
        await s1.upsertDevice('dev-2', { deviceType: 't' }, new Date().toISOString());
        await r1.claimDevice(conn('dev-1', 's1'));
        await r1.claimDevice(conn('dev-2', 's1b'));
        await loc.sql("UPDATE edgesign_receivers SET lease_until = now() - interval '1 second' WHERE id = $1", [r1.self.id]);
        expect(await r2.deviceConnections()).toEqual(new Map());
        // Meanwhile dev-2 said hello to r2.
        await r2.claimDevice(conn('dev-2', 's2'));
        await until(async () => (await r2.deviceConnection('dev-1'))?.receiver.id === r1.self.id, leaseMs + 2000);
        expect((await r2.deviceConnection('dev-2'))?.receiver.id).toBe(r2.self.id);
      });
    }
  });
}
