// Size report and budgets for a Cortex-M build (arm-none-eabi-size, -Os, thumb).
//   node tools/size-report.mjs <build dir> <module.wasm>
// With BOARD set (make board-size): the build dir of one board (no demo image), and for a CBOR-only
// module (CFG_HEADER says EDGESIGN_MODULE_HAS_JSON 0) the flash added to an image must stay within
// CBOR_ONLY_BUDGET (issue: 12 KiB) instead of LINKED_BUDGET.
// Reports
//   - object sizes (arm-none-eabi-size) of the generated code, the runtime and the C API;
//   - what the signer really adds to an image: size-probe.elf (every API function, nothing else) minus
//     size-empty.elf, split by the linker map into generated code, runtime, C API and the libgcc
//     (soft-float), libm and libc routines they pull in;
//   - the whole demo image.
// Fails (exit 1) when
//   text+data of generated code + runtime objects        > FLASH_BUDGET  (issue: 24 KiB)
//   data+bss of generated code + runtime + C API objects  > RAM_BUDGET    (64 KiB page + 4 KiB)
//   flash the signer adds to an image (probe - empty)     > LINKED_BUDGET (32 KiB)
//   any signer object refers to a heap function, or the demo image links malloc/sbrk.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const [dir, wasm] = process.argv.slice(2);
const SIZE = process.env.SIZE || 'arm-none-eabi-size';
const NM = process.env.NM || 'arm-none-eabi-nm';
const FLASH_BUDGET = Number(process.env.FLASH_BUDGET || 24576);
const RAM_BUDGET = Number(process.env.RAM_BUDGET || 69632);
const BOARD = process.env.BOARD || '';
const cborOnly = process.env.CFG_HEADER ? /EDGESIGN_MODULE_HAS_JSON 0/.test(readFileSync(process.env.CFG_HEADER, 'utf8')) : false;
const LINKED_BUDGET = cborOnly ? Number(process.env.CBOR_ONLY_BUDGET || 12288) : Number(process.env.LINKED_BUDGET || 32768);
const hasPool = process.env.CFG_HEADER ? /define WASM_MCU_POOL_BYTES (\d+)/.exec(readFileSync(process.env.CFG_HEADER, 'utf8')) : null;
const PAGE = 65536;

const size = (file) => {
  const line = execFileSync(SIZE, [file], { encoding: 'utf8' }).trim().split('\n')[1];
  const [text, data, bss] = line.trim().split(/\s+/).map(Number);
  return { text, data, bss };
};
const pad = (s, n) => String(s).padStart(n);
const row = (name, s) => console.log(`${name.padEnd(40)} ${pad(s.text, 7)} ${pad(s.data, 6)} ${pad(s.bss, 7)}`);

const gen = size(join(dir, 'edgesign_w2c.o'));
const rt = size(join(dir, 'wasm-rt-mcu.o'));
const api = size(join(dir, 'edgesign.o'));
const demo = BOARD ? null : size(join(dir, 'edgesign-demo.elf'));
const probe = size(join(dir, 'size-probe.elf'));
const empty = size(join(dir, 'size-empty.elf'));

console.log(`module ${wasm}: ${statSync(wasm).size} bytes${BOARD ? `, board ${BOARD}` : ''}${cborOnly ? ', CBOR only' : ''}`);
console.log(`${'objects (before --gc-sections)'.padEnd(40)} ${pad('text', 7)} ${pad('data', 6)} ${pad('bss', 7)}`);
row('edgesign_w2c.o (wasm2c output)', gen);
row('wasm-rt-mcu.o (runtime)', rt);
row('edgesign.o (C API)', api);

// Linked contributions (flash: everything but .bss) per input file, from a linker map.
function linkedParts(mapFile) {
  const parts = { generated: 0, runtime: 0, api: 0, libgcc: 0, libm: 0, libc: 0, other: 0 };
  const map = readFileSync(join(dir, mapFile), 'utf8');
  const body = map.slice(map.indexOf('Linker script and memory map'));
  const re = /^ (\.(?:text|rodata|data|bss)[^\s]*)\s*\n?\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)/gm;
  for (const [, sec, hex, file] of body.matchAll(re)) {
    if (sec.startsWith('.bss')) continue;
    let who = 'other';
    // The linker merges all string-literal sections (.rodata*.str1.*) into the first one it meets,
    // so the map attributes every file's strings to one object: count them as "other".
    if (/\.str1\.\d+$/.test(sec)) who = 'other';
    else if (file.endsWith('edgesign_w2c.o')) who = 'generated';
    else if (file.endsWith('wasm-rt-mcu.o')) who = 'runtime';
    else if (file.endsWith('edgesign.o')) who = 'api';
    else if (/libgcc\.a/.test(file)) who = 'libgcc';
    else if (/libm\.a/.test(file)) who = 'libm';
    else if (/libc(_nano)?\.a/.test(file)) who = 'libc';
    parts[who] += parseInt(hex, 16);
  }
  return parts;
}
const lp = linkedParts('size-probe.map');
const le = linkedParts('size-empty.map');
const parts = Object.fromEntries(Object.keys(lp).map((k) => [k, lp[k] - le[k]]));
const added = { text: probe.text - empty.text, data: probe.data - empty.data, bss: probe.bss - empty.bss };
console.log('');
console.log('what the signer adds to an image (size-probe.elf - size-empty.elf, after --gc-sections):');
console.log(`  flash ${added.text + added.data} bytes = generated ${parts.generated} + runtime ${parts.runtime}` +
  ` + C API ${parts.api} + libgcc soft-float ${parts.libgcc} + libm ${parts.libm} + libc ${parts.libc}` +
  ` + ${added.text + added.data - parts.generated - parts.runtime - parts.api - parts.libgcc - parts.libm - parts.libc} other (string literals, merged by the linker; the probe's main)`);
const pool = hasPool ? Number(hasPool[1]) : PAGE;
console.log(`  RAM   ${added.data + added.bss} bytes = the backed module memory ${pool} + ${added.data + added.bss - pool} bytes of state`);
if (demo) {
  console.log('');
  row('edgesign-demo.elf (whole demo image)', demo);
  console.log(`  (the demo's own buffers: a 128 KiB message store standing in for flash, 8 KiB stack)`);
}

// Stack: largest frames (-fstack-usage).
for (const o of ['edgesign_w2c', 'wasm-rt-mcu', 'edgesign']) {
  try {
    const lines = readFileSync(join(dir, `${o}.su`), 'utf8').trim().split('\n');
    const top = lines.map((l) => l.split('\t')).sort((a, b) => Number(b[1]) - Number(a[1]))[0];
    console.log(`largest stack frame in ${o}.o: ${top[1]} bytes (${top[0].split(':').pop()})`);
  } catch {}
}

const flash = gen.text + gen.data + rt.text + rt.data;
const ram = gen.data + gen.bss + rt.data + rt.bss + api.data + api.bss;
const linked = added.text + added.data;
console.log('');
console.log(`signer flash (generated + runtime objects, text+data): ${flash} bytes (budget ${FLASH_BUDGET})`);
console.log(`signer RAM (data+bss with the C API): ${ram} bytes = backed memory + ${ram - pool} (budget ${RAM_BUDGET})`);
console.log(`signer flash added to an image, all included: ${linked} bytes (budget ${LINKED_BUDGET}${cborOnly ? ', CBOR-only' : ''})`);
if (BOARD) console.log(`flash ${BOARD} added=${linked} generated=${parts.generated} runtime=${parts.runtime} api=${parts.api} libgcc=${parts.libgcc} libm=${parts.libm} libc=${parts.libc} budget=${LINKED_BUDGET}`);

let fail = false;
const heapRe = /\b(malloc|calloc|realloc|free|_sbrk|_malloc_r|_free_r|_calloc_r|_realloc_r)\b/;
const undef = execFileSync(NM, ['-u', ...['edgesign_w2c.o', 'wasm-rt-mcu.o', 'edgesign.o'].map((f) => join(dir, f))], { encoding: 'utf8' });
const heapRefs = undef.split('\n').filter((l) => heapRe.test(l));
if (heapRefs.length) {
  console.log(`FAIL: the signer refers to heap functions: ${heapRefs.join(', ')}`);
  fail = true;
}
for (const elf of BOARD ? ['size-probe.elf'] : ['edgesign-demo.elf', 'size-probe.elf']) {
  const syms = execFileSync(NM, [join(dir, elf)], { encoding: 'utf8' });
  if (/\s(malloc|_malloc_r|_sbrk)$/m.test(syms)) {
    console.log(`FAIL: ${elf} links a heap allocator`);
    fail = true;
  }
}
if (!fail) console.log(`no heap: no malloc/free/sbrk in the signer objects, the probe${BOARD ? '' : ' or the demo image'}`);
const over = (what, v, b) => {
  if (v > b) {
    console.log(`FAIL: ${what} ${v} > budget ${b}`);
    fail = true;
  }
};
over('signer flash', flash, FLASH_BUDGET);
over('signer RAM', ram, RAM_BUDGET);
over('signer flash added to an image', linked, LINKED_BUDGET);
console.log(fail ? 'size budget: FAILED' : 'size budget: ok');
process.exit(fail ? 1 : 0);
