/**
 * Candidate keys for verification (key rotation): validated once, keyed once on the core, then tried
 * in order against a MAC input given as byte pieces.
 * @module
 */

import { EdgesignError } from '../errors.js';
import { HmacSha256 } from '../hash/hmac-sha256.js';
import { checkedHmacKey, VERIFYING_KEY } from '../hash/hmac-key.js';
import { constantTimeEqual } from './constant-time.js';

/**
 * A verification key: the key string (used as its UTF-8 bytes, exactly like Edge Impulse's
 * `createHmac('sha256', key)`) or bytes, optionally with an id that is reported when it matches.
 * Keys given without an id are reported by their index in `keys`, as a string (`"0"`, `"1"`, …).
 */
export type VerifyKey = string | Uint8Array | { readonly id: string; readonly key: string | Uint8Array };

export interface PreparedKey {
  readonly id: string;
  readonly mac: HmacSha256;
}

/**
 * Validates `keys` and keys one HMAC per entry (the core keeps midstates, so later changes to the
 * caller's bytes don't matter). A bad key throws its `E_KEY_*` code (./hash/hmac-key.ts); a list or an
 * id that is not one throws `E_OPTIONS`. An empty list is allowed.
 */
export function prepareKeys(keys: unknown, what = 'keys'): PreparedKey[] {
  if (!Array.isArray(keys)) {
    throw new EdgesignError('E_OPTIONS', `${what} must be an array of keys (strings, Uint8Arrays or { id, key })`);
  }
  return keys.map((entry: unknown, i): PreparedKey => {
    let id = String(i);
    let secret: unknown = entry;
    if (typeof entry === 'object' && entry !== null && !ArrayBuffer.isView(entry) && ('id' in entry || 'key' in entry)) {
      const e = entry as { id?: unknown; key?: unknown };
      if (typeof e.id !== 'string' || e.id.length === 0) throw new EdgesignError('E_OPTIONS', `${what}[${i}].id must be a non-empty string`);
      id = e.id;
      secret = e.key;
    }
    return { id, mac: new HmacSha256(checkedHmacKey(secret, VERIFYING_KEY, `${what}[${i}]`)) };
  });
}

/**
 * HMAC of the concatenated `pieces` under each key in turn; the id of the first key whose tag equals
 * `expected` (constant-time compare), else undefined. `scratch` receives each tag (32 bytes).
 */
export function findMatchingKey(
  keys: readonly PreparedKey[],
  pieces: readonly Uint8Array[],
  expected: Uint8Array,
  scratch: Uint8Array = new Uint8Array(32),
): string | undefined {
  for (const k of keys) {
    const mac = k.mac.reset();
    for (const p of pieces) mac.update(p);
    mac.digestInto(scratch);
    if (constantTimeEqual(scratch, expected)) return k.id;
  }
  return undefined;
}
