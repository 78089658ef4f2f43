/**
 * An API key that fails authentication leaves nothing behind: after the request, a heap snapshot of
 * the serving process (a real child process running the built service) no longer holds the key's
 * bytes. The service used to keep the last 256 `x-api-key` values, attackers' included, in a cache.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliBuilt, runNode } from './helpers/cli.js';
import { repoRoot } from './helpers/shared.js';

describe.skipIf(!cliBuilt())('secrets in memory', () => {
  test('a refused x-api-key is not in the heap once its request is over', async () => {
    const r = await runNode(['--expose-gc', path.join(repoRoot, 'test/helpers/heap-secret-child.mjs')], { timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.out.trim()).toBe('gone');
  });
});
