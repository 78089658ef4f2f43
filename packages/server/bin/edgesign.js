#!/usr/bin/env node
// The `edgesign` command (see `edgesign --help`); the CLI itself is built from src/cli into dist/cli.
import('../dist/cli/main.js').then(
  ({ main }) =>
    main(process.argv.slice(2)).then((code) => {
      process.exitCode = code;
    }),
  (e) => {
    const missing = e && e.code === 'ERR_MODULE_NOT_FOUND';
    process.stderr.write(`edgesign: E_INTERNAL: ${missing ? 'the CLI is not built (run npm run build)' : e && e.message}\n`);
    process.exitCode = 2;
  },
);
