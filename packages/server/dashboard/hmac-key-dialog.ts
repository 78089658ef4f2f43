/**
 * "+ Add new HMAC key": a key the service generates, or one pasted from a device's configuration (32
 * hex characters, used as their ASCII bytes), optionally the development key.
 * @module
 */
import { openDialog } from './dialog.js';
import { announce, h } from './dom.js';
import { clearError, errorBox, showError } from './form-error.js';
import { createHmacKey } from './keys-api.js';

export function addHmacKeyDialog(onCreated: () => void): void {
  let didCreate = false;
  const d = openDialog('Add new HMAC key', () => {
    if (didCreate) onCreated();
  });
  const name = h('input', { id: 'hmac-key-name', name: 'name', required: true, maxlength: 256, autocomplete: 'off' });
  const generate = h('input', { id: 'hmac-key-generate', type: 'radio', name: 'source', value: 'generate', checked: true });
  const paste = h('input', { id: 'hmac-key-paste', type: 'radio', name: 'source', value: 'paste' });
  const value = h('input', {
    id: 'hmac-key-value',
    name: 'hmacKey',
    class: 'secret',
    pattern: '[0-9a-fA-F]{32}',
    maxlength: 32,
    autocomplete: 'off',
    spellcheck: 'false',
    disabled: true,
    'aria-describedby': 'hmac-key-value-hint',
  });
  const dev = h('input', { id: 'hmac-key-dev', name: 'dev', type: 'checkbox' });
  const error = errorBox();
  const submit = h('button', { type: 'submit' }, 'Add HMAC key');
  const sync = () => {
    value.disabled = !paste.checked;
    value.required = paste.checked;
    if (paste.checked) value.focus();
  };
  generate.addEventListener('change', sync);
  paste.addEventListener('change', sync);
  const form = h(
    'form',
    { class: 'stack' },
    h('div', { class: 'field' }, h('label', { for: 'hmac-key-name' }, 'Name'), name),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Key'),
      h('div', { class: 'check' }, generate, h('label', { for: 'hmac-key-generate' }, 'Generate a new key')),
      h('div', { class: 'check' }, paste, h('label', { for: 'hmac-key-paste' }, 'Use an existing key')),
      h('div', { class: 'field' }, h('label', { for: 'hmac-key-value' }, 'HMAC key'), value),
      h('p', { id: 'hmac-key-value-hint', class: 'hint' }, '32 hex characters; devices use them as their 32 ASCII bytes.'),
    ),
    h('div', { class: 'check' }, dev, h('label', { for: 'hmac-key-dev' }, 'Set as development key')),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => d.close() }, 'Cancel'), submit),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError(error);
    submit.disabled = true;
    try {
      const k = await createHmacKey({ name: name.value, isDevelopmentKey: dev.checked, ...(paste.checked ? { hmacKey: value.value.trim() } : {}) });
      didCreate = true;
      announce(`HMAC key ${k.name} added`);
      d.close();
    } catch (e) {
      showError(error, e);
      submit.disabled = false;
    }
  });
  d.body.append(form);
  name.focus();
}
