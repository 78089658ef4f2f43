/**
 * The one error type edgesign throws. `code` is stable (an `E_` name that scripts may switch on);
 * `message` is one line for people; `details` carries machine-readable context where it helps
 * (e.g. `{ row, col }` for a bad sample value).
 * @module
 */

import type { EdgesignErrorCode } from './error-codes.js';

export type { EdgesignErrorCode } from './error-codes.js';

/**
 * The error edgesign throws for bad input, misuse or an environment that cannot run it. Switch on
 * {@link EdgesignError.code} (one of {@link EdgesignErrorCode}, each explained in `ERROR_CODES`),
 * not on the message.
 */
export class EdgesignError extends Error {
  /** Stable machine-readable code, e.g. `E_KEY_TOO_SHORT`; its meaning is `ERROR_CODES[code].meaning`. */
  readonly code: EdgesignErrorCode;
  /** Machine-readable context where it helps, e.g. `{ row, col }` for a bad sample value. Frozen. */
  readonly details?: Readonly<Record<string, unknown>>;

  /**
   * @param code - one of the registered codes
   * @param message - one line for people
   * @param details - machine-readable context (copied and frozen)
   * @param options - `cause`: the underlying error, if any
   */
  constructor(code: EdgesignErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EdgesignError';
    this.code = code;
    if (details !== undefined) this.details = Object.freeze({ ...details });
  }
}

/** Type guard usable across realms and bundles (checks the shape, not the prototype). */
export function isEdgesignError(e: unknown): e is EdgesignError {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && (e as Error).name === 'EdgesignError';
}
