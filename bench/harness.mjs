// Timing and allocation machinery for bench/run.mjs. Nothing here knows about hashes or messages.
//
// Timing: every cell gets its own loop function (compiled from a source string that names the cell),
// so the call site `fn()` inside a loop only ever sees one callee and V8 can inline it; a shared loop
// would go megamorphic after a few cells and charge every peer the same extra tens of nanoseconds,
// which blurs the 32-byte cells. Each cell is warmed up and calibrated to a batch of about
// `sampleMs`, then sampled once per pass; within a pass the cells of one row (same group and size)
// run back to back, in an order rotated every pass, so load that drifts over time hits all peers of
// a row alike. The figure reported is the median of the per-pass ns/op, on the process's CPU time
// for synchronous cells (this machine is shared: wall time there mostly measures the scheduler) and
// on wall time for awaited ones (WebCrypto); wall-clock medians are kept alongside.
//
// Allocation: bytes of V8 heap plus ArrayBuffer backing stores that N calls leave behind, read before
// and after with no garbage collection in between (checked with a PerformanceObserver on 'gc'
// entries; on a collection the run is retried with a smaller N). Needs --expose-gc.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import v8 from 'node:v8';

const AsyncFunction = (async () => {}).constructor;

/** Sink for results, so no loop body is ever dead code. */
export let sink = null;

function loopSource(id) {
  // A comment with the cell id makes every source string distinct: no compilation-cache sharing.
  return `// bench loop: ${String(id).replace(/[\r\n*/]/g, ' ')}\nlet r;\nfor (let i = 0; i < n; i++) r = fn();\nreturn r;`;
}

/** A loop `(fn, n) => last result` of its own for one cell. */
export function makeLoop(id, async) {
  const src = async ? loopSource(id).replace('r = fn()', 'r = await fn()') : loopSource(id);
  return async ? new AsyncFunction('fn', 'n', src) : new Function('fn', 'n', src);
}

/**
 * Runs `cell.run` `n` times; returns { wall, cpu } nanoseconds: wall-clock time, and the CPU time this
 * process was given meanwhile (process.cpuUsage: user + system, all threads). On a shared machine the
 * wall time of a batch includes the time other processes held the CPU; the CPU time does not.
 */
export async function timeBatch(cell, n) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  if (cell.async) sink = await cell.loop(cell.run, n);
  else sink = cell.loop(cell.run, n);
  const wall = Number(process.hrtime.bigint() - t0);
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) * 1000 };
}

/** The clock a cell is judged by: CPU time for synchronous work, wall time for awaited calls. */
export const clockOf = (cell) => (cell.async ? 'wall' : 'cpu');

/**
 * Warms `cell` up for about `warmupMs` and sets `cell.n`, the iterations of one sample (about
 * `sampleMs` on the cell's clock, at least `minIters`).
 */
export async function calibrate(cell, { warmupMs, sampleMs, minIters = 1 }) {
  cell.loop ??= makeLoop(cell.id, cell.async);
  const clock = clockOf(cell);
  let n = 1;
  let spent = 0;
  let last = null;
  const budget = warmupMs * 1e6;
  // Grow the batch until one batch takes a measurable time (2 ms), and keep running until the
  // warm-up budget is spent, so the optimizing compiler has had its chance; the cost per call is then
  // taken from the last (warmest) batch.
  for (;;) {
    const t = await timeBatch(cell, n);
    spent += t.wall;
    if (t[clock] >= 2e6 || (t[clock] > 2e5 && spent >= budget * 4)) last = t[clock] / n;
    if (spent >= budget && last !== null) break;
    if (t[clock] < 2e6) n *= 2;
  }
  const perOp = last;
  cell.n = Math.max(minIters, Math.round((sampleMs * 1e6) / perOp));
  cell.samples = [];
  cell.wallSamples = [];
  cell.cpuSamples = [];
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median absolute deviation as a fraction of the median (a robust spread). */
export function relMad(xs) {
  const m = median(xs);
  return m === 0 ? 0 : median(xs.map((x) => Math.abs(x - m))) / m;
}

/**
 * Samples every row `passes` times. `rows` is a list of arrays of cells (one array per group and
 * size); the cells of a row run back to back, rotated by the pass number.
 */
export async function runPasses(rows, { passes, onPass }) {
  for (let p = 0; p < passes; p++) {
    for (const row of rows) {
      for (let k = 0; k < row.length; k++) {
        const cell = row[(k + p) % row.length];
        const t = await timeBatch(cell, cell.n);
        cell.wallSamples.push(t.wall / cell.n);
        cell.cpuSamples.push(t.cpu / cell.n);
        cell.samples.push(t[clockOf(cell)] / cell.n);
      }
    }
    onPass?.(p);
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function heapNow() {
  return v8.getHeapStatistics().used_heap_size + process.memoryUsage().arrayBuffers;
}

/**
 * Bytes left behind per call of `fn` (V8 heap + ArrayBuffer stores), measured over `n` calls with no
 * GC in between; the cost of the probes themselves (an empty run) is subtracted. Returns
 * { bytesPerOp, n, attempts } or { bytesPerOp: NaN } when no GC-free run was possible.
 */
export async function measureAlloc(fn, { n = 256, minN = 4, attempts = 3, settleMs = 20 } = {}) {
  if (typeof globalThis.gc !== 'function') throw new Error('measureAlloc needs node --expose-gc');
  const gcs = [];
  const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push(e); });
  obs.observe({ entryTypes: ['gc'] });
  const noop = () => null;
  const run = async (f, count) => {
    globalThis.gc();
    globalThis.gc();
    // Let concurrent sweeping finish: it lowers the used heap size while we count.
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    await tick();
    gcs.length = 0;
    const t0 = performance.now();
    const before = heapNow();
    let r = null;
    for (let i = 0; i < count; i++) r = f();
    const after = heapNow();
    const t1 = performance.now();
    sink = r;
    await tick();
    await new Promise((resolve) => setTimeout(resolve, 1));
    const collided = gcs.some((e) => e.startTime + e.duration >= t0 && e.startTime <= t1);
    return collided ? null : after - before;
  };
  try {
    for (let i = 0; i < 50; i++) fn(); // optimized before we look
    const got = [];
    let tries = 0;
    while (n >= minN && got.length < attempts) {
      tries++;
      const base = await run(noop, n);
      const total = await run(fn, n);
      if (total === null || base === null) {
        n >>= 1;
        continue;
      }
      got.push((total - base) / n);
    }
    return { bytesPerOp: got.length ? Math.max(0, Math.min(...got)) : NaN, median: got.length ? median(got) : NaN, n, attempts: tries };
  } finally {
    obs.disconnect();
  }
}
