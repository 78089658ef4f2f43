/**
 * `ready()`: load the WebAssembly core now instead of on the first call, so an environment that
 * blocks it is found at start-up.
 * @module
 */
import { getCore } from './wasm/core.js';

/**
 * Compiles and instantiates the WebAssembly core now (synchronously; it is about 15 KB and embedded,
 * so nothing is fetched). Every other function does this lazily on its first call; call `ready()`
 * at start-up to surface a blocked compile early, where you can report it. Later calls are free.
 *
 * @throws {@link EdgesignError} `E_WASM_BLOCKED` when the runtime refuses to compile WebAssembly —
 * in a browser, a Content-Security-Policy whose `script-src` lacks `'wasm-unsafe-eval'`. Every first
 * call of the other functions throws the same error in that case, never a raw `CompileError`.
 *
 * @example
 * ```ts
 * import { ready, isEdgesignError } from 'edgesign';
 * try { ready(); } catch (e) { if (isEdgesignError(e) && e.code === 'E_WASM_BLOCKED') showCspHelp(e.message); }
 * ```
 */
export function ready(): void {
  getCore();
}
