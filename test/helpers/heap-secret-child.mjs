#!/usr/bin/env node
// Sends an x-api-key the service does not know, then looks for it in a heap snapshot of this process
// (for test/service-secrets-in-memory.test.ts): prints `retained` or `gone`. The key's bytes never
// become a JavaScript string here, so only the service can have kept one. Run with --expose-gc.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { createIngestionServer, openStore, createApiKey } from '../../packages/server/dist/service/index.js';

const dir = mkdtempSync(join(tmpdir(), 'edgesign-heap-'));
const store = openStore(dir);
await createApiKey(store, { name: 'real', role: 'ingestiononly' });
const svc = createIngestionServer({ store, port: 0 });
const { port } = await svc.listen();

// 'ei_' + 64 hex digits, written byte by byte.
const HEX = Buffer.from('0123456789abcdef');
const needle = Buffer.alloc(67);
needle.write('ei_', 0, 'latin1');
const rnd = randomBytes(32);
for (let i = 0; i < 32; i++) {
  needle[3 + 2 * i] = HEX[rnd[i] >> 4];
  needle[4 + 2 * i] = HEX[rnd[i] & 15];
}

for (let attempt = 0; attempt < 3; attempt++) {
  await new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let answer = Buffer.alloc(0);
    sock.on('data', (c) => (answer = Buffer.concat([answer, c])));
    sock.on('close', resolve);
    sock.write(Buffer.concat([Buffer.from('GET /api/samples HTTP/1.1\r\nhost: x\r\nconnection: close\r\nx-api-key: '), needle, Buffer.from('\r\n\r\n')]));
  });
}
await new Promise((r) => setTimeout(r, 100));
for (let i = 0; i < 3; i++) globalThis.gc();
const file = writeHeapSnapshot(join(dir, 'heap.heapsnapshot'));
const found = readFileSync(file).indexOf(needle) !== -1;
await svc.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log(found ? 'retained' : 'gone');
