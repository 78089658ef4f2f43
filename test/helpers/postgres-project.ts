/**
 * A project on a fresh PostgreSQL database, made the way an operator would: by the built `edgesign keys`
 * command against `--store postgres://…`. Shared by the suites that run several receivers on one
 * database (ingestion across receivers, remote management across receivers).
 */
import { runCli } from './cli.js';
import type { PgCluster } from './postgres.js';

/** A database with an admin key, a development ingestion key and a development HMAC key. */
export interface PostgresProject {
  db: string;
  admin: string;
  ingest: string;
  hmac: { id: string; key: string };
}

/** `edgesign keys <args> --store <db> --json`, its JSON answer; throws with stderr on a non-zero exit. */
export async function keysCli(db: string, ...args: string[]): Promise<Record<string, unknown>> {
  const r = await runCli(['keys', ...args, '--store', db, '--json']);
  if (r.code !== 0) throw new Error(`edgesign keys ${args.join(' ')} → ${r.code}: ${r.stderr}`);
  return JSON.parse(r.out) as Record<string, unknown>;
}

/** A fresh database on the cluster with the keys of {@link PostgresProject}, made by the CLI. */
export async function postgresProject(cluster: PgCluster): Promise<PostgresProject> {
  const db = await cluster.createDatabase();
  const admin = (await keysCli(db, 'create-api-key', '--name', 'admin', '--role', 'admin'))['key'] as string;
  const ingest = (await keysCli(db, 'create-api-key', '--name', 'devices', '--role', 'ingestiononly', '--dev'))['key'] as string;
  const hk = await keysCli(db, 'create-hmac-key', '--name', 'devices', '--dev');
  return { db, admin, ingest, hmac: { id: hk['id'] as string, key: hk['key'] as string } };
}
