// Build profile: compile-time settings that a firmware build sets with asc's `--use NAME=value`
// (scripts/build-wasm.mjs). Unset, each takes the release value, so the release module is what it
// was; the firmware profiles compile the same sources into a module that needs a few KiB of memory.
//
//   EDGESIGN_IN_CAP=n    bytes of the IN window (release 16384)
//   EDGESIGN_OUT_CAP=n   bytes of the OUT window (release 32768)
//   EDGESIGN_JSON=0      leave the JSON writers out: a CBOR-only module, msgBegin refuses JSON
//   EDGESIGN_SHA256_PEELED=0  hash with the 4-pass SHA-256 rounds instead of the peeled ones (smaller,
//                        slower in V8; scripts/gen-sha256-rounds.mjs says why). Size-optimized builds
//                        (shrink level > 1) always use the compact loop.
//
// These are compile-time constants: code behind `if (!JSON_ENABLED || …)` is not even compiled when
// JSON is off, so its static data (dtoa tables, the JSON header template) never reaches the module.

// @ts-ignore: EDGESIGN_IN_CAP exists only when the build defines it
export const PROFILE_IN_CAP: usize = isDefined(EDGESIGN_IN_CAP) ? <usize>EDGESIGN_IN_CAP : 16384;
// @ts-ignore: EDGESIGN_OUT_CAP exists only when the build defines it
export const PROFILE_OUT_CAP: usize = isDefined(EDGESIGN_OUT_CAP) ? <usize>EDGESIGN_OUT_CAP : 32768;
// @ts-ignore: EDGESIGN_JSON exists only when the build defines it
export const JSON_ENABLED: bool = isDefined(EDGESIGN_JSON) ? EDGESIGN_JSON != 0 : true;

/** Which SHA-256 compression the build uses (assembly/sha256.ts). */
export const SHA256_COMPACT: bool = ASC_SHRINK_LEVEL > 1;
// @ts-ignore: EDGESIGN_SHA256_PEELED exists only when the build defines it
export const SHA256_PEELED: bool = !SHA256_COMPACT && (isDefined(EDGESIGN_SHA256_PEELED) ? EDGESIGN_SHA256_PEELED != 0 : true);
