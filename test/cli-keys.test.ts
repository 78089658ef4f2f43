// `edgesign keys` through real processes on a temp data dir: create (both kinds, --json shapes exactly
// as decisions.md fixes them), list, revoke, set-dev, the development-key rules, and the errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, cliBuilt, expectOneLineError, runCli, tempDir } from './helpers/cli.js';

const built = cliBuilt();

describe.skipIf(!built)('edgesign keys', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dir: string;
  const keys = (...args: string[]) => runCli(['keys', ...args, '--data-dir', dir]);
  const json = async (...args: string[]) => {
    const r = await keys(...args, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.out);
  };
  beforeAll(() => {
    tmp = tempDir();
    dir = path.join(tmp.dir, 'store');
  });
  afterAll(() => tmp.cleanup());

  it('create-api-key --json prints exactly {id,name,role,isDevelopmentKey,key}', async () => {
    const k = await json('create-api-key', '--name', 'ci', '--role', 'ingestiononly');
    expect(Object.keys(k)).toEqual(['id', 'name', 'role', 'isDevelopmentKey', 'key']);
    expect(k).toMatchObject({ name: 'ci', role: 'ingestiononly', isDevelopmentKey: false });
    expect(k.id).toMatch(/^ak_[0-9a-f]+$/);
    expect(k.key).toMatch(/^ei_[0-9a-f]{64}$/);
    expect(existsSync(path.join(dir, 'edgesign.db'))).toBe(true);
    const human = await keys('create-api-key', '--name', 'admin', '--role', 'admin');
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/^created API key ak_\w+ "admin" \(role admin\)\nkey: ei_[0-9a-f]{64}\n/);
  });

  it('create-hmac-key --json prints exactly {id,name,isDevelopmentKey,key}; --key takes 32 hex', async () => {
    const k = await json('create-hmac-key', '--name', 'fleet', '--dev');
    expect(Object.keys(k)).toEqual(['id', 'name', 'isDevelopmentKey', 'key']);
    expect(k).toMatchObject({ name: 'fleet', isDevelopmentKey: true });
    expect(k.id).toMatch(/^hk_[0-9a-f]+$/);
    expect(k.key).toMatch(/^[0-9a-f]{32}$/);
    const given = await json('create-hmac-key', '--name', 'given', '--key', 'fed53116f20684c067774ebf9e7bcbdc');
    expect(given.key).toBe('fed53116f20684c067774ebf9e7bcbdc');
    expect(given.isDevelopmentKey).toBe(false);
  });

  it('--dev moves the development flag; set-dev works for HMAC keys and not for API keys', async () => {
    const a = await json('create-api-key', '--name', 'dev1', '--role', 'ingestion_deployment', '--dev');
    const b = await json('create-api-key', '--name', 'dev2', '--role', 'ingestiononly', '--dev');
    let list = await json('list');
    expect(list.apiKeys.filter((k: { isDevelopmentKey: boolean }) => k.isDevelopmentKey).map((k: { id: string }) => k.id)).toEqual([b.id]);
    expect(JSON.stringify(list)).not.toContain(a.key); // API key secrets never appear in a listing

    const h1 = list.hmacKeys.find((k: { name: string }) => k.name === 'fleet');
    const h2 = list.hmacKeys.find((k: { name: string }) => k.name === 'given');
    expect(h1.isDevelopmentKey).toBe(true);
    const set = await json('set-dev', h2.id);
    expect(set).toMatchObject({ id: h2.id, isDevelopmentKey: true });
    list = await json('list');
    expect(list.hmacKeys.filter((k: { isDevelopmentKey: boolean }) => k.isDevelopmentKey).map((k: { id: string }) => k.id)).toEqual([h2.id]);

    const r = await keys('set-dev', a.id);
    expect(r.code).toBe(1);
    expectOneLineError(r.stderr, 'E_DEV_KEY_API');
  });

  it('revoke hides a key from list (shown with --all); revoking again is fine; unknown ids fail', async () => {
    const k = await json('create-hmac-key', '--name', 'old');
    const rev = await json('revoke', k.id);
    expect(rev).toMatchObject({ id: k.id, kind: 'hmac' });
    expect(rev.revoked).toEqual(expect.any(String));
    expect((await json('list')).hmacKeys.map((x: { id: string }) => x.id)).not.toContain(k.id);
    expect((await json('list', '--all')).hmacKeys.map((x: { id: string }) => x.id)).toContain(k.id);
    expect((await keys('revoke', k.id)).code).toBe(0);
    const human = await keys('list');
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/API keys \(\d+\)/);
    expect(human.out).toMatch(/HMAC keys \(\d+\)/);
    const setRevoked = await keys('set-dev', k.id);
    expect(setRevoked.code).toBe(1);
    expectOneLineError(setRevoked.stderr, 'E_KEY_REVOKED');
    const unknown = await keys('revoke', 'hk_doesnotexist');
    expect(unknown.code).toBe(1);
    expectOneLineError(unknown.stderr, 'E_KEY_NOT_FOUND');
  });

  it('honours EDGESIGN_DATA_DIR when --data-dir is not given', async () => {
    const other = path.join(tmp.dir, 'env-store');
    const r = await runCli(['keys', 'create-hmac-key', '--name', 'env', '--json'], { env: cleanEnv({ EDGESIGN_DATA_DIR: other }) });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(other, 'edgesign.db'))).toBe(true);
  });

  describe.concurrent('errors: exit 1, one line on stderr', () => {
    const cases: Array<[string, string[], string]> = [
      ['no subcommand', [], 'E_USAGE'],
      ['an unknown subcommand', ['rotate'], 'E_USAGE'],
      ['create-api-key without --name', ['create-api-key', '--role', 'admin'], 'E_USAGE'],
      ['create-api-key without --role', ['create-api-key', '--name', 'x'], 'E_USAGE'],
      ['an unknown role', ['create-api-key', '--name', 'x', '--role', 'owner'], 'E_USAGE'],
      ['an HMAC key that is not 32 hex', ['create-hmac-key', '--name', 'x', '--key', 'abc'], 'E_KEY_FORMAT'],
      ['a flag another subcommand takes', ['list', '--role', 'admin'], 'E_USAGE'],
      ['revoke without an id', ['revoke'], 'E_USAGE'],
      ['an unknown flag', ['list', '--everything'], 'E_USAGE'],
    ];
    for (const [what, args, code] of cases) {
      it(what, async () => {
        const r = await keys(...args);
        expect(r.code).toBe(1);
        expectOneLineError(r.stderr, code);
      });
    }
  });
});
