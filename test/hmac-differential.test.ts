// Differential tests of the core against node:crypto (OpenSSL): every length 0–1024 under keys of
// every interesting length, random chunk splits, interleaved objects, strings, offsets, big inputs.
import { describe, expect, it } from 'vitest';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { hmacSha256, HmacSha256, sha256, Sha256, toHex } from '../packages/edgesign/src/index.js';
import { thrownCode } from './helpers/thrown-code.js';

const nodeHmac = (k: Uint8Array | string, d: Uint8Array | string) => createHmac('sha256', k).update(d).digest('hex');

describe('HMAC-SHA256 against node:crypto', () => {
  it('every message length 0–1024 with keys of 0, 1, 32, 63, 64, 65 and 200 bytes', () => {
    const data = randomBytes(1024);
    for (const klen of [0, 1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(klen);
      const mac = new HmacSha256(key);
      for (let len = 0; len <= 1024; len++) {
        const msg = data.subarray(0, len);
        const expected = nodeHmac(key, msg);
        expect(toHex(hmacSha256(key, msg)), `klen=${klen} len=${len} one-shot`).toBe(expected);
        expect(toHex(mac.reset().update(msg).digest()), `klen=${klen} len=${len} reused`).toBe(expected);
      }
    }
  });

  it('SHA-256 of every length 0–1024', () => {
    const data = randomBytes(1024);
    for (let len = 0; len <= 1024; len++) {
      expect(toHex(sha256(data.subarray(0, len))), `len=${len}`).toBe(createHash('sha256').update(data.subarray(0, len)).digest('hex'));
    }
  });

  it('any split into chunks gives the one-shot tag (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 100 }),
        fc.uint8Array({ minLength: 0, maxLength: 3000 }),
        fc.array(fc.nat({ max: 3000 }), { maxLength: 12 }),
        (key, msg, cuts) => {
          const points = [...new Set(cuts.map((c) => c % (msg.length + 1)))].sort((a, b) => a - b);
          const mac = new HmacSha256(key);
          let prev = 0;
          for (const p of [...points, msg.length]) {
            mac.update(msg.subarray(prev, p));
            prev = p;
          }
          return toHex(mac.digest()) === nodeHmac(key, msg);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('interleaved objects on the one instance keep their own state', () => {
    const keys = [0, 1, 2, 3, 4].map((i) => randomBytes(10 + i * 20));
    const msgs = keys.map(() => randomBytes(5000));
    const macs = keys.map((k) => new HmacSha256(k));
    const hashes = msgs.map(() => new Sha256());
    for (let off = 0; off < 5000; off += 333) {
      macs.forEach((m, i) => m.update(msgs[i]!.subarray(off, off + 333)));
      hashes.forEach((h, i) => h.update(msgs[i]!.subarray(off, off + 333)));
      hmacSha256('unrelated one-shot key', 'in between');
    }
    macs.forEach((m, i) => expect(toHex(m.digest())).toBe(nodeHmac(keys[i]!, msgs[i]!)));
    hashes.forEach((h, i) => expect(toHex(h.digest())).toBe(createHash('sha256').update(msgs[i]!).digest('hex')));
  });

  it('a long message then a short one under the same object (no stale buffer reuse)', () => {
    const key = randomBytes(32);
    const mac = new HmacSha256(key);
    const long = randomBytes(100_003);
    expect(toHex(mac.update(long).digest())).toBe(nodeHmac(key, long));
    expect(toHex(mac.reset().update('x').digest())).toBe(nodeHmac(key, 'x'));
    expect(toHex(mac.reset().digest())).toBe(nodeHmac(key, ''));
  });

  it('strings are their UTF-8 bytes, as createHmac(string) takes them; hex keys are not decoded', () => {
    const key = 'fed53116f20684c067774ebf9e7bcbdc';
    for (const text of ['', 'abc', 'héllo wörld', '日本語テキスト', '🙂 emoji \u2028 sep', 'x'.repeat(20000) + 'é']) {
      expect(toHex(hmacSha256(key, text))).toBe(nodeHmac(key, text));
      expect(toHex(hmacSha256('clé ✓ 🔑', text))).toBe(nodeHmac('clé ✓ 🔑', text));
    }
    expect(toHex(hmacSha256(key, 'm'))).not.toBe(nodeHmac(Buffer.from(key, 'hex'), 'm'));
  });

  it('keys over 32 characters are used whole (no truncation like the Edge Impulse C SDK)', () => {
    const k = 'fed53116f20684c067774ebf9e7bcbdc-and-more';
    expect(toHex(hmacSha256(k, 'm'))).toBe(nodeHmac(k, 'm'));
    expect(toHex(hmacSha256(k, 'm'))).not.toBe(nodeHmac(k.slice(0, 32), 'm'));
  });

  it('Uint8Array views with a non-zero byteOffset (RFC 4231 case 1 key at offset 7)', () => {
    const backing = new Uint8Array(64).fill(0xee);
    backing.set(new Uint8Array(20).fill(0x0b), 7);
    const key = backing.subarray(7, 27);
    const dataBacking = new TextEncoder().encode('____Hi There____');
    expect(toHex(hmacSha256(key, dataBacking.subarray(4, 12)))).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(backing[6]).toBe(0xee);
    expect(backing[27]).toBe(0xee);
  });

  it('multi-megabyte inputs, streamed past the module window', () => {
    const key = randomBytes(32);
    for (const size of [1 << 20, 3 * (1 << 20) + 17, 8 * (1 << 20)]) {
      const big = randomBytes(size);
      expect(toHex(hmacSha256(key, big)), `${size} B`).toBe(nodeHmac(key, big));
    }
  });

  it('the 64-bit length is right past 2^32 bits (513 MiB fed in 1 MiB pieces)', () => {
    const piece = randomBytes(1 << 20);
    const ours = new Sha256();
    const theirs = createHash('sha256');
    for (let i = 0; i < 513; i++) {
      ours.update(piece);
      theirs.update(piece);
    }
    expect(toHex(ours.digest())).toBe(theirs.digest('hex'));
  }, 120_000);
});

describe('errors', () => {
  const code = thrownCode;

  it('wrong key and data types', () => {
    expect(code(() => new HmacSha256(42 as never))).toBe('E_KEY_TYPE');
    expect(code(() => new HmacSha256({} as never))).toBe('E_KEY_TYPE');
    expect(code(() => new HmacSha256(undefined as never))).toBe('E_KEY_MISSING');
    expect(code(() => hmacSha256('k', 12 as never))).toBe('E_DATA_TYPE');
    expect(code(() => sha256(null as never))).toBe('E_DATA_TYPE');
    expect(code(() => new HmacSha256('k').digestInto(new Uint8Array(31)))).toBe('E_DATA_TYPE');
  });

  it('lone surrogates are refused, not replaced', () => {
    expect(code(() => hmacSha256('\uD800key', 'x'))).toBe('E_INVALID_UNICODE');
    expect(code(() => hmacSha256('key', 'a\uDC00'))).toBe('E_INVALID_UNICODE');
    expect(code(() => sha256('\uDC00\uD800'))).toBe('E_INVALID_UNICODE');
  });

  it('update or digest after digest is E_STATE until reset()', () => {
    const mac = new HmacSha256('k');
    mac.update('a').digest();
    expect(code(() => mac.update('b'))).toBe('E_STATE');
    expect(code(() => mac.digest())).toBe('E_STATE');
    expect(toHex(mac.reset().update('b').digest())).toBe(nodeHmac('k', 'b'));
  });

  it('digestInto writes into caller memory and equals digest()', () => {
    const out = new Uint8Array(40).fill(7);
    new HmacSha256('k').update('m').digestInto(out);
    expect(toHex(out.subarray(0, 32))).toBe(nodeHmac('k', 'm'));
    expect(out[32]).toBe(7);
  });
});
