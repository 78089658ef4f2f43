/**
 * `edgesign sample`: asks a device connected to remote management for a sample through the Studio API
 * (`POST /v1/api/{projectId}/device/{deviceId}/start-sampling`, as Studio's "Start sampling" does),
 * follows the request, and prints the stored file name once the sample landed.
 * @module
 */
import { EdgesignError, isErrorCode } from 'edgesign';
import { bool, choice, num, out, parse, str, usageError, type Command } from './args.js';
import { createClient, type HttpClient } from './http-client.js';
import { ARGV_SECRET_NOTE, secret, secretOptions } from './secrets.js';
import { CATEGORIES, type Category } from './upload.js';

const HELP = `Usage: edgesign sample --device ID --label LABEL --length-ms N --api-key-file FILE [options]

Asks a device connected to remote management (e.g. one from \`edgesign simulate --remote\`) for a
sample through the Studio API, waits until it is stored, and prints its file name.

Options:
  --device ID           the device's id (its deviceId, e.g. a MAC address)
  --label LABEL         the sample's label
  --length-ms N         how long to record, in milliseconds
  --category C          training, testing or anomaly (default training)
  --interval-ms MS      interval between readings (default 10)
  --sensor NAME         which of the device's sensors to record
  --studio-url URL      the Studio API (default EDGESIGN_STUDIO_URL, else http://127.0.0.1:4800/v1)
  --api-key-file FILE   a file holding an ei_… API key that may add data ("-": stdin);
                        default EDGESIGN_API_KEY
  --api-key KEY         the key on the command line (discouraged, see below)
  --project-id N        the project (default: the server's only project)
  --timeout S           give up after this many seconds (default length + 60)
  --json                print {"fileName","sampleId","samplingId"}

${ARGV_SECRET_NOTE}
`;

const OPTIONS = {
  device: { type: 'string' },
  label: { type: 'string' },
  'length-ms': { type: 'string' },
  category: { type: 'string' },
  'interval-ms': { type: 'string' },
  sensor: { type: 'string' },
  'studio-url': { type: 'string' },
  ...secretOptions('api-key'),
  'project-id': { type: 'string' },
  timeout: { type: 'string' },
} as const;

async function callJson(http: HttpClient, method: string, url: URL, apiKey: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await http.request(
    method,
    url,
    { 'x-api-key': apiKey, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body !== undefined ? Buffer.from(JSON.stringify(body)) : undefined,
  );
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new EdgesignError('E_BAD_RESPONSE', `${method} ${url.pathname} answered HTTP ${res.status} without JSON`);
  }
  if (res.status !== 200 || json['success'] !== true) {
    const code = typeof json['code'] === 'string' && isErrorCode(json['code']) ? json['code'] : 'E_STUDIO_API';
    throw new EdgesignError(code, String(json['error'] ?? `HTTP ${res.status}`));
  }
  return json;
}

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'ask a device connected to remote management for a sample (Studio API)',
  help: HELP,
  async run(argv) {
    const { values } = parse('sample', argv, OPTIONS, 0);
    const device = str(values, 'device');
    const label = str(values, 'label');
    if (!device) throw usageError('--device ID is required');
    if (!label) throw usageError('--label LABEL is required');
    const lengthMs = num(values, 'length-ms', { integer: true, min: 1 });
    if (lengthMs === undefined) throw usageError('--length-ms N is required');
    const intervalMs = num(values, 'interval-ms', { min: 0, minExclusive: true, default: 10 })!;
    const category = choice<Category>(values, 'category', CATEGORIES, 'training');
    const sensor = str(values, 'sensor');
    const apiKey = secret(values, 'api-key', 'EDGESIGN_API_KEY', 'E_API_KEY_MISSING');
    if (apiKey === undefined) throw usageError('an API key is required: --api-key-file FILE or EDGESIGN_API_KEY', 'E_API_KEY_MISSING');
    const rawBase = str(values, 'studio-url') ?? process.env['EDGESIGN_STUDIO_URL'] ?? 'http://127.0.0.1:4800/v1';
    let base: URL;
    try {
      base = new URL(rawBase.replace(/\/+$/, '') + '/');
    } catch {
      throw usageError(`--studio-url must be an http(s) URL, got ${JSON.stringify(rawBase)}`);
    }
    const timeoutS = num(values, 'timeout', { min: 0, minExclusive: true, default: lengthMs / 1000 + 60 })!;
    const http = createClient({ maxSockets: 1, timeoutMs: 40_000 });
    try {
      let projectId = num(values, 'project-id', { integer: true, min: 1 });
      if (projectId === undefined) {
        const projects = (await callJson(http, 'GET', new URL('api/projects', base), apiKey))['projects'] as Array<{ id: number }>;
        if (!projects?.length) throw new EdgesignError('E_STUDIO_API', 'the server lists no project');
        projectId = projects[0]!.id;
      }
      const dev = encodeURIComponent(device);
      const started = await callJson(http, 'POST', new URL(`api/${projectId}/device/${dev}/start-sampling`, base), apiKey, {
        label,
        lengthMs,
        category,
        intervalMs,
        ...(sensor !== undefined ? { sensor } : {}),
      });
      const samplingId = started['id'] as number;
      const deadline = Date.now() + timeoutS * 1000;
      for (;;) {
        const waitMs = Math.max(1, Math.min(25_000, deadline - Date.now()));
        const s = (await callJson(http, 'GET', new URL(`api/${projectId}/device/${dev}/sampling/${samplingId}?waitMs=${waitMs}`, base), apiKey))['sampling'] as {
          state: string;
          error: string | null;
          sample: { id: number; fileName: string } | null;
        };
        if (s.state === 'finished' && s.sample) {
          await out(bool(values, 'json') ? JSON.stringify({ fileName: s.sample.fileName, sampleId: s.sample.id, samplingId }) + '\n' : `${s.sample.fileName}\n`);
          return 0;
        }
        if (s.state === 'failed') throw new EdgesignError('E_SAMPLING_FAILED', `device ${device}: ${s.error ?? 'the sample request failed'}`);
        if (Date.now() >= deadline) throw new EdgesignError('E_TIMEOUT', `no sample from device ${device} within ${timeoutS} s`);
      }
    } finally {
      http.close();
    }
  },
};
