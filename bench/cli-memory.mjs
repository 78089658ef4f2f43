#!/usr/bin/env node
// Peak memory (max RSS) of `edgesign sign` on a long CSV and of `edgesign upload` of the signed file:
// both stream, so the figures should stay flat however long the recording. Each command runs in its
// own process, which reports process.resourceUsage().maxRSS as it exits.
//
//   node bench/cli-memory.mjs [ROWS]      (default 2,000,000 rows × 3 columns; run npm run build first)
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = pathToFileURL(path.join(root, 'packages/server/dist/cli/main.js')).href;
const bin = path.join(root, 'packages/server/bin/edgesign.js');
const rows = Number(process.argv[2] ?? 2_000_000);
const dir = mkdtempSync(path.join(tmpdir(), 'edgesign-mem-'));
const KEY = 'fed53116f20684c067774ebf9e7bcbdc';

/** Runs the CLI in a child that prints its own max RSS (KiB) on stderr's last line. */
function measured(args, env = {}) {
  const code = `import(${JSON.stringify(main)}).then((m) => m.main(${JSON.stringify(args)})).then((c) => { process.stderr.write('\\nmaxRSS ' + process.resourceUsage().maxRSS + '\\n'); process.exit(c); })`;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 20 });
  const m = /maxRSS (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`edgesign ${args[0]} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  return { mib: Number(m[1]) / 1024, seconds: (Date.now() - t0) / 1000 };
}

try {
  const csv = path.join(dir, 'rows.csv');
  const out = createWriteStream(csv);
  out.write('accX,accY,accZ\n');
  for (let i = 0; i < rows; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(rows, i + 10_000); j++) chunk += `${(-9.81 + Math.sin(j / 50)).toFixed(3)},${Math.cos(j / 70).toFixed(3)},${(1.2 + Math.sin(j / 30) / 10).toFixed(3)}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const flags = ['--device-type', 'BENCH', '--interval-ms', '10', '--sensor', 'accX:m/s2', '--sensor', 'accY:m/s2', '--sensor', 'accZ:m/s2'];
  const env = { EDGESIGN_HMAC_KEY: KEY };
  const signed = path.join(dir, 'walk.01.cbor');
  const sign = measured(['sign', csv, ...flags, '--format', 'cbor', '--out', signed], env);
  console.log(`sign ${rows.toLocaleString('en')} rows (${(statSync(csv).size / 1048576).toFixed(1)} MiB CSV → ${(statSync(signed).size / 1048576).toFixed(1)} MiB CBOR): max RSS ${sign.mib.toFixed(1)} MiB, ${sign.seconds.toFixed(1)} s`);

  // Upload to a local service that accepts a body this large.
  const data = path.join(dir, 'data');
  const keys = spawnSync(process.execPath, [bin, 'keys', 'create-api-key', '--name', 'bench', '--role', 'admin', '--data-dir', data, '--key-out', path.join(dir, 'api.key')], { encoding: 'utf8' });
  if (keys.status !== 0) throw new Error(keys.stderr);
  spawnSync(process.execPath, [bin, 'keys', 'create-hmac-key', '--name', 'bench', '--data-dir', data, '--key-file', '-'], { input: KEY, encoding: 'utf8' });
  const serve = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', data, '--max-bytes', String(statSync(signed).size + 1024)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let line = '';
  for await (const c of serve.stdout) {
    line += c;
    if (/listening on (\S+)/.test(line)) break;
  }
  const url = /listening on (\S+)/.exec(line)[1];
  try {
    const up = measured(['upload', signed, '--url', url, '--api-key-file', path.join(dir, 'api.key'), '--silent']);
    console.log(`upload ${(statSync(signed).size / 1048576).toFixed(1)} MiB: max RSS ${up.mib.toFixed(1)} MiB, ${up.seconds.toFixed(1)} s`);
  } finally {
    serve.kill('SIGTERM');
    await once(serve, 'exit');
  }
  writeFileSync(path.join(dir, 'done'), '');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
