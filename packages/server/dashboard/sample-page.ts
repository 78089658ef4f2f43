/**
 * One sample: what the service recorded about it (category, label, device, signature status and the
 * key that matched or why not, times, size, SHA-256), its values plotted per sensor against time, its
 * protected header, and its raw bytes to download exactly as received.
 * @module
 */
import { plot } from './chart.js';
import { bytes, h, replace, time, type Child } from './dom.js';
import { errorBox, showError } from './form-error.js';
import { hmacKeyNames } from './keys-api.js';
import { decodeSample, toSeries } from './sample-decode.js';
import { getSample, getSampleRaw } from './samples-api.js';
import { canManageKeys, type Session } from './session.js';
import { keyLabel, signatureBadge } from './signature-badge.js';

export async function renderSamplePage(main: HTMLElement, session: Session, id: number): Promise<void> {
  const [sample, raw, names] = await Promise.all([
    getSample(id),
    getSampleRaw(id),
    canManageKeys(session) ? hmacKeyNames() : Promise.resolve(new Map<string, string>()),
  ]);
  const decoded = await decodeSample(raw.bytes, sample.contentType);
  const downloadError = errorBox();
  const detail = sample.signature === 'valid' ? keyLabel(sample.hmacKeyId, names) : sample.signatureError;

  const facts: Array<[string, Child]> = [
    ['Category', sample.category],
    ['Label', sample.label ?? '—'],
    ['Device', `${sample.deviceName ?? '—'}${sample.deviceType ? ` (${sample.deviceType})` : ''}`],
    ['Signature', signatureBadge(sample.signature, detail)],
    ['Received', time(sample.receivedAt)],
    ['Signed at (iat)', sample.iat === null ? '—' : time(new Date(sample.iat * 1000).toISOString())],
    ['Size', `${bytes(sample.bytes)} (${sample.contentType})`],
    ['SHA-256', h('code', { class: 'hash' }, sample.sha256)],
  ];
  const chartBox = h('div', { class: 'chart', id: 'sample-chart' });
  let signal: Child;
  let header: Child;
  if (decoded.ok) {
    const p = decoded.message.payload;
    const s = toSeries(p);
    const caution =
      sample.signature === 'valid'
        ? null
        : h('p', { class: 'notice warning' }, `Not authenticated: the signature is ${sample.signature}, so anyone could have written these values.`);
    signal = s
      ? [
          caution,
          h('p', { class: 'hint', id: 'chart-summary' }, `${s.series.length} sensor${s.series.length === 1 ? '' : 's'}, ${s.timeMs.length} values each, one every ${p.interval_ms} ms (${decoded.message.encoding.toUpperCase()}).`),
          h('figure', { 'aria-labelledby': 'chart-summary' }, chartBox),
        ]
      : h('p', { class: 'hint' }, 'The values are a binary reference (audio or an attachment); there is nothing to plot here. Download the raw bytes to read them.');
    header = h('pre', { class: 'code', id: 'protected-header', tabindex: 0 }, JSON.stringify(decoded.message.protected, null, 2));
  } else {
    signal = h('p', { class: 'form-error', role: 'alert' }, `The stored bytes could not be read as a data acquisition message (${decoded.code}: ${decoded.message}).`);
    header = h('p', {}, '—');
  }

  const download = h(
    'button',
    {
      type: 'button',
      onclick: () => {
        try {
          // The bytes are already here, exactly as the API sent them; a blob: link saves them as a file.
          const url = URL.createObjectURL(new Blob([raw.bytes as Uint8Array<ArrayBuffer>], { type: raw.contentType }));
          const a = h('a', { href: url, download: sample.fileName, hidden: true });
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10_000);
        } catch (e) {
          showError(downloadError, e);
        }
      },
    },
    'Download raw bytes',
  );

  replace(
    main,
    h('p', { class: 'back' }, h('a', { href: '#/data' }, '← Data acquisition')),
    h('h1', {}, sample.fileName),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
    h('div', { class: 'actions left' }, download, h('span', { class: 'hint' }, `${sample.bytes} bytes, exactly as received`)),
    downloadError,
    h('section', { 'aria-labelledby': 'signal-heading', class: 'card' }, h('h2', { id: 'signal-heading' }, 'Signal'), signal),
    h('section', { 'aria-labelledby': 'header-heading', class: 'card' }, h('h2', { id: 'header-heading' }, 'Protected header'), header),
  );
  const s = decoded.ok ? toSeries(decoded.message.payload) : null;
  if (s) plot(chartBox, s.timeMs, s.series);
}
