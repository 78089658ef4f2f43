// Streaming SHA-256 (FIPS 180-4) over the context in layout.ts. The compression function is picked by
// the build profile (profile.ts): the peeled unrolled rounds in release builds, the 4-pass unrolled
// rounds in the firmware profile, the compact loop in size-optimized builds (ASC_SHRINK_LEVEL > 1), all
// from the same sources, so firmware can trade speed for flash with compiler flags.

import { BLOCK, DIGEST, H, TOTAL } from './layout';
import { copyBytes } from './bytes';
import { DIGEST_BYTES } from './abi-constants';
import { compressInPasses, compressPeeled } from './sha256-unrolled';
import { compressCompact } from './sha256-compact';
import { SHA256_COMPACT, SHA256_PEELED } from './profile';

export function compress(state: usize, block: usize): void {
  if (SHA256_COMPACT) compressCompact(state, block);
  else if (SHA256_PEELED) compressPeeled(state, block);
  else compressInPasses(state, block);
}

/** Sets `state` to the initial hash value H(0), FIPS 180-4 §5.3.3. */
export function setInitialState(state: usize): void {
  store<u32>(state, 0x6a09e667, 0);
  store<u32>(state, 0xbb67ae85, 4);
  store<u32>(state, 0x3c6ef372, 8);
  store<u32>(state, 0xa54ff53a, 12);
  store<u32>(state, 0x510e527f, 16);
  store<u32>(state, 0x9b05688c, 20);
  store<u32>(state, 0x1f83d9ab, 24);
  store<u32>(state, 0x5be0cd19, 28);
}

export function hashInit(): void {
  setInitialState(H);
  store<u64>(TOTAL, 0);
}

/** Absorbs `len` bytes at `src` into the running state; any split of a message gives the same result. */
export function hashAbsorb(src: usize, len: usize): void {
  const total = load<u64>(TOTAL);
  let buffered = <usize>(total & 63);
  store<u64>(TOTAL, total + <u64>len);
  if (buffered != 0) {
    const room: usize = 64 - buffered;
    if (len < room) {
      copyBytes(BLOCK + buffered, src, len);
      return;
    }
    copyBytes(BLOCK + buffered, src, room);
    compress(H, BLOCK);
    src += room;
    len -= room;
  }
  while (len >= 64) {
    compress(H, src);
    src += 64;
    len -= 64;
  }
  if (len != 0) copyBytes(BLOCK, src, len);
}

/**
 * Pads the message (FIPS 180-4 §5.1.1: a 1 bit, zeros, then the 64-bit big-endian bit length) and
 * compresses the last block(s); the digest is then the state words in big-endian order (see
 * storeDigest). The length is kept in bytes as a u64, so the bit length is right past 2^32 bits.
 */
export function hashPad(): void {
  const total = load<u64>(TOTAL);
  const buffered = <usize>(total & 63);
  store<u8>(BLOCK + buffered, 0x80);
  if (buffered >= 56) {
    zeroTo(BLOCK + buffered + 1, BLOCK + 64);
    compress(H, BLOCK);
    zeroWords(BLOCK, 56);
  } else {
    zeroTo(BLOCK + buffered + 1, BLOCK + 56);
  }
  store<u64>(BLOCK + 56, bswap<u64>(total << 3));
  compress(H, BLOCK);
}

/** Writes the state H as the 32-byte big-endian digest at `dst`. */
export function storeDigest(dst: usize): void {
  for (let i: usize = 0; i < 32; i += 4) store<u32>(dst + i, bswap<u32>(load<u32>(H + i)));
}

/** Finishes the hash and writes the 32-byte digest to `dst`. */
export function hashFinal(dst: usize): void {
  hashPad();
  storeDigest(dst);
}

/** Zeroes [p, end) where `end` is 8-aligned: bytes up to the next word boundary, then whole words. */
function zeroTo(p: usize, end: usize): void {
  while ((p & 7) != 0 && p < end) store<u8>(p++, 0);
  for (; p < end; p += 8) store<u64>(p, 0);
}

/** Zeroes `len` bytes (a multiple of 8) at the 8-aligned `dst`, a word at a time. */
export function zeroWords(dst: usize, len: usize): void {
  for (let end = dst + len; dst < end; dst += 8) store<u64>(dst, 0);
}

/** Writes the 64 lowercase hex characters of the 32 bytes at DIGEST right after them. */
export function digestToHex(): void {
  for (let i: usize = 0; i < DIGEST_BYTES; i++) {
    const b = <u32>load<u8>(DIGEST + i);
    store<u16>(DIGEST + DIGEST_BYTES + (i << 1), hexDigit(b >> 4) | (hexDigit(b & 15) << 8));
  }
}

// @ts-ignore: decorator
@inline function hexDigit(n: u32): u32 {
  // '0'..'9' then 'a'..'f' (lowercase, as Edge Impulse's producers write it).
  return n + (n < 10 ? 48 : 87);
}
