import { Command, InvalidArgumentError } from 'commander';
import { currentGraph, identityBlastRadius } from '../../app/access-graph.js';
import { VigilError } from '../../core/errors.js';
import type { BlastRadius } from '../../core/graph/blast-radius.js';
import { rankBlastRadius } from '../../core/graph/blast-radius.js';
import { toDot } from '../../core/graph/dot.js';
import { type CliContext, withVigil } from '../cli-context.js';
import { formatOption } from '../options.js';
import { formatTable, printJson } from '../output.js';

function top(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new InvalidArgumentError('expected a whole number from 1 to 100000');
  return n;
}

export function blastRadiusCommand(ctx: CliContext): Command {
  return new Command('blast-radius')
    .description('what an identity reaches if it is compromised, scored, with the path to each crown jewel')
    .argument('[identity]', 'identity id, provider id (ARN, system:serviceaccount:…) or name')
    .option('--all', 'rank every identity instead')
    .option('--top <n>', 'with --all: how many to show', top, 20)
    .addOption(formatOption(['text', 'json', 'dot'], 'text'))
    .addHelpText(
      'after',
      `
Score: 100 per administrator reached, 25 per secret store, 10 per data store, 5 per production
resource, 1 per other identity (docs/graph/blast-radius.md explains the formula).

Examples:
  vigil blast-radius arn:aws:iam::210987654321:user/ci-deploy
  vigil blast-radius ci-deploy --format dot | dot -Tsvg > ci-deploy.svg
  vigil blast-radius --all --top 20`,
    )
    .action(
      async (
        identity: string | undefined,
        options: { all?: boolean; top: number; format: string },
        command: Command,
      ) => {
        if ((identity === undefined) === (options.all !== true)) {
          throw new VigilError('USAGE', 'name one identity, or give --all');
        }
        await withVigil(ctx, command, async (vigil) => {
          if (options.all === true) {
            if (options.format === 'dot')
              throw new VigilError('USAGE', '--format dot draws one identity; use text or json with --all');
            const { graph } = await currentGraph(vigil);
            const ranked = rankBlastRadius(graph).slice(0, options.top);
            if (options.format === 'json')
              return printJson(
                ctx.io,
                ranked.map(({ key, label, score }) => ({ identity: key, principal: label, score })),
              );
            ctx.io.stdout.write(
              `${formatTable(ranked, [
                { header: 'score', value: (r) => String(r.score) },
                { header: 'identity', value: (r) => r.label, max: 100 },
              ])}\n`,
            );
            return;
          }
          const { radius } = await identityBlastRadius(vigil, identity ?? '');
          if (options.format === 'json') return printJson(ctx.io, radius);
          if (options.format === 'dot') {
            ctx.io.stdout.write(toDot(radius));
            return;
          }
          ctx.io.stdout.write(formatRadius(radius));
        });
      },
    );
}

function formatRadius(radius: BlastRadius): string {
  const { reached } = radius;
  const lines = [
    `${radius.label}`,
    `  blast radius score ${radius.score}`,
    `  reaches ${reached.identities} identities, ${reached.policies} policies, ${reached.privileges} privileges, ${reached.resources} resources`,
    `  sensitive: ${reached.bySensitivity.admin} admin, ${reached.bySensitivity.secrets} secrets, ${reached.bySensitivity.data} data, ${reached.bySensitivity.production} production`,
  ];
  for (const jewel of radius.crownJewels.slice(0, 20)) {
    lines.push('', `  [${jewel.sensitivity}] ${jewel.label}`);
    jewel.path.forEach((hop, index) => {
      const via = hop.technique === undefined ? hop.kind : `${hop.kind} (${hop.technique})`;
      lines.push(`    ${index + 1}. ${hop.from} -[${via}]-> ${hop.to}`, `       ${hop.evidence}`);
      for (const assumption of hop.assumptions) lines.push(`       assumed: ${assumption}`);
    });
  }
  if (radius.crownJewelsTotal > 20) {
    lines.push(
      '',
      `  … ${radius.crownJewelsTotal - 20} more crown jewels (--format json lists the first ${radius.crownJewels.length} with their paths)`,
    );
  }
  return `${lines.join('\n')}\n`;
}
