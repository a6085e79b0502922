import { Command } from 'commander';
import { shortestPath } from '../../../app/access-graph.js';
import { type CliContext, withVigil } from '../../cli-context.js';
import { EXIT_FOUND } from '../../exit-codes.js';
import { formatOption } from '../../options.js';
import { printJson } from '../../output.js';

export function graphPathCommand(ctx: CliContext): Command {
  return new Command('path')
    .description('the shortest path from one identity to another, hop by hop, each hop explained')
    .argument('<from>', 'identity id, provider id (ARN…) or name')
    .argument('<to>', 'identity id, provider id (ARN…) or name')
    .addOption(formatOption(['text', 'json'], 'text'))
    .addHelpText('after', '\nExit 0 when there is a path, 1 when there is none.')
    .action(async (from: string, to: string, options: { format: string }, command: Command) => {
      await withVigil(ctx, command, async (vigil) => {
        const path = await shortestPath(vigil, from, to);
        if (path === null) ctx.exitCode = EXIT_FOUND;
        if (options.format === 'json') return printJson(ctx.io, { from, to, path });
        if (path === null) {
          ctx.io.stdout.write(`no path from ${from} to ${to}\n`);
          return;
        }
        path.forEach((hop, index) => {
          const via = hop.technique === undefined ? hop.kind : `${hop.kind} (${hop.technique})`;
          ctx.io.stdout.write(`${index + 1}. ${hop.from} -[${via}]-> ${hop.to}\n   ${hop.evidence}\n`);
          for (const assumption of hop.assumptions) ctx.io.stdout.write(`   assumed: ${assumption}\n`);
        });
      });
    });
}
