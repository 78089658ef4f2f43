/**
 * "+ Add new API key": the seed's form (Name, Role, Set as development key, Create API key). The new
 * `ei_…` secret is shown once, in this dialog, with a copy button; it is never fetched again (the
 * service keeps only its hash).
 * @module
 */
import { openDialog } from './dialog.js';
import { announce, h } from './dom.js';
import { clearError, errorBox, showError } from './form-error.js';
import { createApiKey, type CreatedApiKey } from './keys-api.js';
import { ROLE_LABELS, type Role } from './session.js';

export function addApiKeyDialog(onCreated: () => void): void {
  let created: CreatedApiKey | null = null;
  const d = openDialog('Add new API key', () => {
    if (created) onCreated();
  });
  const name = h('input', { id: 'api-key-name', name: 'name', required: true, maxlength: 256, autocomplete: 'off' });
  const role = h(
    'select',
    { id: 'api-key-role', name: 'role' },
    (Object.keys(ROLE_LABELS) as Role[]).map((r) => h('option', { value: r }, ROLE_LABELS[r])),
  );
  const dev = h('input', { id: 'api-key-dev', name: 'dev', type: 'checkbox', 'aria-describedby': 'api-key-dev-hint' });
  const error = errorBox();
  const submit = h('button', { type: 'submit' }, 'Create API key');
  const form = h(
    'form',
    { class: 'stack' },
    h('div', { class: 'field' }, h('label', { for: 'api-key-name' }, 'Name'), name),
    h('div', { class: 'field' }, h('label', { for: 'api-key-role' }, 'Role'), role),
    h('div', { class: 'check' }, dev, h('label', { for: 'api-key-dev' }, 'Set as development key')),
    h(
      'p',
      { id: 'api-key-dev-hint', class: 'hint' },
      'Tools that look for the development key (remote management, simulators) use it. Only a new key can become the development key.',
    ),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => d.close() }, 'Cancel'), submit),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError(error);
    submit.disabled = true;
    try {
      created = await createApiKey({ name: name.value, role: role.value as Role, isDevelopmentKey: dev.checked });
      showSecret(d.body, created, () => d.close());
      d.setTitle('API key created');
      announce(`API key ${created.name} created`);
    } catch (e) {
      showError(error, e);
      submit.disabled = false;
    }
  });
  d.body.append(form);
  name.focus();
}

function showSecret(body: HTMLElement, key: CreatedApiKey, done: () => void): void {
  const secret = h('input', { id: 'new-api-key', class: 'secret', readonly: true, value: key.key, spellcheck: 'false', 'aria-describedby': 'new-api-key-hint' });
  const copied = h('span', { class: 'copied', role: 'status' });
  const copy = h(
    'button',
    {
      type: 'button',
      onclick: async () => {
        secret.select();
        try {
          await navigator.clipboard.writeText(key.key);
          copied.textContent = 'Copied';
        } catch {
          // No clipboard permission (e.g. an embedded browser): the key is selected for Ctrl+C instead.
          copied.textContent = 'Selected: press Ctrl+C to copy';
        }
      },
    },
    'Copy',
  );
  const doneButton = h('button', { type: 'button', onclick: done }, 'Done');
  body.replaceChildren(
    h('p', { id: 'new-api-key-hint', class: 'notice warning' }, `Copy the key for “${key.name}” now: it is shown only once and cannot be retrieved later.`),
    h('div', { class: 'field' }, h('label', { for: 'new-api-key' }, 'API key'), h('div', { class: 'copy-row' }, secret, copy)),
    copied,
    h('div', { class: 'actions' }, doneButton),
  );
  copy.focus();
}
