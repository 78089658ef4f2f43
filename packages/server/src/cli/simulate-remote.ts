/**
 * `edgesign simulate --remote`: simulated devices that connect to remote management (Edge Impulse's
 * WebSocket protocol, hello v4 in JSON or CBOR), wait for sample requests, record synthetic data for
 * the requested length at the requested interval, sign it with the HMAC key the request carried,
 * upload it to the request's path on the ingestion service, and report progress. They stay connected
 * until `--duration` runs out or SIGINT/SIGTERM.
 * @module
 */
import { EdgesignError } from 'edgesign';
import { connectSimulatedDevice, type SimulatedDevice } from '../remote-management/simulated-device.js';
import { bool, choice, err, num, out, parse, str, usageError, type Command } from './args.js';
import { baseUrl } from './http-client.js';
import { deviceName } from './simulator.js';
import { secret, secretOptions } from './secrets.js';

export const REMOTE_HELP = `Usage: edgesign simulate --remote --api-key-file FILE [options]

Connects N simulated devices to remote management and waits for sample requests (start one with
\`edgesign sample\` or POST /v1/api/{projectId}/device/{deviceId}/start-sampling). Each request is
recorded (synthetic 3-axis accelerometer data for its length at its interval), signed with the HMAC
key the request carried, posted to the ingestion service at the request's path, and reported
(sampleStarted, sampleReading, sampleUploading, sampleFinished).

Options:
  --remote-url URL      remote management (default ws://127.0.0.1:4802)
  --url URL             the ingestion service the devices post to (default EDGESIGN_URL, else http://127.0.0.1:4810)
  --api-key-file FILE   a file holding an ei_… API key that may connect ("-": stdin);
                        default EDGESIGN_API_KEY
  --api-key KEY         the key on the command line (discouraged, see above)
  --devices N           number of devices (default 1, at most 100)
  --format json|cbor|mixed  session encoding (default mixed: even devices JSON, odd CBOR)
  --duration S          seconds to stay connected (default: until SIGINT/SIGTERM)
  --device-type TYPE    the hello's deviceType (default EDGESIGN_SIMULATOR)
  --seed N              seed of the data generator and of the device names (default random)
  --json                print only a summary at the end: {"devices","samples","failed"}
  --silent              print nothing but errors
  --verbose             every protocol step of every device
`;

const OPTIONS = {
  remote: { type: 'boolean' },
  'remote-url': { type: 'string' },
  url: { type: 'string' },
  ...secretOptions('api-key'),
  devices: { type: 'string' },
  format: { type: 'string' },
  duration: { type: 'string' },
  'device-type': { type: 'string' },
  seed: { type: 'string' },
} as const;

export async function runRemoteSimulation(argv: readonly string[]): Promise<number> {
  const { values } = parse('simulate', argv, OPTIONS, 0);
  const apiKey = secret(values, 'api-key', 'EDGESIGN_API_KEY', 'E_API_KEY_MISSING');
  if (apiKey === undefined) throw usageError('an API key is required: --api-key-file FILE or EDGESIGN_API_KEY', 'E_API_KEY_MISSING');
  const remoteUrl = str(values, 'remote-url') ?? 'ws://127.0.0.1:4802';
  if (!/^wss?:\/\//.test(remoteUrl)) throw usageError(`--remote-url must be a ws:// or wss:// URL, got ${JSON.stringify(remoteUrl)}`);
  const ingestion = baseUrl(str(values, 'url'));
  const devices = num(values, 'devices', { integer: true, min: 1, max: 100, default: 1 })!;
  const format = choice(values, 'format', ['json', 'cbor', 'mixed'] as const, 'mixed');
  const duration = num(values, 'duration', { min: 0, minExclusive: true });
  const seed = num(values, 'seed', { integer: true, min: 0, max: 2 ** 31 - 1 }) ?? Math.floor(Math.random() * 2 ** 31);
  const json = bool(values, 'json');
  const quiet = json || bool(values, 'silent');
  const verbose = bool(values, 'verbose');
  const say = (line: string) => (quiet ? Promise.resolve() : out(line + '\n'));

  const sims: SimulatedDevice[] = [];
  let failed = 0;
  try {
    for (let i = 0; i < devices; i++) {
      const deviceId = deviceName(i, seed & 0xffff);
      const encoding = format === 'mixed' ? (i % 2 === 0 ? 'json' : 'cbor') : format;
      const sim = connectSimulatedDevice({
        url: remoteUrl,
        ingestionUrl: ingestion.href,
        apiKey,
        deviceId,
        encoding,
        seed: seed + i,
        ...(str(values, 'device-type') !== undefined ? { deviceType: str(values, 'device-type')! } : {}),
        log: (line) => {
          if (verbose) err(line);
        },
      });
      sims.push(sim);
      try {
        await sim.ready;
      } catch (e) {
        throw new EdgesignError('E_HELLO_REFUSED', `device ${deviceId}: remote management refused the hello: ${e instanceof Error ? e.message : String(e)}`);
      }
      await say(`device ${deviceId} connected to ${remoteUrl} (${encoding})`);
      void (async function follow() {
        for (;;) {
          const r = await sim.nextUpload();
          if (r.ok) await say(`device ${deviceId}: stored ${r.fileName}`);
          else {
            failed++;
            err(`edgesign: E_UPLOAD: device ${deviceId}: ${r.error}`);
          }
        }
      })();
    }
    await say(`${devices} device${devices === 1 ? '' : 's'} waiting for sample requests${duration !== undefined ? ` for ${duration} s` : ' (Ctrl-C stops)'}`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      if (duration !== undefined) setTimeout(stop, duration * 1000).unref();
    });
  } finally {
    await Promise.all(sims.map((s) => s.close()));
  }
  const samples = sims.reduce((a, s) => a + s.uploads.length, 0);
  if (json) await out(JSON.stringify({ devices, samples, failed }) + '\n');
  else await say(`${samples} sample${samples === 1 ? '' : 's'} stored, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

/** `simulate --remote` dispatch (the command's help names both modes). */
export const isRemoteSimulation = (argv: readonly string[]): boolean => argv.includes('--remote');

export type { Command };
