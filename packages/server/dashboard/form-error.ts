/**
 * How a form shows a refusal from the API: the code and message in an alert next to the form, so a
 * screen reader hears it at once.
 * @module
 */
import { ApiError } from './api.js';
import { h, replace } from './dom.js';

export function errorBox(): HTMLParagraphElement {
  return h('p', { class: 'form-error', role: 'alert', hidden: true });
}

export function showError(box: HTMLElement, e: unknown): void {
  const text = e instanceof ApiError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
  replace(box, text);
  box.hidden = false;
}

export function clearError(box: HTMLElement): void {
  replace(box);
  box.hidden = true;
}
