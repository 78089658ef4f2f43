/**
 * Sample rows for `edgesign sign`: JSON (`number[][]`, or a flat `number[]` for one sensor; CSV is
 * streamed by csv-rows.ts), and the sensors they belong to (from `--sensor name:units` flags, matched
 * to the columns by order).
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

/** `name:units` (units default to N/A). */
export function parseSensorFlag(flag: string): Sensor {
  const at = flag.indexOf(':');
  const name = (at < 0 ? flag : flag.slice(0, at)).trim();
  const units = at < 0 ? DEFAULT_UNITS : flag.slice(at + 1).trim();
  if (name === '') throw new EdgesignError('E_USAGE', `--sensor needs a name (name:units), got ${JSON.stringify(flag)}`);
  return { name, units };
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
export function resolveSensors(input: Pick<Rows, 'header' | 'cols'>, flags: readonly Sensor[]): Sensor[] {
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
