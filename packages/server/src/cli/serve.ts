/**
 * `edgesign serve`: the local ingestion service (Edge Impulse's data endpoints, the read API and the
 * admin key API) on the SQLite store in `--data-dir`, or on PostgreSQL with `--store postgres://…`
 * (any number of receivers on one database; one that starts while the database is down waits for it). Prints `listening on http://HOST:PORT` once
 * ready (the real port, also for `--port 0`); SIGTERM or SIGINT drains requests in progress and exits 0.
 * @module
 */
import { resolve } from 'node:path';
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_BYTES_IN_FLIGHT,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_PORT,
  type SignaturePolicy,
} from '../service/http.js';
import { isLoopbackHost } from '../service/loopback.js';
import { describeLocation, openStoreAt, resolveStoreLocation } from '../service/store-location.js';
import type { Store } from '../service/store.js';
import { createPlatform } from '../platform.js';
import { DEFAULT_REMOTE_MANAGEMENT_PORT } from '../remote-management/remote-management-server.js';
import { DEFAULT_STUDIO_PORT } from '../studio/studio-server.js';
import { EdgesignError } from 'edgesign';
import { bool, choice, err, num, out, parse, str, type Command } from './args.js';

const HELP = `Usage: edgesign serve [options]

Runs the local ingestion service and, next to it on the same store, Edge Impulse's Studio API
subset and remote management (where Edge Impulse's tools look when EI_HOST is an IP address):
  http://HOST:PORT         ingestion: POST /api/{training,testing,anomaly}/data (x-api-key, x-file-name)
                           and …/files (multipart, one sample per file; JSON answer),
                           GET /api/samples…, admin key API /api/keys, /api/hmackeys, /api/devkeys
  http://HOST:4800/v1      Studio API: projects, apikeys, hmackeys, devkeys, devices, start-sampling, raw-data
  ws://HOST:4802           remote management (devices say hello with an API key; JSON or CBOR)
  http://HOST:4800/        the dashboard (keys, devices, data): log in with an API key
Prints "listening on http://HOST:PORT", then "studio api on …" and "remote management on …" (the
real ports) when ready. SIGTERM/SIGINT drains and exits 0.

Options:
  --store URL|DIR                postgres://user@host/db (shared by many receivers) or a
                                 directory for the embedded SQLite store (default: EDGESIGN_STORE,
                                 EDGESIGN_DATA_DIR, a postgres:// DATABASE_URL, else ./.edgesign).
                                 A database password goes in PGPASSWORD or in a URL in
                                 EDGESIGN_STORE, not on the command line (/proc/PID/cmdline).
                                 A receiver started while PostgreSQL is down waits and retries.
  --data-dir DIR                 the SQLite store's directory (same as --store DIR)
  --host HOST                    address to bind (default ${DEFAULT_HOST})
  --port PORT                    ingestion port (default ${DEFAULT_PORT}; 0 picks a free one)
  --studio-port PORT             Studio API port (default ${DEFAULT_STUDIO_PORT}, or 0 with --port 0; "off" disables it)
  --remote-port PORT             remote management port (default ${DEFAULT_REMOTE_MANAGEMENT_PORT}, or 0 with --port 0; "off" disables it)
  --project-id N                 the project's id in the Studio API (kept in the store; default 1)
  --project-name NAME            the project's name (kept in the store; default edgesign)
  --receiver-lease SECONDS       PostgreSQL, many receivers: how long a receiver that stopped without
                                 leaving (killed, cut off) still shows as holding its devices
                                 (default 10; renewed every quarter of it)
  --refuse-unsigned-files        POST /api/{category}/files: refuse files that cannot carry an HMAC
                                 (images, audio, CSV) instead of storing them marked unsigned
  --signature-policy reject|flag reject bad/missing signatures (default) or store them marked
  --max-bytes N                  largest request body (default ${DEFAULT_MAX_BYTES}, 16 MiB)
  --max-bytes-in-flight N        upload bytes held at once; 503 E_BUSY beyond (default ${DEFAULT_MAX_BYTES_IN_FLIGHT})
  --max-age SECONDS              refuse an iat older (or further ahead) than this (default: no window)
  --require-iat                  refuse messages without an iat (E_IAT_MISSING)
  --disallow-duplicates          refuse a body identical to a stored one (409), whatever
                                 x-disallow-duplicates says
  --headers-timeout SECONDS      time a client has to send its request headers (default ${DEFAULT_HEADERS_TIMEOUT_MS / 1000})
  --max-connections N            open connections at most; more are closed at once (default ${DEFAULT_MAX_CONNECTIONS})
  --verbose                      one line per request on stderr
  --silent                       print only the "listening on" line
  -h, --help                     this help
  --version                      edgesign's version
`;

const OPTIONS = {
  store: { type: 'string' },
  'data-dir': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'signature-policy': { type: 'string' },
  'max-bytes': { type: 'string' },
  'max-age': { type: 'string' },
  'studio-port': { type: 'string' },
  'remote-port': { type: 'string' },
  'project-id': { type: 'string' },
  'project-name': { type: 'string' },
  'refuse-unsigned-files': { type: 'boolean' },
  'max-bytes-in-flight': { type: 'string' },
  'require-iat': { type: 'boolean' },
  'disallow-duplicates': { type: 'boolean' },
  'headers-timeout': { type: 'string' },
  'max-connections': { type: 'string' },
  'receiver-lease': { type: 'string' },
} as const;

/** A port flag that may be "off"; with `--port 0` the default is 0 too (tests and parallel servers). */
function portFlag(values: Parameters<typeof num>[0], name: string, dflt: number, ingestionPort: number): number | null {
  if (str(values, name) === 'off') return null;
  return num(values, name, { integer: true, min: 0, max: 65535, default: ingestionPort === 0 ? 0 : dflt })!;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the local ingestion service',
  help: HELP,
  async run(argv) {
    const { values } = parse('serve', argv, OPTIONS, 0);
    const location = resolveStoreLocation({ store: str(values, 'store'), dataDir: str(values, 'data-dir') });
    const host = str(values, 'host') ?? DEFAULT_HOST;
    const port = num(values, 'port', { integer: true, min: 0, max: 65535, default: DEFAULT_PORT })!;
    const signaturePolicy = choice<SignaturePolicy>(values, 'signature-policy', ['reject', 'flag'], 'reject');
    const maxBytes = num(values, 'max-bytes', { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER, default: DEFAULT_MAX_BYTES })!;
    const maxAge = num(values, 'max-age', { min: 0 });
    const maxBytesInFlight = num(values, 'max-bytes-in-flight', { integer: true, min: maxBytes, max: Number.MAX_SAFE_INTEGER });
    const headersTimeout = num(values, 'headers-timeout', { min: 0.001, max: 3600, default: DEFAULT_HEADERS_TIMEOUT_MS / 1000 })!;
    const maxConnections = num(values, 'max-connections', { integer: true, min: 1, max: 1_000_000, default: DEFAULT_MAX_CONNECTIONS })!;
    const verbose = bool(values, 'verbose');
    const studioPort = portFlag(values, 'studio-port', DEFAULT_STUDIO_PORT, port);
    const remotePort = portFlag(values, 'remote-port', DEFAULT_REMOTE_MANAGEMENT_PORT, port);
    const projectId = num(values, 'project-id', { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER });
    const projectName = str(values, 'project-name');
    const receiverLease = num(values, 'receiver-lease', { min: 0.2, max: 3600 });

    // PostgreSQL: wait for the database (a receiver may start before it, e.g. after a reboot).
    // SQLite: opened here so that what it finds about the data directory's modes is told on stderr.
    const store: Store = await openStoreAt(location, {
      postgres: {
        waitForDatabaseMs: Infinity,
        onWaiting: (e, ms) => err(`edgesign serve: waiting for the database (${e.message}); retrying in ${ms} ms`),
      },
      sqlite: { onWarning: (line) => err(`edgesign: warning: ${line}`) },
    });
    const ownStore = store;
    const platform = createPlatform({
      store,
      host,
      ingestionPort: port,
      studioPort,
      remotePort,
      ...(projectId !== undefined ? { projectId } : {}),
      ...(projectName !== undefined ? { projectName } : {}),
      signaturePolicy,
      maxBytes,
      ...(maxBytesInFlight !== undefined ? { maxBytesInFlight } : {}),
      ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}),
      refuseUnsignedFiles: bool(values, 'refuse-unsigned-files'),
      requireIat: bool(values, 'require-iat'),
      disallowDuplicates: bool(values, 'disallow-duplicates'),
      headersTimeoutMs: Math.round(headersTimeout * 1000),
      maxConnections,
      ...(receiverLease !== undefined ? { remote: { leaseMs: Math.round(receiverLease * 1000) } } : {}),
      ...(verbose ? { log: (line: string) => err(line) } : {}),
    });
    const svc = platform.ingestion;
    if (verbose) {
      svc.server.on('request', (req, res) => {
        const t0 = performance.now();
        res.once('finish', () => err(`${new Date().toISOString()} ${req.method} ${req.url} ${res.statusCode} ${(performance.now() - t0).toFixed(1)} ms`));
      });
    }
    let listening: { ingestion: string; studio: string | null; remoteManagement: string | null };
    const closeAll = async () => {
      await platform.close();
      await ownStore.close();
    };
    try {
      listening = await platform.listen();
    } catch (e) {
      await closeAll().catch(() => {});
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new EdgesignError('E_ADDRESS_IN_USE', `${host}:${(e as { port?: number }).port ?? port} is already in use (pick other ports, or 0 for free ones)`);
      }
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
        throw new EdgesignError('E_LISTEN', `cannot listen on ${host}:${port}: ${code}`);
      }
      throw e;
    }
    if (!isLoopbackHost(host)) {
      err(
        `edgesign: warning: listening on ${host}, beyond this machine: plain HTTP (API keys and samples travel in clear); ` +
          'put it behind a TLS proxy or a firewall, or use --host 127.0.0.1',
      );
    }
    if ((await store.listKeys({ kind: 'api' })).some((k) => k.isDevelopmentKey && k.role === 'admin')) {
      err('edgesign: warning: the development API key has the admin role; its secret is stored in clear and served by /api/devkeys: revoke it and create a development key with another role');
    }
    await out(`listening on ${listening.ingestion}\n`);
    if (listening.studio) await out(`studio api on ${listening.studio}\n`);
    if (listening.remoteManagement) await out(`remote management on ${listening.remoteManagement}\n`);
    if (!bool(values, 'silent')) {
      // The dashboard is on the Studio port (next to the Studio API its Devices page uses), else here.
      const dashboard = listening.studio ? listening.studio.replace(/\/v1$/, '/') : `${listening.ingestion}/`;
      await out(`dashboard on ${dashboard} (log in with an API key of this project)\n`);
      const where = location.kind === 'sqlite' ? `data in ${resolve(location.dataDir)}` : `store ${describeLocation(location)}`;
      await out(`${where} (signature policy ${signaturePolicy}${maxAge !== undefined ? `, max age ${maxAge} s` : ''}); SIGTERM or Ctrl-C stops\n`);
      // How this process appears in the device list's remoteMgmtReceiver (several receivers on one database).
      if (platform.remote) await out(`receiver ${platform.remote.receiver.id}\n`);
    }

    return new Promise<number>((done) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
          err(`edgesign: E_INTERRUPTED: ${signal} again, stopping without draining`);
          process.exit(1);
        }
        stopping = true;
        closeAll().then(
          () => done(0),
          (e: unknown) => {
            err(`edgesign: E_INTERNAL: closing the service failed: ${e instanceof Error ? e.message : String(e)}`);
            done(2);
          },
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
  },
};
