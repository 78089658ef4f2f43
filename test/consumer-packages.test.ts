// The packages as npm users get them: `npm pack` both workspaces, install the tarballs into fresh
// projects under a temp dir — offline, from the npm cache that `npm ci` filled, never the network —
// and use them the way users do:
//  (a) a browser app bundled with esbuild and with Vite signs and verifies in Debian's Chromium (the
//      D1 vector's signature, published, is the independent check), and `npm ls --all` shows edgesign
//      alone; a page served with a CSP that lacks 'wasm-unsafe-eval' gets E_WASM_BLOCKED from ready()
//      and from the first sign, never a raw CompileError;
//  (b) a strict TypeScript project (module nodenext, skipLibCheck false) passes signed bytes to fetch,
//      Blob and crypto.subtle.digest and uses edgesign-server's API — with TypeScript 7 and 5.9; the
//      SDK's types need no @types/node;
//  (c) CommonJS `require('edgesign')` works;
// and what ships points at nothing the tarball lacks (no ../shared, no repository docs by path).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { inCI, repoRoot } from './helpers/shared.js';
import { tempDir } from './helpers/cli.js';

const CHROMIUM = process.env['EDGESIGN_CHROMIUM'] ?? '/usr/bin/chromium';
const KEY = 'fed53116f20684c067774ebf9e7bcbdc';
/** Vector D1 (docs/format.md §7): this device, these rows, iat 1564128599, JSON → this signature. */
const D1_SIGNATURE = '7c3c01c0f6c192a56e49b6578eda7f95dd0ac9ece33f162675fdf183bf0ecb1e';
const D1_ROWS = [[-9.81, 0.03, 1.21], [-9.83, 0.04, 1.27], [-9.12, 0.03, 1.23], [-9.14, 0.01, 1.25]];

const built = existsSync(path.join(repoRoot, 'packages/edgesign/dist/index.js')) && existsSync(path.join(repoRoot, 'packages/edgesign/dist/browser/edgesign.js'));
if (!built) {
  if (inCI) throw new Error('packages/*/dist is missing; CI=true requires it (npm test builds first)');
  console.warn('\n*** SKIPPING consumer package tests: run npm run build ***\n');
}
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (inCI) throw new Error(`Chromium not found at ${CHROMIUM}; CI=true requires it`);
  console.warn(`\n*** SKIPPING the Chromium part of the consumer tests: no ${CHROMIUM} (apt-get install -y chromium) ***\n`);
}

const npmCli = process.env['npm_execpath'] && process.env['npm_execpath'].endsWith('.js') ? process.env['npm_execpath'] : null;
/** Runs npm (the one running `npm test`, else the one on PATH); throws with its output on failure. */
function npm(args: string[], cwd: string): string {
  const [cmd, pre] = npmCli ? [process.execPath, [npmCli]] : ['npm', []];
  return execFileSync(cmd, [...pre, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
}

/** `npm install` from the cache only: a package the cache lacks fails the test instead of downloading. */
function installOffline(cwd: string, specs: string[], extra: string[] = []): void {
  npm(['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', ...extra, ...specs], cwd);
}

function project(dir: string, pkg: Record<string, unknown>): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, version: '0.0.0', ...pkg }, null, 2));
  return dir;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const APP_SOURCE = (from: string) => `
import { createSigner, verifyMessage, ready, isEdgesignError } from '${from}';
const out = {};
try { ready(); out.ready = 'ok'; } catch (e) { out.ready = isEdgesignError(e) ? e.code : String(e); out.readyMessage = e.message; }
try {
  const signer = createSigner({
    hmacKey: '${KEY}', deviceType: 'DISCO-L475VG-IOT01A', deviceName: 'ac:87:a3:0a:2d:1b', intervalMs: 10,
    sensors: [{ name: 'accX', units: 'm/s2' }, { name: 'accY', units: 'm/s2' }, { name: 'accZ', units: 'm/s2' }],
    encoding: 'json',
  });
  const body = signer.sign(${JSON.stringify(D1_ROWS)}, { iat: 1564128599 });
  out.text = new TextDecoder().decode(body);
  const r = verifyMessage(body, { keys: [{ id: 'k', key: '${KEY}' }] });
  out.verified = r.ok && r.keyId;
} catch (e) { out.sign = isEdgesignError(e) ? e.code : e.name + ': ' + e.message; }
window.__result = out;
`;

describe.skipIf(!built)('the packed packages in fresh projects (offline installs)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let sdkTgz: string;
  let serverTgz: string;

  beforeAll(() => {
    tmp = tempDir('edgesign-consumers-');
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp.dir, '-w', 'edgesign', '-w', 'edgesign-server'], repoRoot)) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
    sdkTgz = path.join(tmp.dir, packed.find((p) => p.name === 'edgesign')!.filename);
    serverTgz = path.join(tmp.dir, packed.find((p) => p.name === 'edgesign-server')!.filename);
  }, 120_000);
  afterAll(() => tmp?.cleanup());

  it('what ships names no file it lacks: no ../shared, no repository document by path, no "issue N"', () => {
    const bad: string[] = [];
    for (const tgz of [sdkTgz, serverTgz]) {
      const dir = path.join(tmp.dir, `unpacked-${path.basename(tgz)}`);
      mkdirSync(dir);
      execFileSync('tar', ['xzf', tgz, '-C', dir]);
      for (const f of filesUnder(dir)) {
        if (!/\.(js|ts|json|md)$/.test(f)) continue;
        const text = readFileSync(f, 'utf8');
        const rel = path.relative(dir, f);
        for (const m of text.matchAll(/\S*\b[\w-]+\.md\b\S*/g)) {
          // Allowed: absolute URLs, and the package's own README.
          if (!/https?:\/\//.test(m[0]) && !/\bREADME\.md\b/.test(m[0])) bad.push(`${rel}: ${m[0]}`);
        }
        for (const m of text.matchAll(/\.\.\/shared|shared\/(?:docs|vectors)|\b[Ii]ssue \d+\b/g)) bad.push(`${rel}: ${m[0]}`);
        // A Markdown link on the npm page must be absolute: relative ones point into a repository the reader does not have.
        if (rel.endsWith('.md')) for (const m of text.matchAll(/\]\((?!https?:|#)[^)]*\)/g)) bad.push(`${rel}: ${m[0]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('(a) npm install edgesign installs edgesign alone; CommonJS require works (c)', () => {
    const app = project(path.join(tmp.dir, 'app'), { name: 'app', type: 'module' });
    installOffline(app, [sdkTgz]);
    const tree = JSON.parse(npm(['ls', '--all', '--json'], app)) as { dependencies: Record<string, { dependencies?: object }> };
    expect(Object.keys(tree.dependencies)).toEqual(['edgesign']);
    expect(tree.dependencies['edgesign']!.dependencies ?? {}).toEqual({});
    expect(readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['edgesign']);
    const cjs = execFileSync(process.execPath, ['-e', `const { hmacSha256, toHex, ERROR_CODES } = require('edgesign'); process.stdout.write(toHex(hmacSha256('${KEY}', 'm')) + ' ' + Object.keys(ERROR_CODES).length)`], { cwd: app, encoding: 'utf8' });
    const [tag, codes] = cjs.split(' ');
    expect(tag).toBe(createHmac('sha256', KEY).update('m').digest('hex'));
    expect(Number(codes)).toBeGreaterThan(40);
  }, 120_000);

  describe.skipIf(!haveChromium)('(a) bundled with esbuild and with Vite, in Chromium', () => {
    let server: Server;
    let base: string;
    const pages = new Map<string, { html: string; csp?: string; files: Map<string, string> }>();

    beforeAll(async () => {
      const app = path.join(tmp.dir, 'app');
      mkdirSync(path.join(app, 'src'), { recursive: true });
      writeFileSync(path.join(app, 'src', 'main.js'), APP_SOURCE('edgesign'));
      writeFileSync(path.join(app, 'src', 'prebuilt.js'), APP_SOURCE('edgesign/browser'));
      const { build } = await import('esbuild');
      const bundled = new Map<string, string>();
      for (const entry of ['main', 'prebuilt']) {
        const r = await build({ entryPoints: [path.join(app, 'src', `${entry}.js`)], bundle: true, format: 'esm', target: 'es2022', write: false, absWorkingDir: app, logLevel: 'silent' });
        bundled.set(entry, r.outputFiles[0]!.text);
      }
      const html = (src: string) => `<!doctype html><meta charset="utf-8"><script type="module" src="${src}"></script>`;
      pages.set('/esbuild/', { html: html('/esbuild/app.js'), files: new Map([['/esbuild/app.js', bundled.get('main')!]]) });
      pages.set('/prebuilt/', { html: html('/prebuilt/app.js'), files: new Map([['/prebuilt/app.js', bundled.get('prebuilt')!]]) });
      // The same app under a policy that allows scripts from the page's origin but not WebAssembly.
      pages.set('/csp/', { html: html('/csp/app.js'), csp: "script-src 'self'", files: new Map([['/csp/app.js', bundled.get('main')!]]) });
      pages.set('/csp-ok/', { html: html('/csp-ok/app.js'), csp: "script-src 'self' 'wasm-unsafe-eval'", files: new Map([['/csp-ok/app.js', bundled.get('main')!]]) });

      // Vite: a real `vite build` of an index.html that imports the package.
      writeFileSync(path.join(app, 'index.html'), `<!doctype html><meta charset="utf-8"><script type="module" src="/src/main.js"></script>`);
      const vite = await import('vite');
      await vite.build({ root: app, base: '/vite/', logLevel: 'silent', configFile: false, build: { outDir: path.join(tmp.dir, 'vite-dist'), emptyOutDir: true } });
      const files = new Map<string, string>();
      for (const f of filesUnder(path.join(tmp.dir, 'vite-dist'))) files.set('/vite/' + path.relative(path.join(tmp.dir, 'vite-dist'), f).split(path.sep).join('/'), readFileSync(f, 'utf8'));
      pages.set('/vite/', { html: files.get('/vite/index.html')!, files });

      server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        for (const [prefix, page] of pages) {
          if (!url.pathname.startsWith(prefix)) continue;
          const headers: Record<string, string> = page.csp ? { 'content-security-policy': page.csp } : {};
          if (url.pathname === prefix) return void res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(page.html);
          const body = page.files.get(url.pathname);
          if (body !== undefined) return void res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }).end(body);
        }
        res.writeHead(404).end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    }, 180_000);
    afterAll(async () => {
      await new Promise((r) => server?.close(r));
    });

    async function run(pathname: string): Promise<Record<string, string>> {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(base + pathname);
        await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 30_000 });
        const result = (await page.evaluate(() => (window as unknown as { __result: Record<string, string> }).__result));
        expect(errors).toEqual([]);
        return result;
      } finally {
        await browser.close();
      }
    }

    for (const [name, pathname] of [['esbuild', '/esbuild/'], ['Vite', '/vite/'], ['the prebuilt edgesign/browser bundle', '/prebuilt/'], ["a CSP with 'wasm-unsafe-eval'", '/csp-ok/']] as const) {
      it(`${name}: signs D1 byte for byte and verifies it`, async () => {
        const r = await run(pathname);
        expect(r['ready']).toBe('ok');
        expect(r['verified']).toBe('k');
        expect(JSON.parse(r['text']!).signature).toBe(D1_SIGNATURE);
      }, 60_000);
    }

    it("a CSP without 'wasm-unsafe-eval': ready() and the first sign throw E_WASM_BLOCKED naming the fix", async () => {
      const r = await run('/csp/');
      expect(r['ready']).toBe('E_WASM_BLOCKED');
      expect(r['readyMessage']).toContain("'wasm-unsafe-eval'");
      expect(r['sign']).toBe('E_WASM_BLOCKED');
    }, 60_000);
  });

  it('(b) strict TypeScript (nodenext, skipLibCheck false): bytes into fetch, Blob, crypto.subtle; the service API; TS 7 and 5.9', () => {
    const ts = project(path.join(tmp.dir, 'ts'), { name: 'ts-consumer', type: 'module' });
    // Type-checking needs the two packages' files, not the server's runtime dependencies (a native
    // SQLite build among them): the SDK is installed by npm, the server tarball unpacked where npm
    // would put it. Its types must then resolve with nothing else — no @types/better-sqlite3,
    // @types/pg or @types/ws. @types/node comes from this repository, as a Node project has it: a
    // type root holding only `node` (TypeScript also resolves imports through type roots, so the
    // repository's whole @types would hide a missing one).
    installOffline(ts, [sdkTgz]);
    const serverDir = path.join(ts, 'node_modules', 'edgesign-server');
    mkdirSync(serverDir, { recursive: true });
    execFileSync('tar', ['xzf', serverTgz, '-C', serverDir, '--strip-components=1']);
    const typeRoot = path.join(tmp.dir, 'type-root');
    mkdirSync(typeRoot);
    symlinkSync(path.join(repoRoot, 'node_modules/@types/node'), path.join(typeRoot, 'node'), 'dir');
    const compilerOptions = { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: false, noEmit: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
    // The SDK alone: browser globals only, no @types/node at all.
    writeFileSync(path.join(ts, 'sdk.ts'), `
import { createSigner, sha256, hmacSha256, HmacSha256, ERROR_CODES, isEdgesignError, type EdgesignErrorCode } from 'edgesign';
import * as prebuilt from 'edgesign/browser';
const signer = createSigner({ hmacKey: '${KEY}', deviceType: 'X', intervalMs: 10, sensors: [{ name: 'a', units: 'm/s2' }] });
const body = signer.sign([1, 2, 3]);
export async function send(): Promise<void> {
  await fetch('https://ingestion.example/api/training/data', { method: 'POST', body });
  const blob = new Blob([body, sha256('x'), hmacSha256('${KEY}', body), new HmacSha256('${KEY}').update(body).digest()]);
  await crypto.subtle.digest('SHA-256', body);
  await crypto.subtle.digest('SHA-256', sha256(body));
  const s = signer.stream().append([4]);
  await crypto.subtle.digest('SHA-256', s);
  void blob;
}
export function describe(e: unknown): string {
  if (!isEdgesignError(e)) return 'other';
  const code: EdgesignErrorCode = e.code;
  return ERROR_CODES[code].meaning;
}
// @ts-expect-error: the union is closed
export const notACode: EdgesignErrorCode = 'E_NOT_A_CODE';
export const same: typeof prebuilt.createSigner = createSigner;
`);
    writeFileSync(path.join(ts, 'server.ts'), `
import { createIngestionServer, createPlatform, openStore, openStoreAt, resolveStoreLocation, createApiKey, createHmacKey, connectSimulatedDevice, PostgresStore, type IngestionServer, type Store } from 'edgesign-server';
import { verifyMessage, type VerifyResult } from 'edgesign';
export async function start(dir: string): Promise<IngestionServer> {
  const store = openStore(dir);
  const api = await createApiKey(store, { name: 'ci', role: 'ingestiononly' });
  const hk = await createHmacKey(store, { name: 'devices', dev: true });
  await store.close();
  const server = createIngestionServer({ dataDir: dir, port: 0, signaturePolicy: 'reject' });
  const { url } = await server.listen();
  const r: VerifyResult = verifyMessage(new Uint8Array(0), { keys: [hk.key] });
  console.log(url, api.key.startsWith('ei_'), r.ok);
  return server;
}
export async function everything(dir: string, databaseUrl: string): Promise<void> {
  const shared: Store = await PostgresStore.open(databaseUrl, { poolSize: 4 });
  const platform = createPlatform({ store: shared, ingestionPort: 0, studioPort: 0, remotePort: 0 });
  const urls = await platform.listen();
  const device = connectSimulatedDevice({ url: urls.remoteManagement!, ingestionUrl: urls.ingestion, apiKey: 'ei_x', deviceId: 'd1' });
  await device.ready;
  await device.close();
  await platform.close();
  await shared.close();
  await (await openStoreAt(resolveStoreLocation({ dataDir: dir }))).close();
}
`);
    writeFileSync(path.join(ts, 'tsconfig.sdk.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, lib: ['es2022', 'dom'], types: [] }, files: ['sdk.ts'] }));
    writeFileSync(path.join(ts, 'tsconfig.server.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, lib: ['es2022'], types: ['node'], typeRoots: [typeRoot] }, files: ['server.ts'] }));
    const compilers = [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), path.join(repoRoot, 'node_modules/typescript5/bin/tsc')];
    for (const tsc of compilers) {
      for (const config of ['tsconfig.sdk.json', 'tsconfig.server.json']) {
        try {
          execFileSync(process.execPath, [tsc, '-p', config], { cwd: ts, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        } catch (e) {
          const err = e as { stdout?: string; stderr?: string };
          throw new Error(`${path.relative(repoRoot, tsc)} -p ${config} failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
        }
      }
    }
  }, 600_000);
});
