/**
 * The `edgesign` command line: `sign`, `verify`, `upload`, `keys`, `serve`, `simulate`, `sample`. Every command
 * takes `--help` and `--version`; errors are one line on stderr (`edgesign: E_CODE: message`); exit
 * codes are 0 ok, 1 bad input / invalid message / refused upload, 2 internal.
 * @module
 */
import { describeError, err, out, version, EXIT_INPUT, type Command } from './args.js';

/** The commands; each module is loaded only when its command runs (startup stays fast). */
export const COMMANDS: ReadonlyArray<{ name: string; summary: string; load: () => Promise<Command> }> = [
  { name: 'sign', summary: 'sign CSV or JSON rows into an Edge Impulse data acquisition message', load: async () => (await import('./sign.js')).signCommand },
  { name: 'verify', summary: 'verify signed messages', load: async () => (await import('./verify.js')).verifyCommand },
  { name: 'upload', summary: 'upload signed messages to an ingestion service', load: async () => (await import('./upload.js')).uploadCommand },
  { name: 'keys', summary: 'create, list and revoke API keys and HMAC keys; set development keys', load: async () => (await import('./keys-command.js')).keysCommand },
  { name: 'serve', summary: 'run the local ingestion service', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'store', summary: 'copy a project from the embedded SQLite store to PostgreSQL', load: async () => (await import('./store-command.js')).storeCommand },
  { name: 'simulate', summary: 'simulate devices sending signed data to an ingestion service', load: async () => (await import('./simulate.js')).simulateCommand },
  { name: 'sample', summary: 'ask a device connected to remote management for a sample (Studio API)', load: async () => (await import('./sample.js')).sampleCommand },
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `edgesign ${version()}: sign and verify Edge Impulse data acquisition messages

Usage: edgesign <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "edgesign <command> --help" for a command's options.
Exit codes: 0 ok, 1 bad input, invalid message or refused upload, 2 internal error.
Environment: EDGESIGN_HMAC_KEY, EDGESIGN_API_KEY, EDGESIGN_URL, EDGESIGN_STORE, EDGESIGN_DATA_DIR, DATABASE_URL.
`;
}

/** Runs one command line; resolves with the exit code (never throws). */
export async function main(argv: readonly string[]): Promise<number> {
  // A closed pipe (`edgesign … | head`) is the reader's choice, not an error.
  if (process.stdout.listenerCount('error') === 0) {
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const verbose = argv.includes('--verbose');
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      if (name === 'help' && rest[0]) return main([rest[0], '--help']);
      await out(mainHelp());
      return name === undefined ? EXIT_INPUT : 0;
    }
    if (name === '--version' || name === '-v') {
      await out(`${version()}\n`);
      return 0;
    }
    const entry = COMMANDS.find((c) => c.name === name);
    if (!entry) {
      err(`edgesign: E_USAGE: unknown command ${JSON.stringify(name)} (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see edgesign --help)`);
      return EXIT_INPUT;
    }
    // --help and --version win over everything else on the line (even bad flags).
    const flags = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : rest.length);
    if (flags.includes('--version')) {
      await out(`${version()}\n`);
      return 0;
    }
    const command = await entry.load();
    if (flags.includes('--help') || flags.includes('-h')) {
      await out(command.help);
      return 0;
    }
    return await command.run(rest);
  } catch (e) {
    const d = describeError(e);
    err(d.line);
    if (verbose && e instanceof Error && e.stack) err(e.stack);
    return d.exit;
  }
}
