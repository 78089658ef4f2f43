// `edgesign simulate` against a real `edgesign serve` on loopback, with the counts checked in the store
// (GET /api/samples): the admin key fetches the development HMAC key; every device has its own name;
// audio goes as CBOR + binary tail; the rate is bounded; refusals are counted by code and exit 1; no
// development key prints the service's guidance and exits 1; no progress bar when stdout is not a TTY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { cliBuilt, expectOneLineError, runCli, startServe, tempDir, type Served } from './helpers/cli.js';

const built = cliBuilt();

interface Sample {
  id: number;
  fileName: string;
  deviceName: string;
  signature: string;
  hmacKeyId: string;
  bytes: number;
  label: string;
}

describe.skipIf(!built)('edgesign simulate against edgesign serve', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dataDir: string;
  let served: Served;
  let admin: string;
  let ingest: string;
  let hmacId: string;

  const keys = async (dir: string, ...args: string[]) => JSON.parse((await runCli(['keys', ...args, '--data-dir', dir, '--json'])).out);
  async function samples(url = served.url, key = admin): Promise<Sample[]> {
    const res = await fetch(`${url}/api/samples?limit=100000`, { headers: { 'x-api-key': key } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { samples: Sample[] }).samples;
  }

  beforeAll(async () => {
    tmp = tempDir();
    dataDir = path.join(tmp.dir, 'store');
    admin = (await keys(dataDir, 'create-api-key', '--name', 'admin', '--role', 'admin')).key;
    ingest = (await keys(dataDir, 'create-api-key', '--name', 'ingest', '--role', 'ingestiononly')).key;
    hmacId = (await keys(dataDir, 'create-hmac-key', '--name', 'fleet', '--dev')).id;
    served = await startServe(dataDir);
  });
  afterAll(async () => {
    if (served) expect(await served.stop()).toBe(0);
    tmp.cleanup();
  });

  it('with only an admin --api-key it fetches the development HMAC key; every accepted message is in the store', async () => {
    const before = (await samples()).length;
    const r = await runCli(['simulate', '--url', served.url, '--api-key', admin, '--devices', '3', '--rate', '5', '--duration', '2', '--json'], { timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(Object.keys(s)).toEqual(['devices', 'sent', 'accepted', 'rejected', 'samplesPerSecond', 'latencyMs']);
    expect(Object.keys(s.latencyMs)).toEqual(['p50', 'p99']);
    expect(s.devices).toBe(3);
    expect(s.rejected).toEqual({});
    expect(s.accepted).toBe(s.sent);
    // Bounded: 3 devices × 5 msg/s × 2 s = 30 at most (a late device skips ahead, never bursts).
    expect(s.sent).toBeGreaterThanOrEqual(10);
    expect(s.sent).toBeLessThanOrEqual(30);
    expect(s.samplesPerSecond).toBeGreaterThan(0);
    expect(s.latencyMs.p99).toBeGreaterThanOrEqual(s.latencyMs.p50);

    const stored = (await samples()).slice(0, s.accepted);
    expect((await samples()).length - before).toBe(s.accepted);
    expect(new Set(stored.map((x) => x.deviceName)).size).toBe(3);
    for (const x of stored) {
      expect(x.signature).toBe('valid');
      expect(x.hmacKeyId).toBe(hmacId);
      expect(x.deviceName).toMatch(/^02:e5(:[0-9a-f]{2}){4}$/);
      expect(['idle', 'walk', 'wave']).toContain(x.label);
    }
  });

  it('--audio --format cbor: accelerometer and audio with a binary tail, counted in the store', async () => {
    const before = (await samples()).length;
    const r = await runCli(
      ['simulate', '--url', served.url, '--api-key', ingest, '--hmac-key', (await keys(dataDir, 'list')).hmacKeys[0].key, '--devices', '2', '--rate', '4', '--duration', '2', '--audio', '--format', 'cbor', '--category', 'testing', '--json'],
      { timeoutMs: 60_000 },
    );
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.accepted).toBe(s.sent);
    const res = await fetch(`${served.url}/api/samples?category=testing&limit=100000`, { headers: { 'x-api-key': admin } });
    const stored = ((await res.json()) as { samples: Sample[] }).samples;
    expect(stored.length).toBe(s.accepted);
    expect((await samples()).length - before).toBe(s.accepted);
    const audio = stored.filter((x) => x.fileName.startsWith('audio.'));
    expect(audio.length).toBeGreaterThan(0);
    expect(stored.length - audio.length).toBeGreaterThan(0);
    const one = await fetch(`${served.url}/api/samples/${audio[0]!.id}`, { headers: { 'x-api-key': admin } });
    const detail = ((await one.json()) as { sample: { contentType: string; bytes: number; encoding: string } }).sample;
    expect(detail.contentType).toBe('application/octet-stream');
    expect(detail.bytes).toBeGreaterThan(32_000); // 1 s of 16 kHz int16 after the CBOR header
  });

  it('human output: a summary and no progress bar when stdout is not a TTY', async () => {
    const r = await runCli(['simulate', '--url', served.url, '--api-key', admin, '--devices', '2', '--rate', '2', '--duration', '1'], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^simulating 2 devices × 2 msg\/s for 1 s → http:\/\/127\.0\.0\.1:\d+\/api\/training\/data\n/);
    expect(r.out).toMatch(/sent \d+, accepted \d+, rejected 0/);
    expect(r.out).toMatch(/samples\/s [\d.]+ · latency p50 [\d.]+ ms, p99 [\d.]+ ms/);
    expect(r.out).not.toMatch(/[\r\u2588\u2591]|\x1b\[/);
    const silent = await runCli(['simulate', '--url', served.url, '--api-key', admin, '--devices', '1', '--rate', '2', '--duration', '1', '--silent'], { timeoutMs: 60_000 });
    expect(silent.out).not.toMatch(/simulating/);
    expect(silent.out).toMatch(/^sent \d+/);
  });

  it('a wrong HMAC key: every message refused and counted by code, exit 1, nothing stored', async () => {
    const before = (await samples()).length;
    const r = await runCli(
      ['simulate', '--url', served.url, '--api-key', ingest, '--hmac-key', 'ffffffffffffffffffffffffffffffff', '--devices', '2', '--rate', '4', '--duration', '1', '--json'],
      { timeoutMs: 60_000 },
    );
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out);
    expect(s.accepted).toBe(0);
    expect(s.rejected).toEqual({ E_SIG_MISMATCH: s.sent });
    expectOneLineError(r.stderr, 'E_SIG_MISMATCH');
    expect((await samples()).length).toBe(before);
  });

  it('no development keys: prints the service guidance and exits 1', async () => {
    const dir = path.join(tmp.dir, 'nodev');
    const key = (await keys(dir, 'create-api-key', '--name', 'admin', '--role', 'admin')).key;
    const other = await startServe(dir);
    try {
      const r = await runCli(['simulate', '--url', other.url, '--api-key', key, '--devices', '1', '--rate', '1', '--duration', '1', '--json']);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expectOneLineError(r.stderr, 'E_NO_DEV_KEYS');
      expect(r.stderr).toContain("You don't have any development keys set");
    } finally {
      expect(await other.stop()).toBe(0);
    }
  });

  describe.concurrent('refusals before any data: exit 1, one line on stderr', () => {
    it('a non-admin key cannot fetch the development key', async () => {
      const r = await runCli(['simulate', '--url', served.url, '--api-key', ingest, '--duration', '1']);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_FORBIDDEN');
      // The service's reason once, not wrapped in a second copy of itself.
      expect(r.stderr.match(/admin API key/g)?.length ?? 0).toBeLessThanOrEqual(1);
      expect(r.stderr).toContain('--hmac-key-file');
    });
    it('an unknown API key', async () => {
      const r = await runCli(['simulate', '--url', served.url, '--api-key', 'ei_nope', '--duration', '1']);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_API_KEY_INVALID');
    });
    it('no API key', async () => {
      const r = await runCli(['simulate', '--url', served.url, '--duration', '1']);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_API_KEY_MISSING');
    });
    it('a service that is not there', async () => {
      const r = await runCli(['simulate', '--url', 'http://127.0.0.1:1', '--api-key', admin, '--hmac-key', 'ffffffffffffffffffffffffffffffff', '--duration', '5', '--json']);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_NETWORK');
    });
    for (const args of [['--devices', '0'], ['--devices', '1.5'], ['--rate', '0'], ['--rate', '5000'], ['--devices', '1000', '--rate', '100'], ['--duration', '-1'], ['--format', 'xml'], ['--rows', '0']]) {
      it(`bounds: ${args.join(' ')}`, async () => {
        const r = await runCli(['simulate', '--url', served.url, '--api-key', admin, ...args]);
        expect(r.code).toBe(1);
        expectOneLineError(r.stderr, 'E_USAGE');
      });
    }
  });
});
