/**
 * A sample's signature status as a badge (valid / invalid / unsigned), with the key that matched or
 * the reason it did not. The status is in the text, never only in the colour.
 * @module
 */
import { h } from './dom.js';
import type { SignatureStatus } from './samples-api.js';

export function signatureBadge(status: SignatureStatus, detail: string | null): HTMLElement {
  return h(
    'span',
    { class: 'sig' },
    h('span', { class: `badge sig-${status}` }, status),
    detail ? h('span', { class: 'sig-detail' }, detail) : null,
  );
}

/** "hk_… (name)" when the name is known (admins can list HMAC keys), else the id. */
export function keyLabel(keyId: string | null, names: ReadonlyMap<string, string>): string | null {
  if (!keyId) return null;
  const name = names.get(keyId);
  return name ? `${name} (${keyId})` : keyId;
}
