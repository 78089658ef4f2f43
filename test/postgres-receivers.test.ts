/**
 * Many receivers, one truth: real `edgesign serve --store postgres://…` processes (the built CLI) on
 * one real PostgreSQL cluster, driven over HTTP. What must hold across receivers: a sample stored
 * through one is read through the others; `x-disallow-duplicates` decided by the database; key
 * changes made anywhere take effect everywhere within the documented bound; and the faults — a
 * receiver SIGKILLed under load, the database crashed and restarted under load, a receiver started
 * while the database is down — lose nothing that was acknowledged: every 200's body is in the
 * database afterwards, and PostgreSQL's own sha256() of the stored bytes equals what was sent.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cleanEnv, cliBuilt, runCli, startServe, type Served } from './helpers/cli.js';
import { havePostgres, startPostgres, type PgCluster } from './helpers/postgres.js';
import { keysCli, postgresProject, type PostgresProject } from './helpers/postgres-project.js';
import { getJson, post, signedJson } from './helpers/service.js';

const ready = havePostgres() && cliBuilt();
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The documented bound for a key change to reach every receiver (keyRecheckMs), plus slack for a loaded 2-core machine. */
const KEY_BOUND_MS = 1000;
const SLACK_MS = 1000;


describe.skipIf(!ready)('many receivers on one PostgreSQL', () => {
  let cluster: PgCluster;
  const running: Served[] = [];
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  afterEach(async () => {
    for (const r of running.splice(0)) r.child.kill('SIGKILL');
  });

  const project = () => postgresProject(cluster);

  async function receivers(db: string, n: number): Promise<Served[]> {
    const rs = await Promise.all(Array.from({ length: n }, () => startServe(db, ['--silent'])));
    running.push(...rs);
    return rs;
  }

  async function rows(db: string): Promise<Array<{ file_name: string; sha256: string; actual: string; bytes: number; len: number }>> {
    const c = new pg.Client({ connectionString: db });
    await c.connect();
    try {
      return (await c.query("SELECT file_name, sha256, encode(sha256(raw), 'hex') AS actual, bytes, octet_length(raw) AS len FROM edgesign_samples")).rows;
    } finally {
      await c.end();
    }
  }

  /** Every acknowledged body is stored intact; every stored row is whole and is something that was sent. */
  async function expectNothingLost(db: string, sent: Map<string, string>, acked: Map<string, string>): Promise<number> {
    const all = await rows(db);
    const byName = new Map(all.map((r) => [r.file_name, r]));
    expect(byName.size).toBe(all.length);
    for (const [name, hash] of acked) {
      const row = byName.get(name);
      expect(row, `acknowledged ${name} is missing`).toBeDefined();
      expect(row!.actual).toBe(hash);
    }
    for (const r of all) {
      expect(r.actual).toBe(r.sha256);
      expect(r.len).toBe(r.bytes);
      expect(sent.get(r.file_name)).toBe(r.actual);
    }
    return all.length;
  }

  /**
   * Concurrent clients posting distinct signed samples round-robin over `targets` until `stop()`.
   * Records what was sent and what was acknowledged (by file name), and every answer with the times
   * its request started and ended.
   */
  function load(p: PostgresProject, targets: () => Served[], concurrency = 12) {
    const sent = new Map<string, string>();
    const acked = new Map<string, string>();
    const answers: Array<{ start: number; t: number; receiver: number; status: number; code: string }> = [];
    let stopped = false;
    let next = 0;
    const worker = async () => {
      while (!stopped) {
        const i = next++;
        const ts = targets();
        const receiver = i % ts.length;
        const body = signedJson(p.hmac.key, { seed: i });
        const name = `load.${i}.json`;
        sent.set(name, sha256(body));
        let status = 0;
        let code = 'E_CONNECTION';
        const start = Date.now();
        try {
          const r = await post(ts[receiver]!, body, { apiKey: p.ingest, fileName: name });
          status = r.status;
          code = /^(E_[A-Z_]+)/.exec(r.text)?.[1] ?? '';
          if (status === 200) {
            expect(r.text).toBe(name);
            acked.set(name, sent.get(name)!);
          }
        } catch {
          await sleep(5);
        }
        answers.push({ start, t: Date.now(), receiver, status, code });
      }
    };
    const done = Promise.all(Array.from({ length: concurrency }, worker));
    return {
      sent,
      acked,
      answers,
      stop: async () => {
        stopped = true;
        await done;
      },
    };
  }

  test('edgesign keys works against PostgreSQL: create, list, set-dev, revoke', async () => {
    const p = await project();
    const other = await keysCli(p.db, 'create-hmac-key', '--name', 'rotation');
    expect((await keysCli(p.db, 'set-dev', other['id'] as string))['isDevelopmentKey']).toBe(true);
    const list = (await keysCli(p.db, 'list')) as { apiKeys: Array<{ isDevelopmentKey: boolean }>; hmacKeys: Array<{ id: string; isDevelopmentKey: boolean }> };
    expect(list.apiKeys).toHaveLength(2);
    expect(list.hmacKeys.filter((k) => k.isDevelopmentKey).map((k) => k.id)).toEqual([other['id']]);
    expect((await keysCli(p.db, 'revoke', p.hmac.id))['revoked']).toMatch(/Z$/);
    const text = await runCli(['keys', 'list', '--store', p.db]);
    expect(text.out).toContain(`keys in postgres://postgres@127.0.0.1:${cluster.port}/`);
    // The environment picks the store too (EDGESIGN_STORE, then a postgres:// DATABASE_URL).
    for (const env of [{ EDGESIGN_STORE: p.db }, { DATABASE_URL: p.db }]) {
      const r = await runCli(['keys', 'list', '--json'], { env: cleanEnv(env) });
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.out) as { hmacKeys: unknown[] }).hmacKeys).toHaveLength(1);
    }
  });

  test('one truth: stored through one receiver, read through the others; duplicates refused across receivers by the constraint', async () => {
    const p = await project();
    const [a, b, c] = await receivers(p.db, 3);
    const body = signedJson(p.hmac.key, { seed: 1 });
    expect(await post(a!, body, { apiKey: p.ingest, fileName: 'one.json' })).toEqual({ status: 200, text: 'one.json' });
    const listed = await getJson<{ samples: Array<{ id: number; sha256: string }> }>(b!, '/api/samples', p.admin);
    expect(listed.body.samples.map((s) => s.sha256)).toEqual([sha256(body)]);
    const raw = await fetch(`${c!.url}/api/samples/${listed.body.samples[0]!.id}/raw`, { headers: { 'x-api-key': p.admin } });
    expect(Buffer.from(await raw.arrayBuffer()).equals(Buffer.from(body))).toBe(true);

    // The same new body, 24 times at once through the three receivers, with x-disallow-duplicates.
    const dup = signedJson(p.hmac.key, { seed: 2 });
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => post([a, b, c][i % 3]!, dup, { apiKey: p.ingest, fileName: `dup.${i}.json`, headers: { 'x-disallow-duplicates': '1' } })),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409 && r.text.startsWith('E_DUPLICATE'))).toHaveLength(23);
    expect((await rows(p.db)).filter((r) => r.sha256 === sha256(dup))).toHaveLength(1);
  });

  test(`keys created, revoked or moved to development on one receiver take effect on the others within ${KEY_BOUND_MS} ms`, async () => {
    const p = await project();
    const rs = await receivers(p.db, 3);
    const [a, b, c] = rs as [Served, Served, Served];
    const admin = (r: Served, method: string, path: string, body?: unknown) =>
      fetch(`${r.url}${path}`, { method, headers: { 'x-api-key': p.admin, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then(
        async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }),
      );
    /** Time until `check` holds on every receiver in `on`. */
    const until = async (on: Served[], check: (r: Served) => Promise<boolean>) => {
      const t0 = Date.now();
      for (;;) {
        if ((await Promise.all(on.map(check))).every(Boolean)) return Date.now() - t0;
        if (Date.now() - t0 > KEY_BOUND_MS + SLACK_MS) return Infinity;
        await sleep(10);
      }
    };
    const ingestWith = (apiKey: string, hmacKey: string) => async (r: Served) =>
      (await post(r, signedJson(hmacKey), { apiKey, fileName: 'k.json' })).status === 200;
    const times: Record<string, number> = {};

    // Warm every receiver's key cache first, so what follows measures invalidation, not a cold load.
    for (const r of rs) expect(await ingestWith(p.ingest, p.hmac.key)(r)).toBe(true);

    const created = await admin(a, 'POST', '/api/keys', { name: 'new', role: 'ingestiononly' });
    expect(created.status).toBe(200);
    const newKey = created.body['key'] as string;
    times['API key created on A, accepted by B and C'] = await until([b, c], ingestWith(newKey, p.hmac.key));

    expect((await admin(b, 'DELETE', `/api/keys/${created.body['id'] as string}`)).status).toBe(200);
    times['API key revoked on B, refused by A and C'] = await until([a, c], async (r) => (await post(r, signedJson(p.hmac.key), { apiKey: newKey })).status === 401);

    const hk = await admin(c, 'POST', '/api/hmackeys', { name: 'rotated' });
    const hmacKey = hk.body['key'] as string;
    times['HMAC key created on C, verifies on A and B'] = await until([a, b], ingestWith(p.ingest, hmacKey));

    expect((await admin(a, 'POST', `/api/hmackeys/${hk.body['id'] as string}/set-dev`)).status).toBe(200);
    times['development HMAC key moved on A, served by B and C'] = await until([b, c], async (r) => (await admin(r, 'GET', '/api/devkeys')).body['hmacKey'] === hmacKey);

    expect((await admin(b, 'DELETE', `/api/hmackeys/${hk.body['id'] as string}`)).status).toBe(200);
    times['HMAC key revoked on B, refused by A and C'] = await until([a, c], async (r) => (await post(r, signedJson(hmacKey), { apiKey: p.ingest })).status === 400);

    // A change made by another process (the CLI) reaches the receivers the same way.
    const cliKey = (await keysCli(p.db, 'create-api-key', '--name', 'from-cli', '--role', 'ingestiononly'))['key'] as string;
    times['API key created by the CLI, accepted by A, B and C'] = await until(rs, ingestWith(cliKey, p.hmac.key));

    console.log('key propagation (ms):', JSON.stringify(times));
    for (const [what, ms] of Object.entries(times)) expect(ms, what).toBeLessThanOrEqual(KEY_BOUND_MS + SLACK_MS);
  });

  test('SIGKILL of one receiver under load: the others keep serving, every acknowledged sample is stored intact', async () => {
    const p = await project();
    const rs = await receivers(p.db, 3);
    const l = load(p, () => rs);
    while (l.acked.size < 150) await sleep(20);
    const killedAt = Date.now();
    rs[0]!.child.kill('SIGKILL');
    const ackedAtKill = l.acked.size;
    while (l.acked.size < ackedAtKill + 300 && Date.now() - killedAt < 30_000) await sleep(20);
    await l.stop();
    const after = l.answers.filter((x) => x.start > killedAt);
    const servedAfter = after.filter((x) => x.status === 200);
    expect(new Set(servedAfter.map((x) => x.receiver))).toEqual(new Set([1, 2]));
    // The survivors answered only 200s after the kill; only the dead receiver's connections failed.
    expect(after.filter((x) => x.receiver !== 0 && x.status !== 200)).toEqual([]);
    const stored = await expectNothingLost(p.db, l.sent, l.acked);
    console.log(`SIGKILL: ${l.acked.size} acknowledged (${servedAfter.length} by the survivors after the kill), ${stored} stored`);
  });

  for (const mode of ['stop -m immediate, 3 s down, start', 'restart -m immediate'] as const) {
    test(`database crashed under load (pg_ctl ${mode}): 503 while down, receivers recover by themselves, nothing acknowledged lost`, async () => {
      const p = await project();
      const rs = await receivers(p.db, 2);
      const l = load(p, () => rs);
      while (l.acked.size < 100) await sleep(20);
      const downAt = Date.now();
      if (mode === 'restart -m immediate') {
        await cluster.restartImmediate();
      } else {
        await cluster.stopImmediate();
        await sleep(3000);
        await cluster.start();
      }
      const upAt = Date.now();
      const ackedAtUp = l.acked.size;
      // Recovered: both receivers acknowledge again, without being restarted.
      while (Date.now() - upAt < 30_000) {
        const recent = l.answers.filter((x) => x.start > upAt && x.status === 200);
        if (new Set(recent.map((x) => x.receiver)).size === 2 && l.acked.size > ackedAtUp + 100) break;
        await sleep(50);
      }
      await l.stop();
      const during = l.answers.filter((x) => x.start >= downAt && x.t <= upAt);
      const codes = [...new Set(during.filter((x) => x.status !== 200).map((x) => `${x.status} ${x.code}`))];
      if (mode !== 'restart -m immediate') {
        // Down for 3 s: clients were told to retry, with the store's code, and nothing else.
        expect(codes).toEqual(['503 E_STORE_UNAVAILABLE']);
      } else {
        expect(codes.every((c) => c === '503 E_STORE_UNAVAILABLE')).toBe(true);
      }
      const afterUp = l.answers.filter((x) => x.start > upAt && x.status === 200);
      expect(new Set(afterUp.map((x) => x.receiver))).toEqual(new Set([0, 1]));
      expect(rs.every((r) => r.child.exitCode === null)).toBe(true);
      const stored = await expectNothingLost(p.db, l.sent, l.acked);
      console.log(`pg_ctl ${mode}: ${l.acked.size} acknowledged, ${stored} stored, ${during.filter((x) => x.status === 503).length} answered 503 while down (${upAt - downAt} ms)`);
    });
  }

  test('a receiver started while the database is down waits and retries, then serves', async () => {
    const p = await project();
    await cluster.stopImmediate();
    let started: Promise<Served>;
    try {
      let waiting!: () => void;
      const sawWaiting = new Promise<void>((r) => (waiting = r));
      started = startServe(p.db, ['--silent'], cleanEnv(), {
        readyTimeoutMs: 60_000,
        onStderr: (text) => {
          if (/waiting for the database/.test(text)) waiting();
        },
      });
      started.catch(() => {});
      await sawWaiting;
      await sleep(1500);
    } finally {
      await cluster.start();
    }
    const r = await started;
    running.push(r);
    expect(r.stderr()).toMatch(/edgesign serve: waiting for the database \(.*(ECONNREFUSED|connect)/);
    const body = signedJson(p.hmac.key);
    expect(await post(r, body, { apiKey: p.ingest, fileName: 'late.json' })).toEqual({ status: 200, text: 'late.json' });
  });
});
