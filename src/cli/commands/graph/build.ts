import { Command } from 'commander';
import { buildGraphSnapshot } from '../../../app/access-graph.js';
import { type CliContext, withVigil } from '../../cli-context.js';
import { formatOption } from '../../options.js';
import { printJson } from '../../output.js';

export function graphBuildCommand(ctx: CliContext): Command {
  return new Command('build')
    .description('build the access graph from the inventory and keep a snapshot of every blast radius')
    .addOption(formatOption(['text', 'json'], 'text'))
    .addHelpText(
      'after',
      `
Reads every identity, group, policy, trust policy, binding and boundary in the inventory, and
draws who can reach what: membership, role assumption, permissions, and privilege-escalation
techniques (docs/graph/). The scores are kept as a snapshot for \`vigil graph diff\`.`,
    )
    .action(async (options: { format: string }, command: Command) => {
      await withVigil(ctx, command, async (vigil) => {
        const { snapshot, escalations } = await buildGraphSnapshot(vigil, ctx.actor);
        if (options.format === 'json') return printJson(ctx.io, snapshot);
        const out = ctx.io.stdout;
        out.write(`graph snapshot ${snapshot.id}\n`);
        out.write(
          `  ${snapshot.nodeCount} nodes, ${snapshot.edgeCount} edges, ${snapshot.identityCount} identities, built in ${(snapshot.buildMs / 1000).toFixed(2)} s\n`,
        );
        out.write(
          `  ${snapshot.adminEquivalent} hold administrator rights; ${snapshot.canEscalate} more can become administrators\n`,
        );
        for (const problem of snapshot.problems) {
          out.write(`  not read: ${problem.policy} of ${problem.identityId}: ${problem.problem}\n`);
        }
        if (escalations.escalations.length > 0) out.write('  see them with `vigil graph escalations`\n');
      });
    });
}
