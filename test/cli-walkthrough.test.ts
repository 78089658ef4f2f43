// The README's CLI walkthrough is examples/cli/walkthrough.sh, run here exactly as it is (its sample
// CSV beside it), and the README shows that file verbatim, so the two cannot drift apart.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './helpers/shared.js';
import { cleanEnv, cliBuilt } from './helpers/cli.js';

const script = path.join(repoRoot, 'examples/cli/walkthrough.sh');

describe('the README CLI walkthrough', () => {
  it('the README includes examples/cli/walkthrough.sh verbatim', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const m = /<!-- walkthrough: examples\/cli\/walkthrough\.sh -->\n```sh\n([\s\S]*?)```\n/.exec(readme);
    expect(m, 'README.md has no walkthrough block').not.toBeNull();
    expect(m![1]).toBe(readFileSync(script, 'utf8'));
  });

  it.skipIf(!cliBuilt())('runs as written: keys to files, serve, sign, verify, upload, simulate, clean stop', () => {
    const r = spawnSync('bash', [script], { encoding: 'utf8', env: cleanEnv(), timeout: 300_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/walk\.01\.cbor: valid \(key 0\)/);
    expect(out).toMatch(/^walk\.01\.cbor$/m);
    expect(out).toMatch(/sent (\d+), accepted \1, rejected 0/);
    expect(out).not.toMatch(/ei_[A-Za-z0-9]/); // no secret is printed: they went to files
  }, 320_000);
});
