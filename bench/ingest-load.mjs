#!/usr/bin/env node
// Loopback load benchmark of the ingestion service (issue 6; not a timed test).
//
//   npm run build && node bench/ingest-load.mjs [--clients 64] [--seconds 10] [--rows 100] [--policy reject]
//
// Starts the built service (dist/) in a child process on 127.0.0.1 with a fresh store in a temp dir,
// pre-signs distinct messages (JSON, one-second 3-axis window at --rows Hz, with iat, HMAC by
// node:crypto), then has --clients keep-alive clients POST them for --seconds. Prints samples/s
// accepted (200 = durably committed), latency percentiles, refusals by code, and checks the store
// holds exactly the accepted samples. Bounded in time and count; loopback only.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'packages/server/dist/service/index.js');
if (!existsSync(dist)) {
  console.error(`bench/ingest-load: ${dist} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const { openStore, createApiKey, createHmacKey } = await import(dist);

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '10' },
    rows: { type: 'string', default: '100' },
    policy: { type: 'string', default: 'reject' },
    messages: { type: 'string', default: '4000' },
  },
});
const clients = Math.max(1, Math.min(512, Number(args.clients)));
const seconds = Math.max(1, Math.min(300, Number(args.seconds)));
const rows = Math.max(1, Math.min(10_000, Number(args.rows)));
const nMessages = Math.max(clients, Math.min(100_000, Number(args.messages)));

const dataDir = mkdtempSync(join(tmpdir(), 'edgesign-bench-'));
let child;
try {
  const store = openStore(dataDir);
  const api = await createApiKey(store, { name: 'bench', role: 'ingestiononly' });
  const hk = await createHmacKey(store, { name: 'bench' });
  await store.close();

  // Distinct signed messages, as the Edge Impulse Node forwarder makes them (JSON.stringify + patch).
  const placeholder = '0'.repeat(64);
  const bodies = [];
  for (let m = 0; m < nMessages; m++) {
    const values = [];
    for (let r = 0; r < rows; r++) values.push([+(Math.sin(m + r) * 9.81).toFixed(3), +(Math.cos(r) * 0.5).toFixed(3), +((m % 97) / 10 + r / 100).toFixed(3)]);
    const msg = {
      protected: { ver: 'v1', alg: 'HS256', iat: Math.floor(Date.now() / 1000) },
      signature: placeholder,
      payload: {
        device_name: `bench-${m % 64}`,
        device_type: 'EDGESIGN_BENCH',
        interval_ms: 1000 / rows,
        sensors: [
          { name: 'accX', units: 'm/s2' },
          { name: 'accY', units: 'm/s2' },
          { name: 'accZ', units: 'm/s2' },
        ],
        values,
      },
    };
    const text = JSON.stringify(msg);
    const sig = createHmac('sha256', hk.key).update(text).digest('hex');
    bodies.push(Buffer.from(text.replace(placeholder, sig)));
  }
  const avgBytes = Math.round(bodies.reduce((n, b) => n + b.length, 0) / bodies.length);

  child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), join(root, 'test/helpers/serve-child.mjs'), dataDir, JSON.stringify({ signaturePolicy: args.policy })], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, EDGESIGN_REPORT_CPU: '1' },
  });
  let serverOut = '';
  child.stdout.on('data', (c) => (serverOut += c));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    setTimeout(() => reject(new Error('server did not start in 20 s')), 20_000).unref();
  });
  const { hostname, port } = new URL(url);

  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const post = (body, i) =>
    new Promise((resolve) => {
      const req = request(
        {
          agent,
          host: hostname,
          port,
          method: 'POST',
          path: '/api/training/data',
          headers: {
            'x-api-key': api.key,
            'x-file-name': `bench.${i}.json`,
            'content-type': 'application/json',
            'content-length': body.length,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode, text }));
        },
      );
      req.on('error', (e) => resolve({ status: 0, text: `E_CLIENT: ${e.code ?? e.message}` }));
      req.end(body);
    });

  let next = 0;
  let accepted = 0;
  const refused = {};
  const latencies = [];
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const i = next++;
        const started = performance.now();
        const r = await post(bodies[i % bodies.length], i);
        latencies.push(performance.now() - started);
        if (r.status === 200) accepted++;
        else {
          const code = /^(E_[A-Z_]+)/.exec(r.text)?.[1] ?? `HTTP_${r.status}`;
          refused[code] = (refused[code] ?? 0) + 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();

  const cpuAtLoad = await new Promise((resolve) => {
    // CPU of the server process before the load ended is not separable from startup; report the total.
    child.kill('SIGTERM');
    child.once('exit', () => resolve(JSON.parse(/cpu (\{.*\})/.exec(serverOut)?.[1] ?? 'null')));
  });
  child = undefined;
  const check = openStore(dataDir);
  const stored = check.db.prepare('SELECT count(*) AS n FROM samples').get().n;
  await check.close();

  latencies.sort((a, b) => a - b);
  const pct = (p) => +latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(2);
  const result = {
    clients,
    seconds: +elapsed.toFixed(2),
    bodyBytes: avgBytes,
    policy: args.policy,
    sent: latencies.length,
    accepted,
    refused,
    stored,
    samplesPerSecond: Math.round(accepted / elapsed),
    latencyMs: { p50: pct(50), p99: pct(99) },
    serverCpuUsPerSample: cpuAtLoad ? Math.round((cpuAtLoad.user + cpuAtLoad.system) / Math.max(1, accepted)) : null,
  };
  console.log(`${result.samplesPerSecond} samples/s accepted (${clients} keep-alive clients, ${avgBytes}-byte signed JSON, ${result.seconds} s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms; server CPU ${result.serverCpuUsPerSample} µs/sample incl. startup; store holds ${stored}/${accepted})`);
  console.log(JSON.stringify(result));
  if (stored !== accepted || Object.keys(refused).length > 0) process.exitCode = 1;
} finally {
  if (child) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}
