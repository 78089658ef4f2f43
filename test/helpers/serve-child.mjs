#!/usr/bin/env node
// Runs the ingestion service from the built package (dist/) in its own process, for the crash test
// and the load benchmark: `node test/helpers/serve-child.mjs DATA_DIR|postgres://… [JSON options]`.
// Prints `listening on URL` once ready (like `edgesign serve`); SIGTERM drains and exits 0.
import { createIngestionServer, PostgresStore, isPostgresUrl } from '../../packages/server/dist/service/index.js';

const [where, json] = process.argv.slice(2);
if (!where) {
  console.error('usage: serve-child.mjs DATA_DIR|postgres://… [JSON options]');
  process.exit(2);
}
const store = isPostgresUrl(where) ? await PostgresStore.open(where, { waitForDatabaseMs: 30_000 }) : undefined;
const svc = createIngestionServer({ ...(store ? { store } : { dataDir: where }), port: 0, ...(json ? JSON.parse(json) : {}) });
const { url } = await svc.listen();
console.log(`listening on ${url}`);
// The load benchmark reads this process's CPU time (all threads) at the start and end of its load window.
process.on('SIGUSR2', () => console.log(`cpu-now ${JSON.stringify(process.cpuUsage())}`));
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
