// The package as users load it: the exports map, CommonJS through require(esm) (Node ≥ 20.19, no
// top-level await anywhere), the raw module for other runtimes, and a main entry free of Node built-ins.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, inCI } from './helpers/shared.js';

const sdkDir = path.join(repoRoot, 'packages/edgesign');
const serverDir = path.join(repoRoot, 'packages/server');
const built = existsSync(path.join(sdkDir, 'dist/index.js')) && existsSync(path.join(serverDir, 'dist/service/index.js'));
if (!built) {
  if (inCI) throw new Error('dist/ is missing: run npm run build first (CI=true requires it)');
  console.warn('\n*** SKIPPING package tests: dist/ is missing (run npm run build) ***\n');
}

const node = (code: string) =>
  execFileSync(process.execPath, ['-e', code], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

describe.skipIf(!built)('package', () => {
  it('CommonJS can require("edgesign") (require(esm): no top-level await)', () => {
    const out = node("const { hmacSha256, toHex } = require('edgesign'); process.stdout.write(toHex(hmacSha256('fed53116f20684c067774ebf9e7bcbdc', 'm')))");
    expect(out).toBe(createHmac('sha256', 'fed53116f20684c067774ebf9e7bcbdc').update('m').digest('hex'));
  });

  it('edgesign exports "." (types first) and "./core.wasm" (the release module itself); edgesign-server its service API', () => {
    const pkg = JSON.parse(readFileSync(path.join(sdkDir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.exports['.'])).toEqual(['types', 'default']);
    expect(existsSync(path.join(sdkDir, pkg.exports['.'].types))).toBe(true);
    expect(node("process.stdout.write(require.resolve('edgesign/core.wasm'))")).toBe(path.join(sdkDir, 'dist/edgesign.wasm'));
    expect(readFileSync(path.join(sdkDir, 'dist/edgesign.wasm'))).toEqual(readFileSync(path.join(repoRoot, 'build/edgesign.wasm')));
    expect(pkg.engines.node).toBe('>=20.19');
    expect(pkg.type).toBe('module');
    expect(pkg.dependencies ?? {}).toEqual({}); // the SDK installs alone
    const server = JSON.parse(readFileSync(path.join(serverDir, 'package.json'), 'utf8'));
    expect(existsSync(path.join(serverDir, server.exports['.'].types))).toBe(true);
    expect(server.bin.edgesign).toBe('./bin/edgesign.js');
  });

  it('the main entry pulls in no Node built-in and no SQLite (it must run in browsers, Deno, Bun)', () => {
    const probe = (entry: string) =>
      JSON.parse(node(`
        const before = new Set(Object.keys(require.cache));
        require('${entry}');
        const loaded = Object.keys(require.cache).filter((k) => !before.has(k));
        process.stdout.write(JSON.stringify(loaded.filter((k) => /better-sqlite3|node_modules\\/busboy/.test(k))));
      `)) as string[];
    expect(probe('edgesign')).toEqual([]);
    expect(probe('edgesign-server').length).toBeGreaterThan(0); // the probe does see them when loaded
    for (const file of ['index.js', 'hash/hmac-sha256.js', 'hash/sha256.js', 'sign/signer.js', 'verify/verify-message.js', 'wasm/core.js']) {
      expect(readFileSync(path.join(sdkDir, 'dist', file), 'utf8'), file).not.toMatch(/from ['"]node:/);
    }
  });
});
