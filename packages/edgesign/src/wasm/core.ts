/**
 * Loads the core synchronously from the embedded bytes, lazily on first use, and owns the one
 * instance. Memory never grows (one fixed page), so the Uint8Array view and the window addresses
 * are read once and cached. No `@assemblyscript/loader`, no bindings: the ABI is numbers only
 * (https://github.com/edgesign/edgesign/blob/main/docs/abi.md, generated with ./abi.ts from abi/edgesign-abi.mjs). Sessions (./session.ts) are the
 * only users of an instance.
 * @module
 */
import { EdgesignError } from '../errors.js';
import { WASM_BASE64 } from './embedded-module.js';
import { ABI_VERSION, DIGEST_BYTES, DIGEST_HEX_BYTES, EXPORTED_FUNCTIONS, type CoreExports } from './abi.js';

export interface Core {
  /** The module's exports (a plain copy of them, so tests can stand in for a function to make it trap). */
  readonly x: CoreExports;
  readonly u8: Uint8Array;
  readonly IN: number; readonly IN_CAP: number;
  readonly OUT: number; readonly OUT_CAP: number;
  readonly CTX: number; readonly CTX_SIZE: number;
  readonly DIGEST: number;
  /** Views of the digest area: the 32-byte tag or hash, and its 64 hex characters. */
  readonly digest: Uint8Array;
  readonly hex: Uint8Array;
  /** Which session's state is in the context now (typed loosely to keep this module free of sessions). */
  active: object | null;
}

let current: Core | null = null;
let compiled: WebAssembly.Module | null = null;

function decodeBase64(b64: string): Uint8Array {
  // atob exists in every target runtime (browsers, Node ≥ 16, Deno, Bun); Buffer does not.
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * A runtime that refuses to compile or instantiate the embedded module (a Content-Security-Policy
 * without 'wasm-unsafe-eval', WebAssembly switched off) fails the same way on every call: report it
 * as E_WASM_BLOCKED naming the fix, never as a raw CompileError. The bytes are the release module
 * (checked by the build), so a failure here is the environment, not the module.
 */
function wasmBlocked(e: unknown): EdgesignError {
  const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new EdgesignError(
    'E_WASM_BLOCKED',
    `this runtime refused to compile edgesign's WebAssembly core (${why}). Under a Content-Security-Policy, ` +
      `add 'wasm-unsafe-eval' to script-src (it allows WebAssembly only, unlike 'unsafe-eval')`,
    undefined,
    { cause: e },
  );
}

function load(): WebAssembly.Instance {
  try {
    if (typeof WebAssembly !== 'object') throw new TypeError('WebAssembly is not available in this runtime');
    compiled ??= new WebAssembly.Module(decodeBase64(WASM_BASE64) as Uint8Array<ArrayBuffer>);
    return new WebAssembly.Instance(compiled, {});
  } catch (e) {
    throw wasmBlocked(e);
  }
}

function instantiate(): Core {
  const exports = load().exports as unknown as CoreExports;
  if (exports.version() !== ABI_VERSION) {
    throw new EdgesignError('E_INTERNAL', `embedded core speaks ABI ${exports.version()}, wrapper expects ${ABI_VERSION}`);
  }
  const x = { memory: exports.memory } as CoreExports;
  for (const name of EXPORTED_FUNCTIONS) (x as unknown as Record<string, unknown>)[name] = exports[name];
  const u8 = new Uint8Array(x.memory.buffer);
  const DIGEST = x.digestPtr();
  return {
    x,
    u8,
    IN: x.inPtr(), IN_CAP: x.inCap(),
    OUT: x.outPtr(), OUT_CAP: x.outCap(),
    CTX: x.ctxPtr(), CTX_SIZE: x.ctxSize(),
    DIGEST,
    digest: u8.subarray(DIGEST, DIGEST + DIGEST_BYTES),
    hex: u8.subarray(DIGEST + DIGEST_BYTES, DIGEST + DIGEST_BYTES + DIGEST_HEX_BYTES),
    active: null,
  };
}

/** The live instance, created on first use. */
export function getCore(): Core {
  return (current ??= instantiate());
}

/** True when `core` is still the live instance (a trap replaces it). */
export function isLive(core: Core): boolean {
  return current === core;
}

/**
 * After a WebAssembly trap the instance's memory can no longer be trusted: forget it, so the next
 * call gets a fresh one. Sessions saved elsewhere stay valid; the one that was active is lost.
 */
export function dropCore(): void {
  current = null;
}
