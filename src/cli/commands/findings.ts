import { Command } from 'commander';
import { listFindings } from '../../app/query-inventory.js';
import { SEVERITIES } from '../../core/posture/findings.js';
import { type CliContext, withVigil } from '../cli-context.js';
import { checkChoices, collectList, formatOption, positiveInt } from '../options.js';
import { formatTable, printJson } from '../output.js';

export function findingsCommand(ctx: CliContext): Command {
  return new Command('findings')
    .description('posture findings on the inventory, worst first, each mapped to OWASP NHI Top 10 and NIST CSF 2.0')
    .option('--severity <severity>', `only these severities: ${SEVERITIES.join(', ')}`, collectList)
    .option('--rule <rule>', 'only these rules (e.g. orphaned, dormant, wildcard-admin)', collectList)
    .option('--identity <id>', 'only findings on this identity id')
    .option('--limit <n>', 'at most this many', positiveInt(1_000_000), 200)
    .option('--offset <n>', 'skip this many first', positiveInt(1_000_000_000), 0)
    .addOption(formatOption(['table', 'json'], 'table'))
    .addHelpText('after', '\nRules and their mappings are described in docs/posture.md.')
    .action(
      async (
        options: {
          severity?: string[];
          rule?: string[];
          identity?: string;
          limit: number;
          offset: number;
          format: string;
        },
        command: Command,
      ) => {
        const filter = {
          severity: checkChoices(options.severity, SEVERITIES, '--severity'),
          rule: options.rule,
          identityId: options.identity,
        };
        await withVigil(ctx, command, async (vigil) => {
          const page = await listFindings(vigil, filter, { limit: options.limit, offset: options.offset });
          if (options.format === 'json') return printJson(ctx.io, page);
          ctx.io.stdout.write(
            `${formatTable(page.items, [
              { header: 'severity', value: (f) => f.severity },
              { header: 'rule', value: (f) => f.rule },
              { header: 'identity', value: (f) => f.identityId, max: 60 },
              { header: 'owasp', value: (f) => f.owasp.join(',') },
              { header: 'csf', value: (f) => f.nistCsf.join(',') },
              { header: 'summary', value: (f) => f.summary, max: 90 },
            ])}\n`,
          );
          ctx.io.stderr.write(`${page.items.length} of ${page.total} findings\n`);
        });
      },
    );
}
