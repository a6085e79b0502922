/**
 * The `vigil` command line: parses arguments, runs one command, maps errors to exit codes.
 */
import { Command, CommanderError } from 'commander';
import { isVigilError } from '../core/errors.js';
import { type CliContext, createCliContext } from './cli-context.js';
import { EXIT_CODE_FOR, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { Io } from './output.js';

/**
 * The top-level commands, in the order help lists them, each loaded on demand: a command's
 * modules (the store, the importers, the scanner) cost start-up time that the others need not pay.
 */
const COMMANDS: readonly (readonly [string, (ctx: CliContext) => Promise<Command>])[] = [
  ['import', async (ctx) => (await import('./commands/import.js')).importCommand(ctx)],
  ['scan', async (ctx) => (await import('./commands/scan.js')).scanCommand(ctx)],
  [
    'inventory',
    async (ctx) => {
      const [list, show, setOwner, tag] = await Promise.all([
        import('./commands/inventory/list.js'),
        import('./commands/inventory/show.js'),
        import('./commands/inventory/set-owner.js'),
        import('./commands/inventory/tag.js'),
      ]);
      return new Command('inventory')
        .description('the identity inventory')
        .addCommand(list.inventoryListCommand(ctx))
        .addCommand(show.inventoryShowCommand(ctx))
        .addCommand(setOwner.inventorySetOwnerCommand(ctx))
        .addCommand(tag.inventoryTagCommand(ctx));
    },
  ],
  ['findings', async (ctx) => (await import('./commands/findings.js')).findingsCommand(ctx)],
  [
    'graph',
    async (ctx) => {
      const [build, escalations, path, snapshots, diff] = await Promise.all([
        import('./commands/graph/build.js'),
        import('./commands/graph/escalations.js'),
        import('./commands/graph/path.js'),
        import('./commands/graph/snapshots.js'),
        import('./commands/graph/diff.js'),
      ]);
      return new Command('graph')
        .description('the access graph: who can reach what, and who can become administrator')
        .addCommand(build.graphBuildCommand(ctx))
        .addCommand(escalations.graphEscalationsCommand(ctx))
        .addCommand(path.graphPathCommand(ctx))
        .addCommand(snapshots.graphSnapshotsCommand(ctx))
        .addCommand(diff.graphDiffCommand(ctx));
    },
  ],
  ['blast-radius', async (ctx) => (await import('./commands/blast-radius.js')).blastRadiusCommand(ctx)],
  ['metrics', async (ctx) => (await import('./commands/metrics.js')).metricsCommand(ctx)],
  [
    'audit',
    async (ctx) => {
      const [verify, exported] = await Promise.all([
        import('./commands/audit/verify.js'),
        import('./commands/audit/export.js'),
      ]);
      return new Command('audit')
        .description('the append-only, hash-chained audit trail')
        .addCommand(verify.auditVerifyCommand(ctx))
        .addCommand(exported.auditExportCommand(ctx));
    },
  ],
  [
    'admin',
    async (ctx) => {
      const { adminCreateTokenCommand } = await import('./commands/admin/create-token.js');
      return new Command('admin')
        .description('administration of Vigil itself')
        .addCommand(adminCreateTokenCommand(ctx));
    },
  ],
  ['serve', async (ctx) => (await import('./commands/serve.js')).serveCommand(ctx)],
  ['demo', async (ctx) => (await import('./commands/demo.js')).demoCommand(ctx)],
];

/** Global options that take a value, so that the command name can be found after them. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--data-dir']);

/**
 * The program for `argv`: with every command when it asks for general help or names none
 * that exists, else with only the command it names.
 */
export async function buildProgram(
  argv: readonly string[],
  io: Io,
  ctx: CliContext = createCliContext(io),
): Promise<Command> {
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

  const named = commandName(argv);
  const wanted = COMMANDS.filter(([name]) => name === named);
  const commands = await Promise.all((wanted.length > 0 ? wanted : COMMANDS).map(([, load]) => load(ctx)));
  for (const command of commands) program.addCommand(command);
  configure(program, io);
  return program;
}

/** The first argument after the node binary, the script and the global options. */
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-')) return arg;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) i++;
  }
  return undefined;
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
  const program = await buildProgram(argv, io, ctx);
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
