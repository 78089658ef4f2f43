// The one registry of error codes (packages/edgesign/src/error-codes.ts): docs/errors.md is exactly
// what scripts/gen-errors-doc.mjs renders from it, every `E_…` code written anywhere in the two
// packages' sources is registered, and every registered code is used somewhere (no dead entries).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, isErrorCode, EdgesignError } from '../packages/edgesign/src/index.js';
import { repoRoot } from './helpers/shared.js';

const { renderErrorsDoc } = (await import(path.join(repoRoot, 'scripts/gen-errors-doc.mjs'))) as {
  renderErrorsDoc: (codes: typeof ERROR_CODES) => string;
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const files = ['packages/edgesign/src', 'packages/server/src'].flatMap((d) => sources(path.join(repoRoot, d)));
const registryFile = path.join(repoRoot, 'packages/edgesign/src/error-codes.ts');
const text = files.filter((f) => f !== registryFile).map((f) => readFileSync(f, 'utf8')).join('\n');

describe('error code registry', () => {
  it('docs/errors.md is generated from it and has not drifted (npm run gen:errors)', () => {
    expect(readFileSync(path.join(repoRoot, 'docs/errors.md'), 'utf8')).toBe(renderErrorsDoc(ERROR_CODES));
  });

  it('every code a source file writes (quoted, or as an `E_CODE: ` refusal line) is registered', () => {
    // E_CODE is the placeholder in comments that describe the `E_CODE: message` format.
    const used = new Set([...text.matchAll(/['"`](E_[A-Z0-9_]+)(?=['"`]|: )/g)].map((m) => m[1]!).filter((c) => c !== 'E_CODE'));
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((c) => !isErrorCode(c));
    expect(missing, 'add these to ERROR_CODES').toEqual([]);
  });

  it('every registered code is reported somewhere (an attachment failure is E_ATTACHMENT_ + the verifier\'s code)', () => {
    const dead = Object.keys(ERROR_CODES).filter((code) => {
      if (text.includes(code)) return false;
      const inner = /^E_ATTACHMENT_(.+)$/.exec(code);
      return !(inner && text.includes('`E_ATTACHMENT_${') && isErrorCode(`E_${inner[1]}`));
    });
    expect(dead).toEqual([]);
  });

  it('each entry is one sentence with an area; the union is closed at runtime too', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^E_[A-Z0-9_]+$/);
      expect(['sdk', 'verify', 'service', 'cli']).toContain(info.area);
      expect(info.meaning, code).toMatch(/^[A-Z`].*\.$/);
    }
    expect(isErrorCode('E_KEY_MISSING')).toBe(true);
    expect(isErrorCode('E_NOT_A_CODE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(Object.isFrozen(ERROR_CODES)).toBe(true);
    // @ts-expect-error — a code outside the registry does not type-check
    expect(new EdgesignError('E_NOT_A_CODE', 'x').code).toBe('E_NOT_A_CODE');
  });
});
