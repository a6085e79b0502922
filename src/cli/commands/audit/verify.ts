import { Command } from 'commander';
import { verifyAuditTrail } from '../../../app/audit-trail.js';
import { VigilError } from '../../../core/errors.js';
import { type CliContext, withVigil } from '../../cli-context.js';
import { formatOption } from '../../options.js';
import { printJson } from '../../output.js';

export function auditVerifyCommand(ctx: CliContext): Command {
  return new Command('verify')
    .description('check the audit trail hash chain; exit 1 and name the first bad record when it was tampered with')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (options: { format: string }, command: Command) => {
      await withVigil(ctx, command, async (vigil) => {
        const result = await verifyAuditTrail(vigil.store);
        if (options.format === 'json') printJson(ctx.io, result);
        else if (result.ok)
          ctx.io.stdout.write(`audit trail intact: ${result.records} records, head ${result.headHash}\n`);
        if (!result.ok) {
          throw new VigilError(
            'AUDIT_TAMPERED',
            `audit trail broken at record ${result.firstBad.seq}: ${result.firstBad.problem}`,
            {
              ...result.firstBad,
            },
          );
        }
      });
    });
}
