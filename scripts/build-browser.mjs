#!/usr/bin/env node
// Bundles the SDK's runtime-neutral entry (packages/edgesign/src/index.ts) for browsers, Deno and Bun:
// packages/edgesign/dist/browser/edgesign.js, ESM, es2022. The explicit target matters: with esbuild's default
// (esnext) target its binary helpers emit Uint8Array.fromBase64, which Node 20 and older browsers
// lack. The build fails if anything pulls in a node: module (the main entry must stay neutral).
//
//   node scripts/build-browser.mjs [OUTFILE]
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sdk = path.join(root, 'packages', 'edgesign');

/** Builds the bundle; resolves with its path, size and the input files esbuild used. */
export async function buildBrowser({ outfile = path.join(sdk, 'dist', 'browser', 'edgesign.js'), minify = false } = {}) {
  const result = await build({
    entryPoints: [path.join(sdk, 'src', 'index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    banner: { js: '// edgesign browser bundle (ESM, es2022): sign Edge Impulse data acquisition messages with the WebAssembly core.' },
    plugins: [
      {
        name: 'no-node-builtins',
        setup(b) {
          b.onResolve({ filter: /^node:|^(fs|path|crypto|os|child_process|http|https|net|stream|util|worker_threads)$/ }, (args) => ({
            errors: [{ text: `the runtime-neutral entry must not import ${args.path} (imported by ${path.relative(root, args.importer)})` }],
          }));
        },
      },
    ],
  });
  const out = result.metafile.outputs[path.relative(process.cwd(), outfile)] ?? Object.values(result.metafile.outputs)[0];
  return { outfile, bytes: out.bytes, inputs: Object.keys(result.metafile.inputs) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const r = await buildBrowser(process.argv[2] ? { outfile: path.resolve(process.argv[2]) } : {});
    console.log(`${path.relative(process.cwd(), r.outfile)} ${r.bytes} B from ${r.inputs.length} modules`);
  } catch (e) {
    for (const m of e.errors ?? []) console.error(`edgesign: E_BUNDLE: ${m.text}`);
    if (!e.errors) console.error(`edgesign: E_BUNDLE: ${e.message}`);
    process.exit(1);
  }
}
