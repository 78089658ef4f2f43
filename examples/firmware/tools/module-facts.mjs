// Prints the C settings a build takes from the module itself (into gen/cfg/wasm-rt-mcu-config.h):
//   node tools/module-facts.mjs <module.wasm>
// - WASM_MCU_POOL_BYTES: for a firmware-profile module (one that exports memoryTop(), see
//   assembly/firmware.ts), the bytes the runtime backs: memoryTop() rounded up to 16. Everything the
//   module touches lies below memoryTop(); any access at or past the pool traps (wasm2c's bounds
//   checks), so a wrong figure shows as a trap, never as corrupted RAM. Other modules: unset (the
//   runtime backs the whole 64 KiB page).
// - EDGESIGN_MODULE_HAS_MEMORY_TOP: the C API then checks memoryTop() against the pool at init.
// - EDGESIGN_MODULE_HAS_JSON: 0 when msgBegin refuses JSON (a CBOR-only profile), asked of the module.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const x = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {}).exports;
const mem = new Uint8Array(x.memory.buffer);

// msgBegin(flags = 0: JSON, no iat, no device name) with a one-sensor header in IN (docs/abi.md):
// a module without the JSON writers returns ERR_ARG (-2) for it.
const strs = ['', 't', 'x', 'u'].map((s) => Buffer.from(s));
const inPtr = x.inPtr();
strs.forEach((s, i) => new DataView(x.memory.buffer).setUint32(inPtr + 4 * i, s.length, true));
mem.set(Buffer.concat(strs), inPtr + 4 * strs.length);
const hasJson = x.msgBegin(0, 0, 1, 1) >= 0;

const lines = [`#define EDGESIGN_MODULE_HAS_JSON ${hasJson ? 1 : 0}`];
if (typeof x.memoryTop === 'function') {
  const pool = Math.ceil(x.memoryTop() / 16) * 16;
  lines.push('#define EDGESIGN_MODULE_HAS_MEMORY_TOP 1');
  lines.push('#ifndef WASM_MCU_POOL_BYTES', `#define WASM_MCU_POOL_BYTES ${pool}u /* memoryTop() ${x.memoryTop()} */`, '#endif');
}
console.log(lines.join('\n'));
