// The browser build: esbuild bundles the runtime-neutral entry (scripts/build-browser.mjs, ESM, es2022,
// no node: modules), examples/browser/ signs a sample with it in Debian's Chromium (headless, driven
// by playwright-core; no downloaded browsers), and the page's signed output is verified here in Node
// with node:crypto — and must be byte-identical to what the Node build signs. Without Chromium the test
// skips loudly, except under CI=true, where it fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { createSigner } from '../packages/edgesign/src/index.js';
import { inCI, repoRoot } from './helpers/shared.js';
import { tempDir } from './helpers/cli.js';

const CHROMIUM = process.env['EDGESIGN_CHROMIUM'] ?? '/usr/bin/chromium';
const KEY = 'fed53116f20684c067774ebf9e7bcbdc';
/** format.md §7 D1 (the page's default form is exactly D1's device and rows). */
const D1_IAT = 1564128599;
const D1_SIGNATURE = '7c3c01c0f6c192a56e49b6578eda7f95dd0ac9ece33f162675fdf183bf0ecb1e';

function haveChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const msg = `Chromium not found at ${CHROMIUM} (install: apt-get install -y chromium)`;
  if (inCI) throw new Error(`${msg}; CI=true requires it`);
  console.warn(`\n*** SKIPPING browser test: ${msg} ***\n`);
  return false;
}

/** node:crypto only: zero the 64 hex characters of the signature, HMAC, compare. */
function verifyJson(text: string, key: string): boolean {
  const m = /"signature":"([0-9a-f]{64})"/.exec(text);
  if (!m) return false;
  const zeroed = text.slice(0, m.index) + `"signature":"${'0'.repeat(64)}"` + text.slice(m.index + m[0].length);
  return createHmac('sha256', key).update(zeroed, 'utf8').digest('hex') === m[1];
}

function verifyCbor(bytes: Buffer, key: string): boolean {
  const marker = Buffer.from([0x69, ...Buffer.from('signature'), 0x78, 0x40]);
  const at = bytes.indexOf(marker);
  if (at < 0) return false;
  const start = at + marker.length;
  const sig = bytes.subarray(start, start + 64).toString('latin1');
  const copy = Buffer.from(bytes);
  copy.fill(0x30, start, start + 64);
  return createHmac('sha256', key).update(copy).digest('hex') === sig;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

describe.skipIf(!haveChromium())('browser bundle in headless Chromium', () => {
  let tmp: ReturnType<typeof tempDir>;
  let bundle: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    tmp = tempDir('edgesign-browser-');
    // Built into a temp dir (not dist/, which other suites read while this runs) and served at the
    // path the page imports.
    const { buildBrowser } = (await import(path.join(repoRoot, 'scripts', 'build-browser.mjs'))) as {
      buildBrowser: (o: { outfile: string }) => Promise<{ outfile: string; bytes: number; inputs: string[] }>;
    };
    const built = await buildBrowser({ outfile: path.join(tmp.dir, 'edgesign.js') });
    bundle = built.outfile;
    console.log(`browser bundle: ${built.bytes} bytes from ${built.inputs.length} modules`);
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      let file: string | null = null;
      if (url.pathname === '/packages/edgesign/dist/browser/edgesign.js') file = bundle;
      else if (url.pathname === '/examples/browser/' || url.pathname === '/examples/browser/index.html') file = path.join(repoRoot, 'examples/browser/index.html');
      else if (url.pathname === '/examples/browser/main.js') file = path.join(repoRoot, 'examples/browser/main.js');
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    tmp?.cleanup();
  });

  it('the bundle is ESM for es2022 with no node: imports and no Uint8Array.fromBase64', () => {
    const code = readFileSync(bundle, 'utf8');
    expect(code).not.toMatch(/\bfrom\s*["']node:|require\(["']node:|import\(["']node:/);
    expect(code).not.toContain('fromBase64');
    expect(code).toMatch(/^export \{/m);
    for (const name of ['createSigner', 'verifyMessage', 'signAttachment', 'hmacSha256', 'EdgesignError', 'toHex']) expect(code).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('examples/browser signs the sample in Chromium; Node verifies it with node:crypto', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(`${base}/examples/browser/?key=${KEY}&iat=${D1_IAT}`);
      await page.waitForFunction(() => (window as unknown as { edgesignResult?: unknown }).edgesignResult !== undefined, undefined, { timeout: 20_000 });
      const result = (await page.evaluate(() => (window as unknown as { edgesignResult: unknown }).edgesignResult)) as {
        ok: boolean;
        json: string;
        cborHex: string;
        iat: number;
        verified: boolean;
      };
      const shown = await page.textContent('#message');
      const status = await page.textContent('#status');
      expect(errors).toEqual([]);
      expect(result.ok).toBe(true);
      expect(status).toMatch(/^signed 4 rows/);
      expect(shown).toBe(result.json);
      expect(result.verified).toBe(true);
      expect(await page.textContent('#verified')).toBe('verified in the browser: JSON and CBOR both valid');

      // The page's output, verified independently, is Edge Impulse's D1 vector.
      expect(verifyJson(shown!, KEY)).toBe(true);
      expect(JSON.parse(shown!).signature).toBe(D1_SIGNATURE);
      const cbor = Buffer.from(result.cborHex, 'hex');
      expect(verifyCbor(cbor, KEY)).toBe(true);

      // Byte-identical to the Node build.
      const node = createSigner({
        hmacKey: KEY,
        deviceName: 'ac:87:a3:0a:2d:1b',
        deviceType: 'DISCO-L475VG-IOT01A',
        intervalMs: 10,
        sensors: ['accX', 'accY', 'accZ'].map((name) => ({ name, units: 'm/s2' })),
        encoding: 'cbor',
      }).sign([[-9.81, 0.03, 1.21], [-9.83, 0.04, 1.27], [-9.12, 0.03, 1.23], [-9.14, 0.01, 1.25]], { iat: D1_IAT });
      expect(Buffer.from(node).equals(cbor)).toBe(true);

      // Editing the form and signing again (a different key) still verifies; a bad row shows an error.
      await page.fill('#key', '0123456789abcdef0123456789abcdef');
      await page.selectOption('#encoding', 'cbor');
      await page.click('button[type=submit]');
      await page.waitForFunction(() => document.querySelector('#message')!.textContent!.startsWith('a3'));
      const hex = await page.textContent('#message');
      expect(verifyCbor(Buffer.from(hex!, 'hex'), '0123456789abcdef0123456789abcdef')).toBe(true);
      await page.fill('#values', '1, 2');
      await page.click('button[type=submit]');
      await page.waitForSelector('#status[data-state="error"]');
      expect(await page.textContent('#status')).toMatch(/^E_INPUT: line 1/);
    } finally {
      await browser.close();
    }
  });
});
