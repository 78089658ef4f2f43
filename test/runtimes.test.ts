// The browser bundle (dist/browser/edgesign.js's build) also runs under Deno and Bun: each signs the D1
// vector in JSON and CBOR, and the bytes must equal what Node signs. The runtimes are optional: found
// through EDGESIGN_DENO / EDGESIGN_BUN, PATH, or /tmp/rt (`npm i --prefix /tmp/rt deno bun`); when
// missing the test skips loudly (also under CI=true, unless EDGESIGN_REQUIRE_RUNTIMES=1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSigner } from '../packages/edgesign/src/index.js';
import { repoRoot } from './helpers/shared.js';
import { tempDir } from './helpers/cli.js';

const KEY = 'fed53116f20684c067774ebf9e7bcbdc';
const D1_IAT = 1564128599;
const D1_SIGNATURE = '7c3c01c0f6c192a56e49b6578eda7f95dd0ac9ece33f162675fdf183bf0ecb1e';
const ROWS = [[-9.81, 0.03, 1.21], [-9.83, 0.04, 1.27], [-9.12, 0.03, 1.23], [-9.14, 0.01, 1.25]];
const OPTIONS = {
  hmacKey: KEY,
  deviceName: 'ac:87:a3:0a:2d:1b',
  deviceType: 'DISCO-L475VG-IOT01A',
  intervalMs: 10,
  sensors: ['accX', 'accY', 'accZ'].map((name) => ({ name, units: 'm/s2' })),
};

function find(name: 'deno' | 'bun'): string | null {
  const env = process.env[`EDGESIGN_${name.toUpperCase()}`];
  const candidates = [env, path.join('/tmp/rt/node_modules/.bin', name)].filter((x): x is string => !!x);
  for (const c of candidates) if (existsSync(c)) return c;
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    const msg = `${name} not found (set EDGESIGN_${name.toUpperCase()}, put it on PATH, or: npm i --prefix /tmp/rt ${name})`;
    if (process.env['EDGESIGN_REQUIRE_RUNTIMES'] === '1') throw new Error(`${msg}; EDGESIGN_REQUIRE_RUNTIMES=1 requires it`);
    console.warn(`\n*** SKIPPING ${name} test: ${msg} ***\n`);
    return null;
  }
}

const runtimes: Array<[string, string | null, (bin: string, script: string) => string[]]> = [
  ['Deno', find('deno'), (bin, script) => [bin, 'run', '--no-prompt', '--allow-read', script]],
  ['Bun', find('bun'), (bin, script) => [bin, script]],
];

describe('the bundle under other runtimes', () => {
  let tmp: ReturnType<typeof tempDir>;
  let script: string;
  beforeAll(async () => {
    tmp = tempDir('edgesign-rt-');
    const { buildBrowser } = (await import(path.join(repoRoot, 'scripts', 'build-browser.mjs'))) as {
      buildBrowser: (o: { outfile: string }) => Promise<{ outfile: string }>;
    };
    const { outfile } = await buildBrowser({ outfile: path.join(tmp.dir, 'edgesign.js') });
    script = path.join(tmp.dir, 'sign.mjs');
    writeFileSync(
      script,
      `import { createSigner, toHex } from ${JSON.stringify(pathToFileURL(outfile).href)};
const o = ${JSON.stringify(OPTIONS)};
const rows = ${JSON.stringify(ROWS)};
const json = new TextDecoder().decode(createSigner({ ...o, encoding: 'json' }).sign(rows, { iat: ${D1_IAT} }));
const cbor = toHex(createSigner({ ...o, encoding: 'cbor' }).sign(rows, { iat: ${D1_IAT} }));
console.log(JSON.stringify({ json, cbor }));
`,
    );
  });
  afterAll(() => tmp?.cleanup());

  for (const [name, bin, argv] of runtimes) {
    it.skipIf(!bin)(`${name} signs D1 byte-identically to Node`, () => {
      const [cmd, ...args] = argv(bin!, script);
      const out = execFileSync(cmd!, args, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } });
      const r = JSON.parse(out.trim().split('\n').pop()!) as { json: string; cbor: string };
      expect(JSON.parse(r.json).signature).toBe(D1_SIGNATURE);
      expect(r.json).toBe(new TextDecoder().decode(createSigner({ ...OPTIONS, encoding: 'json' }).sign(ROWS, { iat: D1_IAT })));
      expect(r.cbor).toBe(Buffer.from(createSigner({ ...OPTIONS, encoding: 'cbor' }).sign(ROWS, { iat: D1_IAT })).toString('hex'));
      console.log(`${name} (${execFileSync(cmd!, ['--version'], { encoding: 'utf8' }).split('\n')[0]}): D1 signed byte-identically`);
    });
  }
});
