// Trap recovery of every stateful user of the core (src/wasm/session.ts). A trap is injected in the
// middle of an operation by standing in for one export of the live instance (the session calls the
// module only through that instance); the expected bytes and tags come from node:crypto.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import { createSigner, HmacSha256, hmacSha256, Sha256, assembleStream, toHex, type SignerOptions } from '../packages/edgesign/src/index.js';
import { getCore } from '../packages/edgesign/src/wasm/core.js';
import type { CoreExports } from '../packages/edgesign/src/wasm/abi.js';
import { thrownCode } from './helpers/thrown-code.js';

const KEY = 'fed53116f20684c067774ebf9e7bcbdc';
const BASE: SignerOptions = {
  hmacKey: KEY, deviceType: 'TRAP-TEST', intervalMs: 10, encoding: 'json',
  sensors: [{ name: 'accX', units: 'm/s2' }, { name: 'accY', units: 'm/s2' }, { name: 'accZ', units: 'm/s2' }],
};

/**
 * Makes the live instance's `name` export trap (a WebAssembly RuntimeError, as an out-of-bounds access
 * would) on its `nth` call from now on; the calls before it run for real.
 */
function trapOn(name: keyof Omit<CoreExports, 'memory'>, nth = 1): { calls: () => number } {
  const x = getCore().x as unknown as Record<string, (...a: number[]) => number>;
  const real = x[name]!;
  let calls = 0;
  x[name] = (...args: number[]) => {
    if (++calls === nth) throw new WebAssembly.RuntimeError(`injected trap in ${name}`);
    return real(...args);
  };
  return { calls: () => calls };
}

const code = thrownCode;

function nodeHmac(data: Uint8Array | string): string {
  return createHmac('sha256', KEY).update(data).digest('hex');
}

/** The message's signature checked the Edge Impulse way: HMAC over the bytes with the placeholder. */
function expectSigned(msg: Uint8Array, offset: number): void {
  const sig = Buffer.from(msg.subarray(offset, offset + 64)).toString('latin1');
  const zeroed = Buffer.from(msg);
  zeroed.fill(0x30, offset, offset + 64);
  expect(sig).toBe(nodeHmac(zeroed));
}

function rows(n: number, seed: number): number[][] {
  return Array.from({ length: n }, (_, i) => [seed + i / 7, -i * 0.5, i % 13]);
}

let before: ReturnType<typeof getCore>;
afterEach(() => {
  // Every test ends on a new instance (the trapped one is dropped) whose exports are the real ones.
  expect(getCore()).not.toBe(before);
});

describe('a trap in the middle of a stream', () => {
  it('the stream refuses with E_STATE afterwards and never emits a tag; a stream saved elsewhere finishes correctly', () => {
    const signer = createSigner(BASE);
    const victim = signer.stream({ iat: 1 });
    const survivor = signer.stream({ iat: 2 });
    const survivorPieces = [survivor.append(rows(50, 1))]; // then saved: victim takes the module
    const victimPieces = [victim.append(rows(50, 2))];
    before = getCore();
    // 4000 rows of 3 doubles need several drains of the output window: trap on the second, after the
    // first piece has been hashed and before anything of this call was returned.
    const trap = trapOn('msgDrain', 2);
    expect(code(() => victim.append(rows(4000, 3)))).toBe('E_INTERNAL');
    expect(trap.calls()).toBe(2);
    expect(code(() => victim.append(rows(1, 4)))).toBe('E_STATE');
    expect(code(() => victim.finish())).toBe('E_STATE'); // no tag, ever, for this stream
    expect(victimPieces).toHaveLength(1);

    survivorPieces.push(survivor.append(rows(10, 5)));
    const end = survivor.finish();
    const msg = assembleStream(survivorPieces, end);
    expectSigned(msg, end.signatureOffset);
    expect(Buffer.from(msg).equals(Buffer.from(signer.sign([...rows(50, 1), ...rows(10, 5)], { iat: 2 })))).toBe(true);
  });

  it('a trap in another object while the stream is saved does not touch it', () => {
    const signer = createSigner(BASE);
    const stream = signer.stream({ iat: 3 });
    const pieces = [stream.append(rows(20, 1))];
    const mac = new HmacSha256(KEY).update('x'); // the stream is saved now
    before = getCore();
    trapOn('hashUpdate');
    expect(code(() => mac.update(new Uint8Array(40000)))).toBe('E_INTERNAL');
    pieces.push(stream.append(rows(20, 2)));
    const end = stream.finish();
    expectSigned(assembleStream(pieces, end), end.signatureOffset);
  });
});

describe('a trap in the middle of an HMAC', () => {
  it('HmacSha256 refuses with E_STATE until reset(); other instances and the one-shot are intact', () => {
    const survivor = new HmacSha256(KEY).update('saved before the trap');
    const victim = new HmacSha256(KEY).update('part one');
    before = getCore();
    trapOn('hashUpdate'); // the next full window the victim absorbs
    expect(code(() => victim.update(new Uint8Array(20000)))).toBe('E_INTERNAL');
    expect(code(() => victim.update('x'))).toBe('E_STATE');
    expect(code(() => victim.digest())).toBe('E_STATE');
    expect(toHex(survivor.update('!').digest())).toBe(nodeHmac('saved before the trap!'));
    expect(toHex(hmacSha256(KEY, 'after'))).toBe(nodeHmac('after'));
    expect(toHex(victim.reset().update('fresh').digest())).toBe(nodeHmac('fresh'));
  });

  it('a trap while finishing: E_INTERNAL, then E_STATE, never a tag over part of the message', () => {
    const mac = new HmacSha256(KEY).update('abc');
    before = getCore();
    trapOn('hmacFinish');
    expect(code(() => mac.digest())).toBe('E_INTERNAL');
    expect(code(() => mac.digest())).toBe('E_STATE');
    expect(toHex(mac.reset().update('abc').digest())).toBe(nodeHmac('abc'));
  });
});

describe('a trap in the middle of a SHA-256', () => {
  it('Sha256 refuses with E_STATE until reset()', () => {
    const h = new Sha256().update('part one');
    before = getCore();
    trapOn('hashUpdate');
    expect(code(() => h.update(new Uint8Array(20000)))).toBe('E_INTERNAL');
    expect(code(() => h.update('x'))).toBe('E_STATE');
    expect(code(() => h.digest())).toBe('E_STATE');
    expect(toHex(h.reset().update('abc').digest())).toBe(createHash('sha256').update('abc').digest('hex'));
  });
});

describe('a trap in the middle of signing', () => {
  it('sign() reports E_INTERNAL; the next message starts over from the key and is signed right', () => {
    const signer = createSigner({ ...BASE, encoding: 'cbor' });
    const expected = createSigner({ ...BASE, encoding: 'cbor' }).sign(rows(3000, 1), { iat: 9 });
    before = getCore();
    trapOn('msgValues', 2);
    expect(code(() => signer.sign(rows(3000, 1), { iat: 9 }))).toBe('E_INTERNAL');
    const again = signer.sign(rows(3000, 1), { iat: 9 });
    expect(Buffer.from(again).equals(Buffer.from(expected))).toBe(true);
    expect(code(() => signer.signBinary(Int16Array.of(1, 2, 3)))).toBe('E_SCHEMA'); // 3 sensors: still checked first
  });

  it('a trap in signBinary between the header and the tail: the next call is right', () => {
    const signer = createSigner({ ...BASE, encoding: 'cbor', sensors: [{ name: 'audio', units: 'wav' }] });
    const samples = Int16Array.from({ length: 20000 }, (_, i) => (i * 37) % 30000);
    const expected = signer.signBinary(samples, { iat: 5 });
    before = getCore();
    trapOn('hashUpdate', 2);
    expect(code(() => signer.signBinary(samples, { iat: 5 }))).toBe('E_INTERNAL');
    expect(Buffer.from(signer.signBinary(samples, { iat: 5 })).equals(Buffer.from(expected))).toBe(true);
  });
});
