// Static memory of the core. Everything lives in one fixed 64 KiB page; each region is reserved with
// memory.data, which the compiler lays out as static data, so nothing is allocated at run time.
// Firmware profiles (profile.ts) shrink the two windows and lay the statics out from address 16, so
// everything the module touches lies below a few KiB and a runtime can back only those bytes.

import { PROFILE_IN_CAP, PROFILE_OUT_CAP, SHA256_PEELED } from './profile';
import { DIGEST_BYTES, DIGEST_HEX_BYTES } from './abi-constants';

/** IN window: bytes to hash, keys, header strings and sample values written by the host. */
export const IN_CAP: usize = PROFILE_IN_CAP;
export const IN: usize = memory.data(<i32>IN_CAP, 16);

/** OUT window: message bytes produced by the writers. */
export const OUT_CAP: usize = PROFILE_OUT_CAP;
export const OUT: usize = memory.data(<i32>OUT_CAP, 16);

/** Digest area: 32 bytes of tag or hash, then its 64 lowercase hex characters. */
export const DIGEST: usize = memory.data(<i32>(DIGEST_BYTES + DIGEST_HEX_BYTES), 16);

/**
 * Scratch for the padded HMAC key block (RFC 2104 §2: K zero-padded to B = 64 bytes), followed in
 * builds with the peeled SHA-256 rounds by the 16 byte-swapped words of the block being compressed
 * (MESSAGE_WORDS), which hold K⊕ipad and K⊕opad while keying: hmacSetKey wipes all KEY_SCRATCH_SIZE bytes.
 */
export const KEY_SCRATCH_SIZE: usize = SHA256_PEELED ? 128 : 64;
export const KEY_BLOCK: usize = memory.data(<i32>KEY_SCRATCH_SIZE, 16);
export const MESSAGE_WORDS: usize = KEY_BLOCK + 64;

// The active context. A host keeping several independent hashes or messages saves and restores these
// CTX_SIZE bytes, so every field of an object in progress must live here and nowhere else.
export const CTX_SIZE: usize = 208;
export const CTX: usize = memory.data(<i32>CTX_SIZE, 16);

// Offsets into the context.
export const H = CTX;               // running SHA-256 state, 8 × u32 (host order)
export const INNER = CTX + 32;      // state after the ipad block (RFC 2104 §2, keyed midstate)
export const OUTER = CTX + 64;      // state after the opad block
export const BLOCK = CTX + 96;      // partial input block, 64 bytes
export const TOTAL = CTX + 160;     // u64: bytes absorbed so far (for the FIPS 180-4 §5.1.1 length field)
export const OUT_POS = CTX + 168;   // u32: bytes pending in OUT
export const SIG_POS = CTX + 172;   // u32: offset of the signature placeholder from the message start
export const EMITTED = CTX + 176;   // u64: message bytes already drained out of OUT
export const FLAGS = CTX + 184;     // u32: msgBegin flags
export const COLS = CTX + 188;      // u32: values per row (number of sensors)
export const ROWS = CTX + 192;      // u32: elements written into `values` so far
export const PHASE = CTX + 196;     // u32: 0 idle, 1 writing values, 2 closed
