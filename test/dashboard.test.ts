// The dashboard in a real browser: Debian's Chromium (headless, driven by playwright-core, no
// downloaded browsers) against a real `edgesign serve` platform (ingestion, Studio API, remote
// management) on a real SQLite file, the dashboard on the Studio port as `serve` runs it, built from
// its sources by packages/server/scripts/build-dashboard.mjs. A simulated device (the one `edgesign
// simulate --remote` runs) connects over remote management's WebSocket for "Collect sample". Everything is done
// through the page as a person would (labels, roles, buttons); what the page claims is checked
// independently over HTTP with x-api-key, and the plotted values against the values the test signed
// with node:crypto (the reference signer). Screenshots of every page at desktop and phone width go to
// test-output/dashboard/ (git-ignored). Without Chromium the suite skips loudly; under CI=true it fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApiKey, createHmacKey, openStore, type SqliteStore } from '../packages/server/src/service/index.js';
import { createPlatform, type Platform, type PlatformUrls } from '../packages/server/src/platform.js';
import { connectSimulatedDevice, type SimulatedDevice } from '../packages/server/src/remote-management/simulated-device.js';
import { inCI, repoRoot } from './helpers/shared.js';
import { tempDir } from './helpers/service.js';
import { referenceSignCbor, referenceSignJson } from './helpers/reference-signer.js';
import { decode as cborDecode } from 'cbor-x';

const CHROMIUM = process.env['EDGESIGN_CHROMIUM'] ?? '/usr/bin/chromium';
const SHOTS = path.join(repoRoot, 'test-output', 'dashboard');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

function haveChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const msg = `Chromium not found at ${CHROMIUM} (install: apt-get install -y chromium)`;
  if (inCI) throw new Error(`${msg}; CI=true requires it`);
  console.warn(`\n*** SKIPPING dashboard browser test: ${msg} ***\n`);
  return false;
}

/** A 3-axis signal worth looking at: 120 rows, 10 ms apart, values with 3 decimals. */
function signal(rows: number, phase: number): number[][] {
  const r3 = (x: number) => Math.round(x * 1000) / 1000 || 0; // no -0: JSON writes it as 0
  return Array.from({ length: rows }, (_, i) => [r3(9.81 * Math.sin(i / 8 + phase)), r3(2 * Math.cos(i / 5)), r3((i % 30) / 10 - 1.5)]);
}

function message(o: { device: string; values: number[][]; alg?: 'HS256' | 'none'; iat?: number }) {
  return {
    protected: { ver: 'v1', alg: o.alg ?? 'HS256', iat: o.iat ?? 1764687600 },
    signature: '0'.repeat(64),
    payload: {
      device_name: o.device,
      device_type: 'EDGESIGN_DASH',
      interval_ms: 10,
      sensors: [
        { name: 'accX', units: 'm/s2' },
        { name: 'accY', units: 'm/s2' },
        { name: 'accZ', units: 'm/s2' },
      ],
      values: o.values,
    },
  };
}

describe.skipIf(!haveChromium())('dashboard in headless Chromium', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: SqliteStore;
  let platform: Platform;
  let urls: PlatformUrls;
  let base: string;
  let browser: Browser;
  let adminKey: string;
  const hmac = { id: '', key: '' };
  /** Samples posted in beforeAll: what was signed, and the id the service gave it. */
  const posted: Record<string, { id: number; values: number[][]; body: Uint8Array; iat: number }> = {};
  /** `ei_…` secrets created through the dialog, by role. */
  const created: Record<string, string> = {};
  const consoleErrors: string[] = [];

  const api = async (p: string, key: string, init: RequestInit = {}) => fetch(base + p, { ...init, headers: { 'x-api-key': key, ...(init.headers as Record<string, string>) } });

  async function newPage(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    // Refusals the tests provoke (400, 401, 403, and 404 for the Studio API on the ingestion port) are logged by Chromium as failed loads: those are
    // checked where they happen; any other console error (a CSP violation, a script error) is not.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 40[0134]/.test(m.text())) consoleErrors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !/\/api\/|\/dashboard\/session$/.test(r.url())) consoleErrors.push(`${r.status()} ${r.url()}`);
    });
    return { context, page };
  }

  async function logIn(page: Page, key: string): Promise<void> {
    await page.goto(`${base}/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
  }

  /** Desktop and phone screenshots; a modal dialog is shot as the screen shows it (not the full page). */
  async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
    for (const [tag, vp] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      await page.setViewportSize(vp);
      await page.waitForTimeout(150); // the chart redraws at the new width on resize
      await page.screenshot({ path: path.join(SHOTS, `${name}-${tag}.png`), fullPage });
    }
    await page.setViewportSize(DESKTOP);
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tmp = tempDir('edgesign-dashboard-');
    const { buildDashboard } = (await import(path.join(repoRoot, 'packages/server/scripts/build-dashboard.mjs'))) as {
      buildDashboard: (o: { outdir: string }) => Promise<{ outdir: string; files: Record<string, number> }>;
    };
    const built = await buildDashboard({ outdir: path.join(tmp.dir, 'dashboard') });
    console.log(`dashboard build: ${JSON.stringify(built.files)}`);
    store = openStore(path.join(tmp.dir, 'data'));
    adminKey = (await createApiKey(store, { name: 'owner', role: 'admin' })).key;
    Object.assign(hmac, await createHmacKey(store, { name: 'sensors' })); // not the development key: the warning shows
    platform = createPlatform({ store, ingestionPort: 0, studioPort: 0, remotePort: 0, signaturePolicy: 'flag', dashboardDir: built.outdir });
    urls = await platform.listen();
    base = urls.studio!.replace(/\/v1$/, ''); // the dashboard's port: the Studio API's

    const upload = async (name: string, category: string, body: Uint8Array, contentType: string, values: number[][], iat: number) => {
      const res = await fetch(`${urls.ingestion}/api/${category}/data`, {
        method: 'POST',
        body: body as Uint8Array<ArrayBuffer>,
        headers: { 'x-api-key': adminKey, 'content-type': contentType, 'x-file-name': name },
      });
      expect(res.status, await res.clone().text()).toBe(200);
      const list = (await (await api('/api/samples?limit=1', adminKey)).json()) as { samples: Array<{ id: number }> };
      posted[name] = { id: list.samples[0]!.id, values, body, iat };
    };
    const walk = signal(120, 0);
    const idle = signal(80, 1.3).map((r) => r.map((v) => Math.round(v * 100) / 1000));
    const forged = signal(60, 2.1);
    const unsigned = signal(40, 0.4);
    await upload('walk.01.json', 'training', referenceSignJson(message({ device: 'dev-a', values: walk, iat: 1764687600 }), hmac.key), 'application/json', walk, 1764687600);
    await upload('idle.02.cbor', 'testing', referenceSignCbor(message({ device: 'dev-b', values: idle, iat: 1764687700 }), hmac.key), 'application/cbor', idle, 1764687700);
    await upload('forged.03.json', 'training', referenceSignJson(message({ device: 'dev-c', values: forged, iat: 1764687800 }), '0123456789abcdef0123456789abcdef'), 'application/json', forged, 1764687800);
    await upload('plain.04.json', 'anomaly', new TextEncoder().encode(JSON.stringify(message({ device: 'dev-d', values: unsigned, alg: 'none', iat: 1764687900 }))), 'application/json', unsigned, 1764687900);

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await store?.close();
    tmp?.cleanup();
  });

  it('logs in with an API key (a wrong one is refused on the page), session in an HttpOnly cookie, logs out', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto(`${base}/`);
      await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      await shoot(page, 'login');
      await page.getByLabel('API key').fill('ei_' + 'f'.repeat(64));
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^E_API_KEY_INVALID: /);

      await logIn(page, adminKey);
      await page.getByRole('heading', { level: 1, name: 'Keys' }).waitFor();
      expect(page.url()).toBe(`${base}/#/keys`);
      await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Keys', 'Devices', 'Data acquisition']);

      const cookies = await context.cookies();
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(cookies[0]!.name).toMatch(/^edgesign_session_\d+$/);
      // Nothing about the session is reachable from script or stored in the browser's storage.
      expect(await page.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length])).toEqual(['', 0, 0]);
      expect(await page.content()).not.toContain(adminKey);

      // A reload keeps the session (the cookie), then logging out ends it on the server too.
      const sessionCookie = `${cookies[0]!.name}=${cookies[0]!.value}`;
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Keys' }).waitFor();
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      expect(await context.cookies()).toHaveLength(0);
      const after = await fetch(`${base}/dashboard/session`, { headers: { cookie: sessionCookie } });
      expect(after.status).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('creates an API key with each role through the dialog: listed with its role, the secret shown once', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, adminKey);
      const labels = { admin: 'Admin (full access)', ingestion_deployment: 'Ingestion + deployment', ingestiononly: 'Ingestion', readonly: 'Read-only' } as const;
      for (const [role, label] of Object.entries(labels)) {
        await page.getByRole('button', { name: '+ Add new API key' }).click();
        const dialog = page.getByRole('dialog', { name: 'Add new API key' });
        await dialog.waitFor();
        expect(await dialog.getByLabel('Role').locator('option').allTextContents()).toEqual(Object.values(labels));
        await dialog.getByLabel('Name').fill(`ui-${role}`);
        await dialog.getByLabel('Role').selectOption({ label });
        if (role === 'ingestiononly') await dialog.getByLabel('Set as development key').check();
        await dialog.getByRole('button', { name: 'Create API key' }).click();
        const done = page.getByRole('dialog', { name: 'API key created' });
        await done.waitFor();
        const secret = await done.getByLabel('API key').inputValue();
        expect(secret).toMatch(/^ei_[0-9a-f]{64}$/);
        created[role] = secret;
        if (role === 'admin') {
          await done.getByRole('button', { name: 'Copy' }).click();
          await expect.poll(() => done.getByRole('status').textContent()).toMatch(/^(Copied|Selected: press Ctrl\+C to copy)$/);
          await shoot(page, 'keys-api-key-created', false);
        }
        await done.getByRole('button', { name: 'Done' }).click();
        const row = page.locator('#api-keys-table tbody tr', { hasText: `ui-${role}` });
        await row.waitFor();
        expect(await row.locator('td').first().textContent()).toBe(label);
        expect(await page.content()).not.toContain(secret);
      }
      // Shown once: after a reload no secret is anywhere in the page.
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'API Keys' }).waitFor();
      const html = await page.content();
      for (const secret of Object.values(created)) expect(html).not.toContain(secret);
      expect(await page.locator('#api-keys-table tbody tr', { hasText: 'ui-ingestiononly' }).getByText('Development key', { exact: true }).count()).toBe(1);

      // Independently, over HTTP: each secret works with exactly its role's rights.
      const listed = (await (await api('/api/keys', adminKey)).json()) as { apiKeys: Array<{ name: string; role: string; isDevelopmentKey: boolean }> };
      for (const role of Object.keys(labels)) expect(listed.apiKeys.find((k) => k.name === `ui-${role}`)).toMatchObject({ role, isDevelopmentKey: role === 'ingestiononly' });
      expect((await api('/api/keys', created['admin']!)).status).toBe(200);
      expect((await api('/api/keys', created['readonly']!)).status).toBe(403);
      expect((await api('/api/samples', created['readonly']!)).status).toBe(200);
      // (on the ingestion port: the Studio port never takes data)
      const ingest = await fetch(`${urls.ingestion}/api/training/data`, { headers: { 'x-api-key': created['readonly']! }, method: 'POST', body: '{}' });
      expect(ingest.status).toBe(403);
      const onStudioPort = await api('/api/training/data', created['admin']!, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'x-file-name': 'x.json' } });
      expect(onStudioPort.status).toBe(404);

      // On the Studio port the table also says when each key was last used and when it expires.
      const cellsOf = (name: string) => page.locator('#api-keys-table tbody tr', { hasText: name }).locator('td').allTextContents();
      await expect
        .poll(async () => {
          await page.reload();
          await page.locator('#api-keys-table').waitFor();
          return (await cellsOf('ui-admin'))[3];
        })
        .toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(await page.locator('#api-keys-table thead th').allTextContents()).toEqual(['Name', 'Role', 'Development key', 'Created', 'Last used', 'Expires', 'Actions']);
      expect((await cellsOf('ui-ingestion_deployment')).slice(3, 5)).toEqual(['never', 'never']);
    } finally {
      await context.close();
    }
  });

  it('shows the development key warning until both development keys are set; adds, sets and revokes HMAC keys', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, adminKey);
      const warning = page.locator('#dev-key-warning-box');
      // The previous test made the Ingestion key the development API key; the HMAC one is missing.
      await expect.poll(() => warning.getByRole('heading').textContent()).toBe("You don't have a development HMAC key set.");
      await shoot(page, 'keys');

      // Keyboard: the add button opens its dialog with focus in Name; Escape closes it and focus returns.
      const addHmac = page.getByRole('button', { name: '+ Add new HMAC key' });
      await addHmac.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Add new HMAC key' });
      await dialog.waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('hmac-key-name');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('+ Add new HMAC key');

      // A pasted key, typed and submitted from the keyboard (Enter in the field submits the form).
      const pasted = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
      await addHmac.click();
      await dialog.getByLabel('Name').fill('pasted');
      await dialog.getByLabel('Use an existing key').check();
      await dialog.getByLabel('HMAC key', { exact: true }).fill(pasted);
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      await page.locator('#hmac-keys-table tbody tr', { hasText: 'pasted' }).getByText(pasted).waitFor();

      // A bad pasted key: the service's refusal is shown in the dialog.
      await addHmac.click();
      await dialog.getByLabel('Name').fill('broken');
      await dialog.getByLabel('Use an existing key').check();
      await dialog.getByLabel('HMAC key', { exact: true }).evaluate((el: HTMLInputElement) => el.removeAttribute('pattern'));
      await dialog.getByLabel('HMAC key', { exact: true }).fill('not-hex');
      await dialog.getByRole('button', { name: 'Add HMAC key' }).click();
      await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/^E_KEY_FORMAT: /);
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      // A generated development key: the warning goes away.
      await addHmac.click();
      await dialog.getByLabel('Name').fill('generated');
      await dialog.getByLabel('Set as development key').check();
      await dialog.getByRole('button', { name: 'Add HMAC key' }).click();
      await dialog.waitFor({ state: 'detached' });
      const generatedRow = page.locator('#hmac-keys-table tbody tr', { hasText: 'generated' });
      await generatedRow.getByText('Development key', { exact: true }).waitFor();
      await expect.poll(() => warning.count()).toBe(0);
      const generatedKey = await generatedRow.locator('code').textContent();
      expect(generatedKey).toMatch(/^[0-9a-f]{32}$/);

      // Set as development key moves the flag; the API agrees.
      await page.getByRole('button', { name: 'Set HMAC key pasted as development key' }).click();
      await page.locator('#hmac-keys-table tbody tr', { hasText: 'pasted' }).getByText('Development key', { exact: true }).waitFor();
      expect(await generatedRow.getByText('Development key', { exact: true }).count()).toBe(0);
      const dev = (await (await api('/api/devkeys', adminKey)).json()) as { hmacKey: string };
      expect(dev.hmacKey).toBe(pasted);

      // Revoke asks first: Cancel keeps the key, confirming revokes it (and the API no longer lists it).
      await page.getByRole('button', { name: 'Revoke HMAC key generated' }).click();
      const confirm = page.getByRole('dialog', { name: 'Revoke HMAC key “generated”?' });
      await confirm.waitFor();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      expect(await generatedRow.count()).toBe(1);
      await page.getByRole('button', { name: 'Revoke HMAC key generated' }).click();
      await confirm.getByRole('button', { name: 'Revoke HMAC key' }).click();
      await generatedRow.waitFor({ state: 'detached' });
      const hk = (await (await api('/api/hmackeys', adminKey)).json()) as { hmacKeys: Array<{ name: string }> };
      expect(hk.hmacKeys.map((k) => k.name).sort()).toEqual(['pasted', 'sensors']);

      // Revoking the development API key brings the warning back, naming the API key.
      await page.getByRole('button', { name: 'Revoke API key ui-ingestiononly' }).click();
      await page.getByRole('dialog', { name: 'Revoke API key “ui-ingestiononly”?' }).getByRole('button', { name: 'Revoke API key' }).click();
      await expect.poll(() => warning.getByRole('heading').textContent()).toBe("You don't have a development API key set.");
      expect((await api('/api/samples', created['ingestiononly']!)).status).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('a read-only key sees data but is offered no key management, and the API refuses it anyway', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, created['readonly']!);
      await page.getByRole('heading', { level: 1, name: 'Data acquisition' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Devices', 'Data acquisition']);
      await page.goto(`${base}/#/keys`);
      await page.waitForURL(`${base}/#/data`);
      await page.getByRole('heading', { level: 1, name: 'Data acquisition' }).waitFor();
      expect(await page.getByRole('button', { name: '+ Add new API key' }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'API Keys' }).count()).toBe(0);
      // The page's own session, asked directly for what it does not offer:
      const statuses = await page.evaluate(async () => {
        const { csrf } = (await (await fetch('/dashboard/session')).json()) as { csrf: string };
        const h = { 'x-edgesign-csrf': csrf, 'content-type': 'application/json' };
        const list = await fetch('/api/keys', { headers: h });
        const make = await fetch('/api/keys', { method: 'POST', headers: h, body: JSON.stringify({ name: 'x', role: 'admin' }) });
        return [list.status, (await list.text()).split(':')[0], make.status];
      });
      expect(statuses).toEqual([403, 'E_FORBIDDEN', 403]);
      await shoot(page, 'data-readonly');
    } finally {
      await context.close();
    }
  });

  it('lists samples newest first with their signature status and key, and filters them', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, adminKey);
      await page.getByRole('link', { name: 'Data acquisition' }).click();
      const rows = page.locator('#samples-table tbody tr');
      await rows.first().waitFor();
      expect(await rows.locator('th').allTextContents()).toEqual(['plain.04.json', 'forged.03.json', 'idle.02.cbor', 'walk.01.json']);
      const cells = async (name: string) => page.locator('#samples-table tbody tr', { hasText: name }).locator('td').allTextContents();
      const walk = await cells('walk.01.json');
      expect(walk.slice(0, 3)).toEqual(['training', 'walk', 'dev-aEDGESIGN_DASH']);
      expect(walk[3]).toBe(`validsensors (${hmac.id})`);
      expect(walk[5]).toBe(`${posted['walk.01.json']!.body.length} B`.replace(/^(\d{4,}) B$/, (_, n: string) => `${(Number(n) / 1024).toFixed(1)} KiB`));
      expect((await cells('idle.02.cbor'))[3]).toBe(`validsensors (${hmac.id})`);
      expect((await cells('forged.03.json'))[3]).toBe('invalid');
      expect((await cells('plain.04.json'))[3]).toBe('unsigned');
      await shoot(page, 'data');

      await page.getByLabel('Signature').focus();
      await page.getByLabel('Signature').selectOption('invalid');
      await page.waitForURL(/signature=invalid/);
      await expect.poll(() => rows.locator('th').allTextContents()).toEqual(['forged.03.json']);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-signature');
      await page.getByLabel('Signature').selectOption('');
      await page.getByLabel('Category').selectOption('training');
      await expect.poll(() => rows.locator('th').allTextContents()).toEqual(['forged.03.json', 'walk.01.json']);
      await page.getByLabel('Signature').selectOption('valid');
      await expect.poll(() => rows.locator('th').allTextContents()).toEqual(['walk.01.json']);
      expect(page.url()).toBe(`${base}/#/data?category=training&signature=valid`);
    } finally {
      await context.close();
    }
  });

  it("plots a sample's signed values per sensor against time, shows its header, downloads its raw bytes", async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, adminKey);
      for (const name of ['walk.01.json', 'idle.02.cbor'] as const) {
        const s = posted[name]!;
        await page.goto(`${base}/#/data/${s.id}`);
        await page.getByRole('heading', { level: 1, name }).waitFor();
        await page.locator('#sample-chart canvas').waitFor();
        // uPlot's own data, read from the page: time in ms (10 ms apart), then one series per sensor.
        const drawn = (await page.evaluate(() => {
          const { charts } = (window as unknown as { edgesignDashboard: { charts: Array<{ data: number[][]; series: Array<{ label: string }> }> } }).edgesignDashboard;
          return { data: charts[0]!.data.map((a) => Array.from(a)), labels: charts[0]!.series.map((x) => x.label) };
        })) as { data: number[][]; labels: string[] };
        expect(drawn.labels).toEqual(['time (ms)', 'accX (m/s2)', 'accY (m/s2)', 'accZ (m/s2)']);
        // The values as signed, read back from the bytes by independent decoders (CBOR floats may be
        // float32: the signed value is what counts, not the decimal the test started from).
        const signed = (name.endsWith('.cbor') ? cborDecode(Buffer.from(s.body)) : JSON.parse(Buffer.from(s.body).toString('utf8'))).payload.values as number[][];
        expect(signed).toHaveLength(s.values.length);
        expect(drawn.data[0]).toEqual(signed.map((_, i) => i * 10));
        for (let j = 0; j < 3; j++) expect(drawn.data[j + 1]).toEqual(signed.map((r) => r[j]));
        expect(await page.locator('dd').filter({ hasText: /^valid/ }).textContent()).toBe(`validsensors (${hmac.id})`);
        expect(JSON.parse((await page.locator('#protected-header').textContent())!)).toEqual({ ver: 'v1', alg: 'HS256', iat: s.iat });

        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download raw bytes' }).click()]);
        expect(download.suggestedFilename()).toBe(name);
        const saved = readFileSync((await download.path())!);
        expect(Buffer.compare(saved, Buffer.from(s.body))).toBe(0);
        if (name === 'walk.01.json') await shoot(page, 'sample');
      }
    } finally {
      await context.close();
    }
  });

  it('an invalid sample stored under the flag policy shows as invalid, with why, and its values marked unauthenticated', async () => {
    const { context, page } = await newPage();
    try {
      await logIn(page, adminKey);
      await page.goto(`${base}/#/data/${posted['forged.03.json']!.id}`);
      await page.getByRole('heading', { level: 1, name: 'forged.03.json' }).waitFor();
      expect(await page.locator('dd .sig').textContent()).toBe('invalidE_SIG_MISMATCH');
      await page.getByText('Not authenticated: the signature is invalid, so anyone could have written these values.').waitFor();
      await page.locator('#sample-chart canvas').waitFor();
      await shoot(page, 'sample-invalid');
      await page.goto(`${base}/#/data/${posted['plain.04.json']!.id}`);
      await page.getByRole('heading', { level: 1, name: 'plain.04.json' }).waitFor();
      expect(await page.locator('dd .sig').textContent()).toBe('unsignedE_ALG_NONE');
      expect(JSON.parse((await page.locator('#protected-header').textContent())!)).toEqual({ ver: 'v1', alg: 'none', iat: 1764687900 });
    } finally {
      await context.close();
    }
  });

  it('Devices: connected or not, last seen, sensors; "Collect sample" makes a device record, sign and upload, and the sample plots its signed values', async () => {
    // The development HMAC key the device will be handed is the one the HMAC test set ("pasted").
    const devKeys = (await (await api('/api/devkeys', adminKey)).json()) as { hmacKey: string | null };
    expect(devKeys.hmacKey).toBe('a1b2c3d4e5f60718293a4b5c6d7e8f90');
    const projectId = urls.projectId!;
    const offline = await fetch(`${urls.studio}/api/${projectId}/devices/create`, {
      method: 'POST',
      headers: { 'x-api-key': adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'offline-01', deviceType: 'BENCH_BOARD', ifNotExists: true }),
    });
    expect(offline.status).toBe(200);
    const ingestKey = (await createApiKey(store, { name: 'device', role: 'ingestiononly' })).key;
    const device: SimulatedDevice = connectSimulatedDevice({ url: urls.remoteManagement!, ingestionUrl: urls.ingestion, apiKey: ingestKey, deviceId: 'sim-01', deviceType: 'SIM_BOARD', realTime: false });
    const { context, page } = await newPage();
    try {
      await device.ready;
      await logIn(page, adminKey);
      await page.getByRole('link', { name: 'Devices' }).click();
      await page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor();
      const row = (id: string) => page.locator('#devices-table tbody tr', { hasText: id });
      // "connected", then the receiver holding it: this one's remote management host and port.
      expect(await row('sim-01').locator('td').allTextContents()).toEqual(['SIM_BOARD', `connectedon ${new URL(urls.remoteManagement!).host}`, expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), 'Accelerometer at 62.5 / 100 Hz, up to 300 s']);
      expect((await row('offline-01').locator('td').allTextContents()).slice(0, 2)).toEqual(['BENCH_BOARD', 'not connected']);
      expect(await page.getByLabel('Device', { exact: true }).locator('option').allTextContents()).toEqual(['sim-01']);
      await shoot(page, 'devices');

      await page.getByLabel('Label').fill('wave');
      await page.getByLabel('Sample length (ms)').fill('500');
      await page.getByLabel('Sensor').selectOption('Accelerometer');
      await page.getByLabel('Frequency').selectOption({ label: '100 Hz' });
      await page.getByLabel('Category').selectOption('testing');
      await page.getByRole('button', { name: 'Start sampling' }).click();
      const stored = page.locator('#collect-status[data-state="finished"] a');
      await stored.waitFor({ timeout: 30_000 });
      const fileName = (await stored.textContent())!;
      expect(fileName).toMatch(/^wave\./);
      expect(device.uploads).toEqual([fileName]);
      await shoot(page, 'devices-sampled');

      await stored.click();
      await page.getByRole('heading', { level: 1, name: fileName }).waitFor();
      await page.locator('#sample-chart canvas').waitFor();
      const id = Number(/#\/data\/(\d+)$/.exec(page.url())![1]);
      const listed = (await (await api(`/api/samples/${id}`, adminKey)).json()) as { sample: { category: string; label: string; deviceName: string; signature: string; hmacKeyId: string } };
      expect(listed.sample).toMatchObject({ category: 'testing', label: 'wave', deviceName: 'sim-01', signature: 'valid' });
      expect(await page.locator('dd .sig').textContent()).toBe(`validpasted (${listed.sample.hmacKeyId})`);
      // The plot is the values the device signed, decoded from the stored bytes by independent decoders.
      const raw = Buffer.from(await (await api(`/api/samples/${id}/raw`, adminKey)).arrayBuffer());
      const msg = (raw[0] === 0x7b ? JSON.parse(raw.toString('utf8')) : cborDecode(raw)) as { payload: { interval_ms: number; values: number[][] } };
      expect(msg.payload.values.length).toBe(50); // 500 ms at 100 Hz
      const drawn = (await page.evaluate(() => {
        const { charts } = (window as unknown as { edgesignDashboard: { charts: Array<{ data: number[][] }> } }).edgesignDashboard;
        return charts[0]!.data.map((a) => Array.from(a));
      })) as number[][];
      expect(drawn[0]).toEqual(msg.payload.values.map((_, i) => i * msg.payload.interval_ms));
      for (let j = 0; j < 3; j++) expect(drawn[j + 1]).toEqual(msg.payload.values.map((r) => r[j]));
    } finally {
      await context.close();
      await device.close();
    }

    // Read-only: sees the devices, is offered no "Collect sample", and the Studio API refuses it anyway.
    const ro = await newPage();
    try {
      await logIn(ro.page, created['readonly']!);
      await ro.page.getByRole('link', { name: 'Devices' }).click();
      await ro.page.locator('#devices-table tbody tr', { hasText: 'offline-01' }).waitFor();
      expect(await ro.page.getByRole('heading', { name: 'Collect sample' }).count()).toBe(0);
      const refused = await ro.page.evaluate(async (pid) => {
        const { csrf } = (await (await fetch('/dashboard/session')).json()) as { csrf: string };
        const r = await fetch(`/v1/api/${pid}/device/sim-01/start-sampling`, {
          method: 'POST',
          headers: { 'x-edgesign-csrf': csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ label: 'x', lengthMs: 100, intervalMs: 10, category: 'training' }),
        });
        return [r.status, ((await r.json()) as { code: string }).code];
      }, projectId);
      expect(refused).toEqual([403, 'E_FORBIDDEN']);
    } finally {
      await ro.context.close();
    }
  });

  it('ran without a CSP violation, a script error or a failed request', () => {
    expect(consoleErrors).toEqual([]);
  });
});
