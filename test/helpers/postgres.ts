/**
 * The PostgreSQL the store suites run against: one throwaway cluster per suite file
 * (`startPostgres()` in `beforeAll`, `cluster.stop()` in `afterAll`), one database per test
 * (`cluster.createDatabase()`). The cluster itself lives in postgres-cluster.mjs (shared with the
 * load benchmark). Without Debian's `postgresql` server binaries the suites skip loudly, and fail
 * under `CI=true` (`.ci/run` installs the package).
 */
import { postgresBinDir } from './postgres-cluster.mjs';
import { inCI } from './shared.js';

export { postgresBinDir, startPostgres, type PgCluster } from './postgres-cluster.mjs';

/** True when PostgreSQL can be started here; otherwise a loud skip, or a failure under CI=true. */
export function havePostgres(): boolean {
  if (postgresBinDir()) return true;
  const msg = 'PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (install: apt-get install postgresql)';
  if (inCI) throw new Error(`${msg}; CI=true requires them`);
  console.warn(`\n*** SKIPPING the PostgreSQL store suites: ${msg} ***\n`);
  return false;
}
