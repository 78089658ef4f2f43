// Properties of the built release module (build/edgesign.wasm): what firmware and other runtimes rely
// on. Checked on the file itself, with V8's own view and, when installed, wabt's validator.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSigner, EdgesignError, HmacSha256, hmacSha256, toHex } from '../packages/edgesign/src/index.js';
import { WASM_SHA256 } from '../packages/edgesign/src/wasm/embedded-module.js';
import { getCore } from '../packages/edgesign/src/wasm/core.js';
import { haveTool, repoRoot } from './helpers/shared.js';

const wasmPath = path.join(repoRoot, 'build/edgesign.wasm');
const watPath = path.join(repoRoot, 'build/edgesign.wat');
const wasm = readFileSync(wasmPath);
const wat = readFileSync(watPath, 'utf8');

/** Size budget of the release module: the whole signer (hash, HMAC, JSON and CBOR writers). */
const SIZE_BUDGET = 16 * 1024;

describe('release module', () => {
  it('imports nothing and exports only functions and its memory', () => {
    const mod = new WebAssembly.Module(wasm);
    expect(WebAssembly.Module.imports(mod)).toEqual([]);
    const kinds = new Set(WebAssembly.Module.exports(mod).map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['function', 'memory']);
  });

  it('has exactly one fixed page: initial = max = 1, and growing fails', () => {
    expect(wat).toMatch(/\(memory \$0 1 1\)/);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(wasm), {});
    const mem = inst.exports.memory as WebAssembly.Memory;
    expect(mem.buffer.byteLength).toBe(65536);
    expect(() => mem.grow(1)).toThrow(RangeError);
  });

  it('has no start function, no memory.grow, no allocator, no table', () => {
    expect(wat).not.toMatch(/\(start /);
    expect(wat).not.toMatch(/memory\.grow/);
    expect(wat).not.toMatch(/__new|__alloc|__pin/);
    expect(wat).not.toMatch(/\(table /);
  });

  it(`stays within the size budget (${SIZE_BUDGET} bytes)`, () => {
    console.log(`build/edgesign.wasm: ${wasm.length} bytes (budget ${SIZE_BUDGET})`);
    expect(wasm.length).toBeLessThanOrEqual(SIZE_BUDGET);
  });

  it('the embedded bytes are the built file (generated module is current)', () => {
    expect(createHash('sha256').update(wasm).digest('hex')).toBe(WASM_SHA256);
  });

  it.skipIf(!haveTool('wasm-validate', 'apt-get install wabt'))('validates as MVP WebAssembly with every post-MVP feature disabled (wabt)', () => {
    execFileSync('wasm-validate', [
      '--disable-mutable-globals', '--disable-saturating-float-to-int', '--disable-sign-extension',
      '--disable-simd', '--disable-multi-value', '--disable-bulk-memory', '--disable-reference-types',
      wasmPath,
    ]);
    const objdump = execFileSync('wasm-objdump', ['-x', wasmPath], { encoding: 'utf8' });
    expect(objdump).not.toMatch(/^Import\[/m);
    expect(objdump).not.toMatch(/^Start/m);
    expect(objdump).toMatch(/pages: initial=1 max=1/);
  });
});

describe('trap recovery', () => {
  it('a real trap (an out-of-bounds read) is E_INTERNAL, the instance is replaced and the next call works', () => {
    const key = 'fed53116f20684c067774ebf9e7bcbdc';
    const survivor = new HmacSha256(key).update('saved before the trap');
    const signer = createSigner({ hmacKey: key, deviceType: 'T', intervalMs: 1, sensors: [{ name: 'a', units: 'b' }] });
    const victim = signer.stream({ iat: 1 });
    victim.append([1, 2, 3]); // the victim's message is now the active context
    const core = getCore();
    // Corrupt the active context the way a memory bug would: a pending-output length far past the
    // page (OUT_POS, assembly/layout.ts) makes the next drain read out of bounds, which traps.
    new DataView(core.u8.buffer).setUint32(core.CTX + 168, 0xfffff000, true);
    let err: unknown;
    try {
      victim.append([4]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EdgesignError);
    expect((err as EdgesignError).code).toBe('E_INTERNAL');
    expect(getCore()).not.toBe(core);
    // The next call works, objects saved elsewhere are intact, the one whose message was in flight says so.
    expect(toHex(hmacSha256(key, 'after'))).toBe(nodeHmac(key, 'after'));
    expect(toHex(survivor.update('!').digest())).toBe(nodeHmac(key, 'saved before the trap!'));
    expect(() => victim.append([5])).toThrow(expect.objectContaining({ code: 'E_STATE' }));
    expect(() => victim.finish()).toThrow(expect.objectContaining({ code: 'E_STATE' }));
  });
});

function nodeHmac(k: string, d: string): string {
  return createHmac('sha256', k).update(d).digest('hex');
}
