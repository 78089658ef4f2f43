// Every exported declaration of both packages' public entries (`edgesign`, and `edgesign-server`'s
// service API) — each export, and each public member of an exported class or interface — has JSDoc,
// read from the built .d.ts with the TypeScript 5 compiler API (scripts/check-jsdoc.mjs; run it
// directly for the list). A class member implementing a documented interface member inherits its
// comment, as editors show it.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { inCI, repoRoot } from './helpers/shared.js';

const { missingJsdoc, PUBLIC_ENTRIES } = (await import(path.join(repoRoot, 'scripts/check-jsdoc.mjs'))) as {
  missingJsdoc: (entries: Record<string, string>) => Array<[string, string, string]>;
  PUBLIC_ENTRIES: Record<string, string>;
};

const built = Object.values(PUBLIC_ENTRIES).every((f) => existsSync(f));
if (!built) {
  if (inCI) throw new Error('packages/*/dist is missing; CI=true requires it');
  console.warn('\n*** SKIPPING the JSDoc check: run npm run build ***\n');
}

describe.skipIf(!built)('JSDoc on the public API', () => {
  for (const pkg of Object.keys(PUBLIC_ENTRIES)) {
    it(`${pkg}: every exported declaration and public member is documented`, () => {
      expect(missingJsdoc({ [pkg]: PUBLIC_ENTRIES[pkg]! }).map(([, name, at]) => `${name} (${at})`)).toEqual([]);
    }, 60_000);
  }

  it('the check sees a missing comment (a declaration file without JSDoc)', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'edgesign-jsdoc-'));
    try {
      writeFileSync(
        path.join(dir, 'index.d.ts'),
        '/** Documented. */\nexport declare function a(): void;\nexport declare function b(): void;\n/** Documented. */\nexport interface C {\n  /** Documented. */\n  x: number;\n  y: number;\n}\n' +
          '/** Documented. */\nexport declare class D implements C {\n  x: number;\n  y: number;\n  z(): void;\n}\n',
      );
      // D.x inherits C.x's comment; C.y has none to give; D.z implements nothing.
      expect(missingJsdoc({ probe: path.join(dir, 'index.d.ts') }).map(([, name]) => name)).toEqual(['b', 'C.y', 'D.y', 'D.z']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
