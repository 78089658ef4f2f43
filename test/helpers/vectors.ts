/** Parsers for the conformance vector files in the shared folder (formats: shared/vectors/README.md). */
import { readFileSync } from 'node:fs';
import { hexToBytes } from './shared.js';

/** NIST SHAVS byte vectors (`Len`/`Msg`/`MD` blocks, CRLF). `Len = 0` carries a placeholder `Msg = 00`. */
export function parseShaRsp(file: string): Array<{ len: number; msg: Uint8Array; md: string }> {
  const out: Array<{ len: number; msg: Uint8Array; md: string }> = [];
  let len = -1;
  let msg = '';
  for (const raw of readFileSync(file, 'latin1').split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    const m = /^(\w+)\s*=\s*(\S*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'Len') len = Number(m[2]);
    else if (m[1] === 'Msg') msg = m[2]!;
    else if (m[1] === 'MD') {
      out.push({ len, msg: len === 0 ? new Uint8Array(0) : hexToBytes(msg).subarray(0, len / 8), md: m[2]!.toLowerCase() });
    }
  }
  return out;
}

/** NIST SHAVS Monte Carlo file: the seed and the 100 checkpoint digests. */
export function parseMonte(file: string): { seed: Uint8Array; checkpoints: string[] } {
  let seed = '';
  const checkpoints: string[] = [];
  for (const raw of readFileSync(file, 'latin1').split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    const m = /^(\w+)\s*=\s*(\S*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'Seed') seed = m[2]!;
    else if (m[1] === 'MD') checkpoints.push(m[2]!.toLowerCase());
  }
  return { seed: hexToBytes(seed), checkpoints };
}

/** NIST HMACVS, only the `[L=32]` section (HMAC-SHA256); `Mac` is truncated to `Tlen` bytes. */
export function parseHmacRsp(file: string): Array<{ count: number; key: Uint8Array; msg: Uint8Array; tlen: number; mac: string }> {
  const out: Array<{ count: number; key: Uint8Array; msg: Uint8Array; tlen: number; mac: string }> = [];
  let section = '';
  let cur: Record<string, string> = {};
  for (const raw of readFileSync(file, 'latin1').split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    const sec = /^\[L=(\d+)\]$/.exec(line);
    if (sec) { section = sec[1]!; continue; }
    if (section !== '32') continue;
    const m = /^(\w+)\s*=\s*(\S*)$/.exec(line);
    if (!m) continue;
    cur[m[1]!] = m[2]!;
    if (m[1] === 'Mac') {
      out.push({ count: Number(cur.Count), key: hexToBytes(cur.Key!), msg: hexToBytes(cur.Msg!), tlen: Number(cur.Tlen), mac: cur.Mac!.toLowerCase() });
      cur = {};
    }
  }
  return out;
}

/** RFC 4231 §4.2–4.8: test cases 1–7 with key, data and the HMAC-SHA-256 result. */
export function parseRfc4231(file: string): Array<{ n: number; key: Uint8Array; data: Uint8Array; mac: string; truncated: boolean }> {
  const text = readFileSync(file, 'latin1').replace(/\f/g, '\n');
  const cases: Array<{ n: number; key: Uint8Array; data: Uint8Array; mac: string; truncated: boolean }> = [];
  const parts = text.split(/\n4\.(\d)\.\s+Test Case (\d)/).slice(1);
  for (let i = 0; i < parts.length; i += 3) {
    const n = Number(parts[i + 1]);
    const body = parts[i + 2]!.split(/\n5\.\s/)[0]!;
    const field = (name: string): string => {
      // A field is hex wrapped over lines, each line possibly ending in a "(...)" comment.
      const lines = body.split('\n');
      const start = lines.findIndex((l) => new RegExp(`^\\s*${name}\\s*=?\\s`).test(l + ' '));
      if (start < 0) return '';
      let hex = '';
      for (let j = start; j < lines.length; j++) {
        let l = lines[j]!;
        if (j === start) l = l.replace(new RegExp(`^\\s*${name}\\s*=?`), '');
        else if (/^\s*(Key|Data|HMAC-SHA-\d+)\b/.test(l) || /^\s*$/.test(l) || /^RFC|^Nystrom/.test(l.trim())) break;
        const h = l.replace(/\(.*?\)/g, '').trim();
        if (!/^[0-9a-fA-F]*$/.test(h)) break;
        hex += h;
      }
      return hex.toLowerCase();
    };
    cases.push({ n, key: hexToBytes(field('Key')), data: hexToBytes(field('Data')), mac: field('HMAC-SHA-256'), truncated: /truncat/i.test(body) && n === 5 });
  }
  return cases;
}
