/**
 * The service's signature policy (`checkMessage`) on the edges of `flag`: what is stored, and with which
 * code a message is refused, when the signature fails and something else is wrong too.
 */
import { describe, expect, test } from 'vitest';
import { MISMATCH_MESSAGE, checkMessage, type CheckOptions } from '../packages/server/src/service/verification.js';
import { referenceSignJson } from './helpers/reference-signer.js';
import { IAT, KEY, cborMessage, message, placeholderText, signed } from './helpers/verify-fixtures.js';

const OTHER = 'another-key-of-32-characters-xyz';
const keys = [{ id: 'hk_1', key: KEY }];
const enc = (text: string) => new TextEncoder().encode(text);
const check = (body: Uint8Array, o: Partial<CheckOptions> = {}) => checkMessage(body, { keys, policy: 'flag', maxBytes: 1 << 20, ...o });

const m = message();
const stored = (signature: 'valid' | 'invalid' | 'unsigned', signatureError: string | null, over: object = {}) => ({
  ok: true,
  signature,
  signatureError,
  keyId: signature === 'valid' ? 'hk_1' : null,
  payload: m.payload,
  deviceName: m.payload['device_name'],
  deviceType: m.payload['device_type'],
  iat: IAT,
  encoding: 'json',
  ...over,
});

describe('flag: signature failures are stored as invalid when the rest is well-formed', () => {
  test('every signature-class code, JSON and CBOR', () => {
    expect(check(signed())).toEqual(stored('valid', null));
    expect(check(referenceSignJson(m, OTHER))).toEqual(stored('invalid', 'E_SIG_MISMATCH'));
    expect(check(signed(), { keys: [] })).toEqual(stored('invalid', 'E_NO_KEY'));
    expect(check(enc(placeholderText(m)))).toEqual(stored('invalid', 'E_SIG_PLACEHOLDER'));
    expect(check(enc(JSON.stringify({ protected: m.protected, payload: m.payload })))).toEqual(stored('invalid', 'E_SIG_MISSING'));
    expect(check(enc(JSON.stringify({ ...m, signature: 'AB'.repeat(32) })))).toEqual(stored('invalid', 'E_SIG_FORMAT'));
    expect(check(enc(JSON.stringify({ ...m, signature: 42 })))).toEqual(stored('invalid', 'E_SCHEMA'));
    const none = { ...m, protected: { ver: 'v1', alg: 'none' } };
    expect(check(enc(JSON.stringify(none)))).toEqual(stored('unsigned', 'E_ALG_NONE', { iat: null }));
    expect(check(cborMessage())).toMatchObject({ ok: true, signature: 'invalid', signatureError: 'E_SIG_PLACEHOLDER', deviceName: null, deviceType: 'T', iat: null, encoding: 'cbor' });
  });

  test('inside the iat window: stored, iat kept', () => {
    expect(check(referenceSignJson(m, OTHER), { maxAgeSeconds: 300, now: () => IAT + 299 })).toEqual(stored('invalid', 'E_SIG_MISMATCH'));
  });
});

describe('flag: refused when the rest of the message is not fine, with the code of what is wrong there', () => {
  test('a broken payload behind a bad signature is refused as malformed (E_SCHEMA), not by the signature code', () => {
    const noType = message();
    delete (noType.payload as Record<string, unknown>)['device_type'];
    const schema = { ok: false, code: 'E_SCHEMA', message: 'payload.device_type is required (a string)' };
    expect(check(enc(placeholderText(noType)))).toEqual(schema);
    expect(check(enc(JSON.stringify({ ...noType, signature: 42 })))).toEqual(schema);
    expect(check(referenceSignJson(noType, OTHER))).toEqual(schema);
  });

  test('an iat outside the window is refused (E_STALE / E_FUTURE), signed or not', () => {
    const forged = referenceSignJson(m, OTHER);
    expect(check(forged, { maxAgeSeconds: 300, now: () => IAT + 301 })).toEqual({ ok: false, code: 'E_STALE', message: `iat ${IAT} is 301 s old (max 300 s)` });
    expect(check(forged, { maxAgeSeconds: 300, now: () => IAT - 400 })).toEqual({ ok: false, code: 'E_FUTURE', message: `iat ${IAT} is 400 s in the future (max 300 s)` });
    expect(check(signed(), { maxAgeSeconds: 300, now: () => IAT + 301 })).toEqual({ ok: false, code: 'E_STALE', message: `iat ${IAT} is 301 s old (max 300 s)` });
  });

  test('unparseable or a bad header: refused with the verifier code', () => {
    expect(check(enc('{"protected":'))).toMatchObject({ ok: false, code: 'E_JSON_PARSE' });
    expect(check(enc(JSON.stringify({ ...m, protected: { ver: 'v2', alg: 'HS256' }, signature: '00' })))).toMatchObject({ ok: false, code: 'E_VERSION' });
  });
});

describe('reject: every signature failure is refused with the verifier code and message', () => {
  test('mismatch, placeholder and unsigned', () => {
    const o = { policy: 'reject' as const };
    expect(check(referenceSignJson(m, OTHER), o)).toEqual({ ok: false, code: 'E_SIG_MISMATCH', message: MISMATCH_MESSAGE });
    // The same answer whatever the number of active keys: a sender learns nothing about them.
    const three = [...keys, { id: 'hk_2', key: OTHER.replace('x', 'y') }, { id: 'hk_3', key: OTHER.replace('x', 'z') }];
    expect(check(referenceSignJson(m, 'yet-another-key-of-32-characters'), { ...o, keys: three })).toEqual({ ok: false, code: 'E_SIG_MISMATCH', message: MISMATCH_MESSAGE });
    expect(MISMATCH_MESSAGE).not.toMatch(/\d/);
    expect(check(enc(placeholderText(m)), o)).toEqual({ ok: false, code: 'E_SIG_PLACEHOLDER', message: 'signature is the unsigned placeholder (64 zeros)' });
    expect(check(enc(JSON.stringify({ ...m, protected: { ver: 'v1', alg: 'none' } })), o)).toEqual({ ok: false, code: 'E_ALG_NONE', message: 'unsigned message (alg "none") refused; set allowUnsigned to accept it as unsigned' });
    expect(check(signed(), o)).toEqual(stored('valid', null));
  });
});
