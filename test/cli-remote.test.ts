// `edgesign serve` (all three endpoints), `edgesign simulate --remote` and `edgesign sample` as real
// processes on loopback: the devices connect in both encodings, `sample` asks one of them through the
// Studio API and prints the stored file name, which the Studio API then lists as validly signed under
// the device's name.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, cleanEnv, cliBuilt, expectOneLineError, runCli, tempDir } from './helpers/cli.js';
import { repoRoot } from './helpers/shared.js';

const built = cliBuilt();

/** Spawns a long-running command and collects its stdout lines. */
function spawnCli(args: string[], env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    waiters.splice(0).forEach((w) => w());
  });
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    exited,
    stderr: () => err,
    async line(re: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = re.exec(out);
        if (m) return m;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no line matching ${re} in ${JSON.stringify(out)}; stderr ${err}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, 200);
          waiters.push(() => (clearTimeout(t), r()));
        });
      }
    },
  };
}

describe.skipIf(!built)('serve + simulate --remote + sample', () => {
  let tmp: ReturnType<typeof tempDir>;
  let serve: ReturnType<typeof spawnCli>;
  let sim: ReturnType<typeof spawnCli>;
  let urls: { ingestion: string; studio: string; remote: string };
  let ingestKey: string;
  let readKey: string;
  let ingestKeyFile: string;
  let devices: string[];

  beforeAll(async () => {
    tmp = tempDir();
    const dataDir = path.join(tmp.dir, 'store');
    const key = async (...args: string[]) => JSON.parse((await runCli(['keys', ...args, '--data-dir', dataDir, '--json'])).out) as { key: string };
    ingestKey = (await key('create-api-key', '--name', 'devices', '--role', 'ingestiononly')).key;
    readKey = (await key('create-api-key', '--name', 'viewer', '--role', 'readonly')).key;
    await key('create-hmac-key', '--name', 'dev', '--dev');
    ingestKeyFile = path.join(tmp.dir, 'ingest.key');
    writeFileSync(ingestKeyFile, ingestKey + '\n', { mode: 0o600 });
    serve = spawnCli(['serve', '--data-dir', dataDir, '--port', '0', '--project-name', 'bench'], cleanEnv());
    urls = {
      ingestion: (await serve.line(/^listening on (http:\S+)$/m))[1]!,
      studio: (await serve.line(/^studio api on (http:\S+)$/m))[1]!,
      remote: (await serve.line(/^remote management on (ws:\S+)$/m))[1]!,
    };
    // The key from a file, as the README shows (never argv).
    sim = spawnCli(['simulate', '--remote', '--api-key-file', ingestKeyFile, '--devices', '2', '--format', 'mixed', '--duration', '60', '--seed', '7', '--remote-url', urls.remote, '--url', urls.ingestion], cleanEnv());
    await sim.line(/^2 devices waiting/m);
    devices = [...(await sim.line(/[\s\S]*/)).input.matchAll(/^device (\S+) connected to \S+ \((json|cbor)\)$/gm)].map((m) => m[1]!);
  }, 60_000);

  afterAll(async () => {
    sim?.child.kill('SIGTERM');
    if (sim) expect(await sim.exited).toBe(0);
    serve?.child.kill('SIGTERM');
    if (serve) expect(await serve.exited).toBe(0);
    tmp?.cleanup();
  });

  it('serve prints each real URL; the devices connected in JSON and in CBOR', async () => {
    expect(urls.ingestion).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(urls.studio).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(urls.remote).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set([urls.ingestion, urls.studio, urls.remote].map((u) => new URL(u).port)).size).toBe(3);
    expect(devices).toHaveLength(2);
    const out = (await sim.line(/[\s\S]*/)).input;
    expect(out).toMatch(/\(json\)$/m);
    expect(out).toMatch(/\(cbor\)$/m);
  });

  it.each([0, 1])('sample asks device %i through the Studio API and prints the stored file name (key from the environment, then from a file)', async (i) => {
    const keyFrom = i === 0 ? [] : ['--api-key-file', ingestKeyFile];
    const r = await runCli(['sample', '--device', devices[i]!, '--label', 'walk', '--length-ms', '400', '--interval-ms', '20', '--studio-url', urls.studio, '--json', ...keyFrom], {
      env: i === 0 ? cleanEnv({ EDGESIGN_API_KEY: ingestKey }) : cleanEnv(),
      timeoutMs: 30_000,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { fileName, sampleId } = JSON.parse(r.out) as { fileName: string; sampleId: number };
    expect(fileName).toMatch(/^walk\./);
    const list = (await (await fetch(`${urls.studio}/api/1/raw-data?category=training`, { headers: { 'x-api-key': readKey } })).json()) as { samples: Array<Record<string, unknown>> };
    expect(list.samples.find((s) => s['id'] === sampleId)).toMatchObject({ filename: fileName, signatureValidate: true, deviceName: devices[i], label: 'walk', intervalMs: 20, valuesCount: 20 });
    await sim.line(new RegExp(`^device ${devices[i]!.replace(/[.:]/g, '\\$&')}: stored ${fileName.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('sample for a device that is not connected: one line, E_DEVICE_NOT_CONNECTED, exit 1', async () => {
    await fetch(`${urls.studio}/api/1/devices/create`, {
      method: 'POST',
      headers: { 'x-api-key': ingestKey, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'offline', deviceType: 'T', ifNotExists: true }),
    });
    const r = await runCli(['sample', '--device', 'offline', '--label', 'x', '--length-ms', '100', '--studio-url', urls.studio], { env: cleanEnv({ EDGESIGN_API_KEY: ingestKey }) });
    expect(r.code).toBe(1);
    expectOneLineError(r.stderr, 'E_DEVICE_NOT_CONNECTED');
    const ro = await runCli(['sample', '--device', devices[0]!, '--label', 'x', '--length-ms', '100', '--studio-url', urls.studio], { env: cleanEnv({ EDGESIGN_API_KEY: readKey }) });
    expect(ro.code).toBe(1);
    expectOneLineError(ro.stderr, 'E_FORBIDDEN');
  });
});
