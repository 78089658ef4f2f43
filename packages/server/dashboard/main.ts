/**
 * The dashboard's entry: who is logged in, the navigation (only the pages the key's role may use),
 * and hash routes (`#/keys`, `#/data`, `#/data/ID`) so every page has an address and the server
 * serves one file. After each page change, focus moves to the page's heading so keyboard and
 * screen-reader users start at the top of what changed.
 * @module
 */
import './app.css';
import { ApiError, whenSessionEnds } from './api.js';
import { charts } from './chart.js';
import { announce, h, replace } from './dom.js';
import { renderDataPage } from './data-page.js';
import { studioProject } from './devices-api.js';
import { renderDevicesPage } from './devices-page.js';
import { renderKeysPage } from './keys-page.js';
import { renderLoginPage } from './login-page.js';
import { renderSamplePage } from './sample-page.js';
import { ROLE_LABELS, canManageKeys, currentSession, logOut, type Session } from './session.js';

interface Page {
  hash: string;
  title: string;
  allowed: (s: Session) => boolean;
}

/** The Studio API's project on this port (null: the ingestion port, which has no devices). */
let project: { id: number; name: string } | null = null;

const PAGES: Page[] = [
  { hash: '#/keys', title: 'Keys', allowed: canManageKeys },
  { hash: '#/devices', title: 'Devices', allowed: () => project !== null },
  { hash: '#/data', title: 'Data acquisition', allowed: () => true },
];

// Read-only access for tests and the console: the uPlot instances on the page (see chart.ts).
Object.defineProperty(window, 'edgesignDashboard', { value: Object.freeze({ charts }) });

let session: Session | null = null;
let rendering = 0;

function el(id: string): HTMLElement {
  return document.getElementById(id)!;
}

function renderChrome(): void {
  const nav = el('nav');
  const who = el('who');
  if (!session) {
    replace(nav);
    replace(who);
    return;
  }
  const s = session;
  const current = location.hash.startsWith('#/data') ? '#/data' : location.hash;
  replace(
    nav,
    h(
      'ul',
      {},
      PAGES.filter((p) => p.allowed(s)).map((p) => h('li', {}, h('a', { href: p.hash, 'aria-current': p.hash === current ? 'page' : null }, p.title))),
    ),
  );
  replace(
    who,
    h('span', { class: 'who-name' }, s.name, h('span', { class: 'sub' }, ROLE_LABELS[s.role] ?? s.role)),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        onclick: async () => {
          await logOut().catch(() => {});
          session = null;
          announce('Logged out');
          location.hash = '';
          await route();
        },
      },
      'Log out',
    ),
  );
}

/** Where a login lands: the Keys page for admins (the seed's page), the data for everyone else. */
function homeFor(s: Session): string {
  return canManageKeys(s) ? '#/keys' : '#/data';
}

/**
 * Renders the page the address names. Renders run one after another: two quick filter changes must
 * not let the slower, older answer overwrite the newer page (each render reads the address when it
 * starts, so the last one shows the last address).
 */
function route(): Promise<void> {
  queue = queue.then(renderRoute, renderRoute);
  return queue;
}
let queue: Promise<void> = Promise.resolve();

async function renderRoute(): Promise<void> {
  const ticket = ++rendering;
  const main = el('main');
  const focusedId = document.activeElement?.id ?? '';
  if (!session) {
    renderChrome();
    document.title = 'Log in · edgesign';
    renderLoginPage(main, async (s) => {
      session = s;
      project = await studioProject().catch(() => null);
      announce(`Logged in as ${s.name}`);
      if (location.hash === homeFor(s)) void route();
      else location.hash = homeFor(s);
    });
    return;
  }
  const s = session;
  const [path, q = ''] = location.hash.split('?');
  const query = new URLSearchParams(q);
  renderChrome();
  try {
    let title: string;
    const sample = /^#\/data\/(\d+)$/.exec(path ?? '');
    if (path === '#/keys' && canManageKeys(s)) {
      await renderKeysPage(main, s, project?.id ?? null);
      title = 'Keys';
    } else if (path === '#/devices' && project) {
      await renderDevicesPage(main, s, project.id);
      title = 'Devices';
    } else if (path === '#/data') {
      await renderDataPage(main, s, query);
      title = 'Data acquisition';
    } else if (sample) {
      await renderSamplePage(main, s, Number(sample[1]));
      title = `Sample ${sample[1]}`;
    } else {
      location.replace(homeFor(s));
      return;
    }
    if (ticket !== rendering) return;
    document.title = `${title} · edgesign`;
    // Keep focus on a control that survived the re-render (a filter), else start at the heading.
    const again = focusedId ? document.getElementById(focusedId) : null;
    if (again && main.contains(again)) again.focus();
    else focusHeading(main);
  } catch (e) {
    if (ticket !== rendering) return;
    if (e instanceof ApiError && e.status === 401) return; // whenSessionEnds shows the login page
    replace(main, h('h1', {}, 'Something went wrong'), h('p', { class: 'form-error', role: 'alert' }, e instanceof ApiError ? `${e.code}: ${e.message}` : String(e)));
    focusHeading(main);
  }
}

function focusHeading(main: HTMLElement): void {
  const h1 = main.querySelector('h1');
  if (!h1) return;
  h1.tabIndex = -1;
  h1.focus();
}

async function start(): Promise<void> {
  el('skip-link').addEventListener('click', (e) => {
    // The link's #main would change the route: move focus instead.
    e.preventDefault();
    el('main').focus();
  });
  whenSessionEnds(() => {
    session = null;
    announce('Your session has ended; log in again.');
    void route();
  });
  window.addEventListener('hashchange', () => void route());
  try {
    session = await currentSession();
    if (session) project = await studioProject();
  } catch (e) {
    replace(el('main'), h('h1', {}, 'The service did not answer'), h('p', { role: 'alert' }, e instanceof Error ? e.message : String(e)));
    return;
  }
  await route();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
else void start();
