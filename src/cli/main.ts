/**
 * The `vigil` command line: parses arguments, runs one command, maps errors to exit codes.
 */
import { Command, CommanderError } from 'commander';
import { isVigilError } from '../core/errors.js';
import { type CliContext, createCliContext } from './cli-context.js';
import { adminCreateTokenCommand } from './commands/admin/create-token.js';
import { auditExportCommand } from './commands/audit/export.js';
import { auditVerifyCommand } from './commands/audit/verify.js';
import { demoCommand } from './commands/demo.js';
import { findingsCommand } from './commands/findings.js';
import { importCommand } from './commands/import.js';
import { inventoryListCommand } from './commands/inventory/list.js';
import { inventorySetOwnerCommand } from './commands/inventory/set-owner.js';
import { inventoryShowCommand } from './commands/inventory/show.js';
import { inventoryTagCommand } from './commands/inventory/tag.js';
import { metricsCommand } from './commands/metrics.js';
import { scanCommand } from './commands/scan.js';
import { serveCommand } from './commands/serve.js';
import { EXIT_CODE_FOR, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { Io } from './output.js';

export function buildProgram(io: Io, ctx: CliContext = createCliContext(io)): Command {
  const program = new Command('vigil')
    .description('Vigil: a Zero Trust control plane for identities, above all the non-human ones')
    .option(
      '--data-dir <dir>',
      'where the embedded SQLite state lives (VIGIL_DATA_DIR, default ./.vigil); VIGIL_DATABASE_URL=postgres://… uses PostgreSQL instead',
    )
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Start here:
  vigil demo                                   load the sample estate and serve it
  vigil import aws-iam account-authorization-details.json
  vigil inventory list --owner none            identities nobody owns
  vigil findings --severity critical,high      what to fix first
  vigil metrics                                programme metrics and their trend`,
    );

  const inventory = new Command('inventory').description('the identity inventory');
  inventory.addCommand(inventoryListCommand(ctx));
  inventory.addCommand(inventoryShowCommand(ctx));
  inventory.addCommand(inventorySetOwnerCommand(ctx));
  inventory.addCommand(inventoryTagCommand(ctx));

  const audit = new Command('audit').description('the append-only, hash-chained audit trail');
  audit.addCommand(auditVerifyCommand(ctx));
  audit.addCommand(auditExportCommand(ctx));

  const admin = new Command('admin').description('administration of Vigil itself');
  admin.addCommand(adminCreateTokenCommand(ctx));

  for (const command of [
    importCommand(ctx),
    scanCommand(ctx),
    inventory,
    findingsCommand(ctx),
    metricsCommand(ctx),
    audit,
    admin,
    serveCommand(ctx),
    demoCommand(ctx),
  ]) {
    program.addCommand(command);
  }
  configure(program, io);
  return program;
}

function configure(command: Command, io: Io): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });
  for (const sub of command.commands) configure(sub, io);
}

/** Runs the CLI and returns the exit code (does not exit, so tests can call it). */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const ctx = createCliContext(io);
  const program = buildProgram(io, ctx);
  try {
    await program.parseAsync([...argv]);
    return ctx.exitCode ?? EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT_OK;
      if (error.code === 'commander.executeSubCommandAsync') return EXIT_OK;
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (isVigilError(error)) {
      io.stderr.write(`vigil: ${error.message}\n`);
      return EXIT_CODE_FOR[error.code];
    }
    io.stderr.write(`vigil: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (io.env.VIGIL_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    else io.stderr.write('(this is a bug in Vigil; run again with VIGIL_DEBUG=1 for details)\n');
    return EXIT_INTERNAL;
  }
}

export async function main(argv: readonly string[]): Promise<void> {
  // A reader that stops early (`vigil … | head`) is not an error: stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    throw error;
  });
  const code = await run(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env });
  process.exitCode = code;
}
