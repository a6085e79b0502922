import { Command } from 'commander';
import { metricsHistory } from '../../app/query-inventory.js';
import type { ProgrammeMetrics } from '../../core/posture/metrics.js';
import { type CliContext, withVigil } from '../cli-context.js';
import { formatOption, positiveInt } from '../options.js';
import { formatTable, printJson } from '../output.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(1)}%`);

/** The programme metrics as label/value rows (shared with the start-up summary). */
export function metricRows(m: ProgrammeMetrics): Array<[string, string]> {
  return [
    ['identities (live)', String(m.identities)],
    ['non-human identities', String(m.nonHuman)],
    ['non-human with an owner', pct(m.ownedPercent)],
    ['NHI credentials with an expiry', pct(m.credentialsWithExpiryPercent)],
    ['MFA coverage of humans', pct(m.humanMfaPercent)],
    ['mean credential age', m.meanCredentialAgeDays === null ? 'n/a' : `${m.meanCredentialAgeDays.toFixed(0)} days`],
    ['standing admins', String(m.standingAdmins)],
    ['deleted upstream', String(m.deleted)],
  ];
}

export function metricsCommand(ctx: CliContext): Command {
  return new Command('metrics')
    .description('programme metrics: ownership, expiry, MFA coverage, credential age, standing admins, and their trend')
    .option('--history <n>', 'also show this many earlier snapshots (one is taken per import)', positiveInt(10_000), 0)
    .addOption(formatOption(['table', 'json'], 'table'))
    .action(async (options: { history: number; format: string }, command: Command) => {
      await withVigil(ctx, command, async (vigil) => {
        const snapshots = await metricsHistory(vigil, options.history + 1);
        const [latest, ...history] = snapshots;
        if (options.format === 'json') return printJson(ctx.io, { latest: latest ?? null, history });
        if (!latest) {
          ctx.io.stderr.write('no metrics yet: import something first (vigil import --help)\n');
          return;
        }
        const m = latest.metrics;
        ctx.io.stdout.write(`Programme metrics at ${latest.takenAt}\n\n`);
        ctx.io.stdout.write(
          `${formatTable(metricRows(m), [
            { header: 'metric', value: (r) => r[0] },
            { header: 'value', value: (r) => r[1] },
          ])}\n\n`,
        );
        ctx.io.stdout.write(
          `${formatTable(Object.entries(m.byKind), [
            { header: 'kind', value: (r) => r[0] },
            { header: 'count', value: (r) => r[1] },
          ])}\n`,
        );
        if (history.length) {
          ctx.io.stdout.write(
            `\nTrend\n${formatTable(snapshots, [
              { header: 'taken', value: (s) => s.takenAt.slice(0, 19) },
              { header: 'identities', value: (s) => s.metrics.identities },
              { header: 'owned', value: (s) => pct(s.metrics.ownedPercent) },
              { header: 'expiry', value: (s) => pct(s.metrics.credentialsWithExpiryPercent) },
              { header: 'mfa', value: (s) => pct(s.metrics.humanMfaPercent) },
              { header: 'admins', value: (s) => s.metrics.standingAdmins },
            ])}\n`,
          );
        }
      });
    });
}
