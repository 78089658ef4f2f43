/**
 * `edgesign serve`: the local ingestion service (Edge Impulse's data endpoints, the read API and the
 * admin key API) on the SQLite store in `--data-dir`. Prints `listening on http://HOST:PORT` once
 * ready (the real port, also for `--port 0`); SIGTERM or SIGINT drains requests in progress and exits 0.
 * @module
 */
import { resolve } from 'node:path';
import { createIngestionServer, defaultDataDir, DEFAULT_HOST, DEFAULT_MAX_BYTES, DEFAULT_PORT, type SignaturePolicy } from '../service/http.js';
import { EdgesignError } from 'edgesign';
import { bool, choice, err, num, out, parse, str, type Command } from './args.js';

const HELP = `Usage: edgesign serve [options]

Runs the local ingestion service:
  POST /api/{training,testing,anomaly}/data   signed messages (x-api-key, x-file-name)
  GET  /api/samples, /api/samples/:id, /api/samples/:id/raw
  GET|POST /api/keys, /api/hmackeys; DELETE …/:id; GET /api/devkeys   (admin key)
  GET  /   the dashboard (keys, data): log in with an API key
Prints "listening on http://HOST:PORT" when ready. SIGTERM/SIGINT drains and exits 0.

Options:
  --data-dir DIR                 the store (default EDGESIGN_DATA_DIR, else ./.edgesign)
  --host HOST                    address to bind (default ${DEFAULT_HOST})
  --port PORT                    port (default ${DEFAULT_PORT}; 0 picks a free one)
  --signature-policy reject|flag reject bad/missing signatures (default) or store them marked
  --max-bytes N                  largest request body (default ${DEFAULT_MAX_BYTES})
  --max-age SECONDS              refuse an iat older (or further ahead) than this (default: no window)
  --verbose                      one line per request on stderr
  --silent                       print only the "listening on" line
  -h, --help                     this help
  --version                      edgesign's version
`;

const OPTIONS = {
  'data-dir': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'signature-policy': { type: 'string' },
  'max-bytes': { type: 'string' },
  'max-age': { type: 'string' },
} as const;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the local ingestion service',
  help: HELP,
  async run(argv) {
    const { values } = parse('serve', argv, OPTIONS, 0);
    const dataDir = str(values, 'data-dir') ?? defaultDataDir();
    const host = str(values, 'host') ?? DEFAULT_HOST;
    const port = num(values, 'port', { integer: true, min: 0, max: 65535, default: DEFAULT_PORT })!;
    const signaturePolicy = choice<SignaturePolicy>(values, 'signature-policy', ['reject', 'flag'], 'reject');
    const maxBytes = num(values, 'max-bytes', { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER, default: DEFAULT_MAX_BYTES })!;
    const maxAge = num(values, 'max-age', { min: 0 });
    const verbose = bool(values, 'verbose');

    const svc = createIngestionServer({
      dataDir,
      host,
      port,
      signaturePolicy,
      maxBytes,
      ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}),
    });
    if (verbose) {
      svc.server.on('request', (req, res) => {
        const t0 = performance.now();
        res.once('finish', () => err(`${new Date().toISOString()} ${req.method} ${req.url} ${res.statusCode} ${(performance.now() - t0).toFixed(1)} ms`));
      });
    }
    let listening: { url: string };
    try {
      listening = await svc.listen();
    } catch (e) {
      await svc.close().catch(() => {});
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new EdgesignError('E_ADDRESS_IN_USE', `${host}:${port} is already in use (pick another --port, or 0 for a free one)`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
        throw new EdgesignError('E_LISTEN', `cannot listen on ${host}:${port}: ${code}`);
      }
      throw e;
    }
    await out(`listening on ${listening.url}\n`);
    if (!bool(values, 'silent')) {
      await out(`dashboard on ${listening.url}/ (log in with an API key of this project)\n`);
      await out(`data in ${resolve(dataDir)} (signature policy ${signaturePolicy}${maxAge !== undefined ? `, max age ${maxAge} s` : ''}); SIGTERM or Ctrl-C stops\n`);
    }

    return new Promise<number>((done) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
          err(`edgesign: E_INTERRUPTED: ${signal} again, stopping without draining`);
          process.exit(1);
        }
        stopping = true;
        svc.close().then(
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
