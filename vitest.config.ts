import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    // The server package imports the SDK by its package name; in tests that name means the SDK's
    // sources, so a suite that loads both sees one copy of each module (one EdgesignError class).
    alias: { edgesign: fileURLToPath(new URL('./packages/edgesign/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
