// The dashboard's server side over real HTTP (Node's fetch against a real server and SQLite file):
// its files with a strict CSP, the login session in an HttpOnly + SameSite=Strict cookie, the CSRF
// header that cookie-authenticated requests need, role limits and revocation through the same
// `authenticate` as x-api-key, and logout. The browser side is in dashboard.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApiKey, createIngestionServer, openStore, revokeKey, type IngestionServer, type SqliteStore } from '../packages/server/src/service/index.js';
import { DASHBOARD_CSP, DEFAULT_DASHBOARD_DIR } from '../packages/server/src/service/dashboard-static.js';
import { repoRoot } from './helpers/shared.js';
import { tempDir } from './helpers/service.js';
import { cliBuilt, startServe } from './helpers/cli.js';

describe('dashboard: files, session cookie, CSRF, roles', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: SqliteStore;
  let svc: IngestionServer;
  let url: string;
  let port: number;
  let admin: { id: string; key: string };
  let readonly: { id: string; key: string };

  beforeAll(async () => {
    tmp = tempDir('edgesign-dash-');
    const files = path.join(tmp.dir, 'dashboard');
    mkdirSync(files);
    writeFileSync(path.join(files, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(path.join(files, 'app.js'), 'export {};');
    store = openStore(path.join(tmp.dir, 'data'));
    admin = await createApiKey(store, { name: 'admin', role: 'admin' });
    readonly = await createApiKey(store, { name: 'viewer', role: 'readonly' });
    svc = createIngestionServer({ store, port: 0, dashboardDir: files });
    ({ url, port } = await svc.listen());
  });
  afterAll(async () => {
    await svc?.close();
    await store?.close();
    tmp?.cleanup();
  });

  const login = async (apiKey: string) => {
    const res = await fetch(`${url}/dashboard/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey }) });
    const setCookie = res.headers.get('set-cookie') ?? '';
    return { res, setCookie, cookie: setCookie.split(';')[0]!, body: (await res.json().catch(() => null)) as { csrf: string; role: string; name: string } | null };
  };

  it('serves index.html at / and /dashboard/, files by name only, all with a strict CSP', async () => {
    for (const p of ['/', '/dashboard/']) {
      const res = await fetch(url + p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toBe('<!doctype html><title>t</title>');
      expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    const js = await fetch(`${url}/dashboard/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|https?:/);
    // No path from the request reaches the file system.
    for (const p of ['/dashboard/..%2fdata%2fedgesign.db', '/dashboard/../data/edgesign.db', '/dashboard/nope.js']) {
      const res = await fetch(url + p);
      expect(res.status).toBe(404);
    }
    expect((await fetch(`${url}/dashboard/app.js`, { method: 'POST' })).status).toBe(405);
  });

  it('says the dashboard is not built when its folder is empty, and the default folder is the package dist', async () => {
    expect(DEFAULT_DASHBOARD_DIR).toBe(path.join(repoRoot, 'packages', 'server', 'dist', 'dashboard') + path.sep);
    const empty = createIngestionServer({ store, port: 0, dashboardDir: path.join(tmp.dir, 'none') });
    const { url: u } = await empty.listen();
    try {
      const res = await fetch(`${u}/`);
      expect(res.status).toBe(404);
      expect(await res.text()).toMatch(/^E_DASHBOARD_MISSING: .*npm run build/);
    } finally {
      await empty.close();
    }
    const off = createIngestionServer({ store, port: 0, dashboardDir: null });
    const { url: u2 } = await off.listen();
    try {
      expect(await (await fetch(`${u2}/`)).text()).toMatch(/^E_NOT_FOUND/);
    } finally {
      await off.close();
    }
  });

  it('logs in with an API key: an HttpOnly, SameSite=Strict cookie per port, never the secret', async () => {
    const bad = await login('ei_' + '0'.repeat(64));
    expect(bad.res.status).toBe(401);
    expect(bad.setCookie).toBe('');
    const form = await fetch(`${url}/dashboard/session`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `apiKey=${admin.key}` });
    expect(form.status).toBe(415); // a cross-site form post cannot log anyone in
    const { res, setCookie, body } = await login(admin.key);
    expect(res.status).toBe(200);
    expect(setCookie).toMatch(new RegExp(`^edgesign_session_${port}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200$`));
    expect(body).toMatchObject({ keyId: admin.id, name: 'admin', role: 'admin' });
    expect(JSON.stringify(body)).not.toContain(admin.key);
    expect(setCookie).not.toContain(admin.key);
  });

  it('the cookie authenticates the public API only with the session CSRF header; roles still apply', async () => {
    const a = await login(admin.key);
    const noCsrf = await fetch(`${url}/api/keys`, { headers: { cookie: a.cookie } });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.text()).toMatch(/^E_CSRF: /);
    const wrong = await fetch(`${url}/api/keys`, { headers: { cookie: a.cookie, 'x-edgesign-csrf': 'x'.repeat(43) } });
    expect(wrong.status).toBe(403);
    const ok = await fetch(`${url}/api/keys`, { headers: { cookie: a.cookie, 'x-edgesign-csrf': a.body!.csrf } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { apiKeys: unknown[] }).apiKeys.length).toBeGreaterThanOrEqual(2);

    const r = await login(readonly.key);
    const h = { cookie: r.cookie, 'x-edgesign-csrf': r.body!.csrf };
    expect((await fetch(`${url}/api/samples`, { headers: h })).status).toBe(200);
    const refused = await fetch(`${url}/api/keys`, { headers: h });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/^E_FORBIDDEN: /);
    const post = await fetch(`${url}/api/keys`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', role: 'admin' }) });
    expect(post.status).toBe(403);

    // Another port's cookie (or a made-up one) is no session.
    const made = await fetch(`${url}/api/samples`, { headers: { cookie: `edgesign_session_${port}=forged`, 'x-edgesign-csrf': 'forged' } });
    expect(made.status).toBe(401);
    expect(await made.text()).toMatch(/^E_SESSION_EXPIRED: /);
    const other = await fetch(`${url}/api/samples`, { headers: { cookie: `edgesign_session_1=${r.cookie.split('=')[1]}`, 'x-edgesign-csrf': r.body!.csrf } });
    expect(other.status).toBe(401);
    expect(await other.text()).toMatch(/^E_API_KEY_MISSING: /);
  });

  it('revoking the key ends its sessions at once; logout forgets the session and expires the cookie', async () => {
    const victim = await createApiKey(store, { name: 'temp', role: 'admin' });
    const s = await login(victim.key);
    const h = { cookie: s.cookie, 'x-edgesign-csrf': s.body!.csrf };
    expect((await fetch(`${url}/api/keys`, { headers: h })).status).toBe(200);
    await revokeKey(store, victim.id);
    expect((await fetch(`${url}/api/keys`, { headers: h })).status).toBe(401);
    expect((await fetch(`${url}/dashboard/session`, { headers: h })).status).toBe(401);

    const t = await login(admin.key);
    const th = { cookie: t.cookie, 'x-edgesign-csrf': t.body!.csrf };
    const me = await fetch(`${url}/dashboard/session`, { headers: { cookie: t.cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { csrf: string }).csrf).toBe(t.body!.csrf);
    // Logging out needs the CSRF header too (another local page must not log the person out).
    expect((await fetch(`${url}/dashboard/session`, { method: 'DELETE', headers: { cookie: t.cookie } })).status).toBe(403);
    const out = await fetch(`${url}/dashboard/session`, { method: 'DELETE', headers: th });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toBe(`edgesign_session_${port}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    expect((await fetch(`${url}/api/samples`, { headers: th })).status).toBe(401);
    expect((await fetch(`${url}/dashboard/session`, { headers: th })).status).toBe(401);
  });

  it.skipIf(!cliBuilt())('`edgesign serve` serves the prebuilt dashboard from the package, no build step at run time', async () => {
    const served = await startServe(path.join(tmp.dir, 'served'));
    try {
      const page = await fetch(`${served.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      const html = await page.text();
      // Only local files, no inline script or style.
      expect(html).toMatch(/<script type="module" src="\/dashboard\/app\.js"><\/script>/);
      expect(html).not.toMatch(/<script>|<style|style=|https?:\/\//);
      for (const [file, type] of [['app.js', 'text/javascript'], ['app.css', 'text/css'], ['favicon.svg', 'image/svg+xml']] as const) {
        const res = await fetch(`${served.url}/dashboard/${file}`);
        expect(res.status, file).toBe(200);
        expect(res.headers.get('content-type')!.startsWith(type)).toBe(true);
        const body = await res.text();
        if (file !== 'favicon.svg') expect(body.startsWith(`${file.endsWith('.js') ? '//' : '/*'} generated by packages/server/scripts/build-dashboard.mjs`)).toBe(true);
      }
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });
});
