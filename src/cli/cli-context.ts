/**
 * What every command gets: where to print, and how to open Vigil with the options the
 * user gave (`--data-dir`) over the environment.
 */
import type { Command } from 'commander';
import { loadConfig } from '../runtime/config.js';
import { createVigil, type Vigil } from '../runtime/create-vigil.js';
import type { Io } from './output.js';

export interface CliContext {
  io: Io;
  /** Opens the store named by the global options and environment; the caller closes it. */
  openVigil(command: Command, extra?: { host?: string; port?: string }): Promise<Vigil>;
  /** The person running the command, for the audit trail. */
  actor: string;
}

export function createCliContext(io: Io): CliContext {
  const user = io.env.USER ?? io.env.LOGNAME ?? 'unknown';
  return {
    io,
    actor: `cli:${user}`,
    async openVigil(command, extra = {}) {
      const globals = command.optsWithGlobals<{ dataDir?: string }>();
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
