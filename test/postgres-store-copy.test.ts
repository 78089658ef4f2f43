/**
 * `edgesign store copy --from DIR --to postgres://…` (the built CLI): a project made on the embedded
 * SQLite store — keys of both kinds, revoked, expiring and development keys, key usage, devices, a
 * setting, samples including duplicates and every byte value — lands in PostgreSQL with the same ids and records, verified by hashes, and keeps
 * working there: the same API and HMAC keys ingest through `edgesign serve --store`, new ids follow
 * the copied ones, and the copied bodies still count for `x-disallow-duplicates`.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiKey, createHmacKey, openStore, PostgresStore, revokeKey } from '../packages/server/src/service/index.js';
import { cliBuilt, expectOneLineError, runCli, startServe, tempDir } from './helpers/cli.js';
import { havePostgres, startPostgres, type PgCluster } from './helpers/postgres.js';
import { post, signedJson } from './helpers/service.js';
import { sampleOf } from './helpers/store-backends.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!(havePostgres() && cliBuilt()))('edgesign store copy (SQLite → PostgreSQL)', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  test('moves keys and samples with their ids, verified; the project keeps working on PostgreSQL', async () => {
    const { dir, cleanup } = tempDir('edgesign-copy-');
    try {
      const src = openStore(dir);
      const admin = await createApiKey(src, { name: 'admin', role: 'admin' });
      const ingest = await createApiKey(src, { name: 'devices', role: 'ingestiononly', dev: true });
      const gone = await createApiKey(src, { name: 'old', role: 'readonly' });
      await revokeKey(src, gone.id);
      const hk = await createHmacKey(src, { name: 'devices', dev: true });
      const oldHk = await createHmacKey(src, { name: 'rotated-out' });
      await revokeKey(src, oldHk.id);
      await createApiKey(src, { name: 'ci', role: 'ingestiononly', ttlSeconds: 3600 });
      await src.touchKey(admin.id, '2026-06-01T12:00:00.000Z');
      await src.upsertDevice('ac:87:a3:0a:2d:1b', { deviceType: 'DISCO', sensors: [{ name: 'Accelerometer', maxSampleLengthS: 300, frequencies: [62.5] }] }, '2026-06-01T12:00:00.000Z');
      await src.upsertDevice('second', { name: 'bench' }, '2026-06-01T12:00:01.000Z');
      await src.setSetting('project', '{"id":1,"name":"copied"}');
      const bodies = [
        signedJson(hk.key, { seed: 1 }),
        Uint8Array.from({ length: 512 }, (_, i) => i % 256),
        new Uint8Array(300_000).map((_, i) => (i * 7919) & 0xff),
      ];
      for (let i = 0; i < 450; i++) {
        const raw = i < 3 ? bodies[i]! : i % 50 === 0 ? bodies[0]! : new TextEncoder().encode(`{"i":${i}}`);
        await src.insertSample(sampleOf({ raw, fileName: `s${i}.json`, category: (['training', 'testing', 'anomaly'] as const)[i % 3] }));
      }
      await src.close();

      const db = await cluster.createDatabase();
      const r = await runCli(['store', 'copy', '--from', dir, '--to', db, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.out) as { keys: number; samples: number; bytes: number; digest: string };
      expect(report).toMatchObject({ keys: 6, devices: 2, settings: 1, samples: 450 });
      expect(report.digest).toMatch(/^[0-9a-f]{64}$/);

      // Read back independently of the copy's own verification.
      const before = openStore(dir);
      const after = await PostgresStore.open(db);
      try {
        expect(await after.listKeys({ includeRevoked: true })).toEqual(await before.listKeys({ includeRevoked: true }));
        expect((await after.listKeys()).some((k) => k.expiresAt !== null)).toBe(true);
        expect(await after.listKeyUsage()).toEqual(await before.listKeyUsage());
        expect(await after.listDevices()).toEqual(await before.listDevices());
        expect(await after.getSetting('project')).toBe('{"id":1,"name":"copied"}');
        // New devices are numbered after the copied ones.
        expect((await after.upsertDevice('third', {}, new Date().toISOString())).id).toBe(3);
        const a = await before.listSamples({ limit: 1000, offset: 0 });
        const b = await after.listSamples({ limit: 1000, offset: 0 });
        expect(b).toEqual(a);
        for (const s of [a[0]!, a[a.length - 1]!, a[a.length - 3]!]) {
          const raw = (await after.getSampleRaw(s.id))!;
          expect(sha256(raw.body)).toBe(sha256((await before.getSampleRaw(s.id))!.body));
        }
        expect(report.bytes).toBe(a.reduce((n, s) => n + s.bytes, 0));
      } finally {
        await before.close();
        await after.close();
      }

      // Copying again into a database that holds a project is refused, and changes nothing.
      const again = await runCli(['store', 'copy', '--from', dir, '--to', db]);
      expect(again.code).toBe(1);
      expectOneLineError(again.stderr, 'E_STORE_NOT_EMPTY');
      const missing = await runCli(['store', 'copy', '--from', `${dir}/nope`, '--to', db]);
      expect(missing.code).toBe(1);
      expectOneLineError(missing.stderr, 'E_STORE_NOT_FOUND');

      // The same keys work through a receiver on PostgreSQL; new ids follow the copied ones.
      const served = await startServe(db, ['--silent']);
      try {
        const fresh = signedJson(hk.key, { seed: 99 });
        expect(await post(served, fresh, { apiKey: ingest.key, fileName: 'after.json' })).toEqual({ status: 200, text: 'after.json' });
        const listed = (await (await fetch(`${served.url}/api/samples?limit=1`, { headers: { 'x-api-key': admin.key } })).json()) as { samples: Array<{ id: number }> };
        expect(listed.samples[0]!.id).toBe(451);
        const dup = await post(served, bodies[0]!, { apiKey: ingest.key, headers: { 'x-disallow-duplicates': '1' } });
        expect(dup.status).toBe(409);
        expect((await post(served, signedJson(oldHk.key), { apiKey: ingest.key })).status).toBe(400);
        expect((await post(served, signedJson(hk.key), { apiKey: gone.key })).status).toBe(401);
      } finally {
        await served.stop();
      }
    } finally {
      cleanup();
    }
  });
});
