// ready(): the core loads on demand, and a runtime that cannot compile WebAssembly gets E_WASM_BLOCKED
// (naming the CSP fix) from ready() and from the first call of every entry point, never a raw
// CompileError/ReferenceError. Node without WebAssembly (`--jitless`) stands in for a blocked compile
// here; test/consumer-packages.test.ts checks the real thing: Chromium under a CSP without
// 'wasm-unsafe-eval'.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ready, sha256, toHex } from '../packages/edgesign/src/index.js';
import { inCI, repoRoot } from './helpers/shared.js';

const dist = path.join(repoRoot, 'packages/edgesign/dist/index.js');
const built = existsSync(dist);
if (!built) {
  if (inCI) throw new Error('packages/edgesign/dist is missing; CI=true requires it');
  console.warn('\n*** SKIPPING the --jitless ready() test: run npm run build ***\n');
}

describe('ready()', () => {
  it('loads the core; calling it again is harmless', () => {
    expect(ready()).toBeUndefined();
    expect(ready()).toBeUndefined();
    expect(toHex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it.skipIf(!built)('without WebAssembly, ready() and every first call throw E_WASM_BLOCKED naming wasm-unsafe-eval', () => {
    const script = `
      const m = require(${JSON.stringify(dist)});
      const key = 'fed53116f20684c067774ebf9e7bcbdc';
      const calls = {
        ready: () => m.ready(),
        sha256: () => m.sha256('x'),
        hmacSha256: () => m.hmacSha256(key, 'x'),
        HmacSha256: () => new m.HmacSha256(key),
        sign: () => m.createSigner({ hmacKey: key, deviceType: 'x', intervalMs: 1, sensors: [{ name: 'a', units: 'b' }] }).sign([1]),
      };
      const out = {};
      for (const [name, f] of Object.entries(calls)) {
        try { f(); out[name] = 'no error'; } catch (e) { out[name] = [e.name, e.code, /'wasm-unsafe-eval'/.test(e.message)]; }
      }
      process.stdout.write(JSON.stringify(out));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--jitless', '--no-warnings', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const expected = ['EdgesignError', 'E_WASM_BLOCKED', true];
    expect(out).toEqual({ ready: expected, sha256: expected, hmacSha256: expected, HmacSha256: expected, sign: expected });
  });
});
