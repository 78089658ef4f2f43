/**
 * The service's signature policy on top of the library's verifier (`verifyMessage`).
 *
 * - `reject` (default): only authentic messages (`HS256` under an active HMAC key) are accepted; every
 *   other result is refused with the verifier's code (400).
 * - `flag` (Edge Impulse's behaviour): unsigned messages (`alg: "none"`) are stored as `unsigned`; messages
 *   whose signature is missing, malformed, the placeholder, or matches no key are stored as `invalid`.
 *   A message that cannot be parsed, or whose header or payload is malformed, is still refused (400),
 *   and so is an `iat` outside the configured window.
 *
 * Under `reject` the verifier checks the MAC before materialising any value (`macFirst`): a body
 * with a wrong tag is refused with `E_SIG_MISMATCH` at the cost of a skim and an HMAC, even when it
 * is malformed too.
 *
 * For a flagged `invalid` message the verifier's failure carries the rest of its verdict with the
 * signature set aside (`unauthenticated`: the fields as received, or the payload / `iat` window
 * failure), so the message is parsed once, by the verifier.
 * @module
 */
import { createVerifier, type Payload, type Verifier, type VerifyKey, type VerifySuccess } from 'edgesign';
import type { SignatureStatus } from './store.js';

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

// Keying the verifier costs two compressions per key; reuse it while the settings and the key ids are
// unchanged. A key id names one secret for good (a key's secret never changes), so the ids say which
// secrets the verifier holds without the secrets themselves taking part in the comparison.
let cached: { tag: string; verifier: Verifier } | null = null;
// The clock the cached verifier reads: the caller's `now` of the current call (tests), else the system clock.
let currentNow: (() => number) | undefined;
const clock = () => (currentNow ? currentNow() : Date.now() / 1000);

function verifierFor(o: CheckOptions): Verifier {
  currentNow = o.now;
  const tag = `${o.policy}|${o.maxAgeSeconds ?? ''}|${o.maxBytes}|${o.keys.map((k) => k.id).join(',')}`;
  if (cached?.tag === tag) return cached.verifier;
  const verifier = createVerifier({
    keys: o.keys as readonly VerifyKey[],
    allowUnsigned: o.policy === 'flag',
    maxAgeSeconds: o.maxAgeSeconds,
    now: clock,
    maxBytes: o.maxBytes,
    // Under reject a wrong signature is refused whatever else is wrong: check the MAC before any value
    // is built, so a large forged body costs one skim and one HMAC, not a parse. Under flag the fields
    // of a bad message are stored, so it is parsed anyway.
    macFirst: o.policy === 'reject',
  });
  cached = { tag, verifier };
  return verifier;
}

/** What is stored of a message the policy keeps (authentic, or marked `unsigned` / `invalid`). */
function kept(m: Pick<VerifySuccess, 'protected' | 'payload' | 'encoding'>, signature: SignatureStatus, signatureError: string | null, keyId: string | null): CheckResult {
  const { payload, encoding } = m;
  const dn = payload.device_name;
  const iat = m.protected.iat;
  return {
    ok: true,
    signature,
    signatureError,
    keyId,
    payload,
    deviceName: typeof dn === 'string' ? dn : null,
    deviceType: typeof payload.device_type === 'string' ? payload.device_type : null,
    iat: typeof iat === 'number' ? iat : null,
    encoding,
  };
}

/**
 * What a sender is told when no key matches. The verifier's own message counts the keys it tried; a
 * sender learns nothing about the project's keys from the service (not even how many are active).
 */
export const MISMATCH_MESSAGE = 'the signature does not match any active HMAC key';

/** Verifies a message body and applies the signature policy. Never throws for a bad message. */
export function checkMessage(body: Uint8Array, o: CheckOptions): CheckResult {
  const r = verifierFor(o).verify(body);
  if (r.ok) {
    // Guard, not a path: the verifier only allows unsigned messages under `flag` (verifierFor), and an
    // unsigned message must never be stored under `reject` even if that ever changes.
    if (r.alg === 'none' && o.policy !== 'flag') {
      return { ok: false, code: 'E_ALG_NONE', message: 'unsigned message (alg "none") refused' };
    }
    return r.alg === 'HS256' ? kept(r, 'valid', null, r.keyId ?? null) : kept(r, 'unsigned', 'E_ALG_NONE', null);
  }
  // Not about the signature (malformed, or an authentic message out of the iat window), or `reject`:
  // refused with the verifier's code.
  const rest = r.unauthenticated;
  if (o.policy !== 'flag' || rest === undefined) return { ok: false, code: r.code, message: r.code === 'E_SIG_MISMATCH' ? MISMATCH_MESSAGE : r.message };

  // flag: keep it as `invalid`, provided the rest of the message is well-formed and inside the window.
  if (!rest.ok) return { ok: false, code: rest.code, message: rest.message };
  return kept(rest, 'invalid', r.code, null);
}
