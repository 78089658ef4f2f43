// `edgesign sign` and `edgesign verify` through real processes (bin/edgesign.js → dist/cli): round trips
// in both encodings from CSV (with and without a header row), JSON rows and stdin; the published D1
// vector byte for byte; an independent node:crypto check of every signature; verify failures with exit 1
// and the code in --json; bad flags and missing keys as one-line errors; --help/--version everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSigner } from '../packages/edgesign/src/index.js';
import { cleanEnv, cliBuilt, expectOneLineError, runCli, tempDir } from './helpers/cli.js';

const KEY = 'fed53116f20684c067774ebf9e7bcbdc';
const OTHER = '0123456789abcdef0123456789abcdef';
const ACC = ['--sensor', 'accX:m/s2', '--sensor', 'accY:m/s2', '--sensor', 'accZ:m/s2'];
const ACC_SENSORS = ['accX', 'accY', 'accZ'].map((name) => ({ name, units: 'm/s2' }));
const DEVICE = ['--device-type', 'DISCO-L475VG-IOT01A', '--device-name', 'ac:87:a3:0a:2d:1b', '--interval-ms', '10'];
const D1_ROWS = [
  [-9.81, 0.03, 1.21],
  [-9.83, 0.04, 1.27],
  [-9.12, 0.03, 1.23],
  [-9.14, 0.01, 1.25],
];
/** format.md §7 D1: compact JSON, key used as its ASCII bytes. */
const D1_SIGNATURE = '7c3c01c0f6c192a56e49b6578eda7f95dd0ac9ece33f162675fdf183bf0ecb1e';

/** Independent check (node:crypto only): the 64 hex characters after the signature key, zeroed, HMAC'd. */
function independentlyValid(msg: Buffer, key: string): boolean {
  const json = msg[0] === 0x7b;
  const marker = json ? Buffer.from('"signature":"') : Buffer.from([0x69, ...Buffer.from('signature'), 0x78, 0x40]);
  const at = msg.indexOf(marker);
  if (at < 0) return false;
  const start = at + marker.length;
  const sig = msg.subarray(start, start + 64).toString('latin1');
  const copy = Buffer.from(msg);
  copy.fill(0x30, start, start + 64);
  return createHmac('sha256', key).update(copy).digest('hex') === sig;
}

const built = cliBuilt();

describe.skipIf(!built)('edgesign sign → verify', () => {
  let tmp: ReturnType<typeof tempDir>;
  const f = (name: string) => path.join(tmp.dir, name);
  beforeAll(() => {
    tmp = tempDir();
    writeFileSync(f('d1.csv'), 'accX,accY,accZ\n' + D1_ROWS.map((r) => r.join(',')).join('\n') + '\n');
    writeFileSync(f('noheader.csv'), D1_ROWS.map((r) => r.join(', ')).join('\r\n'));
    writeFileSync(f('rows.json'), JSON.stringify(D1_ROWS));
  });
  afterAll(() => tmp.cleanup());

  it('signs the D1 vector from CSV with a header row, byte for byte', async () => {
    const r = await runCli(['sign', f('d1.csv'), ...DEVICE, ...ACC, '--hmac-key', KEY, '--iat', '1564128599']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const expected =
      '{"protected":{"ver":"v1","alg":"HS256","iat":1564128599},"signature":"' + D1_SIGNATURE + '",' +
      '"payload":{"device_name":"ac:87:a3:0a:2d:1b","device_type":"DISCO-L475VG-IOT01A","interval_ms":10,' +
      '"sensors":[{"name":"accX","units":"m/s2"},{"name":"accY","units":"m/s2"},{"name":"accZ","units":"m/s2"}],' +
      '"values":[[-9.81,0.03,1.21],[-9.83,0.04,1.27],[-9.12,0.03,1.23],[-9.14,0.01,1.25]]}}';
    expect(r.out).toBe(expected);
  });

  for (const format of ['json', 'cbor'] as const) {
    it(`${format}: CSV (header, no header), JSON rows and stdin all give the same verified message`, async () => {
      const common = [...DEVICE, ...ACC, '--hmac-key', KEY, '--iat', '1700000000', '--format', format];
      const fromHeader = await runCli(['sign', f('d1.csv'), ...common]);
      const fromPlain = await runCli(['sign', f('noheader.csv'), ...common]);
      const fromJson = await runCli(['sign', f('rows.json'), ...common]);
      const fromStdin = await runCli(['sign', ...common], { input: JSON.stringify(D1_ROWS) });
      const fromStdinCsv = await runCli(['sign', '-', ...common], { input: readFileSync(f('d1.csv')) });
      for (const r of [fromHeader, fromPlain, fromJson, fromStdin, fromStdinCsv]) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout.equals(fromHeader.stdout)).toBe(true);
      }
      expect(fromHeader.stdout[0]).toBe(format === 'json' ? 0x7b : 0xa3);
      expect(independentlyValid(fromHeader.stdout, KEY)).toBe(true);

      const out = f(`msg.${format}`);
      const w = await runCli(['sign', f('d1.csv'), ...common, '--out', out]);
      expect(w.code).toBe(0);
      expect(w.stdout.length).toBe(0);
      expect(readFileSync(out).equals(fromHeader.stdout)).toBe(true);

      const v = await runCli(['verify', out, '--hmac-key', OTHER, '--hmac-key', KEY, '--json']);
      expect(v.code).toBe(0);
      expect(JSON.parse(v.out)).toEqual({ file: out, ok: true, keyId: '1' });
      const human = await runCli(['verify', out, '--hmac-key', KEY]);
      expect(human.code).toBe(0);
      expect(human.out).toMatch(/valid/);
      const stdin = await runCli(['verify', '-', '--hmac-key', KEY, '--json'], { input: fromHeader.stdout });
      expect(JSON.parse(stdin.out)).toEqual({ file: '-', ok: true, keyId: '0' });
    });
  }

  it('a long CSV is streamed in batches (more rows than one batch, quoted cells, ; separators): same bytes as signing in memory', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [i / 7, -1.5 * i - 0.25, (i % 13) - 6]); // no -0: CSV cannot say it
    writeFileSync(f('long.csv'), '# a comment line\n"accX";"accY";"accZ"\n' + rows.map((r) => r.join(';')).join('\n') + '\n\n');
    for (const format of ['json', 'cbor'] as const) {
      const out = f(`long.${format}`);
      const r = await runCli(['sign', f('long.csv'), ...DEVICE, ...ACC, '--hmac-key', KEY, '--iat', '1700000000', '--format', format, '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const signer = createSigner({ hmacKey: KEY, deviceType: 'DISCO-L475VG-IOT01A', deviceName: 'ac:87:a3:0a:2d:1b', intervalMs: 10, sensors: ACC_SENSORS, encoding: format });
      expect(readFileSync(out).equals(Buffer.from(signer.sign(rows, { iat: 1700000000 })))).toBe(true);
      expect(independentlyValid(readFileSync(out), KEY)).toBe(true);
    }
    // stdout gets the same bytes (written from the temporary file once the signature is patched in).
    const viaStdout = await runCli(['sign', f('long.csv'), ...DEVICE, ...ACC, '--hmac-key', KEY, '--iat', '1700000000', '--format', 'cbor']);
    expect(viaStdout.stdout.equals(readFileSync(f('long.cbor')))).toBe(true);
    // A bad row late in the file: the line is named, and no output file is left behind.
    writeFileSync(f('late-bad.csv'), rows.slice(0, 9000).map((r) => r.join(',')).join('\n') + '\n1,2,x\n');
    const bad = await runCli(['sign', f('late-bad.csv'), ...DEVICE, ...ACC, '--hmac-key', KEY, '--out', f('late-bad.json')]);
    expect(bad.code).toBe(1);
    expectOneLineError(bad.stderr, 'E_CSV_VALUE');
    expect(bad.stderr).toContain('line 9001');
    expect(existsSync(f('late-bad.json'))).toBe(false);
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 180_000);

  it('the key from --hmac-key-file or stdin ("-"); stdin cannot be both the key and the data', async () => {
    writeFileSync(f('hmac.key'), KEY + '\n');
    const fromFile = await runCli(['sign', f('d1.csv'), ...DEVICE, ...ACC, '--hmac-key-file', f('hmac.key'), '--iat', '1564128599']);
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.out).signature).toBe(D1_SIGNATURE);
    const fromStdin = await runCli(['sign', f('d1.csv'), ...DEVICE, ...ACC, '--hmac-key-file', '-', '--iat', '1564128599'], { input: KEY });
    expect(JSON.parse(fromStdin.out).signature).toBe(D1_SIGNATURE);
    const v = await runCli(['verify', f('long.json'), '--hmac-key-file', f('hmac.key'), '--json']);
    expect(JSON.parse(v.out)).toMatchObject({ ok: true, keyId: '0' });
    const both = await runCli(['sign', '-', ...DEVICE, ...ACC, '--hmac-key-file', '-'], { input: KEY });
    expect(both.code).toBe(1);
    expectOneLineError(both.stderr, 'E_USAGE');
    const help = await runCli(['sign', '--help']);
    expect(help.out).toContain('/proc/PID/cmdline');
  });

  it('CBOR --interval-as-float writes interval_ms as a half float (C SDK style)', async () => {
    const r = await runCli(['sign', f('d1.csv'), ...DEVICE, ...ACC, '--hmac-key', KEY, '--format', 'cbor', '--interval-as-float', '--no-iat']);
    expect(r.code).toBe(0);
    const at = r.stdout.indexOf(Buffer.from('interval_ms'));
    expect(r.stdout.subarray(at + 11, at + 14).toString('hex')).toBe('f94900');
    expect(r.stdout.includes(Buffer.from('iat'))).toBe(false);
    expect(independentlyValid(r.stdout, KEY)).toBe(true);
  });

  it('takes the key from EDGESIGN_HMAC_KEY, the sensors from the header row (units N/A), one sensor flat', async () => {
    const r = await runCli(['sign', f('d1.csv'), '--device-type', 'X', '--interval-ms', '16.5', '--no-iat'], { env: cleanEnv({ EDGESIGN_HMAC_KEY: KEY }) });
    expect(r.code).toBe(0);
    const msg = JSON.parse(r.out);
    expect(msg.payload.sensors).toEqual([
      { name: 'accX', units: 'N/A' },
      { name: 'accY', units: 'N/A' },
      { name: 'accZ', units: 'N/A' },
    ]);
    expect(msg.payload.interval_ms).toBe(16.5);
    expect(msg.protected).toEqual({ ver: 'v1', alg: 'HS256' });
    const one = await runCli(['sign', '--device-type', 'X', '--interval-ms', '1', '--sensor', 'temp:C', '--hmac-key', KEY], { input: '21.5\n21.75\n' });
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out).payload.values).toEqual([21.5, 21.75]);
  });

  describe('verify failures exit 1 with the code in --json', () => {
    let good: string;
    beforeAll(async () => {
      good = f('good.json');
      const r = await runCli(['sign', f('d1.csv'), ...DEVICE, ...ACC, '--hmac-key', KEY, '--out', good]);
      expect(r.code).toBe(0);
    });

    const cases: Array<[string, () => Buffer | string, string, string[]?]> = [
      ['a tampered value', () => readFileSync(good, 'utf8').replace('-9.81', '-9.82'), 'E_SIG_MISMATCH'],
      ['the wrong key', () => readFileSync(good), 'E_SIG_MISMATCH', ['--hmac-key', OTHER]],
      ['an unsigned message', () => readFileSync(good, 'utf8').replace('"alg":"HS256"', '"alg":"none"'), 'E_ALG_NONE'],
      ['the placeholder signature', () => readFileSync(good, 'utf8').replace(/"signature":"[0-9a-f]{64}"/, `"signature":"${'0'.repeat(64)}"`), 'E_SIG_PLACEHOLDER'],
      ['truncated JSON', () => readFileSync(good, 'utf8').slice(0, 50), 'E_JSON_PARSE'],
      ['garbage bytes', () => Buffer.from([0xa3, 0xff, 0x00]), 'E_CBOR_PARSE'],
      ['CSV rows instead of a signed message (sign it first)', () => 'accX,accY,accZ\n-9.81,0.03,1.21\n', 'E_CSV_INPUT'],
    ];
    for (const [what, make, code, keys] of cases) {
      it(what, async () => {
        const file = f(`bad-${code}-${what.length}.bin`);
        writeFileSync(file, make());
        const r = await runCli(['verify', file, ...(keys ?? ['--hmac-key', KEY]), '--json']);
        expect(r.code).toBe(1);
        expect(JSON.parse(r.out)).toEqual({ file, ok: false, code });
        const human = await runCli(['verify', file, ...(keys ?? ['--hmac-key', KEY])]);
        expect(human.code).toBe(1);
        expect(human.out).toContain(code);
      });
    }

    it('several files: one line each, exit 1 if any is invalid; a missing file is E_READ', async () => {
      const missing = f('nope.json');
      const r = await runCli(['verify', good, missing, good, '--hmac-key', KEY, '--json']);
      expect(r.code).toBe(1);
      const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toEqual([
        { file: good, ok: true, keyId: '0' },
        { file: missing, ok: false, code: 'E_READ' },
        { file: good, ok: true, keyId: '0' },
      ]);
      const silent = await runCli(['verify', good, missing, '--hmac-key', KEY, '--silent']);
      expect(silent.code).toBe(1);
      expect(silent.out).toBe('');
    });

    it('hk_ID=KEY reports the key by id; --allow-unsigned accepts alg none; --max-age refuses stale', async () => {
      const r = await runCli(['verify', good, '--hmac-key', `hk_abc=${KEY}`, '--json']);
      expect(JSON.parse(r.out)).toEqual({ file: good, ok: true, keyId: 'hk_abc' });
      const unsigned = f('unsigned.json');
      writeFileSync(unsigned, readFileSync(good, 'utf8').replace('"alg":"HS256"', '"alg":"none"'));
      const u = await runCli(['verify', unsigned, '--allow-unsigned', '--json']);
      expect(u.code).toBe(0);
      expect(JSON.parse(u.out)).toEqual({ file: unsigned, ok: true });
      const old = f('old.json');
      const s = await runCli(['sign', f('d1.csv'), ...DEVICE, ...ACC, '--hmac-key', KEY, '--iat', '1564128599', '--out', old]);
      expect(s.code).toBe(0);
      const stale = await runCli(['verify', old, '--hmac-key', KEY, '--max-age', '300', '--json']);
      expect(stale.code).toBe(1);
      expect(JSON.parse(stale.out).code).toBe('E_STALE');
    });
  });

  describe.concurrent('bad flags and missing keys: exit 1, one line on stderr', () => {
    const cases: Array<[string, () => string[], string, string?]> = [
      ['an unknown flag', () => ['sign', f('d1.csv'), ...DEVICE, '--hmac-key', KEY, '--frobnicate'], 'E_USAGE'],
      ['a missing flag value', () => ['sign', f('d1.csv'), ...DEVICE, '--hmac-key'], 'E_USAGE'],
      ['no key', () => ['sign', f('d1.csv'), ...DEVICE], 'E_KEY_MISSING'],
      ['a short key', () => ['sign', f('d1.csv'), ...DEVICE, '--hmac-key', 'secret'], 'E_KEY_TOO_SHORT'],
      ['no --device-type', () => ['sign', f('d1.csv'), '--interval-ms', '10', '--hmac-key', KEY], 'E_USAGE'],
      ['no --interval-ms', () => ['sign', f('d1.csv'), '--device-type', 'X', '--hmac-key', KEY], 'E_USAGE'],
      ['a zero --interval-ms', () => ['sign', f('d1.csv'), '--device-type', 'X', '--interval-ms', '0', '--hmac-key', KEY], 'E_USAGE'],
      ['--iat with --no-iat', () => ['sign', f('d1.csv'), ...DEVICE, '--hmac-key', KEY, '--iat', '5', '--no-iat'], 'E_USAGE'],
      ['--iat in milliseconds', () => ['sign', f('d1.csv'), ...DEVICE, '--hmac-key', KEY, '--iat', String(Date.now())], 'E_IAT_UNITS'],
      ['an unknown --format', () => ['sign', f('d1.csv'), ...DEVICE, '--hmac-key', KEY, '--format', 'xml'], 'E_USAGE'],
      ['a header that disagrees with --sensor', () => ['sign', f('d1.csv'), ...DEVICE, '--hmac-key', KEY, '--sensor', 'accY:m/s2', '--sensor', 'accX:m/s2', '--sensor', 'accZ:m/s2'], 'E_SENSOR_MISMATCH'],
      ['too few --sensor flags', () => ['sign', f('noheader.csv'), ...DEVICE, '--hmac-key', KEY, '--sensor', 'a:b'], 'E_SENSOR_MISMATCH'],
      ['no sensors at all', () => ['sign', f('noheader.csv'), ...DEVICE, '--hmac-key', KEY], 'E_USAGE'],
      ['a missing input file', () => ['sign', f('missing.csv'), ...DEVICE, ...ACC, '--hmac-key', KEY], 'E_READ'],
      ['verify without a key', () => ['verify', f('rows.json')], 'E_KEY_MISSING'],
      ['verify without a file', () => ['verify', '--hmac-key', KEY], 'E_USAGE'],
      ['an unknown command', () => ['frobnicate'], 'E_USAGE'],
    ];
    for (const [what, args, code] of cases) {
      it(what, async () => {
        const r = await runCli(args());
        expect(r.code).toBe(1);
        expect(r.stdout.length).toBe(0);
        expectOneLineError(r.stderr, code);
      });
    }

    it('a CSV value that is not a number names its line and column', async () => {
      const bad = f('bad.csv');
      writeFileSync(bad, 'accX,accY,accZ\n1,2,3\n4,five,6\n');
      const r = await runCli(['sign', bad, ...DEVICE, ...ACC, '--hmac-key', KEY]);
      expect(r.code).toBe(1);
      expectOneLineError(r.stderr, 'E_CSV_VALUE');
      expect(r.stderr).toMatch(/line 3, column 2/);
      writeFileSync(bad, '[[1,2,3],[4,5]]');
      const j = await runCli(['sign', bad, ...DEVICE, ...ACC, '--hmac-key', KEY, '--input', 'json']);
      expect(j.code).toBe(1);
      expectOneLineError(j.stderr, 'E_SCHEMA');
      const empty = await runCli(['sign', ...DEVICE, ...ACC, '--hmac-key', KEY], { input: 'accX,accY,accZ\n' });
      expect(empty.code).toBe(1);
      expectOneLineError(empty.stderr, 'E_EMPTY');
    });
  });

  describe.concurrent('--help and --version on every command', () => {
    for (const cmd of [[], ['sign'], ['verify'], ['upload'], ['keys'], ['serve'], ['simulate']]) {
      it(`edgesign ${cmd.join(' ') || '(top level)'}`, async () => {
        const help = await runCli([...cmd, '--help']);
        expect(help.code).toBe(0);
        expect(help.out).toMatch(/Usage: edgesign/);
        expect(help.stderr).toBe('');
        const version = await runCli([...cmd, '--version']);
        expect(version.code).toBe(0);
        expect(version.out.trim()).toBe(JSON.parse(readFileSync(new URL('../packages/server/package.json', import.meta.url), 'utf8')).version);
      });
    }
  });
});
