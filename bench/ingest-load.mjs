#!/usr/bin/env node
// Loopback load benchmark of the ingestion service (issues 6 and 16; not a timed test).
//
//   npm run build && node bench/ingest-load.mjs [--clients 64] [--seconds 10] [--rows 100] [--policy reject]
//                                             [--store sqlite|postgres] [--receivers N] [--scaling] [--large-mb 12]
//
// Starts the built service (dist/) in child processes on 127.0.0.1 — on a fresh SQLite store in a
// temp dir, or on a fresh database of a PostgreSQL cluster the benchmark starts itself (Debian's
// postgresql, test/helpers/postgres-cluster.mjs) — pre-signs distinct messages (JSON, one-second
// 3-axis window at --rows Hz, with iat, HMAC by node:crypto), then has --clients keep-alive clients
// POST them for --seconds, spread over the receivers as a load balancer would (client c → receiver
// c mod N). Prints samples/s accepted (200 = durably committed), latency percentiles, refusals by
// code, CPU per sample of the receivers and of PostgreSQL, and checks the store holds exactly the
// accepted samples. --scaling runs SQLite × 1 receiver, then PostgreSQL × 1, 2 and 4 receivers on one
// database, and writes the side-by-side table to bench/results/ingest-scaling.{md,json}.
//
// With --large-mb N (issue 13), the second half of the run also POSTs JSON messages of about N MB
// signed with a key the service does not have, one after the other, to the first receiver (an
// attacker holding an ingestion key). The small samples' latency is reported for each half apart
// (alone, then during the large uploads; the first fifth of the run, warm-up, counts in neither), with
// that receiver's event-loop delay and peak RSS in each; the figures go to
// bench/results/ingest-large-upload-POLICY.{md,json}.
// Bounded in time and count; loopback only.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'packages/server/dist/service/index.js');
if (!existsSync(dist)) {
  console.error(`bench/ingest-load: ${dist} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const { openStore, createApiKey, createHmacKey, PostgresStore } = await import(dist);

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '10' },
    rows: { type: 'string', default: '100' },
    policy: { type: 'string', default: 'reject' },
    messages: { type: 'string', default: '4000' },
    store: { type: 'string', default: 'sqlite' },
    receivers: { type: 'string', default: '1' },
    scaling: { type: 'boolean', default: false },
    'large-mb': { type: 'string', default: '0' },
  },
});
const largeMb = Math.max(0, Math.min(64, Number(args['large-mb'])));
if (largeMb > 0 && args.scaling) {
  console.error('bench/ingest-load: --large-mb measures one configuration; leave out --scaling');
  process.exit(1);
}
const clients = Math.max(1, Math.min(512, Number(args.clients)));
const seconds = Math.max(1, Math.min(300, Number(args.seconds)));
const rows = Math.max(1, Math.min(10_000, Number(args.rows)));
const nMessages = Math.max(clients, Math.min(100_000, Number(args.messages)));
if (!['sqlite', 'postgres'].includes(args.store)) {
  console.error('bench/ingest-load: --store must be sqlite or postgres');
  process.exit(1);
}
const receiversArg = Math.max(1, Math.min(16, Number(args.receivers)));

// One HMAC key for every run, so the messages are signed once.
const HMAC_KEY = createHmac('sha256', 'edgesign-bench').update('hmac').digest('hex').slice(0, 32);

/** A 3-axis message signed with `key`, as the Edge Impulse Node forwarder makes it (JSON.stringify + patch). */
function signedMessage(key, deviceName, intervalMs, values) {
  const placeholder = '0'.repeat(64);
  const text = JSON.stringify({
    protected: { ver: 'v1', alg: 'HS256', iat: Math.floor(Date.now() / 1000) },
    signature: placeholder,
    payload: {
      device_name: deviceName,
      device_type: 'EDGESIGN_BENCH',
      interval_ms: intervalMs,
      sensors: [
        { name: 'accX', units: 'm/s2' },
        { name: 'accY', units: 'm/s2' },
        { name: 'accZ', units: 'm/s2' },
      ],
      values,
    },
  });
  return Buffer.from(text.replace(placeholder, createHmac('sha256', key).update(text).digest('hex')));
}

// Distinct signed messages.
const bodies = [];
for (let m = 0; m < nMessages; m++) {
  const values = [];
  for (let r = 0; r < rows; r++) values.push([+(Math.sin(m + r) * 9.81).toFixed(3), +(Math.cos(r) * 0.5).toFixed(3), +((m % 97) / 10 + r / 100).toFixed(3)]);
  bodies.push(signedMessage(HMAC_KEY, `bench-${m % 64}`, 1000 / rows, values));
}
const avgBytes = Math.round(bodies.reduce((n, b) => n + b.length, 0) / bodies.length);

// The large forged message: 3-axis rows up to about --large-mb MB, signed with a key the service does not have.
let large = null;
if (largeMb > 0) {
  const values = [];
  for (let r = 0, bytes = 0; bytes < largeMb * 1e6; r++) {
    const row = [+(Math.sin(r) * 9.81).toFixed(4), +(Math.cos(r) * 0.5).toFixed(4), +((r % 97) / 10).toFixed(4)];
    values.push(row);
    bytes += JSON.stringify(row).length + 1;
  }
  large = signedMessage('not-the-key-not-the-key-not-the-', 'attacker', 10, values);
}

/** The p-th percentile of `list` (ms, 2 decimals); null for an empty list. */
function percentile(list, p) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted.length ? +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2) : null;
}

/** CPU time (µs) of a PostgreSQL cluster: the postmaster, its live children, and its reaped children. */
function postgresCpuUs(postmasterPid) {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the name (proc(5)): [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
    const pid = Number(name);
    if (pid === postmasterPid) total += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    else if (Number(f[1]) === postmasterPid) total += Number(f[11]) + Number(f[12]);
  }
  return (total / ticks) * 1e6;
}

function startReceiver(where) {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), join(root, 'test/helpers/serve-child.mjs'), where, JSON.stringify({ signaturePolicy: args.policy })],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...(large ? { EDGESIGN_REPORT_LOOP: '1' } : {}) } },
  );
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const url = new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    setTimeout(() => reject(new Error('server did not start in 30 s')), 30_000).unref();
  });
  // CPU time (µs, all threads) so far, asked with SIGUSR2 (serve-child.mjs answers `cpu-now {…}`), and
  // with --large-mb the event-loop delay and peak RSS since the previous reading.
  const reading = () =>
    new Promise((resolve) => {
      const seen = (out.match(/cpu-now /g) ?? []).length;
      const onData = () => {
        const all = [...out.matchAll(/cpu-now (\{.*\})/g)];
        if (all.length > seen) {
          child.stdout.off('data', onData);
          const c = JSON.parse(all[all.length - 1][1]);
          resolve({ cpuUs: c.user + c.system, loopP99Ms: c.loopP99Ms, loopMaxMs: c.loopMaxMs, maxRssMB: c.maxRssMB });
        }
      };
      child.stdout.on('data', onData);
      child.kill('SIGUSR2');
    });
  const stop = () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));
  return { child, url, reading, stop };
}

/** One measured run: `receivers` services on one store; returns the figures. */
async function run({ store, receivers, cluster }) {
  const dataDir = store === 'sqlite' ? mkdtempSync(join(tmpdir(), 'edgesign-bench-')) : null;
  const where = store === 'sqlite' ? dataDir : await cluster.createDatabase();
  const started = [];
  try {
    const setup = store === 'sqlite' ? openStore(dataDir) : await PostgresStore.open(where);
    const api = await createApiKey(setup, { name: 'bench', role: 'ingestiononly' });
    await createHmacKey(setup, { name: 'bench', key: HMAC_KEY });
    await setup.close();

    for (let i = 0; i < receivers; i++) started.push(startReceiver(where));
    const urls = (await Promise.all(started.map((r) => r.url))).map((u) => new URL(u));
    const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: clients }));
    const post = (r, body, name) =>
      new Promise((resolve) => {
        const req = request(
          {
            agent: agents[r],
            host: urls[r].hostname,
            port: urls[r].port,
            method: 'POST',
            path: '/api/training/data',
            headers: { 'x-api-key': api.key, 'x-file-name': `bench.${name}.json`, 'content-type': 'application/json', 'content-length': body.length },
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

    const load = loadavg()[0];
    const readings0 = await Promise.all(started.map((r) => r.reading()));
    const pgCpu0 = cluster ? postgresCpuUs(cluster.pid()) : 0;
    let next = 0;
    let accepted = 0;
    const refused = {};
    const latencies = [];
    // With --large-mb: the small samples' latencies after warm-up in the first half (alone) and in the
    // second (during the large uploads), the large uploads themselves, and the first receiver's
    // readings at the end of the warm-up and at half time.
    const alone = [];
    const duringLarge = [];
    const largeRuns = [];
    let atHalf;
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    const warm = t0 + (seconds * 1000) / 5;
    const half = t0 + (seconds * 1000) / 2;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const attacker = async () => {
      await sleep(warm - performance.now());
      await started[0].reading(); // restarts the loop-delay and RSS window after warm-up
      await sleep(half - performance.now());
      atHalf = await started[0].reading();
      while (performance.now() < deadline) {
        const startedAt = performance.now();
        const res = await post(0, large, `large.${largeRuns.length}`);
        largeRuns.push({ ms: performance.now() - startedAt, code: /^(E_[A-Z_]+)/.exec(res.text)?.[1] ?? `HTTP_${res.status}` });
      }
    };
    await Promise.all([
      ...(large ? [attacker()] : []),
      ...Array.from({ length: clients }, async (_, c) => {
        const r = c % receivers; // sticky, like a load balancer's keep-alive connections
        while (performance.now() < deadline) {
          const i = next++;
          const startedAt = performance.now();
          const res = await post(r, bodies[i % bodies.length], i);
          const ms = performance.now() - startedAt;
          latencies.push(ms);
          if (large && r === 0 && startedAt >= warm) (startedAt < half ? alone : duringLarge).push(ms);
          if (res.status === 200) accepted++;
          else {
            const code = /^(E_[A-Z_]+)/.exec(res.text)?.[1] ?? `HTTP_${res.status}`;
            refused[code] = (refused[code] ?? 0) + 1;
          }
        }
      }),
    ]);
    const elapsed = (performance.now() - t0) / 1000;
    const pgCpu = cluster ? postgresCpuUs(cluster.pid()) - pgCpu0 : null;
    const readings = await Promise.all(started.map((r) => r.reading()));
    // CPU spent during the load window only (startup excluded), over all receivers.
    const receiverCpu = readings.reduce((n, c, i) => n + c.cpuUs - readings0[i].cpuUs, 0);
    for (const a of agents) a.destroy();
    await Promise.all(started.splice(0).map((r) => r.stop()));

    let stored;
    if (store === 'sqlite') {
      const check = openStore(dataDir);
      stored = check.db.prepare('SELECT count(*) AS n FROM samples').get().n;
      await check.close();
    } else {
      const check = await PostgresStore.open(where);
      stored = Number((await check.pool.query('SELECT count(*) AS n FROM edgesign_samples')).rows[0].n);
      await check.close();
    }

    const pct = (p) => percentile(latencies, p);
    const loop = (r) => ({ eventLoopDelayMs: { p99: r.loopP99Ms, max: r.loopMaxMs }, peakRssMB: r.maxRssMB });
    return {
      store,
      receivers,
      clients,
      seconds: +elapsed.toFixed(2),
      bodyBytes: avgBytes,
      policy: args.policy,
      loadAverageAtStart: +load.toFixed(2),
      loadAverageAtEnd: +loadavg()[0].toFixed(2),
      sent: latencies.length,
      accepted,
      refused,
      stored,
      samplesPerSecond: Math.round(accepted / elapsed),
      latencyMs: { p50: pct(50), p99: pct(99) },
      receiverCpuUsPerSample: Math.round(receiverCpu / Math.max(1, accepted)),
      postgresCpuUsPerSample: pgCpu === null ? null : Math.round(pgCpu / Math.max(1, accepted)),
      ...(large
        ? {
            largeUpload: {
              bytes: large.length,
              sent: largeRuns.length,
              answers: Object.fromEntries([...new Set(largeRuns.map((r) => r.code))].map((c) => [c, largeRuns.filter((r) => r.code === c).length])),
              msEach: { p50: percentile(largeRuns.map((r) => r.ms), 50), max: percentile(largeRuns.map((r) => r.ms), 100) },
            },
            smallAlone: { n: alone.length, p50Ms: percentile(alone, 50), p99Ms: percentile(alone, 99), ...loop(atHalf) },
            smallDuringLarge: { n: duringLarge.length, p50Ms: percentile(duringLarge, 50), p99Ms: percentile(duringLarge, 99), ...loop(readings[0]) },
          }
        : {}),
    };
  } finally {
    for (const r of started) r.child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Samples/s two otherwise idle cores could take if CPU were the only bound: 2 s of CPU per second / CPU per sample. */
function ceiling(r) {
  const us = r.receiverCpuUsPerSample + (r.postgresCpuUsPerSample ?? 0);
  return us > 0 ? `~${Math.round((2 * 1e6) / us)}/s` : '—';
}

function line(r) {
  const cpu = `receivers ${r.receiverCpuUsPerSample} µs/sample${r.postgresCpuUsPerSample !== null ? `, PostgreSQL ${r.postgresCpuUsPerSample} µs/sample` : ''}`;
  return `${r.store} × ${r.receivers}: ${r.samplesPerSecond} samples/s accepted (${r.clients} keep-alive clients, ${r.bodyBytes}-byte signed JSON, ${r.seconds} s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms; CPU during the load: ${cpu}; store holds ${r.stored}/${r.accepted})`;
}

/** The --large-mb figures in one line. */
function largeLine(r) {
  const { largeUpload: l, smallAlone: a, smallDuringLarge: d } = r;
  const answers = Object.entries(l.answers).map(([c, n]) => `${n}× ${c}`).join(', ');
  return (
    `small samples on receiver 1: p50/p99 ${a.p50Ms}/${a.p99Ms} ms alone, ${d.p50Ms}/${d.p99Ms} ms while ${l.sent} forged ${(l.bytes / 1e6).toFixed(1)} MB bodies were sent ` +
    `(${answers}; ${l.msEach.p50} ms median each); its event-loop delay p99/max ${a.eventLoopDelayMs.p99}/${a.eventLoopDelayMs.max} ms alone, ` +
    `${d.eventLoopDelayMs.p99}/${d.eventLoopDelayMs.max} ms during; peak RSS ${a.peakRssMB} MB alone, ${d.peakRssMB} MB during`
  );
}

/** The machine (CPU, cores, Node, PostgreSQL when used) and the time, for a results file. */
function machineAndTime() {
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}${cluster ? `, PostgreSQL ${cluster.version}` : ''}`;
  return { machine, when: new Date().toISOString().slice(0, 16).replace('T', ' ') };
}

const needsPostgres = args.scaling || args.store === 'postgres';
let cluster;
if (needsPostgres) {
  const { startPostgres } = await import(join(root, 'test/helpers/postgres-cluster.mjs'));
  cluster = await startPostgres();
}
const results = [];
try {
  const plan = args.scaling
    ? [
        { store: 'sqlite', receivers: 1 },
        { store: 'postgres', receivers: 1 },
        { store: 'postgres', receivers: 2 },
        { store: 'postgres', receivers: 4 },
      ]
    : [{ store: args.store, receivers: receiversArg }];
  for (const p of plan) {
    const r = await run({ ...p, cluster: p.store === 'postgres' ? cluster : undefined });
    results.push(r);
    console.log(line(r));
    console.log(JSON.stringify(r));
    if (r.largeUpload) console.log(largeLine(r));
    // The forged large bodies are refused (reject) or stored marked invalid (flag); small ones are never refused.
    const largeStored = r.largeUpload?.answers.HTTP_200 ?? 0;
    if (r.stored !== r.accepted + largeStored || Object.keys(r.refused).length > 0) process.exitCode = 1;
  }
} finally {
  await cluster?.stop();
}

if (args.scaling) {
  const { machine, when } = machineAndTime();
  const md = [
    `<!-- generated by bench/ingest-load.mjs --scaling, do not edit -->`,
    `**Machine:** ${machine}; ${when} UTC. ${clients} keep-alive clients, ${avgBytes}-byte signed JSON (${rows} rows × 3 axes), ${seconds} s per run, everything on this one machine.`,
    '',
    '| store | receivers | accepted samples/s | p50 | p99 | receiver CPU / sample | PostgreSQL CPU / sample | CPU-bound ceiling on 2 idle cores | load avg at start |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.store === 'sqlite' ? 'SQLite (embedded)' : 'PostgreSQL'} | ${r.receivers} | ${r.samplesPerSecond} | ${r.latencyMs.p50} ms | ${r.latencyMs.p99} ms | ${r.receiverCpuUsPerSample} µs | ${r.postgresCpuUsPerSample ?? '—'}${r.postgresCpuUsPerSample !== null ? ' µs' : ''} | ${ceiling(r)} | ${r.loadAverageAtStart} |`,
    ),
    '',
  ].join('\n');
  writeFileSync(join(root, 'bench/results/ingest-scaling.md'), md);
  writeFileSync(join(root, 'bench/results/ingest-scaling.json'), JSON.stringify({ machine, when, results }, null, 2) + '\n');
  console.log('\n' + md);
}

if (large) {
  const r = results[0];
  const { machine, when } = machineAndTime();
  const { largeUpload: l, smallAlone: a, smallDuringLarge: d } = r;
  const row = (what, x) => `| ${what} | ${x.n} | ${x.p50Ms} ms | ${x.p99Ms} ms | ${x.eventLoopDelayMs.p99} ms | ${x.eventLoopDelayMs.max} ms | ${x.peakRssMB} MB |`;
  const md = [
    `<!-- generated by bench/ingest-load.mjs --large-mb, do not edit -->`,
    `**Machine:** ${machine}; ${when} UTC; load average ${r.loadAverageAtStart} at start, ${r.loadAverageAtEnd} at the end.`,
    `${r.store === 'sqlite' ? 'SQLite' : 'PostgreSQL'} store, \`--signature-policy ${r.policy}\`, ${r.clients} keep-alive clients sending ${r.bodyBytes}-byte signed JSON for ${r.seconds} s (the first fifth is warm-up); ` +
      `in the second half one more client sends forged ${(l.bytes / 1e6).toFixed(1)} MB JSON bodies one after the other ` +
      `(${Object.entries(l.answers).map(([c, n]) => `${n}× ${c}`).join(', ')}; ${l.msEach.p50} ms median, ${l.msEach.max} ms at most, each). ` +
      `${r.samplesPerSecond} small samples/s accepted over the run, none refused; the store holds exactly the ${r.accepted} accepted` +
      (l.answers.HTTP_200 ? ` plus the ${l.answers.HTTP_200} forged bodies stored marked invalid.` : '.'),
    '',
    '| small samples | n | p50 | p99 | server event-loop delay p99 | max | server peak RSS |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row('first half after warm-up, alone', a),
    row('second half, during the large uploads', d),
    '',
  ].join('\n');
  writeFileSync(join(root, `bench/results/ingest-large-upload-${r.policy}.md`), md);
  writeFileSync(join(root, `bench/results/ingest-large-upload-${r.policy}.json`), JSON.stringify({ machine, when, result: r }, null, 2) + '\n');
  console.log('\n' + md);
}
