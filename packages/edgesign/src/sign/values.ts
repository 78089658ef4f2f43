/**
 * Checking sample values and laying them into the core's IN window. The array type decides the
 * numbers' kind (docs/abi.md): Float64Array and number[] are doubles, Float32Array float32, the integer
 * arrays integers. Everything is validated before anything is encoded, and the caller's arrays are
 * only read, never modified.
 * @module
 */
import { EdgesignError } from '../errors.js';
import { describe } from '../encoding.js';

/** Value kinds of the core's ABI. */
export const enum Kind { F64 = 0, F32 = 1, I32 = 2, U32 = 3, I16 = 4, U16 = 5, I8 = 6, U8 = 7 }

export type TypedSamples = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;
/** Rows (`number[][]`), a flat `number[]` (one sensor only), or an interleaved typed array (row-major). */
export type SampleValues = readonly (readonly number[])[] | readonly number[] | TypedSamples;

/** Values checked and ready to be copied into the core, one kind, `count` elements, row-major. */
export interface PreparedValues {
  kind: Kind;
  count: number;
  /** Copies elements [from, from + n) into `dst` (the IN window) as `kind`. */
  copy(dst: Uint8Array, dstOffset: number, from: number, n: number): void;
}

export function kindOf(v: TypedSamples): Kind {
  if (v instanceof Float64Array) return Kind.F64;
  if (v instanceof Float32Array) return Kind.F32;
  if (v instanceof Int32Array) return Kind.I32;
  if (v instanceof Uint32Array) return Kind.U32;
  if (v instanceof Int16Array) return Kind.I16;
  if (v instanceof Uint16Array) return Kind.U16;
  if (v instanceof Int8Array) return Kind.I8;
  return Kind.U8;
}

export const KIND_BYTES = [8, 4, 4, 4, 2, 2, 1, 1] as const;

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
 * The fast path for plain arrays (`number[][]`, or `number[]` with one sensor) that fit the window:
 * checks every value and writes it as a double into `f64` from element `at`, in one pass. Returns the
 * number of values, or -1 when `values` is not such an array or does not fit (then use
 * {@link prepareValues}). On an error nothing has been encoded: only the scratch window was written.
 */
export function writePlainValues(values: unknown, cols: number, f64: Float64Array, at: number): number {
  if (!Array.isArray(values)) return -1;
  const n = values.length;
  if (n === 0) return 0;
  if (Array.isArray(values[0])) {
    if (n * cols > f64.length - at) return -1;
    let i = at;
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
        f64[i++] = x;
      }
    }
    return n * cols;
  }
  if (cols !== 1 || n > f64.length - at) return -1;
  for (let r = 0; r < n; r++) {
    const x: unknown = values[r];
    if (typeof x !== 'number') throw notANumber(r, 0, x, `values[${r}]`);
    if (x - x !== 0) throw nonFinite(r, 0, x);
    f64[at + r] = x;
  }
  return n;
}

/** Checks `values` against `cols` sensors; throws before anything is written. */
export function prepareValues(values: unknown, cols: number): PreparedValues {
  if (isTyped(values)) {
    const kind = kindOf(values);
    if (values.length % cols !== 0) {
      throw new EdgesignError('E_SCHEMA', `${values.length} values do not fill rows of ${cols} sensors`, { path: 'values' });
    }
    if (kind === Kind.F64 || kind === Kind.F32) {
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
      copy(dst, off, from, n) {
        dst.set(bytes.subarray(from * bpe, (from + n) * bpe), off);
      },
    };
  }
  if (!Array.isArray(values)) {
    throw new EdgesignError('E_SCHEMA', `values must be number[][], number[] or a typed array, got ${describe(values)}`, { path: 'values' });
  }
  if (values.length === 0) {
    return { kind: Kind.F64, count: 0, copy() {} };
  }
  if (Array.isArray(values[0])) {
    const rows = values as readonly (readonly number[])[];
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (!Array.isArray(row)) throw new EdgesignError('E_SCHEMA', `row ${r} is ${describe(row)}, not an array`, { path: `values[${r}]`, row: r });
      if (row.length !== cols) {
        throw new EdgesignError('E_SCHEMA', `row ${r} has ${row.length} values, expected ${cols} (one per sensor)`, { path: `values[${r}]`, row: r });
      }
      for (let c = 0; c < cols; c++) {
        const v = row[c];
        if (typeof v !== 'number') throw new EdgesignError('E_SCHEMA', `value at row ${r}, column ${c} is ${describe(v)}, not a number`, { path: `values[${r}][${c}]`, row: r, col: c });
        if (v - v !== 0) throw nonFinite(r, c, v);
      }
    }
    return {
      kind: Kind.F64,
      count: rows.length * cols,
      copy(dst, off, from, n) {
        const f64 = new Float64Array(dst.buffer, dst.byteOffset + off, n);
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
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== 'number') throw new EdgesignError('E_SCHEMA', `value ${i} is ${describe(v)}, not a number`, { path: `values[${i}]`, row: i, col: 0 });
    if (v - v !== 0) throw nonFinite(i, 0, v);
  }
  return {
    kind: Kind.F64,
    count: flat.length,
    copy(dst, off, from, n) {
      const f64 = new Float64Array(dst.buffer, dst.byteOffset + off, n);
      for (let i = 0; i < n; i++) f64[i] = flat[from + i]!;
    },
  };
}
