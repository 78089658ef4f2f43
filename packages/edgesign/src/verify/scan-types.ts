/**
 * Shared result shapes of the two strict scanners (`json-scan.ts`, `cbor-scan.ts`). A scanner never
 * throws for bad input: it returns a failure with a stable code and the byte offset where it stopped.
 * @module
 */

export type ScanCode =
  | 'E_JSON_PARSE'
  | 'E_CBOR_PARSE'
  | 'E_TRAILING_BYTES'
  | 'E_DUPLICATE_KEY'
  | 'E_DEPTH'
  | 'E_NON_FINITE'
  | 'E_INVALID_UTF8';

/** Byte span of one member of the top-level map/object: `[valueStart, valueEnd)` is the whole value item. */
export interface MemberSpan {
  readonly keyStart: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface ScanSuccess {
  readonly ok: true;
  readonly value: unknown;
  /** Top-level members with their byte spans (null when the root is not an object/map). */
  readonly members: ReadonlyMap<string, MemberSpan> | null;
  /** Offset just after the top-level item (JSON: after trailing whitespace, i.e. the body length). */
  readonly end: number;
}

export interface ScanFailure {
  readonly ok: false;
  readonly code: ScanCode;
  readonly message: string;
  readonly offset: number;
  /** Where in the document, e.g. `payload.values[3][1]`; `$` is the root. */
  readonly path?: string;
}

export type ScanResult = ScanSuccess | ScanFailure;

/** Default nesting limit. An Edge Impulse message needs 4 (root, payload, values, row). */
export const DEFAULT_MAX_DEPTH = 64;

/** Internal: thrown inside a scanner, caught at its entry and turned into a {@link ScanFailure}. */
export class ScanAbort {
  constructor(
    readonly code: ScanCode,
    readonly message: string,
    readonly offset: number,
    readonly path?: string,
  ) {}
}

/**
 * What a scanner's entry returns for something thrown while scanning: the {@link ScanFailure} a
 * {@link ScanAbort} carries. Anything else is a bug in the scanner and is thrown on, never reported as
 * bad input.
 */
export function scanFailure(e: unknown): ScanFailure {
  if (!(e instanceof ScanAbort)) throw e;
  return { ok: false, code: e.code, message: e.message, offset: e.offset, ...(e.path ? { path: e.path } : {}) };
}

/** Frame of an open container, enough to name a path in an error message. */
export interface PathFrame {
  readonly isMap: boolean;
  /** Current member name (maps) — '' before the first one. */
  key: string;
  /** Arrays: the element list, whose length is the current index. */
  readonly value: unknown;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function pathOf(stack: readonly PathFrame[], extraKey?: string): string {
  let p = '';
  const seg = (k: string) => (IDENT.test(k) ? (p ? `.${k}` : k) : `[${JSON.stringify(k)}]`);
  for (const f of stack) {
    if (f.isMap) {
      if (f.key !== '' || f !== stack[stack.length - 1]) p += seg(f.key);
    } else p += `[${(f.value as unknown[]).length}]`;
  }
  if (extraKey !== undefined) p += seg(extraKey);
  return p === '' ? '$' : p;
}

/** Own-property assignment that also works for a member named `__proto__` (as JSON.parse does). */
export function setMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else obj[key] = value;
}
