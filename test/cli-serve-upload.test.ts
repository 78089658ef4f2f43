// `edgesign serve` and `edgesign upload` through real processes on loopback: `--port 0` prints the real
// port, uploads of JSON, CBOR and CBOR-with-binary-tail messages print the stored file names (the
// content type sniffed from the bytes), refusals exit 1 with the service's code on one stderr line, and
// SIGTERM drains and exits 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSigner } from '../packages/edgesign/src/index.js';
import { cleanEnv, cliBuilt, expectOneLineError, runCli, startServe, tempDir, type Served } from './helpers/cli.js';

const built = cliBuilt();
const SENSORS = [
  { name: 'accX', units: 'm/s2' },
  { name: 'accY', units: 'm/s2' },
  { name: 'accZ', units: 'm/s2' },
];

describe.skipIf(!built)('edgesign serve + upload', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dataDir: string;
  let served: Served;
  let admin: string;
  let readonly: string;
  let hmac: string;
  const f = (name: string) => path.join(tmp.dir, name);

  async function samples(): Promise<Array<Record<string, unknown>>> {
    const res = await fetch(`${served.url}/api/samples?limit=100000`, { headers: { 'x-api-key': admin } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { samples: Array<Record<string, unknown>> }).samples;
  }

  beforeAll(async () => {
    tmp = tempDir();
    dataDir = path.join(tmp.dir, 'store');
    const key = async (...args: string[]) => JSON.parse((await runCli(['keys', ...args, '--data-dir', dataDir, '--json'])).out);
    admin = (await key('create-api-key', '--name', 'admin', '--role', 'admin')).key;
    readonly = (await key('create-api-key', '--name', 'ro', '--role', 'readonly')).key;
    hmac = (await key('create-hmac-key', '--name', 'devices', '--dev')).key;
    served = await startServe(dataDir);

    const rows = [
      [-9.81, 0.03, 1.21],
      [-9.83, 0.04, 1.27],
    ];
    const base = { hmacKey: hmac, deviceType: 'EDGESIGN_TEST', deviceName: 'aa:bb:cc:dd:ee:ff', intervalMs: 10, sensors: SENSORS };
    writeFileSync(f('idle.01.json'), createSigner({ ...base, encoding: 'json' }).sign(rows));
    writeFileSync(f('wave.02.cbor'), createSigner({ ...base, encoding: 'cbor' }).sign(rows));
    const audio = createSigner({ ...base, sensors: [{ name: 'audio', units: 'wav' }], intervalMs: 0.0625, encoding: 'cbor' });
    writeFileSync(f('noise.03.cbor'), audio.signBinary(new Int16Array([1, -2, 3, -4, 5, -6, 7, -8])));
    writeFileSync(f('forged.json'), createSigner({ ...base, hmacKey: '0123456789abcdef0123456789abcdef', encoding: 'json' }).sign(rows));
  });
  afterAll(async () => {
    if (served) expect(await served.stop()).toBe(0);
    tmp.cleanup();
  });

  it('serve --port 0 prints the real port', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.url).not.toMatch(/:0$/);
  });

  it('uploads JSON, CBOR and CBOR with a binary tail, printing the stored file names', async () => {
    const r = await runCli(['upload', f('idle.01.json'), f('wave.02.cbor'), f('noise.03.cbor'), '--url', served.url, '--api-key', admin]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual(['idle.01.json', 'wave.02.cbor', 'noise.03.cbor']);
    const stored = await samples();
    expect(stored.map((s) => s['fileName']).sort()).toEqual(['idle.01.json', 'noise.03.cbor', 'wave.02.cbor']);
    for (const s of stored) {
      expect(s).toMatchObject({ category: 'training', signature: 'valid', deviceName: 'aa:bb:cc:dd:ee:ff' });
    }
    expect(stored.find((s) => s['fileName'] === 'idle.01.json')!['label']).toBe('idle');
    const types: Record<string, string> = {};
    for (const s of stored) {
      const res = await fetch(`${served.url}/api/samples/${s['id']}`, { headers: { 'x-api-key': admin } });
      types[s['fileName'] as string] = ((await res.json()) as { sample: { contentType: string } }).sample.contentType;
    }
    expect(types).toEqual({ 'idle.01.json': 'application/json', 'wave.02.cbor': 'application/cbor', 'noise.03.cbor': 'application/octet-stream' });
  });

  it('--category, --label and --json; the key and URL may come from the environment', async () => {
    const r = await runCli(['upload', f('idle.01.json'), '--category', 'testing', '--label', 'still life', '--json', '--allow-duplicates'], {
      env: cleanEnv({ EDGESIGN_URL: served.url, EDGESIGN_API_KEY: admin }),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ file: f('idle.01.json'), ok: true, fileName: 'idle.01.json', category: 'testing' });
    const res = await fetch(`${served.url}/api/samples?category=testing`, { headers: { 'x-api-key': admin } });
    const [s] = ((await res.json()) as { samples: Array<Record<string, unknown>> }).samples;
    expect(s).toMatchObject({ category: 'testing', label: 'still life' });
  });

  it('a refused upload exits 1 with the service code on one stderr line, and stores nothing', async () => {
    const before = (await samples()).length;
    const r = await runCli(['upload', f('forged.json'), '--url', served.url, '--api-key', admin]);
    expect(r.code).toBe(1);
    expectOneLineError(r.stderr, 'E_SIG_MISMATCH');
    expect(r.stderr).toContain('HTTP 400');
    const mixed = await runCli(['upload', f('idle.01.json'), f('forged.json'), '--url', served.url, '--api-key', admin, '--json', '--allow-duplicates']);
    expect(mixed.code).toBe(1);
    const lines = mixed.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ ok: true, fileName: 'idle.01.json' });
    expect(lines[1]).toMatchObject({ ok: false, status: 400, code: 'E_SIG_MISMATCH' });
    expect((await samples()).length).toBe(before + 1);
  });

  it('duplicates are refused by default (409), like Edge Impulse\'s uploader; --allow-duplicates stores them', async () => {
    const before = (await samples()).length;
    for (const extra of [[], ['--disallow-duplicates']]) {
      const r = await runCli(['upload', f('wave.02.cbor'), '--url', served.url, '--api-key', admin, ...extra]);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_DUPLICATE');
    }
    expect((await samples()).length).toBe(before);
    const again = await runCli(['upload', f('wave.02.cbor'), '--url', served.url, '--api-key', admin, '--allow-duplicates']);
    expect(again.code).toBe(0);
    expect((await samples()).length).toBe(before + 1);
  });

  it('the API key from --api-key-file or stdin; --category split by MD5; --concurrency keeps the output order', async () => {
    const { createHash } = await import('node:crypto');
    writeFileSync(f('admin.key'), admin + '\n');
    const names: string[] = [];
    const base = { hmacKey: hmac, deviceType: 'EDGESIGN_TEST', deviceName: 'aa:bb:cc:dd:ee:01', intervalMs: 10, sensors: SENSORS, encoding: 'json' as const };
    for (let i = 0; i < 12; i++) {
      const name = `split.${String(i).padStart(2, '0')}.json`;
      writeFileSync(f(name), createSigner(base).sign([[i, i + 1, i + 2]], { iat: 1_700_000_000 + i }));
      names.push(name);
    }
    const r = await runCli(['upload', ...names.map(f), '--url', served.url, '--api-key-file', f('admin.key'), '--category', 'split', '--concurrency', '5', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { file: string; category: string; fileName: string });
    expect(lines.map((l) => l.file)).toEqual(names.map(f));
    // Edge Impulse's rule, computed here independently: MD5 hex, leading f's skipped, c–e → testing.
    const expected = names.map((n) => (/^[c-e]/.test(createHash('md5').update(readFileSync(f(n))).digest('hex').replace(/^f+/, '')) ? 'testing' : 'training'));
    expect(lines.map((l) => l.category)).toEqual(expected);
    const stored = await samples();
    for (const l of lines) expect(stored.find((s) => s['fileName'] === l.fileName)?.['category']).toBe(l.category);
    const viaStdin = await runCli(['upload', f(names[0]!), '--url', served.url, '--api-key-file', '-', '--allow-duplicates'], { input: admin + '\n' });
    expect(viaStdin.code).toBe(0);
  });

  describe.concurrent('refusals and bad input: exit 1', () => {
    it('an unknown API key (401)', async () => {
      const r = await runCli(['upload', f('idle.01.json'), '--url', served.url, '--api-key', 'ei_nope']);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_API_KEY_INVALID');
    });
    it('a read-only API key (403)', async () => {
      const r = await runCli(['upload', f('idle.01.json'), '--url', served.url, '--api-key', readonly]);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_FORBIDDEN');
    });
    it('no API key', async () => {
      const r = await runCli(['upload', f('idle.01.json'), '--url', served.url]);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_API_KEY_MISSING');
    });
    it('an unknown category', async () => {
      const r = await runCli(['upload', f('idle.01.json'), '--url', served.url, '--api-key', admin, '--category', 'validation']);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_USAGE');
    });
    it('a service that is not there', async () => {
      const r = await runCli(['upload', f('idle.01.json'), '--url', 'http://127.0.0.1:1', '--api-key', admin]);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_NETWORK');
    });
    it('a CSV (by name or by content) is refused before anything is sent: sign it first', async () => {
      writeFileSync(f('rows.csv'), 'accX,accY,accZ\n1,2,3\n');
      writeFileSync(f('rows.txt'), '1,2,3\n4,5,6\n');
      const before = (await samples()).length;
      for (const file of ['rows.csv', 'rows.txt']) {
        const r = await runCli(['upload', f('idle.01.json'), f(file), '--url', served.url, '--api-key', admin]);
        expect(r.code).toBe(1);
        expectOneLineError(r.stderr, 'E_CSV_INPUT');
        expect(r.stderr).toContain('edgesign sign');
      }
      expect((await samples()).length).toBe(before);
    });
    it('a bad URL', async () => {
      const r = await runCli(['upload', f('idle.01.json'), '--url', 'ftp://x', '--api-key', admin]);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_USAGE');
    });
    it('serve on a port in use', async () => {
      const blocker = createServer();
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
      const port = (blocker.address() as { port: number }).port;
      const r = await runCli(['serve', '--data-dir', path.join(tmp.dir, 'busy'), '--port', String(port)]);
      blocker.close();
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_ADDRESS_IN_USE');
    });
    it('serve with bad flags', async () => {
      for (const args of [['--port', '70000'], ['--signature-policy', 'maybe'], ['--max-bytes', '-1'], ['extra']]) {
        const r = await runCli(['serve', '--data-dir', path.join(tmp.dir, 'bad'), ...args]);
        expect(r.code).toBe(1);
        expectOneLineError(r.stderr, 'E_USAGE');
      }
    });
  });

  it('serve --signature-policy flag stores a forged message marked invalid; SIGTERM exits 0', async () => {
    const other = await startServe(path.join(tmp.dir, 'flag'), ['--signature-policy', 'flag']);
    try {
      const key = JSON.parse((await runCli(['keys', 'create-api-key', '--name', 'a', '--role', 'admin', '--data-dir', path.join(tmp.dir, 'flag'), '--json'])).out).key;
      const r = await runCli(['upload', f('forged.json'), '--url', other.url, '--api-key', key]);
      expect(r.code).toBe(0);
      const res = await fetch(`${other.url}/api/samples`, { headers: { 'x-api-key': key } });
      const [s] = ((await res.json()) as { samples: Array<Record<string, unknown>> }).samples;
      expect(s).toMatchObject({ fileName: 'forged.json', signature: 'invalid' });
    } finally {
      expect(await other.stop()).toBe(0);
    }
  });
});
