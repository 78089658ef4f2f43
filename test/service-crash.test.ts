/**
 * Nothing lost: the service runs in a child process (from the built package, dist/), takes a load of
 * signed samples from concurrent clients, and is killed with SIGKILL in the middle of it. The SQLite
 * file is then reopened: every sample that was acknowledged (200) is there and intact (SHA-256 of its
 * raw bytes), and every row that exists is whole (its bytes hash to its recorded SHA-256 and match
 * what was sent under that file name). Requests in flight at the kill may or may not be stored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createApiKey, createHmacKey, openStore } from '../packages/server/src/service/index.js';
import { referenceSignCborWithTail } from './helpers/reference-signer.js';
import { inCI, repoRoot } from './helpers/shared.js';
import { message, signedJson, tempDir } from './helpers/service.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const built = join(repoRoot, 'packages/server/dist/service/index.js');
const haveDist = existsSync(built);
if (!haveDist) {
  const msg = `${built} is missing: run \`npm run build\` (the crash test runs the built service in a child process)`;
  if (inCI) throw new Error(`${msg}; CI=true requires it`);
  console.warn(`\n*** SKIPPING the SIGKILL test: ${msg} ***\n`);
}

const CONCURRENCY = 16;

/** POST with node:http; resolves with the status and body, rejects when the connection fails. */
function postRaw(agent: Agent, url: string, body: Uint8Array, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/training/data`, { agent, method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

function startChild(dataDir: string): Promise<string> {
  child = spawn(process.execPath, [join(repoRoot, 'test/helpers/serve-child.mjs'), dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  return new Promise((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (c) => {
      out += c;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child!.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

describe.skipIf(!haveDist)('SIGKILL in the middle of a load', () => {
  test('every acknowledged sample is stored intact; nothing half-written (3 kills, restarting on the same store)', async () => {
    const { dir, cleanup } = tempDir('edgesign-crash-');
    try {
      const setup = openStore(dir);
      const api = await createApiKey(setup, { name: 'load', role: 'ingestiononly' });
      const hk = await createHmacKey(setup, { name: 'devices' });
      await setup.close();

      // A mix of small JSON messages and larger CBOR + binary tail bodies (several pages each).
      // Made before the load, so that the kill follows the last acknowledgement within a millisecond.
      const N = 2400;
      const bodies = Array.from({ length: N }, (_, i): { body: Uint8Array; type: string; hash: string } => {
        if (i % 5 !== 4) {
          const body = signedJson(hk.key, { seed: i });
          return { body, type: 'application/json', hash: sha256(body) };
        }
        const tail = new Uint8Array(16_000 + (i % 7) * 3000).map((_, j) => (i + j) & 0xff);
        const msg = message({ sensors: [{ name: 'audio', units: 'wav' }], values: ['Ref-BINARY-i16'], seed: i });
        const body = referenceSignCborWithTail(msg, tail, hk.key);
        return { body, type: 'application/octet-stream', hash: sha256(body) };
      });
      const sent = new Map<string, string>(); // file name → sha256 of the body sent
      const acked = new Map<string, string>(); // file name from a 200 → sha256 (all rounds)
      let next = 0;

      for (let round = 1; round <= 3; round++) {
        const url = await startChild(dir);
        // node:http with keep-alive (lighter than fetch): the kill follows an acknowledgement closely.
        const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
        let killed = false;
        let refusedBeforeKill = 0;
        const killAt = acked.size + 150;
        const worker = async () => {
          while (!killed && next < N) {
            const i = next++;
            const { body, type, hash } = bodies[i]!;
            const name = `load.${i}.bin`;
            sent.set(name, hash);
            try {
              const res = await postRaw(agent, url, body, { 'x-api-key': api.key, 'x-file-name': name, 'content-type': type });
              if (res.status === 200) {
                expect(res.text).toBe(name);
                acked.set(name, hash);
                if (!killed && acked.size >= killAt) {
                  killed = true;
                  child!.kill('SIGKILL');
                }
              } else if (!killed) refusedBeforeKill++;
            } catch {
              if (!killed) refusedBeforeKill++;
            }
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        agent.destroy();
        expect(killed, `round ${round}: the load ran out before the kill`).toBe(true);
        expect(refusedBeforeKill).toBe(0);
        await new Promise<void>((resolve) => (child!.exitCode !== null || child!.signalCode !== null ? resolve() : child!.once('exit', () => resolve())));
        expect(child!.signalCode).toBe('SIGKILL');
        child = undefined;

        // Reopen the file as a restarted service would.
        const store = openStore(dir);
        try {
          expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
          const rows = await store.listSamples({ limit: 100_000, offset: 0 });
          const byName = new Map(rows.map((r) => [r.fileName, r]));
          expect(byName.size).toBe(rows.length); // no sample twice
          for (const [name, hash] of acked) {
            const row = byName.get(name);
            expect(row, `round ${round}: acknowledged ${name} is missing`).toBeDefined();
            expect(row!.sha256).toBe(hash);
          }
          for (const row of rows) {
            const raw = await store.getSampleRaw(row.id);
            expect(raw!.body.length).toBe(row.bytes);
            expect(sha256(raw!.body)).toBe(row.sha256);
            expect(sent.get(row.fileName)).toBe(row.sha256);
            expect(row.signature).toBe('valid');
          }
          // Unacknowledged rows can only be requests that were in flight at a kill.
          expect(rows.length - acked.size).toBeGreaterThanOrEqual(0);
          expect(rows.length - acked.size).toBeLessThanOrEqual(CONCURRENCY * round);
          console.log(`SIGKILL round ${round}: ${acked.size} acknowledged so far, ${rows.length} stored, ${rows.length - acked.size} stored without an answer`);
        } finally {
          await store.close();
        }
      }
    } finally {
      cleanup();
    }
  }, 120_000);
});
