#!/usr/bin/env node
// `npm start` (after `npm run build`): the whole system on this machine in a few seconds.
//
// 1. Opens the store in .edgesign/ at the project root (or EDGESIGN_DATA_DIR) and makes sure it has a
//    development API key that may ingest and a development HMAC key; a second run reuses them (the
//    store keeps the development API key's secret, exactly so that tools can fetch it again).
// 2. Starts the ingestion service on loopback (EDGESIGN_PORT, default a free port).
// 3. Runs `edgesign simulate` (a real child process, so it has its own core) with a handful of devices
//    for a few seconds (EDGESIGN_START_SECONDS, default 5), accelerometer plus audio.
// 4. Prints the summary and where the data is, stops the service, and exits with the simulator's code.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = path.resolve(process.env.EDGESIGN_DATA_DIR || path.join(root, '.edgesign'));
const seconds = Number(process.env.EDGESIGN_START_SECONDS || 5);
const port = Number(process.env.EDGESIGN_PORT || 0);
const DEVICES = 5;
const RATE = 4;

let service;
try {
  service = await import('../packages/server/dist/service/index.js');
} catch (e) {
  console.error(`edgesign: E_INTERNAL: the service is not built (run npm run build): ${e.message}`);
  process.exit(2);
}
const { createIngestionServer, openStore, getDevKeys, listKeys, createApiKey, createHmacKey, INGESTION_ROLES, DB_FILE_NAME } = service;

const t0 = performance.now();
const rel = (p) => {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
};

// 1. Keys: reuse the development keys when they fit, else create them.
const store = openStore(dataDir);
let apiKeyInfo;
let hmacKeyInfo;
let apiKey;
let hmacKey;
try {
  const dev = await getDevKeys(store);
  const keys = await listKeys(store);
  const devApi = keys.apiKeys.find((k) => k.isDevelopmentKey);
  const devHmac = keys.hmacKeys.find((k) => k.isDevelopmentKey);
  if (dev.apiKey && devApi && INGESTION_ROLES.includes(devApi.role)) {
    apiKey = dev.apiKey;
    apiKeyInfo = `reusing development API key ${devApi.id} "${devApi.name}" (${devApi.role})`;
  } else {
    const k = await createApiKey(store, { name: 'npm start', role: 'ingestiononly', dev: true });
    apiKey = k.key;
    apiKeyInfo = `created development API key ${k.id} "${k.name}" (${k.role})`;
  }
  if (dev.hmacKey && devHmac) {
    hmacKey = dev.hmacKey;
    hmacKeyInfo = `reusing development HMAC key ${devHmac.id} "${devHmac.name}"`;
  } else {
    const k = await createHmacKey(store, { name: 'npm start', dev: true });
    hmacKey = k.key;
    hmacKeyInfo = `created development HMAC key ${k.id} "${k.name}"`;
  }
} finally {
  await store.close();
}

// 2. The service.
const svc = createIngestionServer({ dataDir, host: '127.0.0.1', port });
const { url } = await svc.listen();
console.log(`edgesign: ingestion service listening on ${url} (data in ${rel(dataDir)})`);
console.log(`edgesign: ${apiKeyInfo}`);
console.log(`edgesign: ${hmacKeyInfo}`);

// 3. The simulator, as a real `edgesign simulate` (secrets by environment, not on the command line).
const ignore = () => {}; // Ctrl-C reaches the simulator too: it stops early and still prints its summary.
process.on('SIGINT', ignore);
process.on('SIGTERM', ignore);
const code = await new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    [path.join(root, 'packages', 'server', 'bin', 'edgesign.js'), 'simulate', '--url', url, '--devices', String(DEVICES), '--rate', String(RATE), '--duration', String(seconds), '--audio'],
    { stdio: 'inherit', env: { ...process.env, EDGESIGN_API_KEY: apiKey, EDGESIGN_HMAC_KEY: hmacKey } },
  );
  child.on('error', (e) => {
    console.error(`edgesign: E_INTERNAL: could not start the simulator: ${e.message}`);
    resolve(2);
  });
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 2)));
});

// 4. Where the data is; then stop.
const all = await svc.store.listSamples({ limit: 100_000, offset: 0 });
await svc.close();
process.off('SIGINT', ignore);
process.off('SIGTERM', ignore);
const d = rel(dataDir);
const bin = rel(path.join(root, 'packages', 'server', 'bin', 'edgesign.js'));
console.log(`
edgesign: ${all.length}${all.length === 100_000 ? '+' : ''} samples stored in ${path.join(d, DB_FILE_NAME)} (SQLite; kept for the next run)
  browse:  node ${bin} serve --data-dir ${d}
           curl -H "x-api-key: ${apiKey}" http://127.0.0.1:4810/api/samples
  keys:    node ${bin} keys list --data-dir ${d}
edgesign: done in ${((performance.now() - t0) / 1000).toFixed(1)} s; service stopped`);
process.exitCode = code;
