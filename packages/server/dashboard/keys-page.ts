/**
 * The Keys page: the seed's two sections, "API Keys" and "HMAC Keys", for admin keys (the only role
 * the service lets manage keys). Every change goes through the admin API and the page reloads its
 * lists from it afterwards, so what it shows is what the service holds.
 * @module
 */
import { addApiKeyDialog } from './api-key-dialog.js';
import { confirmDialog } from './dialog.js';
import { announce, h, replace, time, type Child } from './dom.js';
import { errorBox, showError } from './form-error.js';
import { addHmacKeyDialog } from './hmac-key-dialog.js';
import { apiKeyUsage, listApiKeys, listHmacKeys, revokeApiKey, revokeHmacKey, setDevHmacKey, type ApiKey, type HmacKey } from './keys-api.js';
import { ROLE_LABELS, type Session } from './session.js';

export async function renderKeysPage(main: HTMLElement, session: Session, projectId: number | null): Promise<void> {
  const [listed, hmacKeys, usage] = await Promise.all([listApiKeys(), listHmacKeys(), projectId === null ? null : apiKeyUsage(projectId)]);
  const apiKeys = usage ? listed.map((k) => ({ ...k, lastUsed: usage.get(k.id)?.lastUsed ?? null, expires: usage.get(k.id)?.expires ?? null })) : listed;
  const reload = () => void renderKeysPage(main, session, projectId).catch((e: unknown) => showError(pageError, e));
  const pageError = errorBox();
  replace(
    main,
    h('h1', {}, 'Keys'),
    h(
      'p',
      { class: 'lead' },
      'The credentials of this project: API keys authenticate tools and devices to the service, HMAC keys are what devices sign their data with.',
    ),
    devKeyWarning(apiKeys, hmacKeys),
    pageError,
    apiKeySection(apiKeys, session, reload, pageError),
    hmacKeySection(hmacKeys, reload, pageError),
  );
}

/** The seed's warning when a development key is missing, and what to do about it. */
function devKeyWarning(apiKeys: ApiKey[], hmacKeys: HmacKey[]): Child {
  const noApi = !apiKeys.some((k) => k.isDevelopmentKey);
  const noHmac = !hmacKeys.some((k) => k.isDevelopmentKey);
  if (!noApi && !noHmac) return null;
  const title = noApi && noHmac ? "You don't have any development keys set." : noApi ? "You don't have a development API key set." : "You don't have a development HMAC key set.";
  const steps: Child[] = [];
  if (noApi) steps.push(h('li', {}, 'Add an API key (role Ingestion is enough for devices) with “Set as development key” checked; an existing API key cannot become the development key, because its secret is not kept.'));
  if (noHmac) {
    steps.push(
      h('li', {}, hmacKeys.length > 0 ? 'Choose “Set as development key” next to one of the HMAC keys below, or add a new one with “Set as development key” checked.' : 'Add an HMAC key with “Set as development key” checked.'),
    );
  }
  return h(
    'section',
    { class: 'notice warning', 'aria-labelledby': 'dev-key-warning', id: 'dev-key-warning-box' },
    h('h2', { id: 'dev-key-warning', class: 'notice-title' }, title),
    h('p', {}, 'Edge Impulse tools, remote management and ', h('code', {}, 'edgesign simulate'), ' use the development keys to connect and sign. To set them:'),
    h('ul', {}, steps),
  );
}

function apiKeySection(keys: ApiKey[], session: Session, reload: () => void, pageError: HTMLElement): HTMLElement {
  const showLastUsed = keys.some((k) => k.lastUsed !== undefined);
  const showExpires = keys.some((k) => k.expires !== undefined);
  const rows = keys.map((k) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row', 'data-label': 'Name' }, k.name, k.id === session.keyId ? h('span', { class: 'sub' }, 'you are logged in with this key') : null),
      h('td', { 'data-label': 'Role' }, ROLE_LABELS[k.role] ?? k.role),
      h('td', { 'data-label': 'Development key' }, k.isDevelopmentKey ? h('span', { class: 'badge dev' }, 'Development key') : '—'),
      h('td', { 'data-label': 'Created' }, time(k.created)),
      showLastUsed && h('td', { 'data-label': 'Last used' }, k.lastUsed ? time(k.lastUsed) : 'never'),
      showExpires && h('td', { 'data-label': 'Expires' }, k.expires ? time(k.expires) : 'never'),
      h(
        'td',
        { class: 'row-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'danger small',
            'aria-label': `Revoke API key ${k.name}`,
            onclick: async () => {
              const ok = await confirmDialog(
                `Revoke API key “${k.name}”?`,
                k.id === session.keyId
                  ? 'You are logged in with this key: revoking it logs you out, and tools and devices using it will be refused. This cannot be undone.'
                  : 'Tools and devices using this key will be refused from now on. This cannot be undone.',
                'Revoke API key',
              );
              if (!ok) return;
              try {
                await revokeApiKey(k.id);
                announce(`API key ${k.name} revoked`);
                reload();
              } catch (e) {
                showError(pageError, e);
              }
            },
          },
          'Revoke',
        ),
      ),
    ),
  );
  return h(
    'section',
    { 'aria-labelledby': 'api-keys-heading', class: 'card' },
    h(
      'div',
      { class: 'section-head' },
      h('h2', { id: 'api-keys-heading' }, 'API Keys'),
      h('button', { type: 'button', onclick: () => addApiKeyDialog(reload) }, '+ Add new API key'),
    ),
    keys.length === 0
      ? h('p', { class: 'empty' }, 'No API keys.')
      : h(
          'table',
          { class: 'list', id: 'api-keys-table' },
          h('caption', { class: 'visually-hidden' }, 'API keys'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Name'),
              h('th', { scope: 'col' }, 'Role'),
              h('th', { scope: 'col' }, 'Development key'),
              h('th', { scope: 'col' }, 'Created'),
              showLastUsed && h('th', { scope: 'col' }, 'Last used'),
              showExpires && h('th', { scope: 'col' }, 'Expires'),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
            ),
          ),
          h('tbody', {}, rows),
        ),
  );
}

function hmacKeySection(keys: HmacKey[], reload: () => void, pageError: HTMLElement): HTMLElement {
  const act = (run: () => Promise<unknown>, done: string) => async () => {
    try {
      await run();
      announce(done);
      reload();
    } catch (e) {
      showError(pageError, e);
    }
  };
  const rows = keys.map((k) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row', 'data-label': 'Name' }, k.name),
      h('td', { 'data-label': 'Key' }, h('code', { class: 'secret' }, k.key)),
      h('td', { 'data-label': 'Development key' }, k.isDevelopmentKey ? h('span', { class: 'badge dev' }, 'Development key') : '—'),
      h('td', { 'data-label': 'Created' }, time(k.created)),
      h(
        'td',
        { class: 'row-actions' },
        !k.isDevelopmentKey &&
          h(
            'button',
            { type: 'button', class: 'secondary small', 'aria-label': `Set HMAC key ${k.name} as development key`, onclick: act(() => setDevHmacKey(k.id), `${k.name} is now the development HMAC key`) },
            'Set as development key',
          ),
        h(
          'button',
          {
            type: 'button',
            class: 'danger small',
            'aria-label': `Revoke HMAC key ${k.name}`,
            onclick: async () => {
              const ok = await confirmDialog(
                `Revoke HMAC key “${k.name}”?`,
                'Messages signed with this key will no longer verify. Samples it verified stay stored. This cannot be undone.',
                'Revoke HMAC key',
              );
              if (ok) await act(() => revokeHmacKey(k.id), `HMAC key ${k.name} revoked`)();
            },
          },
          'Revoke',
        ),
      ),
    ),
  );
  return h(
    'section',
    { 'aria-labelledby': 'hmac-keys-heading', class: 'card' },
    h(
      'div',
      { class: 'section-head' },
      h('h2', { id: 'hmac-keys-heading' }, 'HMAC Keys'),
      h('button', { type: 'button', onclick: () => addHmacKeyDialog(reload) }, '+ Add new HMAC key'),
    ),
    keys.length === 0
      ? h('p', { class: 'empty' }, 'No HMAC keys: devices cannot sign data that this service accepts.')
      : h(
          'table',
          { class: 'list', id: 'hmac-keys-table' },
          h('caption', { class: 'visually-hidden' }, 'HMAC keys'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Name'),
              h('th', { scope: 'col' }, 'Key'),
              h('th', { scope: 'col' }, 'Development key'),
              h('th', { scope: 'col' }, 'Created'),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
            ),
          ),
          h('tbody', {}, rows),
        ),
  );
}
