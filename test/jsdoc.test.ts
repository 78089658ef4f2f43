// Every exported declaration of the SDK's public entry — each export, and each public member of an
// exported class or interface — has JSDoc, read from the built .d.ts with the TypeScript 5 compiler
// API (scripts/check-jsdoc.mjs; run it directly for the list).
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { inCI, repoRoot } from './helpers/shared.js';

const { missingJsdoc, PUBLIC_ENTRIES } = (await import(path.join(repoRoot, 'scripts/check-jsdoc.mjs'))) as {
  missingJsdoc: (entries: Record<string, string>) => Array<[string, string, string]>;
  PUBLIC_ENTRIES: Record<string, string>;
};

const sdk = { edgesign: PUBLIC_ENTRIES['edgesign']! };
const built = existsSync(sdk.edgesign);
if (!built) {
  if (inCI) throw new Error('packages/edgesign/dist is missing; CI=true requires it');
  console.warn('\n*** SKIPPING the JSDoc check: run npm run build ***\n');
}

describe.skipIf(!built)('JSDoc on the public API', () => {
  it('edgesign: every exported declaration and public member is documented', () => {
    expect(missingJsdoc(sdk).map(([, name, at]) => `${name} (${at})`)).toEqual([]);
  }, 60_000);

  it('the check sees a missing comment (a declaration file without JSDoc)', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'edgesign-jsdoc-'));
    try {
      writeFileSync(path.join(dir, 'index.d.ts'), '/** Documented. */\nexport declare function a(): void;\nexport declare function b(): void;\n/** Documented. */\nexport interface C {\n  /** Documented. */\n  x: number;\n  y: number;\n}\n');
      expect(missingJsdoc({ probe: path.join(dir, 'index.d.ts') }).map(([, name]) => name)).toEqual(['b', 'C.y']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
