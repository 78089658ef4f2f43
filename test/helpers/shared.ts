/**
 * Where the shared, read-only material (vectors, docs) lives: `EDGESIGN_SHARED`, else ../shared next
 * to the repository. It is never copied into the repo. Missing material skips loudly, except under
 * CI=true, where it fails: a green CI must have run everything.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const sharedDir = path.resolve(process.env.EDGESIGN_SHARED ?? path.join(repoRoot, '..', 'shared'));
export const inCI = process.env.CI === 'true';

/** Absolute path of a file under the shared folder, or null (after a loud warning) when it is missing. */
export function sharedPath(relative: string): string | null {
  const p = path.join(sharedDir, relative);
  if (existsSync(p)) return p;
  const msg = `shared material missing: ${p} (set EDGESIGN_SHARED to the shared folder)`;
  if (inCI) throw new Error(`${msg}; CI=true requires it`);
  console.warn(`\n*** SKIPPING: ${msg} ***\n`);
  return null;
}

/** True when `tool` is on PATH; otherwise warns loudly, or throws under CI=true. */
export function haveTool(tool: string, installHint: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    const msg = `${tool} not found (install: ${installHint})`;
    if (inCI) throw new Error(`${msg}; CI=true requires it`);
    console.warn(`\n*** SKIPPING: ${msg} ***\n`);
    return false;
  }
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
