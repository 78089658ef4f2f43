/**
 * `edgesign upload FILE...`: posts signed messages to an ingestion service's
 * `/api/<category>/data` (Edge Impulse's data endpoint), streaming each file from disk over
 * kept-alive connections (`--concurrency` at a time), and prints the file name each one was stored
 * under, in the order given. Flags follow Edge Impulse's uploader where they mean the same thing:
 * duplicates are refused unless `--allow-duplicates`, `--category split` sends about 80% to training
 * and 20% to testing by a hash of the file. Exit 1 if any upload is refused.
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { messageContentType } from 'edgesign';
import { bool, choice, err, num, oneLine, out, parse, str, usageError, type Command } from './args.js';
import { apiUrl, baseUrl, createClient, refusal, type BodySource, type HttpClient, type HttpResponse } from './http-client.js';
import { csvInputError, looksLikeCsv, readHead, readInput } from './io.js';
import { ARGV_SECRET_NOTE, secret, secretOptions, stdinOnce } from './secrets.js';

export const CATEGORIES = ['training', 'testing', 'anomaly'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Enough of a file to tell JSON, CBOR, and CBOR followed by a binary tail apart (see messageContentType). */
const HEAD_BYTES = 64 * 1024;

const HELP = `Usage: edgesign upload FILE... --api-key-file FILE [options]

Posts each signed message to <url>/api/<category>/data, streaming it from disk, and prints the file
name it was stored under (in the order given). The content type comes from the bytes:
application/json, application/cbor, or application/octet-stream for CBOR followed by a binary tail.
A CSV file is refused before anything is sent (E_CSV_INPUT): sign it first with edgesign sign.
Exit 1 if any upload is refused.

Options:
  --url URL               the ingestion service (default EDGESIGN_URL, else ${'http://127.0.0.1:4810'})
  --api-key-file FILE     a file holding an ei_… API key allowed to ingest ("-": stdin);
                          default EDGESIGN_API_KEY
  --api-key KEY           the key on the command line (discouraged, see below)
  --category CATEGORY     training, testing, anomaly, or split: about 80% training and 20% testing,
                          chosen by the MD5 of each file, as Edge Impulse's uploader does (default training)
  --label LABEL           x-label (default: the service infers it from the file name)
  --allow-duplicates      store a body identical to one already stored; by default the service
                          refuses it (E_DUPLICATE, HTTP 409), as with Edge Impulse's uploader
  --concurrency N         uploads in flight at once (default 4, at most 64)
  --json                  one line per file: {"file","ok","fileName"?,"category","status"?,"code"?,"message"?}
  --silent                print nothing but errors
  -h, --help              this help
  --version               edgesign's version

A progress bar (bytes sent) is drawn on stderr when it is a terminal (not with --json or --silent).
${ARGV_SECRET_NOTE}
`;

const OPTIONS = {
  url: { type: 'string' },
  ...secretOptions('api-key'),
  category: { type: 'string' },
  label: { type: 'string' },
  'allow-duplicates': { type: 'boolean' },
  // Earlier releases' opt-in; refusing duplicates is now the default, so it changes nothing.
  'disallow-duplicates': { type: 'boolean' },
  concurrency: { type: 'string' },
} as const;

/** One file to send: where its bytes come from and what the service is told about them. */
interface Item {
  file: string;
  name: string;
  length: number;
  contentType: string;
  category: Category;
  /** The bytes, for stdin; files are streamed from disk instead. */
  bytes?: Buffer;
}

/** Edge Impulse's uploader's split: the MD5 of the file in hex, leading `f`s skipped; 0–b training, c–e testing. */
export function splitCategory(md5hex: string): Category {
  const c = md5hex.replace(/^f+/, '')[0] ?? '0';
  return c >= 'c' && c <= 'e' ? 'testing' : 'training';
}

async function md5Of(item: { file: string; bytes?: Buffer }): Promise<string> {
  const h = createHash('md5');
  if (item.bytes) return h.update(item.bytes).digest('hex');
  for await (const chunk of createReadStream(item.file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Looks at every input before anything is sent: CSVs are refused whole, sizes and types are known. */
async function prepare(files: readonly string[], category: Category | 'split'): Promise<Item[]> {
  const items: Item[] = [];
  for (const file of files) {
    let head: Uint8Array;
    let bytes: Buffer | undefined;
    let length: number;
    if (file === '-') {
      bytes = await readInput('-');
      head = bytes;
      length = bytes.length;
    } else {
      head = await readHead(file, HEAD_BYTES);
      length = (await stat(file)).size;
    }
    if (looksLikeCsv(file === '-' ? 'stdin' : file, head)) throw csvInputError(file === '-' ? 'stdin' : file);
    const contentType = messageContentType(head);
    const name = file === '-' ? `stdin.${contentType === 'application/json' ? 'json' : 'cbor'}` : basename(file);
    const item: Item = { file, name, length, contentType, category: 'training', ...(bytes ? { bytes } : {}) };
    item.category = category === 'split' ? splitCategory(await md5Of(item)) : category;
    items.push(item);
  }
  return items;
}

async function send(client: HttpClient, base: URL, item: Item, headers: Record<string, string>, onChunk: (n: number) => void): Promise<HttpResponse> {
  const url = apiUrl(base, `${item.category}/data`);
  const body = (): Uint8Array | BodySource =>
    item.bytes ?? { length: item.length, open: () => createReadStream(item.file, { highWaterMark: 64 * 1024 }), onChunk };
  const h = { ...headers, 'x-file-name': encodeURIComponent(item.name), 'content-type': item.contentType };
  let res = await client.request('POST', url, h, body());
  // The store could not commit (503 + retry-after): nothing was stored, so it is safe to retry.
  for (let attempt = 0; res.status === 503 && attempt < 3; attempt++) {
    const wait = Math.min(5, Number(res.headers['retry-after']) || 1);
    await new Promise((r) => setTimeout(r, wait * 1000));
    res = await client.request('POST', url, h, body());
  }
  if (item.bytes) onChunk(item.length);
  return res;
}

export const uploadCommand: Command = {
  name: 'upload',
  summary: 'upload signed messages to an ingestion service',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parse('upload', argv, OPTIONS, true);
    if (positionals.length === 0) throw usageError('give at least one FILE to upload (see edgesign upload --help)');
    const base = baseUrl(str(values, 'url'));
    if (positionals.filter((f) => f === '-').length > 1) throw usageError('stdin ("-") can be read only once');
    stdinOnce(values, 'api-key', positionals);
    const apiKey = secret(values, 'api-key', 'EDGESIGN_API_KEY', 'E_API_KEY_MISSING');
    if (apiKey === undefined) throw usageError('an API key is required: --api-key-file FILE or EDGESIGN_API_KEY', 'E_API_KEY_MISSING');
    const category = choice<Category | 'split'>(values, 'category', [...CATEGORIES, 'split'], 'training');
    const label = str(values, 'label');
    const json = bool(values, 'json');
    const silent = bool(values, 'silent');
    const concurrency = num(values, 'concurrency', { integer: true, min: 1, max: 64, default: 4 })!;
    if (bool(values, 'allow-duplicates') && bool(values, 'disallow-duplicates')) throw usageError('--allow-duplicates and --disallow-duplicates exclude each other');

    const items = await prepare(positionals, category);
    const headers: Record<string, string> = { 'x-api-key': apiKey, 'x-upload-source': 'EDGESIGN_CLI_UPLOADER' };
    if (label !== undefined) headers['x-label'] = encodeURIComponent(label);
    if (!bool(values, 'allow-duplicates')) headers['x-disallow-duplicates'] = '1';

    const total = items.reduce((a, i) => a + i.length, 0);
    let bar: cliProgress.SingleBar | null = null;
    if (!json && !silent && process.stderr.isTTY === true) {
      bar = new cliProgress.SingleBar(
        { format: ' {bar} {percentage}% | {sentMiB}/{totalMiB} MiB | {done}/{files} files', hideCursor: true, clearOnComplete: true, stream: process.stderr, barsize: 30 },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { sentMiB: '0.0', totalMiB: (total / 1048576).toFixed(1), done: 0, files: items.length });
    }
    let sent = 0;
    let done = 0;
    const onChunk = (n: number) => {
      sent += n;
      bar?.update(sent, { sentMiB: (sent / 1048576).toFixed(1), done });
    };

    // Results are printed in the order the files were given, as soon as every earlier one is known.
    const results: Array<(() => Promise<void>) | undefined> = new Array(items.length);
    let printed = 0;
    let failed = 0;
    const flush = async () => {
      while (printed < items.length && results[printed]) await results[printed++]!();
    };
    const client = createClient({ maxSockets: concurrency });
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const index = next++;
        const item = items[index]!;
        const res = await send(client, base, item, headers, onChunk);
        done++;
        bar?.update(sent, { done });
        results[index] = async () => {
          if (res.status === 200) {
            const fileName = res.body.toString('utf8').trim();
            if (json) await out(JSON.stringify({ file: item.file, ok: true, fileName, category: item.category }) + '\n');
            else if (!silent) await out(fileName + '\n');
          } else {
            failed++;
            const r = refusal(res);
            if (json) await out(JSON.stringify({ file: item.file, ok: false, category: item.category, status: res.status, code: r.code, message: r.message }) + '\n');
            err(`edgesign: ${r.code}: ${item.file} refused (HTTP ${res.status}): ${oneLine(r.message)}`);
          }
        };
        await flush();
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
    } finally {
      bar?.stop();
      client.close();
    }
    return failed === 0 ? 0 : 1;
  },
};
