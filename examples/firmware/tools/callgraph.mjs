// Static call graph of a wasm module, from `wasm-objdump -d` (wabt). Prints the compiler flags for
// the generated code:
//   - no recursion and no call_indirect: the deepest chain of wasm calls is a constant, so counting
//     the call depth at run time (WASM_RT_USE_STACK_DEPTH_COUNT, ~1.5 KB of code for edgesign) buys
//     nothing; prints -DWASM_RT_USE_STACK_DEPTH_COUNT=0.
//   - otherwise prints nothing (keep wasm2c's default: depth counted, trap at the limit).
// Usage: node tools/callgraph.mjs <module.wasm> [--report]
import { execFileSync } from 'node:child_process';

const file = process.argv[2];
const report = process.argv.includes('--report');
const text = execFileSync(process.env.WASM_OBJDUMP || 'wasm-objdump', ['-d', file], {
  encoding: 'utf8',
  maxBuffer: 256 << 20,
});
const calls = new Map(); // func index -> Set of callees
const names = new Map();
let current = null;
let indirect = 0;
for (const line of text.split('\n')) {
  const head = /^[0-9a-f]+ func\[(\d+)\](?: <([^>]*)>)?/.exec(line);
  if (head) {
    current = Number(head[1]);
    calls.set(current, new Set());
    if (head[2]) names.set(current, head[2]);
    continue;
  }
  if (current === null) continue;
  const call = /\|\s+call (\d+)\b/.exec(line);
  if (call) calls.get(current).add(Number(call[1]));
  if (/\|\s+call_indirect\b/.test(line) || /\|\s+return_call/.test(line)) indirect++;
}

// Depth of each function (1 = calls nothing), with cycle detection. Imported functions (no body)
// count as depth 1.
const depth = new Map();
const onPath = new Set();
const recursive = new Set();
let cyclic = false;
function visit(f) {
  if (depth.has(f)) return depth.get(f);
  if (onPath.has(f)) {
    cyclic = true;
    recursive.add(f);
    return 0;
  }
  onPath.add(f);
  let d = 0;
  for (const g of calls.get(f) ?? []) d = Math.max(d, visit(g));
  onPath.delete(f);
  depth.set(f, d + 1);
  return d + 1;
}
let max = 0;
for (const f of calls.keys()) max = Math.max(max, visit(f));

const safe = !cyclic && indirect === 0;
if (report) {
  const rec = [...recursive].map((f) => `func[${f}]${names.has(f) ? ` <${names.get(f)}>` : ''}`).join(', ');
  console.log(`${file}: ${calls.size} functions, ${indirect} indirect calls, ` +
    (cyclic
      ? `recursion in ${rec} (deepest chain ${max} counting each cycle once): call depth counted at run time`
      : `no recursion, deepest call chain ${max}: call depth counting off`));
} else if (safe) {
  console.log('-DWASM_RT_USE_STACK_DEPTH_COUNT=0');
}
