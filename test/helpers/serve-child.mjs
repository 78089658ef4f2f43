#!/usr/bin/env node
// Runs the ingestion service from the built package (dist/) in its own process, for the crash test
// and the load benchmark: `node test/helpers/serve-child.mjs DATA_DIR [JSON options]`.
// Prints `listening on URL` once ready (like `edgesign serve`); SIGTERM drains and exits 0.
import { createIngestionServer } from '../../packages/server/dist/service/index.js';

const [dataDir, json] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: serve-child.mjs DATA_DIR [JSON options]');
  process.exit(2);
}
const svc = createIngestionServer({ dataDir, port: 0, ...(json ? JSON.parse(json) : {}) });
const { url } = await svc.listen();
console.log(`listening on ${url}`);
process.on('SIGTERM', () => {
  svc.close().then(
    () => {
      // The process's CPU time (all threads), for the load benchmark.
      if (process.env.EDGESIGN_REPORT_CPU) console.log(`cpu ${JSON.stringify(process.cpuUsage())}`);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
});
