/**
 * The service's signature policy on top of the library's verifier (`verifyMessage`, issue 4).
 *
 * - `reject` (default): only authentic messages (`HS256` under an active HMAC key) are accepted; every
 *   other result is refused with the verifier's code (400).
 * - `flag` (Edge Impulse's behaviour): unsigned messages (`alg: "none"`) are stored as `unsigned`; messages
 *   whose signature is missing, malformed, the placeholder, or matches no key are stored as `invalid`.
 *   A message that cannot be parsed, or whose header or payload is malformed, is still refused (400),
 *   and so is an `iat` outside the configured window.
 *
 * For a flagged `invalid` message the verifier stops at the signature, so its fields are read with the
 * verifier's own strict scanners and schema checks (no second parser).
 * @module
 */
import { createVerifier, type Verifier, type VerifyKey } from '../verify.js';
import { scanCbor } from '../verify/cbor-scan.js';
import { scanJson } from '../verify/json-scan.js';
import { checkHeader, checkIat, checkPayload, type Payload } from '../verify/schema.js';
import type { SignatureStatus } from './store.js';

/** Verifier codes that mean "not authentic" rather than "malformed": stored as `invalid` under `flag`. */
export const SIGNATURE_CODES: ReadonlySet<string> = new Set(['E_SIG_MISSING', 'E_SIG_FORMAT', 'E_SIG_PLACEHOLDER', 'E_NO_KEY', 'E_SIG_MISMATCH']);

export interface CheckOptions {
  keys: ReadonlyArray<{ id: string; key: string }>;
  policy: 'reject' | 'flag';
  maxAgeSeconds?: number | undefined;
  now?: (() => number) | undefined;
  maxBytes: number;
}

export type CheckResult =
  | {
      ok: true;
      signature: SignatureStatus;
      /** The verifier's code when not `valid`. */
      signatureError: string | null;
      keyId: string | null;
      payload: Payload;
      deviceName: string | null;
      deviceType: string | null;
      iat: number | null;
      encoding: string | null;
    }
  | { ok: false; code: string; message: string };

// Keying the verifier costs two compressions per key; reuse it while the key set is unchanged.
let cached: { id: string; verifier: Verifier } | null = null;

function verifierFor(o: CheckOptions): Verifier {
  const id = JSON.stringify([o.policy, o.maxAgeSeconds ?? null, o.maxBytes, o.keys.map((k) => [k.id, k.key])]);
  if (o.now === undefined && cached?.id === id) return cached.verifier;
  const verifier = createVerifier({
    keys: o.keys as readonly VerifyKey[],
    allowUnsigned: o.policy === 'flag',
    maxAgeSeconds: o.maxAgeSeconds,
    ...(o.now ? { now: o.now } : {}),
    maxBytes: o.maxBytes,
  });
  if (o.now === undefined) cached = { id, verifier };
  return verifier;
}

function nameOf(payload: Payload): { deviceName: string | null; deviceType: string | null } {
  const dn = payload.device_name;
  return { deviceName: typeof dn === 'string' ? dn : null, deviceType: typeof payload.device_type === 'string' ? payload.device_type : null };
}

/** Verifies a message body and applies the signature policy. Never throws for a bad message. */
export function checkMessage(body: Uint8Array, o: CheckOptions): CheckResult {
  const r = verifierFor(o).verify(body);
  if (r.ok) {
    if (r.alg === 'none' && o.policy !== 'flag') {
      return { ok: false, code: 'E_ALG_NONE', message: 'unsigned message (alg "none") refused' };
    }
    const iat = r.protected.iat;
    return {
      ok: true,
      signature: r.alg === 'HS256' ? 'valid' : 'unsigned',
      signatureError: r.alg === 'HS256' ? null : 'E_ALG_NONE',
      keyId: r.alg === 'HS256' ? (r.keyId ?? null) : null,
      payload: r.payload,
      ...nameOf(r.payload),
      iat: typeof iat === 'number' ? iat : null,
      encoding: r.encoding,
    };
  }
  const signatureProblem = SIGNATURE_CODES.has(r.code) || (r.code === 'E_SCHEMA' && r.details?.['path'] === 'signature');
  if (o.policy !== 'flag' || !signatureProblem) return { ok: false, code: r.code, message: r.message };

  // flag: keep it as `invalid`, provided the rest of the message is well-formed.
  const cbor = body[0] !== undefined && body[0] >= 0xa0 && body[0] <= 0xbf;
  let scan = cbor ? scanCbor(body) : scanJson(body);
  if (!scan.ok) scan = cbor ? scanJson(body) : scanCbor(body);
  if (!scan.ok) return { ok: false, code: r.code, message: r.message };
  const header = checkHeader(scan.value);
  if (!header.ok) return { ok: false, code: header.code, message: header.message };
  const iat = checkIat(header.protected);
  if (typeof iat === 'object') return { ok: false, code: iat.code, message: iat.message };
  const bad = checkPayload(scan.value as Record<string, unknown>);
  if (bad) return { ok: false, code: bad.code, message: bad.message };
  if (iat !== undefined && o.maxAgeSeconds !== undefined) {
    const t = o.now ? o.now() : Date.now() / 1000;
    if (t - iat > o.maxAgeSeconds) return { ok: false, code: 'E_STALE', message: `iat ${iat} is ${Math.round(t - iat)} s old (max ${o.maxAgeSeconds} s)` };
    if (iat - t > o.maxAgeSeconds) return { ok: false, code: 'E_FUTURE', message: `iat ${iat} is ${Math.round(iat - t)} s in the future (max ${o.maxAgeSeconds} s)` };
  }
  const payload = (scan.value as Record<string, unknown>)['payload'] as Payload;
  return {
    ok: true,
    signature: 'invalid',
    signatureError: r.code,
    keyId: null,
    payload,
    ...nameOf(payload),
    iat: iat ?? null,
    encoding: cbor ? 'cbor' : 'json',
  };
}
