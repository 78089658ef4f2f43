// Conformance: NIST CAVP SHA-256 (short, long, Monte), NIST HMACVS [L=32], RFC 4231 cases 1–7 and
// Wycheproof HMAC-SHA256 (v0 and v1), all read from the shared folder at test time.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hmacSha256, HmacSha256, sha256, Sha256, toHex } from '../packages/edgesign/src/index.js';
import { sharedPath, hexToBytes } from './helpers/shared.js';
import { parseHmacRsp, parseMonte, parseRfc4231, parseShaRsp } from './helpers/vectors.js';

const short = sharedPath('vectors/nist_cavp/SHA256ShortMsg.rsp');
const long = sharedPath('vectors/nist_cavp/SHA256LongMsg.rsp');
const monte = sharedPath('vectors/nist_cavp/SHA256Monte.rsp');
const hmacRsp = sharedPath('vectors/nist_cavp/HMAC.rsp');
const rfc = sharedPath('vectors/rfc4231/rfc4231.txt');
const wy0 = sharedPath('vectors/wycheproof/testvectors_hmac_sha256_test.json');
const wy1 = sharedPath('vectors/wycheproof/testvectors_v1_hmac_sha256_test.json');

describe.skipIf(!short || !long)('NIST SHAVS SHA-256 byte vectors', () => {
  it('ShortMsg: all 65 cases (0–512 bits)', () => {
    const cases = parseShaRsp(short!);
    expect(cases).toHaveLength(65);
    for (const c of cases) expect(toHex(sha256(c.msg)), `Len=${c.len}`).toBe(c.md);
  });
  it('LongMsg: all 64 cases (1,304–51,200 bits), one-shot and in 7-byte pieces', () => {
    const cases = parseShaRsp(long!);
    expect(cases).toHaveLength(64);
    for (const c of cases) {
      expect(toHex(sha256(c.msg)), `Len=${c.len}`).toBe(c.md);
      const h = new Sha256();
      for (let i = 0; i < c.msg.length; i += 7) h.update(c.msg.subarray(i, i + 7));
      expect(toHex(h.digest()), `Len=${c.len} chunked`).toBe(c.md);
    }
  });
});

describe.skipIf(!monte)('NIST SHAVS SHA-256 Monte Carlo', () => {
  it('100 checkpoints of 1,000 chained hashes', () => {
    const { seed, checkpoints } = parseMonte(monte!);
    expect(checkpoints).toHaveLength(100);
    let md = seed;
    for (const expected of checkpoints) {
      let [m0, m1, m2] = [md, md, md];
      for (let i = 3; i < 1003; i++) {
        const buf = new Uint8Array(96);
        buf.set(m0, 0); buf.set(m1, 32); buf.set(m2, 64);
        const next = sha256(buf);
        [m0, m1, m2] = [m1, m2, next];
      }
      md = m2;
      expect(toHex(md)).toBe(expected);
    }
  });
});

describe.skipIf(!hmacRsp)('NIST HMACVS [L=32]', () => {
  it('all 225 HMAC-SHA256 cases (truncated tags compared as prefixes)', () => {
    const cases = parseHmacRsp(hmacRsp!);
    expect(cases).toHaveLength(225);
    for (const c of cases) {
      const tag = toHex(hmacSha256(c.key, c.msg));
      expect(c.mac).toHaveLength(c.tlen * 2);
      expect(tag.slice(0, c.tlen * 2), `Count=${c.count} Tlen=${c.tlen}`).toBe(c.mac);
    }
  });
});

describe.skipIf(!rfc)('RFC 4231 §4.2–4.8', () => {
  it('test cases 1–7, including the 131-byte keys and the truncated case 5', () => {
    const cases = parseRfc4231(rfc!);
    expect(cases.map((c) => c.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(cases[5]!.key).toHaveLength(131);
    expect(cases[6]!.key).toHaveLength(131);
    for (const c of cases) {
      const tag = toHex(hmacSha256(c.key, c.data));
      if (c.n === 5) {
        expect(c.mac).toHaveLength(32);
        expect(tag.slice(0, 32), 'case 5 (128-bit truncation)').toBe(c.mac);
      } else {
        expect(c.mac).toHaveLength(64);
        expect(tag, `case ${c.n}`).toBe(c.mac);
      }
    }
  });
});

interface WyTest { tcId: number; key: string; msg: string; tag: string; result: 'valid' | 'invalid' | 'acceptable' }
interface WyGroup { keySize: number; tagSize: number; tests: WyTest[] }

describe.each([
  ['v0', wy0],
  ['v1', wy1],
])('Wycheproof HMAC-SHA256 %s', (_name, file) => {
  it.skipIf(!file)('valid tags match; invalid (ModifiedTag) tags never match', () => {
    const groups = (JSON.parse(readFileSync(file!, 'utf8')) as { testGroups: WyGroup[] }).testGroups;
    let valid = 0;
    let invalid = 0;
    for (const g of groups) {
      for (const t of g.tests) {
        const full = toHex(new HmacSha256(hexToBytes(t.key)).update(hexToBytes(t.msg)).digest());
        const tag = full.slice(0, g.tagSize / 4);
        if (t.result === 'valid') {
          expect(tag, `tcId ${t.tcId}`).toBe(t.tag);
          valid++;
        } else {
          expect(tag, `tcId ${t.tcId}`).not.toBe(t.tag);
          invalid++;
        }
      }
    }
    expect(valid + invalid).toBe(174);
    expect(invalid).toBe(108);
  });
});
