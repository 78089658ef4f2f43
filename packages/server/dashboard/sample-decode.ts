/**
 * Reads a stored sample's raw bytes the way the service's verifier does, with the SDK's own strict
 * JSON and CBOR scanners (`verifyMessage`), so the page never decodes a message differently from the
 * service. The page holds no HMAC key: it passes none, so the SDK never compiles its WebAssembly core
 * (no `'wasm-unsafe-eval'` in the CSP), and the fields come from the result's documented
 * `unauthenticated` part. Whether the signature held is the service's verdict (the sample's
 * `signature` status), never this page's.
 * @module
 */
import { verifyMessage, type Payload, type ProtectedHeader } from 'edgesign';

export interface DecodedSample {
  protected: ProtectedHeader;
  payload: Payload;
  encoding: 'json' | 'cbor';
}

export type DecodeResult = { ok: true; message: DecodedSample } | { ok: false; code: string; message: string };

/** Decodes a message body; for a multipart upload, the part that is a data acquisition message. */
export async function decodeSample(bytes: Uint8Array, contentType: string): Promise<DecodeResult> {
  if (/^multipart\/form-data/i.test(contentType)) {
    // The browser's own multipart parser (the Fetch standard's FormData from a body).
    let form: FormData;
    try {
      form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return { ok: false, code: 'E_MULTIPART', message: 'the multipart body could not be read' };
    }
    let last: DecodeResult = { ok: false, code: 'E_MESSAGE_MISSING', message: 'no part of the upload is a data acquisition message' };
    const values: FormDataEntryValue[] = [];
    form.forEach((value) => values.push(value));
    for (const value of values) {
      const part = typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(await value.arrayBuffer());
      const r = decodeMessage(part);
      if (r.ok) return r;
      last = r;
    }
    return last;
  }
  return decodeMessage(bytes);
}

function decodeMessage(bytes: Uint8Array): DecodeResult {
  const r = verifyMessage(bytes, { keys: [], allowUnsigned: true });
  if (r.ok) return { ok: true, message: { protected: r.protected, payload: r.payload, encoding: r.encoding } };
  const u = r.unauthenticated;
  if (u?.ok) return { ok: true, message: { protected: u.protected, payload: u.payload, encoding: u.encoding } };
  const why = u && !u.ok ? u : r;
  return { ok: false, code: why.code, message: why.message };
}

/** A sensor's series: its name, units and one value per row. */
export interface Series {
  label: string;
  values: number[];
}

/**
 * The payload's values as one series per sensor against time in milliseconds (row i at
 * `i * interval_ms`): rows (`number[][]`) or, with one sensor, a flat `number[]`. Null for values the
 * page cannot plot (a binary tail or attachment reference such as `["Ref-BINARY-i16"]`).
 */
export function toSeries(payload: Payload): { timeMs: number[]; series: Series[] } | null {
  const values = payload.values as unknown[];
  const sensors = payload.sensors;
  if (!Array.isArray(values) || values.some((v) => typeof v === 'string')) return null;
  const rows: number[][] = values.map((v) => (Array.isArray(v) ? (v as number[]) : [v as number]));
  const interval = Number(payload.interval_ms);
  const timeMs = rows.map((_, i) => i * interval);
  const series = sensors.map((s, j) => ({ label: s.units ? `${s.name} (${s.units})` : s.name, values: rows.map((r) => r[j] as number) }));
  return { timeMs, series };
}
