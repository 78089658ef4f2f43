/**
 * Loads the core synchronously from the embedded bytes, lazily on first use, and owns the one
 * instance. Memory never grows (one fixed page), so the Uint8Array view and the window addresses
 * are read once and cached. No `@assemblyscript/loader`, no bindings: the ABI is numbers only
 * (docs/abi.md).
 * @module
 */
import { EdgesignError } from '../errors.js';
import { WASM_BASE64 } from './embedded-module.js';

/** The module's exports (docs/abi.md). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  version(): number;
  inPtr(): number; inCap(): number; outPtr(): number; outCap(): number;
  ctxPtr(): number; ctxSize(): number; digestPtr(): number;
  sha256Init(): void; hashUpdate(len: number): void; sha256Finish(len: number): void;
  hmacKey(len: number): void; hmacReset(): void; hmacFinish(len: number): void; digestHex(): void;
  msgBegin(flags: number, iat: number, intervalMs: number, nSensors: number): number;
  msgValues(kind: number, first: number, count: number): number;
  msgString(len: number): number;
  msgDrain(): number; msgClose(): number; msgFinish(): number; sigOffset(): number;
}

/**
 * Something whose state lives in the module's context while it is active (an HMAC, a hash, a
 * message being signed). Only one owner is active at a time; the others keep a saved copy.
 */
export interface ContextOwner {
  /** Saved context bytes while another owner is active. */
  saved: Uint8Array | null;
  /** Bytes staged in the IN window but not yet absorbed; flushed before the context is saved. */
  flushStaged(core: Core): void;
}

export interface Core {
  readonly x: CoreExports;
  readonly u8: Uint8Array;
  readonly IN: number; readonly IN_CAP: number;
  readonly OUT: number; readonly OUT_CAP: number;
  readonly CTX: number; readonly CTX_SIZE: number;
  readonly DIGEST: number;
  /** Views of the digest area: the 32-byte tag or hash, and its 64 hex characters. */
  readonly digest: Uint8Array;
  readonly hex: Uint8Array;
  /** The IN window as doubles (it is 16-byte aligned), for sample values. */
  readonly f64In: Float64Array;
  /** Which owner's state is in the context now. */
  owner: ContextOwner | null;
}

const ABI_VERSION = 1;
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
  const x = load().exports as unknown as CoreExports;
  if (x.version() !== ABI_VERSION) {
    throw new EdgesignError('E_INTERNAL', `embedded core speaks ABI ${x.version()}, wrapper expects ${ABI_VERSION}`);
  }
  const u8 = new Uint8Array(x.memory.buffer);
  const DIGEST = x.digestPtr();
  return {
    x,
    u8,
    IN: x.inPtr(), IN_CAP: x.inCap(),
    OUT: x.outPtr(), OUT_CAP: x.outCap(),
    CTX: x.ctxPtr(), CTX_SIZE: x.ctxSize(),
    DIGEST,
    digest: u8.subarray(DIGEST, DIGEST + 32),
    hex: u8.subarray(DIGEST + 32, DIGEST + 96),
    f64In: new Float64Array(x.memory.buffer, x.inPtr(), x.inCap() / 8),
    owner: null,
  };
}

/** The instance, created on first use. */
export function getCore(): Core {
  return (current ??= instantiate());
}

/**
 * Makes `owner`'s context the active one and returns the core. The previous owner's staged input is
 * absorbed and its context saved first, so any number of objects can be interleaved.
 */
export function activate(owner: ContextOwner): Core {
  const core = (current ??= instantiate());
  const prev = core.owner;
  if (prev !== owner) {
    if (prev !== null) {
      prev.flushStaged(core);
      const saved = (prev.saved ??= new Uint8Array(core.CTX_SIZE));
      saved.set(core.u8.subarray(core.CTX, core.CTX + core.CTX_SIZE));
    }
    if (owner.saved !== null) core.u8.set(owner.saved, core.CTX);
    core.owner = owner;
  }
  return core;
}

/** Saves the active owner's context now (e.g. right after keying, so a trap cannot lose the key). */
export function snapshot(owner: ContextOwner, core: Core): void {
  const saved = (owner.saved ??= new Uint8Array(core.CTX_SIZE));
  saved.set(core.u8.subarray(core.CTX, core.CTX + core.CTX_SIZE));
}

/**
 * Runs `fn` against the core. A WebAssembly trap (`RuntimeError`) means the instance's state can no
 * longer be trusted: it is dropped (the next call gets a fresh instance; owners' saved contexts stay
 * valid) and the trap is reported as `E_INTERNAL`. Errors that are already EdgesignErrors pass through.
 */
export function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw coreFailure(e);
  }
}

/**
 * What to throw for an exception that came out of a call into the core: a trap drops the instance and
 * becomes E_INTERNAL; anything else passes through. For hot paths that call the core inside their own
 * try/catch instead of {@link guarded}.
 */
export function coreFailure(e: unknown): unknown {
  // `typeof` first: in a runtime without WebAssembly (node --jitless) the name itself is unbound.
  if (typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError) {
    current = null;
    return new EdgesignError('E_INTERNAL', `the WebAssembly core trapped (${e.message}); it was reset`, undefined, { cause: e });
  }
  return e;
}

/** The instance generation check used by owners: true when `core` is still the live instance. */
export function isLive(core: Core): boolean {
  return current === core;
}
