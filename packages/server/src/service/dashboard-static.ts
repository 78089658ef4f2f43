/**
 * Serves the dashboard's prebuilt files (`dist/dashboard/`, written by `scripts/build-dashboard.mjs`
 * at build time, shipped in the package), so `edgesign serve` needs no build step when it runs.
 * `/` and `/dashboard/` answer `index.html`; `/dashboard/<name>` answers one of the files that were in
 * the folder when it was first read (a fixed list: no path from a request ever reaches the file
 * system). Everything is sent with a strict Content-Security-Policy: scripts, styles and data only
 * from this origin, no inline code, no framing.
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import { methodNotAllowed, refuse, type Answer } from './http-reply.js';

/**
 * The package's built dashboard. Both `src/service/` (tests, tsx) and `dist/service/` (the package)
 * sit two levels below the package root, so one relative path finds `dist/dashboard/` from either.
 */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dist/dashboard/', import.meta.url));

/**
 * CSP Level 3. No `'unsafe-inline'` anywhere and no `'wasm-unsafe-eval'`: the page only parses
 * messages with the SDK's scanners and never compiles its WebAssembly core.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

interface Asset {
  contentType: string;
  body: Buffer;
}

/** The dashboard's files, read once (they never change while the server runs). */
export class DashboardAssets {
  private files: Map<string, Asset> | null = null;
  constructor(private readonly dir: string = DEFAULT_DASHBOARD_DIR) {}

  /** Answers `/`, `/dashboard/` and `/dashboard/<file>`; undefined for any other path. */
  route(res: ServerResponse, method: string, path: string): Answer | undefined {
    const name = path === '/' || path === '/dashboard' || path === '/dashboard/' ? 'index.html' : /^\/dashboard\/([\w.-]+)$/.exec(path)?.[1];
    if (name === undefined) return undefined;
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET, HEAD');
    const files = this.load();
    const asset = files.get(name);
    if (!asset) {
      throw files.size === 0
        ? refuse(404, 'E_DASHBOARD_MISSING', `the dashboard is not built (no files in ${this.dir}): run npm run build`)
        : refuse(404, 'E_NOT_FOUND', `no dashboard file ${JSON.stringify(name)}`);
    }
    res.setHeader('content-security-policy', DASHBOARD_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    res.setHeader('cache-control', 'no-cache');
    return { status: 200, contentType: asset.contentType, body: asset.body };
  }

  private load(): Map<string, Asset> {
    if (this.files) return this.files;
    const files = new Map<string, Asset>();
    let names: string[] = [];
    try {
      names = readdirSync(this.dir);
    } catch {
      // Not built: every request says so (E_DASHBOARD_MISSING) instead of failing the server.
    }
    for (const name of names) {
      const type = TYPES[extname(name)];
      const file = join(this.dir, name);
      if (type && statSync(file).isFile()) files.set(name, { contentType: type, body: readFileSync(file) });
    }
    // Cache only a built folder, so building while the server runs makes the dashboard appear.
    if (files.size > 0) this.files = files;
    return files;
  }
}
