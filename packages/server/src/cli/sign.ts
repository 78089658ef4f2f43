/**
 * `edgesign sign`: CSV or JSON rows (a file or stdin) → one signed data acquisition message (stdout or
 * `--out`), signed by the WebAssembly core.
 * @module
 */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { EdgesignError, isEdgesignError, createSigner, type Encoding, type MessageStream, type Sensor } from 'edgesign';
import { bool, choice, err, list, num, out, parse, str, usageError, type Command } from './args.js';
import { readHead, writeOutput } from './io.js';
import { csvRows } from './csv-rows.js';
import { MessageFile } from './message-file.js';
import { ARGV_SECRET_NOTE, secret, secretOptions, stdinOnce } from './secrets.js';
import { parseJsonRows, parseSensorFlag, resolveSensors } from './rows.js';

const HELP = `Usage: edgesign sign [FILE] --device-type TYPE --interval-ms MS [options]

Reads sample rows from FILE (or stdin, or "-") and writes the signed message's bytes to stdout
(or --out FILE), nothing else.

Input:
  CSV   an optional header row of sensor names, then one row per sample, one column per sensor
  JSON  number[][] (rows), or number[] with one sensor
  The format comes from --input, else the file extension, else the first character ("[" is JSON).

Options:
  --hmac-key-file FILE    a file holding the HMAC key ("-": stdin); default EDGESIGN_HMAC_KEY.
                          The key's UTF-8 bytes are the MAC key, as Edge Impulse uses them.
  --hmac-key KEY          the key on the command line (discouraged, see below)
  --device-type TYPE      payload.device_type (required)
  --device-name NAME      payload.device_name (e.g. a MAC address); omitted when not given
  --interval-ms MS        milliseconds between rows (required; fractions allowed)
  --sensor NAME:UNITS     one per column, in order (repeatable); a CSV header, if present, must match
  --format json|cbor      message encoding (default json)
  --iat SECONDS           protected.iat (default: now)
  --no-iat                no iat (devices without a clock)
  --input csv|json        input format (default: detected)
  --out FILE              write the message to FILE instead of stdout
  --interval-as-float     CBOR: interval_ms always a float, like Edge Impulse's C SDK
  --allow-short-key       accept an HMAC key shorter than 32 bytes
  --verbose               a line about the message on stderr
  -h, --help              this help
  --version               edgesign's version

Examples:
  edgesign sign accel.csv --device-type DISCO-L475VG-IOT01A --interval-ms 10 \\
    --sensor accX:m/s2 --sensor accY:m/s2 --sensor accZ:m/s2 --hmac-key-file hmac.key > accel.json
  cat rows.json | EDGESIGN_HMAC_KEY=… edgesign sign --format cbor --device-type X --interval-ms 16 --sensor temp:C --out t.cbor

${ARGV_SECRET_NOTE}
`;

const OPTIONS = {
  ...secretOptions('hmac-key'),
  'device-type': { type: 'string' },
  'device-name': { type: 'string' },
  'interval-ms': { type: 'string' },
  sensor: { type: 'string', multiple: true },
  format: { type: 'string' },
  iat: { type: 'string' },
  'no-iat': { type: 'boolean' },
  input: { type: 'string' },
  out: { type: 'string' },
  'interval-as-float': { type: 'boolean' },
  'allow-short-key': { type: 'boolean' },
} as const;

export const signCommand: Command = {
  name: 'sign',
  summary: 'sign CSV or JSON rows into an Edge Impulse data acquisition message',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parse('sign', argv, OPTIONS, 1);
    const file = positionals[0] ?? '-';
    stdinOnce(values, 'hmac-key', [file]);
    const hmacKey = secret(values, 'hmac-key', 'EDGESIGN_HMAC_KEY', 'E_KEY_MISSING');
    if (hmacKey === undefined) throw usageError('an HMAC key is required: --hmac-key-file FILE or EDGESIGN_HMAC_KEY', 'E_KEY_MISSING');
    const deviceType = str(values, 'device-type');
    if (deviceType === undefined) throw usageError('--device-type is required (see edgesign sign --help)');
    const intervalMs = num(values, 'interval-ms', { min: 0, minExclusive: true });
    if (intervalMs === undefined) throw usageError('--interval-ms is required (see edgesign sign --help)');
    const encoding = choice<Encoding>(values, 'format', ['json', 'cbor'], 'json');
    if (bool(values, 'no-iat') && str(values, 'iat') !== undefined) throw usageError('--iat and --no-iat exclude each other');
    const iat = bool(values, 'no-iat') ? null : num(values, 'iat', { integer: true, min: 0 });
    if (bool(values, 'interval-as-float') && encoding !== 'cbor') throw usageError('--interval-as-float applies to --format cbor only');
    const sensorFlags = list(values, 'sensor').map(parseSensorFlag);
    const inputFormat = choice<'csv' | 'json' | 'auto'>(values, 'input', ['csv', 'json'], 'auto');
    if (file === '-' && process.stdin.isTTY) throw usageError('no input: give a FILE, or pipe rows on stdin (see edgesign sign --help)');

    const deviceName = str(values, 'device-name');
    const target = str(values, 'out') ?? null;
    const makeSigner = (sensors: Sensor[]) =>
      withCliHints(() =>
        createSigner({
          hmacKey,
          deviceType,
          ...(deviceName !== undefined ? { deviceName } : {}),
          intervalMs,
          sensors,
          encoding,
          intervalAsFloat: bool(values, 'interval-as-float'),
          allowShortKey: bool(values, 'allow-short-key'),
        }),
      );
    const signOptions = { iat: iat === undefined ? undefined : iat };

    const { head, stream } = await openInput(file);
    if (detectFormat(inputFormat, file, head) === 'json') {
      // JSON is one document: read whole (a recording too long for memory belongs in a CSV).
      const rows = parseJsonRows((await readAll(stream)).toString('utf8'));
      const sensors = resolveSensors(rows, sensorFlags);
      const message = makeSigner(sensors).sign(sensors.length === 1 ? rows.rows.map((r) => r[0]!) : rows.rows, signOptions);
      if (target !== null) await writeOutput(target, message);
      else await out(message);
      if (bool(values, 'verbose')) err(`edgesign sign: ${rows.rows.length} rows × ${sensors.length} sensors → ${message.length} bytes of ${encoding}${target ? ` in ${target}` : ''}`);
      return 0;
    }

    // CSV streams: batches of rows are signed as they are parsed and written to a temporary file; the
    // signature is patched in at the end. Memory stays bounded whatever the length of the recording.
    const csv = csvRows(stream);
    const output = new MessageFile(target);
    let rowCount = 0;
    let sensors: Sensor[] | null = null;
    try {
      let msg: MessageStream | null = null;
      for await (const batch of csv.batches) {
        if (msg === null) {
          sensors = resolveSensors(csv, sensorFlags);
          msg = makeSigner(sensors).stream(signOptions);
        }
        rowCount += batch.length;
        await output.write(msg.append(sensors!.length === 1 ? batch.map((r) => r[0]!) : batch));
      }
      if (msg === null) {
        // No rows: the same refusals as for any empty input (no sensors: E_USAGE; else E_EMPTY).
        sensors = resolveSensors(csv, sensorFlags);
        makeSigner(sensors).sign([], signOptions);
        throw new EdgesignError('E_EMPTY', 'no values to sign: a message needs at least one row');
      }
      await output.finish(msg.finish());
    } catch (e) {
      await output.discard();
      throw e;
    }
    if (bool(values, 'verbose')) {
      err(`edgesign sign: ${rowCount} rows × ${sensors!.length} sensors → ${output.bytes} bytes of ${encoding}${target ? ` in ${target}` : ''}`);
    }
    return 0;
  },
};

/** The input as a stream, with its first bytes (for format detection) still in it. */
async function openInput(file: string): Promise<{ head: Buffer; stream: NodeJS.ReadableStream }> {
  if (file !== '-') {
    const head = Buffer.from(await readHead(file, 256));
    // Small reads: csv-parse turns each chunk into all of its records at once, and those records
    // outlive a young-generation collection while they wait to be signed. 256 KiB chunks (13k rows)
    // grew the heap to a 146 MiB peak RSS on a 2M-row CSV; 16 KiB chunks keep it near 112 MiB at 2M
    // and 4M rows alike (bench/cli-memory.mjs), and sign no slower.
    return { head, stream: createReadStream(file, { highWaterMark: 16 * 1024 }) };
  }
  const it = process.stdin[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : Buffer.from(first.value as Buffer);
  const rest = async function* () {
    if (head.length > 0) yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value as Buffer;
  };
  return { head, stream: Readable.from(rest()) };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/** Library messages name library options; say the CLI flag instead. */
function withCliHints<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isEdgesignError(e) && e.code === 'E_KEY_TOO_SHORT') {
      throw new EdgesignError(e.code, e.message.replace(/\(pass allowShortKey: true to accept it\)/, '(--allow-short-key accepts it)'));
    }
    throw e;
  }
}

/** `--input`, else the file extension, else the first character (`[` is JSON). */
function detectFormat(format: 'csv' | 'json' | 'auto', file: string, head: Buffer): 'csv' | 'json' {
  if (format !== 'auto') return format;
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  return head.toString('utf8').replace(/^\uFEFF/, '').trimStart().startsWith('[') ? 'json' : 'csv';
}
