/**
 * The envelope and payload checks of a data acquisition message (format §1, https://github.com/edgesign/edgesign/blob/main/docs/format.md), after parsing.
 *
 * Policy: required members must be present with the right type (`E_SCHEMA`, with a path); members
 * nobody here knows are ignored (Edge Impulse producers add their own), but the parsers
 * already refused duplicates of any member. `null` counts as absent for the optional `device_name` and
 * `iat` (the Edge Impulse Python SDK serializes unset optionals as `null`).
 * @module
 */

/** The `protected` header as received (unknown members kept). */
export interface ProtectedHeader {
  /** The format version; always `v1`. */
  readonly ver: 'v1';
  /** `HS256` (HMAC-SHA256) or `none` (unsigned). */
  readonly alg: 'HS256' | 'none';
  /** When the message was made, in seconds since the epoch; absent (or `null`) for devices without a clock. */
  readonly iat?: number | null;
  readonly [member: string]: unknown;
}

export interface Sensor {
  readonly name: string;
  readonly units: string;
  readonly [member: string]: unknown;
}

/** The `payload` as received (unknown members kept). */
export interface Payload {
  /** The kind of device, e.g. the board's name. */
  readonly device_type: string;
  /** The device's unique id (e.g. a MAC address), when it sent one. */
  readonly device_name?: string | null;
  /** Milliseconds between rows (may be fractional; 0 for attachments). */
  readonly interval_ms: number;
  /** One sensor per column of `values`. */
  readonly sensors: readonly Sensor[];
  /** Rows of numbers, a flat number list (one sensor), or strings (`Ref-BINARY-…` references). */
  readonly values: ReadonlyArray<number | string | readonly number[]>;
  readonly [member: string]: unknown;
}

export type SchemaCode = 'E_SCHEMA' | 'E_VERSION' | 'E_ALG_UNSUPPORTED' | 'E_IAT_INVALID';

export interface SchemaFailure {
  readonly ok: false;
  readonly code: SchemaCode;
  readonly message: string;
  readonly path: string;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'a byte string';
  return `a ${typeof v}`;
}

function fail(code: SchemaCode, path: string, message: string): SchemaFailure {
  return { ok: false, code, path, message };
}

function wrongType(path: string, want: string, got: unknown): SchemaFailure {
  return fail('E_SCHEMA', path, got === undefined ? `${path} is required (${want})` : `${path} must be ${want}, got ${typeName(got)}`);
}

export interface HeaderOk {
  readonly ok: true;
  readonly protected: ProtectedHeader;
  readonly alg: 'HS256' | 'none';
}

/** Root must be an object/map with an object `protected` holding `ver: "v1"` and a known `alg` (iat: {@link checkIat}). */
export function checkHeader(root: unknown): HeaderOk | SchemaFailure {
  if (!isObject(root)) return wrongType('$', 'an object', root);
  const prot = root['protected'];
  if (!isObject(prot)) return wrongType('protected', 'an object', prot);
  const ver = prot['ver'];
  if (typeof ver !== 'string') return wrongType('protected.ver', 'a string', ver);
  if (ver !== 'v1') return fail('E_VERSION', 'protected.ver', `unsupported version ${JSON.stringify(ver)} (only "v1")`);
  const alg = prot['alg'];
  if (typeof alg !== 'string') return wrongType('protected.alg', 'a string', alg);
  if (alg !== 'HS256' && alg !== 'none') {
    return fail('E_ALG_UNSUPPORTED', 'protected.alg', `unsupported alg ${JSON.stringify(alg)} (only "HS256", or "none" when unsigned messages are allowed)`);
  }
  return { ok: true, protected: prot as ProtectedHeader, alg };
}

/**
 * `protected.iat`: absent or null → undefined; else a finite, non-negative number of seconds (fractional
 * allowed: Python producers send `time.time()`), or `E_IAT_INVALID`.
 */
export function checkIat(prot: ProtectedHeader): number | undefined | SchemaFailure {
  const iat = prot['iat'];
  if (iat === undefined || iat === null) return undefined;
  if (typeof iat !== 'number' || !Number.isFinite(iat) || iat < 0) {
    return fail('E_IAT_INVALID', 'protected.iat', `protected.iat must be a non-negative number of seconds, got ${typeof iat === 'number' ? iat : typeName(iat)}`);
  }
  return iat;
}

/** `payload` per format §1. Returns null when it is well-formed. */
export function checkPayload(root: Record<string, unknown>): SchemaFailure | null {
  const p = root['payload'];
  if (!isObject(p)) return wrongType('payload', 'an object', p);
  if (typeof p['device_type'] !== 'string') return wrongType('payload.device_type', 'a string', p['device_type']);
  const name = p['device_name'];
  if (name !== undefined && name !== null && typeof name !== 'string') return wrongType('payload.device_name', 'a string', name);
  const interval = p['interval_ms'];
  if (typeof interval !== 'number') return wrongType('payload.interval_ms', 'a number', interval);
  if (interval < 0) return fail('E_SCHEMA', 'payload.interval_ms', `payload.interval_ms must not be negative, got ${interval}`);
  const sensors = p['sensors'];
  if (!Array.isArray(sensors)) return wrongType('payload.sensors', 'an array', sensors);
  if (sensors.length === 0) return fail('E_SCHEMA', 'payload.sensors', 'payload.sensors must name at least one sensor');
  for (let i = 0; i < sensors.length; i++) {
    const s: unknown = sensors[i];
    const at = `payload.sensors[${i}]`;
    if (!isObject(s)) return wrongType(at, 'an object', s);
    if (typeof s['name'] !== 'string') return wrongType(`${at}.name`, 'a string', s['name']);
    if (typeof s['units'] !== 'string') return wrongType(`${at}.units`, 'a string', s['units']);
  }
  const values = p['values'];
  if (!Array.isArray(values)) return wrongType('payload.values', 'an array', values);
  for (let i = 0; i < values.length; i++) {
    const row: unknown = values[i];
    if (typeof row === 'number' || typeof row === 'string') continue;
    if (!Array.isArray(row)) return wrongType(`payload.values[${i}]`, 'a number, a string or an array of numbers', row);
    for (let j = 0; j < row.length; j++) {
      if (typeof row[j] !== 'number') return wrongType(`payload.values[${i}][${j}]`, 'a number', row[j]);
    }
  }
  return null;
}
