/**
 * Shared fixtures for the verifier suites: one plausible message (JSON object and hand-made CBOR) and
 * small helpers to sign hand-edited bytes. Signing goes through the independent reference signer only.
 */
import { createHmac } from 'node:crypto';
import { PLACEHOLDER, rawCbor, referenceSignJson, referenceSignRawCbor, referenceSignRawJson } from './reference-signer.js';
import type { VerifyResult } from '../../packages/edgesign/src/verify/verify-message.js';

export const KEY = 'fed53116f20684c067774ebf9e7bcbdc';
export const IAT = 1_700_000_000;

export interface MessageParts {
  protected?: Record<string, unknown>;
  payload?: Record<string, unknown>;
}

/** A data acquisition message object (signature left for the signer). */
export function message(over: MessageParts = {}): { protected: Record<string, unknown>; signature: string; payload: Record<string, unknown> } {
  return {
    protected: { ver: 'v1', alg: 'HS256', iat: IAT, ...over.protected },
    signature: PLACEHOLDER,
    payload: {
      device_name: 'ac:87:a3:0a:2d:1b',
      device_type: 'DISCO-L475VG-IOT01A',
      interval_ms: 10,
      sensors: [
        { name: 'accX', units: 'm/s2' },
        { name: 'accY', units: 'm/s2' },
      ],
      values: [
        [-9.81, 0.03],
        [1.21, -0.5],
      ],
      ...over.payload,
    },
  };
}

/** Compact JSON text of `m` with the placeholder (to be edited by hand, then signed with {@link signText}). */
export const placeholderText = (m: object = message()): string => JSON.stringify({ ...m, signature: PLACEHOLDER });

export const signText = (text: string, which = 0): Uint8Array => referenceSignRawJson(text, KEY, which);
export const signed = (m: object = message(), style: 'compact' | 'python' | 'pretty' = 'compact'): Uint8Array => referenceSignJson(m, KEY, { style });

/** Signs JSON bytes that need not be valid UTF-8: the first `"signature":"<zeros>"` gets the MAC. */
export function signJsonBytes(bytes: Uint8Array): Uint8Array {
  const buf = Buffer.from(bytes);
  const at = buf.indexOf(`"signature":"${PLACEHOLDER}"`) + 13;
  const mac = createHmac('sha256', KEY).update(buf).digest('hex');
  buf.write(mac, at, 'ascii');
  return new Uint8Array(buf);
}

export const code = (r: VerifyResult): string => (r.ok ? 'ok' : r.code);

// ---- hand-made CBOR ------------------------------------------------------------------------------

const { text, map, array, indefiniteArray, f64, uint } = rawCbor;

export const cborSensors = array([map([['name', text('accX')], ['units', text('m/s2')]])]);

export function cborPayload(values: Uint8Array = indefiniteArray([array([f64(1.5)]), array([f64(-9.81)])]), extra: Array<[string | Uint8Array, Uint8Array]> = []): Uint8Array {
  return map([
    ['device_type', text('T')],
    ['interval_ms', uint(10)],
    ['sensors', cborSensors],
    ['values', values],
    ...extra,
  ]);
}

export function cborProtected(extra: Array<[string | Uint8Array, Uint8Array]> = []): Uint8Array {
  return map([['ver', text('v1')], ['alg', text('HS256')], ...extra]);
}

export interface CborParts {
  prot?: Uint8Array;
  sig?: Uint8Array;
  payload?: Uint8Array;
}

export function cborMessage({ prot = cborProtected(), sig = text(PLACEHOLDER), payload = cborPayload() }: CborParts = {}): Uint8Array {
  return map([['protected', prot], ['signature', sig], ['payload', payload]]);
}

export const signedCbor = (parts: CborParts = {}): Uint8Array => referenceSignRawCbor(cborMessage(parts), KEY);
