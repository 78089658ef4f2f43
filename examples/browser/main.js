// Signs the form's sample with the edgesign browser bundle (packages/edgesign/dist/browser/edgesign.js) and shows the
// signed message. Query parameters override the form for scripted runs: ?key=…&iat=…&encoding=….
// The result is also left on window.edgesignResult (json text, cbor hex, iat) for tests.
import { createSigner, verifyMessage, toHex, EdgesignError } from '../../packages/edgesign/dist/browser/edgesign.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
for (const name of ['key', 'deviceName', 'deviceType', 'intervalMs', 'encoding']) {
  if (params.has(name)) $(name).value = params.get(name);
}

function rows() {
  return $('values')
    .value.split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const row = line.split(/[\s,;]+/).map(Number);
      if (row.length !== 3 || row.some((v) => !Number.isFinite(v))) throw new EdgesignError('E_INPUT', `line ${i + 1}: three numbers please`);
      return row;
    });
}

function sign() {
  const status = $('status');
  try {
    const iat = params.has('iat') ? Number(params.get('iat')) : Math.floor(Date.now() / 1000);
    const base = {
      hmacKey: $('key').value,
      deviceName: $('deviceName').value,
      deviceType: $('deviceType').value,
      intervalMs: Number($('intervalMs').value),
      sensors: ['accX', 'accY', 'accZ'].map((name) => ({ name, units: 'm/s2' })),
    };
    const values = rows();
    const t0 = performance.now();
    const json = createSigner({ ...base, encoding: 'json' }).sign(values, { iat });
    const cbor = createSigner({ ...base, encoding: 'cbor' }).sign(values, { iat });
    const ms = performance.now() - t0;
    const jsonText = new TextDecoder().decode(json);
    $('message').textContent = $('encoding').value === 'cbor' ? toHex(cbor) : jsonText;
    $('cbor').textContent = toHex(cbor);
    status.dataset.state = 'ok';
    status.textContent = `signed ${values.length} rows: ${json.length} bytes of JSON, ${cbor.length} bytes of CBOR (${ms.toFixed(2)} ms)`;
    // Round trip in the page: the same bundle verifies both messages over their exact bytes.
    const checks = [json, cbor].map((m) => verifyMessage(m, { keys: [base.hmacKey] }));
    $('verified').textContent = checks.every((c) => c.ok)
      ? 'verified in the browser: JSON and CBOR both valid'
      : `verification failed: ${checks.map((c) => c.code ?? 'ok').join(', ')}`;
    window.edgesignResult = { ok: true, json: jsonText, cborHex: toHex(cbor), iat, verified: checks.every((c) => c.ok) };
  } catch (e) {
    status.dataset.state = 'error';
    status.textContent = `${e.code ?? 'E_INTERNAL'}: ${e.message}`;
    $('verified').textContent = '';
    window.edgesignResult = { ok: false, code: e.code ?? 'E_INTERNAL', message: e.message };
  }
}

$('form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  sign();
});
sign();
