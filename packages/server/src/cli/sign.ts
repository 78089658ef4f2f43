/**
 * `edgesign sign`: CSV or JSON rows (a file or stdin) → one signed data acquisition message (stdout or
 * `--out`), signed by the WebAssembly core.
 * @module
 */
import { extname } from 'node:path';
import { EdgesignError, isEdgesignError, createSigner, type Encoding } from 'edgesign';
import { bool, choice, err, list, num, out, parse, str, usageError, type Command } from './args.js';
import { readInput, writeOutput } from './io.js';
import { parseCsv, parseJsonRows, parseSensorFlag, resolveSensors, type Rows } from './rows.js';

const HELP = `Usage: edgesign sign [FILE] --device-type TYPE --interval-ms MS [options]

Reads sample rows from FILE (or stdin, or "-") and writes the signed message's bytes to stdout
(or --out FILE), nothing else.

Input:
  CSV   an optional header row of sensor names, then one row per sample, one column per sensor
  JSON  number[][] (rows), or number[] with one sensor
  The format comes from --input, else the file extension, else the first character ("[" is JSON).

Options:
  --hmac-key KEY          HMAC key (its UTF-8 bytes, as Edge Impulse uses them); default EDGESIGN_HMAC_KEY
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
    --sensor accX:m/s2 --sensor accY:m/s2 --sensor accZ:m/s2 --hmac-key $KEY > accel.json
  cat rows.json | edgesign sign --format cbor --device-type X --interval-ms 16 --sensor temp:C --out t.cbor
`;

const OPTIONS = {
  'hmac-key': { type: 'string' },
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
    const hmacKey = str(values, 'hmac-key') ?? process.env['EDGESIGN_HMAC_KEY'];
    if (hmacKey === undefined || hmacKey === '') throw usageError('an HMAC key is required: --hmac-key KEY or EDGESIGN_HMAC_KEY', 'E_KEY_MISSING');
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

    const bytes = await readInput(file);
    const text = bytes.toString('utf8');
    const rows = parseRows(text, inputFormat, file);
    const sensors = resolveSensors(rows, sensorFlags);
    const deviceName = str(values, 'device-name');
    const signer = withCliHints(() => createSigner({
      hmacKey,
      deviceType,
      ...(deviceName !== undefined ? { deviceName } : {}),
      intervalMs,
      sensors,
      encoding,
      intervalAsFloat: bool(values, 'interval-as-float'),
      allowShortKey: bool(values, 'allow-short-key'),
    }));
    const values1 = sensors.length === 1 ? rows.rows.map((r) => r[0]!) : rows.rows;
    const message = signer.sign(values1, { iat: iat === undefined ? undefined : iat });
    const target = str(values, 'out');
    if (target !== undefined) await writeOutput(target, message);
    else await out(message);
    if (bool(values, 'verbose')) {
      err(`edgesign sign: ${rows.rows.length} rows × ${sensors.length} sensors → ${message.length} bytes of ${encoding}${target ? ` in ${target}` : ''}`);
    }
    return 0;
  },
};

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

function parseRows(text: string, format: 'csv' | 'json' | 'auto', file: string): Rows {
  let f = format;
  if (f === 'auto') {
    const ext = extname(file).toLowerCase();
    if (ext === '.json') f = 'json';
    else if (ext === '.csv' || ext === '.tsv' || ext === '.txt') f = 'csv';
    else f = text.replace(/^\uFEFF/, '').trimStart().startsWith('[') ? 'json' : 'csv';
  }
  return f === 'json' ? parseJsonRows(text) : parseCsv(text);
}
