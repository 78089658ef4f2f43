/**
 * Checking sample values and laying them into the core's value window. The array type decides the
 * numbers' kind (https://github.com/edgesign/edgesign/blob/main/docs/abi.md): Float64Array and number[] are doubles, Float32Array float32, the integer
 * arrays integers. Everything is validated before anything is encoded, and the caller's arrays are
 * only read, never modified. Where the window is in the module's memory is src/wasm's business: this
 * module writes into the views it is given, from index 0.
 * @module
 */
import { EdgesignError } from '../errors.js';
import { describe } from '../encoding.js';
import { ValueKind } from '../wasm/abi.js';
import type { ValueSource, ValueWindow } from '../wasm/session.js';

/** Interleaved (row-major) samples as a typed array: each element type is written as its kind (float32, double or integer). */
export type TypedSamples = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;
/** Rows (`number[][]`), a flat `number[]` (one sensor only), or an interleaved typed array (row-major). */
export type SampleValues = readonly (readonly number[])[] | readonly number[] | TypedSamples;

export function kindOf(v: TypedSamples): ValueKind {
  if (v instanceof Float64Array) return ValueKind.F64;
  if (v instanceof Float32Array) return ValueKind.F32;
  if (v instanceof Int32Array) return ValueKind.I32;
  if (v instanceof Uint32Array) return ValueKind.U32;
  if (v instanceof Int16Array) return ValueKind.I16;
  if (v instanceof Uint16Array) return ValueKind.U16;
  if (v instanceof Int8Array) return ValueKind.I8;
  return ValueKind.U8;
}

function isTyped(v: unknown): v is TypedSamples {
  return v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint32Array ||
    v instanceof Int16Array || v instanceof Uint16Array || v instanceof Int8Array ||
    (v instanceof Uint8Array && !(v instanceof Uint8ClampedArray));
}

function nonFinite(row: number, col: number, v: number): EdgesignError {
  return new EdgesignError('E_NON_FINITE', `value at row ${row}, column ${col} is ${v}: only finite numbers can be signed`, { row, col });
}

function notANumber(row: number, col: number, v: unknown, path: string): EdgesignError {
  return new EdgesignError('E_SCHEMA', `value at row ${row}, column ${col} is ${describe(v)}, not a number`, { path, row, col });
}

/**
 * The one check of plain arrays — `number[][]` rows of `cols` values, or a flat `number[]` when
 * `rows` is false — value by value; each value is also written as a double into `dst` from index 0
 * when `dst` is given (the signer's fast path checks while it copies). Returns the number of values.
 */
function checkPlain(values: readonly unknown[], rows: boolean, cols: number, dst: Float64Array | null): number {
  const n = values.length;
  if (!rows) {
    for (let r = 0; r < n; r++) {
      const x: unknown = values[r];
      if (typeof x !== 'number') throw notANumber(r, 0, x, `values[${r}]`);
      if (x - x !== 0) throw nonFinite(r, 0, x);
      if (dst !== null) dst[r] = x;
    }
    return n;
  }
  let i = 0;
  for (let r = 0; r < n; r++) {
    const row: unknown = values[r];
    if (!Array.isArray(row)) throw new EdgesignError('E_SCHEMA', `row ${r} is ${describe(row)}, not an array`, { path: `values[${r}]`, row: r });
    if (row.length !== cols) {
      throw new EdgesignError('E_SCHEMA', `row ${r} has ${row.length} values, expected ${cols} (one per sensor)`, { path: `values[${r}]`, row: r });
    }
    for (let c = 0; c < cols; c++) {
      const x: unknown = row[c];
      if (typeof x !== 'number') throw notANumber(r, c, x, `values[${r}][${c}]`);
      if (x - x !== 0) throw nonFinite(r, c, x);
      if (dst !== null) dst[i] = x;
      i++;
    }
  }
  return i;
}

/**
 * The fast path for plain arrays (`number[][]`, or `number[]` with one sensor) that fit `dst`: checks
 * every value and writes it as a double into `dst`, in one pass. Returns the number of values, or -1
 * when `values` is not such an array or does not fit (then use {@link prepareValues}). On an error
 * nothing has been encoded: only the window was written.
 */
export function writePlainValues(values: unknown, cols: number, dst: Float64Array): number {
  if (!Array.isArray(values)) return -1;
  const n = values.length;
  if (n === 0) return 0;
  const rows = Array.isArray(values[0]);
  if (rows ? n * cols > dst.length : cols !== 1 || n > dst.length) return -1;
  return checkPlain(values, rows, cols, dst);
}

/** Checks `values` against `cols` sensors; throws before anything is written. */
export function prepareValues(values: unknown, cols: number): ValueSource {
  if (isTyped(values)) {
    const kind = kindOf(values);
    if (values.length % cols !== 0) {
      throw new EdgesignError('E_SCHEMA', `${values.length} values do not fill rows of ${cols} sensors`, { path: 'values' });
    }
    if (kind === ValueKind.F64 || kind === ValueKind.F32) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (v - v !== 0) throw nonFinite(Math.floor(i / cols), i % cols, v);
      }
    }
    const bpe = values.BYTES_PER_ELEMENT;
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    return {
      kind,
      count: values.length,
      copy(into: ValueWindow, from: number, n: number) {
        into.bytes.set(bytes.subarray(from * bpe, (from + n) * bpe));
      },
    };
  }
  if (!Array.isArray(values)) {
    throw new EdgesignError('E_SCHEMA', `values must be number[][], number[] or a typed array, got ${describe(values)}`, { path: 'values' });
  }
  if (values.length === 0) {
    return { kind: ValueKind.F64, count: 0, copy() {} };
  }
  if (Array.isArray(values[0])) {
    const rows = values as readonly (readonly number[])[];
    const count = checkPlain(rows, true, cols, null);
    return {
      kind: ValueKind.F64,
      count,
      copy(into: ValueWindow, from: number, n: number) {
        const f64 = into.f64;
        let r = from / cols;
        let i = 0;
        while (i < n) {
          const row = rows[r++]!;
          for (let c = 0; c < cols; c++) f64[i++] = row[c]!;
        }
      },
    };
  }
  if (cols !== 1) {
    throw new EdgesignError('E_SCHEMA', `a flat number[] needs exactly one sensor, this signer has ${cols}; pass rows (number[][]) or an interleaved typed array`, { path: 'values' });
  }
  const flat = values as readonly number[];
  const count = checkPlain(flat, false, 1, null);
  return {
    kind: ValueKind.F64,
    count,
    copy(into: ValueWindow, from: number, n: number) {
      const f64 = into.f64;
      for (let i = 0; i < n; i++) f64[i] = flat[from + i]!;
    },
  };
}
