/**
 * `edgesign upload FILE...`: posts signed messages to an ingestion service's
 * `/api/<category>/data` (Edge Impulse's legacy data endpoint) over one kept-alive connection, and
 * prints the file name each one was stored under. Exit 1 if any upload is refused.
 * @module
 */
import { basename } from 'node:path';
import { messageContentType } from 'edgesign';
import { bool, choice, err, oneLine, out, parse, str, usageError, type Command } from './args.js';
import { apiUrl, baseUrl, createClient, refusal } from './http.js';
import { csvInputError, looksLikeCsv, readHead, readInput } from './io.js';

export const CATEGORIES = ['training', 'testing', 'anomaly'] as const;
export type Category = (typeof CATEGORIES)[number];

const HELP = `Usage: edgesign upload FILE... --api-key KEY [options]

Posts each signed message to <url>/api/<category>/data and prints the file name it was stored under.
The content type comes from the bytes: application/json, application/cbor, or
application/octet-stream for CBOR followed by a binary tail. Exit 1 if any upload is refused.

Options:
  --url URL               the ingestion service (default EDGESIGN_URL, else ${'http://127.0.0.1:4810'})
  --api-key KEY           an ei_… API key allowed to ingest (default EDGESIGN_API_KEY)
  --category CATEGORY     training, testing or anomaly (default training)
  --label LABEL           x-label (default: the service infers it from the file name)
  --disallow-duplicates   refuse a body identical to one already stored (409)
  --json                  one line per file: {"file","ok","fileName"?,"status"?,"code"?,"message"?}
  --silent                print nothing but errors
  -h, --help              this help
  --version               edgesign's version
`;

const OPTIONS = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  category: { type: 'string' },
  label: { type: 'string' },
  'disallow-duplicates': { type: 'boolean' },
} as const;

export const uploadCommand: Command = {
  name: 'upload',
  summary: 'upload signed messages to an ingestion service',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parse('upload', argv, OPTIONS, true);
    if (positionals.length === 0) throw usageError('give at least one FILE to upload (see edgesign upload --help)');
    const base = baseUrl(str(values, 'url'));
    const apiKey = str(values, 'api-key') ?? process.env['EDGESIGN_API_KEY'];
    if (apiKey === undefined || apiKey === '') throw usageError('an API key is required: --api-key KEY or EDGESIGN_API_KEY', 'E_API_KEY_MISSING');
    const category = choice<Category>(values, 'category', CATEGORIES, 'training');
    const label = str(values, 'label');
    const json = bool(values, 'json');
    const silent = bool(values, 'silent');
    if (positionals.filter((f) => f === '-').length > 1) throw usageError('stdin ("-") can be read only once');
    // A CSV is refused before anything is sent, so a mixed list never half-uploads.
    for (const file of positionals) {
      if (file !== '-' && looksLikeCsv(file, await readHead(file))) throw csvInputError(file);
    }
    const url = apiUrl(base, `${category}/data`);
    const client = createClient({ maxSockets: 1 });
    let failed = 0;
    try {
      for (const file of positionals) {
        const body = await readInput(file);
        if (file === '-' && looksLikeCsv(file, body)) throw csvInputError('stdin');
        const name = file === '-' ? `stdin.${messageContentType(body) === 'application/json' ? 'json' : 'cbor'}` : basename(file);
        const headers: Record<string, string> = {
          'x-api-key': apiKey,
          'x-file-name': encodeURIComponent(name),
          'content-type': messageContentType(body),
          'x-upload-source': 'EDGESIGN_CLI_UPLOADER',
        };
        if (label !== undefined) headers['x-label'] = encodeURIComponent(label);
        if (bool(values, 'disallow-duplicates')) headers['x-disallow-duplicates'] = '1';
        let res = await client.request('POST', url, headers, body);
        // The store could not commit (503 + retry-after): nothing was stored, so it is safe to retry.
        for (let attempt = 0; res.status === 503 && attempt < 3; attempt++) {
          const wait = Math.min(5, Number(res.headers['retry-after']) || 1);
          await new Promise((r) => setTimeout(r, wait * 1000));
          res = await client.request('POST', url, headers, body);
        }
        if (res.status === 200) {
          const fileName = res.body.toString('utf8').trim();
          if (json) await out(JSON.stringify({ file, ok: true, fileName }) + '\n');
          else if (!silent) await out(fileName + '\n');
        } else {
          failed++;
          const r = refusal(res);
          if (json) await out(JSON.stringify({ file, ok: false, status: res.status, code: r.code, message: r.message }) + '\n');
          err(`edgesign: ${r.code}: ${file} refused (HTTP ${res.status}): ${oneLine(r.message)}`);
        }
      }
    } finally {
      client.close();
    }
    return failed === 0 ? 0 : 1;
  },
};
