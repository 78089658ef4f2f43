// `edgesign serve` options for operators, through real processes: the replay options decided by the
// server (--disallow-duplicates, --require-iat), the connection settings, and the warnings printed
// when binding beyond loopback or when the development API key is an admin key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openStore } from '../packages/server/src/service/index.js';
import { referenceSignJson } from './helpers/reference-signer.js';
import { message } from './helpers/service.js';
import { cliBuilt, runCli, startServe, tempDir } from './helpers/cli.js';

describe.skipIf(!cliBuilt())('edgesign serve options', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dataDir: string;
  let ingest: string;
  let hmac: string;

  beforeAll(async () => {
    tmp = tempDir();
    dataDir = path.join(tmp.dir, 'store');
    const key = async (...args: string[]) => JSON.parse((await runCli(['keys', ...args, '--data-dir', dataDir, '--json'])).out);
    ingest = (await key('create-api-key', '--name', 'ingest', '--role', 'ingestiononly')).key;
    hmac = (await key('create-hmac-key', '--name', 'devices', '--dev')).key;
  });
  afterAll(() => tmp.cleanup());
  // serve installs its SIGTERM handler after its last start-up line; let it get there before stopping it.
  const settle = () => new Promise((r) => setTimeout(r, 1000));

  const upload = (url: string, body: Uint8Array) =>
    fetch(`${url}/api/training/data`, { method: 'POST', headers: { 'x-api-key': ingest, 'x-file-name': 'a.json', 'content-type': 'application/json' }, body: body as BodyInit }).then(async (r) => ({
      status: r.status,
      text: await r.text(),
    }));

  it('--disallow-duplicates and --require-iat: identical bodies and messages without iat are refused whatever the client sends', async () => {
    const served = await startServe(dataDir, ['--disallow-duplicates', '--require-iat', '--headers-timeout', '5', '--max-connections', '16']);
    try {
      const body = referenceSignJson(message(), hmac);
      expect((await upload(served.url, body)).status).toBe(200);
      expect(await upload(served.url, body)).toEqual({ status: 409, text: expect.stringMatching(/^E_DUPLICATE: /) });
      expect(await upload(served.url, referenceSignJson(message({ iat: null }), hmac))).toEqual({ status: 400, text: expect.stringMatching(/^E_IAT_MISSING: /) });
      expect(served.stderr()).toBe('');
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it('binding beyond loopback prints a warning; loopback does not', async () => {
    const wide = await startServe(dataDir, ['--host', '0.0.0.0']);
    try {
      expect(wide.stderr()).toMatch(/^edgesign: warning: listening on 0\.0\.0\.0, beyond this machine/m);
      await settle();
    } finally {
      expect(await wide.stop()).toBe(0);
    }
  });

  it('an admin development API key (left by an older version) is warned about at start', async () => {
    const store = openStore(dataDir);
    await store.insertKey({
      id: 'ak_00000000000000aa',
      kind: 'api',
      name: 'old-dev-admin',
      role: 'admin',
      secret: 'ei_' + 'a'.repeat(64),
      secretHash: 'a'.repeat(64),
      isDevelopmentKey: true,
      createdAt: new Date().toISOString(),
      revokedAt: null,
      expiresAt: null,
    });
    await store.close();
    const served = await startServe(dataDir);
    try {
      expect(served.stderr()).toMatch(/warning: the development API key has the admin role/);
      await settle();
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });
});
