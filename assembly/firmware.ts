// Entry of the firmware profiles (scripts/build-wasm.mjs): the release ABI (abi.ts) plus memoryTop(),
// so that a runtime can back exactly the bytes the module can touch (examples/firmware/README.md).

export * from './abi';

/**
 * End of the module's static memory: every window, the context and every data segment lie below it,
 * and the module allocates nothing, so no load or store of a correct module reaches it. A runtime
 * that backs [0, memoryTop()) and bounds-checks every access runs the module unchanged.
 */
export function memoryTop(): usize { return __heap_base; }
