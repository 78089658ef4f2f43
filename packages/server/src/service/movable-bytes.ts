/**
 * Bytes that can be moved to a worker thread (`postMessage` with a transfer list) instead of being
 * copied by a structured clone, which for a 12 MB body held the event loop for 50–90 ms on a loaded
 * machine. Only an ArrayBuffer that one view spans entirely, and that its owner gives up, may be
 * moved: Node's small Buffers are slices of a shared pool (moving it would take every other Buffer's
 * bytes with it; Node refuses), and a view of part of a larger buffer would take the rest along.
 * @module
 */

/** A Buffer of `n` bytes over an ArrayBuffer of its own (unlike `Buffer.alloc*`, never a pool slice). */
export function ownedBuffer(n: number): Buffer {
  return Buffer.from(new ArrayBuffer(n));
}

/**
 * True when `bytes` can be moved to a thread once its owner gives it up: a view on the whole of an
 * ArrayBuffer. An empty one is left out: it may be a view whose buffer was moved already (detached),
 * which a transfer list refuses, and copying nothing costs nothing.
 */
export function isMovable(bytes: Uint8Array): boolean {
  return bytes.buffer instanceof ArrayBuffer && bytes.byteLength > 0 && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}
