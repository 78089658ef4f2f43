/** What a call throws, as the tests compare it: the `EdgesignError` code, or 'no error'. */
import { expect } from 'vitest';
import { EdgesignError } from '../../packages/edgesign/src/index.js';

/**
 * Runs `f` and returns the code of the `EdgesignError` it throws ('no error' when it returns). Anything
 * else thrown fails the test, and so does a message over more than one line (errors are printed as one
 * line by the CLI and logged as one line by the service).
 */
export function thrownCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EdgesignError);
    expect((e as Error).message).not.toContain('\n');
    return (e as EdgesignError).code;
  }
  return 'no error';
}
