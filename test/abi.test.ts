// The one description of the ABI (abi/edgesign-abi.mjs) against what is built and committed: every
// generated copy is current, and the release module exports exactly the described functions with the
// described number of parameters, version and behaviour of its status codes.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/shared.js';

interface Described { name: string; value: number }
const abi = (await import(pathToFileURL(path.join(repoRoot, 'abi/edgesign-abi.mjs')).href)) as {
  version: number;
  exports: Array<{ name: string; params: unknown[] }>;
  statuses: Described[];
  messageFlags: Described[];
  valueKinds: Described[];
};

const wasm = readFileSync(path.join(repoRoot, 'build/edgesign.wasm'));

describe('the ABI description', () => {
  it('every generated file is what scripts/gen-abi.mjs writes from it (the drift check)', () => {
    expect(() => execFileSync(process.execPath, [path.join(repoRoot, 'scripts/gen-abi.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('the release module exports exactly the described functions, with their parameter counts, and its memory', () => {
    const mod = new WebAssembly.Module(wasm);
    const exported = WebAssembly.Module.exports(mod);
    expect(exported.filter((e) => e.kind === 'function').map((e) => e.name).sort()).toEqual(abi.exports.map((e) => e.name).sort());
    expect(exported.filter((e) => e.kind !== 'function')).toEqual([{ name: 'memory', kind: 'memory' }]);
    const x = new WebAssembly.Instance(mod, {}).exports as Record<string, (...a: number[]) => number>;
    for (const e of abi.exports) expect(x[e.name]!.length, e.name).toBe(e.params.length);
    expect(x['version']!()).toBe(abi.version);
  });

  it('the statuses are what the module returns: ARG for a call out of order, FULL for a header larger than OUT', () => {
    const x = new WebAssembly.Instance(new WebAssembly.Module(wasm), {}).exports as Record<string, (...a: number[]) => number> & { memory: WebAssembly.Memory };
    const ARG = abi.statuses.find((s) => s.name === 'ARG')!.value;
    const FULL = abi.statuses.find((s) => s.name === 'FULL')!.value;
    expect(x['msgClose']!()).toBe(ARG); // no message begun
    expect(x['msgFinish']!()).toBe(ARG);
    expect(x['msgValues']!(0, 0, 1)).toBe(ARG);
    // 1000 sensors whose names are 2 KiB of '"' each (escaped to 4 KiB) cannot fit the OUT window.
    const view = new DataView(x.memory.buffer);
    const IN = x['inPtr']!();
    const n = 4;
    const strings = 2 + 2 * n;
    for (let i = 0; i < strings; i++) view.setUint32(IN + 4 * i, i === 1 ? 1 : 1500, true);
    new Uint8Array(x.memory.buffer).fill(0x22, IN + 4 * strings, IN + 4 * strings + 1500 * (strings - 1) + 1);
    expect(x['msgBegin']!(0, 0, 10, n)).toBe(FULL);
  });

  it('flags and kinds are distinct bits and numbers', () => {
    const bits = abi.messageFlags.map((f) => f.value);
    for (const b of bits) expect(b & (b - 1)).toBe(0);
    expect(new Set(bits).size).toBe(bits.length);
    expect(abi.valueKinds.map((k) => k.value).sort()).toEqual(abi.valueKinds.map((_, i) => i));
  });
});
