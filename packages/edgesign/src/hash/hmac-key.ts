/**
 * The one check of an HMAC key, for the signer, the verifier and `HmacSha256` alike, with one set of
 * codes: `E_KEY_MISSING` (no key, or an empty one where that is refused), `E_KEY_TYPE` (not a string
 * or bytes), `E_KEY_TOO_SHORT` (fewer bytes than the policy's minimum), and `E_INVALID_UNICODE` for a
 * string with a lone surrogate (it has no UTF-8 bytes). A string key is its UTF-8 bytes, exactly like
 * node:crypto's `createHmac('sha256', string)`: Edge Impulse's 32-hex-character keys are 32 ASCII bytes,
 * never hex-decoded. Keys longer than the block are hashed by the core (RFC 2104 §3), not here.
 * @module
 */
import { EdgesignError } from '../errors.js';
import { assertWellFormed, describe, utf8Length } from '../encoding.js';

export interface KeyPolicy {
  /** Accept a key of zero bytes (RFC 2104 allows it; a signer or verifier must not). */
  readonly allowEmpty: boolean;
  /** Fewest bytes accepted (RFC 2104 §3: less than the 32-byte output "is strongly discouraged"). */
  readonly minBytes: number;
}

/** What HMAC itself accepts (as node:crypto does): any key, even empty. */
export const ANY_KEY: KeyPolicy = { allowEmpty: true, minBytes: 0 };
/** A verifier's candidate keys: anything but empty, which would accept messages nobody keyed. */
export const VERIFYING_KEY: KeyPolicy = { allowEmpty: false, minBytes: 1 };
/** Edge Impulse's HMAC keys are 32 bytes; a signer refuses shorter ones unless told otherwise. */
export const MIN_SIGNING_KEY_BYTES = 32;

export function signingKeyPolicy(allowShortKey: boolean): KeyPolicy {
  return { allowEmpty: false, minBytes: allowShortKey ? 1 : MIN_SIGNING_KEY_BYTES };
}

/**
 * The key checked against `policy`: its bytes, or a well-formed string standing for its UTF-8 bytes
 * (the core session writes those straight into the module, so no encoded copy is left in the JS heap).
 * `what` names it in messages (e.g. `keys[2]`).
 */
export function checkedHmacKey(key: unknown, policy: KeyPolicy, what = 'the HMAC key'): Uint8Array | string {
  if (key === undefined || key === null) {
    throw new EdgesignError('E_KEY_MISSING', `${what} is required (edgesign never falls back to a default key)`);
  }
  let checked: Uint8Array | string;
  let length: number;
  if (typeof key === 'string') {
    assertWellFormed(key, what);
    checked = key;
    length = utf8Length(key);
  } else if (key instanceof Uint8Array) {
    checked = key;
    length = key.length;
  } else if (ArrayBuffer.isView(key)) {
    checked = new Uint8Array(key.buffer, key.byteOffset, key.byteLength);
    length = checked.length;
  } else throw new EdgesignError('E_KEY_TYPE', `${what} must be a string or a Uint8Array, got ${describe(key)}`);
  if (length === 0 && !policy.allowEmpty) {
    throw new EdgesignError('E_KEY_MISSING', `${what} is empty: an empty key would accept messages anyone can sign`);
  }
  if (length < policy.minBytes) {
    const hint = policy.minBytes === MIN_SIGNING_KEY_BYTES ? ' (pass allowShortKey: true to accept it)' : '';
    throw new EdgesignError('E_KEY_TOO_SHORT', `${what} has ${length} bytes, at least ${policy.minBytes} are required${hint}`);
  }
  return checked;
}
