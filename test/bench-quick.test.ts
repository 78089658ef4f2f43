// Smoke test of the benchmark harness (issue 8): `node bench/run.mjs --quick` must exercise every cell
// and write a complete latest.json, latest.md and latest.svg. Structure only: no timing assertions
// (a quick run's numbers mean nothing, and this machine is shared).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Cell { nsPerOp: number; wallNsPerOp: number; cpuNsPerOp: number; clock: string; passes: number; mbPerS?: number }
interface Row { label: string; size: number; cells: Record<string, Cell>; ratios: Record<string, Record<string, number>>; relBaseline: Record<string, number> }
interface Group { id: string; title: string; primary: string; baseline: string; peers: { id: string; label: string }[]; rows: Row[] }
interface Target { id: string; label: string; measured: number; threshold: number; pass: boolean }
interface Results {
  schema: number; date: string; quick: boolean;
  machine: { cpu: string; cores: number; node: string; os: string };
  loadavg: { start: number[]; end: number[] };
  groups: Group[]; targets: Target[];
  alloc: { rows: { what: string; peer: string; bytesPerOp: number; outputBytes: number }[] };
  wasm: { bytes: number; minPages: number; maxPages: number; imports: number };
  checks: { passedBefore: number; passedAfter: number };
}

const root = fileURLToPath(new URL('..', import.meta.url));
const SIZES = [32, 64, 256, 1024, 16384, 1048576];
const EXPECTED: Record<string, { sizes: number[]; peers: string[] }> = {
  'hmac': { sizes: SIZES, peers: ['edgesign', 'edgesign-oneshot', 'node', 'hash-wasm', 'noble', 'fast-sha256'] },
  'sha256': { sizes: SIZES, peers: ['edgesign-sha', 'node-hash', 'node-hash1', 'hash-wasm-sha', 'noble-sha', 'as-sha256'] },
  'sign-json': { sizes: [1, 10], peers: ['edgesign-sign', 'edgesign-sign-f64', 'ei', 'ei-forwarder'] },
  'sign-cbor': { sizes: [1, 10], peers: ['edgesign-sign', 'edgesign-sign-f64', 'cbor-x'] },
};
const finitePositive = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x > 0;

describe('bench/run.mjs --quick', () => {
  let out = '';
  let stdout = '';
  let res: Results;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'edgesign-bench-test-'));
    const r = spawnSync(process.execPath, [join(root, 'bench/run.mjs'), '--quick', '--out', out], {
      cwd: root, encoding: 'utf8', timeout: 110_000,
    });
    if (r.status !== 0) throw new Error(`bench --quick exited with ${r.status ?? r.signal}:\n${r.stderr}\n${r.stdout}`);
    stdout = r.stdout;
    res = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as Results;
  }, 120_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('describes the machine and the run', () => {
    expect(res.schema).toBe(1);
    expect(res.quick).toBe(true);
    expect(typeof res.machine.cpu).toBe('string');
    expect(res.machine.cores).toBeGreaterThanOrEqual(1);
    expect(res.machine.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(res.date))).toBe(false);
    expect(res.loadavg.start).toHaveLength(3);
    expect(res.loadavg.end).toHaveLength(3);
    expect(res.checks.passedBefore).toBeGreaterThan(0);
    expect(res.checks.passedAfter).toBe(res.checks.passedBefore);
  });

  it('has every group, size and peer, each with a finite time and finite ratios', () => {
    expect(res.groups.map((g) => g.id)).toEqual(Object.keys(EXPECTED));
    for (const g of res.groups) {
      const want = EXPECTED[g.id]!;
      expect(g.rows.map((r) => r.size), g.id).toEqual(want.sizes);
      for (const r of g.rows) {
        const peers = [...want.peers];
        if (g.id === 'hmac' && (r.size === 32 || r.size === 1024)) peers.push('webcrypto');
        expect(Object.keys(r.cells).sort(), `${g.id} ${r.label}`).toEqual(peers.sort());
        for (const [peer, c] of Object.entries(r.cells)) {
          const where = `${g.id} ${r.label} ${peer}`;
          expect(finitePositive(c.nsPerOp), `${where} nsPerOp ${c.nsPerOp}`).toBe(true);
          expect(finitePositive(c.wallNsPerOp), `${where} wallNsPerOp ${c.wallNsPerOp}`).toBe(true);
          expect(c.clock).toBe(peer === 'webcrypto' ? 'wall' : 'cpu');
          if ((g.id === 'hmac' || g.id === 'sha256') && r.size >= 16384) {
            expect(finitePositive(c.mbPerS), `${where} MB/s`).toBe(true);
          }
          expect(finitePositive(r.relBaseline[peer]), `${where} relative to baseline`).toBe(true);
        }
        const ratios = r.ratios[g.primary]!;
        for (const peer of Object.keys(r.cells).filter((p) => p !== g.primary)) {
          expect(finitePositive(ratios[peer]), `${g.id} ${r.label} ratio vs ${peer}`).toBe(true);
        }
      }
    }
  });

  it('reports every target of issue 8 with a measured ratio, in the JSON and on the console', () => {
    expect(res.targets.map((t) => t.id)).toEqual(['hmac32-node', 'hmac32-js', 'hmac1k-hashwasm', 'hmac1m-hashwasm', 'json1s-ei', 'cbor1s-cborx']);
    for (const t of res.targets) {
      expect(finitePositive(t.measured), t.id).toBe(true);
      expect(finitePositive(t.threshold), t.id).toBe(true);
      expect(t.pass).toBe(t.measured >= t.threshold);
    }
    expect(stdout.match(/^(PASS|MISS) {2}/gm)).toHaveLength(6);
  });

  it('measures allocation per call and the wasm memory', () => {
    const whats = new Set(res.alloc.rows.map((a) => a.what));
    expect([...whats]).toEqual(['HMAC 32 B', 'sign JSON 1 s', 'sign CBOR 1 s']);
    for (const a of res.alloc.rows) {
      expect(Number.isFinite(a.bytesPerOp) && a.bytesPerOp >= 0, `${a.what} ${a.peer}: ${a.bytesPerOp}`).toBe(true);
    }
    expect(res.wasm).toMatchObject({ bytes: 65536, minPages: 1, maxPages: 1, imports: 0 });
  });

  it('writes a Markdown table and an SVG chart', () => {
    const md = readFileSync(join(out, 'latest.md'), 'utf8');
    expect(md).toContain('**Machine:**');
    for (const g of res.groups) expect(md).toContain(`#### ${g.title}`);
    expect(md).toMatch(/^\| size \|/m);
    for (const t of res.targets) expect(md).toContain(t.label);

    const svg = readFileSync(join(out, 'latest.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect((svg.match(/<text\b/g) ?? []).length).toBe((svg.match(/<\/text>/g) ?? []).length);
    expect((svg.match(/<rect\b/g) ?? []).length).toBeGreaterThan(80);
    for (const g of res.groups) expect(svg).toContain(g.title.replace(/&/g, '&amp;'));
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });
});
