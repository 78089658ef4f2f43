// The one description of the core's ABI: what the module exports, the flags and value kinds it takes,
// the status codes it returns and the windows it shares with a host. scripts/gen-abi.mjs writes from
// it, each with a "generated, do not edit" banner:
//   assembly/abi-constants.ts              the core's constants (flags, kinds, statuses, version)
//   packages/edgesign/src/wasm/abi.ts      the TypeScript host's constants and export signatures
//   examples/firmware/edgesign-abi.h       the C host's constants
//   docs/abi.md                            the tables between the "generated" markers
// Change the ABI here, run `npm run build:wasm` (it regenerates first), and bump `version` on any
// incompatible change. CI regenerates and fails when a generated file differs from what is committed.

/** Bumped on any incompatible change (exports, their meaning, flags, kinds, statuses). */
export const version = 2;

/**
 * Windows the host reads and writes. Addresses and sizes are not constants of the ABI: the host asks
 * the module (`ptr` and `size` exports) once after instantiation.
 */
export const windows = [
  { name: 'IN', ptr: 'inPtr', size: 'inCap', holds: 'input bytes to hash, HMAC keys, header strings and row values written by the host' },
  { name: 'OUT', ptr: 'outPtr', size: 'outCap', holds: 'message bytes produced by the writers' },
  { name: 'CTX', ptr: 'ctxPtr', size: 'ctxSize', holds: 'the active context: hash state, keyed midstates, writer state (saved and restored by hosts that interleave objects)' },
  { name: 'DIGEST', ptr: 'digestPtr', size: null, holds: 'the 32-byte tag or hash, then its 64 lowercase hex characters (96 bytes)' },
];

/** Bytes of the digest area: the binary digest, then its lowercase hex. */
export const digest = { bytes: 32, hexBytes: 64 };

/** The most sensors (columns) msgBegin takes; the host refuses more before calling it. */
export const maxSensors = 1000;

/** Bits of msgBegin's `flags`. */
export const messageFlags = [
  { name: 'CBOR', value: 1, doc: 'CBOR (RFC 8949) instead of JSON' },
  { name: 'IAT', value: 2, doc: 'the protected header has `iat` (seconds since the epoch, an integer below 2^53)' },
  { name: 'DEVICE_NAME', value: 4, doc: 'the payload has `device_name`' },
  { name: 'INTERVAL_FLOAT', value: 8, doc: '`interval_ms` always a float (Edge Impulse C SDK style; CBOR only)' },
];

/** Element types of msgValues' `kind`; little-endian, element-aligned in IN. */
export const valueKinds = [
  { name: 'F64', value: 0, bytes: 8, doc: 'float64 (must be finite: the host checks)' },
  { name: 'F32', value: 1, bytes: 4, doc: 'float32 (must be finite: the host checks)' },
  { name: 'I32', value: 2, bytes: 4, doc: 'int32' },
  { name: 'U32', value: 3, bytes: 4, doc: 'uint32' },
  { name: 'I16', value: 4, bytes: 2, doc: 'int16' },
  { name: 'U16', value: 5, bytes: 2, doc: 'uint16' },
  { name: 'I8', value: 6, bytes: 1, doc: 'int8' },
  { name: 'U8', value: 7, bytes: 1, doc: 'uint8' },
];

/** Negative results of the message writers (an i32 result ≥ 0 is a count or a byte length). */
export const statuses = [
  { name: 'FULL', value: -1, doc: 'the OUT window cannot hold it (a header or string larger than the window)' },
  { name: 'ARG', value: -2, doc: 'bad argument, or a call out of order (no message begun, not closed)' },
];

/**
 * Exported functions. Types are WebAssembly's (`u32` and `i32` are both i32 on the wire; `u32` says
 * the value is never negative). `len` never exceeds the IN window's size.
 */
export const exports = [
  { group: 'layout', name: 'version', params: [], result: 'u32', doc: 'ABI version (`version` above)' },
  { group: 'layout', name: 'inPtr', params: [], result: 'u32', doc: 'address of the IN window' },
  { group: 'layout', name: 'inCap', params: [], result: 'u32', doc: 'size in bytes of the IN window' },
  { group: 'layout', name: 'outPtr', params: [], result: 'u32', doc: 'address of the OUT window' },
  { group: 'layout', name: 'outCap', params: [], result: 'u32', doc: 'size in bytes of the OUT window' },
  { group: 'layout', name: 'ctxPtr', params: [], result: 'u32', doc: 'address of the active context' },
  { group: 'layout', name: 'ctxSize', params: [], result: 'u32', doc: 'size in bytes of the active context' },
  { group: 'layout', name: 'digestPtr', params: [], result: 'u32', doc: 'address of the digest area (32 bytes, then 64 hex characters)' },

  { group: 'hash', name: 'sha256Init', params: [], result: null, doc: 'running state := SHA-256 IV, length := 0 (FIPS 180-4 §5.3.3)' },
  { group: 'hash', name: 'hashUpdate', params: [['len', 'u32']], result: null, doc: 'absorb IN[0..len) into the running state (SHA-256 or the HMAC inner hash)' },
  { group: 'hash', name: 'sha256Finish', params: [['len', 'u32']], result: null, doc: 'absorb IN[0..len), pad (FIPS 180-4 §5.1.1), write the 32-byte digest to the digest area' },
  { group: 'hash', name: 'hmacKey', params: [['len', 'u32']], result: null, doc: 'key := IN[0..len), hashed first when longer than 64 bytes (RFC 2104 §3); stores the ipad and opad midstates in the context, wipes the padded key block, then `hmacReset()`. The host wipes IN[0..len)' },
  { group: 'hash', name: 'hmacReset', params: [], result: null, doc: 'running state := ipad midstate (a new message under the same key)' },
  { group: 'hash', name: 'hmacFinish', params: [['len', 'u32']], result: null, doc: 'absorb IN[0..len), finish the inner and outer hash (RFC 2104 §2), write the 32-byte tag to the digest area, then `hmacReset()`' },

  { group: 'message', name: 'msgBegin', params: [['flags', 'u32'], ['iat', 'f64'], ['intervalMs', 'f64'], ['nSensors', 'u32']], result: 'i32', doc: 'writes the header from the strings in IN into OUT, up to the opening of `values`, with the 64 `\'0\'` placeholder, and restarts the HMAC; the bytes in OUT, or a status' },
  { group: 'message', name: 'msgValues', params: [['kind', 'u32'], ['first', 'u32'], ['count', 'u32']], result: 'i32', doc: 'encodes IN elements [first, first+count) of `kind` as rows; how many it consumed (fewer when OUT is full: drain, call again with the rest), or a status' },
  { group: 'message', name: 'msgString', params: [['len', 'u32']], result: 'i32', doc: 'appends IN[0..len) (UTF-8) as one string element of `values`; 0, or a status' },
  { group: 'message', name: 'msgDrain', params: [], result: 'u32', doc: 'absorbs OUT[0..pos) into the HMAC and returns pos; the host copies those bytes out; OUT restarts at 0' },
  { group: 'message', name: 'msgClose', params: [], result: 'i32', doc: 'writes the end of `values` and of the document (`]}}` or CBOR `ff`); the bytes in OUT, or a status' },
  { group: 'message', name: 'msgFinish', params: [], result: 'i32', doc: 'absorbs what is left in OUT, finishes the HMAC, writes the tag and its hex to the digest area, patches the hex over the placeholder if it is still in OUT; the bytes left in OUT, or `ARG` when no message is closed' },
  { group: 'message', name: 'sigOffset', params: [], result: 'u32', doc: 'offset of the signature placeholder from the start of the message' },
];
