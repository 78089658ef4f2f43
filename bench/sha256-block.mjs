#!/usr/bin/env node
// Focused benchmark of the SHA-256 compression: nanoseconds per 64-byte block of one or more builds of
// the core against hash-wasm, in ONE process, cells interleaved (bench/harness.mjs: CPU time, median
// of passes, order rotated every pass). Used to compare a changed core with the committed one:
//
//   cp build/edgesign.wasm /tmp/old.wasm; npm run build:wasm
//   node bench/sha256-block.mjs /tmp/old.wasm build/edgesign.wasm [--passes N] [--sample-ms MS]
//
// Each module hashes 16 KiB (256 blocks, the IN window) per call, the copy into its memory included,
// as hash-wasm's update() copies too; "hmac 32 B" is the raw ABI cost of a 32-byte message under a
// kept key (two compressions and the calls), without the TypeScript wrapper. Every result is
// checked against node:crypto first.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { createSHA256 } from 'hash-wasm';
import { calibrate, median, relMad, runPasses } from './harness.mjs';

const { values: args, positionals: modules } = parseArgs({
  allowPositionals: true,
  options: { passes: { type: 'string', default: '15' }, 'sample-ms': { type: 'string', default: '10' } },
});
if (modules.length === 0) modules.push(new URL('../build/edgesign.wasm', import.meta.url).pathname);

const BULK = 16384;
const data = new Uint8Array(BULK).map((_, i) => (i * 131 + 7) & 255);
const msg32 = data.subarray(0, 32);
const key = new TextEncoder().encode('fed53116f20684c067774ebf9e7bcbdc');
const hex = (b) => Buffer.from(b).toString('hex');

function core(path) {
  const x = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), {}).exports;
  const u8 = new Uint8Array(x.memory.buffer);
  const IN = x.inPtr();
  const DIGEST = x.digestPtr();
  const digest = () => u8.slice(DIGEST, DIGEST + 32);
  const check = (what, got, want) => {
    if (got !== want) throw new Error(`${path}: ${what} ${got} != node:crypto ${want}`);
  };
  x.sha256Init();
  u8.set(data, IN);
  x.sha256Finish(BULK);
  check('sha256 16 KiB', hex(digest()), createHash('sha256').update(data).digest('hex'));
  u8.set(key, IN);
  x.hmacKey(key.length);
  u8.set(msg32, IN);
  x.hmacFinish(32);
  check('hmac 32 B', hex(digest()), createHmac('sha256', key).update(msg32).digest('hex'));
  return {
    bulk: () => { u8.set(data, IN); x.hashUpdate(BULK); return x; },
    hmac32: () => { u8.set(msg32, IN); x.hmacFinish(32); return x; },
  };
}

const hws = await createSHA256();
if (hws.init().update(data).digest('hex') !== createHash('sha256').update(data).digest('hex')) throw new Error('hash-wasm is wrong');
hws.init();

const bulkRow = [{ id: 'hash-wasm', run: () => hws.update(data) }];
const hmacRow = [];
modules.forEach((path, i) => {
  const c = core(path);
  bulkRow.push({ id: `${i}:${path}`, run: c.bulk });
  hmacRow.push({ id: `${i}:${path} hmac`, run: c.hmac32 });
});
const rows = [bulkRow, hmacRow];
const load0 = os.loadavg()[0];
for (const row of rows) for (const cell of row) await calibrate(cell, { warmupMs: 200, sampleMs: Number(args['sample-ms']) });
await runPasses(rows, { passes: Number(args.passes) });

const fmt = (x) => x.toFixed(1).padStart(7);
console.log(`load average ${load0.toFixed(2)} -> ${os.loadavg()[0].toFixed(2)}, ${args.passes} passes, CPU time, median (relative MAD)`);
const hw = median(bulkRow[0].samples) / (BULK / 64);
for (const cell of bulkRow) {
  const ns = median(cell.samples) / (BULK / 64);
  console.log(`${fmt(ns)} ns/block  ${(64e3 / ns).toFixed(0).padStart(4)} MB/s  ${(hw / ns).toFixed(2)}x hash-wasm  ±${(relMad(cell.samples) * 100).toFixed(1)}%  ${cell.id}`);
}
for (const cell of hmacRow) {
  console.log(`${fmt(median(cell.samples))} ns/HMAC of 32 B (raw ABI)  ±${(relMad(cell.samples) * 100).toFixed(1)}%  ${cell.id}`);
}
