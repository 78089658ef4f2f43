// The module's exports: a numbers-only ABI over the static windows in layout.ts (see docs/abi.md,
// generated with assembly/abi-constants.ts from the one description, abi/edgesign-abi.mjs).
// Hosts write into IN, call, and read DIGEST or OUT. Lengths are trusted to be within the windows
// (the TypeScript wrapper and the C API check them); out-of-range lengths are clamped so that a bad
// host call can never write outside the module's own buffers.

import { CTX, CTX_SIZE, DIGEST, IN, IN_CAP, OUT, OUT_CAP } from './layout';
import { hashAbsorb, hashFinal, hashInit } from './sha256';
import { ABI_VERSION } from './abi-constants';
import { hmacFinal, hmacRestart, hmacSetKey } from './hmac';

export { msgBegin, msgValues, msgString, msgDrain, msgClose, msgFinish, sigOffset } from './message';

/** The ABI version (abi/edgesign-abi.mjs); bumped on any incompatible change. */
export function version(): u32 { return ABI_VERSION; }

export function inPtr(): usize { return IN; }
export function inCap(): usize { return IN_CAP; }
export function outPtr(): usize { return OUT; }
export function outCap(): usize { return OUT_CAP; }
export function ctxPtr(): usize { return CTX; }
export function ctxSize(): usize { return CTX_SIZE; }
export function digestPtr(): usize { return DIGEST; }

// @ts-ignore: decorator
@inline function clampIn(len: usize): usize { return len > IN_CAP ? IN_CAP : len; }

export function sha256Init(): void { hashInit(); }

export function hashUpdate(len: usize): void { hashAbsorb(IN, clampIn(len)); }

export function sha256Finish(len: usize): void {
  hashAbsorb(IN, clampIn(len));
  hashFinal(DIGEST);
}

export function hmacKey(len: usize): void { hmacSetKey(IN, clampIn(len)); }

export function hmacReset(): void { hmacRestart(); }

export function hmacFinish(len: usize): void {
  hashAbsorb(IN, clampIn(len));
  hmacFinal();
}
