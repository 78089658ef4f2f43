// HMAC keys in one place (src/hash/hmac-key.ts + the session's keying): one check and one set of
// codes for HmacSha256, the signer and the verifier; keys longer than the block hashed by the core
// (RFC 2104 §3), checked against node:crypto; key bytes wiped from the module's memory after keying,
// checked by searching the whole memory for them.
import { describe, expect, it } from 'vitest';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  createSigner, createVerifier, HmacSha256, hmacSha256, toHex, verifyAttachment, type SignerOptions,
} from '../packages/edgesign/src/index.js';
import { getCore } from '../packages/edgesign/src/wasm/core.js';
import { thrownCode } from './helpers/thrown-code.js';

const BASE: SignerOptions = { hmacKey: 'x'.repeat(32), deviceType: 'KEYS', intervalMs: 10, sensors: [{ name: 'a', units: 'b' }] };
const WINDOW = 16;

/** Where a run of WINDOW bytes of `needle` occurs in `hay`, or -1. */
function findAnyWindow(hay: Uint8Array, needle: Uint8Array): number {
  const starts = new Map<number, number[]>();
  const nv = new DataView(needle.buffer, needle.byteOffset, needle.byteLength);
  for (let i = 0; i + WINDOW <= needle.length; i++) {
    const k = nv.getUint32(i, true);
    let list = starts.get(k);
    if (list === undefined) starts.set(k, (list = []));
    list.push(i);
  }
  const hv = new DataView(hay.buffer, hay.byteOffset, hay.byteLength);
  for (let j = 0; j + WINDOW <= hay.length; j++) {
    const list = starts.get(hv.getUint32(j, true));
    if (list === undefined) continue;
    for (const i of list) {
      let k = 4;
      while (k < WINDOW && hay[j + k] === needle[i + k]) k++;
      if (k === WINDOW) return j;
    }
  }
  return -1;
}

const code = thrownCode;

describe('key bytes are wiped from the module after keying', () => {
  it('the search finds a key that is in memory (the check can fail)', () => {
    const key = randomBytes(32);
    const core = getCore();
    core.u8.set(key, core.IN + 100);
    expect(findAnyWindow(core.u8, key)).toBe(core.IN + 100);
    core.u8.fill(0, core.IN + 100, core.IN + 132);
  });

  // 16 (short), 32 (Edge Impulse), 64 (one block), 65, 100 and 200 (hashed by the core, RFC 2104 §3;
  // 100 leaves 36 bytes in the partial-block buffer unless the core wipes it),
  // 16385, 16420 and 40000 (longer than the IN window: the core hashes it in pieces).
  for (const len of [16, 32, 64, 65, 100, 200, 16385, 16420, 40000]) {
    it(`HmacSha256, a ${len}-byte key: neither the key nor, when hashed, its digest stays in memory; tags match node:crypto`, () => {
      const key = randomBytes(len);
      const mac = new HmacSha256(key);
      const mem = getCore().u8;
      expect(findAnyWindow(mem, key)).toBe(-1);
      if (len > 64) expect(findAnyWindow(mem, createHash('sha256').update(key).digest())).toBe(-1);
      expect(toHex(mac.update('message').digest())).toBe(createHmac('sha256', key).update('message').digest('hex'));
    });
  }

  // The core compresses K⊕ipad and K⊕opad (RFC 2104 §2) like any block, and its SHA-256 rounds may read
  // a block's words byte-swapped from a scratch area (assembly/sha256-unrolled.ts, compressPeeled):
  // neither the padded key blocks nor their big-endian words may stay behind.
  it('the padded key blocks K⊕ipad and K⊕opad stay in memory in neither byte order', () => {
    const key = randomBytes(32);
    new HmacSha256(key);
    const mem = getCore().u8;
    for (const pad of [0x36, 0x5c]) {
      const block = new Uint8Array(64).fill(pad);
      for (let i = 0; i < key.length; i++) block[i] = key[i]! ^ pad;
      const words = new Uint8Array(64);
      for (let i = 0; i < 64; i += 4) words.set(block.subarray(i, i + 4).reverse(), i);
      expect(findAnyWindow(mem, block.subarray(0, 32))).toBe(-1);
      expect(findAnyWindow(mem, words.subarray(0, 32))).toBe(-1);
    }
  });

  // String keys are written as UTF-8 straight into the module (no encoded copy in the JS heap), up to
  // what the IN window holds at 3 bytes a unit; longer ones are encoded first. 1-, 2-, 3- and 4-byte
  // characters (the last a surrogate pair), on both sides of that boundary (16384 / 3 → 5461 units).
  const IN_UNITS = Math.floor(16384 / 3);
  for (const [name, unit] of [['ASCII', 'k'], ['é', 'é'], ['€', '€'], ['🔑', '🔑']] as const) {
    for (const units of [32, 65, IN_UNITS - 2, IN_UNITS + 2]) {
      const key = unit.repeat(Math.ceil(units / unit.length)).slice(0, units - (units % unit.length));
      it(`a string key of ${key.length} units of ${name} (${Buffer.byteLength(key)} bytes): tags match node:crypto, no key bytes stay in memory`, () => {
        const bytes = Buffer.from(key);
        expect(toHex(new HmacSha256(key).update('m').digest())).toBe(createHmac('sha256', key).update('m').digest('hex'));
        expect(toHex(hmacSha256(key, 'm'))).toBe(createHmac('sha256', key).update('m').digest('hex'));
        const probe = bytes.subarray(0, Math.min(bytes.length, 64));
        expect(findAnyWindow(getCore().u8, probe)).toBe(-1);
      });
    }
  }

  it('a string key is as long as its UTF-8 bytes for the length rules', () => {
    expect(code(() => createSigner({ ...BASE, hmacKey: '€'.repeat(11) }))).toBe('no error'); // 33 bytes
    expect(code(() => createSigner({ ...BASE, hmacKey: '€'.repeat(10) }))).toBe('E_KEY_TOO_SHORT'); // 30 bytes
    expect(code(() => createSigner({ ...BASE, hmacKey: '🔑'.repeat(8) }))).toBe('no error'); // 32 bytes
    expect(code(() => createSigner({ ...BASE, hmacKey: 'é'.repeat(15) + 'a' }))).toBe('E_KEY_TOO_SHORT'); // 31 bytes
  });

  it('the signer, the verifier and the one-shot HMAC leave no key bytes either', () => {
    const key = randomBytes(48).toString('base64'); // 64 ASCII bytes
    const keyBytes = Buffer.from(key);
    const signer = createSigner({ ...BASE, hmacKey: key });
    expect(findAnyWindow(getCore().u8, keyBytes)).toBe(-1);
    const body = signer.sign([1, 2, 3], { iat: 1 });
    const verifier = createVerifier({ keys: [randomBytes(100), key] });
    expect(findAnyWindow(getCore().u8, keyBytes)).toBe(-1);
    expect(verifier.verify(body)).toMatchObject({ ok: true, keyId: '1' });
    expect(toHex(hmacSha256(keyBytes, 'data'))).toBe(createHmac('sha256', keyBytes).update('data').digest('hex'));
    expect(findAnyWindow(getCore().u8, keyBytes)).toBe(-1);
  });

  it('the one-shot HMAC keeps no keyed state in the module after the call', () => {
    const core = getCore();
    const key = randomBytes(32);
    expect(toHex(hmacSha256(key, 'a'))).toBe(createHmac('sha256', key).update('a').digest('hex'));
    const other = randomBytes(32);
    expect(toHex(hmacSha256(other, 'a'))).toBe(createHmac('sha256', other).update('a').digest('hex'));
    expect(getCore()).toBe(core);
    const ctx = core.u8.subarray(core.CTX, core.CTX + core.CTX_SIZE);
    expect(ctx.every((b) => b === 0)).toBe(true);
    // The same call again, after the caller changed the key bytes in place, uses the new bytes.
    key.fill(7);
    expect(toHex(hmacSha256(key, 'a'))).toBe(createHmac('sha256', key).update('a').digest('hex'));
  });
});

describe('one key check, one set of codes', () => {
  const cases: Array<[string, unknown, { hmac: string; signer: string; verifier: string }]> = [
    ['undefined', undefined, { hmac: 'E_KEY_MISSING', signer: 'E_KEY_MISSING', verifier: 'E_KEY_MISSING' }],
    ['null', null, { hmac: 'E_KEY_MISSING', signer: 'E_KEY_MISSING', verifier: 'E_KEY_MISSING' }],
    ['empty string', '', { hmac: 'no error', signer: 'E_KEY_MISSING', verifier: 'E_KEY_MISSING' }],
    ['empty bytes', new Uint8Array(0), { hmac: 'no error', signer: 'E_KEY_MISSING', verifier: 'E_KEY_MISSING' }],
    ['a number', 42, { hmac: 'E_KEY_TYPE', signer: 'E_KEY_TYPE', verifier: 'E_KEY_TYPE' }],
    ['an object', {}, { hmac: 'E_KEY_TYPE', signer: 'E_KEY_TYPE', verifier: 'E_KEY_TYPE' }],
    ['a lone surrogate', '\ud800abc', { hmac: 'E_INVALID_UNICODE', signer: 'E_INVALID_UNICODE', verifier: 'E_INVALID_UNICODE' }],
    ['16 bytes', new Uint8Array(16), { hmac: 'no error', signer: 'E_KEY_TOO_SHORT', verifier: 'no error' }],
    ['32 bytes', 'k'.repeat(32), { hmac: 'no error', signer: 'no error', verifier: 'no error' }],
  ];
  for (const [name, key, expected] of cases) {
    it(`${name}: HmacSha256 ${expected.hmac}, signer ${expected.signer}, verifier ${expected.verifier}`, () => {
      expect(code(() => new HmacSha256(key as never))).toBe(expected.hmac);
      expect(code(() => createSigner({ ...BASE, hmacKey: key as never }))).toBe(expected.signer);
      expect(code(() => createVerifier({ keys: [key as never] }))).toBe(expected.verifier);
      expect(code(() => createVerifier({ keys: [{ id: 'k', key: key as never }] }))).toBe(expected.verifier);
      expect(code(() => verifyAttachment(`Ref-BINARY-a/b (0 bytes) ${'a'.repeat(64)}`, new Uint8Array(0), [key as never]))).toBe(expected.verifier);
    });
  }

  it('allowShortKey lets the signer take short keys, never empty ones', () => {
    expect(code(() => createSigner({ ...BASE, hmacKey: new Uint8Array(16), allowShortKey: true }))).toBe('no error');
    expect(code(() => createSigner({ ...BASE, hmacKey: '', allowShortKey: true }))).toBe('E_KEY_MISSING');
  });

  it('options that are not about a key stay E_OPTIONS', () => {
    expect(code(() => createVerifier({ keys: 'k'.repeat(32) as never }))).toBe('E_OPTIONS');
    expect(code(() => createVerifier({ keys: [{ id: '', key: 'k'.repeat(32) }] }))).toBe('E_OPTIONS');
  });
});
