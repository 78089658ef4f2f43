/**
 * The Data acquisition page: samples newest first with category, label, device, signature status (and
 * the key that matched), received time and size; filters by category (asked of the API) and by
 * signature status (applied to what the API returned). Filters live in the URL (`#/data?category=…&
 * signature=…`), so a filtered list can be reloaded and shared.
 * @module
 */
import { bytes, h, replace, time } from './dom.js';
import { hmacKeyNames } from './keys-api.js';
import { CATEGORIES, SIGNATURE_STATUSES, listSamples, type Category, type SignatureStatus } from './samples-api.js';
import { canManageKeys, type Session } from './session.js';
import { keyLabel, signatureBadge } from './signature-badge.js';

const PAGE = 200;

export async function renderDataPage(main: HTMLElement, session: Session, query: URLSearchParams): Promise<void> {
  const category = CATEGORIES.find((c) => c === query.get('category'));
  const signature = SIGNATURE_STATUSES.find((s) => s === query.get('signature'));
  const limit = Math.min(Math.max(Number(query.get('limit')) || PAGE, PAGE), 100_000);
  const [all, names] = await Promise.all([listSamples({ category, limit }), canManageKeys(session) ? hmacKeyNames() : Promise.resolve(new Map<string, string>())]);
  const samples = signature ? all.filter((s) => s.signature === signature) : all;

  const go = (next: { category?: Category; signature?: SignatureStatus; limit?: number }) => {
    const p = new URLSearchParams();
    if (next.category) p.set('category', next.category);
    if (next.signature) p.set('signature', next.signature);
    if (next.limit && next.limit > PAGE) p.set('limit', String(next.limit));
    location.hash = `#/data${p.size > 0 ? `?${p}` : ''}`;
  };
  const categorySelect = h(
    'select',
    { id: 'filter-category', onchange: () => go({ category: categorySelect.value as Category, signature }) },
    h('option', { value: '' }, 'All categories'),
    CATEGORIES.map((c) => h('option', { value: c, selected: c === category }, c)),
  );
  const signatureSelect = h(
    'select',
    { id: 'filter-signature', onchange: () => go({ category, signature: signatureSelect.value as SignatureStatus }) },
    h('option', { value: '' }, 'Any signature'),
    SIGNATURE_STATUSES.map((s) => h('option', { value: s, selected: s === signature }, s)),
  );

  const rows = samples.map((s) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row', 'data-label': 'Sample' }, h('a', { href: `#/data/${s.id}` }, s.fileName)),
      h('td', { 'data-label': 'Category' }, s.category),
      h('td', { 'data-label': 'Label' }, s.label ?? '—'),
      h('td', { 'data-label': 'Device' }, s.deviceName ?? '—', s.deviceType ? h('span', { class: 'sub' }, s.deviceType) : null),
      h('td', { 'data-label': 'Signature', class: 'sig-cell' }, signatureBadge(s.signature, keyLabel(s.hmacKeyId, names))),
      h('td', { 'data-label': 'Received' }, time(s.receivedAt)),
      h('td', { 'data-label': 'Size', class: 'num' }, bytes(s.bytes)),
    ),
  );
  replace(
    main,
    h('h1', {}, 'Data acquisition'),
    h(
      'form',
      { class: 'filters', 'aria-label': 'Filter samples', onsubmit: (e: Event) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'filter-category' }, 'Category'), categorySelect),
      h('div', { class: 'field' }, h('label', { for: 'filter-signature' }, 'Signature'), signatureSelect),
    ),
    h('p', { class: 'count', id: 'sample-count' }, `${samples.length} sample${samples.length === 1 ? '' : 's'}${signature ? ` with a ${signature} signature` : ''}${category ? ` in ${category}` : ''}, newest first`),
    samples.length === 0
      ? h('p', { class: 'empty' }, 'No samples yet. Devices upload to /api/{training,testing,anomaly}/data with an API key.')
      : h(
          'table',
          { class: 'list', id: 'samples-table' },
          h('caption', { class: 'visually-hidden' }, 'Samples, newest first'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Sample', 'Category', 'Label', 'Device', 'Signature', 'Received', 'Size'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h('tbody', {}, rows),
        ),
    all.length >= limit ? h('button', { type: 'button', class: 'secondary', onclick: () => go({ category, signature, limit: limit + PAGE }) }, 'Show older samples') : null,
  );
}
