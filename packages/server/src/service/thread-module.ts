/**
 * Where the service's worker-thread entry points are: compiled modules next to this one
 * (`new URL('./name.js', import.meta.url)`), typed and built by tsc like the rest of the package.
 * When this module itself runs from the TypeScript sources (the test suite under vitest), the built
 * copy in `dist/service/` is used, because Node 20 cannot start a worker from a `.ts` file: `npm test`
 * builds first.
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EdgesignError } from 'edgesign';

/** The URL to start a worker thread from, for a thread module of this directory (`name` ends in `.js`). */
export function threadModuleUrl(name: string): URL {
  const here = new URL(`./${name}`, import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  const built = new URL(`../../dist/service/${name}`, import.meta.url);
  if (!existsSync(fileURLToPath(built))) {
    throw new EdgesignError('E_INTERNAL', `the worker thread ${name} is not built (run npm run build in the repository)`);
  }
  return built;
}
