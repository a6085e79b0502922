import { Command } from 'commander';
import { listGraphSnapshots } from '../../../app/access-graph.js';
import { type CliContext, withVigil } from '../../cli-context.js';
import { formatOption, positiveInt } from '../../options.js';
import { formatTable, printJson } from '../../output.js';

export function graphSnapshotsCommand(ctx: CliContext): Command {
  return new Command('snapshots')
    .description('the graph snapshots kept by `vigil graph build`, newest first')
    .option('--limit <n>', 'at most this many', positiveInt(10_000), 20)
    .addOption(formatOption(['table', 'json'], 'table'))
    .action(async (options: { limit: number; format: string }, command: Command) => {
      await withVigil(ctx, command, async (vigil) => {
        const snapshots = await listGraphSnapshots(vigil, options.limit);
        if (options.format === 'json') return printJson(ctx.io, snapshots);
        ctx.io.stdout.write(
          `${formatTable(snapshots, [
            { header: 'id', value: (s) => s.id },
            { header: 'created', value: (s) => s.createdAt },
            { header: 'identities', value: (s) => String(s.identityCount) },
            { header: 'edges', value: (s) => String(s.edgeCount) },
            { header: 'admins', value: (s) => String(s.adminEquivalent) },
            { header: 'can escalate', value: (s) => String(s.canEscalate) },
          ])}\n`,
        );
      });
    });
}
