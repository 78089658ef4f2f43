/**
 * The one error type edgesign throws. `code` is stable (an `E_` name that scripts may switch on);
 * `message` is one line for people; `details` carries machine-readable context where it helps
 * (e.g. `{ row, col }` for a bad sample value).
 * @module
 */

export type EdgesignErrorCode = `E_${string}`;

export class EdgesignError extends Error {
  readonly code: EdgesignErrorCode;
  readonly details?: Readonly<Record<string, unknown>>;

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
