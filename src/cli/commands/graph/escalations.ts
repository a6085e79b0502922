import { Command } from 'commander';
import { currentGraph } from '../../../app/access-graph.js';
import { findEscalations } from '../../../core/graph/escalations.js';
import { type CliContext, withVigil } from '../../cli-context.js';
import { formatOption } from '../../options.js';
import { printJson } from '../../output.js';

export function graphEscalationsCommand(ctx: CliContext): Command {
  return new Command('escalations')
    .description('every identity that holds or can reach administrator rights, with technique and path')
    .addOption(formatOption(['text', 'json'], 'text'))
    .addHelpText(
      'after',
      `
JSON: {"adminEquivalent": [...], "escalations": [...]}; each escalation names its principal by
the provider's own identifier (an ARN; system:serviceaccount:NS:NAME, user:NAME or group:NAME),
the administrator it reaches, the techniques, and the path hop by hop (from, via, to,
evidence, assumptions). Schema: docs/graph/escalations.md.`,
    )
    .action(async (options: { format: string }, command: Command) => {
      await withVigil(ctx, command, async (vigil) => {
        const { graph, problems } = await currentGraph(vigil);
        const report = findEscalations(graph);
        if (options.format === 'json') return printJson(ctx.io, { ...report, problems });
        const out = ctx.io.stdout;
        out.write(`Hold administrator rights (${report.adminEquivalent.length}):\n`);
        for (const entry of report.adminEquivalent) {
          out.write(`  ${entry.principal}\n    is ${entry.reaches}: ${entry.evidence}\n`);
          for (const assumption of entry.assumptions) out.write(`    assumed: ${assumption}\n`);
        }
        out.write(`\nCan become administrators (${report.escalations.length}):\n`);
        for (const entry of report.escalations) {
          out.write(
            `  ${entry.principal}\n    reaches ${entry.reaches} in ${entry.path.length} hop${entry.path.length === 1 ? '' : 's'} (${entry.techniques.join(', ')})\n`,
          );
          entry.path.forEach((hop, index) => {
            out.write(`    ${index + 1}. ${hop.from} -[${hop.via}]-> ${hop.to}\n       ${hop.evidence}\n`);
            for (const assumption of hop.assumptions) out.write(`       assumed: ${assumption}\n`);
          });
        }
        for (const problem of problems)
          out.write(`\nnot read: ${problem.policy} of ${problem.identityId}: ${problem.problem}\n`);
      });
    });
}
