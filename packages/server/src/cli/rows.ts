/**
 * Sample rows for `edgesign sign`: CSV (an optional header row of sensor names, one row per sample,
 * one column per sensor) or JSON (`number[][]`, or a flat `number[]` for one sensor), and the sensors
 * they belong to (from `--sensor name:units` flags, matched to the columns by order).
 * @module
 */
import { EdgesignError, type Sensor } from 'edgesign';

export interface Rows {
  /** The header row's sensor names, when the CSV had one. */
  header: string[] | null;
  /** Row-major values. */
  rows: number[][];
  /** Columns per row (0 when there are no rows and no header). */
  cols: number;
}

/** Units when none are given (what Edge Impulse's data forwarder writes). */
export const DEFAULT_UNITS = 'N/A';

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `name:units` (units default to N/A). */
export function parseSensorFlag(flag: string): Sensor {
  const at = flag.indexOf(':');
  const name = (at < 0 ? flag : flag.slice(0, at)).trim();
  const units = at < 0 ? DEFAULT_UNITS : flag.slice(at + 1).trim();
  if (name === '') throw new EdgesignError('E_USAGE', `--sensor needs a name (name:units), got ${JSON.stringify(flag)}`);
  return { name, units };
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"').trim() : t;
}

/** Parses CSV text. Blank lines and `#` comment lines are skipped; `,` (or `;`/tab when the first row has no comma) separates cells. */
export function parseCsv(text: string): Rows {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let delimiter: string | null = null;
  let header: string[] | null = null;
  const rows: number[][] = [];
  let cols = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (delimiter === null) delimiter = line.includes(',') ? ',' : line.includes('\t') ? '\t' : line.includes(';') ? ';' : ',';
    const cells = line.split(delimiter).map(unquote);
    const lineNo = i + 1;
    if (header === null && rows.length === 0 && cells.some((c) => !NUMBER_RE.test(c))) {
      if (cells.some((c) => c === '')) throw new EdgesignError('E_CSV_HEADER', `line ${lineNo}: the header row has an empty sensor name`, { line: lineNo });
      const seen = new Set<string>();
      for (const c of cells) {
        if (seen.has(c)) throw new EdgesignError('E_CSV_HEADER', `line ${lineNo}: the header row names ${JSON.stringify(c)} twice`, { line: lineNo });
        seen.add(c);
      }
      header = cells;
      cols = cells.length;
      continue;
    }
    if (cols === 0) cols = cells.length;
    if (cells.length !== cols) {
      throw new EdgesignError('E_CSV_ROW', `line ${lineNo} has ${cells.length} columns, expected ${cols}`, { line: lineNo, row: rows.length });
    }
    const row = new Array<number>(cols);
    for (let c = 0; c < cols; c++) {
      const cell = cells[c]!;
      if (!NUMBER_RE.test(cell)) {
        throw new EdgesignError('E_CSV_VALUE', `line ${lineNo}, column ${c + 1}: ${JSON.stringify(cell)} is not a number`, { line: lineNo, row: rows.length, col: c });
      }
      const v = Number(cell);
      if (!Number.isFinite(v)) {
        throw new EdgesignError('E_NON_FINITE', `line ${lineNo}, column ${c + 1}: ${cell} is out of range for a double`, { line: lineNo, row: rows.length, col: c });
      }
      row[c] = v;
    }
    rows.push(row);
  }
  return { header, rows, cols };
}

/** Parses JSON rows: `number[][]`, or a flat `number[]` (one sensor). */
export function parseJsonRows(text: string): Rows {
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new EdgesignError('E_JSON_PARSE', `the input is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(v)) throw new EdgesignError('E_SCHEMA', 'JSON input must be an array of rows (number[][])', { path: '' });
  if (v.length > 0 && v.every((x) => typeof x === 'number')) {
    return { header: null, rows: (v as number[]).map((x) => [x]), cols: 1 };
  }
  const rows: number[][] = [];
  let cols = 0;
  for (let r = 0; r < v.length; r++) {
    const row: unknown = v[r];
    if (!Array.isArray(row)) throw new EdgesignError('E_SCHEMA', `row ${r} must be an array of numbers`, { row: r });
    if (r === 0) cols = row.length;
    if (row.length !== cols) throw new EdgesignError('E_SCHEMA', `row ${r} has ${row.length} values, expected ${cols}`, { row: r });
    for (let c = 0; c < row.length; c++) {
      if (typeof row[c] !== 'number') throw new EdgesignError('E_SCHEMA', `row ${r}, column ${c} is not a number`, { row: r, col: c });
    }
    rows.push(row as number[]);
  }
  return { header: null, rows, cols };
}

/**
 * The sensors for `rows`: the `--sensor` flags (their count must match the columns, and a header row, if
 * present, must name the same sensors in the same order), else the header's names.
 */
export function resolveSensors(input: Rows, flags: readonly Sensor[]): Sensor[] {
  if (flags.length > 0) {
    if (input.cols !== 0 && flags.length !== input.cols) {
      throw new EdgesignError('E_SENSOR_MISMATCH', `${flags.length} --sensor flag${flags.length === 1 ? '' : 's'} for ${input.cols} column${input.cols === 1 ? '' : 's'} of data`);
    }
    if (input.header) {
      const names = flags.map((s) => s.name);
      if (input.header.some((h, i) => h !== names[i])) {
        throw new EdgesignError('E_SENSOR_MISMATCH', `the header row names ${input.header.join(', ')} but --sensor gives ${names.join(', ')} (same sensors, same order)`);
      }
    }
    return [...flags];
  }
  if (input.header) return input.header.map((name) => ({ name, units: DEFAULT_UNITS }));
  throw new EdgesignError('E_USAGE', 'name the sensors: a CSV header row, or one --sensor name:units per column');
}
