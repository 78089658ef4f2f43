#!/usr/bin/env node
// edgesign benchmark (issue 8): edgesign against node:crypto, WebCrypto, hash-wasm, @noble/hashes,
// fast-sha256, @chainsafe/as-sha256, cbor-x and the Edge Impulse way, in ONE process.
//
//   npm run bench                       build, then the full run; writes bench/results/latest.{json,md,svg}
//   node bench/run.mjs --quick          smoke run (tiny batches, < 15 s), written to a temp dir
//   node bench/run.mjs [--out DIR] [--passes N] [--sample-ms MS] [--warmup-ms MS]
//   node bench/run.mjs --from bench/results/latest.json   re-render latest.md/.svg and the table, no measuring
//
// Method: every peer's output is checked against node:crypto first (and again at the end); each cell
// is warmed up and calibrated to a batch of --sample-ms; then --passes passes sample every cell once,
// the peers of one row (same operation and size) back to back in an order rotated every pass. The
// figure is the median per-pass ns/op of the CPU time the process used (wall time for the awaited
// WebCrypto cell): on this shared machine wall time mostly measures the other processes; wall-clock
// medians and ratios are reported alongside. Ratios are taken between medians. Allocation is measured with
// --expose-gc (the script re-spawns itself with the flag). Absolute times drift on a shared machine:
// compare ratios, and look at the load average printed with the results.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    'quick': { type: 'boolean', default: false },
    'out': { type: 'string' },
    'from': { type: 'string' },
    'passes': { type: 'string' },
    'sample-ms': { type: 'string' },
    'warmup-ms': { type: 'string' },
  },
});

if (args.from) {
  const { consoleReport, markdownReport, svgReport } = await import('./report.mjs');
  const res = JSON.parse(readFileSync(args.from, 'utf8'));
  const dir = args.out ?? dirname(args.from);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.md'), markdownReport(res));
  writeFileSync(join(dir, 'latest.svg'), svgReport(res));
  console.log(consoleReport(res));
  console.log(`\nre-rendered ${join(dir, 'latest.md')} and latest.svg from ${args.from}`);
  process.exit(0);
}

if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const quick = args.quick;
const config = {
  passes: Number(args.passes ?? (quick ? 2 : 25)),
  sampleMs: Number(args['sample-ms'] ?? (quick ? 0.5 : 10)),
  warmupMs: Number(args['warmup-ms'] ?? (quick ? 2 : 150)),
};
const outDir = args.out ?? (quick ? mkdtempSync(join(os.tmpdir(), 'edgesign-bench-')) : fileURLToPath(new URL('./results/', import.meta.url)));

const { calibrate, runPasses, measureAlloc } = await import('./harness.mjs');
const { buildGroups, checkAll, wasmMemory, PEERS } = await import('./peers.mjs');
const { summarize, consoleReport, markdownReport, svgReport } = await import('./report.mjs');

const log = (s) => process.stderr.write(`${s}\n`);
const started = Date.now();
const loadStart = os.loadavg();
log(`bench: ${quick ? 'quick smoke run' : 'full run'}, load average ${loadStart.map((x) => x.toFixed(2)).join(' ')}, ${config.passes} passes of ${config.sampleMs} ms batches`);

const { groups } = await buildGroups();

// 1. Every peer computes the right thing, or nothing is timed.
const checksBefore = await checkAll(groups);
const failed = checksBefore.filter((c) => !c.ok);
if (failed.length) {
  for (const c of failed) log(`CHECK FAILED: ${c.what} ${c.detail}`);
  process.exit(1);
}
log(`bench: ${checksBefore.length} correctness checks passed`);

// 2. Warm-up and calibration, then the interleaved passes.
const rows = groups.flatMap((g) => g.rows.map((r) => r.cells));
for (const cell of rows.flat()) await calibrate(cell, { warmupMs: config.warmupMs, sampleMs: config.sampleMs });
log(`bench: warmed up ${rows.flat().length} cells in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const loadDuring = [];
await runPasses(rows, {
  passes: config.passes,
  onPass: (p) => {
    loadDuring.push(os.loadavg()[0]);
    log(`bench: pass ${p + 1}/${config.passes}, load ${os.loadavg()[0].toFixed(2)}`);
  },
});

// 3. Still correct after all that (state reuse across thousands of calls).
const checksAfter = await checkAll(groups);
if (checksAfter.some((c) => !c.ok)) {
  for (const c of checksAfter.filter((x) => !x.ok)) log(`CHECK FAILED after timing: ${c.what}`);
  process.exit(1);
}

// 4. Allocation per call.
const cellOf = (group, size, peer) => groups.find((g) => g.id === group).rows.find((r) => r.size === size).cells.find((c) => c.peer === peer);
const allocPlan = [
  ['HMAC 32 B', 'hmac', 32, ['edgesign', 'edgesign-oneshot', 'node', 'hash-wasm', 'noble', 'fast-sha256']],
  ['sign JSON 1 s', 'sign-json', 1, ['edgesign-sign', 'edgesign-sign-f64', 'ei', 'ei-forwarder']],
  ['sign CBOR 1 s', 'sign-cbor', 1, ['edgesign-sign', 'edgesign-sign-f64', 'cbor-x']],
];
const allocRows = [];
for (const [what, group, size, peers] of allocPlan) {
  const row = groups.find((g) => g.id === group).rows.find((r) => r.size === size);
  for (const peer of peers) {
    const cell = cellOf(group, size, peer);
    const result = cell.run();
    // Bytes of the result that is new on every call (reused digestInto buffers are not).
    const fresh = result !== cell.run();
    const outputBytes = !fresh ? 0 : group === 'hmac' ? 32 : row.messageBytes[peer];
    const a = await measureAlloc(cell.run, { n: quick ? 16 : 256, minN: 2, attempts: quick ? 1 : 5 });
    allocRows.push({ what, peer, bytesPerOp: a.bytesPerOp, outputBytes, n: a.n });
  }
}
const alloc = {
  method: 'V8 used_heap_size + process.memoryUsage().arrayBuffers before/after N calls with no GC in between (PerformanceObserver gc entries), minus an empty run; the least of 5 attempts (background compilation only adds); native (OpenSSL) memory is not counted',
  rows: allocRows,
};

const wasm = wasmMemory();
const cpu = os.cpus();
const machine = {
  cpu: cpu[0]?.model?.trim() ?? 'unknown CPU',
  cores: cpu.length,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  v8: process.versions.v8,
  totalMemGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
};
const res = summarize(groups, {
  peers: PEERS, machine, config, quick, alloc, wasm,
  checks: { passedBefore: checksBefore.length, passedAfter: checksAfter.length, list: checksBefore.map((c) => `${c.what}${c.detail ? ` (${c.detail})` : ''}`) },
  loadavg: { start: loadStart, end: os.loadavg(), duringPasses: loadDuring.reduce((a, b) => a + b, 0) / loadDuring.length },
  date: new Date().toISOString(),
});
res.durationS = (Date.now() - started) / 1000;

// Four significant digits are plenty for medians of a noisy machine, and keep the file readable.
const round = (_k, v) => (typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v) ? Number(v.toPrecision(4)) : v);
// The table and chart are rendered from the rounded document, so they match latest.json digit for digit.
const json = `${JSON.stringify(res, round, 2)}\n`;
const rounded = JSON.parse(json);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'latest.json'), json);
writeFileSync(join(outDir, 'latest.md'), markdownReport(rounded));
writeFileSync(join(outDir, 'latest.svg'), svgReport(rounded));
console.log(consoleReport(rounded));
console.log(`\nwrote ${join(outDir, 'latest.json')}, latest.md, latest.svg (${res.durationS.toFixed(1)} s)`);
