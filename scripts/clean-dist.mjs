#!/usr/bin/env node
// Empties ./dist before a package's tsc build, so files of renamed or deleted sources never ship
// (npm pack takes everything under dist/). --keep NAME spares a top-level entry that another build
// step put there (the SDK's edgesign.wasm, copied by scripts/build-wasm.mjs).
//
//   node ../../scripts/clean-dist.mjs [--keep NAME]...
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const keep = new Set(process.argv.flatMap((a, i, all) => (all[i - 1] === '--keep' ? [a] : [])));
const dist = path.resolve('dist');
if (existsSync(dist)) {
  for (const name of readdirSync(dist)) if (!keep.has(name)) rmSync(path.join(dist, name), { recursive: true, force: true });
}
