import { Command } from 'commander';
import { diffGraphSnapshots } from '../../../app/access-graph.js';
import type { ScoreChange } from '../../../core/graph/snapshot.js';
import { type CliContext, withVigil } from '../../cli-context.js';
import { formatOption } from '../../options.js';
import { printJson } from '../../output.js';

export function graphDiffCommand(ctx: CliContext): Command {
  return new Command('diff')
    .description('how blast radius moved between two graph snapshots')
    .argument('<before>', 'snapshot id (see `vigil graph snapshots`)')
    .argument('<after>', 'snapshot id')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (before: string, after: string, options: { format: string }, command: Command) => {
      await withVigil(ctx, command, async (vigil) => {
        const diff = await diffGraphSnapshots(vigil, before, after);
        if (options.format === 'json') return printJson(ctx.io, diff);
        const out = ctx.io.stdout;
        const line = (change: ScoreChange): string =>
          `  ${change.identityId}  ${change.before?.score ?? '-'} → ${change.after?.score ?? '-'} (${change.delta >= 0 ? '+' : ''}${change.delta})\n`;
        out.write(`total blast radius ${diff.totalBefore} → ${diff.totalAfter}\n`);
        out.write(`\nnewly administrators or able to become one (${diff.newlyAdmin.length}):\n`);
        for (const change of diff.newlyAdmin) out.write(line(change));
        out.write(`\nno longer (${diff.noLongerAdmin.length}):\n`);
        for (const change of diff.noLongerAdmin) out.write(line(change));
        out.write(`\nother changes (${diff.changed.length}):\n`);
        for (const change of diff.changed.slice(0, 50)) out.write(line(change));
        if (diff.changed.length > 50) out.write(`  … ${diff.changed.length - 50} more (--format json lists all)\n`);
      });
    });
}
