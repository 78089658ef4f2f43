// The cells of the benchmark: edgesign and what a user would pick instead, each used the way its
// documentation shows (keyed objects reused where the library allows it), plus the checks that every
// peer computes the right thing before anything is timed.
import { createHash, createHmac, hash as nodeHash, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../packages/edgesign/dist/index.js', import.meta.url));
if (!existsSync(dist)) {
  throw new Error(`bench: ${dist} is missing; run \`npm run build\` first (\`npm run bench\` does)`);
}
const edgesign = await import(dist);
const { WASM_BASE64 } = await import(new URL('../packages/edgesign/dist/wasm/embedded-module.js', import.meta.url).href);
const { getCore } = await import(new URL('../packages/edgesign/dist/wasm/core.js', import.meta.url).href);
/** The simulator's seedable PRNG: the same bytes and samples on every run. */
const { prng } = await import(new URL('../packages/server/dist/cli/prng.js', import.meta.url).href);
const { createHMAC, createSHA256 } = await import('hash-wasm');
const { hmac: nobleHmac } = await import('@noble/hashes/hmac.js');
const { sha256: nobleSha256 } = await import('@noble/hashes/sha2.js');
const fastSha256 = (await import('fast-sha256')).default;
const asSha256 = await import('@chainsafe/as-sha256');
const { encode: cborEncode, decode: cborDecode } = await import('cbor-x');

/** An Edge Impulse style HMAC key: 32 hex characters, used as their 32 ASCII bytes (format.md §3). */
export const KEY = 'fed53116f20684c067774ebf9e7bcbdc';
const KEY_BYTES = new TextEncoder().encode(KEY);
export const SIZES = [32, 64, 256, 1024, 16384, 1048576];
const PLACEHOLDER = '0'.repeat(64);
const PLACEHOLDER_BYTES = Buffer.from(PLACEHOLDER, 'latin1');
const IAT = 1732800000;
const DEVICE = { deviceName: 'ac:87:a3:0a:2d:1b', deviceType: 'DISCO-L475VG-IOT01A', intervalMs: 10 };
const SENSORS = [
  { name: 'accX', units: 'm/s2' },
  { name: 'accY', units: 'm/s2' },
  { name: 'accZ', units: 'm/s2' },
];

export function sizeLabel(n) {
  if (n >= 1048576) return `${n / 1048576} MiB`;
  if (n >= 1024) return `${n / 1024} KiB`;
  return `${n} B`;
}


function bytes(n, seed) {
  const r = prng(seed);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (r() * 256) | 0;
  return b;
}

/**
 * A 3-axis accelerometer at 100 Hz: slow sways plus sensor noise, gravity on Z, rounded to 3 decimals
 * as a device driver reports them (so trailing zeros drop out: 9.81, -0.4, 0.057 …).
 */
export function accelerometer(seconds, seed = 7) {
  const r = prng(seed);
  const noise = () => (r() - 0.5) * 0.08;
  return Array.from({ length: seconds * 100 }, (_, i) => [
    +(1.2 * Math.sin(i / 10) + noise()).toFixed(3),
    +(0.8 * Math.cos(i / 7) + noise()).toFixed(3),
    +(9.81 + 0.5 * Math.sin(i / 13) + noise()).toFixed(3),
  ]);
}

/** The message Edge Impulse's Node data forwarder builds (library/data-forwarder.ts), placeholder in. */
function eiMessage(values) {
  return {
    protected: { ver: 'v1', alg: 'HS256', iat: IAT },
    signature: PLACEHOLDER,
    payload: {
      device_name: DEVICE.deviceName,
      device_type: DEVICE.deviceType,
      interval_ms: DEVICE.intervalMs,
      sensors: SENSORS,
      values,
    },
  };
}

// Peer descriptions. `family` colours the chart: edgesign, native (OpenSSL), wasm, js.
export const PEERS = {
  'edgesign': { label: 'edgesign HmacSha256 (reused)', short: 'edgesign', family: 'edgesign' },
  'edgesign-oneshot': { label: 'edgesign hmacSha256() one-shot', short: 'edgesign one-shot', family: 'edgesign' },
  'edgesign-sha': { label: 'edgesign sha256()', short: 'edgesign', family: 'edgesign' },
  'edgesign-sign': { label: 'edgesign signer.sign(number[][])', short: 'edgesign', family: 'edgesign' },
  'edgesign-sign-f64': { label: 'edgesign signer.sign(Float64Array)', short: 'edgesign Float64Array', family: 'edgesign' },
  'node': { label: 'node:crypto createHmac', short: 'node:crypto', family: 'native' },
  'node-hash': { label: 'node:crypto createHash', short: 'node:crypto', family: 'native' },
  'node-hash1': { label: 'node:crypto hash() one-shot', short: 'node:crypto hash()', family: 'native' },
  'webcrypto': { label: 'WebCrypto subtle.sign (awaited)', short: 'WebCrypto', family: 'native' },
  'hash-wasm': { label: 'hash-wasm createHMAC (init() reused)', short: 'hash-wasm', family: 'wasm' },
  'hash-wasm-sha': { label: 'hash-wasm createSHA256 (reused)', short: 'hash-wasm', family: 'wasm' },
  'as-sha256': { label: '@chainsafe/as-sha256 digest()', short: 'as-sha256', family: 'wasm' },
  'noble': { label: '@noble/hashes hmac (keyed, _cloneInto reused)', short: '@noble/hashes', family: 'js' },
  'noble-sha': { label: '@noble/hashes sha256()', short: '@noble/hashes', family: 'js' },
  'fast-sha256': { label: 'fast-sha256 HMAC (reset() reused)', short: 'fast-sha256', family: 'js' },
  'ei': { label: 'Edge Impulse way: JSON.stringify + createHmac + replace', short: 'EI way (stringify+createHmac)', family: 'native' },
  'ei-forwarder': { label: 'EI data-forwarder.ts verbatim (Buffer.from, indexOf, Buffer.concat)', short: 'EI data-forwarder.ts', family: 'native' },
  'cbor-x': { label: 'cbor-x encode + createHmac + patch', short: 'cbor-x + createHmac', family: 'native' },
};

function hmacPeers(data, { webcryptoKey, shared }) {
  const { mac, out, hw, nobleBase, nobleWork, fast } = shared;
  const cells = {
    'edgesign': () => { mac.reset().update(data).digestInto(out); return out; },
    'edgesign-oneshot': () => edgesign.hmacSha256(KEY, data),
    'node': () => createHmac('sha256', KEY).update(data).digest(),
    'hash-wasm': () => { hw.init(); hw.update(data); return hw.digest('binary'); },
    'noble': () => { nobleBase._cloneInto(nobleWork); nobleWork.update(data).digestInto(out); return out; },
    'fast-sha256': () => { fast.reset().update(data).finish(out); return out; },
  };
  const async = {};
  if (webcryptoKey && (data.length === 32 || data.length === 1024)) {
    async['webcrypto'] = () => webcrypto.subtle.sign('HMAC', webcryptoKey, data);
  }
  return { cells, async };
}

function shaPeers(data, { hws }) {
  return {
    cells: {
      'edgesign-sha': () => edgesign.sha256(data),
      'node-hash': () => createHash('sha256').update(data).digest(),
      'node-hash1': () => nodeHash('sha256', data, 'buffer'),
      'hash-wasm-sha': () => hws.init().update(data).digest('binary'),
      'noble-sha': () => nobleSha256(data),
      'as-sha256': () => asSha256.digest(data),
    },
    async: {},
  };
}

function jsonPeers(rows, { jsonSigner }) {
  const flat = Float64Array.from(rows.flat());
  return {
    cells: {
      'edgesign-sign': () => jsonSigner.sign(rows, { iat: IAT }),
      'edgesign-sign-f64': () => jsonSigner.sign(flat, { iat: IAT }),
      // The Edge Impulse Node way as the brief states it (format.md §3): one stringify, HMAC of the text,
      // the hex put in place of the placeholder, the bytes to send.
      'ei': () => {
        const text = JSON.stringify(eiMessage(rows));
        const sig = createHmac('sha256', KEY).update(text).digest('hex');
        return Buffer.from(text.replace(PLACEHOLDER, sig));
      },
      // edge-impulse-cli library/data-forwarder.ts upload(), its signing steps as written there.
      'ei-forwarder': () => {
        let encoded = Buffer.from(JSON.stringify(eiMessage(rows)), 'utf-8');
        const h = createHmac('sha256', KEY);
        h.update(encoded);
        const sig = h.digest().toString('hex');
        const at = encoded.indexOf(PLACEHOLDER);
        if (at === -1) throw new Error('placeholder not found');
        encoded = Buffer.concat([encoded.slice(0, at), Buffer.from(sig, 'ascii'), encoded.slice(at + sig.length)]);
        return encoded;
      },
    },
    async: {},
  };
}

function cborPeers(rows, { cborSigner }) {
  const flat = Float64Array.from(rows.flat());
  return {
    cells: {
      'edgesign-sign': () => cborSigner.sign(rows, { iat: IAT }),
      'edgesign-sign-f64': () => cborSigner.sign(flat, { iat: IAT }),
      'cbor-x': () => {
        const buf = cborEncode(eiMessage(rows));
        const at = buf.indexOf(PLACEHOLDER_BYTES);
        buf.write(createHmac('sha256', KEY).update(buf).digest('hex'), at, 'latin1');
        return buf;
      },
    },
    async: {},
  };
}

/** Builds every group of cells. Returns { groups, shared } (shared holds keyed objects). */
export async function buildGroups() {
  const shared = {
    mac: new edgesign.HmacSha256(KEY),
    out: new Uint8Array(32),
    hw: await createHMAC(createSHA256(), KEY),
    hws: await createSHA256(),
    nobleBase: nobleHmac.create(nobleSha256, KEY_BYTES),
    fast: new fastSha256.HMAC(KEY_BYTES),
    jsonSigner: edgesign.createSigner({ hmacKey: KEY, ...DEVICE, sensors: SENSORS, encoding: 'json' }),
    cborSigner: edgesign.createSigner({ hmacKey: KEY, ...DEVICE, sensors: SENSORS, encoding: 'cbor' }),
  };
  shared.nobleWork = shared.nobleBase.clone();
  const webcryptoKey = await webcrypto.subtle.importKey('raw', KEY_BYTES, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

  const inputs = SIZES.map((n, i) => ({ size: n, label: sizeLabel(n), bytes: n, data: bytes(n, 1000 + i) }));
  const windows = [1, 10].map((s) => {
    const rows = accelerometer(s);
    return { size: s, label: `${s} s (${rows.length}×3)`, rows };
  });

  const groups = [
    {
      id: 'hmac', title: 'HMAC-SHA256, 32-byte key', primary: 'edgesign', baseline: 'node',
      peerOrder: ['edgesign', 'edgesign-oneshot', 'node', 'webcrypto', 'hash-wasm', 'noble', 'fast-sha256'],
      rows: inputs.map((x) => ({ ...x, ...hmacPeers(x.data, { webcryptoKey, shared }) })),
    },
    {
      id: 'sha256', title: 'SHA-256', primary: 'edgesign-sha', baseline: 'node-hash',
      peerOrder: ['edgesign-sha', 'node-hash', 'node-hash1', 'hash-wasm-sha', 'noble-sha', 'as-sha256'],
      rows: inputs.map((x) => ({ ...x, ...shaPeers(x.data, shared) })),
    },
    {
      id: 'sign-json', title: 'Signing a 3-axis 100 Hz window, JSON', primary: 'edgesign-sign', baseline: 'ei',
      peerOrder: ['edgesign-sign', 'edgesign-sign-f64', 'ei', 'ei-forwarder'],
      rows: windows.map((w) => ({ ...w, ...jsonPeers(w.rows, shared) })),
    },
    {
      id: 'sign-cbor', title: 'Signing a 3-axis 100 Hz window, CBOR', primary: 'edgesign-sign', baseline: 'cbor-x',
      peerOrder: ['edgesign-sign', 'edgesign-sign-f64', 'cbor-x'],
      rows: windows.map((w) => ({ ...w, ...cborPeers(w.rows, shared) })),
    },
  ];
  // Each row's peers become cell objects, in peer order.
  for (const g of groups) {
    for (const row of g.rows) {
      const { cells: fns, async } = row;
      row.cells = [];
      for (const peer of g.peerOrder) {
        const run = fns[peer] ?? async[peer];
        if (!run) continue;
        row.cells.push({ id: `${g.id}/${peer}/${row.label}`, group: g.id, peer, size: row.size, async: peer in async, run });
      }
      delete row.async;
    }
  }
  return { groups, shared, windows };
}

// ---- correctness checks (outside timing) -------------------------------------------------------

const equalBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function hmacHex(data) {
  return createHmac('sha256', KEY).update(data).digest('hex');
}

/** Recomputes the signature of a signed message whose hex sits at `at`. */
function signatureHolds(msg, at) {
  const b = Buffer.from(msg);
  const sig = b.toString('latin1', at, at + 64);
  PLACEHOLDER_BYTES.copy(b, at);
  return /^[0-9a-f]{64}$/.test(sig) && hmacHex(b) === sig;
}

function jsonSignatureAt(msg) {
  const text = Buffer.from(msg).toString('latin1');
  const m = /"signature":"([0-9a-f]{64})"/.exec(text);
  return m ? m.index + '"signature":"'.length : -1;
}

const CBOR_SIG = Buffer.concat([Buffer.from([0x69]), Buffer.from('signature'), Buffer.from([0x78, 0x40])]);

/**
 * Checks every peer against node:crypto (hashes, MACs) and every signed message: its signature
 * recomputed over the bytes with the placeholder put back, and its values decoded back to the rows.
 * Returns a list of { what, ok, detail }.
 */
export async function checkAll(groups) {
  const results = [];
  const note = (what, ok, detail = '') => results.push({ what, ok: !!ok, detail });
  for (const g of groups) {
    for (const row of g.rows) {
      let expected = null;
      if (g.id === 'hmac') expected = createHmac('sha256', KEY).update(row.data).digest();
      if (g.id === 'sha256') expected = createHash('sha256').update(row.data).digest();
      const outputs = {};
      for (const cell of row.cells) {
        let out = cell.async ? await cell.run() : cell.run();
        out = new Uint8Array(out instanceof ArrayBuffer ? out : out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
        outputs[cell.peer] = out;
        if (expected) {
          note(`${g.id} ${row.label} ${cell.peer} equals node:crypto`, equalBytes(out, expected));
        } else if (g.id === 'sign-json') {
          const at = jsonSignatureAt(out);
          const parsed = JSON.parse(Buffer.from(out).toString('utf8'));
          const valuesOk = JSON.stringify(parsed.payload.values) === JSON.stringify(row.rows);
          note(`${g.id} ${row.label} ${cell.peer}: signature verifies, values round-trip`, at > 0 && signatureHolds(out, at) && valuesOk,
            `${out.length} B`);
        } else if (g.id === 'sign-cbor') {
          const at = Buffer.from(out).indexOf(CBOR_SIG);
          const decoded = cborDecode(Buffer.from(out));
          const valuesOk = JSON.stringify(decoded.payload.values) === JSON.stringify(row.rows);
          note(`${g.id} ${row.label} ${cell.peer}: signature verifies, values round-trip`, at > 0 && signatureHolds(out, at + CBOR_SIG.length) && valuesOk,
            `${out.length} B`);
        }
      }
      if (g.id === 'sign-json') {
        note(`${g.id} ${row.label}: edgesign bytes identical to JSON.stringify's`, equalBytes(outputs['edgesign-sign'], outputs['ei']) &&
          equalBytes(outputs['edgesign-sign-f64'], outputs['ei']));
      }
      if (g.id === 'sign-json' || g.id === 'sign-cbor') {
        row.messageBytes = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.length]));
      }
    }
  }
  return results;
}

/** The wasm memory: current size, and the limits declared in the embedded module's memory section. */
export function wasmMemory() {
  const core = getCore();
  const bin = Buffer.from(WASM_BASE64, 'base64');
  let limits = null;
  let imports = 0;
  const leb = (at) => {
    let v = 0;
    let shift = 0;
    let b;
    do { b = bin[at++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return [v, at];
  };
  let p = 8;
  while (p < bin.length) {
    const id = bin[p++];
    let size;
    [size, p] = leb(p);
    if (id === 2) imports = leb(p)[0];
    if (id === 5) {
      let q = leb(p)[1];
      const flags = bin[q++];
      let min;
      let max = null;
      [min, q] = leb(q);
      if (flags & 1) [max] = leb(q);
      limits = { minPages: min, maxPages: max };
    }
    p += size;
  }
  return { bytes: core.x.memory.buffer.byteLength, ...limits, imports, moduleBytes: bin.length };
}

export { edgesign };
