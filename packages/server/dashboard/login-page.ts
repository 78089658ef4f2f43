/**
 * Logging in with an API key of this project. The key goes to the service once, over this origin;
 * what comes back is a session cookie the page cannot read. The field is a password field, so the key
 * is not shown or kept in the form's history.
 * @module
 */
import { h, replace } from './dom.js';
import { clearError, errorBox, showError } from './form-error.js';
import { logIn, type Session } from './session.js';

export function renderLoginPage(main: HTMLElement, onLoggedIn: (s: Session) => void | Promise<void>): void {
  const key = h('input', { id: 'login-api-key', name: 'apiKey', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'login-hint' });
  const error = errorBox();
  const submit = h('button', { type: 'submit' }, 'Log in');
  const form = h(
    'form',
    { class: 'stack card login' },
    h('div', { class: 'field' }, h('label', { for: 'login-api-key' }, 'API key'), key),
    h(
      'p',
      { id: 'login-hint', class: 'hint' },
      'An ei_… key of this project. Admin keys manage keys; any key can see data. Create one with ',
      h('code', {}, 'edgesign keys create-api-key --name NAME --role admin'),
      '.',
    ),
    error,
    h('div', { class: 'actions left' }, submit),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError(error);
    submit.disabled = true;
    try {
      const s = await logIn(key.value);
      key.value = '';
      await onLoggedIn(s);
    } catch (e) {
      showError(error, e);
      submit.disabled = false;
      key.focus();
    }
  });
  replace(main, h('h1', {}, 'Log in'), form);
  key.focus();
}
