// The Edge Impulse vectors (shared/vectors/edge-impulse/vectors.json, format.md §7) through verifyMessage:
// V1, V2 (published CBOR) and D1 (derived JSON) verify with the key and fail with any other; P3 is a
// CBOR + binary tail fixture; P4 is the docs' unsigned request.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { verifyMessage, type VerifyResult } from '../packages/edgesign/src/verify/verify-message.js';
import { sharedPath, hexToBytes } from './helpers/shared.js';
import { referenceSignJson } from './helpers/reference-signer.js';

interface Vector {
  id: string;
  hex?: string;
  unsigned_text?: string;
  signature?: string;
}

const file = sharedPath('vectors/edge-impulse/vectors.json');
const data = file ? (JSON.parse(readFileSync(file, 'utf8')) as { key: string; vectors: Vector[] }) : null;
const KEY = 'fed53116f20684c067774ebf9e7bcbdc';
const vec = (id: string): Vector => data!.vectors.find((v) => v.id === id)!;
const bytesOf = (id: string): Uint8Array => {
  const v = vec(id);
  if (v.hex) return hexToBytes(v.hex);
  return new Uint8Array(Buffer.from(v.unsigned_text!.replace('0'.repeat(64), v.signature!), 'utf8'));
};

function expectOk(r: VerifyResult): asserts r is Extract<VerifyResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
}

const OTHER_KEYS = [
  'fed53116f20684c067774ebf9e7bcbdd', // last character changed
  'FED53116F20684C067774EBF9E7BCBDC', // case matters: the key is its ASCII bytes
  new Uint8Array(Buffer.from(KEY, 'hex')), // the Go SDK's hex-decoded interpretation (format.md §3)
  'please-set-me',
  '0',
  KEY + 'x',
];

describe.skipIf(!data)('Edge Impulse vectors', () => {
  it('the vector file carries the key the docs name', () => {
    expect(data!.key).toBe(KEY);
  });

  it.each(['V1', 'V2', 'D1'])('%s verifies with the key (ASCII bytes, string or Uint8Array)', (id) => {
    const body = bytesOf(id);
    const r = verifyMessage(body, { keys: [KEY] });
    expectOk(r);
    expect(r.alg).toBe('HS256');
    expect(r.keyId).toBe('0');
    expect(r.encoding).toBe(id === 'D1' ? 'json' : 'cbor');
    expect(r.payload.device_type).toBe('DISCO-L475VG-IOT01A');
    expect(r.payload.device_name).toBe('ac:87:a3:0a:2d:1b');
    expect(r.payload.sensors.map((s) => s.name)).toEqual(['accX', 'accY', 'accZ']);
    expect(r.payload.values).toHaveLength(4);
    expect(verifyMessage(body, { keys: [new Uint8Array(Buffer.from(KEY, 'ascii'))] }).ok).toBe(true);
    // the signature span holds exactly the received hex
    const sig = Buffer.from(body.subarray(r.signatureSpan!.start, r.signatureSpan!.end)).toString('ascii');
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(['V1', 'V2', 'D1'])('%s fails with any other key (E_SIG_MISMATCH)', (id) => {
    const body = bytesOf(id);
    for (const k of OTHER_KEYS) {
      const r = verifyMessage(body, { keys: [k] });
      expect(r.ok, String(k)).toBe(false);
      if (!r.ok) expect(r.code).toBe('E_SIG_MISMATCH');
    }
    const all = verifyMessage(body, { keys: OTHER_KEYS });
    expect(all.ok).toBe(false);
    if (!all.ok) expect(all.details).toEqual({ keysTried: OTHER_KEYS.length });
  });

  it('V1: the signature sits at byte 41, floats are QCBOR half/single, values indefinite', () => {
    const r = verifyMessage(bytesOf('V1'), { keys: [KEY] });
    expectOk(r);
    expect(r.signatureSpan).toEqual({ start: 41, end: 105 });
    expect(r.protected).toEqual({ ver: 'v1', alg: 'HS256' });
    expect(r.payload.interval_ms).toBe(10); // f9 49 00
    expect(r.payload.values[0]).toEqual([Math.fround(-9.81), Math.fround(0.03), Math.fround(1.21)]);
    expect(r.payload.values[3]).toEqual([Math.fround(-9.14), Math.fround(0.01), 1.25]); // 1.25 is f9 3d 00
    expect(r.freshness).toBe('unknown');
  });

  it('V2: iat 1564138813 is returned and checked against a window when one is set', () => {
    const body = bytesOf('V2');
    const iat = 1564138813;
    const r = verifyMessage(body, { keys: [KEY], maxAgeSeconds: 300, now: () => iat + 299.5 });
    expectOk(r);
    expect(r.protected.iat).toBe(iat);
    expect(r.freshness).toBe('fresh');
    const stale = verifyMessage(body, { keys: [KEY], maxAgeSeconds: 300, now: () => iat + 301 });
    expect(stale.ok ? 'ok' : stale.code).toBe('E_STALE');
    // without a window the message is authentic but its freshness is unknown
    const noWindow = verifyMessage(body, { keys: [KEY] });
    expectOk(noWindow);
    expect(noWindow.freshness).toBe('unknown');
  });

  it('rotation: the matching key is reported by id, or by index when given without one', () => {
    const body = bytesOf('V1');
    const r1 = verifyMessage(body, { keys: ['a'.repeat(32), { id: 'hk_dev', key: KEY }] });
    expectOk(r1);
    expect(r1.keyId).toBe('hk_dev');
    const r2 = verifyMessage(body, { keys: ['a'.repeat(32), 'b'.repeat(32), KEY] });
    expectOk(r2);
    expect(r2.keyId).toBe('2');
  });

  it('D1: the independent reference signer reproduces the vector byte for byte', () => {
    const v = vec('D1');
    const signed = referenceSignJson(JSON.parse(v.unsigned_text!), KEY, { style: 'compact' });
    expect(Buffer.from(signed).equals(Buffer.from(bytesOf('D1')))).toBe(true);
  });

  it('D1 as a string body verifies too (JSON text, UTF-8)', () => {
    const text = Buffer.from(bytesOf('D1')).toString('utf8');
    expect(verifyMessage(text, { keys: [KEY] }).ok).toBe(true);
  });

  it('P3 parses as CBOR + binary tail; its unknown key gives E_SIG_MISMATCH, not a parse error', () => {
    const body = bytesOf('P3');
    const r = verifyMessage(body, { keys: [KEY] });
    expect(r.ok ? 'ok' : r.code).toBe('E_SIG_MISMATCH');
    // Re-signed with a known key (MAC over the zeroed header + tail), it verifies and exposes the tail.
    const copy = body.slice();
    copy.fill(0x30, 41, 105);
    const sig = createHmac('sha256', KEY).update(copy).digest('hex');
    copy.set(Buffer.from(sig, 'ascii'), 41);
    const ok = verifyMessage(copy, { keys: [KEY] });
    expectOk(ok);
    expect(ok.payload.values).toEqual(['Ref-BINARY-i16']);
    expect(ok.payload.interval_ms).toBe(0.0625); // f9 2c 00
    expect(ok.binaryTail?.type).toBe('i16');
    expect(ok.binaryTail?.offset).toBe(246);
    expect(ok.binaryTail?.bytes.length).toBe(64);
    // The tail is covered by the MAC.
    const tampered = copy.slice();
    tampered[tampered.length - 1]! ^= 1;
    const t = verifyMessage(tampered, { keys: [KEY] });
    expect(t.ok ? 'ok' : t.code).toBe('E_SIG_MISMATCH');
  });

  it('P4 (alg none, payload first, float64) is refused unless allowUnsigned, then unsigned and never keyed', () => {
    const body = bytesOf('P4');
    const refused = verifyMessage(body, { keys: [KEY] });
    expect(refused.ok ? 'ok' : refused.code).toBe('E_ALG_NONE');
    const r = verifyMessage(body, { keys: [KEY], allowUnsigned: true });
    expectOk(r);
    expect(r.alg).toBe('none');
    expect(r.keyId).toBeUndefined();
    expect(r.signatureSpan).toBeUndefined();
    expect(r.payload.device_type).toBe('NORDIC_NRF91');
    expect(r.payload.interval_ms).toBe(20);
    expect(r.payload.values).toHaveLength(2);
    // a receiver with no key at all may still accept it as unsigned
    expect(verifyMessage(body, { keys: [], allowUnsigned: true }).ok).toBe(true);
  });
});
