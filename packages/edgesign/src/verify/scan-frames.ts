/**
 * What the two strict scanners (json-scan.ts, cbor-scan.ts) share about open containers: one frame
 * per depth, pooled (a 1 MB message has ~35,000 rows: one frame object per depth, not per row), the
 * nesting limit (`E_DEPTH`), and the reused list rows of numbers are gathered in.
 * @module
 */
import { ScanAbort, pathOf, type PathFrame } from './scan-types.js';

/** An open object/map or array: enough to build its value, catch duplicate names and name a path. */
export interface ContainerFrame extends PathFrame {
  isMap: boolean;
  key: string;
  /** Byte offset of the current member name (maps), -1 before the first. */
  keyStart: number;
  /** Member names seen so far (maps), for `E_DUPLICATE_KEY`. */
  readonly keys: Set<string>;
  value: Record<string, unknown> | unknown[];
}

/**
 * Pushes the frame for a container that opens at byte `at`, reusing the pooled frame of that depth
 * (`create` makes one the first time). Throws `E_DEPTH` past `maxDepth`; there is no recursion, so no
 * stack overflow either.
 */
export function openFrame<F extends ContainerFrame>(stack: F[], pool: F[], maxDepth: number, isMap: boolean, at: number, create: () => F): F {
  const depth = stack.length;
  if (depth >= maxDepth) throw new ScanAbort('E_DEPTH', `nesting deeper than ${maxDepth} at byte ${at}`, at, pathOf(stack));
  let frame = pool[depth];
  if (frame === undefined) frame = pool[depth] = create();
  frame.isMap = isMap;
  frame.key = '';
  frame.keyStart = -1;
  frame.value = isMap ? {} : [];
  if (isMap) frame.keys.clear();
  stack.push(frame);
  return frame;
}

/**
 * A list to gather a row of numbers in, copied out with `slice(0, count)` at the row's exact length:
 * growing each row from [] would give every 3-value row a 17-slot backing store (5x the memory, and
 * GC). It holds a double from the start, so V8 keeps it an unboxed double array.
 */
export function rowScratch(): number[] {
  return [0.5];
}
