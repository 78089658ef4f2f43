// Turning measured cells into the results document (latest.json), a console table, a Markdown table
// for the README (latest.md) and a chart (latest.svg, hand-written SVG, no dependency).
import { median, relMad } from './harness.mjs';

/** 212 ns, 3.09 µs, 50.5 µs, 3.09 ms: three significant digits. */
export function fmtTime(ns) {
  if (!Number.isFinite(ns)) return 'n/a';
  const [v, unit] = ns < 1e3 ? [ns, 'ns'] : ns < 1e6 ? [ns / 1e3, 'µs'] : ns < 1e9 ? [ns / 1e6, 'ms'] : [ns / 1e9, 's'];
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${unit}`;
}

export function fmtRatio(r) {
  if (!Number.isFinite(r)) return 'n/a';
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

const fmtMBs = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** Which ratio columns each group shows (edgesign primary vs these peers). */
const RATIO_COLUMNS = {
  'hmac': [['node', 'vs node:crypto'], ['hash-wasm', 'vs hash-wasm'], ['best-js', 'vs best pure JS']],
  'sha256': [['node-hash', 'vs node:crypto'], ['hash-wasm-sha', 'vs hash-wasm'], ['as-sha256', 'vs as-sha256']],
  'sign-json': [['ei', 'vs EI way']],
  'sign-cbor': [['cbor-x', 'vs cbor-x + createHmac']],
};
const PURE_JS = ['noble', 'fast-sha256'];

/** Summarizes the measured groups into the results document. */
export function summarize(groups, { peers: PEERS, machine, config, quick, checks, alloc, wasm, loadavg, date }) {
  const out = { schema: 1, date, quick, machine, loadavg, config, groups: [], targets: [], alloc, wasm, checks };
  for (const g of groups) {
    const peers = g.peerOrder.filter((p) => g.rows.some((r) => r.cells.some((c) => c.peer === p)));
    const rows = g.rows.map((row) => {
      const cells = {};
      for (const c of row.cells) {
        const ns = median(c.samples);
        const cell = {
          nsPerOp: ns, clock: c.async ? 'wall' : 'cpu', minNs: Math.min(...c.samples), relMad: relMad(c.samples),
          wallNsPerOp: median(c.wallSamples), cpuNsPerOp: median(c.cpuSamples),
          passes: c.samples.length, itersPerPass: c.n, opsPerS: 1e9 / ns,
        };
        if (row.bytes && row.bytes >= 16384) cell.mbPerS = row.bytes / ns * 1e3; // 1e6 B per MB, ns → s
        cells[c.peer] = cell;
      }
      const ratios = {};
      for (const mine of peers.filter((p) => PEERS[p].family === 'edgesign' && cells[p])) {
        ratios[mine] = {};
        for (const p of peers) if (p !== mine && cells[p]) ratios[mine][p] = cells[p].nsPerOp / cells[mine].nsPerOp;
        if (g.id === 'hmac') {
          const best = Math.min(...PURE_JS.filter((p) => cells[p]).map((p) => cells[p].nsPerOp));
          ratios[mine]['best-js'] = best / cells[mine].nsPerOp;
        }
      }
      const wallRatios = {};
      for (const mine of Object.keys(ratios)) {
        wallRatios[mine] = {};
        for (const p of Object.keys(ratios[mine])) {
          const other = p === 'best-js' ? Math.min(...PURE_JS.filter((q) => cells[q]).map((q) => cells[q].wallNsPerOp)) : cells[p].wallNsPerOp;
          wallRatios[mine][p] = other / cells[mine].wallNsPerOp;
        }
      }
      const relBaseline = {};
      for (const p of peers) if (cells[p] && cells[g.baseline]) relBaseline[p] = cells[g.baseline].nsPerOp / cells[p].nsPerOp;
      const r = { label: row.label, size: row.size, cells, ratios, wallRatios, relBaseline };
      if (row.bytes) r.bytes = row.bytes;
      if (row.messageBytes) r.messageBytes = row.messageBytes;
      return r;
    });
    out.groups.push({
      id: g.id, title: g.title, primary: g.primary, baseline: g.baseline,
      peers: peers.map((id) => ({ id, ...PEERS[id] })),
      rows,
    });
  }
  out.targets = targets(out, PEERS);
  return out;
}

function rowOf(res, group, size) {
  return res.groups.find((g) => g.id === group)?.rows.find((r) => r.size === size);
}

/** The issue's targets (issues show 8), each with the measured ratio. */
function targets(res, PEERS) {
  const t = (id, label, group, size, mine, peer, threshold) => {
    const row = rowOf(res, group, size);
    const measured = row?.ratios?.[mine]?.[peer] ?? NaN;
    const wallMeasured = row?.wallRatios?.[mine]?.[peer] ?? NaN;
    const minOf = (p) => (p === 'best-js' ? Math.min(...PURE_JS.map((q) => row?.cells[q]?.minNs ?? Infinity)) : row?.cells[p]?.minNs ?? NaN);
    const bestPassRatio = row ? minOf(peer) / minOf(mine) : NaN;
    const detail = row ? `${fmtTime(row.cells[mine]?.nsPerOp)} vs ${fmtTime(peer === 'best-js'
      ? Math.min(...PURE_JS.map((p) => row.cells[p]?.nsPerOp ?? Infinity)) : row.cells[peer]?.nsPerOp)}` : '';
    return { id, label, measured, threshold, pass: measured >= threshold, wallMeasured, bestPassRatio, detail };
  };
  const hmac32 = rowOf(res, 'hmac', 32);
  const bestJs = hmac32 ? PURE_JS.reduce((a, p) => (hmac32.cells[p]?.nsPerOp < (hmac32.cells[a]?.nsPerOp ?? Infinity) ? p : a), PURE_JS[0]) : '';
  return [
    t('hmac32-node', 'HMAC 32 B, HmacSha256 reused vs node:crypto createHmac', 'hmac', 32, 'edgesign', 'node', 4.5),
    t('hmac32-js', `HMAC 32 B, HmacSha256 reused vs best pure-JS peer (${PEERS[bestJs]?.short ?? '?'})`, 'hmac', 32, 'edgesign', 'best-js', 2.3),
    t('hmac1k-hashwasm', 'HMAC 1 KiB, HmacSha256 reused vs hash-wasm', 'hmac', 1024, 'edgesign', 'hash-wasm', 1.5),
    t('hmac1m-hashwasm', 'HMAC 1 MiB, HmacSha256 reused vs hash-wasm', 'hmac', 1048576, 'edgesign', 'hash-wasm', 0.95),
    t('json1s-ei', 'JSON sign, 1 s window, vs the Edge Impulse way', 'sign-json', 1, 'edgesign-sign', 'ei', 2),
    t('cbor1s-cborx', 'CBOR sign, 1 s window, vs cbor-x + createHmac', 'sign-cbor', 1, 'edgesign-sign', 'cbor-x', 1),
  ];
}

// ---- text tables -------------------------------------------------------------------------------

function groupTable(g) {
  const head = ['size', ...g.peers.map((p) => p.short), ...RATIO_COLUMNS[g.id].map(([, l]) => `${shortPrimary(g)} ${l}`)];
  const body = g.rows.map((r) => [
    r.label,
    ...g.peers.map((p) => {
      const c = r.cells[p.id];
      if (!c) return '';
      const t = c.clock === 'wall' ? `${fmtTime(c.nsPerOp)} (wall)` : fmtTime(c.nsPerOp);
      return c.mbPerS ? `${t} (${fmtMBs(c.mbPerS)} MB/s)` : t;
    }),
    ...RATIO_COLUMNS[g.id].map(([p]) => fmtRatio(r.ratios[g.primary]?.[p])),
  ]);
  return { head, body };
}

function shortPrimary(g) {
  return g.id === 'hmac' ? 'HmacSha256' : g.id === 'sha256' ? 'sha256()' : 'sign()';
}

function padTable({ head, body }) {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}

function mdTable({ head, body }) {
  const line = (r) => `| ${r.join(' | ')} |`;
  return [line(head), `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...body.map(line)].join('\n');
}

function machineLines(res) {
  const m = res.machine;
  const la = res.loadavg;
  return [
    `${m.cpu}, ${m.cores} cores, ${m.os}, Node ${m.node} (V8 ${m.v8})`,
    `${res.date.slice(0, 16).replace('T', ' ')} UTC; load average ${la.start.map((x) => x.toFixed(2)).join(' ')} at start, ` +
      `${Number.isFinite(la.duringPasses) ? la.duringPasses.toFixed(2) : '?'} during the passes (1-min mean); median of ${res.config.passes} interleaved passes, CPU time per call`,
  ];
}

export function machineLine(res) {
  return machineLines(res).join('; ');
}

function allocRows(res) {
  const names = Object.fromEntries(res.groups.flatMap((g) => g.peers.map((p) => [p.id, p.short])));
  return res.alloc.rows.map((a) => [
    a.what,
    names[a.peer] ?? a.peer,
    Number.isFinite(a.bytesPerOp) ? Math.round(a.bytesPerOp).toLocaleString('en-US') : 'n/a',
    a.outputBytes ? a.outputBytes.toLocaleString('en-US') : '0 (reused)',
    Number.isFinite(a.bytesPerOp) ? Math.round(a.bytesPerOp - a.outputBytes).toLocaleString('en-US') : 'n/a',
  ]);
}
const ALLOC_HEAD = ['operation', 'who', 'JS bytes / op', 'output bytes', 'beyond output'];

function targetLines(res) {
  return res.targets.map((t) => `${t.pass ? 'PASS' : 'MISS'}  ${t.label}: ${fmtRatio(t.measured)} (target ≥ ${t.threshold}×; ${t.detail}; wall-clock ${fmtRatio(t.wallMeasured)}, best pass ${fmtRatio(t.bestPassRatio)})`);
}

export function consoleReport(res) {
  const parts = [`edgesign benchmark${res.quick ? ' (--quick smoke run: numbers are not meaningful)' : ''}`, machineLine(res), ''];
  for (const g of res.groups) {
    parts.push(`${g.title} — median time per call`, padTable(groupTable(g)), '');
  }
  parts.push('JS allocation per call (V8 heap + ArrayBuffers, no GC in between)', padTable({ head: ALLOC_HEAD, body: allocRows(res) }));
  parts.push(`wasm memory: ${res.wasm.bytes.toLocaleString('en-US')} B (declared min ${res.wasm.minPages} / max ${res.wasm.maxPages} pages of 64 KiB; the module imports ${res.wasm.imports} things)`, '');
  parts.push('Targets (issue 8)', ...targetLines(res));
  return parts.join('\n');
}

export function markdownReport(res) {
  const parts = [
    `<!-- generated by bench/run.mjs (npm run bench); do not edit by hand -->`,
    `**Machine:** ${machineLine(res)}.`,
    '',
    'Times are the median over interleaved passes in one process, measured as the CPU time the process used per call ' +
      '(`process.cpuUsage`), because on a shared machine wall time mostly measures the other processes; WebCrypto, which ' +
      'is awaited, is wall time. Wall-clock medians and ratios are in latest.json. The `n×` columns say how many times ' +
      'faster edgesign is than that peer (below 1×: slower). Every peer\'s output was checked against node:crypto before and after timing.',
    '',
  ];
  for (const g of res.groups) {
    parts.push(`#### ${g.title}`, '', mdTable(groupTable(g)), '');
  }
  parts.push('#### JS allocation per call', '', mdTable({ head: ALLOC_HEAD, body: allocRows(res) }), '',
    `WebAssembly memory: ${res.wasm.bytes.toLocaleString('en-US')} bytes (one fixed page; min ${res.wasm.minPages}, max ${res.wasm.maxPages}).`, '');
  parts.push('#### Targets', '',
    'Measured = ratio of the CPU-time medians (what pass/miss is judged on); wall-clock = ratio of the wall-time medians; best pass = ratio of the fastest passes.', '',
    '| target | measured | needed | | wall-clock | best pass |', '|---|---:|---:|---|---:|---:|',
    ...res.targets.map((t) => `| ${t.label} | ${fmtRatio(t.measured)} | ≥ ${t.threshold}× | ${t.pass ? 'pass' : '**miss**'} | ${fmtRatio(t.wallMeasured)} | ${fmtRatio(t.bestPassRatio)} |`), '');
  return parts.join('\n');
}

// ---- SVG chart ---------------------------------------------------------------------------------

const COLORS = {
  'edgesign': '#e8590c', 'edgesign-sha': '#e8590c', 'edgesign-sign': '#e8590c',
  'edgesign-oneshot': '#ffa94d', 'edgesign-sign-f64': '#ffa94d',
  'node': '#343a40', 'node-hash': '#343a40', 'ei': '#343a40', 'cbor-x': '#343a40',
  'node-hash1': '#868e96', 'ei-forwarder': '#868e96', 'webcrypto': '#adb5bd',
  'hash-wasm': '#1c7ed6', 'hash-wasm-sha': '#1c7ed6', 'as-sha256': '#66d9e8',
  'noble': '#7048e8', 'noble-sha': '#7048e8', 'fast-sha256': '#37b24d',
};

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

const BASELINE_NAME = { 'hmac': 'node:crypto createHmac', 'sha256': 'node:crypto createHash', 'sign-json': 'the Edge Impulse way', 'sign-cbor': 'cbor-x + createHmac' };

export function svgReport(res) {
  const W = 1000;
  const left = 92; // size labels
  const right = 150; // room for value labels
  const plotW = W - left - right;
  const barH = 12;
  const barGap = 3;
  const rowGap = 12;
  const all = res.groups.flatMap((g) => g.rows.flatMap((r) => Object.values(r.relBaseline)));
  const minV = Math.min(...all.filter((x) => x > 0));
  const maxV = Math.max(...all);
  const xLo = pickBound(minV * 0.8, 'down');
  const xHi = pickBound(maxV * 1.6, 'up');
  const x = (v) => left + (Math.log(v / xLo) / Math.log(xHi / xLo)) * plotW;
  const ticks = niceTicks(xLo, xHi);

  const el = [];
  let y = 0;
  el.push(`<text x="${W / 2}" y="28" text-anchor="middle" class="title">edgesign vs. peers: speed relative to a baseline (log scale, longer is faster)</text>`);
  const [m1, m2] = machineLines(res);
  el.push(`<text x="${W / 2}" y="47" text-anchor="middle" class="sub">${esc(m1)}</text>`);
  el.push(`<text x="${W / 2}" y="62" text-anchor="middle" class="sub">${esc(m2)}</text>`);
  y = 80;
  for (const g of res.groups) {
    // Panel header and legend.
    el.push(`<text x="16" y="${y + 16}" class="panel">${esc(g.title)}</text>`);
    el.push(`<text x="${W - 16}" y="${y + 16}" text-anchor="end" class="note">1× = ${esc(BASELINE_NAME[g.id])}</text>`);
    y += 26;
    let lx = left;
    for (const p of g.peers) {
      const label = p.short;
      const w = 22 + label.length * 7.2;
      if (lx + w > W - 16) { lx = left; y += 16; }
      el.push(`<rect x="${lx}" y="${y}" width="12" height="10" fill="${COLORS[p.id] ?? '#999'}"/>`);
      el.push(`<text x="${lx + 16}" y="${y + 9}" class="legend">${esc(label)}</text>`);
      lx += w + 10;
    }
    y += 22;
    const top = y;
    for (const r of g.rows) {
      const present = g.peers.filter((p) => r.cells[p.id]);
      const h = present.length * (barH + barGap) - barGap;
      el.push(`<text x="${left - 10}" y="${y + h / 2 + 4}" text-anchor="end" class="size">${esc(r.label.replace(/ \(.*\)$/, ''))}</text>`);
      for (const p of present) {
        const rel = r.relBaseline[p.id];
        const cell = r.cells[p.id];
        const w = Math.max(1, x(rel) - left);
        const strong = p.family === 'edgesign';
        el.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${COLORS[p.id] ?? '#999'}"${strong ? '' : ' fill-opacity="0.85"'}><title>${esc(`${p.label}: ${fmtTime(cell.nsPerOp)} per call, ${fmtRatio(rel)} of baseline`)}</title></rect>`);
        const tail = cell.mbPerS ? ` · ${fmtMBs(cell.mbPerS)} MB/s` : '';
        const clock = cell.clock === 'wall' ? ' (wall)' : '';
        el.push(`<text x="${(left + w + 4).toFixed(1)}" y="${y + barH - 1.5}" class="${strong ? 'val strong' : 'val'}">${esc(`${fmtRatio(rel)} · ${fmtTime(cell.nsPerOp)}${clock}${tail}`)}</text>`);
        y += barH + barGap;
      }
      y += rowGap - barGap;
    }
    const bottom = y - rowGap + barGap + 4;
    // Grid and axis, drawn under the bars (inserted before them).
    const grid = [];
    for (const t of ticks) {
      const gx = x(t).toFixed(1);
      grid.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${bottom}" class="${t === 1 ? 'one' : 'grid'}"/>`);
      grid.push(`<text x="${gx}" y="${bottom + 14}" text-anchor="middle" class="tick">${t}×</text>`);
    }
    el.push(`<g>${grid.join('')}</g>`);
    y = bottom + 34;
  }
  el.push(`<text x="16" y="${y}" class="note">Median of per-pass CPU time per call (WebCrypto: wall time), peers interleaved in one process; generated by bench/run.mjs${res.quick ? ' (--quick smoke run: not meaningful)' : ''}.</text>`);
  const H = y + 14;
  // Grids were pushed after their bars; move each panel's grid group to the front (drawn first).
  const grids = el.filter((e) => e.startsWith('<g>'));
  const rest = el.filter((e) => !e.startsWith('<g>'));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="'DejaVu Sans', Verdana, Arial, sans-serif">`,
    '<style>',
    '.title{font-size:17px;font-weight:bold;fill:#212529}.sub{font-size:11px;fill:#495057}',
    '.panel{font-size:15px;font-weight:bold;fill:#212529}.note{font-size:11px;fill:#495057;font-style:italic}',
    '.legend{font-size:12px;fill:#212529}.size{font-size:12px;font-weight:bold;fill:#212529}',
    '.val{font-size:11px;fill:#343a40;paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round}.val.strong{font-weight:bold;fill:#c2410c}.tick{font-size:11px;fill:#495057}.size{paint-order:stroke}',
    '.grid{stroke:#dee2e6;stroke-width:1}.one{stroke:#212529;stroke-width:1.5;stroke-dasharray:4 3}',
    '</style>',
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    ...grids,
    ...rest,
    '</svg>',
    '',
  ].join('\n');
}

function pickBound(v, dir) {
  const e = Math.floor(Math.log10(v));
  const steps = [1, 2, 5, 10];
  if (dir === 'down') {
    for (let i = steps.length - 1; i >= 0; i--) if (steps[i] * 10 ** e <= v) return steps[i] * 10 ** e;
    return 10 ** e;
  }
  for (const s of steps) if (s * 10 ** e >= v) return s * 10 ** e;
  return 10 ** (e + 1);
}
