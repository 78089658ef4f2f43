/**
 * `edgesign simulate`: runs the device simulator against an ingestion service and prints a summary
 * (`--json`: one object, exactly `{"devices","sent","accepted","rejected":{"E_CODE":n},"samplesPerSecond",
 * "latencyMs":{"p50","p99"}}`). Without an HMAC key, an admin API key fetches the project's
 * development HMAC key from `GET /api/devkeys`, as Edge Impulse's tools do. Exit 0 when nothing was
 * refused, 1 otherwise.
 * @module
 */
import cliProgress from 'cli-progress';
import { EdgesignError, type Encoding } from 'edgesign';
import { NO_DEV_KEYS_MESSAGE, missingDevKeysMessage, type DevKeys } from '../service/keys.js';
import { bool, choice, err, num, out, parse, str, usageError, type Command } from './args.js';
import { apiUrl, baseUrl, createClient, refusal } from './http-client.js';
import { ARGV_SECRET_NOTE, secret, secretOptions } from './secrets.js';
import { CATEGORIES, type Category } from './upload.js';
import { LIMITS, runSimulation, type SimulationResult } from './simulator.js';
import { REMOTE_HELP, isRemoteSimulation, runRemoteSimulation } from './simulate-remote.js';

const HELP = `Usage: edgesign simulate --api-key-file FILE [--hmac-key-file FILE] [options]

Simulates N devices, each with its own device name (a MAC address), sending signed 3-axis
accelerometer data (gravity, a motion pattern per device: idle, walk, wave; Gaussian noise) to
<url>/api/<category>/data over kept-alive HTTP. With --audio every other message of each device is
a 1 s, 16 kHz int16 audio window sent as a CBOR header plus binary tail.

Without an HMAC key (--hmac-key-file, EDGESIGN_HMAC_KEY), an admin API key fetches the project's
development HMAC key from GET /api/devkeys.

Options:
  --url URL             the ingestion service (default EDGESIGN_URL, else http://127.0.0.1:4810)
  --api-key-file FILE   a file holding an ei_… API key ("-": stdin); default EDGESIGN_API_KEY
  --hmac-key-file FILE  a file holding the key devices sign with; default EDGESIGN_HMAC_KEY, else
                        the development key
  --api-key KEY, --hmac-key KEY   the same on the command line (discouraged, see below)
  --devices N           number of devices (default 5, at most ${LIMITS.devices})
  --rate R              signed messages per second per device (default 1, at most ${LIMITS.rate};
                        devices × rate at most ${LIMITS.totalRate})
  --duration S          seconds to run (default 10)
  --category C          training, testing or anomaly (default training)
  --format json|cbor    accelerometer message encoding (default json)
  --audio               add microphone messages with a binary tail
  --rows N              accelerometer rows per message (default 100)
  --interval-ms MS      accelerometer interval (default 10, i.e. 100 Hz)
  --device-type TYPE    payload.device_type (default EDGESIGN_SIMULATOR)
  --label LABEL         x-label for every message (default: idle/walk/wave/audio from the file name)
  --seed N              seed of the data generator (default random)
  --json                print only the summary, as one JSON object
  --silent              no progress bar, no banner
  --verbose             the service's first message for each refusal code
  -h, --help            this help
  --version             edgesign's version

A progress bar is drawn only when stdout is a terminal (never with --json or --silent).
${ARGV_SECRET_NOTE}
Exit code 0 when every message was accepted, 1 otherwise.

${REMOTE_HELP}`;

const OPTIONS = {
  url: { type: 'string' },
  ...secretOptions('api-key'),
  ...secretOptions('hmac-key'),
  devices: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  category: { type: 'string' },
  format: { type: 'string' },
  audio: { type: 'boolean' },
  rows: { type: 'string' },
  'interval-ms': { type: 'string' },
  'device-type': { type: 'string' },
  label: { type: 'string' },
  seed: { type: 'string' },
} as const;

/** The development HMAC key, fetched with an admin API key (GET /api/devkeys). */
export async function fetchDevHmacKey(base: URL, apiKey: string): Promise<string> {
  const client = createClient({ maxSockets: 1, timeoutMs: 10_000 });
  try {
    const res = await client.request('GET', apiUrl(base, 'devkeys'), { 'x-api-key': apiKey, accept: 'application/json' });
    if (res.status !== 200) {
      // The service's own message already says what is wrong (e.g. that managing keys needs an admin
      // API key); say only what was being done and the way around it, so nothing reads twice.
      const r = refusal(res);
      throw new EdgesignError(r.code, `fetching the development HMAC key: ${r.message}; or give the HMAC key with --hmac-key-file or EDGESIGN_HMAC_KEY`);
    }
    let keys: DevKeys;
    try {
      keys = JSON.parse(res.body.toString('utf8')) as DevKeys;
    } catch {
      throw new EdgesignError('E_BAD_RESPONSE', `GET /api/devkeys did not answer JSON`);
    }
    const apiKeyMissing = keys.apiKey === null || keys.apiKey === undefined;
    const hmacMissing = keys.hmacKey === null || keys.hmacKey === undefined || keys.hmacKey === '';
    if (hmacMissing) {
      throw new EdgesignError('E_NO_DEV_KEYS', apiKeyMissing ? NO_DEV_KEYS_MESSAGE : missingDevKeysMessage({ apiKey: keys.apiKey, hmacKey: null }, 'hmac')!);
    }
    return keys.hmacKey!;
  } finally {
    client.close();
  }
}

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'simulate devices sending signed data to an ingestion service',
  help: HELP,
  async run(argv) {
    if (isRemoteSimulation(argv)) return runRemoteSimulation(argv);
    const { values } = parse('simulate', argv, OPTIONS, 0);
    const base = baseUrl(str(values, 'url'));
    const apiKey = secret(values, 'api-key', 'EDGESIGN_API_KEY', 'E_API_KEY_MISSING');
    if (apiKey === undefined) throw usageError('an API key is required: --api-key-file FILE or EDGESIGN_API_KEY', 'E_API_KEY_MISSING');
    const devices = num(values, 'devices', { integer: true, min: 1, max: LIMITS.devices, default: 5 })!;
    const rate = num(values, 'rate', { min: 0, minExclusive: true, max: LIMITS.rate, default: 1 })!;
    const duration = num(values, 'duration', { min: 0, minExclusive: true, max: LIMITS.duration, default: 10 })!;
    const rows = num(values, 'rows', { integer: true, min: 1, max: LIMITS.rows, default: 100 })!;
    const intervalMs = num(values, 'interval-ms', { min: 0, minExclusive: true, default: 10 })!;
    const seed = num(values, 'seed', { integer: true, min: 0, max: 2 ** 31 - 1 });
    const category = choice<Category>(values, 'category', CATEGORIES, 'training');
    const encoding = choice<Encoding>(values, 'format', ['json', 'cbor'], 'json');
    if (devices * rate > LIMITS.totalRate) throw usageError(`--devices × --rate is ${devices * rate} messages per second; at most ${LIMITS.totalRate}`);
    const json = bool(values, 'json');
    const silent = bool(values, 'silent');
    const label = str(values, 'label');
    const deviceType = str(values, 'device-type');

    let hmacKey = secret(values, 'hmac-key', 'EDGESIGN_HMAC_KEY', 'E_KEY_MISSING');
    if (hmacKey === undefined) hmacKey = await fetchDevHmacKey(base, apiKey);

    const showBar = !json && !silent && process.stdout.isTTY === true;
    const target = apiUrl(base, `${category}/data`).href;
    if (!json && !silent) {
      await out(`simulating ${devices} device${devices === 1 ? '' : 's'} × ${rate} msg/s for ${duration} s → ${target}${bool(values, 'audio') ? ' (with audio)' : ''}\n`);
    }
    let bar: cliProgress.SingleBar | null = null;
    if (showBar) {
      bar = new cliProgress.SingleBar(
        {
          // Not {duration}: that is a cli-progress built-in (elapsed whole seconds) and wins over the payload.
          format: ' {bar} {percentage}% | {secs}/{totalSeconds} s | sent {sent} · accepted {accepted} · rejected {rejected}',
          hideCursor: true,
          clearOnComplete: true,
          stopOnComplete: false,
          stream: process.stdout,
          barsize: 30,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.round(duration * 10), 0, { secs: '0.0', totalSeconds: duration, sent: 0, accepted: 0, rejected: 0 });
    }
    const ctrl = new AbortController();
    const onSignal = () => ctrl.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let result: SimulationResult;
    try {
      result = await runSimulation({
        url: base,
        apiKey,
        hmacKey,
        devices,
        rate,
        durationSeconds: duration,
        category,
        encoding,
        audio: bool(values, 'audio'),
        rows,
        intervalMs,
        ...(deviceType !== undefined ? { deviceType } : {}),
        ...(label !== undefined ? { label } : {}),
        ...(seed !== undefined ? { seed } : {}),
        signal: ctrl.signal,
        ...(bar
          ? {
              onProgress: (p) =>
                bar!.update(Math.round(p.elapsedSeconds * 10), { secs: p.elapsedSeconds.toFixed(1), sent: p.sent, accepted: p.accepted, rejected: p.rejected }),
            }
          : {}),
      });
    } finally {
      bar?.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    const s = result.summary;
    const rejectedTotal = Object.values(s.rejected).reduce((a, b) => a + b, 0);
    if (json) {
      await out(JSON.stringify(s) + '\n');
    } else {
      const lines = [
        `sent ${s.sent}, accepted ${s.accepted}, rejected ${rejectedTotal}${ctrl.signal.aborted ? ' (interrupted)' : ''}`,
        ...Object.entries(s.rejected).map(([code, n]) => `  ${code}: ${n}${bool(values, 'verbose') ? ` (${result.firstRefusal[code]})` : ''}`),
        `samples/s ${s.samplesPerSecond} · latency p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms · ${(result.bytesSent / 1024).toFixed(0)} KiB in ${result.elapsedSeconds.toFixed(1)} s`,
      ];
      await out(lines.join('\n') + '\n');
    }
    if (rejectedTotal > 0) {
      const [code, n] = Object.entries(s.rejected)[0]!;
      err(`edgesign: ${code}: ${n} of ${s.sent} messages refused: ${result.firstRefusal[code]}`);
    }
    return rejectedTotal === 0 ? 0 : 1;
  },
};
