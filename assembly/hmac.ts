// HMAC-SHA256 (RFC 2104) with the keyed midstates stored once per key: the states after absorbing
// K⊕ipad and K⊕opad are kept in the context, so each message costs two compressions fewer than
// re-hashing the padded key (RFC 2104 §4, "Implementation note").

import { BLOCK, DIGEST, H, INNER, KEY_BLOCK, KEY_SCRATCH_SIZE, OUTER, TOTAL } from './layout';
import { copyBytes, fillBytes } from './bytes';
import { compress, hashAbsorb, hashFinal, hashInit, hashPad, setInitialState, storeDigest } from './sha256';

// @ts-ignore: decorator
@inline const IPAD: u32 = 0x36363636;
// @ts-ignore: decorator
@inline const OPAD: u32 = 0x5c5c5c5c;

/** Keys the context with `len` bytes at `key` and starts a message. */
export function hmacSetKey(key: usize, len: usize): void {
  // RFC 2104 §2: keys longer than the block size B = 64 are replaced by their hash; shorter ones are
  // zero-padded to B bytes.
  if (len > 64) {
    hashInit();
    hashAbsorb(key, len);
    hashFinal(KEY_BLOCK);
    fillBytes(KEY_BLOCK + 32, 0, 32);
  } else {
    copyBytes(KEY_BLOCK, key, len);
    fillBytes(KEY_BLOCK + len, 0, 64 - len);
  }
  padAndCompress(INNER, IPAD);
  padAndCompress(OUTER, OPAD);
  // The key block is secret, and so are the byte-swapped K⊕ipad/K⊕opad words that the peeled
  // compression leaves right after it (layout.ts): don't leave them in memory.
  fillBytes(KEY_BLOCK, 0, KEY_SCRATCH_SIZE);
  // Hashing a long key (or a host hashing one through sha256Finish) leaves its last block in the
  // context's partial-block buffer, which hosts save with the context: wipe it too.
  fillBytes(BLOCK, 0, 64);
  hmacRestart();
}

/** K⊕pad in place, then the state after that one block into `state`; undoes the xor afterwards. */
function padAndCompress(state: usize, pad: u32): void {
  for (let i: usize = 0; i < 64; i += 4) store<u32>(KEY_BLOCK + i, load<u32>(KEY_BLOCK + i) ^ pad);
  setInitialState(state);
  compress(state, KEY_BLOCK);
  for (let i: usize = 0; i < 64; i += 4) store<u32>(KEY_BLOCK + i, load<u32>(KEY_BLOCK + i) ^ pad);
}

/** A new message under the same key: running state := inner midstate, 64 bytes (the pad) absorbed. */
export function hmacRestart(): void {
  copyBytes(H, INNER, 32);
  store<u64>(TOTAL, 64);
}

/**
 * Finishes the inner hash, runs the outer hash H(K⊕opad ‖ inner) and writes the tag to DIGEST, then
 * restarts. The outer message is always 64 + 32 bytes, so its one remaining block is the inner digest
 * followed by constant padding (0x80, zeros, bit length 768): the digest is written straight into the
 * block instead of being absorbed through the buffer.
 */
export function hmacFinal(): void {
  hashPad();
  storeDigest(BLOCK);
  store<u64>(BLOCK + 32, 0x80); // 0x80 then zeros (little-endian store: 0x80 is the first byte)
  store<u64>(BLOCK + 40, 0);
  store<u64>(BLOCK + 48, 0);
  store<u64>(BLOCK + 56, bswap<u64>(<u64>(64 + 32) << 3));
  copyBytes(H, OUTER, 32);
  compress(H, BLOCK);
  storeDigest(DIGEST);
  hmacRestart();
}
