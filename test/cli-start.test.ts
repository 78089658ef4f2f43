// `npm start` is `npm run build && node scripts/start.mjs`; npm test has just built, so this runs the
// script itself (rebuilding here would rewrite dist/ under the suites running in parallel). Its store
// goes to a temp EDGESIGN_DATA_DIR, never the repository's .edgesign/. The run must exit 0 within the
// bound, store what the simulator sent, and a second run must reuse the keys of the first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cleanEnv, cliBuilt, runCli, runNode, tempDir } from './helpers/cli.js';
import { repoRoot } from './helpers/shared.js';

const BOUND_MS = 60_000;
const built = cliBuilt();

describe.skipIf(!built)('npm start (scripts/start.mjs)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dataDir: string;
  beforeAll(() => {
    tmp = tempDir('edgesign-start-');
    dataDir = path.join(tmp.dir, 'data');
  });
  afterAll(() => tmp.cleanup());

  const start = async () => {
    const t0 = performance.now();
    const r = await runNode([path.join(repoRoot, 'scripts', 'start.mjs')], {
      env: cleanEnv({ EDGESIGN_DATA_DIR: dataDir, EDGESIGN_START_SECONDS: '2' }),
      timeoutMs: BOUND_MS,
    });
    const ms = performance.now() - t0;
    console.log(`scripts/start.mjs: exit ${r.code} in ${(ms / 1000).toFixed(1)} s`);
    return { ...r, ms };
  };
  const count = () => {
    const db = new Database(path.join(dataDir, 'edgesign.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('first run: creates the development keys, simulates, stores the samples, exits 0 within the bound', async () => {
    const r = await start();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(BOUND_MS);
    expect(r.out).toMatch(/created development API key ak_\w+ "npm start" \(ingestiononly\)/);
    expect(r.out).toMatch(/created development HMAC key hk_\w+/);
    expect(r.out).toMatch(/sent \d+, accepted \d+, rejected 0/);
    expect(r.out).toContain('edgesign.db');
    expect(existsSync(path.join(dataDir, 'edgesign.db'))).toBe(true);
    const accepted = Number(/accepted (\d+)/.exec(r.out)![1]);
    expect(accepted).toBeGreaterThan(0);
    expect(count()).toBe(accepted);
    expect(Number(new RegExp(`(\\d+) samples stored`).exec(r.out)![1])).toBe(accepted);
  });

  it('second run: reuses the same keys and adds to the same store', async () => {
    const before = count();
    const ids = JSON.parse((await runCli(['keys', 'list', '--data-dir', dataDir, '--json'])).out);
    const r = await start();
    expect(r.code).toBe(0);
    expect(r.out).toContain(`reusing development API key ${ids.apiKeys[0].id}`);
    expect(r.out).toContain(`reusing development HMAC key ${ids.hmacKeys[0].id}`);
    const after = JSON.parse((await runCli(['keys', 'list', '--data-dir', dataDir, '--json'])).out);
    expect(after.apiKeys).toHaveLength(1);
    expect(after.hmacKeys).toHaveLength(1);
    const accepted = Number(/accepted (\d+)/.exec(r.out)![1]);
    expect(count()).toBe(before + accepted);
  });
});
