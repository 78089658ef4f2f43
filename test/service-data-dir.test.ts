/**
 * The data directory holds secrets in clear: it and the store's files are owner-only whatever the
 * umask, loose modes on an existing store are tightened with a warning, only creating a key creates
 * a store, and a directory that cannot be used fails at once with one line. Real files, real
 * processes (`edgesign keys`).
 */
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiKey, createHmacKey, openStore } from '../packages/server/src/service/index.js';
import { cliBuilt, expectOneLineError, runCli, tempDir } from './helpers/cli.js';

const mode = (p: string) => statSync(p).mode & 0o777;

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('edgesign-datadir-');
});
afterAll(() => tmp.cleanup());

describe('modes', () => {
  test('created under umask 000: directories 0700, database, -wal and -shm 0600', async () => {
    const dir = path.join(tmp.dir, 'fresh', 'nested', 'store');
    const old = process.umask(0);
    let store;
    try {
      store = openStore(dir);
      await createHmacKey(store, { name: 'k' });
    } finally {
      process.umask(old);
    }
    try {
      for (const d of [path.join(tmp.dir, 'fresh'), path.join(tmp.dir, 'fresh', 'nested'), dir]) expect(mode(d), d).toBe(0o700);
      for (const f of ['edgesign.db', 'edgesign.db-wal', 'edgesign.db-shm']) expect(mode(path.join(dir, f)), f).toBe(0o600);
    } finally {
      await store.close();
    }
  });

  test('an existing store others may read is tightened to 0600 at open, with one warning per file', async () => {
    const dir = path.join(tmp.dir, 'loose');
    const first = openStore(dir);
    await createHmacKey(first, { name: 'k' });
    await first.close();
    chmodSync(path.join(dir, 'edgesign.db'), 0o644);
    chmodSync(dir, 0o755);
    const warnings: string[] = [];
    const again = openStore(dir, { onWarning: (w) => warnings.push(w) });
    await again.close();
    expect(mode(path.join(dir, 'edgesign.db'))).toBe(0o600);
    expect(warnings.some((w) => w.includes('edgesign.db') && w.includes('0644') && w.includes('tightened to 0600'))).toBe(true);
    // The directory may be one the user chose and shares: warned about, left as it is.
    expect(warnings.some((w) => w.includes('data directory') && w.includes('0755'))).toBe(true);
    expect(mode(dir)).toBe(0o755);
  });
});

describe('opening', () => {
  test('create: false never creates anything (E_STORE_MISSING)', () => {
    const dir = path.join(tmp.dir, 'mistyped');
    expect(() => openStore(dir, { create: false })).toThrow(expect.objectContaining({ code: 'E_STORE_MISSING' }));
    expect(existsSync(dir)).toBe(false);
  });

  test('a directory that cannot be created fails at once with E_STORE_UNAVAILABLE', () => {
    writeFileSync(path.join(tmp.dir, 'a-file'), 'x');
    expect(() => openStore('/proc/edgesign-nope')).toThrow(expect.objectContaining({ code: 'E_STORE_UNAVAILABLE' }));
    expect(() => openStore(path.join(tmp.dir, 'a-file', 'store'))).toThrow(expect.objectContaining({ code: 'E_STORE_UNAVAILABLE' }));
  });
});

describe.skipIf(!cliBuilt())('edgesign keys and the data directory', () => {
  test('list, revoke and set-dev in a directory without a store fail with one line and create nothing', async () => {
    const dir = path.join(tmp.dir, 'typo');
    for (const args of [['list'], ['revoke', 'ak_0'], ['set-dev', 'hk_0']]) {
      const r = await runCli(['keys', ...args, '--data-dir', dir]);
      expect(r.code, args.join(' ')).toBe(1);
      expectOneLineError(r.stderr, 'E_STORE_MISSING');
    }
    expect(existsSync(dir)).toBe(false);
  });

  test('a data dir under /proc fails within the run with one line (no endless recursive mkdir)', async () => {
    const list = await runCli(['keys', 'list', '--data-dir', '/proc/nope'], { timeoutMs: 10_000 });
    expect(list.signal).toBeNull();
    expectOneLineError(list.stderr, 'E_STORE_MISSING');
    const create = await runCli(['keys', 'create-hmac-key', '--name', 'x', '--data-dir', '/proc/nope'], { timeoutMs: 10_000 });
    expect(create.signal).toBeNull();
    expectOneLineError(create.stderr, 'E_STORE_UNAVAILABLE');
  });

  test('keys list escapes what it prints: a stored name cannot fake table rows or move the cursor', async () => {
    const dir = path.join(tmp.dir, 'escapes');
    const store = openStore(dir);
    await createApiKey(store, { name: 'plain', role: 'readonly' });
    // Written as an older version would have stored it, past today's name check.
    await store.insertKey({
      id: 'ak_0123456789abcdef',
      kind: 'api',
      name: 'evil\nak_fake  admin  x\u001b[2J\u0007',
      role: 'readonly',
      secret: null,
      secretHash: 'f'.repeat(64),
      isDevelopmentKey: false,
      createdAt: new Date().toISOString(),
      revokedAt: null,
      expiresAt: null,
    });
    await store.close();
    const r = await runCli(['keys', 'list', '--data-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(r.out.split('\n').filter((l) => l.startsWith('ak_'))).toHaveLength(2);
    expect(r.out).toContain('evil\\x0aak_fake  admin  x\\x1b[2J\\x07');
  });
});
