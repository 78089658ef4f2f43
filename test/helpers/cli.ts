/**
 * Running the built `edgesign` CLI (bin/edgesign.js → dist/cli) as real child processes: one-shot
 * commands with captured output, and `edgesign serve` on a free loopback port. The suites skip loudly
 * when dist/ is not built (npm test builds first), and fail instead under CI=true.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inCI, repoRoot } from './shared.js';

export const bin = path.join(repoRoot, 'packages', 'server', 'bin', 'edgesign.js');
export const distCli = path.join(repoRoot, 'packages', 'server', 'dist', 'cli', 'main.js');

/** True when the CLI is built; otherwise a loud skip (or a failure under CI=true). */
export function cliBuilt(): boolean {
  if (existsSync(distCli)) return true;
  const msg = `${path.relative(repoRoot, distCli)} is missing: run npm run build (npm test does)`;
  if (inCI) throw new Error(`${msg}; CI=true requires it`);
  console.warn(`\n*** SKIPPING CLI tests: ${msg} ***\n`);
  return false;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  /** stdout as UTF-8. */
  out: string;
}

/** An environment without the variables the CLI reads, so the host's settings never leak in. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['EDGESIGN_HMAC_KEY', 'EDGESIGN_API_KEY', 'EDGESIGN_URL', 'EDGESIGN_DATA_DIR', 'EDGESIGN_STORE', 'DATABASE_URL', 'EDGESIGN_PORT', 'EDGESIGN_START_SECONDS']) delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs `node bin/edgesign.js …args`, feeding `input` on stdin; kills it after `timeoutMs`. */
export function runCli(
  args: readonly string[],
  o: { input?: string | Uint8Array; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return runNode([bin, ...args], o);
}

export function runNode(
  args: readonly string[],
  o: { input?: string | Uint8Array; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { cwd: o.cwd ?? repoRoot, env: o.env ?? cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      resolve({ code, signal, stdout, out: stdout.toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(o.input ?? '');
  });
}

export function tempDir(prefix = 'edgesign-cli-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Served {
  url: string;
  child: ChildProcess;
  /** Everything the server printed on stderr so far. */
  stderr(): string;
  /** Everything the server printed on stdout so far (its URLs). */
  stdout(): string;
  /** SIGTERM, then the exit code (the server drains and exits 0). */
  stop(): Promise<number | null>;
}

/**
 * Starts `edgesign serve --port 0 …` on a data dir (or, for a `postgres://` URL, `--store URL`) and
 * resolves once it printed `listening on http://…` (within `readyTimeoutMs`, default 15 s).
 */
export function startServe(
  dataDir: string,
  extra: readonly string[] = [],
  env: NodeJS.ProcessEnv = cleanEnv(),
  o: { readyTimeoutMs?: number; onStderr?: (text: string) => void } = {},
): Promise<Served> {
  return new Promise((resolve, reject) => {
    const where = /^postgres(ql)?:\/\//.test(dataDir) ? ['--store', dataDir] : ['--data-dir', dataDir];
    const child = spawn(process.execPath, [bin, 'serve', ...where, '--port', '0', ...extra], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`edgesign serve did not print "listening on" within ${o.readyTimeoutMs ?? 15_000} ms; stdout: ${out} stderr: ${err}`));
    }, o.readyTimeoutMs ?? 15_000);
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      o.onStderr?.(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`edgesign serve exited early (${code}): ${err}`));
    });
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = ready ? null : /^listening on (http:\/\/\S+)$/m.exec(out);
      if (!m) return;
      ready = true;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      resolve({
        url: m[1]!,
        child,
        stderr: () => err,
        stdout: () => out,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
          const code = await exited;
          clearTimeout(t);
          return code;
        },
      });
    });
  });
}

/** The one-line error convention: exactly one line, `edgesign: E_CODE: message`. */
export function expectOneLineError(stderr: string, code?: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 1) throw new Error(`expected one stderr line, got ${lines.length}: ${JSON.stringify(stderr)}`);
  const m = /^edgesign: (E_[A-Z0-9_]+): \S.*$/.exec(lines[0]!);
  if (!m) throw new Error(`stderr is not "edgesign: E_CODE: message": ${JSON.stringify(lines[0])}`);
  if (code !== undefined && m[1] !== code) throw new Error(`expected ${code}, got ${m[1]} in ${JSON.stringify(lines[0])}`);
  return m[1]!;
}
