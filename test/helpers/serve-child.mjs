#!/usr/bin/env node
// Runs the ingestion service from the built package (dist/) in its own process, for the crash test
// and the load benchmark: `node test/helpers/serve-child.mjs DATA_DIR|postgres://… [JSON options]`.
// Prints `listening on URL` once ready (like `edgesign serve`); SIGTERM drains and exits 0.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createIngestionServer, PostgresStore, isPostgresUrl } from '../../packages/server/dist/service/index.js';

const [where, json] = process.argv.slice(2);
if (!where) {
  console.error('usage: serve-child.mjs DATA_DIR|postgres://… [JSON options]');
  process.exit(2);
}
const store = isPostgresUrl(where) ? await PostgresStore.open(where, { waitForDatabaseMs: 30_000 }) : undefined;
const svc = createIngestionServer({ ...(store ? { store } : { dataDir: where }), port: 0, ...(json ? JSON.parse(json) : {}) });
const { url } = await svc.listen();
// With EDGESIGN_REPORT_LOOP (the load benchmark's --large-mb): how long ready callbacks waited for the
// event loop, and the peak RSS (sampled every 50 ms), each since the previous SIGUSR2.
const loopDelay = process.env.EDGESIGN_REPORT_LOOP ? monitorEventLoopDelay({ resolution: 10 }) : null;
let maxRss = 0;
if (loopDelay) {
  loopDelay.enable();
  setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage.rss())), 50).unref();
}
// The load benchmark reads this process's CPU time (all threads) at the start and end of its load
// window (and the loop figures since the last reading).
process.on('SIGUSR2', () => {
  const now = { ...process.cpuUsage() };
  if (loopDelay) {
    const ms = (ns) => +(ns / 1e6).toFixed(1);
    Object.assign(now, { loopP99Ms: ms(loopDelay.percentile(99)), loopMaxMs: ms(loopDelay.max), maxRssMB: Math.round(Math.max(maxRss, process.memoryUsage.rss()) / 1e6) });
    loopDelay.reset();
    maxRss = 0;
  }
  console.log(`cpu-now ${JSON.stringify(now)}`);
});
process.on('SIGTERM', () => {
  svc.close().then(
    async () => {
      await store?.close();
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
});
// Only now: a parent that reads this line may signal at once (stdout to a pipe is written
// synchronously on Linux), and a SIGUSR2 before its handler is installed would kill the process.
console.log(`listening on ${url}`);

