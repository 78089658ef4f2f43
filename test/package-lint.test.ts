// The published shape of both packages, checked by the tools npm users trust: publint --strict and
// @arethetypeswrong/cli --pack (pinned devDependencies; both pack the package themselves, offline).
// attw runs the esm-only profile (the packages are ESM; CommonJS uses require(esm) on Node ≥ 20.19,
// which TypeScript's node16-cjs resolution does not model) and skips `edgesign/core.wasm`, a raw
// WebAssembly module with no JavaScript or types to resolve.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { inCI, repoRoot } from './helpers/shared.js';

const built = existsSync(path.join(repoRoot, 'packages/edgesign/dist/index.js')) && existsSync(path.join(repoRoot, 'packages/server/dist/service/index.js'));
if (!built) {
  if (inCI) throw new Error('packages/*/dist is missing; CI=true requires it');
  console.warn('\n*** SKIPPING publint/attw: run npm run build ***\n');
}

function run(bin: string, args: string[]): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', bin), ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: err.stdout + err.stderr };
  }
}

describe.skipIf(!built)('publint and attw', () => {
  for (const dir of ['packages/edgesign', 'packages/server']) {
    it(`publint --strict ${dir}`, () => {
      const r = run('publint/src/cli.js', ['--strict', dir]);
      expect(r.out).toContain('All good!');
      expect(r.code).toBe(0);
    }, 300_000);
    it(`attw --pack ${dir} --profile esm-only`, () => {
      const r = run('@arethetypeswrong/cli/dist/index.js', ['--pack', dir, '--profile', 'esm-only', '--format', 'ascii', ...(dir.endsWith('edgesign') ? ['--exclude-entrypoints', 'core.wasm'] : [])]);
      expect(r.code, r.out).toBe(0);
    }, 300_000);
  }
});
