// The dashboard on the Studio port of `edgesign serve` (createPlatform, real servers on loopback, real
// SQLite): the port answers the page's files, its session and the ingestion read/key API it uses by
// forwarding them to the ingestion server, never the data routes; the session cookie (with its CSRF
// header) authenticates the Studio API too, refused in the Studio API's JSON shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApiKey, openStore, type SqliteStore } from '../packages/server/src/service/index.js';
import { createPlatform, type Platform, type PlatformUrls } from '../packages/server/src/platform.js';
import { tempDir } from './helpers/service.js';

describe('dashboard on the Studio port', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: SqliteStore;
  let platform: Platform;
  let urls: PlatformUrls;
  let base: string;
  let admin: string;
  let readonly: string;

  beforeAll(async () => {
    tmp = tempDir('edgesign-dash-studio-');
    const files = path.join(tmp.dir, 'dashboard');
    mkdirSync(files);
    writeFileSync(path.join(files, 'index.html'), '<!doctype html><title>dashboard</title>');
    store = openStore(path.join(tmp.dir, 'data'));
    admin = (await createApiKey(store, { name: 'admin', role: 'admin' })).key;
    readonly = (await createApiKey(store, { name: 'viewer', role: 'readonly' })).key;
    platform = createPlatform({ store, ingestionPort: 0, studioPort: 0, remotePort: 0, dashboardDir: files });
    urls = await platform.listen();
    base = urls.studio!.replace(/\/v1$/, '');
  });
  afterAll(async () => {
    await platform?.close();
    await store?.close();
    tmp?.cleanup();
  });

  const login = async (apiKey: string) => {
    const res = await fetch(`${base}/dashboard/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(new RegExp(`^edgesign_session_${new URL(base).port}=`));
    return { cookie, csrf: ((await res.json()) as { csrf: string }).csrf };
  };

  it('serves the page and forwards the API it uses; never the data routes', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!doctype html><title>dashboard</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${base}/api/samples`, { headers: { 'x-api-key': readonly } })).status).toBe(200);
    expect((await fetch(`${base}/api/keys`, { headers: { 'x-api-key': admin } })).status).toBe(200);
    for (const p of ['/api/training/data', '/api/training/files']) {
      const res = await fetch(base + p, { method: 'POST', headers: { 'x-api-key': admin, 'content-type': 'application/json', 'x-file-name': 'a.json' }, body: '{}' });
      expect(res.status, p).toBe(404);
      expect(((await res.json()) as { success: boolean; code: string }).code).toBe('E_NOT_FOUND');
    }
  });

  it('the session authenticates the Studio API with its CSRF header, with the role of its key', async () => {
    const projects = `${base}/v1/api/projects`;
    const a = await login(admin);
    const noCsrf = await fetch(projects, { headers: { cookie: a.cookie } });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.json()).toMatchObject({ success: false, code: 'E_CSRF' });
    const ok = await fetch(projects, { headers: { cookie: a.cookie, 'x-edgesign-csrf': a.csrf } });
    expect(ok.status).toBe(200);
    const { projects: list } = (await ok.json()) as { projects: Array<{ id: number }> };
    expect(list[0]!.id).toBe(urls.projectId);
    expect((await fetch(`${base}/v1/api/${urls.projectId}/apikeys`, { headers: { cookie: a.cookie, 'x-edgesign-csrf': a.csrf } })).status).toBe(200);

    const r = await login(readonly);
    const keys = await fetch(`${base}/v1/api/${urls.projectId}/apikeys`, { headers: { cookie: r.cookie, 'x-edgesign-csrf': r.csrf } });
    expect(keys.status).toBe(403);
    expect(await keys.json()).toMatchObject({ success: false, code: 'E_FORBIDDEN' });

    // Logged out (through the forwarded session route): the Studio API no longer takes the cookie.
    expect((await fetch(`${base}/dashboard/session`, { method: 'DELETE', headers: { cookie: a.cookie, 'x-edgesign-csrf': a.csrf } })).status).toBe(200);
    const after = await fetch(projects, { headers: { cookie: a.cookie, 'x-edgesign-csrf': a.csrf } });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ success: false, code: 'E_SESSION_EXPIRED' });
    // An x-api-key still wins over any cookie.
    expect((await fetch(projects, { headers: { cookie: a.cookie, 'x-api-key': readonly } })).status).toBe(200);
  });
});
