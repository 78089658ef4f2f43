// RAM of edgesign's part on one board, from the linked image and the board's own measurement:
//   node tools/ram-report.mjs <board> <mcu-demo.elf> <board run output> <config header> <budget json> <budget cbor-only>
// static: the .data/.bss the linker placed for the generated code, the runtime (the backed module
// memory, g_pool, shown apart) and the C API (its state and the module instance), from the image's map;
// stack: the peak of each signing case, measured on the board by stack painting (mcu-demo.c prints
// `ram <case> stack=<bytes>`). Total = static + the largest peak. Fails over the budget: the
// CBOR-only budget for a module without JSON, the JSON one otherwise. Alignment padding the linker
// puts between sections (`*fill*`, a few bytes) is not attributed to anyone and not counted.
import { readFileSync } from 'node:fs';

const [board, elf, runOut, cfgHeader, budgetJson, budgetCbor] = process.argv.slice(2);
const cborOnly = /EDGESIGN_MODULE_HAS_JSON 0/.test(readFileSync(cfgHeader, 'utf8'));
const budget = Number(cborOnly ? budgetCbor : budgetJson);
const map = readFileSync(elf.replace(/\.elf$/, '.map'), 'utf8');
const body = map.slice(map.indexOf('Linker script and memory map'));

const parts = { pool: 0, runtime: 0, generated: 0, api: 0 };
const re = /^ (\.(?:data|bss)[^\s]*)\s*\n?\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)/gm;
for (const [, sec, hex, file] of body.matchAll(re)) {
  const n = parseInt(hex, 16);
  if (file.endsWith('wasm-rt-mcu.o')) parts[sec.endsWith('.g_pool') ? 'pool' : 'runtime'] += n;
  else if (file.endsWith('edgesign_w2c.o')) parts.generated += n;
  else if (file.endsWith('edgesign.o')) parts.api += n;
}
const stacks = [...readFileSync(runOut, 'utf8').matchAll(/^ram (\S+) stack=(\d+)$/gm)].map(([, c, n]) => [c, Number(n)]);
if (stacks.length === 0) {
  console.log(`${board}: no 'ram <case> stack=<n>' lines in ${runOut}`);
  process.exit(1);
}
const peak = Math.max(...stacks.map(([, n]) => n));
const statics = parts.pool + parts.runtime + parts.generated + parts.api;
const total = statics + peak;
console.log(`${board}: RAM of edgesign's part (${cborOnly ? 'CBOR-only' : 'JSON + CBOR'} module)`);
console.log(`  backed module memory (g_pool)        ${String(parts.pool).padStart(6)}`);
console.log(`  runtime state (wasm-rt-mcu.o)        ${String(parts.runtime).padStart(6)}`);
console.log(`  generated code state (edgesign_w2c.o)${String(parts.generated).padStart(6)}`);
console.log(`  C API state + instance (edgesign.o)  ${String(parts.api).padStart(6)}`);
console.log(`  stack peak, painted: ${stacks.map(([c, n]) => `${c} ${n}`).join(', ')}`);
console.log(`ram ${board} static=${statics} stack=${peak} total=${total} budget=${budget} ${total <= budget ? 'ok' : 'OVER'}`);
process.exit(total <= budget ? 0 : 1);
