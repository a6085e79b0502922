/**
 * What every command gets: where to print, and how to open Vigil with the options the
 * user gave (`--data-dir`) over the environment.
 */
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import type { Vigil } from '../runtime/create-vigil.js';
import type { Io } from './output.js';

export interface CliContext {
  io: Io;
  /** Opens the store named by the global options and environment; the caller closes it. */
  openVigil(command: Command, extra?: { host?: string; port?: string }): Promise<Vigil>;
  /** The person running the command, for the audit trail. */
  actor: string;
  /** Vigil's version, for reports (SARIF's tool.driver.version). */
  version: string;
  /** Set by a command that ends with something to report (exit 1) rather than an error. */
  exitCode?: number;
}

export function createCliContext(io: Io): CliContext {
  const user = io.env.USER ?? io.env.LOGNAME ?? 'unknown';
  return {
    io,
    actor: `cli:${user}`,
    version: packageVersion(),
    async openVigil(command, extra = {}) {
      const globals = command.optsWithGlobals<{ dataDir?: string }>();
      // Loaded on demand: configuration, the store and its drivers cost start-up time that
      // `--help` or `scan` need not pay.
      const [{ loadConfig }, { createVigil }] = await Promise.all([
        import('../runtime/config.js'),
        import('../runtime/create-vigil.js'),
      ]);
      const config = loadConfig({ dataDir: globals.dataDir, host: extra.host, port: extra.port }, io.env);
      return createVigil(config);
    },
  };
}

/** Opens Vigil, runs `work`, and always closes it. */
export async function withVigil<T>(ctx: CliContext, command: Command, work: (vigil: Vigil) => Promise<T>): Promise<T> {
  const vigil = await ctx.openVigil(command);
  try {
    return await work(vigil);
  } finally {
    await vigil.close();
  }
}

/** The version in package.json (two folders up from both src/cli and dist/cli). */
function packageVersion(): string {
  const manifest: unknown = createRequire(import.meta.url)('../../package.json');
  const version =
    manifest !== null && typeof manifest === 'object' && 'version' in manifest ? manifest.version : undefined;
  return typeof version === 'string' ? version : '0.0.0';
}
